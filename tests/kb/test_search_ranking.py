"""Search ranks the same way however it gets there.

SQLite takes shortcuts to the page (scores read in one scan, filters tested before scoring, the
page's snippets read last); each must return exactly what the plain query — FTS5 sorting every
match of the window by rank, then filtering — returns: same incidents, same order, same scores
and snippets, restricted incidents still hidden. On both backends, a query whose ranking is not
in doubt returns the same incidents in the same order.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import JSON, Boolean, text
from sqlalchemy.orm import Session

from hindsight.domain.model import Incident, TimelineEvent
from hindsight.errors import InvalidInput
from hindsight.store import repo
from hindsight.store.repo import Store
from hindsight.store.search import (
    LOCAL_VIEWER,
    SNIPPET_END,
    SNIPPET_START,
    ParsedQuery,
    SearchFilters,
    SearchHit,
    Viewer,
    _filters_sql,
    _ranked_sqlite,
    parse_query,
    search,
    visibility_sql,
)
from hindsight.store.tables import UTCDateTime

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
WORDS = ["disk", "full", "latency", "checkout", "timeout", "pool", "config", "rollback",
         "canary", "kafka", "redis", "node", "quorum", "retry"]  # fmt: skip
SERVICES = ["api", "db", "cache"]
VIEWERS = [LOCAL_VIEWER, Viewer("root", "admin"), Viewer("dana", "viewer"),
           Viewer("eve", "viewer"), None]  # fmt: skip


def corpus() -> list[Incident]:
    """Forty small postmortems over a few words, so that queries match many of them; the last
    four repeat the first four word for word (equal scores), and a third are restricted (so a
    page can be short of visible hits)."""
    rng = random.Random(5)

    def words(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))

    made = []
    for n in range(36):
        made.append(
            Incident(
                id=f"INC-2025-03-{n + 1:02d}",
                title=words(3),
                summary=words(8),
                root_cause=words(5),
                severity=rng.choice(["P0", "P1", "P2", "P3"]),
                started_at=T0 + timedelta(days=n),
                services=rng.sample(SERVICES, rng.randint(1, 2)),
                tags=rng.sample(["payments", "infra"], 1),
                root_cause_category=rng.choice(["configuration", "capacity", None]),
                restricted=rng.random() < 0.35,
                timeline=[TimelineEvent(at=T0, text=words(10))],
            )
        )
    for n, original in enumerate(made[:4]):
        twin = Incident(**{**vars(original), "id": f"INC-2025-05-{n + 1:02d}"})
        twin.started_at = original.started_at
        made.append(twin)
    return made


@pytest.fixture(scope="module")
def small_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('ranking') / 'ranking.db'}")
    store.migrate()
    with store.session() as s:
        for incident in corpus():
            repo.add_incident(s, incident, "tester")
        restricted = s.execute(text("SELECT id FROM incidents WHERE restricted ORDER BY id"))
        for incident_id in list(restricted.scalars())[::2]:
            s.execute(
                text("INSERT INTO incident_members (incident_id, username) VALUES (:i, 'dana')"),
                {"i": incident_id},
            )
    return store


def plain_ranking(
    session: Session,
    parsed: ParsedQuery,
    filters: SearchFilters,
    viewer: Viewer | None,
    window: int | None,
) -> tuple[list[SearchHit], bool]:
    """The straightforward SQLite query: every match from the window's lowest id on, sorted by
    FTS5 on `rank`, filtered, cut at `limit`; and whether the window was full. The lowest id is
    part of the answer: FTS5's phrase positions, so its snippets, can depend on where its scan
    started."""
    q = parsed.fts5()
    floor, count = 0, 0
    if window is not None:
        found = session.execute(
            text(
                "SELECT min(rowid), count(*) FROM (SELECT rowid FROM search_fts"
                " WHERE search_fts MATCH :q ORDER BY rowid DESC LIMIT :window)"
            ),
            {"q": q, "window": window},
        ).one()
        floor, count = int(found[0] or 0), int(found[1])
    where, params, binds = _filters_sql(filters)
    visible, visible_params = visibility_sql(viewer)
    conditions = " AND ".join([*where, visible])
    sql = (
        "SELECT i.id AS incident_id, i.title, i.severity, i.status, i.started_at, i.services,"
        " i.root_cause_category, i.restricted, -search_fts.rank AS score,"
        f" snippet(search_fts, -1, '{SNIPPET_START}', '{SNIPPET_END}', '…', 16) AS snippet"
        " FROM search_fts CROSS JOIN search_documents d ON d.id = search_fts.rowid"
        " CROSS JOIN incidents i ON i.id = d.incident_id"
        f" WHERE search_fts MATCH :q AND search_fts.rowid >= :floor AND {conditions}"
        " ORDER BY search_fts.rank LIMIT :limit"
    )
    types: dict[str, Any] = {
        "started_at": UTCDateTime(),
        "services": JSON(),
        "restricted": Boolean(),
    }
    statement = text(sql).bindparams(*binds).columns(**types)
    rows = session.execute(
        statement, {**params, **visible_params, "q": q, "floor": floor, "limit": filters.limit}
    ).mappings()
    hits = [
        SearchHit(
            incident_id=r["incident_id"],
            title=r["title"],
            severity=r["severity"],
            status=r["status"],
            started_at=r["started_at"],
            services=list(r["services"] or []),
            root_cause_category=r["root_cause_category"],
            restricted=bool(r["restricted"]),
            score=float(f"{float(r['score']):.6g}"),
            snippet=" ".join((r["snippet"] or "").split()),
        )
        for r in rows
    ]
    return hits, window is not None and count >= window


term = st.one_of(
    st.sampled_from(WORDS),
    st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS)).map(lambda p: f'"{p[0]} {p[1]}"'),
    st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS)).map(lambda p: f"{p[0]} OR {p[1]}"),
    st.sampled_from(WORDS).map(lambda w: f"-{w}"),
)
queries = st.lists(term, min_size=1, max_size=3).map(" ".join)
limits = st.integers(1, 25)
# half without filters: that is the other way to the page
filter_sets = limits.map(lambda n: SearchFilters(limit=n)) | st.builds(
    SearchFilters,
    severity=st.lists(st.sampled_from(["P0", "P1", "P2", "P3"]), max_size=2, unique=True),
    service=st.none() | st.sampled_from(SERVICES),
    tag=st.none() | st.sampled_from(["payments", "infra"]),
    category=st.none() | st.sampled_from(["configuration", "capacity"]),
    since=st.none() | st.integers(0, 40).map(lambda d: T0 + timedelta(days=d)),
    until=st.none() | st.integers(0, 40).map(lambda d: T0 + timedelta(days=d)),
    limit=limits,
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=queries,
    filters=filter_sets,
    viewer=st.sampled_from(VIEWERS),
    window=st.none() | st.integers(1, 45),
)
def test_sqlite_shortcuts_return_exactly_the_plain_ranking(
    small_sqlite: Store,
    query: str,
    filters: SearchFilters,
    viewer: Viewer | None,
    window: int | None,
) -> None:
    try:
        parsed = parse_query(query)
    except InvalidInput:
        return
    with small_sqlite.session() as s:
        hits, truncated = _ranked_sqlite(s, parsed, filters, viewer, window)
        expected, expected_truncated = plain_ranking(s, parsed, filters, viewer, window)
        assert hits == expected
        if len(hits) < filters.limit:  # the only case where the caller reads it
            assert truncated == expected_truncated
        # the public call: 40 postmortems never fill its window (from 1,000 matches)
        windowed = plain_ranking(s, parsed, filters, viewer, 1000)[0]
        assert search(s, query, filters, viewer) == windowed
        everything = plain_ranking(s, parsed, filters, viewer, None)[0]
        assert search(s, query, filters, viewer, rank_window=None) == everything


def test_a_page_short_of_visible_hits_is_filled_from_further_down(small_sqlite: Store) -> None:
    """Without filters SQLite scores the window, keeps two pages' worth and only then hides what
    the viewer may not see; when that leaves the page short, the rest of the window counts."""
    short = 0
    with small_sqlite.session() as s:
        for word in WORDS:
            parsed = parse_query(word)
            for limit, window, viewer in (
                (n, w, v) for n in (1, 2, 3) for w in (None, 12) for v in (None, VIEWERS[3])
            ):
                filters = SearchFilters(limit=limit)
                hits, _ = _ranked_sqlite(s, parsed, filters, viewer, window)
                assert hits == plain_ranking(s, parsed, filters, viewer, window)[0]
                top = plain_ranking(s, parsed, SearchFilters(limit=2 * limit), LOCAL_VIEWER, window)
                short += sum(not h.restricted for h in top[0]) < limit <= len(hits)
    assert short  # the corpus does put restricted incidents at the top of some pages


@pytest.mark.parametrize("narrowed", [False, True])
def test_equal_scores_list_the_oldest_document_first(small_sqlite: Store, narrowed: bool) -> None:
    twins = corpus()[0]
    query = f'"{twins.title}"'
    filters = SearchFilters(limit=40, severity=[twins.severity] if narrowed else [])
    with small_sqlite.session() as s:
        hits = search(s, query, filters, LOCAL_VIEWER)
    pair = [h for h in hits if h.incident_id in (twins.id, "INC-2025-05-01")]
    assert [h.incident_id for h in pair] == [twins.id, "INC-2025-05-01"]
    assert pair[0].score == pair[1].score


def test_restricted_incidents_stay_hidden_on_every_path(small_sqlite: Store) -> None:
    with small_sqlite.session() as s:
        restricted = set(s.execute(text("SELECT id FROM incidents WHERE restricted")).scalars())
        assert restricted
        for word in WORDS:
            for filters in (
                SearchFilters(limit=50),
                SearchFilters(limit=50, tag="payments"),
                SearchFilters(limit=50, severity=["P0", "P1", "P2", "P3"]),
            ):
                for viewer in (None, Viewer("eve", "viewer")):
                    assert not restricted & {
                        h.incident_id for h in search(s, word, filters, viewer)
                    }


# --- the same order on both backends -------------------------------------------------------------


def planted(incident_id: str, days: int, **fields: Any) -> Incident:
    base: dict[str, Any] = {"title": "Nightly batch report", "summary": "Report ran late.",
                            "services": ["reports"], "severity": "P3"}  # fmt: skip
    return Incident(id=incident_id, started_at=T0 + timedelta(days=days), **{**base, **fields})


@pytest.fixture
def quasar(store: Store) -> Store:
    """'quasar' in the title and summary, the title only, the summary only and the timeline
    only of four postmortems: the order is the same under bm25 and ts_rank."""
    incidents = [
        planted("INC-2025-03-04", 3, title="Quasar queue stalled",
                summary="The quasar consumer stopped.", severity="P1", restricted=True),
        planted("INC-2025-03-01", 0, summary="Reports waited on the quasar export."),
        planted("INC-2025-03-02", 1, title="Quasar export slow", severity="P1", tags=["infra"]),
        planted("INC-2025-03-03", 2, services=["exports"],
                timeline=[TimelineEvent(at=T0, text="quasar lag alert fired")]),
        planted("INC-2025-03-05", 4, title="Unrelated disk alert"),
    ]  # fmt: skip
    with store.session() as s:
        for incident in incidents:
            repo.add_incident(s, incident, "tester")
        s.execute(
            text(
                "INSERT INTO incident_members (incident_id, username)"
                " VALUES ('INC-2025-03-04', 'dana')"
            )
        )
    return store


@pytest.mark.parametrize(
    ("viewer", "filters", "expected"),
    [
        (LOCAL_VIEWER, SearchFilters(),
         ["INC-2025-03-04", "INC-2025-03-02", "INC-2025-03-01", "INC-2025-03-03"]),
        (Viewer("dana", "viewer"), SearchFilters(limit=2), ["INC-2025-03-04", "INC-2025-03-02"]),
        (None, SearchFilters(), ["INC-2025-03-02", "INC-2025-03-01", "INC-2025-03-03"]),
        (Viewer("eve", "viewer"), SearchFilters(severity=["P1"]), ["INC-2025-03-02"]),
        (LOCAL_VIEWER, SearchFilters(service="reports", since=T0 + timedelta(days=1)),
         ["INC-2025-03-04", "INC-2025-03-02"]),
        (LOCAL_VIEWER, SearchFilters(tag="infra"), ["INC-2025-03-02"]),
    ],
)  # fmt: skip
def test_both_backends_return_the_same_incidents_in_the_same_order(
    quasar: Store, viewer: Viewer | None, filters: SearchFilters, expected: list[str]
) -> None:
    with quasar.session() as s:
        for rank_window in (None, 1):
            hits = search(s, "quasar", filters, viewer, rank_window=rank_window)
            assert [h.incident_id for h in hits] == expected, rank_window
            assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_a_search_store_maps_its_file(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'mapped.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA mmap_size").scalar() == 1 << 30
    store.close()

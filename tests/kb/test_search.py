"""Full-text search on SQLite (FTS5) and PostgreSQL (tsvector): shape, ranking, filters,
restricted incidents, and an index that follows every write in the same transaction."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from hindsight.domain.model import (
    ActionItem,
    ContributingFactor,
    FaultNode,
    FaultTree,
    Incident,
    TimelineEvent,
    WhyChain,
    WhyStep,
)
from hindsight.errors import InvalidInput
from hindsight.store import repo
from hindsight.store.repo import Store
from hindsight.store.search import (
    LOCAL_VIEWER,
    SNIPPET_END,
    SNIPPET_START,
    SearchFilters,
    SearchHit,
    Viewer,
    parse_query,
    rebuild_index,
    search,
)

T0 = datetime(2025, 11, 3, 10, 0, tzinfo=UTC)


def everywhere() -> Incident:
    """One word planted in each part of a postmortem."""
    return Incident(
        id="INC-2025-11-03",
        title="Checkout latency spike",
        severity="P1",
        summary="Customers waited for checkout; zebrasummary.",
        root_cause="Pool size lowered in the config; zebrarootcause.",
        technical_details="Threads blocked on zebratechnical.",
        lessons=["Review pool changes zebralesson"],
        started_at=T0,
        services=["checkout"],
        tags=["payments"],
        timeline=[
            TimelineEvent(
                at=T0, text="ERROR zebratimeline acquire timeout", template="ERROR <*> acquire"
            )
        ],
        why_chains=[WhyChain("Why slow?", [WhyStep("Pool exhausted zebrawhy")])],
        factors=[ContributingFactor("Process", "No review zebrafactor")],
        fault_trees=[FaultTree("top", "t", [FaultNode("t", "Checkout down zebrafault")])],
        actions=[ActionItem(1, "Validate pool size zebraaction", owner="ana")],
    )


def other(incident_id: str, title: str, **fields: object) -> Incident:
    return Incident(id=incident_id, title=title, started_at=T0 - timedelta(days=30), **fields)  # type: ignore[arg-type]


@pytest.fixture
def loaded(store: Store) -> Store:
    with store.session() as s:
        repo.add_incident(s, everywhere(), "tester")
        repo.add_incident(
            s,
            other("INC-2025-10-01", "Search outage", severity="P2", services=["search"],
                  timeline=[TimelineEvent(at=T0, text="checkout pods restarted during the outage")]),
            "tester",
        )  # fmt: skip
        repo.add_incident(
            s,
            other("INC-2025-09-01", "Checkout config rollback", severity="P3", services=["checkout"],
                  root_cause_category="configuration", restricted=True),
            "tester",
        )  # fmt: skip
        s.execute(
            text(
                "INSERT INTO incident_members (incident_id, username) VALUES ('INC-2025-09-01', 'dana')"
            )
        )
    return store


def ids(hits: list[SearchHit]) -> list[str]:
    return [h.incident_id for h in hits]


def test_every_field_of_the_postmortem_is_searchable(loaded: Store) -> None:
    fields = [
        "summary",
        "rootcause",
        "technical",
        "lesson",
        "timeline",
        "why",
        "factor",
        "fault",
        "action",
    ]
    with loaded.session() as s:
        for name in fields:
            hits = search(s, f"zebra{name}", None, LOCAL_VIEWER)
            assert ids(hits) == ["INC-2025-11-03"], name
            assert f"{SNIPPET_START}zebra{name}{SNIPPET_END}" in hits[0].snippet.lower(), hits[
                0
            ].snippet


def test_results_have_the_same_shape_and_title_matches_rank_first(loaded: Store) -> None:
    with loaded.session() as s:
        hits = search(s, "checkout", None, LOCAL_VIEWER)
    assert [f.name for f in dataclasses.fields(hits[0])] == [
        "incident_id", "title", "severity", "status", "started_at", "services",
        "root_cause_category", "restricted", "score", "snippet",
    ]  # fmt: skip
    # two incidents say "checkout" in the title; the search outage only in its timeline
    assert set(ids(hits)) == {"INC-2025-11-03", "INC-2025-10-01", "INC-2025-09-01"}
    assert ids(hits)[-1] == "INC-2025-10-01"
    assert hits[0].score >= hits[1].score >= hits[2].score > 0
    assert hits[0].started_at is not None and hits[0].started_at.tzinfo is not None
    assert isinstance(hits[0].services, list)


def test_query_syntax_phrase_or_and_exclusion(loaded: Store) -> None:
    with loaded.session() as s:
        assert ids(search(s, '"latency spike"', None, LOCAL_VIEWER)) == ["INC-2025-11-03"]
        assert ids(search(s, '"spike latency"', None, LOCAL_VIEWER)) == []
        assert set(ids(search(s, "zebrawhy OR outage", None, LOCAL_VIEWER))) == {
            "INC-2025-11-03", "INC-2025-10-01"}  # fmt: skip
        assert "INC-2025-10-01" not in ids(search(s, "checkout -outage", None, LOCAL_VIEWER))
        # stemming on both backends: "timeouts" finds "timeout"
        assert ids(search(s, "timeouts", None, LOCAL_VIEWER)) == ["INC-2025-11-03"]
        with pytest.raises(InvalidInput, match="nothing to look for"):
            search(s, "the of -checkout", None, LOCAL_VIEWER)


def test_filters(loaded: Store) -> None:
    with loaded.session() as s:

        def found(**kw: object) -> set[str]:
            return set(ids(search(s, "checkout", SearchFilters(**kw), LOCAL_VIEWER)))  # type: ignore[arg-type]

        assert found(severity=["p1"]) == {"INC-2025-11-03"}
        assert found(service="checkout") == {"INC-2025-11-03", "INC-2025-09-01"}
        assert found(tag="Payments") == {"INC-2025-11-03"}
        assert found(tag="pay%") == found(tag="payment_") == set()  # no wildcards
        assert found(category="configuration") == {"INC-2025-09-01"}
        assert found(since=T0 - timedelta(days=1)) == {"INC-2025-11-03"}
        assert found(until=T0 - timedelta(days=1)) == {"INC-2025-10-01", "INC-2025-09-01"}
        assert len(search(s, "checkout", SearchFilters(limit=1), LOCAL_VIEWER)) == 1


def test_restricted_incidents_only_reach_admins_and_members(loaded: Store) -> None:
    with loaded.session() as s:

        def sees(viewer: Viewer | None) -> bool:
            return "INC-2025-09-01" in ids(search(s, "rollback", None, viewer))

        assert sees(LOCAL_VIEWER)
        assert sees(Viewer("root", "admin"))
        assert sees(Viewer("dana", "viewer"))
        assert not sees(Viewer("eve", "editor"))
        assert not sees(None)


def test_index_follows_saves_deletes_and_rollbacks(loaded: Store) -> None:
    with loaded.session() as s:
        incident = repo.get_incident(s, "INC-2025-10-01")
        incident.title = "Search outage after quokka deploy"
        repo.save_incident(s, incident, "tester")
        assert ids(search(s, "quokka", None, LOCAL_VIEWER)) == ["INC-2025-10-01"]
    with pytest.raises(RuntimeError), loaded.session() as s:
        incident = repo.get_incident(s, "INC-2025-10-01")
        incident.summary = "wombat"
        repo.save_incident(s, incident, "tester")
        assert ids(search(s, "wombat", None, LOCAL_VIEWER)) == ["INC-2025-10-01"]
        raise RuntimeError("abandon the transaction")
    with loaded.session() as s:
        assert search(s, "wombat", None, LOCAL_VIEWER) == []
        repo.delete_incident(s, "INC-2025-10-01", "tester")
    with loaded.session() as s:
        assert search(s, "quokka", None, LOCAL_VIEWER) == []
        assert rebuild_index(s) == 2
        assert ids(search(s, "zebrawhy", None, LOCAL_VIEWER)) == ["INC-2025-11-03"]


def test_broad_queries_widen_the_rank_window_until_enough_hits(store: Store) -> None:
    with store.session() as s:
        for n in range(12):
            repo.add_incident(
                s, other(f"INC-2025-01-{n + 1:02d}", f"Disk full on node {n}", severity="P1" if n < 3 else "P3"),
                "tester",
            )  # fmt: skip
    with store.session() as s:
        full = ids(search(s, "disk", SearchFilters(limit=50), LOCAL_VIEWER, rank_window=None))
        windowed = search(
            s, "disk", SearchFilters(severity=["P1"], limit=3), LOCAL_VIEWER, rank_window=2
        )
    assert len(full) == 12
    # the three P1 incidents are the oldest rows: the window of 2 must widen to reach them
    assert set(ids(windowed)) == {"INC-2025-01-01", "INC-2025-01-02", "INC-2025-01-03"}


def test_parse_query_keeps_web_search_meaning() -> None:
    parsed = parse_query('checkout-api "pool size" timeout OR latency -canary the')
    assert parsed.groups == [[["checkout", "api"]], [["pool", "size"]], [["timeout"], ["latency"]]]
    assert parsed.excluded == [["canary"]]
    assert (
        parsed.fts5()
        == '("checkout api" AND "pool size" AND ("timeout" OR "latency")) NOT ("canary")'
    )


@pytest.fixture(scope="module")
def tiny_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path: Path = tmp_path_factory.mktemp("fts") / "fts.db"
    store = Store(f"sqlite:///{path}")
    store.migrate()
    with store.session() as s:
        repo.add_incident(s, everywhere(), "tester")
    return store


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_any_user_text_is_a_valid_query_or_a_clear_error(tiny_sqlite: Store, query: str) -> None:
    with tiny_sqlite.session() as s:
        try:
            hits = search(s, query, None, LOCAL_VIEWER)
        except InvalidInput as error:
            assert "nothing to look for" in error.message
        else:
            assert all(h.incident_id == "INC-2025-11-03" for h in hits)


def test_upgrading_a_store_indexes_the_incidents_it_already_holds(tmp_path: Path) -> None:
    from hindsight.store.mapping import incident_to_row
    from hindsight.store.migrate import upgrade
    from hindsight.store.tables import IncidentRow

    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(store.engine, "0001")
    with store.session() as s:
        row = IncidentRow(id="INC-2024-05-05", updated_at=T0)
        incident_to_row(everywhere(), row)
        row.id = "INC-2024-05-05"
        s.add(row)
    store.migrate()
    with store.session() as s:
        assert ids(search(s, "zebrawhy", None, LOCAL_VIEWER)) == ["INC-2024-05-05"]
        assert ids(search(s, "latency", SearchFilters(tag="payments"), LOCAL_VIEWER)) == [
            "INC-2024-05-05"
        ]
    store.close()

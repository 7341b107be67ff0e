"""Full-text search over every field of every postmortem, with the same results on both backends.

Each incident has one row in `search_documents` (migration 0002): title, summary, root cause, and
`body` — everything else (timeline, whys, factors, fault trees, actions, lessons …) flattened.
SQLite indexes it with an FTS5 external-content table kept in sync by triggers; PostgreSQL with a
weighted, stored tsvector column and a GIN index. Both run inside the caller's transaction, so a
saved incident is searchable the moment its transaction commits, and never before.

Query syntax is the web-search one on both backends: words are ANDed, "quoted phrases",
`OR` between two terms, `-word` excludes. Ranking weighs title > summary, root cause > the rest
(bm25 on SQLite, ts_rank on PostgreSQL); `score` is higher-is-better and comparable only within
one result list. Restricted incidents are filtered in SQL by the `Viewer`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from hindsight.domain.model import Incident
from hindsight.errors import InvalidInput, NotFound
from hindsight.store.tables import UTCDateTime
from hindsight.store.visibility import (  # the one visibility rule; re-exported here
    LOCAL_VIEWER as LOCAL_VIEWER,
)
from hindsight.store.visibility import Viewer, visibility_sql
from hindsight.store.visibility import can_see as can_see
from hindsight.store.visibility import viewer_for as viewer_for

# Not in tables.Base on purpose: the FTS5 table, triggers and the tsvector column are
# dialect-specific and live in migration 0002; this is only the Core handle for writing rows.
_meta = MetaData()
search_documents = Table(
    "search_documents",
    _meta,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(40), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("root_cause", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("tags", Text, nullable=False),
)

MAX_BODY_CHARS = 200_000
SNIPPET_START, SNIPPET_END = "«", "»"

# Close to PostgreSQL's english stop list, so both backends drop the same query words.
_STOP_LIST = """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves
    out over own s same she should so some such t than that the their theirs them themselves
    then there these they this those through to too under until up very was we were what when
    where which while who whom why will with you your yours yourself yourselves
"""
STOPWORDS = frozenset(_STOP_LIST.split())


@dataclass
class SearchFilters:
    """Narrowing on top of the text match. `since`/`until` bound `started_at` (until exclusive)."""

    severity: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    service: str | None = None
    tag: str | None = None
    category: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 20
    offset: int = 0  # hits to skip, best first (paging: in SQL)


@dataclass
class SearchHit:
    incident_id: str
    title: str
    severity: str
    status: str
    started_at: datetime | None
    services: list[str]
    root_cause_category: str | None
    restricted: bool
    score: float
    snippet: str


# --- the document ------------------------------------------------------------------------------


@dataclass
class SearchDocument:
    title: str
    summary: str
    root_cause: str
    body: str
    tags: str


def document_for(incident: Incident) -> SearchDocument:
    """Flatten every searchable field of `incident` into the four indexed columns."""
    # prose first: a snippet shows the sentence that matched, not a list of ids and names
    lines: list[str] = [incident.technical_details, incident.resolution, incident.impact.slo or ""]
    lines += [*incident.went_well, *incident.went_wrong, *incident.lessons]
    lines += [f"{r.label} {r.url}" for r in incident.references]
    for event in incident.timeline:
        lines.append(" ".join(filter(None, (event.service, event.actor, event.text))))
        if event.template and event.template != event.text:
            lines.append(event.template)
    for chain in incident.why_chains:
        lines += [chain.problem, *(step.answer for step in chain.steps)]
    lines += [f"{f.category}: {f.text}" for f in incident.factors]
    for tree in incident.fault_trees:
        lines += [tree.name, *(node.label for node in tree.nodes)]
    for item in incident.actions:
        parts = (item.ref, item.title, item.owner, item.verification, item.status_reason)
        lines.append(" ".join(p for p in parts if p))
    lines += [r.comment for r in incident.reviews if r.comment]
    lines += [incident.id, " ".join(incident.services), " ".join(incident.tags)]
    lines += [incident.root_cause_category or "", incident.commander or "", incident.author or ""]
    body = "\n".join(line for line in lines if line and line.strip())
    return SearchDocument(
        title=incident.title,
        summary=incident.summary,
        root_cause=incident.root_cause,
        body=body[:MAX_BODY_CHARS],
        tags="".join(f"|{t.lower()}|" for t in incident.tags),
    )


def reindex_incident(session: Session, incident_id: str, incident: Incident | None = None) -> None:
    """Bring the search row (and the metrics timing row) of `incident_id` up to date in the
    caller's transaction: written from `incident` when given (else reloaded), removed when the
    incident no longer exists."""
    from hindsight.store.timings import refresh_timings

    session.flush()
    refresh_timings(session, incident_id)
    if incident is None:
        from hindsight.store.repo import get_incident

        try:
            incident = get_incident(session, incident_id)
        except NotFound:
            session.execute(
                delete(search_documents).where(search_documents.c.incident_id == incident_id)
            )
            return
    values = vars(document_for(incident))
    found = session.execute(
        update(search_documents)
        .where(search_documents.c.incident_id == incident_id)
        .values(**values)
    )
    if not getattr(found, "rowcount", 0):
        session.execute(insert(search_documents).values(incident_id=incident_id, **values))


def rebuild_index(session: Session) -> int:
    """Rewrite every search row, and every metrics timing row, from the stored incidents
    (after an upgrade of either builder)."""
    from hindsight.store.repo import get_incident
    from hindsight.store.tables import IncidentRow
    from hindsight.store.timings import refresh_timings

    refresh_timings(session)
    session.execute(delete(search_documents))
    ids = list(session.execute(select(IncidentRow.id)).scalars())
    for incident_id in ids:
        session.execute(
            insert(search_documents).values(
                incident_id=incident_id, **vars(document_for(get_incident(session, incident_id)))
            )
        )
        session.expunge_all()
    return len(ids)


# --- the query ---------------------------------------------------------------------------------

_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
_WORD = re.compile(r"\w+")


@dataclass
class ParsedQuery:
    """Web-search syntax parsed once: `groups` are ANDed, each an OR of phrases (word lists)."""

    groups: list[list[list[str]]]
    excluded: list[list[str]]

    def fts5(self) -> str:
        """The same query in FTS5 syntax, every word quoted so no user text is an operator."""

        def phrase(words: list[str]) -> str:
            return '"' + " ".join(w.replace('"', '""') for w in words) + '"'

        def any_of(options: list[list[str]]) -> str:
            inner = " OR ".join(phrase(p) for p in options)
            return f"({inner})" if len(options) > 1 else inner

        positive = " AND ".join(any_of(g) for g in self.groups)
        if self.excluded:
            positive = f"({positive}) NOT ({' OR '.join(phrase(p) for p in self.excluded)})"
        return positive


MAX_QUERY_CHARS = 500  # the one cap on a search query, for the API, the pages and the CLI


def check_query_length(query: str) -> str:
    """`query`, or InvalidInput when it is longer than MAX_QUERY_CHARS: ranking costs grow with
    every term, and no one types a search of thousands of words."""
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInput(
            f"search query: {len(query):,} characters; at most {MAX_QUERY_CHARS}", field="q"
        )
    return query


def parse_query(query: str) -> ParsedQuery:
    """Parse `query`; InvalidInput when nothing searchable remains (only stop words or -terms)
    or it is longer than MAX_QUERY_CHARS."""
    check_query_length(query)
    groups: list[list[list[str]]] = []
    excluded: list[list[str]] = []
    pending_or = False
    for token in _TOKEN.findall(query):
        if token.lower() == "or" and groups:
            pending_or = True
            continue
        negate = token.startswith("-") and len(token) > 1
        quoted = token.lstrip("-").startswith('"')
        words = [w.lower() for w in _WORD.findall(token)]
        if not quoted:
            words = [w for w in words if w not in STOPWORDS] if len(words) == 1 else words
        if not words:
            continue
        if negate:
            excluded.append(words)
        elif pending_or:
            groups[-1].append(words)
        else:
            groups.append([words])
        pending_or = False
    if not groups:
        raise InvalidInput(
            f"search query {query!r} has nothing to look for; give at least one word that is not"
            ' excluded (-word) or a stop word, e.g. "checkout timeout"',
            field="query",
        )
    return ParsedQuery(groups, excluded)


def _filters_sql(
    filters: SearchFilters, incident_key: str = "i.id"
) -> tuple[list[str], dict[str, Any], list[Any]]:
    """WHERE fragments over incidents `i` and search documents `d`; `incident_key` names the
    incident id the service test joins on (`d.incident_id` lets SQLite test it before reading
    the incident row)."""
    where: list[str] = []
    params: dict[str, Any] = {}
    binds: list[Any] = []
    if filters.severity:
        where.append("i.severity IN :severity")
        params["severity"] = [s.upper() for s in filters.severity]
        binds.append(bindparam("severity", expanding=True))
    if filters.status:
        where.append("i.status IN :status")
        params["status"] = list(filters.status)
        binds.append(bindparam("status", expanding=True))
    if filters.service:
        where.append(
            f"EXISTS (SELECT 1 FROM incident_services s WHERE s.incident_id = {incident_key}"
            " AND s.service = :service)"
        )
        params["service"] = filters.service
    if filters.tag:
        where.append("d.tags LIKE :tag ESCAPE '!'")
        escaped = re.sub(r"([!%_])", r"!\1", filters.tag.lower())
        params["tag"] = f"%|{escaped}|%"
    if filters.category:
        where.append("i.root_cause_category = :category")
        params["category"] = filters.category
    for name, op in (("since", ">="), ("until", "<")):
        moment = getattr(filters, name)
        if moment is not None:
            where.append(f"i.started_at {op} :{name}")
            params[name] = moment
            binds.append(bindparam(name, type_=UTCDateTime()))
    return where, params, binds


_COLUMNS = (
    "i.id AS incident_id, i.title, i.severity, i.status, i.started_at, i.services,"
    " i.root_cause_category, i.restricted"
)
_TYPES: dict[str, Any] = {"started_at": UTCDateTime(), "services": JSON(), "restricted": Boolean()}


RANK_WINDOW = 5_000
# PostgreSQL counts its window in documents, not matches: the newest ids form an index range, so
# no match has to be found before ranking starts, but each document in the range is read whether
# it matches or not; a fifth as many documents keeps that cost bounded.
PG_WINDOW_SHARE = 5


# SQLite reads every match from the window's lowest id upwards, as FTS5 itself would: its
# phrase positions for a row, and so the snippet, can depend on how the scan reached the row
# (a seek, or a step from the previous match). It never sorts with `ORDER BY rank`: that hands
# the sort to FTS5, and reading `rank` on the sorted rows then scores them again in a second
# cursor — where bm25 first recounts each phrase over the whole index (milliseconds for a
# common phrase). Scores are read once, in the scan, and SQLite keeps the best rows; ties go to
# the oldest document, as FTS5's sort had it.

# The lowest id among the `window` most recently indexed matches (FTS5 reads posting lists in
# rowid order, so newest first with DESC is cheap), and how many matches the window holds.
_SQLITE_FLOOR = (
    "SELECT min(rowid), count(*) FROM (SELECT rowid FROM search_fts"
    " WHERE search_fts MATCH :q ORDER BY rowid DESC LIMIT :window)"
)
# The best `top` matches from `floor` on, scored by the `rank` function of migration 0002.
_SQLITE_SCORED = (
    "SELECT rowid AS doc, rank AS score FROM search_fts"
    " WHERE search_fts MATCH :q AND rowid >= :floor ORDER BY score, doc LIMIT :top OFFSET :skip"
)
# The best `top` matches from `floor` on that pass {conditions}: they are tested in the scan,
# so only the rows that pass are scored.
_SQLITE_FILTERED = (
    "SELECT search_fts.rowid AS doc, search_fts.rank AS score FROM search_fts"
    " CROSS JOIN search_documents d ON d.id = search_fts.rowid"
    " CROSS JOIN incidents i ON i.id = d.incident_id"
    " WHERE search_fts MATCH :q AND search_fts.rowid >= :floor AND {conditions}"
    " ORDER BY score, doc LIMIT :top OFFSET :skip"
)
# Which documents of `docs` (a JSON array) pass {conditions}.
_SQLITE_PASSING = (
    "SELECT d.id FROM json_each(:docs) j CROSS JOIN search_documents d ON d.id = j.value"
    " CROSS JOIN incidents i ON i.id = d.incident_id WHERE {conditions}"
)
# Columns and snippets of the page's documents, reached by the same scan. `+rowid IN` keeps the
# list from FTS5, which would seek each id rather than step to it.
_SQLITE_PAGE = (
    f"SELECT {_COLUMNS}, search_fts.rowid AS doc,"
    f" snippet(search_fts, -1, '{SNIPPET_START}', '{SNIPPET_END}', '…', 16) AS snippet"
    " FROM search_fts CROSS JOIN search_documents d ON d.id = search_fts.rowid"
    " CROSS JOIN incidents i ON i.id = d.incident_id"
    " WHERE search_fts MATCH :q AND search_fts.rowid >= :floor"
    " AND +search_fts.rowid IN (SELECT value FROM json_each(:docs))"
)


def search(
    session: Session,
    query: str,
    filters: SearchFilters | None = None,
    viewer: Viewer | None = None,
    *,
    rank_window: int | None = RANK_WINDOW,
) -> list[SearchHit]:
    """The best-ranked incidents matching `query` that `viewer` may see (None: anonymous, so
    unrestricted incidents only), best first, each with a snippet marking matches «like this».

    Broad queries are ranked among the most recently indexed matches — `rank_window` of them
    for a one-word query on SQLite, `rank_window / n` for n words (at least 1,000); on
    PostgreSQL among the matches in the newest `rank_window / 5` documents (four times as many
    with a service or category filter) — widened 4 to 64 times, by how many hits the last
    window gave, while that leaves fewer than `limit` hits after filtering. So a word found in
    half of 100,000 postmortems still answers in milliseconds; `rank_window=None` ranks every
    match.

    `filters.offset` skips that many hits in SQL (a later page). Ranks are a total order, so
    pages of the same window neither repeat nor skip a hit; a page deep enough to widen the
    window past the one an earlier page used may rank differently (broad queries only)."""
    filters = filters or SearchFilters()
    if filters.limit < 1:
        raise InvalidInput("limit must be at least 1", field="limit")
    if filters.offset < 0:
        raise InvalidInput("offset must be 0 or more", field="offset")
    parsed = parse_query(query)
    window: int | None = None
    if rank_window is not None:
        if session.get_bind().dialect.name == "sqlite":
            # ranking costs per phrase and document: a budget, not a count, keeps long queries fast
            words = sum(len(phrase) for group in parsed.groups for phrase in group)
            window = max(1000, rank_window // words)
        else:
            # a service or a root-cause category keeps a few percent of postmortems: start wider
            # rather than rank a first window that will not fill the page
            window = rank_window * (4 if filters.service or filters.category else 1)
    sqlite = session.get_bind().dialect.name == "sqlite"
    newest: int | None = None
    if not sqlite:
        newest = _newest(session)
    while True:
        if sqlite:
            hits, truncated = _ranked_sqlite(session, parsed, filters, viewer, window)
        else:
            # the newest documents by id: a range on the primary key, passed as a constant so
            # the planner sizes it right (a subquery there would be guessed at a third)
            floor = (newest or 0) - max(1, window // PG_WINDOW_SHARE) + 1 if window else 0
            hits = _ranked_postgres(session, query, filters, viewer, floor=floor)
            truncated = floor > 1
        if not truncated or len(hits) >= filters.limit or window is None:
            return hits
        window *= _widening(len(hits), filters.limit)
        if not sqlite and newest and window // PG_WINDOW_SHARE * 4 >= newest:
            window = None  # a good part of the table either way: rank every match in one go


def _newest(session: Session) -> int:
    """PostgreSQL: the newest document id, in the same round trip as the plan setting.

    psycopg prepares a statement after five runs, and PostgreSQL may then switch to a generic
    plan, blind to the tsquery and the id range (tens of milliseconds per search); custom plans
    are kept for the rest of this transaction only."""
    found = session.execute(
        text(
            "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), max(id)"
            " FROM search_documents"
        )
    ).one()
    return int(found[1] or 0)


def _widening(found: int, wanted: int) -> int:
    """How much wider the next window is: the share of the window that survived filtering,
    extrapolated to `wanted` hits with half again as margin, between 4 and 64 times."""
    return max(4, min(64, -(-3 * wanted // (2 * max(found, 1)))))


def _ranked_sqlite(
    session: Session,
    parsed: ParsedQuery,
    filters: SearchFilters,
    viewer: Viewer | None,
    window: int | None,
) -> tuple[list[SearchHit], bool]:
    """SQLite: the best `filters.limit` visible matches among the `window` most recently indexed
    ones (every match when None), and — meaningful when that is fewer than `limit` — whether
    the window was full, so a wider one may find more.

    Two ways to the same rows. Without a severity, service, category or period filter, the
    window is scored and only its best rows are tested against the viewer and the tag, which
    most rows pass. With one, which may keep one match in a hundred, every match in the window
    is tested first and only those passing are scored. Columns and snippets are read for the
    page only."""
    where, params, binds = _filters_sql(filters, incident_key="d.incident_id")
    visible, visible_params = visibility_sql(viewer)
    q = parsed.fts5()
    floor, count = 0, 0
    if window is not None:
        found = session.execute(text(_SQLITE_FLOOR), {"q": q, "window": window}).one()
        floor, count = int(found[0] or 0), int(found[1])
    params.update(visible_params, q=q, floor=floor)
    limit, skip = filters.limit, filters.offset
    conditions = " AND ".join(where + ([] if visible == "1 = 1" else [visible]))
    kept: list[tuple[int, float]] | None = None
    narrowing = (
        filters.severity, filters.status, filters.service, filters.category, filters.since,
        filters.until,
    )  # fmt: skip
    if not any(narrowing) and not (skip and conditions):
        # the viewer's visibility and a tag usually keep a good share of the matches: score the
        # window, test only the best rows (two pages' worth, eight with a tag), and go the
        # filtered way only when those leave the page short. A later page with conditions goes
        # the filtered way at once, so its offset counts only rows that pass them.
        top = limit if not conditions else limit * (8 if filters.tag else 2)
        scored = session.execute(
            text(_SQLITE_SCORED), {"q": q, "floor": floor, "top": top, "skip": skip}
        )
        best = [(int(doc), float(score)) for doc, score in scored]
        every = len(best) < top  # no more matches in the window
        if conditions and best:
            passing = text(_SQLITE_PASSING.format(conditions=conditions)).bindparams(*binds)
            docs = json.dumps([doc for doc, _ in best])
            ok = set(session.execute(passing, {**params, "docs": docs}).scalars())
            best = [row for row in best if row[0] in ok]
        if len(best) >= limit or every:
            kept = best[:limit]
    if kept is None:
        filtered = text(_SQLITE_FILTERED.format(conditions=conditions or "1 = 1"))
        rows = session.execute(filtered.bindparams(*binds), {**params, "top": limit, "skip": skip})
        kept = [(int(doc), float(score)) for doc, score in rows]
    truncated = window is not None and count >= window
    if not kept:
        return [], truncated
    page = text(_SQLITE_PAGE).columns(**_TYPES)
    docs = json.dumps([doc for doc, _ in kept])
    by_doc = {r["doc"]: r for r in session.execute(page, {**params, "docs": docs}).mappings()}
    # a document deleted between two reads (each SELECT is its own snapshot) is left out
    return [_hit(by_doc[doc], -score) for doc, score in kept if doc in by_doc], truncated


def _hit(r: Any, score: float) -> SearchHit:
    """A result row as a hit; `score` higher-is-better, kept to 6 significant digits."""
    return SearchHit(
        incident_id=r["incident_id"],
        title=r["title"],
        severity=r["severity"],
        status=r["status"],
        started_at=r["started_at"],
        services=list(r["services"] or []),
        root_cause_category=r["root_cause_category"],
        restricted=bool(r["restricted"]),
        score=float(f"{score:.6g}"),
        snippet=" ".join((r["snippet"] or "").split()),
    )


def _ranked_postgres(
    session: Session,
    query: str,
    filters: SearchFilters,
    viewer: Viewer | None,
    *,
    floor: int = 0,
) -> list[SearchHit]:
    """PostgreSQL: the best `filters.limit` visible matches among documents `floor` and newer."""
    where, params, binds = _filters_sql(filters)
    visible, visible_params = visibility_sql(viewer)
    where.append(visible)
    params.update(visible_params, limit=filters.limit, skip=filters.offset, floor=floor, q=query)
    params["opts"] = (
        f"StartSel={SNIPPET_START}, StopSel={SNIPPET_END}, MaxWords=18, MinWords=6,"
        ' MaxFragments=2, FragmentDelimiter=" … "'
    )
    conditions = " AND ".join(where)
    # the tsquery is spelled inline (not in a CTE) so the planner sees the constant and can
    # weigh the GIN index against the id range. Candidates are ranked first, in a narrow
    # materialized set, so joins and filters never carry the tsvector along; ts_headline
    # runs on the final top rows only.
    tsq = "websearch_to_tsquery('english', :q)"
    sql = (
        f"WITH m AS MATERIALIZED (SELECT d.id, d.incident_id, d.tags,"
        f" ts_rank(d.tsv, {tsq}, 1) AS score FROM search_documents d"
        f" WHERE d.tsv @@ {tsq} AND d.id >= :floor),"
        f" top AS (SELECT {_COLUMNS}, d.score, d.id AS doc"
        f" FROM m d JOIN incidents i ON i.id = d.incident_id WHERE {conditions}"
        " ORDER BY d.score DESC, i.started_at DESC NULLS LAST, i.id LIMIT :limit OFFSET :skip)"
        " SELECT top.*, ts_headline('english', concat_ws(' … ', NULLIF(d.summary, ''),"
        f" NULLIF(d.root_cause, ''), d.body, d.title), {tsq}, :opts) AS snippet"
        " FROM top JOIN search_documents d ON d.id = top.doc"
        " ORDER BY top.score DESC, top.started_at DESC NULLS LAST, top.incident_id"
    )
    statement = text(sql).bindparams(*binds).columns(**_TYPES)
    rows = session.execute(statement, params).mappings()
    return [_hit(r, float(r["score"])) for r in rows]


def index_size(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(search_documents)).scalar_one())

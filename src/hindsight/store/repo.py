"""The incident store: one aggregate (an incident with its timeline, whys, actions …) per save.

Every public write runs in one transaction and leaves one audit entry per changed field.
A save carries the version the caller read; if someone saved in between, it raises `Conflict`.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from hindsight.domain.model import (
    AuditEntry,
    EventKind,
    Evidence,
    Incident,
    TimelineEvent,
    now_utc,
    to_plain,
)
from hindsight.errors import Conflict, InvalidInput, NotFound
from hindsight.store.mapping import event_from_row, incident_from_row, incident_to_row
from hindsight.store.tables import (
    AuditRow,
    EvidenceRow,
    IncidentRow,
    IncidentServiceRow,
    TimelineEventRow,
    WhyChainRow,
)
from hindsight.store.visibility import LOCAL_VIEWER, Viewer, visible_clause


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite gets foreign keys, WAL, a busy timeout and a mapped file."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {}).setdefault("timeout", 30)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            # reads map the file instead of copying each page through the 2 MB page cache: a
            # filtered search touches thousands of document pages (a third of its time at
            # 100,000 postmortems). 1 GiB of address space, not of memory.
            cursor.execute("PRAGMA mmap_size=1073741824")
            cursor.close()

    return engine


StoreSession = Session
"""The unit of work `Store.session()` hands out. The faces hold it between store calls and pass
it on; they never query through it (SQL lives in store/)."""

StaleWrite = StaleDataError
"""A concurrent writer changed the row between this session's read and its flush: the edge
answers 409 as for a `Conflict`."""

Stamp = tuple[int, int, int]


@dataclass
class IncidentSummary:
    """What a list shows, read without loading the whole aggregate."""

    id: str
    title: str
    severity: str
    status: str
    started_at: datetime | None
    resolved_at: datetime | None
    services: list[str]
    root_cause_category: str | None
    restricted: bool
    version: int


def _loaded() -> Any:
    return (
        selectinload(IncidentRow.events),
        selectinload(IncidentRow.actions),
        selectinload(IncidentRow.why_chains).selectinload(WhyChainRow.steps),
        selectinload(IncidentRow.factors),
        selectinload(IncidentRow.fault_trees),
        selectinload(IncidentRow.reviews),
        selectinload(IncidentRow.service_links),
    )


def _row(session: Session, incident_id: str) -> IncidentRow:
    row = session.execute(
        select(IncidentRow).where(IncidentRow.id == incident_id).options(*_loaded())
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no incident {incident_id}")
    return row


def lock_for_edit(session: Session, incident_id: str) -> None:
    """Serialise the writers of one incident for the rest of this transaction, so a change
    applied to a fresh read never meets a concurrent save: two clients appending timeline events
    or actions both succeed, one after the other, instead of one getting a version conflict.
    (Lost-update protection across requests stays with If-Match: the caller compares the
    version it read over HTTP with the one loaded after this lock.)

    PostgreSQL locks the incident's row. SQLite takes the database's write lock now
    (BEGIN IMMEDIATE), which it can only do before the transaction has written anything."""
    if session.get_bind().dialect.name == "sqlite":
        driver = session.connection().connection.dbapi_connection
        if driver is not None and not driver.in_transaction:
            session.execute(text("BEGIN IMMEDIATE"))
        return
    key = incident_id.strip().upper()
    session.execute(select(IncidentRow.id).where(IncidentRow.id == key).with_for_update())


def version_stamp(session: Session, incident_id: str) -> tuple[str, Stamp, bool]:
    """(id, version stamp, restricted) of the stored incident, read without loading it.

    The stamp is (version, timeline events, highest event id): a writer that adds events without
    the incident row changing (same-second `updated_at`) still changes the stamp."""
    key = incident_id.strip().upper()
    row = session.execute(
        select(IncidentRow.id, IncidentRow.version, IncidentRow.restricted).where(
            IncidentRow.id == key
        )
    ).first()
    if row is None:
        raise NotFound(f"no incident {key}")
    events = session.execute(
        select(func.count(TimelineEventRow.id), func.max(TimelineEventRow.id)).where(
            TimelineEventRow.incident_id == key
        )
    ).one()
    return str(row[0]), (int(row[1]), int(events[0] or 0), int(events[1] or 0)), bool(row[2])


def ping(session: Session) -> None:
    """One round trip to the database (health checks): raises if it cannot answer."""
    session.execute(text("SELECT 1"))


def get_incident(session: Session, incident_id: str) -> Incident:
    return incident_from_row(_row(session, incident_id.strip().upper()))


def incident_exists(session: Session, incident_id: str) -> bool:
    return session.get(IncidentRow, incident_id) is not None


# no 0/O or 1/I: an id is read aloud and typed
_ID_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def next_incident_id(session: Session, day: date, *, restricted: bool = False) -> str:
    """INC-2025-12-15 for the day's first incident, then INC-2025-12-15-2, -3 …

    A restricted incident takes no number but a random suffix (INC-2025-12-15-RK7Q2XW): were it
    numbered, the next incident of the day would be -2 and tell everyone that a hidden -1
    exists. Random, not sequential, so its id cannot be guessed either. (An incident restricted
    after it was opened keeps its number.)"""
    base = f"INC-{day.isoformat()}"
    if not restricted:
        return next_free_id(session, base)
    while True:
        candidate = f"{base}-R" + "".join(secrets.choice(_ID_LETTERS) for _ in range(6))
        if session.get(IncidentRow, candidate) is None:
            return candidate


def next_free_id(session: Session, base: str) -> str:
    """`base` if no incident has it, else `base-2`, `base-3` … (the first free one)."""
    taken = set(
        session.execute(
            select(IncidentRow.id).where(
                (IncidentRow.id == base) | IncidentRow.id.like(f"{base}-%")
            )
        ).scalars()
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def add_incident(
    session: Session,
    incident: Incident,
    actor: str,
    *,
    action: str = "create",
    keep_event_ids: bool = False,
) -> Incident:
    """Store a new incident. With `keep_event_ids` (imports), timeline events keep their ids where
    those are free, and why-chain evidence pointing at a renumbered event follows it."""
    if incident_exists(session, incident.id):
        raise Conflict(f"incident {incident.id} already exists")
    now = now_utc()
    incident.created_at = incident.created_at or now
    renumbered: list[TimelineEvent] = []
    if keep_event_ids:
        wanted = [e.id for e in incident.timeline if e.id is not None]
        taken = (
            set(
                session.execute(
                    select(TimelineEventRow.id).where(TimelineEventRow.id.in_(wanted))
                ).scalars()
            )
            if wanted
            else set()
        )
        seen: set[int] = set()
        for event_obj in incident.timeline:
            if event_obj.id is not None and (event_obj.id in taken or event_obj.id in seen):
                renumbered.append(event_obj)
                event_obj.detail = {**event_obj.detail, "_old_id": event_obj.id}
                event_obj.id = None
            elif event_obj.id is not None:
                seen.add(event_obj.id)
    row = IncidentRow(id=incident.id, updated_at=now)
    incident_to_row(incident, row, keep_new_event_ids=keep_event_ids)
    session.add(row)
    session.flush()
    if keep_event_ids and session.get_bind().dialect.name == "postgresql":
        session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('timeline_events', 'id'), "
                "(SELECT COALESCE(MAX(id), 1) FROM timeline_events))"
            )
        )
    _refresh(session, incident, row)
    if renumbered:
        moved: dict[int, int] = {
            e.detail.pop("_old_id"): e.id for e in renumbered if e.id is not None
        }
        for event_row in row.events:
            event_row.detail = {k: v for k, v in (event_row.detail or {}).items() if k != "_old_id"}
        for chain in incident.why_chains:
            for step in chain.steps:
                step.evidence = [moved.get(ref, ref) for ref in step.evidence]
        for chain_row in row.why_chains:
            for step_row in chain_row.steps:
                step_row.evidence = [moved.get(ref, ref) for ref in step_row.evidence or []]
        session.flush()
    _audit(session, actor, incident.id, action, None, None, incident.title)
    return _reindexed(session, _refresh(session, incident, row))


def save_incident(
    session: Session, incident: Incident, actor: str, *, reason: str | None = None
) -> Incident:
    """Write `incident` over the stored one. `incident.version` must be the version read."""
    row = _row(session, incident.id)
    if row.version != incident.version:
        raise Conflict(
            f"{incident.id} was changed by someone else (you have version {incident.version}, "
            f"the store has {row.version}); reload and apply your change again",
            current_version=row.version,
        )
    old = incident_from_row(row)
    changes = diff(old, incident)
    if not changes:
        return incident
    incident_to_row(incident, row)
    # sub-second precision: a change to child rows only (a why, a factor) must still update the
    # incident row, so that its version moves even for two saves within the same second
    row.updated_at = datetime.now(UTC)
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict(f"{incident.id} was changed by someone else; reload and try again") from exc
    for path, before, after in changes:
        _audit(session, actor, incident.id, "update", path, before, after, reason)
    return _reindexed(session, _refresh(session, incident, row))


def _refresh(session: Session, incident: Incident, row: IncidentRow) -> Incident:
    """Carry database-assigned ids and the new version back to the caller's object."""
    incident.version = row.version
    for event_obj, event_row in zip(incident.timeline, row.events, strict=False):
        event_obj.id = event_row.id
    return incident


def _reindexed(session: Session, incident: Incident) -> Incident:
    """Keep the full-text index current in the same transaction (kb area, store/search.py)."""
    from hindsight.store.search import reindex_incident

    reindex_incident(session, incident.id, incident)
    return incident


def delete_incident(session: Session, incident_id: str, actor: str) -> None:
    row = _row(session, incident_id)
    session.delete(row)
    _audit(session, actor, incident_id, "delete", None, row.title, None)
    from hindsight.store.search import reindex_incident

    reindex_incident(session, row.id)


def _incident_filters(
    *,
    severity: Sequence[str] = (),
    status: Sequence[str] = (),
    service: str | None = None,
    category: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    include_restricted: bool = True,
    viewer: Viewer | None = LOCAL_VIEWER,
    ids: Sequence[str] | None = None,
) -> list[Any]:
    """WHERE conditions over IncidentRow for the list filters and what `viewer` may see
    (`ids`: only these incidents)."""
    where: list[Any] = [visible_clause(viewer)]
    if ids is not None:
        where.append(IncidentRow.id.in_(list(ids)))
    if severity:
        where.append(IncidentRow.severity.in_(list(severity)))
    if status:
        where.append(IncidentRow.status.in_(list(status)))
    if service:
        where.append(
            IncidentRow.id.in_(
                select(IncidentServiceRow.incident_id).where(IncidentServiceRow.service == service)
            )
        )
    if category:
        where.append(IncidentRow.root_cause_category == category)
    if since:
        where.append(IncidentRow.started_at >= since)
    if until:
        where.append(IncidentRow.started_at < until)
    if not include_restricted:
        where.append(IncidentRow.restricted.is_(False))
    return where


def list_incidents(
    session: Session,
    *,
    limit: int | None = None,
    offset: int = 0,
    **filters: Any,
) -> list[IncidentSummary]:
    """Summaries, newest first, of the incidents matching `filters` (see `_incident_filters`:
    severity, status, service, category, since, until, include_restricted, viewer, ids — by default
    every incident; pass the web user's `viewer` to list only what they may see)."""
    query = (
        select(
            IncidentRow.id,
            IncidentRow.title,
            IncidentRow.severity,
            IncidentRow.status,
            IncidentRow.started_at,
            IncidentRow.resolved_at,
            IncidentRow.services,
            IncidentRow.root_cause_category,
            IncidentRow.restricted,
            IncidentRow.version,
        )
        .where(*_incident_filters(**filters))
        .order_by(IncidentRow.started_at.desc(), IncidentRow.id.desc())
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return [
        IncidentSummary(
            id=row.id,
            title=row.title,
            severity=row.severity,
            status=row.status,
            started_at=row.started_at,
            resolved_at=row.resolved_at,
            services=list(row.services or []),
            root_cause_category=row.root_cause_category,
            restricted=bool(row.restricted),
            version=row.version,
        )
        for row in session.execute(query)
    ]


def count_matching(session: Session, **filters: Any) -> int:
    """How many incidents `list_incidents(**filters)` would list without limit and offset."""
    query = select(func.count()).select_from(IncidentRow).where(*_incident_filters(**filters))
    return int(session.execute(query).scalar_one())


def visible_services(session: Session, viewer: Viewer | None) -> list[str]:
    """The services named by the incidents `viewer` may see, sorted (the list page's facet)."""
    query = (
        select(IncidentServiceRow.service)
        .join(IncidentRow, IncidentRow.id == IncidentServiceRow.incident_id)
        .where(visible_clause(viewer))
        .distinct()
    )
    return sorted(session.execute(query).scalars())


def count_incidents(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(IncidentRow)).scalar_one())


# --- audit -------------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _audit(
    session: Session,
    actor: str,
    incident_id: str | None,
    action: str,
    path: str | None,
    old: Any,
    new: Any,
    reason: str | None = None,
) -> None:
    session.add(
        AuditRow(
            at=now_utc(),
            actor=actor,
            incident_id=incident_id,
            action=action,
            field=path,
            old=_text(old),
            new=_text(new),
            reason=reason,
        )
    )


def record_audit(
    session: Session,
    actor: str,
    incident_id: str | None,
    action: str,
    *,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    reason: str | None = None,
) -> None:
    """An audit entry for a write that is not a field change (an override, an approval …)."""
    _audit(session, actor, incident_id, action, field, old, new, reason)


def audit_log(
    session: Session, incident_id: str | None = None, limit: int = 500, offset: int = 0
) -> list[AuditEntry]:
    """Audit entries, newest first (of one incident, or all): `limit` of them after skipping
    `offset`, both applied in SQL."""
    query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit).offset(offset)
    if incident_id:
        query = query.where(AuditRow.incident_id == incident_id)
    return [
        AuditEntry(
            at=r.at,
            actor=r.actor,
            incident_id=r.incident_id,
            action=r.action,
            field=r.field,
            old=r.old,
            new=r.new,
            reason=r.reason,
        )
        for r in session.execute(query).scalars()
    ]


def timeline_page(
    session: Session,
    incident_id: str,
    *,
    key_only: bool = False,
    kind: EventKind | None = None,
    limit: int,
    offset: int = 0,
) -> tuple[list[TimelineEvent], int]:
    """One page of an incident's timeline, oldest first (ties by id: a total order, so pages
    neither repeat nor skip an event), only key events or one kind if asked, and how many
    events pass in all. The incident's visibility is the caller's to check."""
    wanted = [TimelineEventRow.incident_id == incident_id]
    if key_only:
        wanted.append(TimelineEventRow.key.is_(True))
    if kind is not None:
        wanted.append(TimelineEventRow.kind == kind.value)
    rows = session.execute(
        select(TimelineEventRow)
        .where(*wanted)
        .order_by(TimelineEventRow.at, TimelineEventRow.id)
        .limit(limit)
        .offset(offset)
    ).scalars()
    total = session.execute(select(func.count()).select_from(TimelineEventRow).where(*wanted))
    return [event_from_row(r) for r in rows], int(total.scalar_one())


def count_audit(session: Session, incident_id: str | None = None) -> int:
    """How many entries `audit_log` pages through."""
    query = select(func.count()).select_from(AuditRow)
    if incident_id:
        query = query.where(AuditRow.incident_id == incident_id)
    return int(session.execute(query).scalar_one())


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for index, item in enumerate(value):
            ident = item.get("number") or item.get("id")
            label = f"A{ident}" if "number" in item else (f"#{ident}" if ident else str(index))
            _flatten(item, f"{prefix}[{label}]", out)
    else:
        out[prefix] = value


_SKIP = re.compile(r"^(version|timeline\[[^\]]+\]\.id)$")


def diff(old: Incident, new: Incident) -> list[tuple[str, Any, Any]]:
    """(field path, old value, new value) for every field that differs."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    _flatten(to_plain(old), "", before)
    _flatten(to_plain(new), "", after)
    changes = []
    for path in sorted(set(before) | set(after)):
        if _SKIP.match(path):
            continue
        if before.get(path) != after.get(path):
            changes.append((path, before.get(path), after.get(path)))
    return changes


# --- evidence ----------------------------------------------------------------------------------


def add_evidence(session: Session, evidence: Evidence) -> bool:
    """Record an imported file; False when this incident already holds the same content."""
    if session.get(EvidenceRow, (evidence.incident_id, evidence.sha256)) is not None:
        return False
    session.add(
        EvidenceRow(
            incident_id=evidence.incident_id,
            sha256=evidence.sha256,
            filename=evidence.filename,
            size=evidence.size,
            format=evidence.format,
            added_by=evidence.added_by,
            added_at=evidence.added_at,
            origin=evidence.origin,
            clock_offset_seconds=evidence.clock_offset_seconds,
            lines=evidence.lines,
        )
    )
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(f"evidence {evidence.sha256[:12]} was added concurrently") from exc
    _audit(
        session,
        evidence.added_by,
        evidence.incident_id,
        "evidence",
        evidence.filename,
        None,
        evidence.sha256,
    )
    return True


def list_evidence(session: Session, incident_id: str | None = None) -> list[Evidence]:
    query = select(EvidenceRow).order_by(EvidenceRow.added_at)
    if incident_id:
        query = query.where(EvidenceRow.incident_id == incident_id)
    return [
        Evidence(
            sha256=r.sha256,
            filename=r.filename,
            size=r.size,
            format=r.format,
            added_by=r.added_by,
            added_at=r.added_at,
            origin=r.origin,
            incident_id=r.incident_id,
            clock_offset_seconds=r.clock_offset_seconds,
            lines=r.lines,
        )
        for r in session.execute(query).scalars()
    ]


def _refuse_overlong_values(session: Session, _context: Any, _instances: Any) -> None:
    """PostgreSQL refuses a value longer than its VARCHAR(n) with a driver error and SQLite stores
    it: both get the same InvalidInput naming the field, before anything is written."""
    for row in [*session.new, *session.dirty]:
        for column in sa_inspect(row).mapper.columns:
            limit = getattr(column.type, "length", None)
            value = getattr(row, column.key, None)
            if limit and isinstance(value, str) and len(value) > limit:
                raise InvalidInput(
                    f'{column.key}: {len(value)} characters; at most {limit} ("{value[:40]}…")',
                    field=column.key,
                )


def _note_write(session: Session, _context: Any) -> None:
    session.info["wrote"] = True


# --- the store ---------------------------------------------------------------------------------


class Store:
    """An engine plus a session factory. `with store.session() as s:` is one transaction."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(self._sessions, "before_flush", _refuse_overlong_values)
        # `generation` counts this process's committed writes: what is cached across incidents
        # (similar incidents name others) is keyed by it, so any write here makes it stale
        self.generation = 0
        event.listen(self._sessions, "after_flush", _note_write)
        event.listen(self._sessions, "after_commit", self._count_write)

    def _count_write(self, session: Session) -> None:
        if session.info.pop("wrote", False):
            self.generation += 1

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> None:
        from hindsight.store.migrate import upgrade

        upgrade(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any exception."""
        with self._sessions.begin() as session:
            yield session

    def ping(self) -> None:
        """One round trip to the database (health checks): raises if it cannot answer."""
        with self.session() as s:
            ping(s)

    def get(self, incident_id: str) -> Incident:
        with self.session() as s:
            return get_incident(s, incident_id)

    def save(self, incident: Incident, actor: str, *, reason: str | None = None) -> Incident:
        with self.session() as s:
            return save_incident(s, incident, actor, reason=reason)

    def add(self, incident: Incident, actor: str) -> Incident:
        with self.session() as s:
            return add_incident(s, incident, actor)

    def close(self) -> None:
        self.engine.dispose()

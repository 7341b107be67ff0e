"""Evidence records and the events imported from them, as the importers ask for them.

An evidence record is immutable once stored, but for its clock offset: a re-import with a new
`--clock-offset` replaces the file's events and records the new offset (`store_import`).
Every function runs in the caller's transaction; `store_import` is the whole of one file's import,
so a crash anywhere in it leaves nothing of the file stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update

from hindsight.domain.model import Evidence, TimelineEvent, now_utc
from hindsight.store.mapping import event_to_row
from hindsight.store.repo import (
    StoreSession,
    add_evidence,
    delete_incident,
    list_evidence,
    record_audit,
)
from hindsight.store.tables import EvidenceRow, IncidentRow, TimelineEventRow


@dataclass(frozen=True)
class EvidenceFile:
    """What a drill-down needs of a stored evidence record: the name and the reader it took."""

    filename: str
    format: str


def holds_size(session: StoreSession, incident_id: str, size: int) -> bool:
    """Whether the incident holds evidence of exactly `size` bytes (then a file of that size may
    be imported already, and is hashed before it is parsed)."""
    found = session.execute(
        select(EvidenceRow.sha256).where(
            EvidenceRow.incident_id == incident_id, EvidenceRow.size == size
        )
    ).first()
    return found is not None


def known_offset(session: StoreSession, incident_id: str, sha: str) -> float | None:
    """The clock offset (seconds) `sha` was imported with into the incident; None if it was not."""
    row = session.get(EvidenceRow, (incident_id, sha))
    return None if row is None else float(row.clock_offset_seconds or 0.0)


def file_of(session: StoreSession, sha: str) -> EvidenceFile | None:
    """The name and format of any evidence record of content `sha` (the same bytes in several
    incidents read the same); None when no incident holds it."""
    row = session.execute(
        select(EvidenceRow).where(EvidenceRow.sha256 == sha).limit(1)
    ).scalar_one_or_none()
    return None if row is None else EvidenceFile(row.filename, row.format)


def store_import(
    session: StoreSession, record: Evidence, events: list[TimelineEvent], *, reimport: bool
) -> str:
    """Store the evidence record, its events and an audit line in `session`'s transaction.

    Returns "imported", "re-imported" (`reimport`: the events of an earlier import of the same
    bytes are replaced) or "already imported" (the incident holds these bytes: nothing stored).
    """
    incident_id = record.incident_id
    status = "imported"
    if reimport:
        replace_events_of(session, incident_id, record.sha256, record.clock_offset_seconds)
        status = "re-imported"
    elif not add_evidence(session, record):
        return "already imported"
    store_events(session, incident_id, events)
    record_audit(
        session,
        record.added_by,
        incident_id,
        "ingest",
        field=record.filename,
        new=f"{len(events)} events from {record.lines} records ({record.format})",
    )
    return status


def replace_events_of(session: StoreSession, incident_id: str, sha: str, offset: float) -> None:
    """Drop the events an earlier import of `sha` made, to store them again with a new offset."""
    session.execute(
        delete(TimelineEventRow).where(
            TimelineEventRow.incident_id == incident_id, TimelineEventRow.evidence == sha
        )
    )
    row = session.get(EvidenceRow, (incident_id, sha))
    if row is not None:
        row.clock_offset_seconds = offset


def store_events(session: StoreSession, incident_id: str, events: list[TimelineEvent]) -> None:
    """Append `events` to the incident's timeline.

    An append: the version moves (readers holding an older copy reload) but is not compared, so an
    import never conflicts with an edit saved meanwhile (no StaleDataError)."""
    for event in events:
        row = TimelineEventRow(incident_id=incident_id)
        event_to_row(event, row)
        session.add(row)
    session.execute(
        update(IncidentRow)
        .where(IncidentRow.id == incident_id)
        .values(updated_at=now_utc(), version=IncidentRow.version + 1)
    )
    session.flush()


def delete_keeping_evidence(session: StoreSession, incident_id: str, actor: str) -> list[Evidence]:
    """Delete the incident (audited) and return its evidence records, for an import that replaces
    it to add them back: markdown does not carry them, and its timeline points at them."""
    kept = list_evidence(session, incident_id)
    delete_incident(session, incident_id, actor)
    session.flush()
    return kept

"""Reading one incident as a user may see it: one function per read over the `Store`, each one
transaction that checks visibility first (a restricted incident the viewer is no member of reads
as missing), called by the faces so that no route opens a session to read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from hindsight.domain.model import (
    ActionItem,
    AuditEntry,
    EventKind,
    Evidence,
    Incident,
    TimelineEvent,
)
from hindsight.domain.timeline import find_event
from hindsight.incidents.service import visible_stamp, visible_to
from hindsight.ingest import drill
from hindsight.kb import similar
from hindsight.store import repo
from hindsight.store.action_queries import ActionFilters, page_actions
from hindsight.store.repo import Store
from hindsight.store.visibility import Viewer
from hindsight.workspace import Workspace


def read_visible(store: Store, viewer: Viewer, incident_id: str) -> Incident:
    """The incident as `viewer` may read it; NotFound as for a missing one otherwise."""
    with store.session() as s:
        return visible_to(s, viewer, incident_id)


def read_visible_cached(
    store: Store,
    viewer: Viewer,
    incident_id: str,
    cached: Callable[[str, repo.Stamp, Callable[[], Incident]], Incident],
) -> Incident:
    """The incident as `viewer` may read it through `cached(id, stamp, load)`, which returns a
    copy kept for that version stamp or calls `load`: the check, the stamp and the load (when
    needed) are one transaction; NotFound as for a missing one otherwise."""
    with store.session() as s:
        iid, stamp = visible_stamp(s, viewer, incident_id)
        return cached(iid, stamp, lambda: repo.get_incident(s, iid))


@dataclass
class DrillDown:
    """One timeline event of an incident and the raw lines behind it, read as they are iterated
    (a mistake, such as an event not imported from a file, is raised then)."""

    incident: Incident
    event: TimelineEvent
    lines: Iterator[tuple[str, int, str]]


def drill_down(
    store: Store, workspace: Workspace, viewer: Viewer, incident_id: str, event_id: int
) -> DrillDown:
    """Event `event_id` of an incident `viewer` may see and its raw lines (`ingest.drill`): the
    check, the event and its evidence record are read in one transaction; NotFound as for a
    missing incident or event otherwise."""
    with store.session() as s:
        incident = visible_to(s, viewer, incident_id)
        event = find_event(incident, event_id)
        found = drill.evidence_file(s, event)
    return DrillDown(incident, event, drill.lines_of(workspace, event, found))


@dataclass
class Records:
    """What the incident page lists beside the incident: its evidence files, oldest first, and
    its latest audit entries, newest first."""

    evidence: list[Evidence]
    audit: list[AuditEntry]


def records_of(store: Store, incident_id: str, *, audit_limit: int = 20) -> Records:
    """The evidence and the latest `audit_limit` audit entries of an incident (whose visibility
    the caller has checked)."""
    with store.session() as s:
        return Records(
            repo.list_evidence(s, incident_id), repo.audit_log(s, incident_id, limit=audit_limit)
        )


def every_incident(store: Store, *, include_restricted: bool = False) -> list[Incident]:
    """Every incident (restricted ones only if asked), newest first, loaded whole (exports)."""
    with store.session() as s:
        summaries = repo.list_incidents(s, include_restricted=include_restricted)
        return [repo.get_incident(s, r.id) for r in summaries]


def audit_entries(store: Store, incident_id: str | None, limit: int) -> list[AuditEntry]:
    """The latest `limit` audit entries, newest first, of one incident or of all."""
    with store.session() as s:
        return repo.audit_log(s, incident_id, limit)


def evidence_of(store: Store, incident_id: str | None = None) -> list[Evidence]:
    """The evidence files of one incident (NotFound for a wrong id) or of all, oldest first."""
    with store.session() as s:
        iid = repo.get_incident(s, incident_id).id if incident_id else None
        return repo.list_evidence(s, iid)


def visible_evidence(store: Store, viewer: Viewer, incident_id: str) -> list[Evidence]:
    """The evidence files of an incident `viewer` may see, oldest first; NotFound as for a
    missing incident otherwise (checked in the same transaction as the read)."""
    with store.session() as s:
        iid = visible_stamp(s, viewer, incident_id)[0]
        return repo.list_evidence(s, iid)


def similar_visible(
    store: Store, viewer: Viewer, incident_id: str, limit: int
) -> tuple[str, list[similar.SimilarIncident]]:
    """The id of an incident `viewer` may see and the `limit` incidents most like it that they
    may see, with reasons; NotFound as for a missing incident otherwise (one transaction)."""
    with store.session() as s:
        iid = visible_stamp(s, viewer, incident_id)[0]
        return iid, similar.similar(s, iid, limit, viewer=viewer)


def audit_page(
    store: Store, viewer: Viewer, incident_id: str, *, limit: int, offset: int
) -> tuple[list[AuditEntry], int]:
    """One page of the incident's audit trail, newest first, and how many entries in all."""
    with store.session() as s:
        iid = visible_stamp(s, viewer, incident_id)[0]
        return repo.audit_log(s, iid, limit=limit, offset=offset), repo.count_audit(s, iid)


def timeline_page(
    store: Store,
    viewer: Viewer,
    incident_id: str,
    *,
    key_only: bool = False,
    kind: EventKind | None = None,
    limit: int,
    offset: int = 0,
) -> tuple[list[TimelineEvent], int]:
    """One page of the incident's timeline, oldest first (see `store.repo.timeline_page`)."""
    with store.session() as s:
        iid = visible_stamp(s, viewer, incident_id)[0]
        return repo.timeline_page(s, iid, key_only=key_only, kind=kind, limit=limit, offset=offset)


def actions_page(
    store: Store, viewer: Viewer, incident_id: str, *, limit: int, offset: int
) -> tuple[list[ActionItem], int]:
    """One page of the incident's corrective actions, by number, and how many in all."""
    with store.session() as s:
        iid = visible_stamp(s, viewer, incident_id)[0]
        refs, total = page_actions(
            s, ActionFilters(incident_id=iid), viewer, limit=limit, offset=offset, by_number=True
        )
    return [r.item for r in refs], total

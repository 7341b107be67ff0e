"""Actions across incidents, read straight from the actions table (no whole incidents loaded).

The filters run in SQL on indexed columns (status, owner, due), so `action list` and the weekly
follow-up stay fast with thousands of postmortems.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hindsight.domain.actions import ActionRef
from hindsight.domain.model import ActionStatus
from hindsight.store.mapping import action_from_row
from hindsight.store.tables import ActionRow, IncidentRow
from hindsight.store.visibility import LOCAL_VIEWER, Viewer, visible_clause


def list_actions(
    session: Session,
    *,
    incident_id: str | None = None,
    statuses: Sequence[ActionStatus] = (),
    owner: str | None = None,
    due_before: date | None = None,
    due_on_or_before: date | None = None,
    include_restricted: bool = True,
    viewer: Viewer | None = LOCAL_VIEWER,
) -> list[ActionRef]:
    """Actions with their incident's id, title and severity, by due date then incident and number;
    only those of incidents `viewer` may see (by default every incident)."""
    query = (
        select(ActionRow, IncidentRow.title, IncidentRow.severity)
        .join(IncidentRow, IncidentRow.id == ActionRow.incident_id)
        .where(visible_clause(viewer))
    )
    if incident_id:
        query = query.where(ActionRow.incident_id == incident_id.strip().upper())
    if statuses:
        query = query.where(ActionRow.status.in_([s.value for s in statuses]))
    if owner:
        query = query.where(ActionRow.owner == owner)
    if due_before:
        query = query.where(ActionRow.due < due_before)
    if due_on_or_before:
        query = query.where(ActionRow.due <= due_on_or_before)
    if not include_restricted:
        query = query.where(IncidentRow.restricted.is_(False))
    query = query.order_by(
        ActionRow.due.is_(None), ActionRow.due, ActionRow.incident_id, ActionRow.number
    )
    return [
        ActionRef(
            incident_id=row.incident_id,
            incident_title=title,
            item=action_from_row(row),
            incident_severity=severity,
        )
        for row, title, severity in session.execute(query)
    ]


def incident_ends(session: Session, incident_ids: Sequence[str]) -> dict[str, object]:
    """Resolved (else mitigated) time per incident, for time-to-assignment figures."""
    if not incident_ids:
        return {}
    rows = session.execute(
        select(IncidentRow.id, IncidentRow.resolved_at, IncidentRow.mitigated_at).where(
            IncidentRow.id.in_(list(incident_ids))
        )
    )
    return {r.id: r.resolved_at or r.mitigated_at for r in rows}

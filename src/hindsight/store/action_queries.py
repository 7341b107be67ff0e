"""Actions across incidents, read straight from the actions table (no whole incidents loaded).

The filters run in SQL on indexed columns (status, owner, due), so `action list` and the weekly
follow-up stay fast with thousands of postmortems.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session

from hindsight.domain.actions import ActionRef
from hindsight.domain.model import ActionStatus
from hindsight.store.mapping import action_from_row
from hindsight.store.tables import ActionRow, IncidentRow
from hindsight.store.visibility import LOCAL_VIEWER, Viewer, visible_clause

_Query = TypeVar("_Query", bound="Select[*tuple[Any, ...]]")
# by due date (none last), then incident and number: a total order, so pages are stable
_ORDER = (ActionRow.due.is_(None), ActionRow.due, ActionRow.incident_id, ActionRow.number)


OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED)


@dataclass(frozen=True)
class ActionFilters:
    """What the actions list narrows by: status values (any of them; an unknown value matches
    nothing), an owner (any letter case; "" for actions without one), overdue on a day (still
    open and due before it), one incident."""

    statuses: Sequence[str] = ()
    owner: str | None = None
    overdue_on: date | None = None
    incident_id: str | None = None


def _action_rows(viewer: Viewer | None) -> Select[ActionRow, str, str]:
    return (
        select(ActionRow, IncidentRow.title, IncidentRow.severity)
        .join(IncidentRow, IncidentRow.id == ActionRow.incident_id)
        .where(visible_clause(viewer))
    )


def _narrowed(query: _Query, filters: ActionFilters) -> _Query:
    if filters.incident_id:
        query = query.where(ActionRow.incident_id == filters.incident_id.strip().upper())
    if filters.statuses:
        query = query.where(ActionRow.status.in_([s.strip().lower() for s in filters.statuses]))
    if filters.owner is not None:
        owner = func.lower(func.coalesce(ActionRow.owner, ""))
        query = query.where(owner == filters.owner.lower())
    if filters.overdue_on is not None:
        query = query.where(
            ActionRow.due < filters.overdue_on,
            ActionRow.status.in_([s.value for s in OPEN_STATUSES]),
        )
    return query


def page_actions(
    session: Session,
    filters: ActionFilters,
    viewer: Viewer | None,
    *,
    limit: int,
    offset: int,
    by_number: bool = False,
) -> tuple[list[ActionRef], int]:
    """One page of the actions `viewer` may see that pass `filters`, and how many pass in all;
    both are single queries. Ordered as `list_actions` (or by incident and number, as one
    incident lists them, with `by_number`): a total order, so pages neither repeat nor skip."""
    order = (ActionRow.incident_id, ActionRow.number) if by_number else _ORDER
    rows = _narrowed(_action_rows(viewer), filters).order_by(*order).limit(limit).offset(offset)
    counted = _narrowed(
        select(func.count())
        .select_from(ActionRow)
        .join(IncidentRow, IncidentRow.id == ActionRow.incident_id)
        .where(visible_clause(viewer)),
        filters,
    )
    return _refs(session.execute(rows)), int(session.execute(counted).scalar_one())


def _refs(rows: Iterable[Row[ActionRow, str, str]]) -> list[ActionRef]:
    return [
        ActionRef(
            incident_id=row.incident_id,
            incident_title=title,
            item=action_from_row(row),
            incident_severity=severity,
        )
        for row, title, severity in rows
    ]


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
    query = _action_rows(viewer)
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
    return _refs(session.execute(query.order_by(*_ORDER)))


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

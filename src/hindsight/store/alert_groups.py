"""Which incident an alert group belongs to: Alertmanager's groupKey or PagerDuty's incident id
mapped to the Hindsight incident the webhook opened for it, so later deliveries append to it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hindsight.domain.model import now_utc
from hindsight.store.tables import AlertGroupRow


def incident_of_group(session: Session, group_key: str) -> str | None:
    """The incident id last opened for `group_key`, or None for a group never seen."""
    link = session.get(AlertGroupRow, group_key)
    return None if link is None else link.incident_id


def link_group(session: Session, group_key: str, incident_id: str, source: str) -> None:
    """Point `group_key` at `incident_id` (a new link, or a re-opened group's new incident), in
    the caller's transaction; the incident must already be added."""
    link = session.get(AlertGroupRow, group_key)
    if link is None:
        session.add(
            AlertGroupRow(
                group_key=group_key, incident_id=incident_id, source=source, created_at=now_utc()
            )
        )
    else:
        link.incident_id = incident_id

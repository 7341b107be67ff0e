"""Alert-group links on SQLite and PostgreSQL: a webhook's group finds its incident again, and a
re-opened group points at the new incident."""

from __future__ import annotations

from datetime import UTC, datetime

from hindsight.domain.model import Incident, TimelineEvent
from hindsight.store import repo
from hindsight.store.alert_groups import incident_of_group, link_group
from hindsight.store.repo import Store

T0 = datetime(2025, 12, 15, 22, 47, tzinfo=UTC)


def _incident(incident_id: str) -> Incident:
    return Incident(id=incident_id, title="Checkout 5xx", severity="P1", started_at=T0)


def test_a_group_is_linked_then_relinked(store: Store) -> None:
    with store.session() as s:
        assert incident_of_group(s, '{}:{alertname="HighErrorRate"}') is None
        repo.add_incident(s, _incident("INC-2025-12-15"), "alertmanager")
        link_group(s, '{}:{alertname="HighErrorRate"}', "INC-2025-12-15", "alertmanager")
    with store.session() as s:
        assert incident_of_group(s, '{}:{alertname="HighErrorRate"}') == "INC-2025-12-15"
        repo.add_incident(s, _incident("INC-2025-12-16"), "alertmanager")
        link_group(s, '{}:{alertname="HighErrorRate"}', "INC-2025-12-16", "alertmanager")
    with store.session() as s:
        assert incident_of_group(s, '{}:{alertname="HighErrorRate"}') == "INC-2025-12-16"
        assert incident_of_group(s, "PXYZ123") is None


def test_version_stamp_changes_when_events_are_added(store: Store) -> None:
    with store.session() as s:
        repo.add_incident(s, _incident("INC-2025-12-15"), "someone")
    with store.session() as s:
        iid, before, restricted = repo.version_stamp(s, "inc-2025-12-15")
        assert (iid, restricted) == ("INC-2025-12-15", False)
        incident = repo.get_incident(s, iid)
        incident.timeline.append(TimelineEvent(at=T0, text="5xx rate above 2 %"))
        repo.save_incident(s, incident, "someone")
    with store.session() as s:
        _, after, _ = repo.version_stamp(s, iid)
        repo.ping(s)
    assert after[1] == before[1] + 1 and after != before

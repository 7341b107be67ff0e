"""Actions across incidents straight from the actions table, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hindsight.domain import actions as rules
from hindsight.domain.model import ActionStatus, Incident
from hindsight.store.action_queries import incident_ends, list_actions
from hindsight.store.repo import Store


def test_filters_run_in_sql_and_keep_the_incident(store: Store) -> None:
    end = datetime(2025, 12, 1, 12, tzinfo=UTC)
    a = Incident(id="INC-2025-12-01", title="Payments down", severity="P0", resolved_at=end)
    rules.add_action(a, "Late", by="l", owner="ana", due=date(2025, 12, 5))
    rules.add_action(a, "No date", by="l", owner="bo")
    b = Incident(id="INC-2025-12-02", title="Search slow", restricted=True)
    item = rules.add_action(b, "Blocked", by="l", owner="ana", due=date(2025, 12, 20))
    rules.transition(item, ActionStatus.BLOCKED, by="ana", reason="vendor")
    store.add(a, "t")
    store.add(b, "t")
    with store.session() as s:
        every = list_actions(s)
        assert [(r.incident_id, r.item.title) for r in every] == [
            ("INC-2025-12-01", "Late"), ("INC-2025-12-02", "Blocked"), ("INC-2025-12-01", "No date"),
        ]  # fmt: skip
        assert every[0].incident_title == "Payments down" and every[0].incident_severity == "P0"
        assert [
            r.item.title for r in list_actions(s, owner="ana", due_before=date(2025, 12, 10))
        ] == ["Late"]
        assert [r.item.title for r in list_actions(s, statuses=[ActionStatus.BLOCKED])] == [
            "Blocked"
        ]
        assert list_actions(s, statuses=[ActionStatus.BLOCKED])[0].item.status_reason == "vendor"
        assert [r.item.title for r in list_actions(s, include_restricted=False)] == [
            "Late",
            "No date",
        ]
        assert [r.item.title for r in list_actions(s, incident_id="inc-2025-12-02")] == ["Blocked"]
        assert incident_ends(s, ["INC-2025-12-01", "INC-2025-12-02"]) == {
            "INC-2025-12-01": end, "INC-2025-12-02": None,
        }  # fmt: skip

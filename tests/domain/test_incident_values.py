"""Values as a browser, an API client or the CLI sends them, applied to plain Incident objects:
the rules every face shares (hindsight.domain.edit and hindsight.domain.timeline)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hindsight.domain.edit import apply_fields, incident_from_values
from hindsight.domain.model import Incident
from hindsight.domain.policy import default_policy
from hindsight.domain.timeline import add_event, confirm_milestone, edit_event, event_time
from hindsight.errors import InvalidInput, NotFound


def test_event_time_on_the_start_date_rolls_past_midnight() -> None:
    incident = Incident(
        id="INC-1", title="t", started_at=datetime(2025, 12, 15, 23, 50, tzinfo=UTC)
    )
    assert event_time("23:55", incident) == datetime(2025, 12, 15, 23, 55, tzinfo=UTC)
    assert event_time("00:10", incident) == datetime(2025, 12, 16, 0, 10, tzinfo=UTC)
    with pytest.raises(InvalidInput) as err:
        event_time("25:99", incident)
    assert err.value.field == "at"


def test_apply_fields_takes_json_and_form_values() -> None:
    incident = Incident(id="INC-1", title="t")
    apply_fields(
        incident,
        {
            "services": ["a", "b"],
            "impact": {"downtime_minutes": 42},
            "went_well": "one\n\ntwo",
            "restricted": True,
        },
        default_policy(),
    )
    assert incident.services == ["a", "b"] and incident.impact.downtime_minutes == 42
    assert incident.went_well == ["one", "two"] and incident.restricted is True
    with pytest.raises(InvalidInput) as err:
        apply_fields(incident, {"impact": {"users_affected": "many"}}, default_policy())
    assert err.value.field == "impact.users_affected"
    with pytest.raises(InvalidInput):
        apply_fields(incident, {"title": "  "}, default_policy())


def test_confirm_milestone_moves_the_marker() -> None:
    incident = Incident(id="INC-1", title="t", started_at=datetime(2025, 12, 15, 22, 0, tzinfo=UTC))
    a = add_event(incident, at="22:10", text="first page")
    b = add_event(incident, at="22:12", text="second page")
    a.id, b.id = 1, 2
    confirm_milestone(incident, "detected", event_id=1)
    confirm_milestone(incident, "detected", event_id=2)
    assert a.milestone is None and b.milestone is not None
    assert incident.detected_at == b.at
    with pytest.raises(NotFound):
        confirm_milestone(incident, "detected", event_id=99)


def test_a_new_incident_needs_a_title_and_starts_now_unless_told() -> None:
    with pytest.raises(InvalidInput) as err:
        incident_from_values({"title": "  "}, default_policy(), author="bob")
    assert err.value.field == "title"
    made = incident_from_values(
        {"title": "Checkout 500s", "severity": "p1", "services": []}, default_policy(), author="bob"
    )
    assert made.severity == "P1" and made.author == "bob" and made.started_at is not None
    named = incident_from_values(
        {"title": "t", "author": "ana", "started_at": "2025-12-15T22:47:00Z"},
        default_policy(),
        author="bob",
    )
    assert named.author == "ana"
    assert named.started_at == datetime(2025, 12, 15, 22, 47, tzinfo=UTC)


def test_edit_event_refuses_empty_text_and_unknown_kinds() -> None:
    incident = Incident(id="INC-1", title="t", started_at=datetime(2025, 12, 15, 22, 0, tzinfo=UTC))
    event = add_event(incident, at="22:10", text="page")
    event.id = 1
    edit_event(incident, 1, text=" paged ", key=True, kind="alert")
    assert (event.text, event.key, event.kind.value) == ("paged", True, "alert")
    with pytest.raises(InvalidInput) as err:
        edit_event(incident, 1, text=" ")
    assert err.value.field == "text"
    with pytest.raises(InvalidInput) as err:
        edit_event(incident, 1, kind="rumour")
    assert err.value.field == "kind"

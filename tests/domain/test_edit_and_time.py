from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hindsight.domain.edit import set_field
from hindsight.domain.model import Incident
from hindsight.domain.policy import default_policy
from hindsight.errors import InvalidInput
from hindsight.timeutil import format_duration, parse_duration, parse_instant


def test_set_field_coerces_by_type() -> None:
    incident = Incident("INC-1", "x")
    set_field(incident, "impact.users_affected", "1,200")
    set_field(incident, "impact.sla_breached", "yes")
    set_field(incident, "started", "2025-12-15 22:47 +01:00")
    set_field(incident, "services", "api, db")
    set_field(incident, "category", "Configuration")
    assert incident.impact.users_affected == 1200
    assert incident.impact.sla_breached is True
    assert incident.started_at == datetime(2025, 12, 15, 21, 47, tzinfo=UTC)
    assert incident.services == ["api", "db"]
    assert incident.root_cause_category == "configuration"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("severity", "P9", "valid: P0, P1, P2, P3"),
        ("started", "yesterday", "expected ISO-8601"),
        ("impact.users_affected", "many", "expected a whole number"),
        ("category", "gremlins", "valid: configuration"),
        ("version", "3", "unknown or read-only field"),
        ("impact.mood", "1", "unknown impact field"),
    ],
)
def test_bad_values_name_field_and_accepted_values(field: str, value: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        set_field(Incident("INC-1", "x"), field, value, default_policy())


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("4 hours 28 minutes", 268),
        ("4h 28min", 268),
        ("+3m", 3),
        ("-90s", -1.5),
        ("1:30", 90),
        ("2 days", 2880),
        ("1h, 5m", 65),
    ],
)
def test_durations_as_people_write_them(text: str, minutes: float) -> None:
    assert parse_duration(text) == timedelta(minutes=minutes)


@given(st.integers(min_value=0, max_value=10**6))
def test_duration_format_parses_back_to_the_displayed_precision(seconds: int) -> None:
    shown = format_duration(seconds)
    parsed = parse_duration(shown.replace("d", "d ").replace("h", "h ")).total_seconds()
    assert 0 <= seconds - parsed < 3600


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    )
)
def test_instants_round_trip_through_iso(moment: datetime) -> None:
    assert parse_instant(moment.isoformat()) == moment


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("impact.users_affected", "-5"),
        ("impact.downtime_minutes", "-1"),
        ("impact.money_lost", "-10"),
        ("impact.users_affected_pct", "140"),
    ],
)
def test_impact_figures_out_of_range_are_refused(name: str, text: str) -> None:
    incident = Incident(id="INC-2025-12-15", title="t")
    with pytest.raises(InvalidInput, match=name):
        set_field(incident, name, text)
    assert getattr(incident.impact, name.split(".")[1]) is None

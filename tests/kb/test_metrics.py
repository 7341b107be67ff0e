"""Metrics against hand-calculated values on the fixture set (tests/kb/fixtures.py), on SQLite
and PostgreSQL; bands, trends, filters, an empty period and quarter parsing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hindsight.errors import InvalidInput
from hindsight.kb.metrics import (
    SCALES,
    MetricFilters,
    compute,
    make_period,
    monthly_medians,
    quarter_period,
    trend,
)
from hindsight.store.repo import Store
from tests.kb.fixtures import load

H = 3600.0


@pytest.fixture
def q4(store: Store):  # type: ignore[no-untyped-def]
    load(store)
    with store.session() as s:
        return compute(s, quarter_period("2025Q4"))


def test_time_metrics_mean_median_per_severity_and_exclusions(q4) -> None:  # type: ignore[no-untyped-def]
    mttd, mtta, mttm, mttr = (q4.time_metrics[k] for k in ("mttd", "mtta", "mttm", "mttr"))
    # MTTD: 10 min (A), 30 min (B), 5 min (C); D has no detection time
    assert (mttd.overall.count, mttd.overall.mean, mttd.overall.median) == (3, 900.0, 600.0)
    assert [(x.severity, x.count, x.median) for x in mttd.by_severity] == [
        ("P1", 2, 450.0),
        ("P2", 1, 1800.0),
    ]
    assert [(e.incident_id, e.reason) for e in mttd.excluded] == [
        ("INC-2025-12-20", "no detected_at")
    ]
    # MTTA: detected → acknowledged, 5 min twice; C never acknowledged, D never detected
    assert (mtta.overall.count, mtta.overall.median, mtta.excluded_count) == (2, 300.0, 2)
    assert {e.reason for e in mtta.excluded} == {"no acknowledged_at", "no detected_at"}
    assert (mttm.overall.mean, mttm.overall.median) == (3000.0, 3000.0)
    # MTTR: 1 h, 4 h, 2 h → mean 2 h 20 min, median 2 h; P1 alone: 1 h and 2 h → 1 h 30 min
    assert (mttr.overall.mean, mttr.overall.median) == (8400.0, 7200.0)
    assert mttr.by_severity[0].median == 5400.0


def test_rates_and_action_figures(q4) -> None:  # type: ignore[no-untyped-def]
    assert q4.incident_count == 4 and q4.by_severity == {"P1": 2, "P2": 1, "P3": 1}
    assert q4.per_month == [
        ("2025-10", "P1", 1),
        ("2025-11", "P2", 1),
        ("2025-12", "P1", 1),
        ("2025-12", "P3", 1),
    ]
    value = {f.key: f.value for f in q4.figures}
    assert value["repeat_rate"] == 25.0
    assert value["postmortem_completion"] == pytest.approx(66.67)  # A and C of A, B, C required
    assert value["time_to_postmortem"] == 36 * H  # 48 h (A) and 24 h (C)
    assert value["postmortem_on_time"] == pytest.approx(66.67)
    assert value["action_completion"] == 60.0  # 3 done or verified of 6 minus 1 won't do
    assert value["action_verification"] == pytest.approx(33.33)
    assert value["action_time_to_close"] == 14 * 24 * H
    # incident end → owner, as the follow-up measures it: A resolved 10-05 11:00, owners at
    # 10-06 12:00 (25 h) and 10-07 00:00 (37 h); C resolved and owned 12-01 02:00 (0 h)
    assert value["action_time_to_assign"] == (25 * H + 37 * H + 0) / 3
    assert value["full_telemetry"] == 25.0  # only A has evidence and every milestone
    assert value["slo_breaches_linked"] == 50.0  # A (published) and B (budget 120 %, unpublished)
    a = q4.actions
    assert (a.created, a.planned, a.blocked, a.done, a.verified, a.wont_do) == (6, 1, 1, 2, 1, 1)


def test_bands_and_trends(q4) -> None:  # type: ignore[no-untyped-def]
    figure = {f.key: f for f in q4.figures}
    assert figure["repeat_rate"].band == "poor"
    assert figure["action_completion"].band == "good"
    assert figure["action_verification"].band == "critical"
    assert figure["time_to_postmortem"].band == "good"
    assert figure["mttr"].band == "good"
    # previous quarter: one P2 incident, MTTD 20 min, MTTR 2 h, postmortem published in 22 h
    assert (figure["mttd"].previous, figure["mttd"].trend) == (1200.0, "better")
    assert (figure["mttr"].previous, figure["mttr"].trend) == (7200.0, "flat")
    assert figure["postmortem_completion"].trend == "worse"
    assert figure["action_completion"].trend is None  # no actions the quarter before
    assert q4.previous_incident_count == 1


@pytest.mark.parametrize(
    ("key", "value", "band"),
    [
        ("repeat_rate", 9.9, "excellent"), ("repeat_rate", 10, "good"), ("repeat_rate", 39.9, "poor"),
        ("repeat_rate", 41, "critical"), ("action_completion", 81, "excellent"),
        ("action_completion", 60, "good"), ("action_completion", 45, "poor"),
        ("action_completion", 39, "critical"), ("time_to_postmortem", 23 * H, "excellent"),
        ("time_to_postmortem", 30 * H, "good"), ("time_to_postmortem", 4 * 24 * H, "acceptable"),
        ("time_to_postmortem", 8 * 24 * H, "poor"),
    ],
)  # fmt: skip
def test_band_edges(key: str, value: float, band: str) -> None:
    assert SCALES[key].band(value) == band
    assert SCALES[key].band(None) is None


def test_trend_direction_depends_on_the_metric() -> None:
    assert trend("mttr", 100, 200) == "better"
    assert trend("action_completion", 100, 200) == "worse"
    assert trend("repeat_rate", 10, 10.2) == "flat"
    assert trend("repeat_rate", 5, 0) == "worse"
    assert trend("mttr", None, 5) is None


def test_filters_by_service_and_severity(store: Store) -> None:
    load(store)
    with store.session() as s:
        checkout = compute(s, quarter_period("2025Q4"), MetricFilters(service="checkout"))
        p1 = compute(s, quarter_period("2025Q4"), MetricFilters(severity=["p1"]))
    assert checkout.incident_count == 2 and checkout.time_metrics["mttr"].overall.median == 5400.0
    assert p1.incident_count == 2 and p1.by_severity == {"P1": 2}


def test_empty_period_says_so_without_dividing_by_zero(store: Store) -> None:
    load(store)
    with store.session() as s:
        empty = compute(s, quarter_period("2024Q1"))
    assert empty.empty and empty.figures == []
    assert empty.message == "no incidents in 2024Q1 (2024-01-01 – 2024-03-31)"


def test_monthly_medians(store: Store) -> None:
    load(store)
    with store.session() as s:
        rows = monthly_medians(
            s, make_period(datetime(2025, 7, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
        )
    assert rows == [
        ("2025-08", 7200.0, 1),
        ("2025-10", 3600.0, 1),
        ("2025-11", 14400.0, 1),
        ("2025-12", 7200.0, 1),
    ]


@pytest.mark.parametrize("bad", ["2025Q5", "2025-4", "Q4", "", "2025 Q0", "last quarter"])
def test_bad_quarter_names_the_accepted_format(bad: str) -> None:
    with pytest.raises(InvalidInput, match=r"expected YYYYQn, e\.g\. 2025Q4"):
        quarter_period(bad)


def test_quarter_boundaries_and_previous() -> None:
    q = quarter_period("2025q1")
    assert (q.start, q.end, q.label) == (
        datetime(2025, 1, 1, tzinfo=UTC),
        datetime(2025, 4, 1, tzinfo=UTC),
        "2025Q1",
    )
    assert q.previous().label == "2024Q4"
    with pytest.raises(InvalidInput, match="must be before"):
        make_period(datetime(2025, 2, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC))


def test_a_bad_quarter_is_named_by_its_field_not_a_cli_flag() -> None:
    """The web's quarterly report page said "--quarter: 'abc' is not a quarter"."""
    from hindsight.kb.metrics import quarter_period

    with pytest.raises(InvalidInput, match=r"^quarter: 'abc' is not a quarter; expected YYYYQn"):
        quarter_period("abc")

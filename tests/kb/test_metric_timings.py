"""The per-incident timings behind the metrics: they follow every save and delete, and the
medians read off their indexes equal the ones computed by hand over random incidents."""

from __future__ import annotations

import random
import statistics
from datetime import UTC, datetime, timedelta

from hindsight.domain.model import Incident
from hindsight.kb.metrics import Period, compute, quarter_period
from hindsight.store.repo import Store, add_incident, delete_incident, get_incident, save_incident
from tests.kb.fixtures import load, t


def test_timings_follow_saves_and_deletes(store: Store) -> None:
    load(store)
    with store.session() as s:
        incident = get_incident(s, "INC-2025-12-01")
        incident.resolved_at = t("2025-12-01T10:00")  # MTTR 2 h → 10 h
        save_incident(s, incident, "tester")
    with store.session() as s:
        mttr = compute(s, quarter_period("2025Q4")).time_metrics["mttr"]
    assert (mttr.overall.count, mttr.overall.mean) == (3, (3600 + 4 * 3600 + 10 * 3600) / 3)
    with store.session() as s:
        delete_incident(s, "INC-2025-12-01", "tester")
    with store.session() as s:
        report = compute(s, quarter_period("2025Q4"))
    assert report.incident_count == 3
    assert report.time_metrics["mttr"].overall.median == 2.5 * 3600  # 1 h (A) and 4 h (B)


def test_a_failed_transaction_leaves_the_timings_as_they_were(store: Store) -> None:
    load(store)
    try:
        with store.session() as s:
            incident = get_incident(s, "INC-2025-10-05")
            incident.resolved_at = t("2025-10-09T11:00")
            save_incident(s, incident, "tester")
            raise RuntimeError("abort")
    except RuntimeError:
        pass
    with store.session() as s:
        assert compute(s, quarter_period("2025Q4")).time_metrics["mttr"].overall.mean == 8400.0


def _random_incidents(n: int) -> list[Incident]:
    rng = random.Random(3)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    found = []
    for k in range(n):
        began = start + timedelta(minutes=rng.randint(0, 200_000))
        found.append(
            Incident(
                id=f"INC-2025-01-{k:03d}",
                title=f"random incident {k}",
                severity=rng.choice(["P1", "P2", "P3"]),
                started_at=began,
                detected_at=began + timedelta(seconds=rng.randint(-60, 5000))
                if rng.random() < 0.85
                else None,
                resolved_at=began + timedelta(seconds=rng.randint(60, 90_000)),
            )
        )
    return found


def test_medians_per_severity_match_the_hand_computed_ones(store: Store) -> None:
    incidents = _random_incidents(41)
    with store.session() as s:
        for incident in incidents:
            add_incident(s, incident, "tester")
    # the whole span (primary-key walk for exclusions) and a narrow slice (index search)
    periods = [
        Period(datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC), "2025"),
        Period(datetime(2025, 2, 1, tzinfo=UTC), datetime(2025, 3, 1, tzinfo=UTC), "Feb"),
    ]
    for period in periods:
        chosen = [i for i in incidents if period.start <= i.started_at < period.end]  # type: ignore[operator]
        with store.session() as s:
            mttd = compute(s, period).time_metrics["mttd"]

        def secs(i: Incident) -> float:
            return (i.detected_at - i.started_at).total_seconds()  # type: ignore[operator]

        valid = [i for i in chosen if i.detected_at and secs(i) >= 0]
        assert mttd.overall.median == statistics.median(secs(i) for i in valid)
        for stat in mttd.by_severity:
            same = [secs(i) for i in valid if i.severity == stat.severity]
            assert (stat.count, stat.median) == (len(same), statistics.median(same))
        left_out = sorted(i.id for i in chosen if i not in valid)
        assert mttd.excluded_count == len(left_out)
        assert [e.incident_id for e in mttd.excluded] == left_out
        assert {e.reason for e in mttd.excluded} <= {
            "no detected_at",
            "detected_at before started_at",
        }

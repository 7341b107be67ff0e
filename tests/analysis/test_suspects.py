"""Change suspects on realistic scenarios: the true cause ranks first; no-change incidents name nobody."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from hindsight.analysis.suspects import change_kind, rank_suspects
from hindsight.domain.model import EventKind, Incident, TimelineEvent
from tests.analysis.scenarios import Scenario, load_scenarios
from tests.conftest import shared_data

SCENARIOS = load_scenarios()


def ranks_first(scenario: Scenario) -> bool:
    report = rank_suspects(scenario.incident)
    if scenario.cause is None:
        return not report.suspects
    return report.top is not None and scenario.cause in report.top.evidence


def test_there_are_enough_scenarios_of_both_sorts() -> None:
    assert len(SCENARIOS) >= 10
    assert sum(s.cause is None for s in SCENARIOS) >= 3
    assert sum(s.cause is not None for s in SCENARIOS) >= 8


def test_true_cause_ranks_first_in_at_least_eight_scenarios() -> None:
    with_cause = [s for s in SCENARIOS if s.cause is not None]
    first = [s.name for s in with_cause if ranks_first(s)]
    assert len(first) >= 8, f"true cause first in {len(first)}/{len(with_cause)}: {first}"


@pytest.mark.parametrize(
    "scenario", [s for s in SCENARIOS if s.cause is None], ids=lambda s: s.name
)
def test_no_change_scenarios_name_no_suspect(scenario: Scenario) -> None:
    report = rank_suspects(scenario.incident)
    assert report.suspects == []
    assert "Look beyond our changes" in report.message


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_each_scenario(scenario: Scenario) -> None:
    assert ranks_first(scenario)


def by_name(name: str) -> Scenario:
    return next(s for s in SCENARIOS if s.name == name)


def test_rollback_that_ended_the_anomaly_is_strong_evidence() -> None:
    report = rank_suspects(by_name("deploy_error_spike_rollback").incident)
    top = report.top
    assert top is not None and top.confidence == "strong"
    assert top.rolled_back_at is not None
    assert any("anomaly ended" in r for r in top.reasons)
    assert any("checkout-api, which is affected" in r for r in top.reasons)
    # the k8s scale-up of the same rollout is evidence of the deploy, not a second suspect
    assert any("Scaled up replica set" in e.text for e in top.evidence)
    assert all(s.kind != "infrastructure" for s in report.suspects)


def test_rollback_without_recovery_counts_against_the_change() -> None:
    report = rank_suspects(by_name("red_herring_rollback").incident)
    assert report.suspects == []
    (deploy,) = report.discounted
    assert any("evidence against" in r for r in deploy.reasons)


def test_two_changes_the_one_undone_with_effect_wins() -> None:
    report = rank_suspects(by_name("two_changes_flag_wins").incident)
    assert [s.kind for s in report.suspects] == ["feature_flag", "deploy"]
    assert report.suspects[1].rolled_back_at is None  # the flag-off is not a rollback of the deploy


def test_hints_point_at_non_change_causes() -> None:
    assert any(
        "certificate" in h for h in rank_suspects(by_name("certificate_expiry").incident).hints
    )
    assert any(
        "disk" in h for h in rank_suspects(by_name("alert_only_no_start_time").incident).hints
    )
    assert any(
        "upstream" in h
        for h in rank_suspects(by_name("dependency_outage_no_change").incident).hints
    )


def test_onset_falls_back_to_first_alert_and_reports_no_time() -> None:
    report = rank_suspects(by_name("alert_only_no_start_time").incident)
    assert report.onset == datetime(2025, 7, 3, 4, 11, tzinfo=UTC)
    empty = rank_suspects(Incident(id="INC-X", title="nothing known"))
    assert empty.onset is None and empty.suspects == [] and "no start time" in empty.message


def test_lookback_limits_the_window() -> None:
    incident = by_name("feature_flag_flip").incident
    narrow = rank_suspects(incident, lookback=timedelta(minutes=30))
    assert all(s.before_onset <= timedelta(minutes=30) for s in narrow.suspects + narrow.discounted)


def test_change_kinds_from_ingest_shapes() -> None:
    at = datetime(2025, 1, 1, tzinfo=UTC)
    assert change_kind(TimelineEvent(at, "Alert firing: HighErrorRate", EventKind.ALERT)) is None
    assert (
        change_kind(TimelineEvent(at, "merge: Bump timeout (abc12345 by ana)", EventKind.DEPLOY))
        == "deploy"
    )
    assert (
        change_kind(TimelineEvent(at, "LaunchDarkly flag x on", EventKind.CONFIG_CHANGE))
        == "feature_flag"
    )
    assert (
        change_kind(
            TimelineEvent(
                at,
                "SuccessfulCreate CronJob/backup: Created job backup-1",
                EventKind.LOG,
                level="INFO",
            )
        )
        == "scheduled_job"
    )
    assert (
        change_kind(TimelineEvent(at, "disk failure on node-3", EventKind.LOG, level="ERROR"))
        is None
    )
    assert (
        change_kind(
            TimelineEvent(
                at, "Provider status page update", EventKind.NOTE, detail={"external": True}
            )
        )
        is None
    )


_LOG = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),\d+ - (\w+) - (.*)$")


def test_real_holmesgpt_certificate_scenario_names_no_change() -> None:
    """The captured logs of HolmesGPT's `05_crashpod` lab (expired certificate): no change to blame."""
    folder = shared_data(
        "holmesgpt_scenarios", "tests", "llm", "fixtures", "test_investigate", "05_crashpod"
    )
    events = []
    for line in (folder / "kubectl_logs.txt").read_text("utf-8").splitlines():
        match = _LOG.match(line)
        if match:
            at = datetime.fromisoformat(match.group(1)).replace(tzinfo=UTC)
            level = match.group(2).lower()
            events.append(TimelineEvent(at, match.group(3), EventKind.LOG, source="kubectl-logs",
                                        service="db-certs-authenticator", level=level))  # fmt: skip
    assert any(e.level == "error" for e in events)
    incident = Incident(id="INC-HOLMES-05", title="db-certs-authenticator CrashLoopBackOff",
                        services=["db-certs-authenticator"], timeline=events)  # fmt: skip
    report = rank_suspects(incident)
    assert report.onset is not None
    assert report.suspects == []
    assert any("certificate" in h for h in report.hints)


def test_a_hand_written_change_naming_the_service_counts_as_same_place() -> None:
    start = datetime(2025, 12, 15, 22, 47, tzinfo=UTC)
    incident = Incident(
        id="INC-M", title="Checkout 5xx", services=["checkout-api"], started_at=start,
        timeline=[TimelineEvent(start - timedelta(minutes=7), "Deploy checkout-api 9f1c2e7", EventKind.DEPLOY),
                  TimelineEvent(start - timedelta(minutes=5), "Deploy checkout-api-admin 1", EventKind.DEPLOY)],
    )  # fmt: skip
    report = rank_suspects(incident)
    assert report.top is not None and report.top.summary == "Deploy checkout-api 9f1c2e7"
    assert "names checkout-api, which is affected" in report.top.reasons

"""Completeness checks: each section missing or weak, and the complete postmortem passing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hindsight.domain.model import Impact, IncidentStatus, Milestone, WhyChain, WhyStep
from hindsight.domain.policy import default_policy
from hindsight.quality.completeness import check_completeness, summary_problems
from tests.quality.factory import good_incident

NOW = datetime(2025, 12, 20, 12, 0, tzinfo=UTC)


def rules(**overrides: object) -> set[str]:
    return {
        f.rule for f in check_completeness(good_incident(NOW, **overrides), default_policy(), NOW)
    }


def test_a_complete_postmortem_has_no_findings() -> None:
    assert rules() == set()


def test_an_empty_timeline_and_missing_milestones_are_errors() -> None:
    found = rules(timeline=[], mitigated_at=None, detected_at=None)
    assert {"completeness/no-timeline", "completeness/milestones"} <= found


def test_milestones_can_come_from_timeline_events() -> None:
    incident = good_incident(NOW, started_at=None, detected_at=None)
    assert incident.timeline[0].milestone is Milestone.STARTED
    found = {f.rule for f in check_completeness(incident, default_policy(), NOW)}
    assert "completeness/milestones" not in found


def test_milestones_out_of_order_are_flagged() -> None:
    incident = good_incident(NOW)
    incident.resolved_at = incident.started_at - timedelta(minutes=5)  # type: ignore[operator]
    incident.timeline = []
    found = check_completeness(incident, default_policy(), NOW)
    assert any(f.rule == "completeness/milestone-order" and "resolved" in f.message for f in found)


def test_impact_needs_numbers() -> None:
    incident = good_incident(NOW, impact=Impact())
    incident.started_at = incident.resolved_at = None
    incident.timeline = []
    found = {f.rule for f in check_completeness(incident, default_policy(), NOW)}
    assert "completeness/impact-numbers" in found
    assert "completeness/impact-users" in rules(impact=Impact(downtime_minutes=42))


def test_root_cause_needs_a_why_chain_three_deep_that_ends_in_the_system() -> None:
    assert "completeness/no-root-cause" in rules(root_cause="", why_chains=[])
    shallow = [
        WhyChain("Why?", [WhyStep("The config was empty."), WhyStep("A variable was unset.")])
    ]
    assert "completeness/why-depth" in rules(why_chains=shallow)
    at_person = [
        WhyChain(
            "Why?",
            [
                WhyStep("The config was empty."),
                WhyStep("A variable was unset."),
                WhyStep("Marcus forgot to set it."),
            ],
        )
    ]
    found = rules(why_chains=at_person)
    assert found == {"completeness/why-ends-at-person"}


def test_went_well_and_went_wrong_must_be_present() -> None:
    assert {"completeness/no-went-well", "completeness/no-went-wrong"} <= rules(
        went_well=[], went_wrong=[]
    )


def test_the_executive_summary_is_short_and_plain() -> None:
    assert "completeness/no-summary" in rules(summary="")
    long = "One. Two. Three. Four."
    assert summary_problems(long) == ["4 sentences (at most 3)"]
    jargon = "The k8s ingress returned 502s after the etcd failover."
    problems = summary_problems(jargon)
    assert len(problems) == 1 and "etcd" in problems[0] and "ingress" in problems[0]
    assert summary_problems("For 42 minutes customers could not pay. We restored service.") == []
    assert "completeness/summary" in rules(summary=jargon)


def test_a_draft_past_the_severity_deadline() -> None:
    incident = good_incident(NOW)
    assert incident.resolved_at is not None
    incident.drafted_at = None
    incident.status = IncidentStatus.RESOLVED
    late_now = incident.resolved_at + timedelta(hours=80)  # P1 allows 72 h
    found = {f.rule: f for f in check_completeness(incident, default_policy(), late_now)}
    assert found["completeness/draft-overdue"].severity == "error"
    incident.drafted_at = incident.resolved_at + timedelta(hours=75)
    found = {f.rule: f for f in check_completeness(incident, default_policy(), late_now)}
    assert "3 h after" in found["completeness/draft-late"].message
    incident.drafted_at = incident.resolved_at + timedelta(hours=70)
    assert not {
        r
        for r in (f.rule for f in check_completeness(incident, default_policy(), late_now))
        if r.startswith("completeness/draft")
    }


def test_a_draft_whose_time_is_unknown_is_a_warning_not_overdue() -> None:
    incident = good_incident(NOW, drafted_at=None, status=IncidentStatus.IN_REVIEW)
    found = check_completeness(incident, default_policy(), NOW + timedelta(days=30))
    assert [f.rule for f in found] == ["completeness/no-draft-time"]

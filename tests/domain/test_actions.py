"""Action lifecycle rules: transitions, required reasons, verification by someone else, close gate."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hindsight.domain import actions as rules
from hindsight.domain.followup import followup
from hindsight.domain.model import ActionStatus, Incident, Level, PreventionLevel
from hindsight.domain.policy import default_policy
from hindsight.errors import GateFailed, InvalidInput

T0 = datetime(2025, 12, 15, 23, 0, tzinfo=UTC)
S = ActionStatus


def incident() -> Incident:
    return Incident(id="INC-2025-12-15", title="Checkout 5xx", resolved_at=T0)


def test_add_records_creation_and_assignment() -> None:
    inc = incident()
    item = rules.add_action(inc, "Add a canary gate", by="lead", owner="ana", due=date(2025, 12, 22),
                            kind="detect", horizon="immediate", at=T0 + timedelta(hours=20))  # fmt: skip
    assert item.ref == "A1" and item.status == S.PLANNED
    assert item.assigned_at == T0 + timedelta(hours=20)
    assert rules.time_to_assignment(inc, item) == timedelta(hours=20)
    assert [h.status for h in item.history] == [S.PLANNED]
    second = rules.add_action(inc, "Write runbook", by="lead")
    assert second.ref == "A2" and second.assigned_at is None
    rules.assign(second, "bo", at=T0 + timedelta(days=2))
    rules.assign(second, "cy", at=T0 + timedelta(days=3))
    assert second.owner == "cy" and second.assigned_at == T0 + timedelta(
        days=2
    )  # first assignment kept


def test_full_lifecycle_appends_history_and_sets_times() -> None:
    item = rules.add_action(incident(), "Fix", by="lead", owner="ana", at=T0)
    rules.transition(item, "in_progress", by="ana", at=T0 + timedelta(days=1))
    rules.transition(
        item, S.BLOCKED, by="ana", reason="waiting for DB team", at=T0 + timedelta(days=2)
    )
    assert item.status_reason == "waiting for DB team"
    rules.transition(item, S.IN_PROGRESS, by="ana", at=T0 + timedelta(days=3))
    assert item.status_reason is None
    rules.transition(
        item, S.DONE, by="ana", evidence="https://git.example/pr/1", at=T0 + timedelta(days=4)
    )
    assert item.done_at == T0 + timedelta(days=4)
    rules.transition(item, S.VERIFIED, by="bo", evidence="drill 2025-12-30: alert fired in 40 s",
                     verifier="bo", at=T0 + timedelta(days=5))  # fmt: skip
    assert item.verified_at == T0 + timedelta(days=5) and item.verifier == "bo"
    assert [h.status for h in item.history] == [
        S.PLANNED,
        S.IN_PROGRESS,
        S.BLOCKED,
        S.IN_PROGRESS,
        S.DONE,
        S.VERIFIED,
    ]
    assert item.history[2].reason == "waiting for DB team"


@pytest.mark.parametrize(
    ("setup", "target", "kwargs", "error", "message"),
    [
        (
            [],
            S.VERIFIED,
            {"evidence": "x", "verifier": "bo"},
            GateFailed,
            "only a done action can be verified",
        ),
        (
            [S.DONE],
            S.VERIFIED,
            {"evidence": "x", "verifier": "ANA"},
            GateFailed,
            "must not be the owner",
        ),
        ([S.DONE], S.VERIFIED, {"verifier": "bo"}, InvalidInput, "needs evidence"),
        ([S.DONE], S.VERIFIED, {"evidence": "x"}, InvalidInput, "needs a verifier"),
        ([], S.BLOCKED, {}, InvalidInput, "reason is required for blocking"),
        ([], S.BLOCKED, {"reason": "   "}, InvalidInput, "reason is required"),
        ([], S.WONT_DO, {}, InvalidInput, "reason is required for won't do"),
        ([S.DONE], S.IN_PROGRESS, {}, InvalidInput, "reopening"),
        ([], S.PLANNED, {}, InvalidInput, "already planned"),
        ([], "finished", {}, InvalidInput, "expected one of planned"),
    ],
)
def test_refusals_name_the_rule(
    setup: list, target: object, kwargs: dict, error: type, message: str
) -> None:
    item = rules.add_action(incident(), "Fix", by="lead", owner="ana")
    for status in setup:
        rules.transition(item, status, by="ana")
    before = (item.status, len(item.history), item.evidence, item.verifier)
    with pytest.raises(error, match=message):
        rules.transition(item, target, by="x", **kwargs)  # type: ignore[arg-type]
    assert (item.status, len(item.history), item.evidence, item.verifier) == before


def test_close_blockers() -> None:
    inc = incident()
    a = rules.add_action(inc, "One", by="l", owner="ana")
    b = rules.add_action(inc, "Two", by="l", owner="ana")
    rules.transition(a, S.DONE, by="ana")
    blockers = rules.close_blockers(inc)
    assert any("A1" in x and "not verified" in x for x in blockers)
    assert any("A2" in x and "planned" in x for x in blockers)
    rules.transition(a, S.VERIFIED, by="bo", evidence="link", verifier="bo")
    rules.transition(b, S.WONT_DO, by="l", reason="superseded by A1")
    assert rules.close_blockers(inc) == []


def test_weak_controls_warning_and_priority() -> None:
    inc = incident()
    rules.add_action(inc, "Train on-call", by="l", prevention_level="training")
    rules.add_action(inc, "Add checklist", by="l", prevention_level="administrative")
    assert rules.control_warnings(inc)
    item = rules.add_action(inc, "Make config push require a canary", by="l",
                            prevention_level=PreventionLevel.ENGINEERING, impact="high", effort="low")  # fmt: skip
    assert rules.control_warnings(inc) == []
    assert rules.priority(item) == "do now"
    item.impact, item.effort = Level.LOW, Level.HIGH
    assert rules.priority(item) == "skip"


def test_horizon_warning() -> None:
    inc = incident()
    item = rules.add_action(inc, "Fix", by="l", horizon="immediate", due=date(2026, 3, 1),
                            at=T0 + timedelta(hours=20))  # fmt: skip
    assert "immediate" in (rules.horizon_warning(item, inc) or "")
    item.due = date(2025, 12, 18)
    assert rules.horizon_warning(item, inc) is None


def test_horizon_counts_from_when_a_late_action_was_agreed() -> None:
    """The README tour adds actions to a 2025 incident today: +7d is immediate, not overdue."""
    inc = incident()
    agreed = T0 + timedelta(days=300)
    item = rules.add_action(inc, "Alert on pool use", by="l", horizon="immediate",
                            due=agreed.date() + timedelta(days=7), at=agreed)  # fmt: skip
    assert rules.horizon_warning(item, inc) is None
    item.due = agreed.date() + timedelta(days=30)
    assert "immediate" in (rules.horizon_warning(item, inc) or "")


def test_followup_sections() -> None:
    today = date(2026, 1, 15)
    inc = incident()
    rules.add_action(inc, "Late", by="l", owner="ana", due=date(2026, 1, 10))
    stuck = rules.add_action(inc, "Stuck", by="l", owner="bo", due=date(2026, 2, 1))
    rules.transition(
        stuck, S.BLOCKED, by="bo", reason="vendor", at=datetime(2025, 12, 20, tzinfo=UTC)
    )
    recent = rules.add_action(inc, "Recently blocked", by="l", owner="bo", due=date(2026, 2, 1))
    rules.transition(
        recent, S.BLOCKED, by="bo", reason="review", at=datetime(2026, 1, 12, tzinfo=UTC)
    )
    rules.add_action(inc, "Soon", by="l", due=date(2026, 1, 19))
    done = rules.add_action(inc, "Done", by="l", owner="cy")
    rules.transition(done, S.DONE, by="cy")
    dropped = rules.add_action(inc, "Dropped", by="l")
    rules.transition(dropped, S.WONT_DO, by="l", reason="superseded")
    refs = [rules.ActionRef(inc.id, inc.title, a) for a in inc.actions]
    report = followup(refs, today=today, policy=default_policy(), assignment_days=[1.0, 3.0, 2.0])
    assert [r.item.title for r in report.overdue] == ["Late"]
    assert [r.item.title for r in report.escalate] == ["Stuck"]  # blocked 26 days > 14
    assert [r.item.title for r in report.blocked] == ["Recently blocked"]
    assert [r.item.title for r in report.due_this_week] == ["Soon"]
    assert [r.item.title for r in report.unverified] == ["Done"]
    assert "Soon" in [r.item.title for r in report.unowned]
    assert report.completion_rate == pytest.approx(1 / 5)
    assert report.median_days_to_assign == 2.0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(S)), st.sampled_from([None, "why"]),
                          st.sampled_from([None, "ana", "bo"])), max_size=12))  # fmt: skip
def test_any_sequence_keeps_the_invariants(moves: list) -> None:
    """Whatever is attempted: verified implies evidence and a non-owner verifier; history matches."""
    item = rules.add_action(incident(), "Fix", by="lead", owner="ana")
    for status, reason, verifier in moves:
        with contextlib.suppress(InvalidInput, GateFailed):
            rules.transition(
                item, status, by="x", reason=reason, evidence=reason, verifier=verifier
            )
        assert item.history[-1].status == item.status
        if item.status == S.VERIFIED:
            assert item.evidence and item.verifier and item.verifier != item.owner and item.done_at
        if item.status in (S.BLOCKED, S.WONT_DO):
            assert item.status_reason


def test_a_new_action_names_every_bad_field_and_adds_nothing() -> None:
    inc = incident()
    before = list(inc.actions)
    with pytest.raises(InvalidInput) as caught:
        rules.add_action(inc, "  ", by="ana", kind="fix it", impact="huge", effort="low")
    fields = [field for field, _ in caught.value.problems]
    assert fields == ["title", "kind", "impact"]
    assert "needs a title" in caught.value.message and ";" in caught.value.message
    assert inc.actions == before
    with pytest.raises(InvalidInput) as single:
        rules.add_action(inc, "Alert on queue age", by="ana", horizon="someday")
    assert single.value.problems == [(single.value.field, single.value.message)]

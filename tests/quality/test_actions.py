"""SMART action checks: each rule with a case that fires and one that does not."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from hindsight.domain.model import ActionItem, ActionKind, ActionStatus
from hindsight.domain.policy import default_policy
from hindsight.quality.actions import check_action, check_actions, is_group_owner
from tests.quality.factory import good_incident

TODAY = date(2025, 12, 20)
GOOD = ActionItem(
    1,
    "Add a CI check that rejects configs with an empty upstream list",
    owner="marcus",
    due=date(2026, 1, 10),
    kind=ActionKind.PREVENT,
)


def rules(item: ActionItem) -> set[str]:
    return {f.rule for f in check_action(item, TODAY)}


def test_a_smart_action_has_no_findings() -> None:
    assert rules(GOOD) == set()


@pytest.mark.parametrize(
    "title",
    [
        "Improve monitoring",
        "Look into the retry logic",
        "Consider adding more tests",
        "Try to be more careful with configs",
        "Eventually migrate to the new load balancer",
    ],
)
def test_vague_actions_without_an_observable_outcome_are_flagged(title: str) -> None:
    found = check_action(replace(GOOD, title=title), TODAY)
    assert [f.rule for f in found] == ["actions/vague"]
    assert "Shape:" in (found[0].suggestion or "")


@pytest.mark.parametrize(
    "title,verification",
    [
        ("Improve alerting so that a 2% 5xx rate pages within 3 minutes", None),
        ("Improve the config linter", "An empty upstream list fails CI"),
    ],
)
def test_vague_words_with_an_observable_outcome_pass(title: str, verification: str | None) -> None:
    assert "actions/vague" not in rules(replace(GOOD, title=title, verification=verification))


def test_missing_owner_is_an_error() -> None:
    found = check_action(replace(GOOD, owner=None), TODAY)
    assert [(f.rule, f.severity) for f in found] == [("actions/no-owner", "error")]


@pytest.mark.parametrize("owner", ["team", "Everyone", "DevOps", "@platform-team", "#sre", "TBD"])
def test_group_owners_are_refused(owner: str) -> None:
    assert is_group_owner(owner)
    assert rules(replace(GOOD, owner=owner)) == {"actions/group-owner"}


@pytest.mark.parametrize("owner", ["marcus", "Priya Raman", "@kenji", "teamwork.ana"])
def test_named_people_are_owners(owner: str) -> None:
    assert not is_group_owner(owner)


def test_missing_deadline_is_an_error_while_open_only() -> None:
    assert rules(replace(GOOD, due=None)) == {"actions/no-deadline"}
    assert rules(replace(GOOD, due=None, status=ActionStatus.VERIFIED)) == set()


def test_a_past_deadline_is_flagged_only_while_still_open() -> None:
    late = replace(GOOD, due=date(2025, 12, 1))
    found = check_action(late, TODAY)
    assert [f.rule for f in found] == ["actions/overdue"]
    assert "19 days ago" in found[0].message
    assert rules(replace(late, status=ActionStatus.DONE)) == set()


def test_more_actions_than_the_policy_allows_is_flagged() -> None:
    policy = default_policy()
    many = [replace(GOOD, number=n) for n in range(1, policy.max_actions + 2)]
    found = check_actions(good_incident(actions=many), policy, TODAY)
    assert [f.rule for f in found] == ["actions/too-many"]
    within = many[: policy.max_actions]
    assert check_actions(good_incident(actions=within), policy, TODAY) == []


def test_without_a_prevent_action_the_root_cause_is_unaddressed() -> None:
    detect_only = [replace(GOOD, kind=ActionKind.DETECT)]
    found = check_actions(good_incident(actions=detect_only), default_policy(), TODAY)
    assert [(f.rule, f.severity) for f in found] == [("actions/no-prevent", "error")]
    wont = [replace(GOOD, status=ActionStatus.WONT_DO, status_reason="superseded")]
    assert "actions/no-prevent" in {
        f.rule for f in check_actions(good_incident(actions=wont), default_policy(), TODAY)
    }


def test_today_defaults_to_the_clock() -> None:
    incident = good_incident(now=datetime(2020, 1, 1, tzinfo=UTC))  # actions due in Jan 2020
    assert check_actions(incident, default_policy(), date(2020, 1, 2)) == []
    overdue = {f.rule for f in check_actions(incident, default_policy())}
    assert overdue == {"actions/overdue"}

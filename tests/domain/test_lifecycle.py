from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hindsight.domain.lifecycle import (
    allowed_moves,
    close_blockers,
    gate_ahead,
    gate_blockers,
    parse_status,
    transition,
)
from hindsight.domain.model import ActionItem, ActionStatus, Incident, IncidentStatus
from hindsight.domain.policy import default_policy
from hindsight.errors import GateFailed, InvalidInput

T = datetime(2025, 12, 15, 23, 0, tzinfo=UTC)


def test_forward_moves_stamp_the_skipped_milestones() -> None:
    incident = Incident("INC-1", "x", started_at=T)
    transition(incident, IncidentStatus.RESOLVED, default_policy(), at=T)
    assert incident.resolved_at == T and incident.mitigated_at == T
    assert incident.status is IncidentStatus.RESOLVED


def test_backward_moves_are_limited() -> None:
    incident = Incident("INC-1", "x", status=IncidentStatus.PUBLISHED)
    with pytest.raises(GateFailed, match="cannot go from published back to open"):
        transition(incident, IncidentStatus.OPEN, default_policy())
    review = Incident("INC-2", "x", status=IncidentStatus.IN_REVIEW)
    transition(review, IncidentStatus.DRAFTING, default_policy())
    assert review.status is IncidentStatus.DRAFTING


def test_close_needs_every_action_verified_or_wont_do() -> None:
    incident = Incident("INC-1", "x", status=IncidentStatus.PUBLISHED)
    incident.actions = [
        ActionItem(1, "a", status=ActionStatus.DONE),
        ActionItem(2, "b", status=ActionStatus.WONT_DO),
    ]
    assert close_blockers(incident) == ["A1 (a) is done but not verified"]
    with pytest.raises(GateFailed, match="cannot be closed"):
        transition(incident, IncidentStatus.CLOSED, default_policy())
    incident.actions[0].status = ActionStatus.VERIFIED
    transition(incident, IncidentStatus.CLOSED, default_policy())
    assert incident.closed_at is not None


def test_unknown_status_lists_valid_ones() -> None:
    with pytest.raises(InvalidInput, match="valid: open, mitigated"):
        parse_status("finished")
    assert parse_status("In Review") is IncidentStatus.IN_REVIEW


@pytest.mark.parametrize("current", list(IncidentStatus))
def test_allowed_moves_are_exactly_the_moves_transition_takes(current: IncidentStatus) -> None:
    """The incident page offers `allowed_moves`; the service moves with `transition`: one rule."""
    offered = allowed_moves(current)
    for target in IncidentStatus:
        if target == current:
            continue
        incident = Incident("INC-1", "x", status=current)
        try:
            transition(incident, target, default_policy(), override="test: gates aside")
            taken = True
        except GateFailed as exc:
            taken = False
            assert "back to" in str(exc) or target == IncidentStatus.CLOSED, exc
        if target != IncidentStatus.CLOSED:  # closing also needs the actions done (no actions here)
            assert taken == (target in offered), (current, target)


def test_the_gate_ahead_names_what_blocks_the_next_gated_step() -> None:
    assert gate_ahead(IncidentStatus.OPEN) is None
    assert gate_ahead(IncidentStatus.IN_REVIEW) is IncidentStatus.PUBLISHED
    assert gate_ahead(IncidentStatus.PUBLISHED) is IncidentStatus.CLOSED
    assert gate_ahead(IncidentStatus.CLOSED) is None
    incident = Incident("INC-1", "x", status=IncidentStatus.PUBLISHED)
    incident.actions = [ActionItem(1, "a", status=ActionStatus.DONE)]
    assert gate_blockers(incident, IncidentStatus.CLOSED, default_policy()) == [
        "A1 (a) is done but not verified"
    ]
    assert gate_blockers(incident, IncidentStatus.RESOLVED, default_policy()) == []

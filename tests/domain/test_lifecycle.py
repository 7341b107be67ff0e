from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hindsight.domain.actions import close_blockers
from hindsight.domain.lifecycle import allowed_moves, gate_ahead, parse_status, transition
from hindsight.domain.model import ActionItem, ActionStatus, Incident, IncidentStatus
from hindsight.errors import GateFailed, InvalidInput

T = datetime(2025, 12, 15, 23, 0, tzinfo=UTC)


def test_forward_moves_stamp_the_skipped_milestones() -> None:
    incident = Incident("INC-1", "x", started_at=T)
    transition(incident, IncidentStatus.RESOLVED, [], at=T)
    assert incident.resolved_at == T and incident.mitigated_at == T
    assert incident.status is IncidentStatus.RESOLVED


def test_backward_moves_are_limited() -> None:
    incident = Incident("INC-1", "x", status=IncidentStatus.PUBLISHED)
    with pytest.raises(GateFailed, match="cannot go from published back to open"):
        transition(incident, IncidentStatus.OPEN, [])
    review = Incident("INC-2", "x", status=IncidentStatus.IN_REVIEW)
    transition(review, IncidentStatus.DRAFTING, [])
    assert review.status is IncidentStatus.DRAFTING


def test_close_needs_every_action_verified_or_wont_do() -> None:
    incident = Incident("INC-1", "x", status=IncidentStatus.PUBLISHED)
    incident.actions = [
        ActionItem(1, "a", status=ActionStatus.DONE),
        ActionItem(2, "b", status=ActionStatus.WONT_DO),
    ]
    assert close_blockers(incident) == ["A1 (a) is done but not verified"]
    with pytest.raises(GateFailed, match="cannot be closed"):
        transition(incident, IncidentStatus.CLOSED, close_blockers(incident))
    incident.actions[0].status = ActionStatus.VERIFIED
    transition(incident, IncidentStatus.CLOSED, close_blockers(incident))
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
            transition(incident, target, [], override="test: gates aside")
            taken = True
        except GateFailed as exc:
            taken = False
            assert "back to" in str(exc) or target == IncidentStatus.CLOSED, exc
        if target != IncidentStatus.CLOSED:  # closing also needs the actions done (no actions here)
            assert taken == (target in offered), (current, target)


def test_the_gate_ahead_is_the_next_gated_step() -> None:
    assert gate_ahead(IncidentStatus.OPEN) is None
    assert gate_ahead(IncidentStatus.DRAFTING) is IncidentStatus.PUBLISHED
    assert gate_ahead(IncidentStatus.IN_REVIEW) is IncidentStatus.PUBLISHED
    assert gate_ahead(IncidentStatus.PUBLISHED) is IncidentStatus.CLOSED
    assert gate_ahead(IncidentStatus.CLOSED) is None


def test_publishing_takes_the_gate_findings_it_is_given() -> None:
    """The domain does not run the gate (quality/ does): it refuses on the findings passed in,
    and an override returns them for the audit log."""
    incident = Incident("INC-1", "x", status=IncidentStatus.IN_REVIEW)
    with pytest.raises(GateFailed, match=r"cannot be published: rubric score 2\.00"):
        transition(incident, IncidentStatus.PUBLISHED, ["rubric score 2.00"])
    assert incident.status is IncidentStatus.IN_REVIEW
    bypassed = transition(
        incident, IncidentStatus.PUBLISHED, ["rubric score 2.00"], override="postmortem by email"
    )
    assert bypassed == ["rubric score 2.00"] and incident.status is IncidentStatus.PUBLISHED

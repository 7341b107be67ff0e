from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hindsight.domain.model import Incident
from hindsight.domain.policy import default_policy, load_policy
from hindsight.errors import InvalidInput

T = datetime(2025, 12, 15, 22, 47, tzinfo=UTC)


def test_default_policy_requires_postmortems_by_the_documented_rules() -> None:
    policy = default_policy()
    quiet = Incident(
        "INC-1", "x", severity="P3", started_at=T, resolved_at=T + timedelta(minutes=5)
    )
    assert policy.postmortem_reasons(quiet) == []
    assert policy.postmortem_deadline(quiet) is None  # P3: no deadline
    loud = Incident(
        "INC-2", "x", severity="P2", started_at=T, resolved_at=T + timedelta(minutes=45)
    )
    loud.impact.money_lost = 1500
    loud.impact.support_tickets = 11
    loud.impact.data_loss = True
    reasons = policy.postmortem_reasons(loud)
    assert "downtime 45m > 30m" in reasons
    assert "data loss" in reasons
    assert any("11 support tickets" in r for r in reasons)
    assert any("loss 1,500 USD" in r for r in reasons)
    assert policy.postmortem_deadline(loud) == loud.resolved_at + timedelta(days=7)
    p0 = Incident("INC-3", "x", severity="P0", started_at=T, resolved_at=T)
    assert policy.postmortem_deadline(p0) == T + timedelta(hours=24)
    assert policy.max_actions == 7 and policy.escalate_blocked_after_days == 14


def test_workspace_policy_overrides_defaults(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("max_actions: 5\nseverities:\n  SEV1: {postmortem_deadline_hours: 48}\n")
    policy = load_policy(path)
    assert policy.max_actions == 5
    assert list(policy.severities) == ["SEV1"]
    with pytest.raises(InvalidInput, match="valid: SEV1"):
        policy.check_severity("P1")


def test_broken_policy_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("severities: [unclosed\n")
    with pytest.raises(InvalidInput, match=r"policy.yaml: not valid YAML"):
        load_policy(path)
    path.write_text("severities: 3\n")
    with pytest.raises(InvalidInput, match="'severities' must map"):
        load_policy(path)


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (b"max_actions: lots\n", "max_actions"),
        (b"escalate_blocked_after_days: soon\n", "escalate_blocked_after_days"),
        (b"repeat_window_days: -3\n", "repeat_window_days"),
        (
            b"severities:\n  P1: {postmortem_deadline_hours: banana}\n",
            "P1.postmortem_deadline_hours",
        ),
        (b"max_actions: caf\xe9\n", "not UTF-8"),
    ],
)
def test_a_bad_policy_value_is_named_with_its_file(
    tmp_path: Path, content: bytes, named: str
) -> None:
    path = tmp_path / "policy.yaml"
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=f"{path}.*{named}"):
        load_policy(path)

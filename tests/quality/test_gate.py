"""The publishing gate: below the pass mark or with blame, `in_review → published` is refused."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hindsight.cli.main import app
from hindsight.domain.model import ActionItem, ActionStatus, Incident, IncidentStatus
from hindsight.domain.policy import default_policy
from hindsight.quality.gate import gate_blockers, publish_blockers
from hindsight.store.repo import audit_log
from hindsight.workspace import find_workspace
from tests.quality.factory import good_incident

NOW = datetime(2025, 12, 20, 12, 0, tzinfo=UTC)


def test_a_good_postmortem_has_no_blockers() -> None:
    assert publish_blockers(good_incident(NOW), default_policy(), now=NOW) == []


def test_a_low_score_blocks_and_names_the_weakest_criteria() -> None:
    thin = good_incident(NOW, actions=[], why_chains=[], timeline=[], reviews=[])
    blockers = publish_blockers(thin, default_policy(), now=NOW)
    assert len(blockers) == 1
    assert blockers[0].startswith("rubric score ") and "below 3.5" in blockers[0]
    assert "Actions 1/5" in blockers[0]


def test_blame_blocks_even_when_the_score_passes() -> None:
    incident = good_incident(
        NOW, went_wrong=["The on-call engineer was careless with the rollout."]
    )
    blockers = publish_blockers(incident, default_policy(), now=NOW)
    assert blockers == [
        "1 blaming sentence(s): went_wrong[1]: 'The on-call engineer was careless with the rollout.'"
    ]


def test_the_workspace_rubric_is_the_one_the_faces_pass(workspace: Path) -> None:
    """The gate reads no file itself: the faces hand it `Workspace.rubric` (rubric.yaml of the
    workspace, else the shipped one); without a rubric it uses the shipped one."""
    (workspace / "rubric.yaml").write_text(
        "pass_mark: 5\ncriteria:\n  follow_up: {}\n", encoding="utf-8"
    )
    incident = good_incident(NOW, reviews=[])  # follow-up 4/5
    rubric = find_workspace().rubric
    blockers = publish_blockers(incident, default_policy(), rubric, now=NOW)
    assert blockers[0].startswith("rubric score 4.00")
    assert publish_blockers(incident, default_policy(), now=NOW) == []


@pytest.mark.usefixtures("workspace")
def test_incident_status_refuses_publishing_and_audits_an_override() -> None:
    store = find_workspace().open_store()
    try:
        incident = good_incident(
            went_wrong=["Kenji forgot to renew the certificate."], status=IncidentStatus.IN_REVIEW
        )
        store.add(incident, "tester")
    finally:
        store.close()
    runner = CliRunner()
    refused = runner.invoke(app, ["incident", "status", incident.id, "published"])
    assert refused.exit_code == 1, refused.output
    allowed = runner.invoke(
        app,
        [
            "incident",
            "status",
            incident.id,
            "published",
            "--override",
            "wording agreed with the author",
        ],
    )
    assert allowed.exit_code == 0, allowed.output
    store = find_workspace().open_store()
    try:
        assert store.get(incident.id).status is IncidentStatus.PUBLISHED
        with store.session() as session:
            entries = audit_log(session, incident.id)
    finally:
        store.close()
    assert any(
        e.reason == "wording agreed with the author" and "blaming" in (e.old or "") for e in entries
    )


def test_gate_blockers_are_those_of_the_move_asked() -> None:
    """Closing waits for every action; publishing is the rubric and blame gate; a move that
    `transition` refuses anyway (backwards, a no-op) or an ungated one has no blockers."""
    incident = Incident("INC-1", "x", status=IncidentStatus.PUBLISHED)
    incident.actions = [ActionItem(1, "a", status=ActionStatus.DONE)]
    assert gate_blockers(incident, IncidentStatus.CLOSED, default_policy()) == [
        "A1 (a) is done but not verified"
    ]
    assert gate_blockers(incident, IncidentStatus.RESOLVED, default_policy()) == []
    assert gate_blockers(incident, IncidentStatus.PUBLISHED, default_policy()) == []
    reviewed = good_incident(NOW, status=IncidentStatus.IN_REVIEW, summary="Bob broke it.")
    assert gate_blockers(reviewed, IncidentStatus.PUBLISHED, default_policy()) == publish_blockers(
        reviewed, default_policy()
    )

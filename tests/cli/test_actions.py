"""`hindsight action …` and `followup` through the CLI: lifecycle, refusals, lists, exports."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hindsight.cli.main import app
from hindsight.domain.model import Incident
from hindsight.workspace import find_workspace

runner = CliRunner()
TODAY = datetime.now(UTC).date()


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def add_incident(incident_id: str, title: str) -> str:
    store = find_workspace().open_store()
    try:
        resolved = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
        store.add(Incident(id=incident_id, title=title, severity="P1", started_at=resolved - timedelta(hours=2),
                           resolved_at=resolved), "tester")  # fmt: skip
    finally:
        store.close()
    return incident_id


def stored(incident_id: str) -> Incident:
    store = find_workspace().open_store()
    try:
        return store.get(incident_id)
    finally:
        store.close()


@pytest.fixture
def incident(workspace: Path) -> str:
    return add_incident("INC-2025-12-15", "Checkout 5xx after config push")


def test_add_then_walk_the_lifecycle(incident: str) -> None:
    due = (TODAY + timedelta(days=7)).isoformat()
    out = run("action", "add", incident, "Gate config pushes behind a canary", "--owner", "ana", "--due", due,
              "--kind", "prevent", "--horizon", "short_term", "--verification", "bad push rolled back in staging",
              "--control", "engineering_control", "--impact", "high", "--effort", "low")  # fmt: skip
    assert "Added A1" in out and "[do now]" in out
    item = stored(incident).actions[0]
    assert item.owner == "ana" and item.assigned_at is not None and item.due.isoformat() == due  # type: ignore[union-attr]
    run("action", "update", incident, "A1", "--status", "in_progress")
    assert "reason is required for blocking" in run("action", "block", incident, "A1", code=2)
    run("action", "block", incident, "A1", "--reason", "waiting for the network team")
    listed = json.loads(run("action", "list", incident, "--json"))
    assert listed[0]["status"] == "blocked"
    assert listed[0]["status_reason"] == "waiting for the network team"
    run("action", "start", incident, "1")
    out = run(
        "action",
        "verify",
        incident,
        "A1",
        "--evidence",
        "https://ci/run/1",
        "--verifier",
        "bo",
        code=1,
    )
    assert "only a done action can be verified" in out
    run("action", "done", incident, "A1", "--evidence", "https://git.example/pr/42")
    out = run(
        "action",
        "verify",
        incident,
        "A1",
        "--evidence",
        "https://ci/run/1",
        "--verifier",
        "ana",
        code=1,
    )
    assert "must not be the owner" in out
    assert "needs evidence" in run("action", "verify", incident, "A1", "--verifier", "bo", code=2)
    run(
        "action",
        "verify",
        incident,
        "A1",
        "--evidence",
        "drill: alert fired in 40 s",
        "--verifier",
        "bo",
    )
    item = stored(incident).actions[0]
    assert (
        item.status.value == "verified"
        and item.verifier == "bo"
        and item.verified_at
        and item.done_at
    )
    statuses = [h.status.value for h in item.history]
    assert statuses == ["planned", "in_progress", "blocked", "in_progress", "done", "verified"]
    shown = json.loads(run("action", "show", incident, "A1", "--json"))
    assert shown["time_to_assignment_hours"] is not None and shown["time_to_assignment_hours"] >= 72


def test_verifier_defaults_to_the_current_user(incident: str) -> None:
    run("action", "add", incident, "Add alert", "--owner", "tester")
    run("action", "done", incident, "A1")
    assert "must not be the owner" in run(
        "action", "verify", incident, "A1", "--evidence", "x", code=1
    )


def test_wontdo_needs_a_reason_and_bad_values_are_refused(incident: str) -> None:
    run("action", "add", incident, "Rewrite the gateway")
    assert "reason is required for won't do" in run("action", "wontdo", incident, "A1", code=2)
    run("action", "wontdo", incident, "A1", "--reason", "superseded by A2")
    assert "expected one of prevent" in run("action", "add", incident, "x", "--kind", "fix", code=2)
    assert "not a date" in run("action", "add", incident, "x", "--due", "soonish", code=2)
    assert "no action A9" in run("action", "done", incident, "A9", code=2)
    assert [a.number for a in stored(incident).actions] == [1]


def test_warnings_on_add(incident: str) -> None:
    run("action", "add", incident, "Train people", "--control", "training", "--owner", "ana", "--due", "+7d",
        "--verification", "quiz")  # fmt: skip
    out = run("action", "add", incident, "Write a checklist", "--control", "administrative")
    assert (
        "no owner" in out
        and "no due date" in out
        and "training or an administrative control" in out
    )


def test_list_across_incidents_with_filters(any_workspace: Path) -> None:
    a = add_incident("INC-2025-12-01", "Payments down")
    b = add_incident("INC-2025-12-02", "Search slow")
    run(
        "action",
        "add",
        a,
        "Late one",
        "--owner",
        "ana",
        "--due",
        (TODAY - timedelta(days=3)).isoformat(),
    )
    run(
        "action",
        "add",
        a,
        "Soon one",
        "--owner",
        "bo",
        "--due",
        (TODAY + timedelta(days=3)).isoformat(),
    )
    run(
        "action",
        "add",
        b,
        "Later one",
        "--owner",
        "ana",
        "--due",
        (TODAY + timedelta(days=30)).isoformat(),
    )
    run("action", "add", b, "Blocked one", "--owner", "cy")
    run("action", "block", b, "A2", "--reason", "vendor")
    run("action", "add", b, "Dropped", "--owner", "cy")
    run("action", "wontdo", b, "A3", "--reason", "not needed")

    def titles(*args: str) -> list[str]:
        return [r["title"] for r in json.loads(run("action", "list", *args, "--json"))]

    assert titles() == ["Late one", "Soon one", "Later one", "Blocked one"]  # open, by due date
    assert titles("--overdue") == ["Late one"]
    assert titles("--blocked") == ["Blocked one"]
    assert titles("--owner", "ana") == ["Late one", "Later one"]
    assert titles("--due-within", "7d") == ["Late one", "Soon one"]
    assert "Dropped" in titles("--all")
    assert titles(b) == ["Later one", "Blocked one", "Dropped"]
    assert "no incident" in run("action", "list", "INC-NOPE", code=2)


def test_followup_report(any_workspace: Path) -> None:
    a = add_incident("INC-2025-12-01", "Payments down")
    run(
        "action",
        "add",
        a,
        "Late one",
        "--owner",
        "ana",
        "--due",
        (TODAY - timedelta(days=3)).isoformat(),
    )
    run(
        "action",
        "add",
        a,
        "Soon one",
        "--owner",
        "bo",
        "--due",
        (TODAY + timedelta(days=2)).isoformat(),
    )
    run("action", "add", a, "Done one", "--owner", "cy")
    run("action", "done", a, "A3")
    text = run("followup")
    assert (
        "Overdue (1)" in text
        and "Due this week (1)" in text
        and "Done, waiting for verification (1)" in text
    )
    data = json.loads(run("followup", "--format", "json"))
    assert data["completion_rate"] == pytest.approx(1 / 3)
    assert data["median_days_to_assign"] == pytest.approx(3.0, abs=0.1)
    assert run("followup", "--format", "markdown").startswith("# Action follow-up")
    # two weeks on, the blocked action must be escalated
    run("action", "block", a, "A2", "--reason", "needs budget")
    later = json.loads(
        run("followup", "--format", "json", "--today", (TODAY + timedelta(days=20)).isoformat())
    )
    assert [x["action"] for x in later["escalate"]] == ["A2"]


def test_exports(incident: str, tmp_path: Path) -> None:
    run("action", "add", incident, "Canary for config pushes", "--owner", "ana", "--due", "2025-12-22",
        "--verification", "bad push rolled back")  # fmt: skip
    run("action", "add", incident, "Old one", "--owner", "bo", "--due", "2025-12-20")
    run("action", "done", incident, "A2")
    gh = tmp_path / "issues.json"
    run("action", "export", "--format", "github", "-o", str(gh))
    issues = json.loads(gh.read_text())
    assert [i["assignees"] for i in issues] == [["ana"]]  # only open actions
    jira = tmp_path / "jira.csv"
    run("action", "export", incident, "--format", "jira", "-o", str(jira))
    rows = list(csv.DictReader(io.StringIO(jira.read_text())))
    assert (
        rows[0]["Summary"].endswith("Canary for config pushes")
        and rows[0]["Due Date"] == "2025-12-22"
    )
    ics = tmp_path / "due.ics"
    run("action", "export", "--format", "ics", "-o", str(ics))
    raw = ics.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and b"DTSTART;VALUE=DATE:20251222\r\n" in raw
    assert "expected one of github" in run("action", "export", "--format", "trello", code=2)


def test_due_date_relative_forms(incident: str) -> None:
    before = datetime.now(UTC).date()  # read the clock around the run: it may cross midnight
    run("action", "add", incident, "x", "--due", "+2w")
    after = datetime.now(UTC).date()
    due = stored(incident).actions[0].due
    assert due in {before + timedelta(weeks=2), after + timedelta(weeks=2)}


def test_bad_followup_date_and_window_name_their_option(incident: str, tmp_path: Path) -> None:
    out = run("followup", "--today", "someday", code=2)
    assert 'today: "someday" is not a date' in out
    assert "due-within" in run("action", "list", "--due-within", "-3d", code=2)
    target = tmp_path / "no" / "issues.json"
    out = run("action", "export", "-f", "github", "-o", str(target), code=2)
    assert f"{target}: No such file or directory" in out

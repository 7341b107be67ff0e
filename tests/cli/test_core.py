"""The README tour through the CLI: init, incidents, timeline, edits, lifecycle, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hindsight.cli.main import app

runner = CliRunner()


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture
def incident(any_workspace: Path) -> str:
    out = run(
        "incident",
        "new",
        "Checkout 5xx after config push",
        "--severity",
        "P1",
        "--started",
        "2025-12-15 22:47",
        "--service",
        "checkout-api",
        "--json",
    )
    data = json.loads(out)
    assert data["postmortem_required"] is True
    # P1: 3 days, counted from the start until the incident is resolved
    assert data["deadline"] == "2025-12-18T22:47:00Z"
    return str(data["id"])


def test_new_incident_gets_the_day_id_and_postmortem_rule(incident: str) -> None:
    assert incident == "INC-2025-12-15"
    second = json.loads(
        run("incident", "new", "Another", "--started", "2025-12-15T23:59Z", "--json")
    )
    assert second["id"] == "INC-2025-12-15-2"
    assert second["postmortem_required"] is False


def test_timeline_short_times_roll_past_midnight(incident: str) -> None:
    run(
        "timeline",
        "add",
        incident,
        "22:52",
        "HighErrorRate fired",
        "--kind",
        "alert",
        "--milestone",
        "detected",
    )
    run("timeline", "add", incident, "00:10", "Rollback finished", "--kind", "deploy")
    events = json.loads(run("timeline", incident, "--json"))
    assert [e["at"] for e in events] == ["2025-12-15T22:52:00+00:00", "2025-12-16T00:10:00+00:00"]
    shown = json.loads(run("incident", "show", incident, "--json"))
    assert shown["detected_at"] == "2025-12-15T22:52:00+00:00"
    only_alerts = json.loads(run("timeline", "list", incident, "--kind", "alert", "--json"))
    assert len(only_alerts) == 1
    run("timeline", "rm", incident, str(events[1]["id"]))
    assert len(json.loads(run("timeline", incident, "--json"))) == 1


def test_edit_and_audit(incident: str) -> None:
    run(
        "incident",
        "edit",
        incident,
        "--set",
        "impact.users_affected=18400",
        "--root-cause",
        "Config values had no schema validation",
        "--went-well",
        "Alert in 4 min",
    )
    shown = json.loads(run("incident", "show", incident, "--json"))
    assert shown["impact"]["users_affected"] == 18400
    assert shown["went_well"] == ["Alert in 4 min"]
    log = json.loads(run("audit", incident, "--json"))
    assert {"tester"} == {e["actor"] for e in log}
    assert any(e["field"] == "impact.users_affected" and e["new"] == "18400" for e in log)


def test_stale_version_is_refused(incident: str) -> None:
    run("incident", "edit", incident, "--title", "First writer")
    out = run(
        "incident", "edit", incident, "--title", "Second writer", "--expect-version", "1", code=2
    )
    assert "changed by someone else" in out
    assert json.loads(run("incident", "show", incident, "--json"))["title"] == "First writer"


def test_bad_input_is_one_clear_line(incident: str) -> None:
    assert "valid: P0, P1, P2, P3" in run("incident", "new", "x", "--severity", "P7", code=2)
    assert "no incident INC-2099-01-01" in run("incident", "show", "INC-2099-01-01", code=2)
    out = run("incident", "edit", incident, "--set", "started=yesterday", code=2)
    assert 'started_at: "yesterday" is not a time' in out
    assert "Traceback" not in out


def test_lifecycle_and_close_gate(incident: str) -> None:
    run("incident", "status", incident, "resolved", "--at", "2025-12-15T23:39Z")
    shown = json.loads(run("incident", "show", incident, "--json"))
    assert shown["resolved_at"] == "2025-12-15T23:39:00+00:00"
    out = run("incident", "status", incident, "open", "--at", "2025-12-15T23:50Z")
    assert "resolved → open" in out
    run(
        "review",
        "add",
        incident,
        "--reviewer",
        "Aiko Tanaka",
        "--role",
        "SRE lead",
        "--decision",
        "approved",
        "--meeting-date",
        "2025-12-17",
        "--attendee",
        "Priya",
    )
    shown = json.loads(run("incident", "show", incident, "--json"))
    assert shown["reviews"][0]["decision"] == "approved"


def test_without_workspace_says_how_to_make_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HINDSIGHT_WORKSPACE", raising=False)
    monkeypatch.delenv("HINDSIGHT_DATABASE_URL", raising=False)
    assert "run `hindsight init`" in run("incident", "list", code=2)


def test_demo_loads_two_quarters_with_actions_in_every_state(workspace: Path) -> None:
    run("demo")
    rows = json.loads(run("incident", "list", "--limit", "100", "--json"))
    assert len(rows) >= 12
    assert {r["severity"] for r in rows} == {"P0", "P1", "P2", "P3"}
    states = set()
    for row in rows:
        states |= {
            a["status"] for a in json.loads(run("incident", "show", row["id"], "--json"))["actions"]
        }
    assert states >= {"planned", "in_progress", "blocked", "done", "verified", "wont_do"}
    assert "0 incident(s) added" in run("demo")  # idempotent


# --- bad input found by QA: one red line naming the input, never a traceback ---------------


def test_short_time_out_of_range_is_a_clear_error(incident: str) -> None:
    out = run("timeline", "add", incident, "25:99", "bad clock", code=2)
    assert 'time "25:99"' in out
    assert "Traceback" not in out


def test_render_to_a_missing_folder_or_a_folder_names_the_path(
    incident: str, tmp_path: Path
) -> None:
    out = run("render", incident, "-o", str(tmp_path / "nope" / "x.md"), code=2)
    assert str(tmp_path / "nope" / "x.md") in out
    assert "No such file or directory" in out
    assert "Is a directory" in run("render", incident, "-o", str(tmp_path), code=2)


def test_export_into_a_file_is_a_clear_error(incident: str, tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    out = run("export", str(target), code=2)
    assert str(target) in out
    assert "Traceback" not in out


def test_public_render_refuses_json_instead_of_printing_markdown(incident: str) -> None:
    out = run("render", incident, "--public", "-f", "json", code=2)
    assert "md, html" in out


def test_init_with_a_bad_database_url_leaves_no_half_made_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HINDSIGHT_DATABASE_URL", raising=False)
    root = tmp_path / "ws"
    out = run("init", str(root), "--db", "bogus://nowhere", code=2)
    assert "bogus://nowhere" in out
    assert not (root / "hindsight.toml").exists()
    missing = f"sqlite:///{tmp_path}/no/such/dir/x.db"
    assert "cannot open the database" in run("init", str(root), "--db", missing, code=2)
    assert not (root / "hindsight.toml").exists()


def test_unreachable_database_is_a_clear_error(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HINDSIGHT_DATABASE_URL", "bogus://nowhere")
    out = run("incident", "list", code=2)
    assert "unsupported database bogus://nowhere" in out


def test_empty_event_text_and_reviewer_are_refused(incident: str) -> None:
    assert "text: say what happened" in run("timeline", "add", incident, "22:50", " ", code=2)
    assert "reviewer: who reviewed" in run("review", "add", incident, "--reviewer", "", code=2)
    shown = json.loads(run("incident", "show", incident, "--json"))
    assert shown["reviews"] == []
    assert shown["timeline"] == []


def test_import_refuses_an_empty_file_and_stores_nothing(workspace: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text("# Checkout 5xx\n\nDate: 2025-12-15\n", encoding="utf-8")
    empty = tmp_path / "empty.md"
    empty.write_text(" \n", encoding="utf-8")
    out = run("import", str(good), str(empty), code=2)
    assert f"{empty}:1: empty file" in out
    assert json.loads(run("incident", "list", "--json")) == []


def test_import_replace_keeps_the_evidence_behind_the_timeline(
    workspace: Path, tmp_path: Path
) -> None:
    from tests.conftest import TEST_DATA

    run("incident", "new", "Gateway 5xx", "--started", "2025-12-15T22:40Z")
    run("ingest", "INC-2025-12-15", str(TEST_DATA / "ingest" / "access.log"))
    before = json.loads(run("evidence", "list", "INC-2025-12-15", "--json"))
    assert len(before) == 1
    run("export", str(tmp_path / "tree"))
    run("import", str(tmp_path / "tree"), "--replace")
    after = json.loads(run("evidence", "list", "INC-2025-12-15", "--json"))
    assert [e["sha256"] for e in after] == [e["sha256"] for e in before]
    events = json.loads(run("timeline", "list", "INC-2025-12-15", "--json"))
    run("timeline", "list", "INC-2025-12-15", "--event", str(events[0]["id"]))


def test_brackets_in_names_and_paths_are_printed_as_typed(incident: str, tmp_path: Path) -> None:
    """Rich read "[/]" and "[bold]" in a reviewer's name or a path as markup: a traceback
    (MarkupError) or a name printed without its brackets."""
    assert "Review by [/]Ann [ops] recorded" in run(
        "review", "add", incident, "--reviewer", "[/]Ann [ops]", "--decision", "approved"
    )
    folder = tmp_path / "a["
    folder.mkdir()
    out = run("render", incident, "-o", f"{folder}/]pm.md")
    assert f"Wrote {folder}/]pm.md" in out
    assert f"to {folder}/]repo" in run("export", f"{folder}/]repo")

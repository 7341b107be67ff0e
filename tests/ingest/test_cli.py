"""The ingest, milestones and evidence commands through the Typer runner."""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from hindsight.cli.main import app
from hindsight.ingest.evidence import blob_path
from hindsight.store.repo import Store
from hindsight.workspace import Workspace
from tests.ingest.conftest import DATA, INCIDENT

runner = CliRunner()


def test_ingest_prints_a_summary_and_json(cli_ws: tuple[Workspace, Store]) -> None:
    result = runner.invoke(
        app, ["ingest", INCIDENT, str(DATA / "checkout.jsonl"), str(DATA / "gateway.jsonl")]
    )
    assert result.exit_code == 0, result.output
    assert "naive times read as UTC (workspace zone)" in result.output
    assert "checkout.jsonl:51: not JSON" in result.output
    assert "in the future" in result.output
    assert "clock skew" in result.output and "--clock-offset +180s" in result.output
    again = runner.invoke(app, ["ingest", INCIDENT, str(DATA / "checkout.jsonl"), "--json"])
    assert json.loads(again.stdout)["files"][0]["status"] == "already imported"


def test_unrecognised_file_exits_2_naming_formats(
    cli_ws: tuple[Workspace, Store], tmp_path: Path
) -> None:
    odd = tmp_path / "odd.bin"
    odd.write_text("lorem ipsum dolor\nsit amet\n")
    result = runner.invoke(app, ["ingest", INCIDENT, str(odd)])
    assert result.exit_code == 2
    assert "format not recognised" in result.output and "jsonl:" in result.output


def test_bad_options_are_one_line_errors(cli_ws: tuple[Workspace, Store]) -> None:
    for args, needle in [
        (["--tz", "Mars/Olympus"], "unknown time zone"),
        (["--clock-offset", "soon"], "not a duration"),
        (["--format", "xml"], "unknown format"),
    ]:
        result = runner.invoke(app, ["ingest", INCIDENT, str(DATA / "access.log"), *args])
        assert result.exit_code == 2, (args, result.output)
        assert needle in result.output and "Traceback" not in result.output


def test_evidence_list_and_verify_detects_tampering(cli_ws: tuple[Workspace, Store]) -> None:
    workspace, _ = cli_ws
    runner.invoke(app, ["ingest", INCIDENT, str(DATA / "access.log"), str(DATA / "messages.log")])
    listed = runner.invoke(app, ["evidence", "list", INCIDENT, "--json"])
    records = json.loads(listed.stdout)
    assert [r["filename"] for r in records] == ["access.log", "messages.log"]
    assert records[0]["added_by"] == "tester"
    ok = runner.invoke(app, ["evidence", "verify", INCIDENT])
    assert ok.exit_code == 0 and "2 of 2 evidence files intact" in ok.output
    blob = blob_path(workspace.evidence_dir, records[0]["sha256"])
    os.chmod(blob, 0o644)
    blob.write_bytes(blob.read_bytes() + b"tampered\n")
    blob_path(workspace.evidence_dir, records[1]["sha256"]).unlink()
    bad = runner.invoke(app, ["evidence", "verify"])
    assert bad.exit_code == 1
    assert "access.log: changed" in bad.output and "messages.log: missing" in bad.output


def test_milestones_propose_accept_and_override(cli_ws: tuple[Workspace, Store]) -> None:
    _, store = cli_ws
    runner.invoke(
        app,
        [
            "ingest",
            INCIDENT,
            str(DATA / "checkout.jsonl"),
            str(DATA / "alertmanager-webhooks.jsonl"),
            str(DATA / "pagerduty-webhooks.jsonl"),
        ],
    )
    shown = runner.invoke(app, ["milestones", INCIDENT])
    assert shown.exit_code == 0 and "proposed 2025-12-15T22:49:10Z" in shown.output
    assert store.get(INCIDENT).detected_at is None
    accepted = runner.invoke(
        app, ["milestones", INCIDENT, "--accept", "--set", "detected=2025-12-15T22:50Z"]
    )
    assert accepted.exit_code == 0, accepted.output
    incident = store.get(INCIDENT)
    assert incident.detected_at is not None and incident.detected_at.minute == 50
    assert incident.started_at is not None and incident.started_at.minute == 47
    assert "MTTD 3m" in accepted.output and "MTTR 32m" in accepted.output
    wrong = runner.invoke(app, ["milestones", INCIDENT, "--set", "fixed=now"])
    assert wrong.exit_code == 2 and "unknown milestone" in wrong.output


def test_help_lists_every_registered_format() -> None:
    from hindsight.ingest import registry

    result = runner.invoke(app, ["ingest", "--help"], env={"COLUMNS": "200"})
    assert all(name in result.output for name in registry.names())


def test_an_already_imported_file_is_named_as_it_is_called(
    cli_ws: tuple[Workspace, Store], tmp_path: Path
) -> None:
    odd = tmp_path / "[bold]alerts.jsonl"
    odd.write_bytes((DATA / "alertmanager-webhooks.jsonl").read_bytes())
    assert runner.invoke(app, ["ingest", INCIDENT, str(odd)]).exit_code == 0
    again = runner.invoke(app, ["ingest", INCIDENT, str(odd)])
    assert f"= {odd}: already imported" in again.output


def test_a_folder_reports_imports_and_summarises_skipped_files(
    cli_ws: tuple[Workspace, Store], tmp_path: Path
) -> None:
    """One short line per skipped file (not every format tried) and exit 0 once something is
    imported; exit 2 when nothing of the folder could be."""
    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "README.md").write_text("# Captures\nfrom the on-call laptop\n")
    (folder / "notes.txt").write_text("we should check the dashboards\nand the runbook\n")
    nothing = runner.invoke(app, ["ingest", INCIDENT, str(folder)])
    assert nothing.exit_code == 2, nothing.output
    assert "nothing imported" in nothing.output and "tried" not in nothing.output
    (folder / "alerts.jsonl").write_bytes((DATA / "alertmanager-webhooks.jsonl").read_bytes())
    result = runner.invoke(app, ["ingest", INCIDENT, str(folder)])
    assert result.exit_code == 0, result.output
    assert f"✓ {folder / 'alerts.jsonl'} (alertmanager)" in result.output
    assert "skipped 2 files no format recognises (use --format to force one):" in result.output
    assert f"  {folder / 'README.md'}: format not recognised" in result.output
    assert f"  {folder / 'notes.txt'}: format not recognised" in result.output
    assert "tried" not in result.output and "jsonl:" not in result.output


def test_one_record_and_one_event_read_in_the_singular(
    cli_ws: tuple[Workspace, Store], tmp_path: Path
) -> None:
    log = tmp_path / "one.jsonl"
    log.write_text('{"ts": "2025-12-15T22:40:00Z", "level": "info", "msg": "deploy v2.42.0"}\n')
    result = runner.invoke(app, ["ingest", INCIDENT, str(log)])
    assert "(jsonl): 1 record → 1 event, 0 key" in result.output, result.output

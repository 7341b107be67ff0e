"""`hindsight redact` and `hindsight publish-public` through the Typer runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hindsight.cli.main import app
from hindsight.workspace import find_workspace
from tests.share.factory import AWS_KEY, CUSTOMER_EMAIL, leaky_incident

runner = CliRunner()


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture
def incident(workspace: Path) -> str:
    store = find_workspace().open_store()
    try:
        store.add(leaky_incident(), "tester")
    finally:
        store.close()
    return "INC-2025-12-15"


def test_redact_an_incident_prints_its_public_version(incident: str) -> None:
    out = run("redact", incident)
    assert out.startswith("# Checkout 5xx after [PERSON-1]'s config push")
    assert CUSTOMER_EMAIL not in out and "Priya" not in out
    assert "[CUSTOMER-1]" in out  # the default workspace pattern for cus_… ids


def test_the_review_diff_lists_replacements_with_rules_and_masks_secrets(
    incident: str, workspace: Path
) -> None:
    (workspace / "leak.log").write_text(f"key {AWS_KEY}\n", encoding="utf-8")
    out = run("redact", incident, "--diff")
    assert "Left out of the public template" in out
    assert "roster-name" in out and "email" in out
    assert "not approved yet" in out
    file_out = run("redact", "leak.log", "--diff")
    assert AWS_KEY not in file_out and "AKIA…(20 chars)" in file_out


def test_approve_then_publish_and_a_change_voids_it(incident: str, workspace: Path) -> None:
    assert "has not been approved" in run("publish-public", incident, code=1)
    assert "Approved the public version" in run("redact", incident, "--approve")
    run("publish-public", incident, "-o", "public.md")
    published = (workspace / "public.md").read_text(encoding="utf-8")
    assert published == run("redact", incident)
    data = json.loads(run("redact", incident, "--json"))
    assert data["approved"] is True and data["approved_by"] == "tester"
    assert all(r["original"] != AWS_KEY for r in data["replacements"])
    run("publish-public", incident, "--format", "html", "-o", "public.html")
    assert (workspace / "public.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    store = find_workspace().open_store()
    try:
        changed = store.get(incident)
        changed.summary = "Checkout failed for 55 minutes."
        store.save(changed, "tester")
    finally:
        store.close()
    assert "approval is void" in run("publish-public", incident, code=1)


def test_redact_a_file_to_an_output_without_touching_it(workspace: Path) -> None:
    source = workspace / "chat.txt"
    source.write_text("ping ops@example.com from 10.1.2.3\n", encoding="utf-8")
    run("redact", "chat.txt", "-o", "chat.public.txt")
    assert (workspace / "chat.public.txt").read_text(
        encoding="utf-8"
    ) == "ping [EMAIL-1] from [IP-1]\n"
    assert source.read_text(encoding="utf-8") == "ping ops@example.com from 10.1.2.3\n"


def test_an_empty_file_says_so_and_writes_nothing_sensitive(workspace: Path) -> None:
    (workspace / "empty.md").write_text("\n", encoding="utf-8")
    result = runner.invoke(app, ["redact", "empty.md"])
    assert result.exit_code == 0 and result.stdout.strip() == ""
    assert "empty.md: empty, nothing to redact" in result.stderr


def test_a_file_can_borrow_an_incident_roster(incident: str, workspace: Path) -> None:
    (workspace / "notes.md").write_text("Amara and mmorales fixed it\n", encoding="utf-8")
    assert run("redact", "notes.md", "--roster", incident) == "[PERSON-1] and [PERSON-2] fixed it\n"


def test_bad_input_is_one_clear_line(incident: str, workspace: Path) -> None:
    (workspace / "core.bin").write_bytes(b"\x00\x01\x02binary")
    assert "core.bin: binary file" in run("redact", "core.bin", code=2)
    assert "no such file" in run("redact", "missing.txt", code=2)
    assert "no incident INC-1999-01-01" in run("redact", "INC-1999-01-01", code=2)
    assert "not to a file" in run("redact", "core.bin", "--approve", code=2)
    config = workspace / "hindsight.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + "internal_urls = ['https://(wiki']\n", encoding="utf-8"
    )
    out = run("redact", incident, code=2)
    assert "'https://(wiki'" in out and "internal_urls" in out and "Traceback" not in out


def test_render_public_is_the_same_text_as_redact(incident: str) -> None:
    assert run("render", incident, "--public") == run("redact", incident)


def test_evidence_blobs_are_never_altered(incident: str, workspace: Path) -> None:
    evidence = workspace / ".hindsight" / "evidence"
    evidence.mkdir(parents=True, exist_ok=True)
    blob = evidence / "ab" / "abcdef"
    blob.parent.mkdir(exist_ok=True)
    raw = f"22:00 config push by Priya key={AWS_KEY} mail {CUSTOMER_EMAIL}\n".encode()
    blob.write_bytes(raw)
    run("redact", incident, "--diff")
    run("redact", incident, "--approve")
    run("publish-public", incident, "-o", "out.md")
    run("redact", str(blob), "-o", "blob.redacted")
    assert blob.read_bytes() == raw
    assert AWS_KEY not in (workspace / "blob.redacted").read_text(encoding="utf-8")

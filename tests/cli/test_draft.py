"""`hindsight draft` through the CLI: show, --json, --apply only to unwritten sections, --force,
blaming sentences never applied."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hindsight.cli.main import app
from hindsight.domain.model import EventKind, Incident, TimelineEvent
from hindsight.store.repo import audit_log
from hindsight.workspace import find_workspace
from tests.draft.scenario import at, checkout_incident

runner = CliRunner()


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def stored(incident_id: str = "INC-2025-12-15") -> Incident:
    store = find_workspace().open_store()
    try:
        return store.get(incident_id)
    finally:
        store.close()


@pytest.fixture
def incident(any_workspace: Path) -> str:
    item = checkout_incident()
    item.went_well = ["The on-call rotation answered at once"]  # written by the author
    item.timeline.append(
        TimelineEvent(at(20), "Marco Rossi forgot to check the pool size before the push",
                      kind=EventKind.NOTE, source="manual", actor="Priya Shah", key=True)
    )  # fmt: skip
    store = find_workspace().open_store()
    try:
        store.add(item, "tester")
    finally:
        store.close()
    return item.id


def test_show_cites_every_sentence_and_writes_nothing(incident: str) -> None:
    out = run("draft", incident)
    assert (
        "It started at 2025-12-15 22:40 UTC and was resolved at 23:12 UTC, after 32 minutes." in out
    )
    assert "18,400 users were affected" in out and "[field:impact.users_affected" in out
    assert "verified" in out and "Nothing written" in out
    assert stored(incident).summary == ""


def test_json_lists_sections_sentences_and_evidence(incident: str) -> None:
    data = json.loads(run("draft", incident, "--sections", "summary,causes", "--json"))
    assert [s["name"] for s in data["sections"]] == ["summary", "causes"]
    for section in data["sections"]:
        for sentence in section["sentences"]:
            assert sentence["evidence"] and sentence["status"] in ("verified", "inferred")
    causes = data["sections"][1]["sentences"]
    assert any("config push" in s["text"] and "event:1" in s["evidence"] for s in causes)


def test_apply_fills_only_what_the_author_left_empty(incident: str) -> None:
    out = run("draft", incident, "--apply")
    assert "applied to summary" in out
    after = stored(incident)
    assert after.summary.startswith("“Checkout API 5xx after config push” was a P1 incident")
    assert "18,400 users were affected." in after.summary  # the impact paragraph
    assert after.went_well == ["The on-call rotation answered at once"]  # kept
    assert after.factors and "config push" in after.factors[0].text
    # the blaming timeline note is flagged by the blameless linter and never written
    assert "blame:" in out
    assert "forgot" not in after.technical_details and after.technical_details.startswith("- ")
    store = find_workspace().open_store()
    try:
        with store.session() as s:
            fields = {e.field for e in audit_log(s, incident) if e.reason == "draft (facts)"}
    finally:
        store.close()
    assert {"summary", "technical_details"} <= fields
    # a second --apply changes nothing: everything is written now
    version = after.version
    run("draft", incident, "--apply")
    assert stored(incident).version == version


def test_force_replaces_what_the_author_wrote(incident: str) -> None:
    run("draft", incident, "--sections", "went_well", "--apply", "--force")
    assert stored(incident).went_well[0].startswith("It was detected 3 minutes after it started")


def test_bad_sections_and_unknown_incident_are_one_line_errors(incident: str) -> None:
    out = run("draft", incident, "--sections", "summary,lessons", code=2)
    assert "unknown section 'lessons'" in out and "went_well" in out
    assert "no incident INC-1999-01-01" in run("draft", "INC-1999-01-01", code=2)

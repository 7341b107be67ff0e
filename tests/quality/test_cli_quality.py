"""`hindsight lint` and `hindsight score` over incidents in the store and markdown files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hindsight.cli.main import app
from hindsight.workspace import find_workspace
from tests.conftest import TEST_DATA
from tests.quality.factory import good_incident

runner = CliRunner()
BLAMEFUL_MD = TEST_DATA / "quality" / "blameful_postmortem.md"


def run(*args: str, code: int) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.stdout


@pytest.fixture
def ids(workspace: Path) -> dict[str, str]:
    """A clean postmortem and one with blame and a vague, unowned action, stored directly."""
    good = good_incident()
    bad = good_incident(
        id="INC-2025-12-16",
        went_wrong=["Marcus forgot to run the config linter."],
        actions=[*good.actions[:1], type(good.actions[0])(2, "Improve monitoring", owner="team")],
    )
    thin = good_incident(id="INC-2025-12-18", actions=[], why_chains=[], timeline=[], reviews=[])
    store = find_workspace().open_store()
    try:
        for incident in (good, bad, thin):
            store.add(incident, "tester")
    finally:
        store.close()
    return {"good": good.id, "bad": bad.id, "thin": thin.id}


def test_lint_passes_a_clean_postmortem(ids: dict[str, str]) -> None:
    out = run("lint", ids["good"], code=0)
    assert out.startswith(f"{ids['good']}: 0 error(s), 0 warning(s)")


def test_lint_text_shows_sentence_reason_and_rewrite_and_exits_1(ids: dict[str, str]) -> None:
    out = run("lint", ids["good"], ids["bad"], code=1)
    assert f"{ids['bad']}: 3 error(s), 1 warning(s)" in out
    assert "[blame/person-as-cause]" in out and "> Marcus forgot to run the config linter." in out
    assert "[actions/group-owner]" in out and "[actions/vague]" in out


def test_lint_json_lists_findings_per_target(ids: dict[str, str]) -> None:
    data = json.loads(run("lint", ids["bad"], "--json", code=1))
    assert [d["target"] for d in data] == [ids["bad"]]
    rules = {f["rule"] for f in data[0]["findings"]}
    assert {"blame/person-as-cause", "actions/group-owner", "actions/vague"} <= rules
    finding = next(f for f in data[0]["findings"] if f["rule"] == "blame/person-as-cause")
    assert finding["field"] == "went_wrong[1]" and finding["suggestion"] and finding["line"] is None


def test_lint_strict_fails_on_warnings(ids: dict[str, str], workspace: Path) -> None:
    store = find_workspace().open_store()
    try:
        incident = good_incident(id="INC-2025-12-17", went_well=[])
        store.add(incident, "tester")
    finally:
        store.close()
    run("lint", incident.id, code=0)
    run("lint", incident.id, "--strict", code=1)


def test_score_text_json_and_exit_codes(ids: dict[str, str]) -> None:
    out = run("score", ids["good"], code=0)
    assert "5.00 / 5 — PASS" in out and "Root-cause depth" in out
    data = json.loads(run("score", ids["good"], ids["bad"], "-f", "json", code=0))
    assert data[0]["passed"] is True and data[1]["target"] == ids["bad"]
    tone = next(c for c in data[1]["criteria"] if c["key"] == "blameless_tone")
    assert tone["score"] < 5 and tone["how_to_raise"]
    data = json.loads(run("score", ids["good"], ids["thin"], "-f", "json", code=1))
    assert [d["passed"] for d in data] == [True, False] and data[1]["average"] < 3.5


def test_score_fails_below_the_workspace_pass_mark(ids: dict[str, str], workspace: Path) -> None:
    (workspace / "rubric.yaml").write_text(
        "pass_mark: 5\ncriteria:\n  blameless_tone: {}\n", encoding="utf-8"
    )
    out = run("score", ids["bad"], code=1)
    assert "FAIL" in out and str(workspace / "rubric.yaml") in out


def test_a_broken_workspace_rubric_is_exit_2_naming_the_entry(
    ids: dict[str, str], workspace: Path
) -> None:
    (workspace / "rubric.yaml").write_text("criteria:\n  vibes: {weight: 1}\n", encoding="utf-8")
    result = runner.invoke(app, ["score", ids["good"]])
    assert result.exit_code == 2
    assert "criteria.vibes: unknown criterion" in result.stderr


def test_github_format_prints_annotations(ids: dict[str, str]) -> None:
    out = run("lint", ids["bad"], "--format", "github", code=1)
    lines = out.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ")) for line in lines)
    assert any(line.startswith("::error title=blame/person-as-cause::") for line in lines)
    score_out = run("score", ids["bad"], "--format", "github", code=0)
    assert score_out.startswith("::notice title=rubric::rubric ")
    failed = run("score", ids["thin"], "--format", "github", code=1)
    assert failed.startswith("::error title=rubric::rubric ") and "To raise: " in failed


def test_unknown_incident_and_bad_format_are_input_errors(ids: dict[str, str]) -> None:
    assert runner.invoke(app, ["lint", "INC-1999-01-01"]).exit_code == 2
    result = runner.invoke(app, ["lint", ids["good"], "--format", "xml"])
    assert result.exit_code == 2 and "text, json, github" in result.stderr


def test_unreadable_markdown_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_bytes(b"# Title\n\nSome text\n\xff\xfe bad bytes\n")
    result = runner.invoke(app, ["lint", str(path)])
    assert result.exit_code == 2
    assert f"{path}:4: not UTF-8" in result.stderr
    missing = runner.invoke(app, ["lint", str(tmp_path / "nope.md")])
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_lint_refuses_what_import_refuses(tmp_path: Path) -> None:
    # one reader for postmortem files: an empty file or plain notes are no postmortem to check
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    notes = tmp_path / "notes.md"
    notes.write_text("call the vendor\nrestart the pods\n", encoding="utf-8")
    for path, why in ((empty, ":1: empty file"), (notes, ":1: not a postmortem")):
        result = runner.invoke(app, ["lint", str(path)])
        assert result.exit_code == 2, result.output
        assert f"{path}{why}" in result.stderr and "nothing was checked" in result.stderr


def test_lint_a_markdown_file_with_line_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("hindsight.render.markdown", reason="the markdown parser has not landed")
    monkeypatch.chdir(tmp_path)  # no workspace: files are checked with the default policy
    text = BLAMEFUL_MD.read_text(encoding="utf-8")
    blame_line = next(n for n, line in enumerate(text.splitlines(), 1) if "Marcus forgot" in line)
    out = run("lint", str(BLAMEFUL_MD), "--format", "github", code=1)
    expected = f"::error file={BLAMEFUL_MD},line={blame_line},title=blame/person-as-cause::"
    assert any(line.startswith(expected) for line in out.splitlines()), out
    careful_line = next(
        n for n, line in enumerate(text.splitlines(), 1) if "Be more careful" in line
    )
    assert f"line={careful_line},title=blame/be-more-careful" in out
    data = json.loads(run("score", str(BLAMEFUL_MD), "-f", "json", code=1))
    assert data[0]["passed"] is False


def test_a_rendered_postmortem_round_trips_through_lint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    markdown = pytest.importorskip("hindsight.render.markdown", reason="renderer not landed")
    monkeypatch.chdir(tmp_path)
    clean = tmp_path / "clean.md"
    clean.write_text(markdown.render_markdown(good_incident()), encoding="utf-8")
    data = json.loads(run("lint", str(clean), "-f", "json", code=0))
    assert data[0]["errors"] == 0


def test_score_with_an_explicit_rubric_file(ids: dict[str, str], tmp_path: Path) -> None:
    rubric = tmp_path / "strict.yaml"
    rubric.write_text("pass_mark: 5\ncriteria:\n  actions: {weight: 2}\n", encoding="utf-8")
    out = run("score", ids["bad"], "--rubric", str(rubric), code=1)
    assert str(rubric) in out and "Actions" in out and "Timeline" not in out


def test_a_folder_target_is_named_as_a_folder_not_an_incident(
    workspace: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "postmortems"
    folder.mkdir()
    result = runner.invoke(app, ["lint", str(folder)], catch_exceptions=False)
    assert result.exit_code == 2
    assert f"{folder}: cannot read (Is a directory)" in result.output
    assert "no incident" not in result.output

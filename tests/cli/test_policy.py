"""`hindsight policy`: the merged policy in force, and where each value came from."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hindsight.cli import common
from hindsight.cli.main import app

runner = CliRunner()


def run(*args: str, code: int = 0) -> str:
    # tables wrap at the console width, which depends on how the tests run: make it wide
    saved = common.console.width
    common.console.width = 250
    try:
        result = runner.invoke(app, list(args), catch_exceptions=False)
    finally:
        common.console.width = saved
    assert result.exit_code == code, result.output
    return result.output


def row(out: str, first: str) -> list[str]:
    """The cells of the table row whose first cell is `first`."""
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if cells[0] == first:
            return cells
    raise AssertionError(f"no row {first!r} in:\n{out}")


def test_without_a_policy_file_it_shows_the_defaults(workspace: Path) -> None:
    out = run("policy")
    assert "the shipped defaults (no policy.yaml in the workspace)" in out
    assert row(out, "P1") == [
        "P1", "Major", "3d", "Major feature unavailable or severe degradation", "default",
    ]  # fmt: skip
    assert row(out, "max_actions") == ["max_actions", "7", "default"]


def test_a_partial_policy_shows_the_merged_result_and_its_origin(workspace: Path) -> None:
    (workspace / "policy.yaml").write_text(
        "severities:\n  P1: {postmortem_due_days: 2}\n  P4: {name: Cosmetic}\n"
        "postmortem_required: {downtime_minutes_over: 60, money_lost_over: null}\n"
        "max_actions: 5\n"
    )
    out = run("policy")
    assert f"the shipped defaults merged with {workspace / 'policy.yaml'}" in out
    assert "merged over the defaults because P1 is a default name (P1 changed, P4 added)" in out
    assert row(out, "P0")[-1] == "default"
    assert row(out, "P1")[1:3] == ["Major", "2d"]
    assert row(out, "P1")[-1] == "policy.yaml: postmortem due"
    assert row(out, "P2")[2:] == ["7d", "Partial degradation with a workaround", "default"]
    assert row(out, "P4")[1] == "Cosmetic" and row(out, "P4")[-1] == "policy.yaml (added)"
    assert row(out, "postmortem_required.downtime_minutes_over")[1:] == ["60", "policy.yaml"]
    assert row(out, "postmortem_required.money_lost_over")[1:] == ["null (off)", "policy.yaml"]
    assert row(out, "postmortem_required.severities")[1:] == ["P0, P1", "default"]
    assert row(out, "max_actions")[1:] == ["5", "policy.yaml"]
    assert row(out, "repeat_window_days")[1:] == ["180", "default"]

    shown = json.loads(run("policy", "--json"))
    assert list(shown["severities"]) == ["P0", "P1", "P2", "P3", "P4"]
    assert shown["severities"]["P1"]["postmortem_deadline_hours"] == 48
    assert shown["severities"]["P1"]["description"].startswith("Major feature")
    assert shown["severities_mode"] == "merge"
    assert shown["sources"]["severities.P1.postmortem_deadline_hours"].endswith("policy.yaml")
    assert shown["sources"]["severities.P1.name"] == "default"
    assert shown["required"]["any_data_loss"] is True


def test_an_own_scheme_shows_what_replaced_the_defaults(workspace: Path) -> None:
    (workspace / "policy.yaml").write_text("severities: {SEV1: {name: Critical}, SEV2: {}}\n")
    out = run("policy")
    assert "SEV1, SEV2 replaces the defaults because none of its names is a default one" in out
    assert "set severities_mode: merge" in out
    assert row(out, "SEV1")[1:] == [
        "Critical",
        "not required by deadline",
        "",
        "policy.yaml (added)",
    ]
    assert "│ P0 " not in out
    assert row(out, "slo_breach_severity")[1:] == ["SEV1", "default, adjusted (see above)"]
    assert "slo_breach_severity: the default P1 is not in the scheme" in out
    assert "valid: SEV1, SEV2" in run("incident", "new", "x", "--severity", "P1", code=2)


def test_a_bad_policy_is_one_line_naming_the_file_and_field(workspace: Path) -> None:
    path = workspace / "policy.yaml"
    path.write_text("severities:\n  P1: {postmortem_due_days: soon}\n")
    out = run("policy", code=2)
    assert out.strip() == (
        f"error: {path}: severities.P1.postmortem_due_days must be a whole number of days "
        "from 0 to 36500 (got 'soon')"
    )
    path.write_text("severities:\n  P1: {colour: red}\n")
    out = run("policy", code=2)
    assert out.count("\n") == 1 and "Traceback" not in out
    assert f"{path}: severities.P1.colour is not a severity field" in out

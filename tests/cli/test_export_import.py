"""Postmortems as code: export the workspace as a git tree, import it into a fresh workspace."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hindsight.cli.main import app
from tests.conftest import shared_data

runner = CliRunner()


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def incidents() -> dict[str, dict[str, object]]:
    rows = json.loads(run("incident", "list", "--limit", "500", "--json"))
    out = {}
    for row in rows:
        full = json.loads(run("incident", "show", row["id"], "--json"))
        full.pop("version")
        full.pop("created_at")
        out[row["id"]] = full
    return out


def test_exported_tree_imports_into_identical_postmortems(
    any_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("demo")
    tree = tmp_path / "repo"
    run("export", str(tree), "--include-restricted")
    files = sorted(tree.rglob("*.md"))
    assert len(files) >= 12
    assert all(f.relative_to(tree).parts[0] == "postmortems" for f in files)
    assert any("-december" in f.parent.name or "-" in f.parent.name for f in files)
    before = incidents()
    rendered = {i: run("render", i) for i in before}

    fresh = tmp_path / "fresh"
    run("init", str(fresh))
    monkeypatch.chdir(fresh)
    if os.environ.get("HINDSIGHT_DATABASE_URL"):  # PostgreSQL: same database, so start empty
        for incident_id in before:
            run("incident", "rm", incident_id, "--yes")
    run("import", str(tree))
    assert incidents() == before
    assert {i: run("render", i) for i in before} == rendered
    # importing again is refused as a whole, and names the file
    out = run("import", str(tree), code=2)
    assert "already exists" in out and ".md" in out


def test_failed_import_stores_nothing(workspace: Path, tmp_path: Path) -> None:
    good = tmp_path / "in" / "a.md"
    good.parent.mkdir()
    good.write_text(
        "---\nincident_id: INC-2025-01-02\ntitle: Fine\n---\n# Fine\n", encoding="utf-8"
    )
    bad = tmp_path / "in" / "b.md"
    bad.write_bytes(b"\xff\xfe\x00binary")
    out = run("import", str(tmp_path / "in"), code=2)
    assert "b.md" in out
    assert json.loads(run("incident", "list", "--json")) == []


def test_real_dfds_postmortems_import_with_warnings_not_crashes(workspace: Path) -> None:
    folder = shared_data("dfds_postmortems")
    out = run("import", str(folder))
    assert "Imported 40 postmortem(s)" in out
    rows = json.loads(run("incident", "list", "--limit", "100", "--json"))
    assert len({r["id"] for r in rows}) == 40


def _postmortem(tmp_path: Path, front: str) -> Path:
    path = tmp_path / "pm.md"
    text = f"---\nincident_id: INC-2025-01-02\ntitle: T\n{front}\n---\n# T\n\n## Summary\n\nx\n"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_refuses_a_severity_the_policy_does_not_know(
    workspace: Path, tmp_path: Path
) -> None:
    path = _postmortem(tmp_path, "severity: P9")
    out = run("import", str(path), code=2)
    assert f"{path}:4: severity 'P9'" in out and "P0, P1, P2, P3" in out
    assert json.loads(run("incident", "list", "--json")) == []


def test_import_warns_on_impact_figures_of_the_wrong_type(workspace: Path, tmp_path: Path) -> None:
    front = "severity: P2\nimpact:\n  users_affected: lots\nfinancial_impact:\n  amount: abc"
    out = run("import", str(_postmortem(tmp_path, front)))
    assert "users_affected" in out and "amount" in out
    shown = json.loads(run("incident", "show", "INC-2025-01-02", "--json"))
    assert shown["impact"]["users_affected"] is None
    assert shown["impact"]["money_lost"] is None


def test_import_refuses_an_id_that_is_not_an_id(workspace: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("---\nincident_id: 'not an id!'\ntitle: X\n---\n# X\n", encoding="utf-8")
    out = run("import", str(bad), code=2)
    assert "bad.md:2: incident_id 'not an id!' is not an id" in out
    assert json.loads(run("incident", "list", "--json")) == []


def test_restricted_must_be_a_yes_or_no(workspace: Path, tmp_path: Path) -> None:
    vague = tmp_path / "vague.md"
    vague.write_text(
        "---\nincident_id: INC-2025-01-02\ntitle: X\nrestricted: maybe\n---\n# X\n",
        encoding="utf-8",
    )
    out = run("import", str(vague))
    assert "'restricted': 'maybe' is not true or false" in out
    assert json.loads(run("incident", "show", "INC-2025-01-02", "--json"))["restricted"] is False

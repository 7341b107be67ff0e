"""The kb commands through the Typer runner in a fresh workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hindsight.cli.main import app
from hindsight.workspace import find_workspace
from tests.kb.fixtures import load

runner = CliRunner()


@pytest.fixture
def loaded(workspace: Path) -> Path:
    store = find_workspace().open_store()
    load(store)
    store.close()
    return workspace


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_search_json_shape_and_text(loaded: Path) -> None:
    code, out = run("search", "gateway timeout", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["count"] == len(data["hits"]) >= 2
    assert set(data["hits"][0]) >= {
        "incident_id",
        "title",
        "score",
        "snippet",
        "severity",
        "started_at",
    }
    code, out = run(
        "search", "gateway", "--severity", "P1", "--service", "checkout", "--since", "2025-11-01"
    )
    assert code == 0 and "INC-2025-12-01" in out and "INC-2025-10-05" not in out


def test_search_bad_input_is_one_line(loaded: Path) -> None:
    code, out = run("search", "the")
    assert code == 2 and "nothing to look for" in out and "Traceback" not in out
    code, out = run("search", "gateway", "--severity", "P9")
    assert code == 2 and "invalid severity" in out


def test_search_as_another_user_hides_restricted(loaded: Path) -> None:
    store = find_workspace().open_store()
    with store.session() as s:
        from hindsight.store import repo

        incident = repo.get_incident(s, "INC-2025-11-10")
        incident.restricted = True
        repo.save_incident(s, incident, "tester")
    store.close()
    assert "INC-2025-11-10" in run("search", "indexer")[1]
    assert "INC-2025-11-10" not in run("search", "indexer", "--as", "eve")[1]


def test_similar_and_mark_repeat_and_repeats(loaded: Path) -> None:
    code, out = run("similar", "INC-2025-12-01", "--json")
    data = json.loads(out)
    assert code == 0 and data["similar"][0]["incident_id"] == "INC-2025-10-05"
    assert data["repeat"]["earlier_id"] == "INC-2025-10-05"
    code, out = run("similar", "inc-2025-12-01", "--mark-repeat")
    assert (
        code == 0
        and "Recorded as a repeat of INC-2025-10-05" in out
        and "A3 Canary config pushes" in out
    )
    code, out = run("repeats", "--json")
    assert [r["incident_id"] for r in json.loads(out)] == ["INC-2025-12-01"]
    code, out = run("similar", "INC-1999-01-01")
    assert code == 2 and "no incident INC-1999-01-01" in out


def test_metrics_text_json_and_empty(loaded: Path) -> None:
    code, out = run("metrics", "--quarter", "2025Q4")
    assert (
        code == 0
        and "Repeat rate" in out
        and "poor" in out
        and "INC-2025-12-20 (no detected_at)" in out
    )
    code, out = run("metrics", "--since", "2025-10-01", "--until", "2026-01-01", "--json")
    data = json.loads(out)
    assert data["incident_count"] == 4 and not data["empty"]
    assert {f["key"]: f["band"] for f in data["figures"]}["action_verification"] == "critical"
    code, out = run("metrics", "--quarter", "2024Q2")
    assert code == 0 and "no incidents in 2024Q2" in out
    code, out = run("metrics", "--quarter", "2024Q2", "--since", "2024-01-01")
    assert code == 2


def test_report_quarterly_files_and_bad_quarter(loaded: Path) -> None:
    code, out = run("report", "quarterly", "--quarter", "2025Q4", "-o", "review.html")
    assert code == 0 and "Wrote review.html (2025Q4: 4 incidents)" in out
    assert (loaded / "review.html").read_text(encoding="utf-8").count("<svg") == 4
    code, out = run("report", "quarterly", "--quarter", "2025Q4", "-o", "review.md")
    assert code == 0 and (loaded / "review-mttr_trend.svg").exists()
    assert "](review-root_causes.svg)" in (loaded / "review.md").read_text(encoding="utf-8")
    code, out = run("report", "quarterly", "--quarter", "2025-Q5")
    assert code == 2 and "expected YYYYQn, e.g. 2025Q4" in out
    code, out = run("report", "quarterly", "--quarter", "2025Q4", "-o", "review.pdf")
    assert code == 2 and ".html or .md" in out
    code, out = run("report", "quarterly", "--quarter", "2023Q1")
    assert code == 0 and "No incidents in 2023Q1" in out


def test_reindex(loaded: Path) -> None:
    code, out = run("reindex")
    assert code == 0 and "Indexed 5 incidents" in out


def test_report_into_a_missing_folder_is_one_clear_line(loaded: Path, tmp_path: Path) -> None:
    code, out = run("report", "quarterly", "--quarter", "2025Q4", "-o", str(tmp_path / "no/q.md"))
    assert code == 2
    assert f"{tmp_path / 'no'}/" in out and "No such file or directory" in out
    assert "Traceback" not in out


def test_a_query_with_brackets_is_echoed_as_typed(loaded: Path) -> None:
    code, out = run("search", "zzqx [/] [ERROR]")
    assert code == 0, out
    assert "No postmortem matches 'zzqx [/] [ERROR]'." in out

"""`hindsight rca …`, `why …`, `factor …` through the CLI, on a real workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hindsight.cli.main import app
from hindsight.workspace import find_workspace
from tests.analysis.scenarios import load_scenarios
from tests.conftest import TEST_DATA

runner = CliRunner()


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture
def incident(workspace: Path) -> str:
    """The config-push scenario stored with its timeline (ids assigned by the store)."""
    scenario = next(s for s in load_scenarios() if s.name == "config_push_gateway_timeout")
    inc = scenario.incident
    inc.id = "INC-2025-10-21"
    for event in inc.timeline:
        event.id = None
    store = find_workspace().open_store()
    try:
        store.add(inc, "tester")
    finally:
        store.close()
    return inc.id


def stored(incident_id: str):  # type: ignore[no-untyped-def]
    store = find_workspace().open_store()
    try:
        return store.get(incident_id)
    finally:
        store.close()


def test_why_add_with_evidence_and_warnings(incident: str) -> None:
    event_ids = [e.id for e in stored(incident).timeline]
    out = run("why", "add", incident, "Why 504s?", "Upstream timeout was 1s", "The push lowered it",
              "Config pushes skip canary", "--evidence", f"1={event_ids[2]}", "--evidence", str(event_ids[1]))  # fmt: skip
    assert "root cause: Config pushes skip canary" in out
    chain = stored(incident).why_chains[0]
    assert chain.steps[0].evidence == [event_ids[2]] and chain.steps[-1].evidence == [event_ids[1]]
    out = run("why", "add", incident, "Why slow detection?", "Someone forgot to add an alert")
    assert "stops at a person" in out and "1 level" in out
    run("why", "add", incident, "more", "--chain", "2")
    assert len(stored(incident).why_chains[1].steps) == 2
    listing = json.loads(run("why", incident, "--json"))  # `why INC` = `why list INC`
    assert listing["chains"][0]["root_cause"] == "Config pushes skip canary"
    assert any("chain 2" in w for w in listing["warnings"])
    run("rca", "why", "rm", incident, "2")
    assert len(stored(incident).why_chains) == 1


def test_why_evidence_must_exist(incident: str) -> None:
    out = run("why", "add", incident, "p", "a", "--evidence", "999999", code=2)
    assert "no timeline event 999999" in out
    assert stored(incident).why_chains == []


def test_factors_and_fishbone(incident: str) -> None:
    run("factor", "add", incident, "--category", "process", "Config pushes skip review")
    run("factor", "add", incident, "-c", "Technology", "Envoy default timeout 1s")
    out = run("factor", "add", incident, "--category", "Weather", "x", code=2)
    assert "valid: People, Process, Technology, Environment" in out
    data = json.loads(run("factor", "list", incident, "--json"))
    assert data["categories"]["Process"] == ["Config pushes skip review"]
    mermaid = run("rca", "fishbone", incident)
    assert mermaid.startswith("flowchart LR") and "Envoy default timeout 1s" in mermaid
    svg = run("rca", "fishbone", incident, "--format", "svg")
    assert svg.lstrip().startswith("<svg")


def test_fault_tree_from_file_and_cli(incident: str, tmp_path: Path) -> None:
    out = run(
        "rca", "tree", incident, "--file", str(TEST_DATA / "analysis" / "db_failover_tree.yaml")
    )
    assert "Minimal cut sets (6)" in out and "P(top event) = 0.070" in out
    assert stored(incident).fault_trees[0].name == "Orders API outage"
    out = run("rca", "tree", incident, "--name", "gateway", "--gate", "gw_down=or:timeout_low,lb_single",
              "--event", "timeout_low=0.1", "--event", "lb_single=0.01", "--label", "lb_single=One load balancer")  # fmt: skip
    assert "Single points of failure" in out and "lb_single (One load balancer)" in out
    data = json.loads(run("rca", "tree", incident, "--name", "gateway", "--json"))
    assert data[0]["single_points_of_failure"] == ["lb_single", "timeout_low"]
    assert data[0]["top_event_probability"] == pytest.approx(1 - 0.9 * 0.99)
    svg_file = tmp_path / "tree.svg"
    run("rca", "tree", incident, "--name", "gateway", "--format", "svg", "-o", str(svg_file))
    assert svg_file.read_text().startswith("<svg")
    assert "flowchart TB" in run(
        "rca", "tree", incident, "--name", "gateway", "--format", "mermaid"
    )


def test_bad_fault_trees_are_refused_and_nothing_is_saved(incident: str, tmp_path: Path) -> None:
    cyclic = tmp_path / "cyclic.yaml"
    cyclic.write_text(
        "top: a\nnodes:\n  a: {gate: or, children: [b]}\n  b: {gate: and, children: [a, c]}\n  c: {}\n"
    )
    out = run("rca", "tree", incident, "--file", str(cyclic), code=2)
    assert "cyclic.yaml" in out and "cycle" in out
    dangling = tmp_path / "dangling.yaml"
    dangling.write_text("top: a\nnodes:\n  a: {gate: or, children: [ghost]}\n")
    assert "dangling" in run("rca", "tree", incident, "--file", str(dangling), code=2)
    run("rca", "tree", incident, "--gate", "top=or:a,b")
    assert "cycle" in run("rca", "tree", incident, "--gate", "a=and:top", code=2)
    trees = stored(incident).fault_trees
    assert len(trees) == 1 and [n.id for n in trees[0].nodes] == ["top", "a", "b"]


def test_suspects(incident: str) -> None:
    out = run("rca", "suspects", incident)
    assert "1. config change" in out and "rolled back" in out
    data = json.loads(run("rca", "suspects", incident, "--json"))
    assert data["suspects"][0]["kind"] == "config_change"
    assert data["suspects"][0]["evidence"][0]["id"] is not None
    assert data["discounted"][0]["summary"].startswith("argocd")


def test_category_suggest_confirm_refuse(incident: str) -> None:
    data = json.loads(run("rca", "category", incident, "--json"))
    assert data["suggestions"][0]["category"] == "configuration"
    assert data["current"] is None
    run("rca", "category", incident, "--set", "configuration")
    assert stored(incident).root_cause_category == "configuration"
    out = run("rca", "category", incident, "--set", "cosmic rays", code=2)
    assert "unknown root-cause category" in out and "external_dependency" in out
    assert stored(incident).root_cause_category == "configuration"


def test_show_everything(incident: str) -> None:
    run("why", "add", incident, "Why?", "a", "b", "c")
    out = run("rca", "show", incident)
    assert "Chain 1" in out and "Category:" in out


def test_unknown_incident(workspace: Path) -> None:
    assert "no incident INC-NOPE" in run("rca", "suspects", "INC-NOPE", code=2)


def test_incident_first_form(incident: str) -> None:
    data = json.loads(run("rca", incident, "suspects", "--json"))
    assert data["suspects"][0]["kind"] == "config_change"
    assert "Category:" in run("rca", incident)


def test_tree_file_that_is_not_yaml_text_is_one_clear_line(incident: str, tmp_path: Path) -> None:
    latin1 = tmp_path / "tree.yaml"
    latin1.write_bytes(b"top: db_down\n# caf\xe9\n")
    out = run("rca", "tree", incident, "--file", str(latin1), code=2)
    assert f"{latin1}:2: not UTF-8" in out
    assert "Is a directory" in run("rca", "tree", incident, "--file", str(tmp_path), code=2)
    nul = tmp_path / "nul.yaml"
    nul.write_bytes(b"top: a\x00b\n")
    assert "Traceback" not in run("rca", "tree", incident, "--file", str(nul), code=2)


def test_fishbone_to_a_missing_folder_names_the_path(incident: str, tmp_path: Path) -> None:
    target = tmp_path / "no" / "fishbone.mmd"
    assert f"{target}: No such file or directory" in run(
        "rca", "fishbone", incident, "-o", str(target), code=2
    )


def test_suspects_refuses_a_lookback_that_is_not_positive(incident: str) -> None:
    assert "must be a positive duration" in run(
        "rca", "suspects", incident, "--lookback", "-3d", code=2
    )
    assert "must be a positive duration" in run(
        "rca", "suspects", incident, "--lookback", "0s", code=2
    )

"""A fault tree posted through the API and loaded with `hindsight rca tree --file` is read by the
same rules: every gate the CLI accepts the API accepts, with identical analysis."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import yaml
from typer.testing import CliRunner

from hindsight.cli.main import app
from hindsight.domain.model import Incident
from hindsight.workspace import find_workspace
from tests.web.conftest import new_incident

GATES = ["and", "or", "2/3", "2oo3", "AND", "1/3", "3/3"]


def tree_for(gate: str) -> dict:
    return {
        "name": f"Checkout down ({gate})",
        "top": "top",
        "nodes": [
            {"id": "top", "label": "Checkout down", "gate": gate, "children": ["a", "b", "c"]},
            {"id": "a", "label": "Primary lost", "probability": 0.1},
            {"id": "b", "label": "Replica lost", "probability": 0.2},
            {"id": "c", "label": "Pooler lost", "probability": 0.05},
        ],
    }


def through_api(editor: httpx.Client, incident_id: str, tree: dict) -> dict:
    base = f"/api/incidents/{incident_id}/fault-trees"
    posted = editor.post(base, json=tree)
    assert posted.status_code == 201, posted.text
    number = len(editor.get(base).json())
    analysis = editor.get(f"{base}/{number}/analysis")
    assert analysis.status_code == 200, analysis.text
    return analysis.json()  # type: ignore[no-any-return]


def through_cli(tmp_path: Path, tree: dict) -> tuple[int, str]:
    path = tmp_path / "tree.yaml"
    path.write_text(yaml.safe_dump(tree), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["rca", "tree", "INC-2025-12-15", "--file", str(path), "--json"]
    )
    return result.exit_code, result.output


@pytest.fixture
def cli_incident(workspace: Path) -> str:
    store = find_workspace().open_store()
    try:
        store.add(Incident(id="INC-2025-12-15", title="Checkout down", severity="P2"), "t")
    finally:
        store.close()
    return "INC-2025-12-15"


@pytest.mark.parametrize("gate", GATES)
def test_every_gate_gives_the_same_analysis_through_api_and_cli(
    editor: httpx.Client, cli_incident: str, tmp_path: Path, gate: str
) -> None:
    tree = tree_for(gate)
    api = through_api(editor, new_incident(editor)["id"], tree)
    code, output = through_cli(tmp_path, tree)
    assert code == 0, output
    cli = json.loads(output)[-1]
    assert sorted(map(sorted, api["minimal_cut_sets"])) == sorted(
        map(sorted, cli["minimal_cut_sets"])
    )
    assert api["top_event_probability"] == pytest.approx(cli["top_event_probability"])


@pytest.mark.parametrize("gate", ["xor", "4/3", "0/3", "2of3"])
def test_a_bad_gate_is_refused_by_both_faces_naming_the_gate(
    editor: httpx.Client, cli_incident: str, tmp_path: Path, gate: str
) -> None:
    tree = tree_for(gate)
    refused = editor.post(f"/api/incidents/{new_incident(editor)['id']}/fault-trees", json=tree)
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "gate"
    code, output = through_cli(tmp_path, tree)
    assert code == 2 and "Traceback" not in output
    assert gate in output

"""Every use case of hindsight.incidents.service run through both faces stores the same thing:
the CLI (Typer runner, its own workspace) and the API (the test server) are given the same
input, and what each stored reads back identical (ids, versions and clocks aside)."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from hindsight.cli.main import app
from tests.web.conftest import PASSWORDS, Server, csrf_from, new_incident, sign_in

START = "2025-12-15T22:47:00Z"
Stored = dict[str, Any]


def cli(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


def cli_incident(*extra: str) -> str:
    out = cli("incident", "new", "Checkout 500s for EU customers", "--severity", "P2",
              "--started", START, *extra, "--json")  # fmt: skip
    return str(json.loads(out)["id"])


def cli_stored(incident_id: str) -> Stored:
    return json.loads(cli("incident", "show", incident_id, "--json"))  # type: ignore[no-any-return]


def api_stored(client: httpx.Client, incident_id: str) -> Stored:
    response = client.get(f"/api/incidents/{incident_id}")
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def same(cli_side: Stored, api_side: Stored, *keys: str) -> None:
    for key in keys:
        assert cli_side[key] == api_side[key], key


def events(stored: Stored) -> list[tuple[Any, ...]]:
    return [(e["at"], e["text"], e["kind"], e["milestone"], e["key"]) for e in stored["timeline"]]


def actions(stored: Stored) -> list[tuple[Any, ...]]:
    return [
        (a["number"], a["title"], a["owner"], a["kind"], a["status"]) for a in stored["actions"]
    ]


def both(
    editor: httpx.Client,
    through_cli: Callable[[str], object],
    through_api: Callable[[str], httpx.Response],
) -> tuple[Stored, Stored]:
    """Run the same change through each face on a fresh incident; both stored incidents."""
    cli_id = cli_incident()
    through_cli(cli_id)
    api_id = new_incident(editor)["id"]
    answer = through_api(api_id)
    assert answer.status_code in (200, 201, 204), answer.text
    return cli_stored(cli_id), api_stored(editor, api_id)


def test_opening_an_incident(workspace: Path, editor: httpx.Client) -> None:
    cli_id = cli_incident("--service", "checkout", "--tag", "eu", "--summary", "500s at pay")
    api = new_incident(editor, services=["checkout"], tags=["eu"], summary="500s at pay")
    same(cli_stored(cli_id), api_stored(editor, api["id"]),
         "title", "severity", "started_at", "services", "tags", "summary", "status")  # fmt: skip


def test_editing_fields(workspace: Path, editor: httpx.Client) -> None:
    def through_api(iid: str) -> httpx.Response:
        version = api_stored(editor, iid)["version"]
        body = {"root_cause": "pool too small", "severity": "P1",
                "impact": {"users_affected": 1200}, "version": version}  # fmt: skip
        return editor.patch(f"/api/incidents/{iid}", json=body)

    c, a = both(
        editor,
        lambda iid: cli(
            "incident",
            "edit",
            iid,
            "--root-cause",
            "pool too small",
            "--severity",
            "P1",
            "--set",
            "impact.users_affected=1200",
        ),
        through_api,
    )
    same(c, a, "root_cause", "severity", "impact")


def test_moving_the_status(workspace: Path, editor: httpx.Client) -> None:
    c, a = both(
        editor,
        lambda iid: cli("incident", "status", iid, "resolved"),
        lambda iid: editor.post(f"/api/incidents/{iid}/status", json={"status": "resolved"}),
    )
    same(c, a, "status")
    assert c["resolved_at"] and a["resolved_at"] and c["mitigated_at"] and a["mitigated_at"]


def test_a_backward_move_is_refused_by_both(workspace: Path, editor: httpx.Client) -> None:
    cli_id = cli_incident()
    cli("incident", "status", cli_id, "drafting")
    assert "cannot go from drafting back to open" in cli("incident", "status", cli_id, "open",
                                                         code=1)  # fmt: skip
    api_id = new_incident(editor)["id"]
    editor.post(f"/api/incidents/{api_id}/status", json={"status": "drafting"})
    refused = editor.post(f"/api/incidents/{api_id}/status", json={"status": "open"})
    assert refused.status_code == 409
    assert "cannot go from drafting back to open" in refused.json()["error"]["message"]


def test_adding_and_removing_timeline_events(workspace: Path, editor: httpx.Client) -> None:
    def through_cli(iid: str) -> None:
        cli("timeline", "add", iid, "22:50", "Paged on 5xx", "--kind", "alert",
            "--milestone", "detected")  # fmt: skip
        cli("timeline", "add", iid, "22:55", "Typo")
        typo = next(e for e in cli_stored(iid)["timeline"] if e["text"] == "Typo")
        cli("timeline", "rm", iid, str(typo["id"]))

    def through_api(iid: str) -> httpx.Response:
        url = f"/api/incidents/{iid}/timeline"
        body = {"at": "22:50", "text": "Paged on 5xx", "kind": "alert", "milestone": "detected"}
        editor.post(url, json=body)
        typo = editor.post(url, json={"at": "22:55", "text": "Typo"}).json()
        return editor.delete(f"{url}/{typo['id']}")

    c, a = both(editor, through_cli, through_api)
    assert events(c) == events(a) and len(events(c)) == 1
    same(c, a, "detected_at")


def test_confirming_a_milestone(workspace: Path, editor: httpx.Client) -> None:
    # the CLI confirms a milestone as it adds the event that marks it
    c, a = both(
        editor,
        lambda iid: cli("timeline", "add", iid, "23:40", "Rolled back", "--milestone", "mitigated"),
        lambda iid: editor.post(
            f"/api/incidents/{iid}/timeline",
            json={"at": "23:40", "text": "Rolled back", "milestone": "mitigated"},
        ),
    )
    same(c, a, "mitigated_at")
    assert events(c) == events(a)


def test_why_chains_with_evidence(workspace: Path, editor: httpx.Client) -> None:
    def through_cli(iid: str) -> None:
        cli("timeline", "add", iid, "22:50", "Pool exhausted", "--kind", "alert")
        event = cli_stored(iid)["timeline"][0]["id"]
        cli("why", "add", iid, "Checkout failed", "Pool exhausted", "--evidence", str(event))
        cli("why", "add", iid, "--chain", "1", "Pool sized for last year")

    def through_api(iid: str) -> httpx.Response:
        event = editor.post(f"/api/incidents/{iid}/timeline",
                            json={"at": "22:50", "text": "Pool exhausted", "kind": "alert"}).json()  # fmt: skip
        editor.post(f"/api/incidents/{iid}/whys", json={"problem": "Checkout failed"})
        editor.post(f"/api/incidents/{iid}/whys/1/steps",
                    json={"answer": "Pool exhausted", "evidence": [event["id"]]})  # fmt: skip
        return editor.post(f"/api/incidents/{iid}/whys/1/steps",
                           json={"answer": "Pool sized for last year"})  # fmt: skip

    c, a = both(editor, through_cli, through_api)

    def chains(stored: Stored) -> list[Any]:
        first = stored["timeline"][0]["id"]
        return [(ch["problem"], [(s["answer"], [e == first for e in s["evidence"]])
                                 for s in ch["steps"]]) for ch in stored["why_chains"]]  # fmt: skip

    assert chains(c) == chains(a)
    assert chains(c) == [("Checkout failed", [("Pool exhausted", [True]),
                                              ("Pool sized for last year", [])])]  # fmt: skip


def test_unknown_evidence_is_refused_by_both_naming_the_field(
    workspace: Path, editor: httpx.Client
) -> None:
    cli_id = cli_incident()
    out = cli("why", "add", cli_id, "Checkout failed", "Pool exhausted", "-e", "999999", code=2)
    assert "evidence:" in out and "Traceback" not in out
    api_id = new_incident(editor)["id"]
    editor.post(f"/api/incidents/{api_id}/whys", json={"problem": "Checkout failed"})
    refused = editor.post(f"/api/incidents/{api_id}/whys/1/steps",
                          json={"answer": "Pool exhausted", "evidence": [999999]})  # fmt: skip
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "evidence"


def test_a_why_chain_whose_steps_are_refused_is_not_stored_by_either_face(
    workspace: Path, editor: httpx.Client
) -> None:
    """Starting a chain is one write on both faces: when a step is refused after the problem
    was accepted, no chain without steps is left behind."""
    cli_id = cli_incident()
    out = cli("why", "add", cli_id, "Checkout failed", "Pool exhausted", "-e", "999999", code=2)
    assert "evidence:" in out
    out = cli("why", "add", cli_id, "Checkout failed", "Pool exhausted", " ", code=2)
    assert "non-empty answer" in out
    kept = cli_stored(cli_id)
    assert kept["why_chains"] == [] and kept["version"] == 1
    api_id = new_incident(editor)["id"]
    refused = editor.post(f"/api/incidents/{api_id}/whys",
                          json={"problem": "Checkout failed", "answers": ["Pool exhausted", " "]})  # fmt: skip
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "answer"
    kept = api_stored(editor, api_id)
    assert kept["why_chains"] == [] and kept["version"] == 1


def test_contributing_factors(workspace: Path, editor: httpx.Client) -> None:
    c, a = both(
        editor,
        lambda iid: cli("factor", "add", iid, "No load test before the sale", "-c", "process"),
        lambda iid: editor.post(
            f"/api/incidents/{iid}/factors",
            json={"category": "process", "text": "No load test before the sale"},
        ),
    )
    same(c, a, "factors")
    assert c["factors"] == [{"category": "Process", "text": "No load test before the sale"}]


def test_an_unknown_factor_category_is_refused_by_both(
    workspace: Path, editor: httpx.Client
) -> None:
    out = cli("factor", "add", cli_incident(), "Bad luck", "-c", "fate", code=2)
    refused = editor.post(f"/api/incidents/{new_incident(editor)['id']}/factors",
                          json={"category": "fate", "text": "Bad luck"})  # fmt: skip
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "category"
    assert refused.json()["error"]["message"] in " ".join(out.split())


def test_reviews(workspace: Path, editor: httpx.Client) -> None:
    c, a = both(
        editor,
        lambda iid: cli(
            "review",
            "add",
            iid,
            "--reviewer",
            "Ana",
            "--decision",
            "changes-requested",
            "--comment",
            "Add the pool graph",
            "--meeting-date",
            "2025-12-18",
        ),
        lambda iid: editor.post(
            f"/api/incidents/{iid}/reviews",
            json={
                "reviewer": "Ana",
                "decision": "changes requested",
                "comment": "Add the pool graph",
                "meeting_date": "2025-12-18",
            },
        ),
    )
    same(c, a, "reviews")
    assert c["reviews"][0]["decision"] == "changes_requested"


def test_corrective_actions(workspace: Path, editor: httpx.Client) -> None:
    def through_cli(iid: str) -> None:
        cli("action", "add", iid, "Alert on pool saturation", "--owner", "ana", "--kind", "detect")
        cli("action", "update", iid, "A1", "--status", "in_progress")

    def through_api(iid: str) -> httpx.Response:
        editor.post(f"/api/incidents/{iid}/actions",
                    json={"title": "Alert on pool saturation", "owner": "ana", "kind": "detect"})  # fmt: skip
        return editor.post(f"/api/incidents/{iid}/actions/1/status", json={"status": "in_progress"})

    c, a = both(editor, through_cli, through_api)
    assert actions(c) == actions(a) == [(1, "Alert on pool saturation", "ana", "detect",
                                         "in_progress")]  # fmt: skip


def test_fault_tree_built_from_gates_and_posted_whole(
    workspace: Path, editor: httpx.Client
) -> None:
    tree = {"name": "Checkout down", "top": "top", "nodes": [
        {"id": "top", "label": "top", "gate": "and", "children": ["primary", "replica"]},
        {"id": "primary", "label": "primary", "probability": 0.1},
        {"id": "replica", "label": "replica", "probability": 0.2},
    ]}  # fmt: skip
    c, a = both(
        editor,
        lambda iid: cli(
            "rca",
            "tree",
            iid,
            "--name",
            "Checkout down",
            "--gate",
            "top=and:primary,replica",
            "--event",
            "primary=0.1",
            "--event",
            "replica=0.2",
        ),
        lambda iid: editor.post(f"/api/incidents/{iid}/fault-trees", json=tree),
    )
    same(c, a, "fault_trees")


def test_a_tree_built_gate_by_gate_is_the_same_through_both(
    workspace: Path, editor: httpx.Client
) -> None:
    def through_api(iid: str) -> httpx.Response:
        url = f"/api/incidents/{iid}/fault-trees/edits"
        first = {
            "name": "Checkout down",
            "gates": [{"id": "top", "gate": "2/3", "children": ["primary", "replica", "pooler"]}],
            "events": [{"id": "primary", "probability": 0.1}],
        }
        made = editor.post(url, json=first)
        assert made.status_code == 201 and made.json()["replaced"] is False, made.text
        second = {
            "name": "Checkout down",
            "events": [{"id": "replica", "probability": 0.2}],
            "labels": [{"id": "pooler", "label": "PgBouncer lost"}],
        }
        return editor.post(url, json=second)

    def through_cli(iid: str) -> None:
        tree = ["rca", "tree", iid, "--name", "Checkout down"]
        cli(*tree, "--gate", "top=2/3:primary,replica,pooler", "--event", "primary=0.1")
        cli(*tree, "--event", "replica=0.2", "--label", "pooler=PgBouncer lost")

    c, a = both(editor, through_cli, through_api)
    same(c, a, "fault_trees")
    bad = editor.post(
        f"/api/incidents/{new_incident(editor)['id']}/fault-trees/edits",
        json={"gates": [{"id": "top", "gate": "xor", "children": ["a"]}]},
    )
    assert bad.status_code == 422 and "xor" in bad.json()["error"]["message"]


def test_a_tree_of_the_same_name_is_replaced_by_both(
    workspace: Path, editor: httpx.Client, tmp_path: Path
) -> None:
    leaves = {"a": {"probability": 0.1}, "b": {"probability": 0.2}}
    first = {
        "name": "db",
        "top": "t",
        "nodes": {"t": {"gate": "or", "children": ["a", "b"]}, **leaves},
    }
    second = {
        "name": "db",
        "top": "t",
        "nodes": {"t": {"gate": "and", "children": ["a", "b"]}, **leaves},
    }

    def through_cli(iid: str) -> None:
        for n, tree in enumerate((first, second)):
            path = tmp_path / f"tree{n}.json"  # JSON is YAML
            path.write_text(json.dumps(tree), encoding="utf-8")
            cli("rca", "tree", iid, "--file", str(path))

    def through_api(iid: str) -> httpx.Response:
        url = f"/api/incidents/{iid}/fault-trees"
        for tree in (first, second):
            nodes = [{"id": k, **v} for k, v in tree["nodes"].items()]  # type: ignore[attr-defined]
            answer = editor.post(url, json={**tree, "nodes": nodes})
        return answer

    c, a = both(editor, through_cli, through_api)
    same(c, a, "fault_trees")
    assert [[n["gate"] for n in t["nodes"] if n["id"] == "t"] for t in c["fault_trees"]] == [
        ["and"]
    ]


MARKDOWN = """---
title: Search returned stale results
severity: P3
started: 2025-11-03T09:12:00Z
services: [search]
---
# Search returned stale results

## Summary

The index stopped refreshing after a config push.
"""


def test_importing_markdown(workspace: Path, editor: httpx.Client, tmp_path: Path) -> None:
    path = tmp_path / "stale-search.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    assert "Imported 1 postmortem(s)" in cli("import", str(path))
    cli_id = json.loads(cli("incident", "list", "--json"))[-1]["id"]
    answer = editor.post("/api/import", files=[("files", ("stale-search.md", MARKDOWN.encode()))])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["stored"] is True and body["incidents"][0]["file"] == "stale-search.md"
    assert body["warnings"] == [] and body["incidents"][0]["id"].startswith("INC-2025-11-03")
    same(cli_stored(cli_id), api_stored(editor, body["incidents"][0]["id"]),
         "title", "severity", "started_at", "services", "summary")  # fmt: skip


def test_import_refusals_and_dry_runs_match(
    workspace: Path, editor: httpx.Client, tmp_path: Path
) -> None:
    bad = "---\ntitle: T\nseverity: P9\n---\n# T\n"
    path = tmp_path / "bad.md"
    path.write_text(bad, encoding="utf-8")
    out = cli("import", str(path), code=2)
    refused = editor.post("/api/import", files=[("files", ("bad.md", bad.encode()))])
    assert refused.status_code == 422
    message = refused.json()["error"]["message"]
    assert message.startswith("bad.md") and "P9" in message and "/" not in message.split(":")[0]
    assert "P9" in out
    dry = editor.post(
        "/api/import", params={"dry_run": "true"},
        files=[("files", ("stale-search.md", MARKDOWN.encode()))],
    )  # fmt: skip
    assert dry.status_code == 200 and dry.json()["stored"] is False


def test_import_is_for_editors(viewer: httpx.Client) -> None:
    refused = viewer.post("/api/import", files=[("files", ("x.md", MARKDOWN.encode()))])
    assert refused.status_code == 403


@pytest.mark.parametrize("face", ["cli", "api"])
def test_strict_import_refuses_warnings(
    workspace: Path, editor: httpx.Client, tmp_path: Path, face: str
) -> None:
    warned = MARKDOWN.replace(
        "services: [search]", "services: [search]\nimpact:\n  users_affected: lots"
    )
    if face == "cli":
        path = tmp_path / "warned.md"
        path.write_text(warned, encoding="utf-8")
        out = cli("import", str(path), "--strict", code=2)
        assert "--strict: nothing imported" in out and "warning:" in out
        return
    refused = editor.post("/api/import", params={"strict": "true"},
                          files=[("files", ("warned.md", warned.encode()))])  # fmt: skip
    assert refused.status_code == 422
    assert "--strict: nothing imported" in refused.json()["error"]["message"]


def test_the_new_incident_page_imports_markdown_too(server: Server) -> None:
    with sign_in(server.url, "bob", PASSWORDS["bob"]) as browser:
        token = csrf_from(browser.get("/incidents/new").text)
        posted = browser.post(
            "/incidents/import",
            data={"csrf_token": token},
            files=[("files", ("stale-search.md", MARKDOWN.encode()))],
        )
        assert posted.status_code == 303, posted.text
        assert "Imported+1+postmortem" in posted.headers["location"]
        page = browser.get(posted.headers["location"].split("?")[0])
        assert "Search returned stale results" in page.text
        refused = browser.post(
            "/incidents/import",
            data={"csrf_token": token},
            files=[("files", ("bad.md", b"---\ntitle: T\nseverity: P9\n---\n# T\n"))],
        )
        assert refused.status_code == 422 and "bad.md" in refused.text and "P9" in refused.text


def test_the_web_scores_and_gates_with_the_rubric_of_its_workspace(
    server: Server, viewer: httpx.Client
) -> None:
    """The score card and the publishing gate the web shows and applies use `rubric.yaml` of the
    workspace it serves (whatever directory the server runs in), as `hindsight score` and
    `hindsight incident status` use their workspace's."""
    path = server.workspace.root / "rubric.yaml"
    shipped = resources.files("hindsight.data").joinpath("rubric.yaml").read_text("utf-8")
    assert "pass_mark: 3.5" in shipped
    base = f"/api/incidents/{server.incident_id}"

    def with_pass_mark(pass_mark: int) -> tuple[float, list[str]]:
        path.write_text(shipped.replace("pass_mark: 3.5", f"pass_mark: {pass_mark}"), "utf-8")
        card = viewer.get(f"{base}/score")
        blockers = viewer.get(f"{base}/blockers")
        assert card.status_code == blockers.status_code == 200, (card.text, blockers.text)
        rubric = [b for b in blockers.json()["publish"] if b.startswith("rubric score")]
        return card.json()["score"]["pass_mark"], rubric

    try:
        assert with_pass_mark(1) == (1, [])
        pass_mark, rubric = with_pass_mark(5)
        assert pass_mark == 5 and len(rubric) == 1 and "is below 5" in rubric[0]
    finally:
        path.unlink(missing_ok=True)

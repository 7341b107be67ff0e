"""Drafting over real HTTP: the API route (cited sentences, apply only what is unwritten, roles)
and the Draft buttons and page."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer

import httpx
import pytest

from tests.web.conftest import Server, new_incident

FIELDS = {
    "resolved_at": "2025-12-15T23:19:00Z",
    "detected_at": "2025-12-15T22:50:00Z",
    "services": ["checkout-api"],
    "went_well": ["Rollback was rehearsed"],
}


def test_api_draft_cites_and_applies_only_unwritten_sections(editor: httpx.Client) -> None:
    created = new_incident(editor, "Draft me: checkout 5xx", **FIELDS)
    incident_id = created["id"]
    response = editor.post(f"/api/incidents/{incident_id}/draft", json={"sections": "summary"})
    assert response.status_code == 200, response.text
    body = response.json()
    summary = body["sections"][0]
    assert summary["name"] == "summary" and not summary["applied"]
    texts = [s["text"] for s in summary["sentences"]]
    assert (
        "It started at 2025-12-15 22:47 UTC and was resolved at 23:19 UTC, after 32 minutes."
        in texts
    )
    assert all(s["evidence"] and s["status"] == "verified" for s in summary["sentences"])
    applied = editor.post(
        f"/api/incidents/{incident_id}/draft",
        json={"sections": ["summary", "went_well"], "apply": True},
    ).json()
    by_name = {s["name"]: s for s in applied["sections"]}
    assert by_name["summary"]["applied"] and not by_name["went_well"]["applied"]
    assert any("went_well" in line and "--force" in line for line in applied["skipped"])
    stored = editor.get(f"/api/incidents/{incident_id}").json()
    assert stored["summary"].startswith("“Draft me: checkout 5xx” was a P2 incident")
    assert stored["went_well"] == ["Rollback was rehearsed"]


def test_api_draft_errors_and_roles(
    server: Server, editor: httpx.Client, viewer: httpx.Client
) -> None:
    incident_id = new_incident(editor, "Draft roles", **FIELDS)["id"]
    bad = editor.post(f"/api/incidents/{incident_id}/draft", json={"sections": "lessons"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "sections"
    no_model = editor.post(f"/api/incidents/{incident_id}/draft", json={"model": True})
    assert no_model.status_code == 422 and "[draft] endpoint" in no_model.json()["error"]["message"]
    assert viewer.post(f"/api/incidents/{incident_id}/draft", json={}).status_code == 403
    read = viewer.get(f"/api/incidents/{incident_id}/draft", params={"sections": "timeline"})
    assert read.status_code == 200 and read.json()["sections"][0]["name"] == "timeline"
    # a restricted incident stays invisible to a viewer who is not a member
    hidden = viewer.get(f"/api/incidents/{server.restricted_id}/draft")
    assert hidden.status_code == 404


def test_draft_buttons_and_page(server: Server, editor: httpx.Client, viewer: httpx.Client) -> None:
    incident_id = new_incident(editor, "Draft page", **{**FIELDS, "went_well": []})["id"]
    page = editor.get(f"/incidents/{incident_id}")
    assert f'href="/incidents/{incident_id}/draft?sections=summary"' in page.text
    assert f'href="/incidents/{incident_id}/draft?sections=went_well,went_wrong"' in page.text
    assert "/draft?sections=" not in viewer.get(f"/incidents/{incident_id}").text
    assert (
        f"/incidents/{incident_id}/draft?sections=impact"
        in editor.get(f"/incidents/{incident_id}/edit").text
    )
    draft = editor.get(f"/incidents/{incident_id}/draft", params={"sections": "summary"})
    assert draft.status_code == 200
    assert "after 32 minutes" in draft.text and "verified" in draft.text
    applied = editor.post(
        f"/incidents/{incident_id}/draft",
        data={"sections": "summary", "action": "apply"},
        follow_redirects=False,
    )
    assert applied.status_code == 303 and applied.headers["location"].startswith(
        f"/incidents/{incident_id}"
    )
    assert "after 32 minutes" in editor.get(f"/api/incidents/{incident_id}").json()["summary"]


def test_api_model_draft_against_a_loopback_model(
    server: Server, editor: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The web face reaches the same model path: the recorded invented cause comes back unverified."""
    from tests.draft.test_model import KEY, Recorded

    model = ThreadingHTTPServer(("127.0.0.1", 0), Recorded)
    threading.Thread(target=model.serve_forever, daemon=True).start()
    monkeypatch.setenv("DRAFT_TEST_KEY", KEY)
    monkeypatch.setitem(server.workspace.config, "draft", {
        "endpoint": f"http://127.0.0.1:{model.server_address[1]}/invented-cause/v1",
        "model": "recorded-model", "api_key_env": "DRAFT_TEST_KEY"})  # fmt: skip
    try:
        incident_id = new_incident(editor, "Model draft over the API", **FIELDS)["id"]
        body = editor.post(
            f"/api/incidents/{incident_id}/draft", json={"sections": "causes", "model": True}
        ).json()
    finally:
        model.shutdown()
        model.server_close()
    assert body["source"] == "model:recorded-model"
    sentences = body["sections"][0]["sentences"]
    invented = next(s for s in sentences if "database migration" in s["text"])
    assert invented["status"] == "unverified"


def test_recurred_actions_api(editor: httpx.Client, viewer: httpx.Client) -> None:
    first = new_incident(editor, "Recurring: cache stampede", services=["cache-api"],
                         root_cause_category="capacity", started_at="2024-01-10T10:00:00Z",
                         resolved_at="2024-01-10T11:00:00Z")["id"]  # fmt: skip
    added = editor.post(f"/api/incidents/{first}/actions", json={
        "title": "Add request coalescing to the cache", "owner": "ana", "due": "2024-02-01",
        "verification": "query: cache stampede"})  # fmt: skip
    assert added.status_code in (200, 201), added.text
    number = added.json()["number"]
    for status, extra in (
        ("done", {}),
        ("verified", {"evidence": "load test 7", "verifier": "li"}),
    ):
        moved = editor.post(f"/api/incidents/{first}/actions/{number}/status",
                            json={"status": status, **extra})  # fmt: skip
        assert moved.status_code == 200, moved.text
    again = new_incident(editor, "Recurring: cache stampede again", services=["cache-api"],
                         root_cause_category="capacity", started_at=_soon())["id"]  # fmt: skip
    body = viewer.get("/api/actions/recurred", params={"days": 30}).json()
    assert body["window_days"] == 30
    assert any(i["incident_id"] == first and i["recurred_id"] == again for i in body["items"])
    assert viewer.get("/api/actions/recurred", params={"days": 0}).status_code == 422


def _soon() -> str:
    from datetime import UTC, datetime, timedelta

    return (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")

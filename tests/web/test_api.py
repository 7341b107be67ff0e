"""The REST API over real HTTP: incidents, versions, timeline, analysis, actions, errors."""

from __future__ import annotations

import httpx
import pytest

from tests.web.conftest import PASSWORDS, Server, new_incident, sign_in


def error_of(response: httpx.Response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message", "field"} <= set(body["error"])
    return body["error"]  # type: ignore[no-any-return]


def test_create_read_and_list_with_pagination(editor: httpx.Client) -> None:
    created = new_incident(editor, "Payments timeouts in eu-west-1", services=["payments"])
    assert created["id"].startswith("INC-2025-12-15")
    assert created["author"] == "bob"
    got = editor.get(f"/api/incidents/{created['id']}")
    assert got.status_code == 200
    assert got.headers["etag"] == f'"{created["version"]}"'
    assert got.json()["services"] == ["payments"]
    first = editor.get("/api/incidents", params={"limit": 3, "offset": 0}).json()
    second = editor.get("/api/incidents", params={"limit": 3, "offset": 3}).json()
    assert first["limit"] == 3 and len(first["items"]) == 3
    assert first["total"] == second["total"] >= 14
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    only_p2 = editor.get("/api/incidents", params={"severity": "P2", "limit": 500}).json()
    assert only_p2["items"] and all(i["severity"] == "P2" for i in only_p2["items"])


def test_conditional_get_returns_304(editor: httpx.Client) -> None:
    created = new_incident(editor)
    again = editor.get(
        f"/api/incidents/{created['id']}", headers={"If-None-Match": f'"{created["version"]}"'}
    )
    assert again.status_code == 304


def test_two_editors_never_overwrite_each_other(server: Server, editor: httpx.Client) -> None:
    created = new_incident(editor)
    url = f"/api/incidents/{created['id']}"
    version = created["version"]
    first = editor.patch(
        url, json={"summary": "first editor"}, headers={"If-Match": f'"{version}"'}
    )
    assert first.status_code == 200, first.text
    with server.client("cyd") as other:
        stale = other.patch(
            url, json={"summary": "second editor"}, headers={"If-Match": f'"{version}"'}
        )
    assert stale.status_code == 409
    err = error_of(stale)
    assert err["code"] == "conflict" and err["current_version"] == first.json()["version"]
    assert editor.get(url).json()["summary"] == "first editor"
    blind = editor.patch(url, json={"summary": "no version"})
    assert blind.status_code == 428
    assert error_of(blind)["field"] == "If-Match"
    by_body = editor.patch(
        url, json={"summary": "body version", "version": first.json()["version"]}
    )
    assert by_body.status_code == 200


def test_edit_validates_fields_with_the_field_named(editor: httpx.Client) -> None:
    created = new_incident(editor)
    url = f"/api/incidents/{created['id']}"
    bad = editor.patch(url, json={"severity": "P9", "version": created["version"]})
    assert bad.status_code == 422
    err = error_of(bad)
    assert err["field"] == "severity" and "P0" in err["message"]
    bad_time = editor.patch(url, json={"detected_at": "yesterday", "version": created["version"]})
    assert error_of(bad_time)["field"] == "detected_at"
    impact = editor.patch(
        url, json={"impact": {"users_affected": 1200}, "version": created["version"]}
    )
    assert impact.status_code == 200
    assert impact.json()["impact"]["users_affected"] == 1200


def test_framework_validation_errors_have_the_same_shape(editor: httpx.Client) -> None:
    response = editor.post("/api/incidents", json={"severity": "P1"})
    assert response.status_code == 422
    err = error_of(response)
    assert err["code"] == "invalid_input" and err["field"] == "title"
    bad_limit = editor.get("/api/incidents", params={"limit": 0})
    assert error_of(bad_limit)["field"] == "limit"


def test_not_found_and_unknown_route_shapes(editor: httpx.Client) -> None:
    missing = editor.get("/api/incidents/INC-1999-01-01")
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"
    nowhere = editor.get("/api/nowhere")
    assert nowhere.status_code == 404 and error_of(nowhere)["code"] == "not_found"


def test_timeline_add_edit_remove_and_milestones(editor: httpx.Client) -> None:
    inc = new_incident(editor)
    base = f"/api/incidents/{inc['id']}"
    added = editor.post(
        f"{base}/timeline",
        json={"at": "22:55", "text": "Rolled back payments-config", "kind": "action"},
    )
    assert added.status_code == 201, added.text
    event = added.json()
    assert event["at"].startswith("2025-12-15T22:55") and event["id"]
    bad = editor.post(f"{base}/timeline", json={"at": "soon", "text": "x"})
    assert error_of(bad)["field"] == "at"
    patched = editor.patch(f"{base}/timeline/{event['id']}", json={"key": True})
    assert patched.json()["key"] is True
    confirm = editor.post(
        f"{base}/milestones", json={"milestone": "mitigated", "event_id": event["id"]}
    )
    assert confirm.status_code == 200
    assert confirm.json()["mitigated_at"].startswith("2025-12-15T22:55")
    listing = editor.get(f"{base}/timeline").json()
    assert listing["total"] == 1 and listing["items"][0]["milestone"] == "mitigated"
    assert editor.delete(f"{base}/timeline/{event['id']}").status_code == 204
    assert editor.get(f"{base}/timeline").json()["total"] == 0
    assert editor.delete(f"{base}/timeline/{event['id']}").status_code == 404


def test_whys_factors_fault_tree_and_reviews(editor: httpx.Client) -> None:
    inc = new_incident(editor)
    base = f"/api/incidents/{inc['id']}"
    chain = editor.post(
        f"{base}/whys", json={"problem": "Checkout returned 500s", "answers": ["Pool exhausted"]}
    )
    assert chain.status_code == 201 and chain.json()["number"] == 1
    step = editor.post(f"{base}/whys/1/steps", json={"answer": "Config push set pool size to 0"})
    assert step.status_code == 201
    assert editor.get(f"{base}/whys").json()[0]["root_cause"] == "Config push set pool size to 0"
    assert editor.post(f"{base}/whys/5/steps", json={"answer": "x"}).status_code == 404
    factor = editor.post(
        f"{base}/factors", json={"category": "process", "text": "No canary for config"}
    )
    assert factor.status_code == 201 and factor.json()["category"] == "Process"
    wrong = editor.post(f"{base}/factors", json={"category": "Luck", "text": "x"})
    assert error_of(wrong)["field"] == "category"
    tree = {
        "name": "Checkout down",
        "top": "top",
        "nodes": [
            {"id": "top", "label": "Checkout down", "gate": "or", "children": ["a", "b"]},
            {"id": "a", "label": "Pool size 0", "probability": 0.1},
            {"id": "b", "label": "DB down", "probability": 0.01},
        ],
    }
    assert editor.post(f"{base}/fault-trees", json=tree).status_code == 201
    analysis = editor.get(f"{base}/fault-trees/1/analysis")
    assert analysis.status_code == 200
    assert sorted(map(tuple, analysis.json()["minimal_cut_sets"])) == [("a",), ("b",)]
    assert analysis.json()["top_event_probability"] == pytest.approx(1 - 0.9 * 0.99)
    svg = editor.get(f"{base}/fault-trees/1.svg")
    assert svg.status_code == 200 and "<svg" in svg.text
    broken = dict(tree, top="nope")
    assert error_of(editor.post(f"{base}/fault-trees", json=broken))["field"] == "top"
    review = editor.post(f"{base}/reviews", json={"reviewer": "Priya Shah", "decision": "approved"})
    assert review.status_code == 201 and review.json()["decision"] == "approved"


def test_action_lifecycle_over_http(editor: httpx.Client) -> None:
    inc = new_incident(editor)
    base = f"/api/incidents/{inc['id']}/actions"
    created = editor.post(
        base, json={"title": "Validate pool size in CI", "owner": "Sam Okafor", "due": "2026-01-31"}
    )
    assert created.status_code == 201, created.text
    assert created.json()["ref"] == "A1"
    for status in ("in_progress", "done"):
        assert editor.post(f"{base}/1/status", json={"status": status}).status_code == 200
    no_evidence = editor.post(
        f"{base}/1/status", json={"status": "verified", "verifier": "Lena Fischer"}
    )
    assert no_evidence.status_code == 422 and error_of(no_evidence)["field"] == "evidence"
    owner_verifies = editor.post(
        f"{base}/1/status",
        json={"status": "verified", "evidence": "CI run 42", "verifier": "Sam Okafor"},
    )
    assert owner_verifies.status_code == 409 and error_of(owner_verifies)["code"] == "gate_failed"
    ok = editor.post(
        f"{base}/1/status",
        json={"status": "verified", "evidence": "CI run 42", "verifier": "Lena Fischer"},
    )
    assert ok.status_code == 200 and ok.json()["status"] == "verified"
    assert [h["by"] for h in ok.json()["history"]][-1] == "bob"
    assert editor.get(base).json()["total"] == 1


def test_status_lifecycle_and_gate(editor: httpx.Client, admin: httpx.Client) -> None:
    inc = new_incident(editor)
    url = f"/api/incidents/{inc['id']}/status"
    resolved = editor.post(url, json={"status": "resolved"})
    assert resolved.status_code == 200 and resolved.json()["resolved_at"]
    back = editor.post(url, json={"status": "closed"})
    assert back.status_code == 409 or back.json()["status"] == "closed"
    override = editor.post(url, json={"status": "published", "override": "exec asked"})
    assert override.status_code == 403 and error_of(override)["field"] == "override"


def test_audit_log_names_the_user(editor: httpx.Client) -> None:
    inc = new_incident(editor)
    editor.patch(
        f"/api/incidents/{inc['id']}", json={"summary": "who did this?", "version": inc["version"]}
    )
    entries = editor.get(f"/api/incidents/{inc['id']}/audit").json()["items"]
    assert any(e["actor"] == "bob" and e["field"] == "summary" for e in entries)
    assert any(e["action"] == "create" and e["actor"] == "bob" for e in entries)


def test_render_lint_score_public_search_similar(server: Server, viewer: httpx.Client) -> None:
    iid = server.incident_id
    md = viewer.get(f"/api/incidents/{iid}/render", params={"format": "md"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    as_json = viewer.get(f"/api/incidents/{iid}/render", params={"format": "json"}).json()
    assert as_json["id"] == iid
    lint = viewer.get(f"/api/incidents/{iid}/lint")
    assert lint.status_code == 200 and isinstance(lint.json()["findings"], list)
    score = viewer.get(f"/api/incidents/{iid}/score")
    assert score.status_code == 200 and 1 <= score.json()["score"]["average"] <= 5
    public = viewer.get(f"/api/incidents/{iid}/public")
    assert public.status_code == 200 and public.json()["markdown"].startswith("#")
    title_word = max(as_json["title"].split(), key=len)
    found = viewer.get("/api/search", params={"q": title_word})
    assert found.status_code == 200, found.text
    assert iid in [h["incident_id"] for h in found.json()["items"]]
    similar = viewer.get(f"/api/incidents/{iid}/similar")
    assert similar.status_code == 200, similar.text
    assert all(s.get("incident_id") != iid for s in similar.json()["items"])


def test_followup_and_metrics(viewer: httpx.Client) -> None:
    followup = viewer.get("/api/followup")
    assert followup.status_code == 200
    body = followup.json()
    assert body["total"] > 0 and isinstance(body["overdue"], list)
    metrics = viewer.get("/api/metrics", params={"period": "365d"})
    assert metrics.status_code == 200, metrics.text
    assert metrics.json()["incident_count"] > 0
    assert viewer.get("/api/metrics", params={"period": "last week"}).status_code == 422
    overdue = viewer.get("/api/actions", params={"overdue": True}).json()
    assert all(a["status"] in ("planned", "in_progress", "blocked") for a in overdue["items"])


def test_upload_streams_to_ingest_and_refuses_oversize(
    server: Server, editor: httpx.Client
) -> None:
    inc = new_incident(editor)
    log = (
        "2025-12-15T22:47:01Z ERROR checkout-api pool exhausted: 0 connections available\n"
        "2025-12-15T22:47:02Z ERROR checkout-api pool exhausted: 0 connections available\n"
        "2025-12-15T22:49:30Z INFO checkout-api config reloaded pool_size=50\n"
    )
    response = editor.post(
        f"/api/incidents/{inc['id']}/evidence", files={"file": ("checkout.log", log.encode())}
    )
    assert response.status_code == 201, response.text
    evidence = editor.get(f"/api/incidents/{inc['id']}/evidence").json()
    assert len(evidence) == 1 and len(evidence[0]["sha256"]) == 64
    too_big = b"x" * (300 * 1024)
    refused = editor.put(f"/api/incidents/{inc['id']}/evidence/big.log", content=too_big)
    assert refused.status_code == 413 and error_of(refused)["code"] == "too_large"
    refused_form = editor.post(
        f"/api/incidents/{inc['id']}/evidence", files={"file": ("big.log", too_big)}
    )
    assert refused_form.status_code == 413
    leftovers = list((server.workspace.state_dir / "uploads").glob("*/*"))
    assert leftovers == []


def test_an_upload_is_recorded_by_its_name_not_the_servers_temporary_path(
    server: Server, editor: httpx.Client
) -> None:
    """The answer and the evidence's origin named `<workspace>/.hindsight/uploads/<hex>/…`: a
    path on the server, removed once read, that tells the user nothing."""
    inc = new_incident(editor)
    log = b"2025-12-15T22:47:01Z ERROR checkout-api pool exhausted: 0 connections available\n"
    response = editor.post(
        f"/api/incidents/{inc['id']}/evidence", files={"file": ("pool.log", log)}
    )
    assert response.status_code == 201, response.text
    assert "uploads" not in response.text
    assert response.json()["report"]["files"][0]["path"] == "pool.log"
    (evidence,) = editor.get(f"/api/incidents/{inc['id']}/evidence").json()
    assert evidence["origin"] == "upload of pool.log by bob"


def test_restricted_incident_is_invisible_to_non_members(server: Server) -> None:
    rid = server.restricted_id
    with (
        server.client("ada") as outsider,
        server.client("mo") as member,
        server.client("cyd") as admin,
    ):
        assert outsider.get(f"/api/incidents/{rid}").status_code == 404
        assert member.get(f"/api/incidents/{rid}").status_code == 200
        assert admin.get(f"/api/incidents/{rid}").status_code == 200
        ids = {
            i["id"] for i in outsider.get("/api/incidents", params={"limit": 500}).json()["items"]
        }
        assert rid not in ids
        assert rid in {
            i["id"] for i in member.get("/api/incidents", params={"limit": 500}).json()["items"]
        }
        title = admin.get(f"/api/incidents/{rid}").json()["title"]
        found = outsider.get("/api/search", params={"q": max(title.split(), key=len)})
        assert found.status_code == 200
        assert rid not in [h["incident_id"] for h in found.json()["items"]]
        with_admin = admin.get("/api/search", params={"q": max(title.split(), key=len)}).json()[
            "items"
        ]
        assert rid in [h["incident_id"] for h in with_admin]
        actions = outsider.get("/api/actions", params={"limit": 500}).json()["items"]
        assert rid not in {a["incident_id"] for a in actions}
        assert (
            outsider.get(f"/api/incidents/{rid}/render", params={"format": "md"}).status_code == 404
        )
        assert (
            admin.put(
                f"/api/incidents/{rid}/members", json={"usernames": ["mo", "ada"]}
            ).status_code
            == 200
        )
        assert outsider.get(f"/api/incidents/{rid}").status_code == 200
        admin.put(f"/api/incidents/{rid}/members", json={"usernames": ["mo"]})


@pytest.mark.parametrize("read", ["evidence", "similar", "draft"])
def test_reads_that_check_visibility_in_their_own_call(server: Server, read: str) -> None:
    """Evidence, similar incidents and the draft check visibility in the stage call that reads:
    a restricted incident is missing to a non-member and there for a member."""
    url = f"/api/incidents/{server.restricted_id.lower()}/{read}"
    with server.client("ada") as outsider, server.client("mo") as member:
        hidden = outsider.get(url)
        assert hidden.status_code == 404
        assert hidden.json()["error"]["message"] == f"no incident {server.restricted_id}"
        shown = member.get(url)
        assert shown.status_code == 200, shown.text
        if read == "similar":
            assert shown.json()["incident"] == server.restricted_id


def test_editor_creating_a_restricted_incident_stays_a_member(
    server: Server, editor: httpx.Client
) -> None:
    inc = new_incident(editor, "Credential leak in build logs", restricted=True)
    assert editor.get(f"/api/incidents/{inc['id']}").status_code == 200
    with server.client("ada") as outsider:
        assert outsider.get(f"/api/incidents/{inc['id']}").status_code == 404
    change = editor.patch(
        f"/api/incidents/{inc['id']}", json={"restricted": False, "version": inc["version"]}
    )
    assert change.status_code == 403


def test_security_headers(viewer: httpx.Client) -> None:
    response = viewer.get("/api/me")
    assert response.json()["username"] == "ada"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_quarterly_report_formats_and_restricted_names(server: Server, admin: httpx.Client) -> None:
    restricted = admin.get(f"/api/incidents/{server.restricted_id}").json()
    started = restricted["started_at"][:7]
    year, month = int(started[:4]), int(started[5:7])
    quarter = f"{year}Q{(month - 1) // 3 + 1}"
    md = admin.get("/api/reports/quarterly", params={"quarter": quarter})
    assert md.status_code == 200 and md.text.startswith("# ")
    assert admin.get(
        "/api/reports/quarterly", params={"quarter": quarter, "format": "json"}
    ).json()["period"]
    html = admin.get("/api/reports/quarterly", params={"quarter": quarter, "format": "html"})
    assert html.status_code == 200 and "<svg" in html.text
    assert admin.get("/api/reports/quarterly", params={"quarter": "2025Q5"}).status_code == 422
    with server.client("ada") as outsider:
        text = outsider.get("/api/reports/quarterly", params={"quarter": quarter}).text
    assert server.restricted_id not in text and restricted["title"] not in text


def test_public_render_is_redacted(server: Server, viewer: httpx.Client) -> None:
    version = viewer.get(f"/api/incidents/{server.incident_id}/public").json()
    html = viewer.get(
        f"/api/incidents/{server.incident_id}/render", params={"format": "html", "public": True}
    )
    assert html.status_code == 200 and "<html" in html.text.lower()
    for replacement in version["replacements"]:
        assert replacement["original"] not in html.text


def test_raw_lines_behind_an_imported_event(editor: httpx.Client) -> None:
    inc = new_incident(editor)
    log = "2025-12-15T22:47:01Z ERROR checkout-api pool exhausted\n" * 3
    up = editor.post(
        f"/api/incidents/{inc['id']}/evidence", files={"file": ("pool.log", log.encode())}
    )
    assert up.status_code == 201, up.text
    events = editor.get(f"/api/incidents/{inc['id']}/timeline").json()["items"]
    event = next(e for e in events if e["evidence"])
    raw = editor.get(f"/api/incidents/{inc['id']}/timeline/{event['id']}/raw").json()
    assert raw["evidence"] == event["evidence"]
    assert [line["line"] for line in raw["lines"]] == [1, 2, 3]
    assert all("pool exhausted" in line["text"] for line in raw["lines"])


def test_raw_lines_check_visibility_and_name_an_event_without_a_file(
    server: Server, editor: httpx.Client
) -> None:
    """The drill-down reads the check, the event and its evidence in one call: a restricted
    incident is missing to a non-member on the API and the page; an event typed by hand has no
    raw lines (422 on the API, a note on the page)."""
    inc = new_incident(editor, "Credential leak in build logs", restricted=True)
    typed = editor.post(f"/api/incidents/{inc['id']}/timeline",
                        json={"at": "22:50", "text": "Token revoked", "kind": "note"}).json()  # fmt: skip
    api = f"/api/incidents/{inc['id']}/timeline/{typed['id']}/raw"
    page = f"/incidents/{inc['id']}/events/{typed['id']}"
    with server.client("ada") as outsider:
        assert outsider.get(api).status_code == 404
    with sign_in(server.url, "ada", PASSWORDS["ada"]) as browser:
        assert browser.get(page).status_code == 404
    refused = editor.get(api)
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "event"
    with sign_in(server.url, "bob", PASSWORDS["bob"]) as browser:
        shown = browser.get(page)
        assert shown.status_code == 200 and "not imported from a file" in shown.text


def test_a_child_only_change_still_moves_the_version(editor: httpx.Client) -> None:
    """Adding a why (child rows only) right after another save must still bump the version,
    or an editor holding the older version would silently overwrite it."""
    inc = new_incident(editor)
    url = f"/api/incidents/{inc['id']}"
    before = editor.get(url).json()["version"]
    editor.post(f"{url}/whys", json={"problem": "first", "answers": []})
    editor.post(f"{url}/factors", json={"category": "Process", "text": "no canary"})
    after = editor.get(url)
    assert after.json()["version"] > before + 1
    stale = editor.patch(url, json={"summary": "stale write"}, headers={"If-Match": f'"{before}"'})
    assert stale.status_code == 409
    assert [c["problem"] for c in after.json()["why_chains"]] == ["first"]


def test_an_upload_moves_the_version_so_a_stale_editor_cannot_drop_its_events(
    editor: httpx.Client,
) -> None:
    inc = new_incident(editor)
    url = f"/api/incidents/{inc['id']}"
    editor.patch(url, json={"summary": "s", "version": inc["version"]})
    read = editor.get(url).json()["version"]
    log = b"2025-12-15T22:47:01Z ERROR checkout-api pool exhausted\n"
    assert editor.post(f"{url}/evidence", files={"file": ("a.log", log)}).status_code == 201
    stale = editor.patch(url, json={"summary": "stale"}, headers={"If-Match": f'"{read}"'})
    assert stale.status_code == 409
    assert editor.get(f"{url}/timeline").json()["total"] == 1


def test_every_bad_field_of_one_edit_is_named(editor: httpx.Client) -> None:
    created = new_incident(editor)
    url = f"/api/incidents/{created['id']}"
    bad = editor.patch(
        url,
        json={"severity": "P9", "detected_at": "yesterday", "version": created["version"]},
    )
    assert bad.status_code == 422
    err = error_of(bad)
    assert err["field"] == "severity"
    assert [p["field"] for p in err["problems"]] == ["severity", "detected_at"]
    assert all(p["message"] in err["message"] for p in err["problems"])
    assert editor.get(url).json()["version"] == created["version"]


def test_suspects_rank_evidence_signals_as_hypotheses(editor: httpx.Client) -> None:
    created = new_incident(editor, "payments-worker crash looping", services=["payments-worker"])
    base = f"/api/incidents/{created['id']}"
    said = "Environment variable DEPLOY_ENV is undefined"
    added = editor.post(
        f"{base}/timeline",
        json={"at": "2025-12-15T09:00:00Z", "text": said, "kind": "log", "level": "ERROR"},
    )
    assert added.status_code in (200, 201), added.text
    report = editor.get(f"{base}/suspects").json()
    top = report["hypotheses"][0]
    assert top["rule"] == "missing_env" and top["source"] == "signal" and top["rank"] == 1
    assert "DEPLOY_ENV" in top["title"] and top["evidence"] == [added.json()["id"]]
    assert "hypotheses to test" in report["message"]

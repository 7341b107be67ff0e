"""Issue 18, points 3 and 12 over real HTTP on SQLite and PostgreSQL: sign-in throttling with a
clear 429, password hashing off the event loop, and the small exposures (incident ids, repeat_of,
evidence paths, the demo admin, replayed PagerDuty webhooks)."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from hindsight.domain.model import now_utc
from hindsight.ingest.service import ingest_paths
from hindsight.store import users as user_store
from hindsight.store.repo import audit_log
from hindsight.web.throttle import ADDRESS_LIMIT, USER_LIMIT, Limit, LoginThrottle
from tests.conftest import TEST_DATA, shared_data
from tests.security.auth_live import (
    PASSWORDS,
    PUBLIC_ID,
    RESTRICTED_ID,
    Live,
    browser,
    live,
    login_form,
)
from tests.web.conftest import PAGERDUTY_SECRET, WEBHOOK_SECRET

__all__ = ["live"]  # the fixture, imported so pytest finds it

JSON = {"Accept": "application/json"}


def audit_actions(live: Live, action: str) -> list[tuple[str | None, str | None]]:
    with live.store.session() as s:
        return [(e.field, e.new) for e in audit_log(s, limit=2000) if e.action == action]


# --- 3. sign-in throttling ------------------------------------------------------------------------


def test_wrong_passwords_lock_the_user_name_with_429_and_retry_after(live: Live) -> None:
    live.fresh_throttle()
    failed_before = len(audit_actions(live, "login_failed"))
    with browser(live) as client:
        answers = [login_form(client, "bob", "not-the-password").status_code for _ in range(5)]
        # the fifth failure within a minute starts the lockout and says so
        assert answers == [401] * (USER_LIMIT.failures - 1) + [429]
        # locked now: even the right password is refused, before it is checked
        page = login_form(client, "bob", PASSWORDS["bob"])
        assert page.status_code == 429
        assert 1 <= int(page.headers["Retry-After"]) <= 60
        assert "too many failed sign-ins" in page.text and "hs_session" not in page.cookies
        api = login_form(client, "bob", PASSWORDS["bob"], **JSON)
        assert api.status_code == 429 and api.headers["Retry-After"]
        error = api.json()["error"]
        assert error["code"] == "too_many_requests" and error["retry_after"] >= 1
        # another name from the same address is not locked (the address allows 20)
        assert login_form(client, "ada", PASSWORDS["ada"]).status_code == 303
    failed = audit_actions(live, "login_failed")[failed_before:]
    assert len(failed) == 5 and all(f == "bob" for f, _ in failed)
    assert ("user:bob", "60 s") in audit_actions(live, "login_lockout")
    assert any(f == "ada" for f, _ in audit_actions(live, "login"))


def test_many_names_from_one_address_lock_the_address(live: Live) -> None:
    live.fresh_throttle()
    with browser(live) as client:
        answers = [
            login_form(client, f"probe{n}", "guess-123").status_code
            for n in range(ADDRESS_LIMIT.failures)
        ]
        assert answers == [401] * (ADDRESS_LIMIT.failures - 1) + [429]
        refused = login_form(client, "cyd", PASSWORDS["cyd"], **JSON)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert any(f and f.startswith("address:") for f, _ in audit_actions(live, "login_lockout"))
    live.fresh_throttle()


def test_lockouts_double_and_a_success_forgets() -> None:
    clock = [1000.0]
    throttle = LoginThrottle(Limit(failures=2, window=60), Limit(100, 60), clock=lambda: clock[0])
    waits = []
    for _ in range(4):
        assert throttle.failed("bob", "10.0.0.1") == []
        started = throttle.failed("bob", "10.0.0.1")
        waits.append(started[0].retry_after)
        refusal = throttle.check("BOB", "10.0.0.1")  # names are not case-sensitive
        assert refusal is not None and refusal.kind == "user"
        clock[0] += refusal.retry_after
        assert throttle.check("bob", "10.0.0.1") is None
    assert waits == [60, 120, 240, 480]
    throttle.succeeded("bob")
    throttle.failed("bob", "10.0.0.1")
    assert throttle.failed("bob", "10.0.0.1")[0].retry_after == 60
    # failures spread wider than the window never lock
    clock[0] += 3600
    for _ in range(5):
        assert throttle.failed("ann", "10.0.0.2") == []
        clock[0] += 61
    assert (USER_LIMIT.failures, ADDRESS_LIMIT.failures) == (5, 20)


def test_healthz_answers_while_password_checks_are_in_flight(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four sign-ins whose Argon2 check does not finish until released: /healthz must still
    answer. On the event loop, the first check would hold up every other request. Two checks
    run at once (as `hash_slots` says); the others wait for a slot, not on the event loop."""
    live.fresh_throttle()
    st = live.app.state.hindsight
    default_slots = st.hash_slots
    st.hash_slots, st._hash_limiter = 2, None
    release, in_flight, lock = threading.Event(), [0], threading.Lock()

    def slow_verify(digest: str, password: str) -> bool:
        with lock:
            in_flight[0] += 1
        release.wait(timeout=60)
        return False

    monkeypatch.setattr(user_store, "_verify", slow_verify)
    clients = [httpx.Client(base_url=live.url, timeout=90) for _ in range(4)]
    tokens = [
        re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text) for c in clients
    ]
    results: list[int] = []

    def sign_in(client: httpx.Client, token: str) -> None:
        form = {"csrf_token": token, "username": "ada", "password": "wrong-pass-1", "next": "/"}
        results.append(client.post("/login", data=form).status_code)

    threads = [
        threading.Thread(target=sign_in, args=(c, t.group(1) if t else ""))
        for c, t in zip(clients, tokens, strict=True)
    ]
    try:
        for thread in threads:
            thread.start()
        for _ in range(200):
            if in_flight[0] == 2:
                break
            release.wait(0.05)
        assert in_flight[0] == 2, "two password checks did not run side by side"
        with httpx.Client(base_url=live.url, timeout=10) as probe:
            assert probe.get("/healthz").json() == {"status": "ok"}
            assert probe.get("/login").status_code == 200
        # answered while the checks still ran, and no third check took the CPU meanwhile
        assert not release.is_set() and len(results) == 0 and in_flight[0] == 2
    finally:
        release.set()
        for thread in threads:
            thread.join(timeout=30)
        for client in clients:
            client.close()
    assert results == [401] * 4 and in_flight[0] == 4
    live.fresh_throttle()
    st.hash_slots, st._hash_limiter = default_slots, None


# --- 12a. ids do not reveal hidden incidents ----------------------------------------------------


def test_a_restricted_incident_takes_no_number_of_the_day(live: Live) -> None:
    day = "2026-03-0" + ("1" if live.backend == "sqlite" else "2")
    with live.client("cyd") as admin, live.client("bob") as editor, live.client("ada") as viewer:
        hidden = admin.post(
            "/api/incidents",
            json={"title": "Payroll export leak", "started_at": f"{day}T08:00:00Z",
                  "restricted": True},
        )  # fmt: skip
        assert hidden.status_code == 201, hidden.text
        hidden_id = hidden.json()["id"]
        assert re.fullmatch(rf"INC-{day}-R[A-HJ-NP-Z2-9]{{6}}", hidden_id)
        public = editor.post(
            "/api/incidents", json={"title": "Checkout 500s", "started_at": f"{day}T09:00:00Z"}
        )
        second = editor.post(
            "/api/incidents", json={"title": "Search slow", "started_at": f"{day}T10:00:00Z"}
        )
        # the numbers a viewer sees have no gap where the hidden one is
        assert public.json()["id"] == f"INC-{day}" and second.json()["id"] == f"INC-{day}-2"
        assert viewer.get(f"/api/incidents/{hidden_id}").status_code == 404
        listed = viewer.get("/api/incidents", params={"limit": 500}).json()["items"]
        assert hidden_id not in {item["id"] for item in listed}


# --- 12b. repeat_of names only incidents the user may see ---------------------------------------


def test_repeat_of_a_hidden_incident_reads_as_missing(live: Live) -> None:
    with live.client("bob") as editor, live.client("cyd") as admin:
        current = editor.get(f"/api/incidents/{PUBLIC_ID}").json()

        def patch(client: httpx.Client, ref: str) -> httpx.Response:
            version = client.get(f"/api/incidents/{PUBLIC_ID}").json()["version"]
            return client.patch(
                f"/api/incidents/{PUBLIC_ID}", json={"repeat_of": ref, "version": version}
            )

        hidden, missing = patch(editor, RESTRICTED_ID), patch(editor, "INC-1999-01-01")
        assert hidden.status_code == missing.status_code == 422
        assert hidden.json()["error"]["field"] == "repeat_of"
        assert hidden.json()["error"]["message"] == f"repeat_of: no incident {RESTRICTED_ID}"
        assert (
            missing.json()["error"]["message"].replace("INC-1999-01-01", RESTRICTED_ID)
            == (hidden.json()["error"]["message"])
        )
        created = editor.post(
            "/api/incidents",
            json={
                "title": "Again",
                "started_at": "2026-04-01T09:00:00Z",
                "repeat_of": RESTRICTED_ID,
            },
        )
        assert created.status_code == 422 and created.json()["error"]["field"] == "repeat_of"
        assert editor.get(f"/api/incidents/{PUBLIC_ID}").json()["version"] == current["version"]
        # an admin sees it, so may record it; the editor can still save other fields afterwards
        assert patch(admin, RESTRICTED_ID).status_code == 200
        version = editor.get(f"/api/incidents/{PUBLIC_ID}").json()["version"]
        kept = editor.patch(
            f"/api/incidents/{PUBLIC_ID}",
            json={"summary": "Pool exhausted", "repeat_of": RESTRICTED_ID, "version": version},
        )
        assert kept.status_code == 200, kept.text
        assert patch(admin, "").status_code == 200


# --- 12d. evidence lists show file names, not server paths ---------------------------------------


def test_evidence_list_shows_the_file_name_only(live: Live) -> None:
    sample = TEST_DATA / "ingest" / "checkout.jsonl"
    with live.client("bob") as editor, live.client("cyd") as admin:
        incident = editor.post(
            "/api/incidents", json={"title": "Upload", "started_at": "2025-12-15T22:40:00Z"}
        ).json()
        upload = editor.post(
            f"/api/incidents/{incident['id']}/evidence",
            files={"file": ("checkout.jsonl", sample.read_bytes(), "application/x-ndjson")},
        )
        assert upload.status_code == 201, upload.text
        # an upload's copy on the server is removed after reading: its origin names the upload
        listed = editor.get(f"/api/incidents/{incident['id']}/evidence").json()
        assert [item["origin"] for item in listed] == ["upload of checkout.jsonl by bob"]
        assert str(live.workspace.root) not in json.dumps(listed)
        # a file read on the server (as `hindsight ingest` does): editors see its name only
        local = live.workspace.root / "evidence-copy" / "payments.log"
        local.parent.mkdir()
        local.write_bytes((TEST_DATA / "ingest" / "payments-5424.log").read_bytes())
        ingest_paths(live.workspace, live.store, incident["id"], [local])
        listed = editor.get(f"/api/incidents/{incident['id']}/evidence").json()
        assert all("/" not in (item["origin"] or "") for item in listed)
        assert "payments.log" in [item["origin"] for item in listed]
        assert str(live.workspace.root) not in json.dumps(listed)
        full = admin.get(f"/api/incidents/{incident['id']}/evidence").json()
        # the admin may find the file on disk
        assert str(local) in [item["origin"] for item in full]


# --- 12e. only --demo creates the demo admin ------------------------------------------------------


def test_serve_creates_the_demo_admin_only_with_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from hindsight.cli.main import app
    from hindsight.workspace import find_workspace, init_workspace

    root = tmp_path / "demo"
    init_workspace(root, name="hindsight-demo")
    monkeypatch.chdir(root)
    monkeypatch.delenv("HINDSIGHT_DATABASE_URL", raising=False)
    monkeypatch.delenv("HINDSIGHT_WORKSPACE", raising=False)
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)
    runner = CliRunner()

    def users() -> list[str]:
        store = find_workspace(root).open_store()
        with store.session() as s:
            names = [u.username for u in user_store.list_users(s)]
        store.close()
        return names

    plain = runner.invoke(app, ["serve"])
    assert plain.exit_code == 0, plain.output
    assert "admin-demo" not in plain.output and users() == []
    demo = runner.invoke(app, ["serve", "--demo"])
    assert demo.exit_code == 0 and "admin-demo" in demo.output and users() == ["admin"]


# --- 12f. signed PagerDuty bodies are good once, and only while fresh -----------------------------


def pd_body(occurred_at: str, event_id: str) -> bytes:
    path = shared_data(
        "pagerduty", "go-pagerduty", "webhook_v3_incident.priority_updated_DERIVED.json"
    )
    payload = json.loads(path.read_text())
    payload["event"]["occurred_at"] = occurred_at
    payload["event"]["id"] = event_id
    return json.dumps(payload, separators=(",", ":")).encode()


def post_signed(live: Live, body: bytes, secret: str = PAGERDUTY_SECRET) -> httpx.Response:
    signature = "v1=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    with httpx.Client(base_url=live.url, timeout=30) as client:
        return client.post(
            "/hooks/pagerduty",
            content=body,
            headers={"Content-Type": "application/json", "X-PagerDuty-Signature": signature},
        )


def test_a_signed_pagerduty_body_is_accepted_once_and_only_while_fresh(live: Live) -> None:
    now = now_utc()
    stamp = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    fresh = pd_body(stamp(now), f"fresh-{live.backend}")
    first = post_signed(live, fresh)
    assert first.status_code == 201, first.text
    replay = post_signed(live, fresh)
    assert replay.status_code == 409 and "replay" in replay.json()["error"]["message"]
    for when in (now - timedelta(minutes=10), now + timedelta(minutes=10)):
        old = post_signed(live, pd_body(stamp(when), f"old-{when.minute}"))
        assert old.status_code == 403, old.text
        assert old.json()["error"]["field"] == "event.occurred_at"
    # the go-pagerduty sample itself: correctly signed, but from 2021
    original = json.loads(pd_body("2021-04-26T17:36:03Z", "x").decode())
    assert post_signed(live, json.dumps(original).encode()).status_code == 403
    # a body refused for its content is forgotten, so the sender's retry is judged again
    broken = json.dumps({"event": {"occurred_at": stamp(now), "event_type": "x"}}).encode()
    assert post_signed(live, broken).status_code == 422
    assert post_signed(live, broken).status_code == 422
    # the shared-secret header is not a signature over the body: no window applies to it
    with httpx.Client(base_url=live.url, timeout=30) as client:
        by_token = client.post(
            "/hooks/pagerduty",
            content=pd_body("2021-04-26T17:36:03Z", "token-1"),
            headers={"Content-Type": "application/json", "X-Hindsight-Token": WEBHOOK_SECRET},
        )
    assert by_token.status_code in (200, 201), by_token.text

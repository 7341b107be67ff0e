"""Listing and revoking API tokens: the functions, the CLI, the REST API over real HTTP and the
account page's form, on SQLite and (when configured) on PostgreSQL.

The HTTP tests run against their own server, not the shared one in conftest.py, so revoking
tokens here cannot sign other tests' users out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from hindsight.cli.main import app
from hindsight.domain.model import now_utc
from hindsight.errors import NotFound
from hindsight.store.repo import Store, audit_log
from hindsight.store.tables import ApiTokenRow
from hindsight.store.users import (
    TOKEN_TOUCH_INTERVAL,
    add_user,
    create_token,
    issue_token,
    list_tokens,
    revoke_token,
    user_for_token,
)
from hindsight.web.app import create_app
from hindsight.workspace import Workspace
from tests.conftest import BACKENDS
from tests.live_server import serving, workspace_on
from tests.web.conftest import csrf_from, sign_in

runner = CliRunner()
PASSWORDS = {"ada": "viewer-pass-1", "bob": "editor-pass-1", "cyd": "admin-pass-1"}
ROLES = {"ada": "viewer", "bob": "editor", "cyd": "admin"}


# --- the functions -------------------------------------------------------------------------------


def test_list_and_revoke_tokens(store: Store) -> None:
    with store.session() as s:
        add_user(s, "lena", "correct horse", "editor", actor="t")
        add_user(s, "omar", "correct horse", "viewer", actor="t")
        ci, ci_secret = issue_token(s, "lena", "ci", actor="t")
        laptop_secret = create_token(s, "lena", "laptop", actor="t")
        create_token(s, "omar", "grafana", actor="t")
    with store.session() as s:
        mine = list_tokens(s, "lena")
        everyone = list_tokens(s)
        with pytest.raises(NotFound, match="no user nobody"):
            list_tokens(s, "nobody")
    assert [(t.username, t.name) for t in mine] == [("lena", "ci"), ("lena", "laptop")]
    assert mine[0].id == ci.id and mine[0].last_used_at is None
    assert mine[0].created_at.tzinfo is not None
    assert [(t.username, t.name) for t in everyone] == [
        ("lena", "ci"),
        ("lena", "laptop"),
        ("omar", "grafana"),
    ]
    with store.session() as s:
        # someone else's token reads exactly like a token that does not exist
        with pytest.raises(NotFound) as other:
            revoke_token(s, ci.id, actor="omar", owner="omar")
        with pytest.raises(NotFound) as missing:
            revoke_token(s, 999_999, actor="omar", owner="omar")
    assert other.value.message == f"no API token {ci.id}" and other.value.field == "token_id"
    assert missing.value.message == "no API token 999999"
    with store.session() as s:
        revoked = revoke_token(s, ci.id, actor="lena", owner="lena")
    assert revoked.name == "ci"
    with store.session() as s:
        assert user_for_token(s, ci_secret) is None
        assert user_for_token(s, laptop_secret) is not None
        assert [t.name for t in list_tokens(s, "lena")] == ["laptop"]
        entry = audit_log(s, None, 1)[0]
    assert (entry.actor, entry.action, entry.field) == ("lena", "token_revoked", "lena")
    assert f"ci (id {ci.id})" in str(entry.old)


def test_token_use_is_recorded_at_most_once_a_minute(store: Store) -> None:
    with store.session() as s:
        add_user(s, "lena", "correct horse", "editor", actor="t")
        made, secret = issue_token(s, "lena", "ci", actor="t")
    with store.session() as s:
        assert user_for_token(s, secret) is not None  # without touch: nothing written
    with store.session() as s:
        assert list_tokens(s, "lena")[0].last_used_at is None
        user_for_token(s, secret, touch=True)
    with store.session() as s:
        first = list_tokens(s, "lena")[0].last_used_at
        assert first is not None and abs(now_utc() - first) < timedelta(minutes=1)
        user_for_token(s, secret, touch=True)
    with store.session() as s:
        assert list_tokens(s, "lena")[0].last_used_at == first
        long_ago = now_utc() - TOKEN_TOUCH_INTERVAL - timedelta(seconds=5)
        s.execute(
            update(ApiTokenRow).where(ApiTokenRow.id == made.id).values(last_used_at=long_ago)
        )
    with store.session() as s:
        user_for_token(s, secret, touch=True)
    with store.session() as s:
        later = list_tokens(s, "lena")[0].last_used_at
    assert later is not None and later > long_ago + timedelta(seconds=4)


# --- the CLI -------------------------------------------------------------------------------------


def _cli(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.output


def test_cli_lists_and_revokes_tokens(any_workspace: Path) -> None:
    for name in ("priya", "sam"):
        code, out = _cli("user", "add", name, "--password-stdin", stdin="s3cret-pass\n")
        assert code == 0, out
    code, secret = _cli("user", "token", "priya", "--name", "ci")
    assert code == 0
    _cli("user", "token", "priya", "--name", "laptop")
    _cli("user", "token", "sam", "--name", "grafana")

    code, out = _cli("user", "tokens", "priya", "--json")
    assert code == 0, out
    listed = json.loads(out)
    assert [t["name"] for t in listed] == ["ci", "laptop"]
    assert set(listed[0]) == {"id", "username", "name", "created_at", "last_used_at"}
    assert listed[0]["last_used_at"] is None
    ci_id = listed[0]["id"]

    code, out = _cli("user", "tokens")
    assert code == 0
    cells = [[c.strip() for c in line.strip("│┃ ").split("│")] for line in out.splitlines()]
    rows = [r for r in cells if len(r) == 5 and r[0].isdigit()]
    assert [(r[1], r[2]) for r in rows] == [
        ("priya", "ci"),
        ("priya", "laptop"),
        ("sam", "grafana"),
    ]
    assert "never" in out and secret.strip() not in out

    code, out = _cli("user", "revoke-token", str(ci_id))
    assert code == 0, out
    assert f"Token {ci_id} ('ci' of priya) revoked." in out
    code, out = _cli("user", "tokens", "priya", "--json")
    assert [t["name"] for t in json.loads(out)] == ["laptop"]

    code, out = _cli("user", "revoke-token", str(ci_id))
    assert code == 2 and f"no API token {ci_id}" in out and "Traceback" not in out
    code, out = _cli("user", "revoke-token", "ci")
    assert code == 2 and "Invalid value for 'ID'" in out
    code, out = _cli("user", "tokens", "nobody")
    assert code == 2 and "no user nobody" in out

    code, out = _cli("audit", "--json")
    revoked = [e for e in json.loads(out) if e["action"] == "token_revoked"]
    assert [(e["actor"], e["field"]) for e in revoked] == [("tester", "priya")]

    from hindsight.workspace import find_workspace

    store = find_workspace().open_store(migrate=False)
    try:
        with store.session() as s:
            assert user_for_token(s, secret.strip()) is None
    finally:
        store.close()


def test_cli_says_when_there_are_no_tokens(workspace: Path) -> None:
    code, out = _cli("user", "tokens")
    assert code == 0 and out.strip() == "No API tokens."
    _cli("user", "add", "priya", "--password-stdin", stdin="s3cret-pass\n")
    code, out = _cli("user", "tokens", "priya")
    assert code == 0 and out.strip() == "No API tokens for priya."


# --- over HTTP -----------------------------------------------------------------------------------


@dataclass
class TokenServer:
    url: str
    workspace: Workspace
    tokens: dict[str, str]

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)

    def as_user(self, name: str) -> httpx.Client:
        return self.client(self.tokens[name])


@pytest.fixture(scope="module", params=BACKENDS)
def token_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TokenServer]:
    root: Path = tmp_path_factory.mktemp("tokens") / "ws"
    with workspace_on(request.param, root, "token-tests") as workspace:
        store = workspace.open_store()
        tokens = {}
        with store.session() as s:
            for name, role in ROLES.items():
                add_user(s, name, PASSWORDS[name], role, actor="test-setup")
                tokens[name] = create_token(s, name, "setup", actor="test-setup")
        try:
            with serving(create_app(workspace, store=store)) as url:
                yield TokenServer(url, workspace, tokens)
        finally:
            store.close()


def _new(client: httpx.Client, name: str) -> tuple[int, str]:
    made = client.post("/api/tokens", json={"name": name})
    assert made.status_code == 201, made.text
    body = made.json()
    return body["id"], body["token"]


def test_two_tokens_listed_one_revoked_the_other_still_works(token_server: TokenServer) -> None:
    with token_server.as_user("ada") as ada:
        laptop_id, laptop = _new(ada, "laptop")
        ci_id, ci = _new(ada, "ci")
        listed = ada.get("/api/tokens")
        assert listed.status_code == 200
        mine = {t["id"]: t for t in listed.json()}
        assert {mine[laptop_id]["name"], mine[ci_id]["name"]} == {"laptop", "ci"}
        assert {t["username"] for t in mine.values()} == {"ada"}
        assert all("token" not in t and "token_hash" not in t for t in mine.values())
        assert mine[laptop_id]["last_used_at"] is None

        with token_server.client(laptop) as by_laptop:
            assert by_laptop.get("/api/me").json()["username"] == "ada"
        assert ada.delete(f"/api/tokens/{laptop_id}").status_code == 204
        with token_server.client(laptop) as by_laptop:
            refused = by_laptop.get("/api/me")  # right after a successful use
        assert refused.status_code == 401
        assert refused.json()["error"] == {
            "code": "unauthenticated",
            "message": "the API token is unknown or revoked",
            "field": None,
        }
        with token_server.client(ci) as by_ci:
            assert by_ci.get("/api/me").status_code == 200
            still = {t["id"]: t for t in by_ci.get("/api/tokens").json()}
        assert laptop_id not in still and ci_id in still
        assert still[ci_id]["last_used_at"] is not None  # the use was recorded

        again = ada.delete(f"/api/tokens/{laptop_id}")
        assert again.status_code == 404
        assert again.json()["error"] == {
            "code": "not_found",
            "message": f"no API token {laptop_id}",
            "field": "token_id",
        }
        for bad in ("abc", "0", str(2**40)):
            answer = ada.delete(f"/api/tokens/{bad}")
            assert answer.status_code == 422, bad
            assert answer.json()["error"]["field"] == "token_id"


def test_only_the_owner_or_an_admin_revokes(token_server: TokenServer) -> None:
    with token_server.as_user("bob") as bob:
        bob_id, bob_token = _new(bob, "deploy-bot")
    with token_server.as_user("ada") as ada:
        stranger = ada.delete(f"/api/tokens/{bob_id}")
        assert stranger.status_code == 404  # not 403: ids of other users' tokens do not leak
        assert stranger.json()["error"]["message"] == f"no API token {bob_id}"
        assert ada.get("/api/tokens", params={"user": "bob"}).status_code == 403
        every = ada.get("/api/tokens", params={"all": "true"})
        assert every.status_code == 403 and every.json()["error"]["field"] == "all"
        assert ada.get("/api/tokens", params={"user": "ada"}).status_code == 200
    with token_server.client(bob_token) as by_bob:
        assert by_bob.get("/api/me").status_code == 200

    with token_server.as_user("cyd") as cyd:
        bobs = cyd.get("/api/tokens", params={"user": "bob"}).json()
        assert bob_id in {t["id"] for t in bobs} and {t["username"] for t in bobs} == {"bob"}
        everyone = cyd.get("/api/tokens", params={"all": "true"}).json()
        assert {"ada", "bob", "cyd"} <= {t["username"] for t in everyone}
        assert {t["username"] for t in cyd.get("/api/tokens").json()} == {"cyd"}
        unknown = cyd.get("/api/tokens", params={"user": "nobody"})
        assert unknown.status_code == 404 and unknown.json()["error"]["field"] == "user"
        assert cyd.delete(f"/api/tokens/{bob_id}").status_code == 204
    with token_server.client(bob_token) as by_bob:
        assert by_bob.get("/api/me").status_code == 401

    store = token_server.workspace.open_store(migrate=False)
    try:
        with store.session() as s:
            entries = [e for e in audit_log(s, None, 50) if e.action == "token_revoked"]
    finally:
        store.close()
    assert ("cyd", "bob", f"deploy-bot (id {bob_id})") in {
        (e.actor, e.field, e.old) for e in entries
    }


def test_a_token_revoked_by_another_process_stops_at_once(token_server: TokenServer) -> None:
    with token_server.as_user("bob") as bob:
        made_id, secret = _new(bob, "revoked-from-the-cli")
    with token_server.client(secret) as by_it:
        assert by_it.get("/api/me").status_code == 200
        # what `hindsight user revoke-token` does: its own store, not the server's
        store = token_server.workspace.open_store(migrate=False)
        try:
            with store.session() as s:
                revoke_token(s, made_id, actor="ops")
        finally:
            store.close()
        assert by_it.get("/api/me").status_code == 401


def test_token_routes_are_in_the_openapi_schema(token_server: TokenServer) -> None:
    with token_server.client() as anonymous:
        schema = anonymous.get("/openapi.json").json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/tokens"])
    assert paths["/api/tokens"]["get"]["x-min-role"] == "viewer"
    revoke = paths["/api/tokens/{token_id}"]["delete"]
    assert revoke["x-min-role"] == "viewer" and "204" in revoke["responses"]
    assert {p["name"] for p in paths["/api/tokens"]["get"]["parameters"]} == {"user", "all"}


def _rows(html: str) -> dict[str, int]:
    """Label → token id of the account page's token table."""
    found = re.findall(
        r'<td data-label="Label">([^<]+)</td>.*?action="/account/tokens/(\d+)/revoke"',
        html,
        flags=re.S,
    )
    return {label: int(token_id) for label, token_id in found}


def test_account_page_lists_and_revokes_through_the_form(token_server: TokenServer) -> None:
    with token_server.as_user("bob") as bob:
        bob_id, bob_token = _new(bob, "bobs-own")
    with sign_in(token_server.url, "ada", PASSWORDS["ada"]) as browser:
        page = browser.get("/account")
        assert page.status_code == 200
        made = browser.post(
            "/account/tokens", data={"csrf_token": csrf_from(page.text), "name": "notebook"}
        )
        assert made.status_code == 200
        secret = re.search(r'<code class="wrap token">([^<]+)</code>', made.text)
        assert secret, made.text[:500]
        rows = _rows(made.text)
        assert "notebook" in rows and "setup" in rows and "bobs-own" not in rows

        page = browser.get("/account")
        assert _rows(page.text) == rows and "never" in page.text
        target = rows["notebook"]
        forged = browser.post(f"/account/tokens/{target}/revoke", data={})
        assert forged.status_code == 403  # no CSRF token: nothing revoked
        with token_server.client(secret.group(1)) as by_it:
            assert by_it.get("/api/me").status_code == 200

        done = browser.post(
            f"/account/tokens/{target}/revoke", data={"csrf_token": csrf_from(page.text)}
        )
        assert done.status_code == 303 and done.headers["location"].startswith("/account?done=")
        after = browser.get(done.headers["location"])
        assert "Token “notebook” revoked: it no longer works." in after.text
        assert "notebook" not in _rows(after.text) and "setup" in _rows(after.text)
        with token_server.client(secret.group(1)) as by_it:
            assert by_it.get("/api/me").status_code == 401

        someone_elses = browser.post(
            f"/account/tokens/{bob_id}/revoke",
            data={"csrf_token": csrf_from(after.text)},
            headers={"Accept": "text/html"},
        )
        assert someone_elses.status_code == 404 and "no API token" in someone_elses.text
    with token_server.client(bob_token) as by_bob:
        assert by_bob.get("/api/me").status_code == 200

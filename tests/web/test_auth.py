"""Who may do what: every route for every role, sessions, CSRF, cookies, tokens."""

from __future__ import annotations

import re

import httpx
import pytest

from hindsight.web.app import route_table
from tests.web.conftest import PASSWORDS, Server, csrf_from, new_incident, sign_in

RANK = {"anonymous": -1, "viewer": 0, "editor": 1, "admin": 2}
USERS = {"anonymous": None, "viewer": "ada", "editor": "bob", "admin": "cyd"}
TABLE = route_table()


def test_every_route_declares_its_role() -> None:
    assert len(TABLE) > 60
    undeclared = [
        (m, p) for m, p, role in TABLE if role not in ("public", "viewer", "editor", "admin")
    ]
    assert undeclared == []
    writes = [
        (m, p, r) for m, p, r in TABLE if m in ("POST", "PUT", "PATCH", "DELETE") and r == "viewer"
    ]
    # the only writes a viewer may make concern their own session and tokens
    assert {p for _, p, _ in writes} <= {
        "/api/tokens",
        "/api/tokens/{token_id}",
        "/logout",
        "/account/tokens",
        "/account/tokens/{token_id}/revoke",
    }


@pytest.fixture(scope="module")
def matrix_incident(server: Server) -> dict:
    with server.client("bob") as editor:
        inc = new_incident(editor, "Role matrix target")
        editor.post(
            f"/api/incidents/{inc['id']}/timeline", json={"at": "22:50", "text": "alert fired"}
        )
        editor.post(f"/api/incidents/{inc['id']}/whys", json={"problem": "p", "answers": ["a"]})
        editor.post(f"/api/incidents/{inc['id']}/actions", json={"title": "Add a canary stage"})
        return editor.get(f"/api/incidents/{inc['id']}").json()  # type: ignore[no-any-return]


def fill(path: str, incident: dict) -> str:
    values = {
        "incident_id": incident["id"],
        "event_id": str(incident["timeline"][0]["id"]) if incident["timeline"] else "1",
        "number": "1",
        "chain": "1",
        "filename": "matrix.log",
        "token_id": "987654321",  # no such token: revoking must not sign a test user out
    }
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


@pytest.mark.parametrize(
    ("method", "path", "role"),
    [r for r in TABLE if r[2] != "public" and r[0] != "HEAD"],
    ids=[f"{m} {p}" for m, p, r in TABLE if r != "public" and m != "HEAD"],
)
def test_role_matrix(
    server: Server, matrix_incident: dict, method: str, path: str, role: str
) -> None:
    url = fill(path, matrix_incident)
    if method == "DELETE" and "{incident_id}" in path and path.count("/") == 3:
        with server.client("bob") as editor:
            url = fill(path, new_incident(editor, "to be deleted"))
    for who, user in USERS.items():
        with (
            server.client(user) if user else httpx.Client(base_url=server.url, timeout=30) as client
        ):
            response = client.request(
                method, url, json={} if method in ("POST", "PUT", "PATCH") else None
            )
        allowed = RANK[who] >= RANK[role]
        if allowed:
            assert response.status_code not in (401, 403), (who, method, url, response.text[:200])
            assert response.status_code < 500, (who, method, url, response.text[:300])
        elif who == "anonymous":
            assert response.status_code in (401, 303), (who, method, url, response.status_code)
            if response.status_code == 303:
                assert response.headers["location"].startswith("/login")
        else:
            assert response.status_code == 403, (who, method, url, response.status_code)


def test_unknown_token_is_401_with_json_shape(server: Server) -> None:
    with httpx.Client(base_url=server.url, headers={"Authorization": "Bearer hs_nope"}) as client:
        response = client.get("/api/incidents")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert response.headers["www-authenticate"] == "Bearer"


def test_sign_in_sets_safe_cookies_and_wrong_password_fails(server: Server) -> None:
    with httpx.Client(base_url=server.url) as client:
        page = client.get("/login")
        token = csrf_from(page.text)
        wrong = client.post(
            "/login", data={"csrf_token": token, "username": "ada", "password": "nope-nope"}
        )
        assert wrong.status_code == 401 and "wrong user name or password" in wrong.text
        ok = client.post(
            "/login", data={"csrf_token": token, "username": "ada", "password": PASSWORDS["ada"]}
        )
        assert ok.status_code == 303
        cookies = [v for k, v in ok.headers.multi_items() if k == "set-cookie"]
        session = next(c for c in cookies if c.startswith("hs_session="))
        assert "HttpOnly" in session and "SameSite=lax" in session and "Secure" not in session
        assert client.get("/").status_code == 200


def test_forms_need_the_csrf_token(server: Server) -> None:
    with sign_in(server.url, "bob", PASSWORDS["bob"]) as client:
        forged = client.post("/incidents/new", data={"title": "forged", "severity": "P3"})
        assert forged.status_code == 403
        page = client.get("/incidents/new")
        good = client.post(
            "/incidents/new",
            data={"csrf_token": csrf_from(page.text), "title": "real", "severity": "P3"},
        )
        assert good.status_code == 303 and good.headers["location"].startswith("/incidents/INC-")
        # a cookie-authenticated JSON write needs the header too
        assert client.post("/api/incidents", json={"title": "x"}).status_code == 403
        with_header = client.post(
            "/api/incidents",
            json={"title": "x"},
            headers={"X-CSRF-Token": client.cookies["hs_csrf"]},
        )
        assert with_header.status_code == 201


def test_login_csrf_and_open_redirect(server: Server) -> None:
    with httpx.Client(base_url=server.url) as client:
        no_token = client.post("/login", data={"username": "ada", "password": PASSWORDS["ada"]})
        assert no_token.status_code == 403
        token = csrf_from(client.get("/login").text)
        evil = client.post(
            "/login",
            data={
                "csrf_token": token,
                "username": "ada",
                "password": PASSWORDS["ada"],
                "next": "//evil.example/",
            },
        )
        assert evil.headers["location"] == "/"


def test_sign_out_ends_the_session(server: Server) -> None:
    with sign_in(server.url, "ada", PASSWORDS["ada"]) as client:
        token = csrf_from(client.get("/").text)
        assert client.post("/logout", data={"csrf_token": token}).status_code == 303
        assert client.get("/").status_code == 303


def test_tokens_are_stored_hashed(server: Server, viewer: httpx.Client) -> None:
    from sqlalchemy import select

    from hindsight.store.tables import ApiTokenRow

    made = viewer.post("/api/tokens", json={"name": "laptop"})
    assert made.status_code == 201
    token = made.json()["token"]
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}) as client:
        assert client.get("/api/me").json()["username"] == "ada"
    store = server.workspace.open_store(migrate=False)
    with store.session() as s:
        stored = list(s.execute(select(ApiTokenRow.token_hash)).scalars())
    store.close()
    assert token not in stored and all(len(h) == 64 for h in stored)


def test_admin_manages_users(admin: httpx.Client, viewer: httpx.Client) -> None:
    made = admin.post(
        "/api/users", json={"username": "newbie", "password": "long-enough-1", "role": "editor"}
    )
    assert made.status_code == 201 and made.json()["role"] == "editor"
    again = admin.post(
        "/api/users", json={"username": "newbie", "password": "long-enough-1", "role": "editor"}
    )
    assert again.status_code == 409
    bad_role = admin.post(
        "/api/users", json={"username": "x1", "password": "long-enough-1", "role": "root"}
    )
    assert bad_role.status_code == 422 and bad_role.json()["error"]["field"] == "role"
    assert viewer.get("/api/users").status_code == 403

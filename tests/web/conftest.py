"""A real Hindsight server on a free loopback port for the whole session, with the demo data,
one user per role and API tokens; tests talk to it over HTTP with httpx."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from hindsight.store.users import set_members
from hindsight.web.app import create_app
from hindsight.workspace import Workspace, init_workspace
from tests.live_server import LiveServer, add_users, serving

WEBHOOK_SECRET = "test-webhook-secret"
# PagerDuty's signing secret from go-pagerduty's webhookv3_test.go (Apache-2.0): its valid
# signature of the compact priority_updated body is checked in test_hooks.py.
PAGERDUTY_SECRET = "lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK"
PASSWORDS = {
    "ada": "viewer-pass-1",
    "bob": "editor-pass-1",
    "cyd": "admin-pass-1",
    "mo": "member-pass-1",
}
ROLES = {"ada": "viewer", "bob": "editor", "cyd": "admin", "mo": "viewer"}


@dataclass
class Server(LiveServer):
    workspace: Workspace
    restricted_id: str
    incident_id: str
    extra: dict[str, str] = field(default_factory=dict)


def seed(workspace: Workspace) -> tuple[dict[str, str], str, str]:
    from hindsight.demo import load_demo
    from hindsight.store.repo import list_incidents

    store = workspace.open_store()
    load_demo(store, workspace)
    with store.session() as s:
        tokens = add_users(s, ROLES, PASSWORDS)
        rows = list_incidents(s)
        restricted = next(r.id for r in rows if r.restricted)
        open_one = next(r.id for r in rows if not r.restricted and r.status == "published")
        set_members(s, restricted, ["mo"], actor="test-setup")
    store.close()
    return tokens, restricted, open_one


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root: Path = tmp_path_factory.mktemp("web") / "ws"
    workspace = init_workspace(root, name="web-tests")
    tokens, restricted, open_one = seed(workspace)
    app = create_app(
        workspace,
        webhook_secret=WEBHOOK_SECRET,
        pagerduty_secret=PAGERDUTY_SECRET,
        pagerduty_max_age=0,  # the go-pagerduty sample is from 2021 (the window: tests/security)
        max_upload_bytes=256 * 1024,
    )
    with serving(app) as url:
        yield Server(url, tokens, workspace, restricted, open_one)
    app.state.hindsight.store.close()


@pytest.fixture
def editor(server: Server) -> Iterator[httpx.Client]:
    with server.client("bob") as client:
        yield client


@pytest.fixture
def viewer(server: Server) -> Iterator[httpx.Client]:
    with server.client("ada") as client:
        yield client


@pytest.fixture
def admin(server: Server) -> Iterator[httpx.Client]:
    with server.client("cyd") as client:
        yield client


def new_incident(
    client: httpx.Client, title: str = "Checkout 500s for EU customers", **fields: object
) -> dict:
    body = {"title": title, "severity": "P2", "started_at": "2025-12-15T22:47:00Z", **fields}
    response = client.post("/api/incidents", json=body)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


@contextmanager
def sign_in(base_url: str, username: str, password: str) -> Iterator[httpx.Client]:
    """A browser-like client: gets the CSRF cookie from /login, posts the form, keeps cookies."""
    with httpx.Client(base_url=base_url, timeout=30, follow_redirects=False) as client:
        page = client.get("/login")
        token = csrf_from(page.text)
        response = client.post(
            "/login",
            data={"csrf_token": token, "username": username, "password": password, "next": "/"},
        )
        assert response.status_code == 303, response.text
        yield client


def csrf_from(html: str) -> str:
    import re

    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field in the page"
    return match.group(1)

"""A real Hindsight server on a free loopback port for the whole session, with the demo data,
one user per role and API tokens; tests talk to it over HTTP with httpx."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn

from hindsight.store.users import add_user, create_token, set_members
from hindsight.web.app import create_app
from hindsight.workspace import Workspace, init_workspace

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
class Server:
    url: str
    workspace: Workspace
    tokens: dict[str, str]
    restricted_id: str
    incident_id: str
    extra: dict[str, str] = field(default_factory=dict)

    def client(self, user: str | None = None, **kwargs: object) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30, **kwargs)  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seed(workspace: Workspace) -> tuple[dict[str, str], str, str]:
    from hindsight.demo import load_demo
    from hindsight.store.repo import list_incidents

    store = workspace.open_store()
    load_demo(store, workspace)
    tokens = {}
    with store.session() as s:
        for name, role in ROLES.items():
            add_user(s, name, PASSWORDS[name], role, actor="test-setup")
            tokens[name] = create_token(s, name, "tests", actor="test-setup")
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
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield Server(f"http://127.0.0.1:{port}", workspace, tokens, restricted, open_one)
    uv.should_exit = True
    thread.join(timeout=10)
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

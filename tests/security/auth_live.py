"""A live Hindsight server on SQLite and on PostgreSQL for the authentication and session tests:
users of each role, one restricted incident with one member, a PagerDuty signing secret."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import text

from hindsight.domain.model import Incident
from hindsight.store.repo import Store, add_incident, make_engine
from hindsight.store.users import add_user, create_token, set_members
from hindsight.timeutil import parse_instant
from hindsight.web.app import create_app
from hindsight.web.throttle import LoginThrottle
from hindsight.workspace import Workspace, init_workspace
from tests.conftest import BACKENDS, PG_URL
from tests.web.conftest import PAGERDUTY_SECRET, WEBHOOK_SECRET, csrf_from, free_port

PASSWORDS = {"ada": "viewer-pass-1", "bob": "editor-pass-1", "cyd": "admin-pass-1"}
PASSWORDS["mo"] = "member-pass-1"
ROLES = {"ada": "viewer", "bob": "editor", "cyd": "admin", "mo": "viewer"}
RESTRICTED_ID = "INC-2026-11-15"
PUBLIC_ID = "INC-2026-11-14"


@dataclass
class Live:
    url: str
    backend: str
    workspace: Workspace
    store: Store
    app: FastAPI
    tokens: dict[str, str]

    def client(self, user: str | None = None, **kwargs: Any) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30, **kwargs)

    def fresh_throttle(self) -> None:
        """Forget every failed sign-in (tests share one server and one client address)."""
        self.app.state.hindsight.throttle = LoginThrottle()


def _seed(store: Store) -> dict[str, str]:
    tokens = {}
    with store.session() as s:
        for name, role in ROLES.items():
            add_user(s, name, PASSWORDS[name], role, actor="test-setup")
            tokens[name] = create_token(s, name, "tests", actor="test-setup")
        for iid, restricted in ((RESTRICTED_ID, True), (PUBLIC_ID, False)):
            incident = Incident(
                id=iid,
                title=f"Checkout 500s ({'restricted' if restricted else 'public'})",
                severity="P2",
                started_at=parse_instant(f"{iid[4:]}T09:00:00Z"),
                restricted=restricted,
            )
            add_incident(s, incident, "test-setup")
        set_members(s, RESTRICTED_ID, ["mo"], actor="test-setup")
    return tokens


@contextmanager
def _running(app: FastAPI) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module", params=BACKENDS)
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    root: Path = tmp_path_factory.mktemp("auth") / "ws"
    init_workspace(root, name="auth-tests")
    schema = None
    if request.param == "postgresql":
        assert PG_URL
        schema = f"auth_{uuid.uuid4().hex[:10]}"
        admin = make_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        workspace = Workspace(
            root.resolve(), {}, database_url=f"{PG_URL}?options=-csearch_path%3D{schema}"
        )
    else:
        workspace = Workspace(root.resolve(), {})
    store = workspace.open_store()
    tokens = _seed(store)
    app = create_app(
        workspace, store=store, webhook_secret=WEBHOOK_SECRET, pagerduty_secret=PAGERDUTY_SECRET
    )
    try:
        with _running(app) as url:
            yield Live(url, request.param, workspace, store, app, tokens)
    finally:
        store.close()
        if schema:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


def login_form(
    client: httpx.Client, username: str, password: str, **headers: str
) -> httpx.Response:
    """Post the sign-in form the way a browser does (CSRF token from the page)."""
    token = csrf_from(client.get("/login").text)
    return client.post(
        "/login",
        data={"csrf_token": token, "username": username, "password": password, "next": "/"},
        headers=headers,
    )


@contextmanager
def browser(live: Live, username: str | None = None) -> Iterator[httpx.Client]:
    """A cookie-keeping client, signed in as `username` when given."""
    with httpx.Client(base_url=live.url, timeout=30, follow_redirects=False) as client:
        if username:
            response = login_form(client, username, PASSWORDS[username])
            assert response.status_code == 303, response.text[:300]
        yield client

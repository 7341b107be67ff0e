"""A live Hindsight server on SQLite and on PostgreSQL for the authentication and session tests:
users of each role, one restricted incident with one member, a PagerDuty signing secret."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from hindsight.domain.model import Incident
from hindsight.store.repo import Store, add_incident
from hindsight.store.users import set_members
from hindsight.timeutil import parse_instant
from hindsight.web.app import create_app
from hindsight.web.throttle import LoginThrottle
from hindsight.workspace import Workspace
from tests.conftest import BACKENDS
from tests.live_server import LiveServer, add_users, serving, workspace_on
from tests.web.conftest import PAGERDUTY_SECRET, PASSWORDS, ROLES, WEBHOOK_SECRET, csrf_from

RESTRICTED_ID = "INC-2026-11-15"
PUBLIC_ID = "INC-2026-11-14"


@dataclass
class Live(LiveServer):
    backend: str
    workspace: Workspace
    store: Store
    app: FastAPI

    def fresh_throttle(self) -> None:
        """Forget every failed sign-in (tests share one server and one client address)."""
        self.app.state.hindsight.throttle = LoginThrottle()


def _seed(store: Store) -> dict[str, str]:
    with store.session() as s:
        tokens = add_users(s, ROLES, PASSWORDS)
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


@pytest.fixture(scope="module", params=BACKENDS)
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    root: Path = tmp_path_factory.mktemp("auth") / "ws"
    with workspace_on(request.param, root, "auth-tests") as workspace:
        store = workspace.open_store()
        tokens = _seed(store)
        app = create_app(
            workspace, store=store, webhook_secret=WEBHOOK_SECRET, pagerduty_secret=PAGERDUTY_SECRET
        )
        try:
            with serving(app) as url:
                yield Live(url, tokens, request.param, workspace, store, app)
        finally:
            store.close()


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

"""A real Hindsight server on a loopback port over a given workspace or store, with one API token
per user, for the aggregate, webhook and concurrency tests of this folder."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn

from hindsight.store.repo import Store
from hindsight.web.app import create_app
from hindsight.web.users import add_user, create_token
from hindsight.workspace import Workspace
from tests.web.conftest import free_port

USERS = {"ada": "viewer", "mo": "viewer", "bob": "editor", "cyd": "admin"}
WEBHOOK_SECRET = "agg-webhook-secret"


@dataclass
class Live:
    url: str
    workspace: Workspace
    tokens: dict[str, str]
    notes: dict[str, Any] = field(default_factory=dict)

    def client(self, user: str | None = None, **kwargs: Any) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60, **kwargs)


@contextmanager
def running(workspace: Workspace, store: Store | None = None, **settings: Any) -> Iterator[Live]:
    """Serve `workspace` (on `store` when given) until the block ends; users as in USERS."""
    store = store or workspace.open_store()
    tokens = {}
    with store.session() as s:
        for name, role in USERS.items():
            add_user(s, name, f"{name}-password-1", role, actor="test-setup")
            tokens[name] = create_token(s, name, "tests", actor="test-setup")
    settings.setdefault("webhook_secret", WEBHOOK_SECRET)
    app = create_app(workspace, store=store, **settings)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield Live(f"http://127.0.0.1:{port}", workspace, tokens)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()

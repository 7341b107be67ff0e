"""A real Hindsight server on a loopback port over a given workspace or store, with one API token
per user, for the aggregate, webhook and concurrency tests of this folder."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar

from hindsight.store.repo import Store
from hindsight.web.app import create_app
from hindsight.workspace import Workspace
from tests.live_server import LiveServer, add_users, serving

USERS = {"ada": "viewer", "mo": "viewer", "bob": "editor", "cyd": "admin"}
WEBHOOK_SECRET = "agg-webhook-secret"


@dataclass
class Live(LiveServer):
    workspace: Workspace
    notes: dict[str, Any] = field(default_factory=dict)
    timeout: ClassVar[float] = 60


@contextmanager
def running(workspace: Workspace, store: Store | None = None, **settings: Any) -> Iterator[Live]:
    """Serve `workspace` (on `store` when given) until the block ends; users as in USERS."""
    store = store or workspace.open_store()
    with store.session() as s:
        tokens = add_users(s, USERS, {name: f"{name}-password-1" for name in USERS})
    settings.setdefault("webhook_secret", WEBHOOK_SECRET)
    app = create_app(workspace, store=store, **settings)
    try:
        with serving(app) as url:
            yield Live(url, tokens, workspace)
    finally:
        store.close()

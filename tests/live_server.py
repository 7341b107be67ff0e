"""A real Hindsight server on a free loopback port, for the tests that talk HTTP to it (web,
security): served on a thread until the block ends, on a workspace on SQLite or in a fresh
PostgreSQL schema, with users of given roles and an API token each."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import httpx
import uvicorn
from fastapi import FastAPI
from sqlalchemy.orm import Session

from hindsight.store.users import add_user, create_token
from hindsight.workspace import Workspace, init_workspace
from tests.conftest import PG_URL, fresh_schema


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 until the block ends; yields its base URL once it answers."""
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
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def add_users(session: Session, roles: dict[str, str], passwords: dict[str, str]) -> dict[str, str]:
    """Each user of `roles` with its role and password, and an API token each: {user: token}."""
    tokens = {}
    for name, role in roles.items():
        add_user(session, name, passwords[name], role, actor="test-setup")
        tokens[name] = create_token(session, name, "tests", actor="test-setup")
    return tokens


@contextmanager
def workspace_on(backend: str, root: Path, name: str) -> Iterator[Workspace]:
    """A new workspace at `root` on SQLite, or ("postgresql") on HINDSIGHT_TEST_DATABASE_URL in
    a schema of its own, dropped when the block ends."""
    init_workspace(root, name=name)
    if backend != "postgresql":
        yield Workspace(root.resolve(), {})
        return
    assert PG_URL
    with fresh_schema("live") as schema:
        yield Workspace(
            root.resolve(), {}, database_url=f"{PG_URL}?options=-csearch_path%3D{schema}"
        )


@dataclass
class LiveServer:
    """Where a live server answers and the API token of each of its users."""

    url: str
    tokens: dict[str, str]
    timeout: ClassVar[float] = 30

    def client(self, user: str | None = None, **kwargs: Any) -> httpx.Client:
        """An httpx client for the server, with `user`'s token when given."""
        headers = {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=self.timeout, **kwargs)

"""Shared fixtures: a fresh store on SQLite and, when HINDSIGHT_TEST_DATABASE_URL is set, on
PostgreSQL (each test in its own schema, dropped afterwards)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from hindsight.store.repo import Store, make_engine

PG_URL = os.environ.get("HINDSIGHT_TEST_DATABASE_URL")
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
TEST_DATA = Path(__file__).parent / "data"

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not PG_URL, reason="PostgreSQL half skipped: set HINDSIGHT_TEST_DATABASE_URL to run it"
        ),
    ),
]


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data; the test skips when the folder is absent (a user's clone)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real sample {path} not present (../shared/data is only in CI)")
    return path


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'test.db'}")
        s.migrate()
        yield s
        s.close()
        return
    with fresh_schema("t") as schema:
        s = Store(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
        try:
            s.migrate()
            yield s
        finally:
            s.close()


@contextmanager
def fresh_schema(prefix: str) -> Iterator[str]:
    """A new schema on HINDSIGHT_TEST_DATABASE_URL, dropped with all it holds afterwards."""
    assert PG_URL
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield schema
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An initialised SQLite workspace as the current directory."""
    from hindsight.workspace import init_workspace

    monkeypatch.delenv("HINDSIGHT_DATABASE_URL", raising=False)
    monkeypatch.delenv("HINDSIGHT_WORKSPACE", raising=False)
    monkeypatch.setenv("HINDSIGHT_USER", "tester")
    root = tmp_path / "ws"
    init_workspace(root)
    monkeypatch.chdir(root)
    return root


@pytest.fixture(params=BACKENDS)
def any_workspace(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A workspace as the current directory, on SQLite and (when configured) on PostgreSQL."""
    from hindsight.workspace import init_workspace

    monkeypatch.delenv("HINDSIGHT_WORKSPACE", raising=False)
    monkeypatch.setenv("HINDSIGHT_USER", "tester")
    root = tmp_path / "ws"
    if request.param == "sqlite":
        monkeypatch.delenv("HINDSIGHT_DATABASE_URL", raising=False)
        init_workspace(root)
        monkeypatch.chdir(root)
        yield root
        return
    assert PG_URL
    schema = f"w_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    monkeypatch.setenv("HINDSIGHT_DATABASE_URL", f"{PG_URL}?options=-csearch_path%3D{schema}")
    init_workspace(root)
    monkeypatch.chdir(root)
    try:
        yield root
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

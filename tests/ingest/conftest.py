"""Fixtures for the ingest tests: an incident in the `workspace` fixture, and its store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hindsight.domain.model import Incident
from hindsight.store.repo import Store
from hindsight.workspace import Workspace, find_workspace
from tests.conftest import TEST_DATA

INCIDENT = "INC-2025-12-15"
DATA = TEST_DATA / "ingest"


@pytest.fixture
def ws(workspace: Path, store: Store) -> Iterator[tuple[Workspace, Store]]:
    """A workspace (for its evidence folder) with the parametrised `store` (SQLite, PostgreSQL
    when configured) holding incident INC-2025-12-15, created directly in the store."""
    store.add(Incident(id=INCIDENT, title="Checkout 5xx after v2.42.0", severity="P1"), "tester")
    yield find_workspace(), store


@pytest.fixture
def cli_ws(workspace: Path) -> Iterator[tuple[Workspace, Store]]:
    """The workspace fixture's own store (what the CLI opens), with incident INC-2025-12-15."""
    found = find_workspace()
    own = found.open_store()
    own.add(Incident(id=INCIDENT, title="Checkout 5xx after v2.42.0", severity="P1"), "tester")
    yield found, own
    own.close()

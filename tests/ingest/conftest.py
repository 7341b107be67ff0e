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
def ws(workspace: Path) -> Iterator[tuple[Workspace, Store]]:
    """The workspace fixture opened, with incident INC-2025-12-15 created directly in the store."""
    found = find_workspace()
    store = found.open_store()
    store.add(Incident(id=INCIDENT, title="Checkout 5xx after v2.42.0", severity="P1"), "tester")
    yield found, store
    store.close()

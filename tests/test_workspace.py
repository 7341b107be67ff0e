"""Workspaces: hindsight.toml, and what `hindsight init` does to one that exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from hindsight.errors import InvalidInput
from hindsight.workspace import init_workspace


def test_init_again_with_another_database_is_refused_not_ignored(tmp_path: Path) -> None:
    """`hindsight init . --db postgresql://…` in an existing SQLite workspace said "Workspace
    ready (database: sqlite…)" and exit 0: a team thought it had moved to PostgreSQL."""
    root = tmp_path / "pm"
    init_workspace(root)
    config = (root / "hindsight.toml").read_text(encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"hindsight\.toml exists.*\[database\]"):
        init_workspace(root, database_url="postgresql://postgres@db.internal/pm")
    assert (root / "hindsight.toml").read_text(encoding="utf-8") == config
    assert init_workspace(root).root == root.resolve()  # init again, same database: fine

"""The migrations build exactly the schema the code maps, on every backend."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hindsight.store.repo import Store
from hindsight.store.tables import Base


def _ours(obj: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
    return not (kind == "table" and reflected and compare_to is None)


def test_migrated_database_matches_the_tables(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": _ours})
        assert compare_metadata(context, Base.metadata) == []


def test_migrating_twice_changes_nothing(store: Store) -> None:
    store.migrate()
    with store.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_heads() == ("0004",)

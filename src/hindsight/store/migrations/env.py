"""Alembic environment: the engine comes from `hindsight.store.migrate`, never from an ini file."""

from __future__ import annotations

from typing import Any

from alembic import context

from hindsight.store.tables import Base

engine = context.config.attributes["engine"]


def include_object(obj: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
    """Autogenerate must not propose dropping what migrations manage by hand (the search index,
    FTS shadow tables, the metric timings): reflected tables unknown to the metadata are kept."""
    return not (kind == "table" and reflected and compare_to is None)


with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
    )
    context.run_migrations()

"""Public-version approvals on SQLite and PostgreSQL, and opening a database that cannot be
opened: one line naming it, password hidden."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hindsight.domain.model import Incident
from hindsight.errors import InvalidInput
from hindsight.store import engine, public
from hindsight.store.repo import Store

T0 = datetime(2025, 12, 15, 22, 47, tzinfo=UTC)


def test_the_latest_approval_of_exactly_this_text(store: Store) -> None:
    store.add(Incident(id="INC-2025-12-15", title="Checkout 5xx"), "dana")
    with store.session() as s:
        assert not public.has_any_approval(s, "INC-2025-12-15")
        public.add_approval(s, "INC-2025-12-15", "a" * 64, "dana", T0)
        public.add_approval(s, "INC-2025-12-15", "a" * 64, "lee", T0 + timedelta(hours=1))
        public.add_approval(s, "INC-2025-12-15", "b" * 64, "kim", T0 + timedelta(hours=2))
    with store.session() as s:
        assert public.latest_approval(s, "INC-2025-12-15", "a" * 64) == public.Approval(
            "lee", T0 + timedelta(hours=1)
        )
        assert public.latest_approval(s, "INC-2025-12-15", "c" * 64) is None
        assert public.has_any_approval(s, "INC-2025-12-15")


def test_a_database_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "hindsight.db"
    with pytest.raises(InvalidInput) as caught:
        engine.open_store(f"sqlite:///{missing}")
    assert caught.value.message.startswith(f"cannot open the database sqlite:///{missing}: ")
    assert "\n" not in caught.value.message


def test_messages_never_show_the_password() -> None:
    shown = engine.shown_url("postgresql://hindsight:s3cret@db.internal:5432/pm")
    assert "s3cret" not in shown and "db.internal:5432/pm" in shown
    assert engine.shown_url("not a url @ all") == " all"

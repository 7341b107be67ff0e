"""The demo workspace: loading it again, on any later day, adds nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from hindsight import demo
from hindsight.domain.model import Incident
from hindsight.store.repo import Store, count_incidents


def test_loading_the_demo_on_a_later_day_adds_no_second_copy(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Demo ids are dated from today, so `make run` on the next day added all 14 again under
    new ids (28 incidents, every title twice): the demo is known by its titles instead."""
    assert demo.load_demo(store) == len(demo.SCENARIOS)
    built = demo.build_demo
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)

    def built_tomorrow(today: date | None = None) -> list[Incident]:
        return built(tomorrow)

    monkeypatch.setattr(demo, "build_demo", built_tomorrow)
    assert demo.load_demo(store) == 0
    with store.session() as session:
        assert count_incidents(session) == len(demo.SCENARIOS)

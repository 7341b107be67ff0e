"""Counts in messages agree with their number."""

from __future__ import annotations

from hindsight.wording import counted


def test_counted_agrees_with_its_number() -> None:
    assert counted(1, "record") == "1 record"
    assert counted(0, "record") == "0 records"
    assert counted(1204, "record") == "1,204 records"
    assert counted(1, "time looks", "times look") == "1 time looks"
    assert counted(3, "time looks", "times look") == "3 times look"

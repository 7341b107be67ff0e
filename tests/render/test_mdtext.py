"""Escaping primitives and hand-written value readers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hindsight.domain.model import ActionStatus
from hindsight.render.mdfields import Clock, read_action_status, read_duration, read_severity
from hindsight.render.mdtext import (
    dump_meta,
    escape_plain,
    escape_prose,
    split_row,
    take_meta,
    unescape_plain,
    unescape_prose,
)
from tests.render.strategies import text

_any = st.text(st.characters(blacklist_categories=("Cs",)))


@given(_any)
def test_plain_escaping_is_exactly_reversible(value: str) -> None:
    assert unescape_plain(escape_plain(value)) == value


@given(text)
def test_an_escaped_cell_is_one_table_cell(value: str) -> None:
    row = f"| {escape_plain(value)} | x |"
    cells = split_row(row)
    assert cells is not None and len(cells) == 2
    assert unescape_plain(cells[0]) == value


@given(st.dictionaries(_any, _any, max_size=3))
def test_hidden_data_survives_any_text(data: dict[str, str]) -> None:
    rest, back = take_meta("cell text" + dump_meta(data))
    assert (rest, back) == ("cell text", data)
    assert "|" not in dump_meta(data) and "\n" not in dump_meta(data)


def test_prose_keeps_markdown_but_neutralises_structure() -> None:
    prose = "**bold** stays\n# heading-like\n\\backslash\n```\nno end"
    escaped = escape_prose(prose)
    assert escaped.splitlines() == [
        "**bold** stays",
        "\\# heading-like",
        "\\\\backslash",
        "\\```",
        "no end",
    ]
    assert unescape_prose(escaped.split("\n")) == prose


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("✅ Done", ActionStatus.DONE),
        ("🔄 In Progress", ActionStatus.IN_PROGRESS),
        ("📅 Planned", ActionStatus.PLANNED),
        ("🚫 Blocked", ActionStatus.BLOCKED),
        ("WIP", ActionStatus.IN_PROGRESS),
        ("won't do", ActionStatus.WONT_DO),
        ("Completed", ActionStatus.DONE),
        ("[x]", ActionStatus.DONE),
        ("", None),
        ("maybe later", None),
    ],
)
def test_action_statuses_as_people_write_them(written: str, status: ActionStatus | None) -> None:
    assert read_action_status(written) == status


@pytest.mark.parametrize(
    ("written", "minutes"),
    [
        ("4 hours 28 minutes", 268),
        ("4h 28min", 268),
        ("88 minutes [^3]", 88),
        (" 20 hours 20 minutes.", 1220),
        ("54 hours 10 minutes", 3250),
        ("N/A", None),
    ],
)
def test_durations_as_people_write_them(written: str, minutes: int | None) -> None:
    got = read_duration(written)
    assert (got // timedelta(minutes=1) if got else None) == minutes


def test_severities() -> None:
    assert [read_severity(s) for s in ("P1", "SEV2", "Sev 0", "High", "minor", "urgent")] == [
        "P1",
        "P2",
        "P0",
        "P1",
        "P3",
        None,
    ]


def test_clock_takes_the_date_from_the_header_and_rolls_past_midnight() -> None:
    clock = Clock(date(2025, 12, 15))
    readings = [
        clock.read(t)
        for t in ("22:47 UTC", "23:59", "00:05", "10:47 PM", "2025-12-20 08:00", "08:30")
    ]
    assert [r.moment if r else None for r in readings] == [
        datetime(2025, 12, 15, 22, 47, tzinfo=UTC),
        datetime(2025, 12, 15, 23, 59, tzinfo=UTC),
        datetime(2025, 12, 16, 0, 5, tzinfo=UTC),
        datetime(2025, 12, 16, 22, 47, tzinfo=UTC),
        datetime(2025, 12, 20, 8, 0, tzinfo=UTC),
        datetime(2025, 12, 20, 8, 30, tzinfo=UTC),
    ]
    assert Clock(None).read("22:47") is None  # no date to put it on: the caller warns
    assert Clock(date(2025, 1, 1)).read("not a time") is None

"""Timeline sections: tables or bullet lists of events, times read in document order (dates from
the header, rolling past midnight, zones from "All times in CET")."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from hindsight.domain.model import (
    EventKind,
    Milestone,
    TimelineEvent,
)
from hindsight.render.mdfields import (
    Clock,
    TimeReading,
    read_date,
    zone_from_note,
)
from hindsight.render.mdreader import (
    BOLD,
    Reader,
    base_date,
    inline,
    normalise,
    section_key,
)
from hindsight.render.mdtext import (
    ListItem,
    Section,
    Table,
    read_list,
    read_tables,
    take_meta,
    unescape_plain,
)

# ---- timeline ------------------------------------------------------------------------------

_COLUMN_NAMES = {
    "time": ("time", "date", "when", "timestamp", "utc"),
    "text": (
        "event",
        "description",
        "what",
        "details",
        "message",
        "activity",
        "update",
        "what happened",
    ),
    "action": ("action", "actions", "response", "action taken", "actions taken"),
    "actor": ("who", "actor", "by", "person", "owner"),
    "source": ("source",),
}


def _column(header: list[str], name: str) -> int | None:
    for i, h in enumerate(header):
        words = normalise(h)
        if words in _COLUMN_NAMES[name] or any(
            words.startswith(n + " ") for n in _COLUMN_NAMES[name]
        ):
            return i
    return None


def timeline_section(reader: Reader, section: Section) -> None:
    """Events from tables, bullet lists or plain "22:47 — text" lines; sub-headings such as
    "### 2025-12-16" continue the timeline on that day."""
    unread: list[str] = []
    note_zone = zone_from_note(" ".join(t for _, t in section.body))
    clock = Clock(base_date(reader), note_zone or reader.tz)
    _timeline_body(reader, section, clock, unread)
    for child in section.children:
        if section_key(child.title) is not None:
            reader.dispatch(reader, child)
            continue
        day = read_date(child.title) if re.search(r"\d", child.title) else None
        if day is None:
            reader.keep(
                child.title,
                child.all_lines(),
                child.line,
                f"sub-heading '{child.title}' in the timeline is not a date",
            )
            continue
        clock.day = day
        _timeline_body(reader, child, clock, unread)
    if unread:
        reader.extra.append("#### Timeline entries without a readable time\n\n" + "\n".join(unread))


def _timeline_body(reader: Reader, section: Section, clock: Clock, unread: list[str]) -> None:
    tables, rest = read_tables(section.body)
    zone = clock.tz
    for table in tables:
        clock.tz = zone_from_note(" ".join(table.header)) or zone
        _timeline_table(reader, table, clock, unread)
    clock.tz = zone
    items, prose = read_list(rest)
    entries = sorted(
        [(item.line, item) for item in items]
        + [(n, ListItem(n, t.strip(), 0, "")) for n, t in prose if _EVENT_ITEM.match(t.strip())],
        key=lambda pair: pair[0],
    )
    for _, item in entries:
        _timeline_item(reader, item, clock, unread)
    events = {n for n, _ in entries}
    leftover = [
        (n, t)
        for n, t in prose
        if t.strip()
        and n not in events
        and not re.search(r"\btimes?\b.{0,200}\b(in|are)\b", t, re.I)
    ]
    if leftover:
        reader.keep(
            "Timeline notes", leftover, leftover[0][0], "text in the timeline that is not an event"
        )


def _timeline_table(reader: Reader, table: Table, clock: Clock, unread: list[str]) -> None:
    header = table.header
    time_col = _column(header, "time")
    text_col = _column(header, "text")
    time_col = 0 if time_col is None else time_col
    text_col = text_col if text_col is not None else (1 if time_col == 0 and len(header) > 1 else 0)
    action_col = _column(header, "action")
    actor_col = _column(header, "actor")
    known = {time_col, text_col, action_col, actor_col}
    for number, cells in table.rows:
        cells = cells + [""] * (len(header) - len(cells))
        raw_text, meta = take_meta(cells[text_col] if text_col < len(cells) else "")
        for i, cell in enumerate(cells):
            if i not in known and cell:
                cells[i], more = take_meta(cell)
                meta = meta or more
        when = unescape_plain(cells[time_col])
        reading = clock.read(when)
        if (
            reading is not None
            and reading.precision != "minute"
            and not re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*", when)
        ):
            reader.warn(
                number,
                f"no exact clock time in '{when}'; placed at {reading.moment:%Y-%m-%d %H:%M} UTC ({reading.precision} precision)",
            )
        event = _event_text(raw_text)
        reader.apply_hidden(number, _apply_event_meta, event, meta)
        if action_col is not None and cells[action_col]:
            event.action = inline(cells[action_col])
        if actor_col is not None and cells[actor_col]:
            event.actor = inline(cells[actor_col]).lstrip("@")
        extras = [
            f"{header[i]}: {inline(c)}"
            for i, c in enumerate(cells)
            if i not in known and c and i < len(header)
        ]
        if extras:
            event.text += " (" + "; ".join(extras) + ")"
        if reading is None:
            reader.warn(number, f"could not read a time in '{unescape_plain(cells[time_col])}'")
            unread.append(f"- {unescape_plain(cells[time_col])} — {event.text}")
            continue
        _place(event, reading)
        reader.inc.timeline.append(event)


def _place(event: TimelineEvent, reading: TimeReading) -> None:
    event.at = reading.moment
    if reading.precision != "minute":
        event.detail.setdefault("time_precision", reading.precision)
    if reading.approximate:
        event.detail.setdefault("approximate", True)


_MILESTONE_PREFIX = re.compile(r"^\*\*\[(\w+)\]\*\*\s*")
_EVENT_ITEM = re.compile(
    r"^(?:\*\*)?((?:\d{4}-\d{1,2}-\d{1,2}[ T]+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?|\d{4}-\d{1,2}-\d{1,2})(?:\*\*)?\s*(?:[-–—:|]\s*)?(.*)$",
    re.I,
)


def _event_text(raw: str) -> TimelineEvent:
    """A timeline event from its (escaped) event cell: milestone prefix, key bold, hidden data."""
    event = TimelineEvent(at=datetime.min.replace(tzinfo=UTC), text="")
    match = _MILESTONE_PREFIX.match(raw)
    if match and match.group(1).lower() in Milestone._value2member_map_:
        event.milestone = Milestone(match.group(1).lower())
        raw = raw[match.end() :]
    if len(raw) >= 4 and raw.startswith("**") and raw.endswith("**"):
        inner = raw[2:-2]
        trailing = len(inner) - len(inner.rstrip("\\"))
        if trailing % 2 == 0 and not BOLD.search(inner):
            event.key = True
            raw = inner
    event.text = inline(raw)
    return event


def _apply_event_meta(event: TimelineEvent, meta: dict[str, Any]) -> None:
    for name, value in meta.items():
        if name == "kind":
            event.kind = EventKind(value)
        elif name == "last_at":
            event.last_at = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        elif name in (
            "source",
            "actor",
            "evidence",
            "service",
            "level",
            "count",
            "template",
            "id",
            "detail",
            "action",
        ):
            setattr(event, name, value)


def _timeline_item(reader: Reader, item: ListItem, clock: Clock, unread: list[str]) -> None:
    raw, meta = take_meta(item.text)
    match = _EVENT_ITEM.match(raw)
    reading = clock.read(match.group(1)) if match else None
    if match is None or reading is None:
        reader.warn(item.line, f"could not read a time in '{unescape_plain(raw)[:60]}'")
        unread.append(f"- {inline(raw)}")
        return
    event = _event_text(match.group(2).strip())
    reader.apply_hidden(item.line, _apply_event_meta, event, meta)
    _place(event, reading)
    reader.inc.timeline.append(event)

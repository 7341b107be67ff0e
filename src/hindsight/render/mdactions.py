"""Action item sections: tables (ours, grouped Prevent/Detect/Mitigate/Learn, or any hand-written
columns) and bullet lists with checkboxes, emoji statuses, @owners and due dates."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from hindsight.domain.model import (
    ActionItem,
    ActionKind,
    ActionStatus,
    Horizon,
    Level,
    PreventionLevel,
    StatusChange,
)
from hindsight.render.markdown import ACTION_DETAILS, STATUS_LABELS
from hindsight.render.mdfields import (
    read_action_status,
    read_date,
)
from hindsight.render.mdreader import (
    HORIZON_NAMES,
    KIND_NAMES,
    Reader,
    inline,
    normalise,
    read_iso,
    year,
)
from hindsight.render.mdtext import (
    ListItem,
    Section,
    Table,
    read_list,
    read_tables,
    rows,
    split_unescaped,
    take_meta,
    unescape_plain,
)

# ---- actions -------------------------------------------------------------------------------

_ACTION_COLUMNS = {
    "number": ("#", "no", "id", "ref", "number"),
    "title": ("action", "action item", "item", "task", "description", "title", "what"),
    "owner": ("owner", "assignee", "who", "responsible", "owners"),
    "due": ("deadline", "due", "due date", "by", "target date", "eta"),
    "status": ("status", "state", "progress"),
    "verification": ("verification", "how we verify", "success criteria"),
    "ticket": ("ticket", "issue", "link", "jira", "ticket url", "tracking"),
    "kind": ("type", "kind", "category"),
    "verifier": ("verifier", "verified by"),
}


def actions_section(reader: Reader, section: Section) -> None:
    actions_from(reader, section, ActionKind.PREVENT, Horizon.SHORT_TERM)


def actions_from(reader: Reader, section: Section, kind: ActionKind, horizon: Horizon) -> None:
    tables, rest = read_tables(section.body)
    for table in tables:
        _action_table(reader, table, kind, horizon)
    items, prose = read_list(rest)
    for item in items:
        details = _DETAILS.match(item.text) if reader.ours else None
        if details:
            _action_details(reader, item.line, int(details.group(1)), details.group(2))
        else:
            _action_item(reader, item, kind, horizon)
    leftover = [(n, t) for n, t in prose if t.strip()]
    if leftover:
        reader.keep(
            f"{section.title} (notes)",
            leftover,
            leftover[0][0],
            "text among the action items that is not an action",
        )
    for child in section.children:
        name = normalise(child.title)
        if name in KIND_NAMES:
            actions_from(reader, child, KIND_NAMES[name], horizon)
        elif name in HORIZON_NAMES:
            actions_from(reader, child, kind, HORIZON_NAMES[name])
        else:
            reader.warn(
                child.line,
                f"sub-heading '{child.title}' in action items read as a group of {kind.value} actions",
            )
            actions_from(reader, child, kind, horizon)


def _action_table(reader: Reader, table: Table, kind: ActionKind, horizon: Horizon) -> None:
    cols: dict[str, int] = {}
    for i, h in enumerate(table.header):
        for name, aliases in _ACTION_COLUMNS.items():
            if normalise(h) in aliases or h.strip() in aliases:
                cols.setdefault(name, i)
    if "title" not in cols:
        cols["title"] = (
            1 if "number" in cols and cols["number"] == 0 and len(table.header) > 1 else 0
        )
    for row in rows(table, cols):
        number, meta, clean, cell = row.line, row.meta, row.cells, row.get
        item = ActionItem(
            number=0,
            title=inline(cell("title")) if not reader.ours else unescape_plain(cell("title")),
            kind=kind,
            horizon=horizon,
        )
        ref = re.search(r"\d+", unescape_plain(cell("number")))
        item.number = int(ref.group()) if ref else 0
        owner = cell("owner")
        if owner:
            item.owner = unescape_plain(owner[1:]) if owner.startswith("@") else inline(owner)
        if cell("due"):
            item.due = read_date(unescape_plain(cell("due")), default_year=year(reader))
            if item.due is None:
                reader.warn(number, f"could not read a deadline in '{unescape_plain(cell('due'))}'")
                item.title += f" (deadline: {unescape_plain(cell('due'))})"
        status_text = unescape_plain(cell("status"))
        status = _status_label(status_text)
        if status is None:
            reader.warn(
                number, f"could not read an action status in '{status_text}'; using planned"
            )
            status = ActionStatus.PLANNED
        item.status = status
        for name in ("verification", "verifier"):
            if cell(name):
                setattr(item, name, unescape_plain(cell(name)))
        if cell("ticket"):
            item.ticket_url = unescape_plain(cell("ticket"))
        if cell("kind") and normalise(unescape_plain(cell("kind"))) in KIND_NAMES:
            item.kind = KIND_NAMES[normalise(unescape_plain(cell("kind")))]
        extras = [
            f"{table.header[i]}: {inline(c)}"
            for i, c in enumerate(clean)
            if c and i not in cols.values() and i < len(table.header)
        ]
        if extras:
            item.title += " (" + "; ".join(extras) + ")"
        reader.apply_hidden(number, _apply_action_meta, item, meta)
        reader.actions.append((reader.position(meta, len(reader.actions)), item))


def _status_label(text: str) -> ActionStatus | None:
    for status, label in STATUS_LABELS.items():
        if text == label:
            return status
    return read_action_status(text) if text.strip() else ActionStatus.PLANNED


_ENUMS: dict[str, Any] = {
    "horizon": Horizon,
    "prevention_level": PreventionLevel,
    "impact": Level,
    "effort": Level,
}


def _apply_action_meta(item: ActionItem, meta: dict[str, Any]) -> None:
    """Set fields from hidden data or a details line; ValueError when an enum value is unknown."""
    for name, value in meta.items():
        if name in _ENUMS:
            setattr(item, name, _ENUMS[name](value) if value is not None else None)
        elif name in (
            "status_reason",
            "evidence",
            "verifier",
            "owner",
            "verification",
            "ticket_url",
        ):
            setattr(item, name, value)
        elif name in ("created_at", "assigned_at", "done_at", "verified_at"):
            setattr(item, name, read_iso(value))
        elif name == "history":
            item.history = [
                StatusChange(
                    at=read_iso(h["at"]) or datetime.min,
                    status=ActionStatus(h["status"]),
                    by=h.get("by"),
                    reason=h.get("reason"),
                )
                for h in value
            ]


_CHECKBOX = re.compile(r"^\[([ xX])\]\s*")
_OWNER = re.compile(
    r"(?:owner|assignee|assigned to)\s*+[:=]\s*+@?([\w.\- ]+?)(?:[,;)]|$)|(?<![\w\\])@([\w.\-]+)",
    re.I,
)
# (possessive whitespace: two adjacent `\s*` would split a long run of spaces every way)
_DUE = re.compile(r"\b(?:due|by|deadline)\s*+[:=]?\s*+(\d{4}-\d{2}-\d{2})", re.I)
_LEADING_STATUS = re.compile(
    r"^(✅|🔄|📅|🚫|☑️?|⏭️?|❌|🚧|⏳)\s*(?:(?:Done|In Progress|Planned|Blocked|Verified|Won't do)\b\s*[:\-–—]?\s*)?"
)
_TRAILING_STATUS = re.compile(
    r"\s*[\(\[]?\s*[-–—]?\s*(✅|🔄|📅|🚫|☑️?|⏭️?|❌|🚧|⏳)\s*(Done|In Progress|Planned|Blocked|Verified|Won't do)?\s*[\)\]]?\s*$",
    re.I,
)


_DETAILS = re.compile(r"^A(\d+) details — (.*)$")
_DETAIL_FIELDS = {label: name for label, name in ACTION_DETAILS}


def _action_details(reader: Reader, line: int, number: int, raw: str) -> None:
    """The details line under an action table: "Verifier: Aiko; Horizon: long_term"."""
    target = next((a for _, a in reversed(reader.actions) if a.number == number), None)
    if target is None:
        reader.warn(line, f"details for A{number}, but there is no such action in the table above")
        return
    for part in split_unescaped(raw, "; "):
        label, _, value = part.partition(":")
        name = _DETAIL_FIELDS.get(label.strip())
        if name is None:
            reader.warn(line, f"A{number} details: unknown field '{label.strip()}'")
            continue
        text = unescape_plain(value.removeprefix(" "))
        try:
            _apply_action_meta(target, {name: text})
        except ValueError:
            accepted = ", ".join(m.value for m in _ENUMS[name])
            reader.warn(
                line,
                f"A{number} details: {label.strip().lower()} '{text}' is not one of {accepted}",
            )


def _action_item(reader: Reader, item: ListItem, kind: ActionKind, horizon: Horizon) -> None:
    raw, meta = take_meta(item.text)
    action = ActionItem(number=0, title="", kind=kind, horizon=horizon)
    check = _CHECKBOX.match(raw)
    if check:
        action.status = ActionStatus.DONE if check.group(1).lower() == "x" else ActionStatus.PLANNED
        raw = raw[check.end() :]
    text = inline(raw)
    for pattern in (_LEADING_STATUS, _TRAILING_STATUS):
        match = pattern.search(text)
        if match:
            status = read_action_status(match.group(0))
            if status is not None:
                action.status = status
                text = (text[: match.start()] + text[match.end() :]).strip()
    owner = _OWNER.search(text)
    if owner:
        action.owner = (owner.group(1) or owner.group(2)).strip()
    due = _DUE.search(text)
    if due:
        action.due = read_date(due.group(1))
    ref = re.match(r"^A(\d+)[:.)]\s+", text)
    if ref:
        action.number = int(ref.group(1))
        text = text[ref.end() :]
    action.title = text
    reader.apply_hidden(item.line, _apply_action_meta, action, meta)
    reader.actions.append((reader.position(meta, len(reader.actions)), action))

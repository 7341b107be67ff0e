"""Reading a postmortem from markdown: ours exactly, hand-written ones as well as we can.

The document is split into a heading tree; each section is matched to a part of the Incident by
its heading (in any order, with common synonyms and small typos). What cannot be read becomes a
warning "file:line: …" and its text is kept where people will see it (technical details under
its own heading), never dropped.
"""

from __future__ import annotations

import difflib
import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import PurePath
from typing import Any

import yaml

from hindsight.domain.model import (
    ActionItem,
    ActionKind,
    ActionStatus,
    ContributingFactor,
    EventKind,
    FaultNode,
    FaultTree,
    Horizon,
    Impact,
    Incident,
    IncidentStatus,
    Level,
    Milestone,
    PreventionLevel,
    Reference,
    Review,
    ReviewDecision,
    StatusChange,
    TimelineEvent,
    WhyChain,
    WhyStep,
)
from hindsight.errors import InvalidInput
from hindsight.render.markdown import DECISION_LABELS, STATUS_LABELS, ParsedPostmortem
from hindsight.render.mdfields import (
    Clock,
    read_action_status,
    read_date,
    read_duration,
    read_incident_status,
    read_people,
    read_review_decision,
    read_severity,
    zone_from_note,
)
from hindsight.render.mdtext import (
    ListItem,
    Section,
    Table,
    closes,
    paragraphs,
    read_list,
    read_tables,
    split_sections,
    split_unescaped,
    take_meta,
    unescape_plain,
    unescape_prose,
)

SECTION_NAMES: dict[str, tuple[str, ...]] = {
    "summary": ("executive summary", "summary", "overview", "incident summary", "what happened", "description"),
    "impact_numbers": ("impact in numbers",),
    "impact": ("impact", "customer impact", "business impact", "user impact"),
    "timeline": ("timeline", "incident timeline", "chronology", "sequence of events"),
    "rca": ("root cause analysis", "analysis", "investigation"),
    "technical": ("technical details", "technical analysis", "technical background"),
    "whys": ("5 whys", "five whys", "whys"),
    "root_cause": ("root cause", "root causes", "cause", "trigger"),
    "factors": ("contributing factors", "contributing factor", "factors"),
    "fishbone": ("fishbone", "ishikawa"),
    "fault_trees": ("fault trees", "fault tree"),
    "resolution": ("resolution", "recovery", "mitigation", "remediation", "how it was fixed"),
    "went_well": ("what went well", "went well", "things that went well"),
    "went_wrong": ("what went wrong", "went wrong", "what went badly", "what didn't go well", "what didnt go well"),
    "preventing": ("preventing recurrence",),
    "actions": ("action items", "actions", "follow ups", "follow up actions", "followups", "corrective actions", "next steps"),
    "lessons": ("lessons learned", "lessons learnt", "lessons", "learnings", "takeaways", "key takeaways"),
    "references": ("references", "links", "supporting information", "related"),
    "signoff": ("sign off", "signoff", "reviews", "review", "approvals"),
    "attendees": ("attendees", "participants", "people involved", "responders"),
    "stats": ("stats", "statistics", "metrics"),
}  # fmt: skip
_ALL_NAMES = {name: key for key, names in SECTION_NAMES.items() for name in names}

HEADER_FIELDS: dict[str, tuple[str, ...]] = {
    "incident_id": ("incident id", "incident", "id"),
    "title": ("title",),
    "date": ("date", "incident date"),
    "started": ("start", "started", "start time", "incident start", "began"),
    "detected": ("detected", "detection", "detected at"),
    "acknowledged": ("acknowledged", "ack"),
    "mitigated": ("mitigated", "mitigation time"),
    "resolved": ("recovery", "resolved", "end", "end time", "recovered", "resolution time"),
    "duration": ("duration", "total duration", "time to recovery"),
    "severity": ("severity", "sev", "priority", "level"),
    "status": ("status",),
    "commander": ("commander", "incident commander", "ic"),
    "author": ("author", "authors", "written by", "owner"),
    "participants": ("participants", "attendees", "responders", "people"),
    "services": ("services", "affected services", "systems affected", "service"),
    "tags": ("tags", "labels"),
    "root_cause_category": ("category", "root cause category"),
    "root_cause": ("root cause",),
}  # fmt: skip
_HEADER_NAMES = {name: key for key, names in HEADER_FIELDS.items() for name in names}
_HEADER_LINE = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?([A-Za-z][\w ()/-]{0,40}?)(?::\*\*|\*\*:|:__|__:|:)\s*(.*)$")
_KIND_NAMES = {"prevent": ActionKind.PREVENT, "prevention": ActionKind.PREVENT, "detect": ActionKind.DETECT,
               "detection": ActionKind.DETECT, "mitigate": ActionKind.MITIGATE, "mitigation": ActionKind.MITIGATE,
               "learn": ActionKind.LEARN, "learning": ActionKind.LEARN, "process": ActionKind.LEARN}  # fmt: skip
_HORIZON_NAMES = {"immediate": Horizon.IMMEDIATE, "short term": Horizon.SHORT_TERM, "long term": Horizon.LONG_TERM}
_BOLD = re.compile(r"(?<!\\)\*\*(.+?)(?<!\\)\*\*")
UNCATEGORISED = "Uncategorised"


def normalise(title: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", title.lower().replace("-", " ")).split())


def section_key(title: str) -> str | None:
    """Which part of a postmortem a heading names, tolerating extra words and small typos."""
    name = normalise(re.sub(r"\(.*?\)", "", title)) or normalise(title)
    if name in _ALL_NAMES:
        return _ALL_NAMES[name]
    for alias, key in sorted(_ALL_NAMES.items(), key=lambda kv: -len(kv[0])):
        if name.startswith(alias + " ") or name.endswith(" " + alias):
            return key
    close = difflib.get_close_matches(name, list(_ALL_NAMES), n=1, cutoff=0.85)
    return _ALL_NAMES[close[0]] if close else None


def inline(raw: str) -> str:
    """Escaped inline markdown → plain text (bold markers of hand-written text dropped)."""
    return unescape_plain(_BOLD.sub(r"\1", raw)).strip()


class Reader:
    """One parse: the incident being filled in, the warnings, and what the front matter fixed."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.warnings: list[str] = []
        self.inc = Incident(id="", title="", status=IncidentStatus.DRAFTING)
        self.ours = False  # written by render_markdown: the front matter is the record
        self.fixed: set[str] = set()  # fields the front matter set
        self.header: dict[str, tuple[int, str]] = {}
        self.extra: list[str] = []  # unreadable content, kept for technical_details
        self.tz: tzinfo = UTC
        self.actions: list[tuple[int, ActionItem]] = []
        self.factors: list[tuple[int, ContributingFactor]] = []

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(f"{self.source}:{line}: {message}")

    def keep(self, heading: str, lines: list[tuple[int, str]], line: int, why: str) -> None:
        """Keep text we could not map, visibly, with a warning naming where it came from."""
        text = unescape_prose([t for _, t in lines])
        if not text.strip():
            return
        self.warn(line, f"{why}; kept under technical details as '{heading}'")
        self.extra.append(f"#### {heading}\n\n{text}")


def parse(text: str, source: str = "<file>", *, incident_id: str | None = None) -> ParsedPostmortem:
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InvalidInput(f"{source}:{line}: binary data (NUL byte); expected a UTF-8 markdown postmortem", field="file")
    reader = Reader(source)
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    start = _front_matter(reader, lines)
    tree = split_sections(lines[start:], first_line=start + 1)
    top = _top_sections(reader, tree)
    for section in top:
        _dispatch(reader, section)
    _finish(reader, incident_id)
    return ParsedPostmortem(reader.inc, reader.warnings)


# ---- front matter and header ---------------------------------------------------------------

def _front_matter(reader: Reader, lines: list[str]) -> int:
    """Read the YAML front matter; returns the index of the first body line."""
    if not lines or lines[0].strip() != "---":
        return 0
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        reader.warn(1, "front matter is not closed by '---'; read as text")
        return 0
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + (mark.line if mark else 0)
        reader.warn(line, f"front matter is not valid YAML ({getattr(exc, 'problem', exc)}); ignored")
        return end + 1
    if data is None:
        return end + 1
    if not isinstance(data, dict):
        reader.warn(2, "front matter is not a mapping of fields; ignored")
        return end + 1
    _apply_front_matter(reader, data)
    return end + 1


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _instant(reader: Reader, value: Any, name: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=value.tzinfo or UTC).astimezone(UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    reading = Clock(None).read(str(value))
    if reading is None:
        reader.warn(1, f"front matter '{name}': could not read a time in '{value}'")
        return None
    return reading.moment


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return read_people(str(value))


_FM_TIMES = {"started": "started_at", "detected": "detected_at", "acknowledged": "acknowledged_at",
             "mitigated": "mitigated_at", "resolved": "resolved_at", "created": "created_at",
             "drafted": "drafted_at", "published": "published_at", "closed": "closed_at"}  # fmt: skip
_FM_TEXTS = {"title": "title", "root_cause": "root_cause", "root_cause_category": "root_cause_category",
             "commander": "commander", "author": "author", "repeat_of": "repeat_of"}  # fmt: skip
_FM_LISTS = {"tags": "tags", "affected_services": "services", "services": "services", "participants": "participants"}
_FM_DERIVED = {"date", "duration"}


def _apply_front_matter(reader: Reader, data: dict[str, Any]) -> None:
    inc = reader.inc
    reader.ours = "incident_id" in data and "version" in data
    for key, value in data.items():
        key = str(key)
        if key == "incident_id":
            inc.id = str(value)
        elif key in _FM_TIMES:
            setattr(inc, _FM_TIMES[key], _instant(reader, value, key))
        elif key in _FM_TEXTS:
            text = _text(value)
            setattr(inc, _FM_TEXTS[key], text if text is not None or key in ("root_cause_category", "commander", "author", "repeat_of") else "")
            if key == "title" and text is None:
                inc.title = ""
        elif key in _FM_LISTS:
            setattr(inc, _FM_LISTS[key], _strings(value))
        elif key == "severity":
            sev = read_severity(str(value)) if value is not None else None
            inc.severity = str(value) if reader.ours or sev is None else sev
        elif key == "status":
            status = read_incident_status(str(value))
            if status is None:
                reader.warn(1, f"front matter 'status': unknown status '{value}'; using drafting")
            else:
                inc.status = status
        elif key == "restricted":
            inc.restricted = bool(value)
        elif key == "version":
            inc.version = int(value) if isinstance(value, int) else 0
        elif key in ("impact", "financial_impact") and value is None:
            pass
        elif key == "impact" and isinstance(value, dict):
            _apply_impact(reader, inc.impact, value)
        elif key == "financial_impact" and isinstance(value, dict):
            amount = value.get("amount")
            inc.impact.money_lost = float(amount) if amount is not None else None
            inc.impact.currency = str(value.get("currency") or "USD")
        elif key in _FM_DERIVED:
            reader.header.setdefault(key, (1, _text(value) or ""))
        else:
            reader.warn(1, f"front matter: unknown field '{key}' ({value!r}) not imported")
        reader.fixed.add(key)


def _apply_impact(reader: Reader, impact: Impact, data: dict[str, Any]) -> None:
    types = {k: type(v) for k, v in vars(Impact()).items()}
    for key, value in data.items():
        if key not in types:
            reader.warn(1, f"front matter impact: unknown field '{key}' not imported")
            continue
        setattr(impact, key, value)


def _top_sections(reader: Reader, tree: Section) -> list[Section]:
    """The sections under the title; the title's own lines are the header block."""
    preamble = list(tree.body)
    top: list[Section] = []
    titled = False
    for section in tree.children:
        if section.level == 1 and not titled and (reader.ours or section_key(section.title) is None):
            titled = True
            if "title" not in reader.fixed:
                reader.inc.title = section.title
            preamble += section.body
            top += section.children
        else:
            top.append(section)
    _header_block(reader, preamble)
    return top


def _header_block(reader: Reader, body: list[tuple[int, str]], *, warn_unknown: bool = True) -> None:
    prose: list[tuple[int, str]] = []
    for number, line in body:
        match = _HEADER_LINE.match(line)
        key = _HEADER_NAMES.get(normalise(match.group(1))) if match else None
        if match and key:
            reader.header.setdefault(key, (number, match.group(2).strip()))
        elif warn_unknown and match and line.lstrip().startswith(("**", "- **", "* **")):
            reader.warn(number, f"unknown header field '{match.group(1)}'; kept in the summary")
            prose.append((number, line))
        else:
            prose.append((number, line))
    text = unescape_prose([t for _, t in prose])
    if text.strip() and not reader.ours:
        _append(reader, "summary", text)


def _append(reader: Reader, name: str, text: str) -> None:
    current = getattr(reader.inc, name)
    if not current:
        setattr(reader.inc, name, text)
    elif text not in current:
        setattr(reader.inc, name, current + "\n\n" + text)


# ---- sections ------------------------------------------------------------------------------

def _dispatch(reader: Reader, section: Section, parent: str | None = None) -> None:
    key = section_key(section.title)
    handler = _HANDLERS.get(key or "")
    if handler is None:
        reader.keep(section.title, section.all_lines(), section.line, f"section '{section.title}' is not one Hindsight knows")
        return
    handler(reader, section)


def _children(reader: Reader, section: Section) -> None:
    for child in section.children:
        _dispatch(reader, child)


def _prose_into(name: str, fixed: str | None = None) -> Any:
    def handle(reader: Reader, section: Section) -> None:
        text = unescape_prose(section.text_lines())
        if text and not (reader.ours and fixed in reader.fixed):
            _append(reader, name, text)
        _children(reader, section)

    return handle


def _summary(reader: Reader, section: Section) -> None:
    if reader.ours:
        text = unescape_prose(section.text_lines())
        if text:
            _append(reader, "summary", text)
    else:
        _header_block(reader, section.body, warn_unknown=False)
    _children(reader, section)


def _derived(name: str) -> Any:
    """Sections we render from other fields: read by hand-written rules only when not ours."""

    def handle(reader: Reader, section: Section) -> None:
        if reader.ours:
            return
        if name == "impact":
            _impact(reader, section)
        elif name == "preventing":
            _actions_from(reader, section, ActionKind.PREVENT, Horizon.SHORT_TERM)
        else:
            reader.keep(section.title, section.all_lines(), section.line, f"'{section.title}' is drawn from the factors")

    return handle


_IMPACT_LINE = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*)?([A-Za-z ]+?)(?::\*\*|\*\*:|:)\s*(.+)$")


def _impact(reader: Reader, section: Section) -> None:
    if reader.ours:
        _children(reader, section)
        return
    imp = reader.inc.impact
    leftover: list[tuple[int, str]] = []
    for number, line in section.body:
        match = _IMPACT_LINE.match(line)
        label = normalise(match.group(1)) if match else ""
        value = match.group(2) if match else ""
        number_match = re.search(r"(\d[\d,]*(?:\.\d+)?)", value)
        figure = float(number_match.group(1).replace(",", "")) if number_match else None
        if label in ("users affected", "affected users", "customers affected") and figure is not None:
            imp.users_affected = int(figure)
            pct = re.search(r"(\d+(?:\.\d+)?)\s*%", value)
            imp.users_affected_pct = float(pct.group(1)) if pct else imp.users_affected_pct
        elif label in ("downtime",) and (d := read_duration(value)) is not None:
            imp.downtime_minutes = int(d.total_seconds() // 60)
        elif label in ("financial impact", "revenue lost", "cost", "money lost") and figure is not None:
            imp.money_lost = figure
            cur = re.search(r"\b([A-Z]{3})\b", value)
            imp.currency = cur.group(1) if cur else imp.currency
        elif label in ("support tickets", "tickets") and figure is not None:
            imp.support_tickets = int(figure)
        elif label in ("sla breached", "data loss", "customer facing"):
            setattr(imp, label.replace(" ", "_"), value.strip().lower().startswith(("y", "true")))
        elif label == "affected services":
            reader.inc.services = reader.inc.services or read_people(inline(value))
        else:
            leftover.append((number, line))
    text = unescape_prose([t for _, t in leftover])
    if text.strip():
        _append(reader, "summary", f"Impact: {text}" if "\n" not in text else f"Impact:\n\n{text}")
    _children(reader, section)


def _root_cause(reader: Reader, section: Section) -> None:
    if reader.ours:
        return
    body = []
    for number, line in section.body:
        match = re.match(r"^\s*\*\*Category:\*\*\s*(.+)$", line)
        if match:
            reader.inc.root_cause_category = reader.inc.root_cause_category or inline(match.group(1))
        else:
            body.append(line)
    text = unescape_prose(body)
    if text:
        _append(reader, "root_cause", text)
    _children(reader, section)


def _list_into(name: str) -> Any:
    def handle(reader: Reader, section: Section) -> None:
        items, rest = read_list(section.body)
        values = [inline(item.text) for item in items]
        for number, para in paragraphs(rest):
            values.append(inline(para))
            if reader.ours:
                reader.warn(number, f"text outside the list in '{section.title}' read as an item")
        for child in section.children:
            reader.warn(child.line, f"sub-heading '{child.title}' in '{section.title}' flattened into its list")
            sub, sub_rest = read_list(child.all_lines())
            values += [inline(i.text) for i in sub] + [inline(p) for _, p in paragraphs(sub_rest)]
        getattr(reader.inc, name).extend(v for v in values if v)

    return handle


# ---- timeline ------------------------------------------------------------------------------

_COLUMN_NAMES = {
    "time": ("time", "date", "when", "timestamp", "utc"),
    "text": ("event", "description", "what", "details", "message", "activity", "update", "what happened"),
    "action": ("action", "actions", "response", "action taken", "actions taken"),
    "actor": ("who", "actor", "by", "person"),
    "source": ("source",),
}


def _column(header: list[str], name: str) -> int | None:
    for i, h in enumerate(header):
        words = normalise(h)
        if words in _COLUMN_NAMES[name] or any(words.startswith(n + " ") for n in _COLUMN_NAMES[name]):
            return i
    return None


def _base_date(reader: Reader) -> date | None:
    inc = reader.inc
    if inc.started_at:
        return inc.started_at.astimezone(reader.tz).date()
    for key in ("date", "started"):
        if key in reader.header:
            reading = Clock(None, reader.tz).read(reader.header[key][1])
            if reading:
                return reading.moment.astimezone(reader.tz).date()
            found = read_date(reader.header[key][1])
            if found:
                return found
    return None


def _timeline(reader: Reader, section: Section) -> None:
    tables, rest = read_tables(section.body)
    note_zone = zone_from_note(" ".join(t for _, t in rest))
    tz = note_zone or reader.tz
    clock = Clock(_base_date(reader), tz)
    unread: list[str] = []
    for table in tables:
        header_zone = zone_from_note(" ".join(table.header))
        clock.tz = header_zone or tz
        _timeline_table(reader, table, clock, unread)
    items, prose = read_list(rest)
    for item in items:
        _timeline_item(reader, item, clock, unread)
    leftover = [(n, t) for n, t in prose if t.strip() and not re.search(r"\btimes?\b.*\b(in|are)\b", t, re.I)]
    if leftover:
        reader.keep("Timeline notes", leftover, leftover[0][0], "text in the timeline that is not an event")
    if unread:
        reader.extra.append("#### Timeline entries without a readable time\n\n" + "\n".join(unread))
    _children(reader, section)


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
        reading = clock.read(unescape_plain(cells[time_col]))
        event = _event_text(raw_text, meta)
        if action_col is not None and cells[action_col]:
            event.action = inline(cells[action_col])
        if actor_col is not None and cells[actor_col]:
            event.actor = inline(cells[actor_col]).lstrip("@")
        extras = [f"{header[i]}: {inline(c)}" for i, c in enumerate(cells) if i not in known and c and i < len(header)]
        if extras:
            event.text += " (" + "; ".join(extras) + ")"
        if reading is None:
            reader.warn(number, f"could not read a time in '{unescape_plain(cells[time_col])}'")
            unread.append(f"- {unescape_plain(cells[time_col])} — {event.text}")
            continue
        event.at = reading.moment
        if reading.day_only:
            event.detail.setdefault("time_precision", "day")
        reader.inc.timeline.append(event)


_MILESTONE_PREFIX = re.compile(r"^\*\*\[(\w+)\]\*\*\s*")
_EVENT_ITEM = re.compile(
    r"^(?:\*\*)?((?:\d{4}-\d{1,2}-\d{1,2}[ T]+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?|\d{4}-\d{1,2}-\d{1,2})(?:\*\*)?\s*(?:[-–—:|]\s*)?(.*)$",
    re.I,
)


def _event_text(raw: str, meta: dict[str, Any]) -> TimelineEvent:
    """A timeline event from its (escaped) event cell: milestone prefix, key bold, hidden data."""
    event = TimelineEvent(at=datetime.min.replace(tzinfo=UTC), text="")
    match = _MILESTONE_PREFIX.match(raw)
    if match and match.group(1).lower() in Milestone._value2member_map_:
        event.milestone = Milestone(match.group(1).lower())
        raw = raw[match.end() :]
    if len(raw) >= 4 and raw.startswith("**") and raw.endswith("**"):
        inner = raw[2:-2]
        trailing = len(inner) - len(inner.rstrip("\\"))
        if trailing % 2 == 0 and not _BOLD.search(inner):
            event.key = True
            raw = inner
    event.text = inline(raw)
    _apply_event_meta(event, meta)
    return event


def _apply_event_meta(event: TimelineEvent, meta: dict[str, Any]) -> None:
    for name, value in meta.items():
        if name == "kind":
            event.kind = EventKind(value)
        elif name == "last_at":
            event.last_at = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        elif name in ("source", "actor", "evidence", "service", "level", "count", "template", "id", "detail", "action"):
            setattr(event, name, value)


def _timeline_item(reader: Reader, item: ListItem, clock: Clock, unread: list[str]) -> None:
    raw, meta = take_meta(item.text)
    match = _EVENT_ITEM.match(raw)
    reading = clock.read(match.group(1)) if match else None
    if match is None or reading is None:
        reader.warn(item.line, f"could not read a time in '{unescape_plain(raw)[:60]}'")
        unread.append(f"- {inline(raw)}")
        return
    event = _event_text(match.group(2).strip(), meta)
    event.at = reading.moment
    if reading.day_only:
        event.detail.setdefault("time_precision", "day")
    reader.inc.timeline.append(event)


# ---- analysis ------------------------------------------------------------------------------

def _rca(reader: Reader, section: Section) -> None:
    text = unescape_prose(section.text_lines())
    if text:
        _append(reader, "technical_details", text)
    _children(reader, section)


_EVIDENCE = re.compile(r"\s*_\(evidence: ([#\d, ]*)\)_$")


def _whys(reader: Reader, section: Section) -> None:
    def chain_from(problem: str, body: list[tuple[int, str]]) -> None:
        items, rest = read_list(body)
        chain = WhyChain(problem=problem)
        for item in items:
            raw, _ = take_meta(item.text)
            evidence: list[int] = []
            match = _EVIDENCE.search(raw)
            if match:
                evidence = [int(x) for x in re.findall(r"\d+", match.group(1))]
                raw = raw[: match.start()]
            chain.steps.append(WhyStep(answer=unescape_plain(raw) if reader.ours else inline(raw), evidence=evidence))
        leftover = [(n, t) for n, t in rest if t.strip()]
        if leftover and (items or section.children):
            reader.keep(f"5 Whys: {problem}", leftover, leftover[0][0], "text in a 5 Whys chain that is not a step")
        reader.inc.why_chains.append(chain)

    items, rest = read_list(section.body)
    if items:
        intro = paragraphs(rest)
        chain_from(intro[0][1] if intro else reader.inc.title, section.body)
    for child in section.children:
        chain_from(child.title, child.all_lines())


def _factors(reader: Reader, section: Section) -> None:
    def add(category: str | None, body: list[tuple[int, str]]) -> None:
        items, rest = read_list(body)
        entries = [(i.line, i.text) for i in items] + paragraphs(rest)
        for _, raw in entries:
            raw, meta = take_meta(raw)
            text = unescape_plain(raw) if reader.ours else inline(raw)
            cat = category
            if cat is None:
                match = re.match(r"^\(([^)]+)\)\s*(.+)$", text) or re.match(r"^(People|Process|Technology|Environment|Tooling|Communication)\s*:\s*(.+)$", text, re.I)
                cat, text = (match.group(1), match.group(2)) if match else (UNCATEGORISED, text)
            position = meta.get("i", len(reader.factors))
            reader.factors.append((int(position), ContributingFactor(category=cat, text=text)))

    add(None, section.body)
    for child in section.children:
        add(child.title, child.all_lines())


def _fault_trees(reader: Reader, section: Section) -> None:
    for child in section.children:
        blocks = _code_blocks(child.body, "yaml")
        if not blocks:
            reader.keep(child.title, child.all_lines(), child.line, "fault tree without a ```yaml block")
            continue
        line, body = blocks[0]
        try:
            data = yaml.safe_load(body)
            tree = FaultTree(
                name=str(data["name"]),
                top=str(data["top"]),
                nodes=[FaultNode(**node) for node in data.get("nodes") or []],
            )
        except (yaml.YAMLError, KeyError, TypeError) as exc:
            reader.keep(child.title, child.all_lines(), line, f"fault tree is not readable ({type(exc).__name__}: {exc})")
            continue
        reader.inc.fault_trees.append(tree)


def _code_blocks(body: list[tuple[int, str]], language: str) -> list[tuple[int, str]]:
    blocks: list[tuple[int, str]] = []
    fence: str | None = None
    current: list[str] = []
    start = 0
    for number, line in body:
        if fence is None:
            match = re.match(r"^\s{0,3}(`{3,}|~{3,})\s*(\w*)", line)
            if match and match.group(2).lower() == language:
                fence, start, current = match.group(1), number, []
        elif closes(fence, line):
            blocks.append((start, "\n".join(current)))
            fence = None
        else:
            current.append(line)
    return blocks


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


def _actions(reader: Reader, section: Section) -> None:
    _actions_from(reader, section, ActionKind.PREVENT, Horizon.SHORT_TERM)


def _actions_from(reader: Reader, section: Section, kind: ActionKind, horizon: Horizon) -> None:
    tables, rest = read_tables(section.body)
    for table in tables:
        _action_table(reader, table, kind, horizon)
    items, prose = read_list(rest)
    for item in items:
        _action_item(reader, item, kind, horizon)
    leftover = [(n, t) for n, t in prose if t.strip()]
    if leftover:
        reader.keep(f"{section.title} (notes)", leftover, leftover[0][0], "text among the action items that is not an action")
    for child in section.children:
        name = normalise(child.title)
        if name in _KIND_NAMES:
            _actions_from(reader, child, _KIND_NAMES[name], horizon)
        elif name in _HORIZON_NAMES:
            _actions_from(reader, child, kind, _HORIZON_NAMES[name])
        else:
            reader.warn(child.line, f"sub-heading '{child.title}' in action items read as a group of {kind.value} actions")
            _actions_from(reader, child, kind, horizon)


def _action_table(reader: Reader, table: Table, kind: ActionKind, horizon: Horizon) -> None:
    cols: dict[str, int] = {}
    for i, h in enumerate(table.header):
        for name, aliases in _ACTION_COLUMNS.items():
            if normalise(h) in aliases or h.strip() in aliases:
                cols.setdefault(name, i)
    if "title" not in cols:
        cols["title"] = 1 if "number" in cols and cols["number"] == 0 and len(table.header) > 1 else 0
    for number, cells in table.rows:
        meta: dict[str, Any] = {}
        clean = []
        for cell in cells:
            cell, more = take_meta(cell)
            meta.update(more)
            clean.append(cell)
        clean += [""] * (len(table.header) - len(clean))

        def cell(name: str, clean: list[str] = clean) -> str:
            return clean[cols[name]] if name in cols and cols[name] < len(clean) else ""

        item = ActionItem(number=0, title=inline(cell("title")) if not reader.ours else unescape_plain(cell("title")), kind=kind, horizon=horizon)
        ref = re.search(r"\d+", unescape_plain(cell("number")))
        item.number = int(ref.group()) if ref else 0
        owner = cell("owner")
        if owner:
            item.owner = unescape_plain(owner[1:]) if owner.startswith("@") else inline(owner)
        if cell("due"):
            item.due = read_date(unescape_plain(cell("due")), default_year=_year(reader))
            if item.due is None:
                reader.warn(number, f"could not read a deadline in '{unescape_plain(cell('due'))}'")
                item.title += f" (deadline: {unescape_plain(cell('due'))})"
        status_text = unescape_plain(cell("status"))
        status = _status_label(status_text)
        if status is None:
            reader.warn(number, f"could not read an action status in '{status_text}'; using planned")
            status = ActionStatus.PLANNED
        item.status = status
        for name in ("verification", "verifier"):
            if cell(name):
                setattr(item, name, unescape_plain(cell(name)))
        if cell("ticket"):
            item.ticket_url = unescape_plain(cell("ticket"))
        if cell("kind") and normalise(unescape_plain(cell("kind"))) in _KIND_NAMES:
            item.kind = _KIND_NAMES[normalise(unescape_plain(cell("kind")))]
        extras = [f"{table.header[i]}: {inline(c)}" for i, c in enumerate(clean) if c and i not in cols.values() and i < len(table.header)]
        if extras:
            item.title += " (" + "; ".join(extras) + ")"
        _apply_action_meta(item, meta)
        reader.actions.append((int(meta.get("i", len(reader.actions))), item))


def _status_label(text: str) -> ActionStatus | None:
    for status, label in STATUS_LABELS.items():
        if text == label:
            return status
    return read_action_status(text) if text.strip() else ActionStatus.PLANNED


def _year(reader: Reader) -> int | None:
    base = _base_date(reader)
    return base.year if base else None


def _apply_action_meta(item: ActionItem, meta: dict[str, Any]) -> None:
    enums: dict[str, Any] = {"horizon": Horizon, "prevention_level": PreventionLevel, "impact": Level, "effort": Level}
    for name, value in meta.items():
        if name in enums:
            setattr(item, name, enums[name](value) if value is not None else None)
        elif name in ("status_reason", "evidence", "verifier", "owner", "verification", "ticket_url"):
            setattr(item, name, value)
        elif name in ("created_at", "assigned_at", "done_at", "verified_at"):
            setattr(item, name, _iso(value))
        elif name == "history":
            item.history = [
                StatusChange(at=_iso(h["at"]) or datetime.min, status=ActionStatus(h["status"]), by=h.get("by"), reason=h.get("reason"))
                for h in value
            ]


def _iso(value: Any) -> datetime | None:
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None


_CHECKBOX = re.compile(r"^\[([ xX])\]\s*")
_OWNER = re.compile(r"(?:owner|assignee|assigned to)\s*[:=]\s*@?([\w.\- ]+?)(?:[,;)]|$)|(?<![\w\\])@([\w.\-]+)", re.I)
_DUE = re.compile(r"\b(?:due|by|deadline)\s*[:=]?\s*(\d{4}-\d{2}-\d{2})", re.I)
_LEADING_STATUS = re.compile(r"^(✅|🔄|📅|🚫|☑️?|⏭️?|❌|🚧|⏳)\s*(?:(?:Done|In Progress|Planned|Blocked|Verified|Won't do)\b\s*[:\-–—]?\s*)?")
_TRAILING_STATUS = re.compile(r"\s*[\(\[]?\s*[-–—]?\s*(✅|🔄|📅|🚫|☑️?|⏭️?|❌|🚧|⏳)\s*(Done|In Progress|Planned|Blocked|Verified|Won't do)?\s*[\)\]]?\s*$", re.I)


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
    _apply_action_meta(action, meta)
    reader.actions.append((int(meta.get("i", len(reader.actions))), action))


# ---- references, sign-off, attendees, stats -------------------------------------------------

_LINK = re.compile(r"^\[((?:\\.|[^\\\]])*)\]\(<((?:\\.|[^\\>])*)>\)$|^\[((?:\\.|[^\\\]])*)\]\((\S*)\)$")
_URL = re.compile(r"<?(https?://[^\s>]+)>?")


def _references(reader: Reader, section: Section) -> None:
    items, rest = read_list(section.body)
    entries = [(i.line, i.text) for i in items] + paragraphs(rest)
    for number, raw in entries:
        match = _LINK.match(raw.strip())
        if match:
            label, url = (match.group(1), match.group(2)) if match.group(2) is not None else (match.group(3), match.group(4))
            reader.inc.references.append(Reference(label=unescape_plain(label), url=unescape_plain(url)))
            continue
        url_match = _URL.search(raw)
        if url_match:
            label = inline(raw[: url_match.start()]).rstrip(" :-–—") or url_match.group(1)
            reader.inc.references.append(Reference(label=label, url=url_match.group(1)))
            continue
        reader.warn(number, f"reference without a link: '{inline(raw)[:60]}'; kept with an empty URL")
        reader.inc.references.append(Reference(label=inline(raw), url=""))
    _children(reader, section)


def _sign_off(reader: Reader, section: Section) -> None:
    tables, rest = read_tables(section.body)
    for table in tables:
        col = {h: i for i, h in enumerate(normalise(h) for h in table.header)}
        for number, cells in table.rows:
            meta: dict[str, Any] = {}
            clean = []
            for cell in cells:
                cell, more = take_meta(cell)
                meta.update(more)
                clean.append(cell)
            clean += [""] * (len(table.header) - len(clean))

            def get(name: str, clean: list[str] = clean) -> str:
                return clean[col[name]] if name in col and col[name] < len(clean) else ""

            decision = _decision(get("decision"))
            if decision is None:
                reader.warn(number, f"could not read a review decision in '{unescape_plain(get('decision'))}'; using pending")
                decision = ReviewDecision.PENDING
            meeting = get("meeting") or get("date")
            review = Review(
                reviewer=unescape_plain(get("reviewer")),
                role=unescape_plain(get("role")) or None,
                decision=decision,
                comment=unescape_plain(get("comment")) or None,
                meeting_date=read_date(unescape_plain(meeting)) if meeting else None,
                attendees=[unescape_plain(a.strip()) for a in split_unescaped(get("attendees"), ",")] if get("attendees") else [],
                recording_url=unescape_plain(get("recording")) or None,
            )
            for name, value in meta.items():
                setattr(review, name, value)
            reader.inc.reviews.append(review)
    leftover = [(n, t) for n, t in rest if t.strip()]
    if leftover:
        reader.keep(section.title, leftover, leftover[0][0], "sign-off text that is not a review table")


def _decision(raw: str) -> ReviewDecision | None:
    text = unescape_plain(raw)
    for decision, label in DECISION_LABELS.items():
        if text == label:
            return decision
    return read_review_decision(text)


def _attendees(reader: Reader, section: Section) -> None:
    items, rest = read_list(section.body)
    names = []
    for text in [i.text for i in items] + [p for _, p in paragraphs(rest)]:
        names += read_people(inline(text))
    reader.inc.participants += [n for n in names if n not in reader.inc.participants]


def _stats(reader: Reader, section: Section) -> None:
    items, rest = read_list(section.body)
    leftover: list[tuple[int, str]] = []
    for item in items:
        match = re.match(r"^(.+?):\s*(.*)$", inline(item.text))
        label = normalise(match.group(1)) if match else ""
        value = match.group(2).strip() if match else ""
        if label == "category":
            if value and value.lower() not in ("xxx", "n/a"):
                tag = "-".join(normalise(value).split())
                reader.inc.tags += [tag] if tag not in reader.inc.tags else []
                category = "_".join(normalise(value).split())
                if category in _ROOT_CATEGORIES and not reader.inc.root_cause_category:
                    reader.inc.root_cause_category = category
        elif label in ("time to detection", "time to detect", "ttd", "time to recovery", "time to recover", "ttr", "time to resolve"):
            key = "ttd" if "detect" in label or label == "ttd" else "ttr"
            if value.strip(" ?.").lower() in ("", "n/a", "na", "unknown", "yyy", "zzz"):
                continue
            duration = read_duration(value)
            if duration is None:
                reader.warn(item.line, f"could not read a duration in '{value}'")
                leftover.append((item.line, f"- {item.text}"))
            else:
                reader.header.setdefault(key, (item.line, str(int(duration.total_seconds()))))
        else:
            leftover.append((item.line, f"- {item.text}"))
    leftover += [(n, t) for n, t in rest if t.strip()]
    if leftover:
        reader.keep(section.title, leftover, leftover[0][0], "stats Hindsight does not track")


from hindsight.domain.model import ROOT_CAUSE_CATEGORIES as _ROOT_CATEGORIES  # noqa: E402

_HANDLERS: dict[str, Any] = {
    "summary": _summary,
    "impact_numbers": _derived("impact"),
    "impact": _impact,
    "timeline": _timeline,
    "rca": _rca,
    "technical": _prose_into("technical_details"),
    "whys": _whys,
    "root_cause": _root_cause,
    "factors": _factors,
    "fishbone": _derived("fishbone"),
    "fault_trees": _fault_trees,
    "resolution": _prose_into("resolution"),
    "went_well": _list_into("went_well"),
    "went_wrong": _list_into("went_wrong"),
    "preventing": _derived("preventing"),
    "actions": _actions,
    "lessons": _list_into("lessons"),
    "references": _references,
    "signoff": _sign_off,
    "attendees": _attendees,
    "stats": _stats,
}


# ---- finishing -----------------------------------------------------------------------------

def _finish(reader: Reader, incident_id: str | None) -> None:
    inc = reader.inc
    inc.factors = [f for _, f in sorted(reader.factors, key=lambda p: p[0])]
    actions = [a for _, a in sorted(reader.actions, key=lambda p: p[0])]
    used: set[int] = set()
    for item in actions:
        if item.number <= 0 or item.number in used:
            item.number = max(used, default=0) + 1
        used.add(item.number)
    inc.actions = actions
    if not reader.ours:
        _header_fields(reader)
    if reader.extra:
        _append(reader, "technical_details", "\n\n".join(reader.extra))
    if incident_id:
        inc.id = incident_id
    elif not inc.id:
        day = inc.started_at.date() if inc.started_at else _base_date(reader)
        inc.id = f"INC-{day.isoformat()}" if day else "INC-UNDATED"
        if day is None:
            reader.warn(1, "no date found for the incident id; using INC-UNDATED (pass an id to override)")
    if not inc.title:
        inc.title = PurePath(reader.source).stem if reader.source != "<file>" else inc.id


def _header_fields(reader: Reader) -> None:
    """Hand-written header lines (`**Start:** …`) and stats fill what front matter did not."""
    inc, header = reader.inc, reader.header
    tz = reader.tz
    base = _base_date(reader)
    for key, attr in (("started", "started_at"), ("detected", "detected_at"), ("acknowledged", "acknowledged_at"),
                      ("mitigated", "mitigated_at"), ("resolved", "resolved_at")):  # fmt: skip
        if key in header and key not in reader.fixed:
            number, value = header[key]
            reading = Clock(base, tz).read(unescape_plain(value))
            if reading is None:
                reader.warn(number, f"could not read a time in '{value}'")
            else:
                setattr(inc, attr, reading.moment)
    if inc.started_at is None and inc.timeline:
        first = min(inc.timeline, key=lambda e: e.at)
        inc.started_at = first.at
        reader.warn(header.get("date", (1, ""))[0], f"no start time given; using the first timeline entry ({first.at:%Y-%m-%d %H:%M} UTC)")
    start = inc.started_at
    for key, attr in (("ttd", "detected_at"), ("ttr", "resolved_at"), ("duration", "resolved_at")):
        if key in header and start and getattr(inc, attr) is None:
            number, value = header[key]
            delta = timedelta(seconds=int(value)) if value.isdigit() and key != "duration" else read_duration(value)
            if delta is None:
                reader.warn(number, f"could not read a duration in '{value}'")
            else:
                setattr(inc, attr, start + delta)
    for key in ("commander", "author", "root_cause_category"):
        if key in header and key not in reader.fixed:
            setattr(inc, key, inline(header[key][1]).lstrip("@") or None)
    if "title" in header and "title" not in reader.fixed:
        inc.title = inline(header["title"][1])
    if "incident_id" in header and not inc.id:
        inc.id = inline(header["incident_id"][1])
    if "root_cause" in header and not inc.root_cause:
        inc.root_cause = inline(header["root_cause"][1])
    for key, attr in (("participants", "participants"), ("services", "services"), ("tags", "tags")):
        if key in header and key not in reader.fixed:
            values = read_people(inline(header[key][1]))
            setattr(inc, attr, list(dict.fromkeys(getattr(inc, attr) + values)))
    if "severity" in header and "severity" not in reader.fixed:
        number, value = header["severity"]
        sev = read_severity(inline(value))
        if sev is None:
            reader.warn(number, f"could not read a severity in '{value}'; expected P0-P3, SEV0-SEV3 or critical/high/medium/low")
        else:
            inc.severity = sev
    elif "severity" not in reader.fixed:
        reader.warn(1, "no severity given; assumed P2")
    if "status" in header and "status" not in reader.fixed:
        number, value = header["status"]
        status = read_incident_status(inline(value))
        if status is None:
            reader.warn(number, f"could not read a status in '{value}'; using drafting")
        else:
            inc.status = status


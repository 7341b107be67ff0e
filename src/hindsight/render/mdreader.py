"""Shared state and helpers of one markdown parse: the Reader (incident being filled, warnings,
text kept for technical details) and the heading vocabulary."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from hindsight.domain.model import (
    ActionItem,
    ActionKind,
    ContributingFactor,
    Horizon,
    Incident,
    IncidentStatus,
)
from hindsight.render.mdfields import (
    Clock,
    read_date,
)
from hindsight.render.mdtext import (
    Section,
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
HEADER_NAMES = {name: key for key, names in HEADER_FIELDS.items() for name in names}
HEADER_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?([A-Za-z][\w ()/-]{0,40}?)(?::\*\*|\*\*:|:__|__:|:)\s*(.*)$"
)
KIND_NAMES = {"prevent": ActionKind.PREVENT, "prevention": ActionKind.PREVENT, "detect": ActionKind.DETECT,
               "detection": ActionKind.DETECT, "mitigate": ActionKind.MITIGATE, "mitigation": ActionKind.MITIGATE,
               "learn": ActionKind.LEARN, "learning": ActionKind.LEARN, "process": ActionKind.LEARN}  # fmt: skip
HORIZON_NAMES = {
    "immediate": Horizon.IMMEDIATE,
    "short term": Horizon.SHORT_TERM,
    "long term": Horizon.LONG_TERM,
}
BOLD = re.compile(r"(?<!\\)\*\*(.+?)(?<!\\)\*\*")
UNCATEGORISED = "Uncategorised"


def normalise(title: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", title.lower().replace("-", " ")).split())


def section_key(title: str) -> str | None:
    """Which part of a postmortem a heading names, tolerating extra words and small typos."""
    name = normalise(re.sub(r"\([^()]*\)", "", title)) or normalise(title)
    if name in _ALL_NAMES:
        return _ALL_NAMES[name]
    for alias, key in sorted(_ALL_NAMES.items(), key=lambda kv: -len(kv[0])):
        if name.startswith(alias + " ") or name.endswith(" " + alias):
            return key
    close = difflib.get_close_matches(name, list(_ALL_NAMES), n=1, cutoff=0.85)
    return _ALL_NAMES[close[0]] if close else None


def inline(raw: str) -> str:
    """Escaped inline markdown → plain text (bold markers of hand-written text dropped)."""
    return unescape_plain(BOLD.sub(r"\1", raw)).strip()


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
        self.exact: list[dict[str, Any]] = []  # front matter "exact": strings markdown cannot show
        self.views: list[
            tuple[int, str, str]
        ] = []  # (line, view, text) of derived parts, ours only
        self.dispatch: Callable[[Reader, Section], None] = lambda reader, section: None

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(f"{self.source}:{line}: {message}")

    def apply_hidden(
        self,
        line: int,
        apply: Callable[[Any, dict[str, Any]], None],
        target: Any,
        data: dict[str, Any],
    ) -> None:
        """Apply a row's hidden `<!--hs …-->` data; damaged data is reported, the row kept."""
        if not data:
            return
        try:
            apply(target, data)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            self.warn(
                line, f"hidden row data could not be read ({type(exc).__name__}: {exc}); ignored"
            )

    @staticmethod
    def position(meta: dict[str, Any], default: int) -> int:
        """Where a grouped row stood in the original list (hidden "i"), else `default`."""
        value = meta.get("i")
        return value if isinstance(value, int) and not isinstance(value, bool) else default

    def keep(self, heading: str, lines: list[tuple[int, str]], line: int, why: str) -> None:
        """Keep text we could not map, visibly, with a warning naming where it came from."""
        text = unescape_prose([t for _, t in lines])
        if not text.strip():
            return
        self.warn(line, f"{why}; kept under technical details as '{heading}'")
        self.extra.append(f"#### {heading}\n\n{text}")


def append(reader: Reader, name: str, text: str) -> None:
    current = getattr(reader.inc, name)
    if not current:
        setattr(reader.inc, name, text)
    elif text not in current:
        setattr(reader.inc, name, current + "\n\n" + text)


def base_date(reader: Reader) -> date | None:
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


def year(reader: Reader) -> int | None:
    base = base_date(reader)
    return base.year if base else None


def read_iso(value: Any) -> datetime | None:
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None


def children(reader: Reader, section: Section) -> None:
    """Hand each sub-section to the parser's dispatcher (sections nest in any order)."""
    for child in section.children:
        reader.dispatch(reader, child)


def prose(reader: Reader, section: Section) -> str:
    """A prose section's text (sub-headings of level 4-6 included, as written); its structural
    sub-sections go to the dispatcher."""
    lines, structure = section.prose_lines()
    for child in structure:
        reader.dispatch(reader, child)
    return unescape_prose([text for _, text in lines])

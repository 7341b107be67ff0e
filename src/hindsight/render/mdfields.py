"""Readers for the values people write in postmortems by hand: times ("22:47 UTC", "2021-12-10
15:40"), dates, action statuses ("✅ Done"), severities ("SEV1", "High"), owners ("@alice").

Each reader returns None when it cannot read the value; the caller turns that into a warning
with the file and line, so nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from dateutil import parser as dateparser

from hindsight.domain.model import ActionStatus, IncidentStatus, ReviewDecision
from hindsight.errors import InvalidInput
from hindsight.timeutil import parse_duration, zone

ZONE_ABBREVIATIONS = {
    "UTC": "UTC", "GMT": "UTC", "Z": "UTC",
    "CET": "CET", "CEST": "CET", "BST": "Europe/London",
    "EST": "America/New_York", "EDT": "America/New_York",
    "CST": "America/Chicago", "CDT": "America/Chicago",
    "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
}  # fmt: skip


def read_zone(name: str) -> tzinfo | None:
    """A zone from an abbreviation people write ("CET", "PST") or an IANA name; None if unknown."""
    name = name.strip()
    try:
        return zone(ZONE_ABBREVIATIONS.get(name.upper(), name))
    except InvalidInput:
        return None


# (bounded gap: an unbounded one rescans to the end of the text from every "time" — quadratic)
_ZONE_IN_TEXT = re.compile(
    r"\b(?:times?|time zone|timezone)\b[^.|]{0,200}?\b(?:in|are)\s+([A-Za-z_/]+)", re.I
)
_ZONE_IN_HEADER = re.compile(r"\b(UTC|GMT|CET|CEST|BST|[ECP][SD]T)\b|\(([A-Za-z_/]+)\)", re.I)


def zone_from_note(text: str) -> tzinfo | None:
    """The zone named in "All times in CET." or a column header "Time (UTC)"."""
    match = _ZONE_IN_TEXT.search(text)
    if match and (tz := read_zone(match.group(1))) is not None:
        return tz
    match = _ZONE_IN_HEADER.search(text)
    if match:
        return read_zone(match.group(1) or match.group(2))
    return None


@dataclass
class TimeReading:
    """A clock reading: `moment` in UTC; `precision` is "day" or "hour" when the text left the
    clock time out ("2019-12-03 --:--", "14:??"); `approximate` for "~19:30"."""

    moment: datetime
    precision: str = "minute"
    approximate: bool = False

    @property
    def day_only(self) -> bool:
        return self.precision == "day"


_FULL = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(.*)"
)
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?\s*(.*)", re.I)


class Clock:
    """Reads timeline times in document order: a time without a date takes the current date (from
    the header or the previous row) and rolls past midnight when it goes backwards."""

    def __init__(self, base: date | None, tz: tzinfo = UTC) -> None:
        self.day = base
        self.tz = tz
        self.last: datetime | None = None

    def read(self, raw: str) -> TimeReading | None:
        text = re.sub(r"\s+", " ", re.sub(r"[*_`]", "", raw)).strip()
        approximate = bool(re.match(r"^(~|≈|approx|ca\.|about\b)", text, re.I)) or text.endswith(
            "~"
        )
        text = re.sub(
            r"^(?:~|≈|approx\.?|approximately|ca\.|about)\s*|~$", "", text, flags=re.I
        ).strip()
        span = re.fullmatch(r"(.*?\d{1,2}:\d{2})\s*[-–]\s*\d{1,2}:(?:\d{2}|\?\?)", text)
        text = span.group(1) if span else text
        precision = "minute"
        hour = re.fullmatch(r"(.*\d{4}-\d{1,2}-\d{1,2} \d{1,2}):\?\?", text)
        if hour:
            text, precision = hour.group(1) + ":00", "hour"
        reading = self._read(text)
        if reading is not None:
            reading.approximate = approximate
            if precision == "hour":
                reading.precision = precision
        return reading

    def _read(self, text: str) -> TimeReading | None:
        if not text:
            return None
        full = _FULL.fullmatch(text)
        if full:
            y, mo, d, h, mi, s, frac, rest = full.groups()
            tz = self._zone(rest) if h is not None else self.tz
            if tz is None:
                return None
            try:
                day = date(int(y), int(mo), int(d))
            except ValueError:
                return None
            if h is None:
                if re.sub(r"(?i)hh|mm|[-:?]", "", rest).strip():  # "2019-12-03 --:--" / "HH:mm"
                    return None
                self.day = day
                moment = datetime.combine(day, time(), self.tz).astimezone(UTC)
                return TimeReading(moment, precision="day")
            try:
                clock = time(int(h), int(mi), int(s or 0), int((frac or "0").ljust(6, "0")))
            except ValueError:
                return None
            return self._take(datetime.combine(day, clock, tz))
        clock_match = _CLOCK.fullmatch(text)
        if clock_match:
            h, mi, s, half, rest = clock_match.groups()
            tz = self._zone(rest)
            hour = int(h)
            if half:
                hour = hour % 12 + (12 if half.lower().startswith("p") else 0)
            if tz is None or self.day is None or hour > 23 or int(mi) > 59:
                return None
            candidate = datetime.combine(self.day, time(hour, int(mi), int(s or 0)), tz)
            if self.last is not None and candidate.astimezone(UTC) < self.last:
                candidate += timedelta(days=1)
            return self._take(candidate)
        try:
            default = datetime.combine(self.day or date(1900, 1, 1), time())
            parsed = dateparser.parse(text, default=default)
        except (ValueError, OverflowError):
            return None
        if parsed.year == 1900:
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=self.tz)
        return self._take(parsed)

    def _zone(self, rest: str) -> tzinfo | None:
        rest = rest.strip()
        if not rest:
            return self.tz
        return read_zone(rest)

    def _take(self, moment: datetime) -> TimeReading:
        moment = moment.astimezone(UTC)
        self.last = moment
        self.day = moment.astimezone(self.tz).date()
        return TimeReading(moment)


def read_date(raw: str, *, default_year: int | None = None) -> date | None:
    """A deadline or meeting date: ISO, "Dec 20", "20 December 2025", "2025/12/20"."""
    text = re.sub(r"[*_`]", "", raw).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        base = datetime(default_year or datetime.now(UTC).year, 1, 1)
        return dateparser.parse(text, default=base, dayfirst=True).date()
    except (ValueError, OverflowError):
        return None


def read_duration(raw: str) -> timedelta | None:
    """ "4 hours 28 minutes", "4h 28min", "88 minutes [^3]", "20 hours 20 minutes." → timedelta."""
    text = re.sub(r"\[\^?\w+\]|[*_`]", "", raw).strip().rstrip(".").strip()
    text = re.sub(r"\b(\d+)\s*(?:mins?)\b", r"\1 min", text)
    try:
        return parse_duration(text)
    except InvalidInput:
        return None


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9']+", " ", text.lower().replace("’", "'")).split())


_STATUS_WORDS: list[tuple[ActionStatus, tuple[str, ...]]] = [
    (
        ActionStatus.WONT_DO,
        (
            "won't do",
            "wont do",
            "will not do",
            "cancelled",
            "canceled",
            "dropped",
            "rejected",
            "wontfix",
        ),
    ),
    (ActionStatus.VERIFIED, ("verified",)),
    (ActionStatus.IN_PROGRESS, ("in progress", "wip", "ongoing", "started", "doing", "in review")),
    (ActionStatus.BLOCKED, ("blocked", "on hold", "stuck")),
    (
        ActionStatus.DONE,
        ("done", "complete", "completed", "closed", "fixed", "finished", "resolved", "merged"),
    ),
    (
        ActionStatus.PLANNED,
        ("planned", "todo", "to do", "open", "not started", "new", "backlog", "pending"),
    ),
]
_STATUS_EMOJI = {
    "✅": ActionStatus.DONE, "✔": ActionStatus.DONE, "☑": ActionStatus.VERIFIED,
    "🔄": ActionStatus.IN_PROGRESS, "🚧": ActionStatus.IN_PROGRESS, "⏳": ActionStatus.IN_PROGRESS,
    "📅": ActionStatus.PLANNED, "📝": ActionStatus.PLANNED, "⬜": ActionStatus.PLANNED,
    "🚫": ActionStatus.BLOCKED, "⛔": ActionStatus.BLOCKED, "🛑": ActionStatus.BLOCKED,
    "⏭": ActionStatus.WONT_DO, "❌": ActionStatus.WONT_DO,
}  # fmt: skip


def read_action_status(raw: str) -> ActionStatus | None:
    """ "✅ Done", "🔄 In Progress", "planned", "[x]" → status; None when unreadable."""
    words = _words(raw)
    for status, names in _STATUS_WORDS:
        if words in names:
            return status
    for status, names in _STATUS_WORDS:
        if any(re.search(rf"\b{re.escape(n)}\b", words) for n in names):
            return status
    for mark, status in _STATUS_EMOJI.items():
        if mark in raw:
            return status
    if raw.strip().lower() in ("[x]", "x"):
        return ActionStatus.DONE
    return None


def read_review_decision(raw: str) -> ReviewDecision | None:
    words = _words(raw)
    if "approv" in words or "✅" in raw:
        return ReviewDecision.APPROVED
    if "change" in words or "reject" in words:
        return ReviewDecision.CHANGES_REQUESTED
    if "pending" in words or not words:
        return ReviewDecision.PENDING
    return None


_SEVERITY_WORDS = {
    "critical": "P0",
    "major": "P1",
    "high": "P1",
    "medium": "P2",
    "moderate": "P2",
    "minor": "P3",
    "low": "P3",
}


def read_severity(raw: str) -> str | None:
    """ "P1", "SEV1", "Sev 2", "S1", "High" → "P0".."P3"; None when unreadable."""
    text = raw.strip().lower()
    match = re.match(r"(?:p|sev|severity|s)[\s\-_]*([0-4])\b", text)
    if match:
        return f"P{min(int(match.group(1)), 3)}"
    for word, key in _SEVERITY_WORDS.items():
        if re.search(rf"\b{word}\b", text):
            return key
    return None


_INCIDENT_STATUS = {
    "draft": IncidentStatus.DRAFTING, "drafting": IncidentStatus.DRAFTING,
    "in review": IncidentStatus.IN_REVIEW, "review": IncidentStatus.IN_REVIEW,
    "published": IncidentStatus.PUBLISHED, "final": IncidentStatus.PUBLISHED,
    "complete": IncidentStatus.PUBLISHED, "closed": IncidentStatus.CLOSED,
    "resolved": IncidentStatus.RESOLVED, "mitigated": IncidentStatus.MITIGATED,
    "open": IncidentStatus.OPEN, "ongoing": IncidentStatus.OPEN,
}  # fmt: skip


def read_incident_status(raw: str) -> IncidentStatus | None:
    words = _words(raw).replace("_", " ")
    if words.replace(" ", "_") in IncidentStatus._value2member_map_:
        return IncidentStatus(words.replace(" ", "_"))
    return _INCIDENT_STATUS.get(words)


def read_people(raw: str) -> list[str]:
    """ "RF, PW and @alice" → ["RF", "PW", "alice"]."""
    parts = re.split(r",|;|\band\b|&", raw)
    return [p.strip().lstrip("@").strip() for p in parts if p.strip().lstrip("@").strip()]

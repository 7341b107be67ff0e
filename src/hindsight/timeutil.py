"""Parsing and formatting of instants, dates and durations as SREs write them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hindsight.errors import InvalidInput

INSTANT_FORMATS = "ISO-8601 (2025-12-15T22:47:00Z, 2025-12-15 22:47 +01:00) or epoch seconds"
DATE_FORMATS = "YYYY-MM-DD, or a relative form: today, +7d, +2w"


def zone(name: str | None) -> tzinfo:
    """A time zone by IANA name ("Europe/Paris") or "UTC"."""
    if not name or name.upper() in {"UTC", "Z"}:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(
            f"unknown time zone {name!r}; use an IANA name such as Europe/Paris", field="tz"
        ) from exc


_FALLBACK_FORMATS = (
    "%Y-%m-%d %H:%M %z",
    "%Y-%m-%d %H:%M:%S %z",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
)


def parse_instant(text: str | datetime, *, tz: tzinfo = UTC, field: str = "time") -> datetime:
    """An aware UTC datetime from ISO-8601 or epoch seconds; naive values are read in `tz`."""
    if isinstance(text, datetime):
        moment = text
    else:
        raw = text.strip()
        if re.fullmatch(r"\d{9,10}(\.\d+)?", raw):
            return datetime.fromtimestamp(float(raw), UTC)
        cleaned = raw.replace(" UTC", "Z").replace("Z", "+00:00")
        parsed: datetime | None = None
        try:
            parsed = datetime.fromisoformat(cleaned)
        except ValueError:
            for fmt in _FALLBACK_FORMATS:
                try:
                    parsed = datetime.strptime(cleaned, fmt)
                    break
                except ValueError:
                    continue
        if parsed is None:
            raise InvalidInput(
                f'{field}: "{text}" is not a time; expected {INSTANT_FORMATS}', field=field
            )
        moment = parsed
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC)


def parse_date(text: str | date, *, today: date | None = None, field: str = "due") -> date:
    if isinstance(text, date):
        return text
    raw = text.strip().lower()
    base = today or datetime.now(UTC).date()
    if raw == "today":
        return base
    if raw == "tomorrow":
        return base + timedelta(days=1)
    rel = re.fullmatch(r"\+(\d+)\s*([dw])", raw)
    if rel:
        amount = int(rel.group(1)) * (7 if rel.group(2) == "w" else 1)
        return base + timedelta(days=amount)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(
            f'{field}: "{text}" is not a date; expected {DATE_FORMATS}', field=field
        ) from None


_UNIT_SECONDS = {
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    "d": 86400, "day": 86400, "days": 86400,
    "w": 604800, "week": 604800, "weeks": 604800,
}  # fmt: skip
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")


def parse_duration(text: str, *, field: str = "duration") -> timedelta:
    """'4 hours 28 minutes', '4h 28min', '+3m', '-90s', '1:30' (h:mm) → timedelta."""
    try:
        return _parse_duration(text, field)
    except (OverflowError, ValueError):  # more days than a timedelta holds, or 4,300+ digits
        raise InvalidInput(
            f'{field}: "{text[:40]}" is too long a duration to be meant', field=field
        ) from None


def _parse_duration(text: str, field: str) -> timedelta:
    raw = text.strip().lower().replace(",", " ").replace(" and ", " ")
    sign = -1 if raw.startswith("-") else 1
    raw = raw.lstrip("+-").strip()
    clock = re.fullmatch(r"(\d+):(\d{2})(?::(\d{2}))?", raw)
    if clock:
        h, m, s = int(clock.group(1)), int(clock.group(2)), int(clock.group(3) or 0)
        return sign * timedelta(hours=h, minutes=m, seconds=s)
    total, pos = 0.0, 0
    for match in _DURATION_PART.finditer(raw):
        if raw[pos : match.start()].strip():
            break
        unit = match.group(2)
        if unit not in _UNIT_SECONDS:
            break
        total += float(match.group(1)) * _UNIT_SECONDS[unit]
        pos = match.end()
    else:
        if pos and not raw[pos:].strip():
            return sign * timedelta(seconds=total)
    raise InvalidInput(
        f'{field}: "{text}" is not a duration; expected e.g. "4h 28min", "4 hours 28 minutes", "+3m"',
        field=field,
    )


def format_duration(delta: timedelta | float | int | None) -> str:
    """A short human duration: '4h 28m', '12m', '3d 2h'. Seconds are dropped past an hour."""
    if delta is None:
        return "—"
    seconds = int(delta.total_seconds() if isinstance(delta, timedelta) else delta)
    if seconds < 0:
        return "-" + format_duration(-seconds)
    days, rem = divmod(seconds, 86400)
    hours, rem = divmod(rem, 3600)
    minutes, secs = divmod(rem, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    if minutes:
        return f"{minutes}m {secs}s" if secs and minutes < 10 else f"{minutes}m"
    return f"{secs}s"


def iso(moment: datetime | None) -> str | None:
    """ISO-8601 in UTC with a Z, seconds precision unless there are sub-seconds."""
    if moment is None:
        return None
    moment = moment.astimezone(UTC)
    text = moment.isoformat()
    return text.replace("+00:00", "Z")


def shown_time(moment: datetime | None) -> str:
    """An instant as people read it: ISO-8601 UTC to the second ("2025-12-15T22:49:10Z"), "—"
    when unknown. Sub-seconds stay in the stored value and in JSON (`iso`), not on screen."""
    if moment is None:
        return "—"
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def format_lateness(hours: float) -> str:
    """How late, in the unit a person would say: "5 h" up to two days, then "351 days"."""
    if hours < 48:
        return f"{round(hours)} h"
    return f"{round(hours / 24)} days"

"""Reading the many ways logs write an instant, fast: results are epoch seconds (UTC floats).

Naive times are read in the zone given (`--tz`); epoch numbers are told apart by magnitude
(seconds, milliseconds, microseconds, nanoseconds). The ISO fast path caches the hour prefix,
so a million lines of `2025-12-15T22:47:03.123Z` cost one `datetime` per hour.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo

MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}
YEAR_2000 = 946684800.0
_FUTURE_MARGIN = 2 * 86400.0

_hour_cache: dict[tuple[str, tzinfo], float] = {}


def epoch_from_number(value: float) -> float:
    """Epoch seconds from a number in seconds, ms, µs or ns (told apart by magnitude)."""
    magnitude = abs(value)
    if magnitude >= 1e17:
        return value / 1e9
    if magnitude >= 1e14:
        return value / 1e6
    if magnitude >= 1e11:
        return value / 1e3
    return float(value)


_NUMERIC = re.compile(r"-?\d+(\.\d+)?")


def parse_time(value: object, tz: tzinfo = UTC) -> float | None:
    """Epoch seconds from an epoch number (or numeric string) or ISO-8601 text; None if neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return epoch_from_number(value)
    if not isinstance(value, str) or not value:
        return None
    if value[0].isdigit() and len(value) >= 16 and value[4] == "-":
        return iso_epoch(value, tz)
    if _NUMERIC.fullmatch(value):
        return epoch_from_number(float(value))
    return iso_epoch(value, tz)


def iso_epoch(text: str, tz: tzinfo = UTC) -> float | None:
    """ISO-8601 ('2025-12-15T22:47:03.123Z', '2025-12-15 22:47:03,123', '+01:00') → epoch."""
    if (
        len(text) >= 19
        and text[13] == ":"
        and text[16] == ":"
        and (text[-1] == "Z" or (len(text) > 19 and text[19] in ".,"))
    ):
        zulu = text[-1] == "Z"
        rest = text[17:-1] if zulu else text[17:]
        if zulu or rest.replace(",", "").replace(".", "").isdigit():
            zone = UTC if zulu else tz
            cache_key = (text[:13], zone)
            base = _hour_cache.get(cache_key)
            if base is None:
                try:
                    base = datetime(
                        int(text[0:4]),
                        int(text[5:7]),
                        int(text[8:10]),
                        int(text[11:13]),
                        tzinfo=zone,
                    ).timestamp()
                except ValueError:
                    return None
                if len(_hour_cache) > 100_000:
                    _hour_cache.clear()
                _hour_cache[cache_key] = base
            try:
                return base + int(text[14:16]) * 60 + float(rest.replace(",", "."))
            except ValueError:
                return None
    cleaned = text.strip().replace(",", ".")
    if cleaned.endswith("Z"):
        cleaned = cleaned[:-1] + "+00:00"
    cleaned = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", cleaned)
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.timestamp()


def naive_epoch(
    year: int, month: int, day: int, hour: int, minute: int, second: float, tz: tzinfo
) -> float:
    whole = int(second)
    moment = datetime(year, month, day, hour, minute, whole, tzinfo=tz)
    return moment.timestamp() + (second - whole)


def to_datetime(epoch: float) -> datetime:
    """An aware UTC datetime, microsecond precision."""
    return datetime.fromtimestamp(epoch, UTC)


def implausible(epoch: float, now: float) -> str | None:
    """Why a time cannot be right ('before 2000', 'in the future'), or None."""
    if epoch < YEAR_2000:
        return "before 2000"
    if epoch > now + _FUTURE_MARGIN:
        return "in the future"
    return None

"""The incident's record in a markdown file: YAML front matter (authoritative in files we
render) and `**Field:** value` header lines (what hand-written files use)."""

from __future__ import annotations

import math
import typing
from datetime import UTC, date, datetime, timedelta
from typing import Any

import yaml

from hindsight.domain.model import (
    Impact,
)
from hindsight.limits import MAX_FRONT_MATTER_NUMBER
from hindsight.render.mdfields import (
    Clock,
    read_duration,
    read_incident_status,
    read_people,
    read_severity,
)
from hindsight.render.mdreader import (
    HEADER_LINE,
    HEADER_NAMES,
    Reader,
    append,
    base_date,
    inline,
    normalise,
)
from hindsight.render.mdtext import (
    load_yaml,
    unescape_plain,
    unescape_prose,
)

# ---- front matter and header ---------------------------------------------------------------


def read_front_matter(reader: Reader, lines: list[str]) -> int:
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
        data = load_yaml("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + (mark.line if mark else 0)
        reader.warn(
            line, f"front matter is not valid YAML ({getattr(exc, 'problem', exc)}); ignored"
        )
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
_FM_LISTS = {
    "tags": "tags",
    "affected_services": "services",
    "services": "services",
    "participants": "participants",
}
_FM_DERIVED = {"date", "duration"}


def _flag(value: Any) -> bool | None:
    """YAML booleans, and the words people write for them; None when it is neither."""
    if isinstance(value, bool):
        return value
    words = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
    return words.get(str(value).strip().lower()) if value is not None else False


def _apply_front_matter(reader: Reader, data: dict[str, Any]) -> None:
    inc = reader.inc
    reader.ours = "incident_id" in data and ("format" in data or "version" in data)
    for key, value in data.items():
        key = str(key)
        if key == "incident_id":
            inc.id = str(value)
        elif key in _FM_TIMES:
            setattr(inc, _FM_TIMES[key], _instant(reader, value, key))
        elif key in _FM_TEXTS:
            text = _text(value)
            setattr(
                inc,
                _FM_TEXTS[key],
                text
                if text is not None
                or key in ("root_cause_category", "commander", "author", "repeat_of")
                else "",
            )
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
            flag = _flag(value)
            if flag is None:
                reader.warn(
                    1, f"front matter 'restricted': {value!r} is not true or false; kept false"
                )
            inc.restricted = bool(flag)
        elif (
            key == "version"
            or key == "format"
            or (key in ("impact", "financial_impact") and value is None)
        ):
            pass  # format markers (`version:` before `format:`) carry no field; nor does an empty impact
        elif key == "impact" and isinstance(value, dict):
            _apply_impact(reader, inc.impact, value)
        elif key == "financial_impact" and isinstance(value, dict):
            _apply_financial_impact(reader, inc.impact, value)
        elif key == "exact" and isinstance(value, list):
            reader.exact = [e for e in value if isinstance(e, dict)]
        elif key == "summary":  # ICCO / danluu-style front matter: the human-written blurb
            text = _text(value)
            if text:
                append(reader, "summary", text)
        elif key in _FM_DERIVED:
            if not reader.ours:
                reader.header.setdefault(key, (1, _text(value) or ""))
        else:
            reader.warn(1, f"front matter: unknown field '{key}' ({value!r}) not imported")
        reader.fixed.add(key)


def _apply_financial_impact(reader: Reader, impact: Impact, data: dict[str, Any]) -> None:
    """`financial_impact: {amount, currency}`: money lost (a number) and its currency (USD)."""
    amount = data.get("amount")
    if amount is not None and (not isinstance(amount, int | float) or not _plausible(amount)):
        reader.warn(1, f"front matter financial_impact 'amount': '{amount}' is not a number")
        amount = None
    impact.money_lost = float(amount) if amount is not None else None
    impact.currency = str(data.get("currency") or "USD")


def _apply_impact(reader: Reader, impact: Impact, data: dict[str, Any]) -> None:
    types = {k: type(v) for k, v in vars(Impact()).items()}
    for key, value in data.items():
        if key not in types:
            reader.warn(1, f"front matter impact: unknown field '{key}' not imported")
            continue
        wanted = typing.get_type_hints(Impact)[key]
        if value is not None and not _fits(value, wanted):
            reader.warn(1, f"front matter impact '{key}': '{value}' is not {wanted}; not imported")
            continue
        if not _plausible(value):
            reader.warn(
                1,
                f"front matter impact '{key}': {_short(value)} is not a plausible number "
                f"(at most {MAX_FRONT_MATTER_NUMBER:,}); not imported",
            )
            continue
        setattr(impact, key, value)


def _plausible(value: Any) -> bool:
    """A number a postmortem can mean (and a database column and a timedelta can hold)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return True
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return abs(value) <= MAX_FRONT_MATTER_NUMBER


def _short(value: Any) -> str:
    text = (
        str(value)
        if not isinstance(value, int) or abs(value) < 10**30
        else f"a {len(str(value))}-digit number"
    )
    return text[:40]


def _fits(value: Any, hint: Any) -> bool:
    """Whether a YAML value suits an Impact field (an int is fine where a float is expected)."""
    kinds = [k for k in typing.get_args(hint) or (hint,) if k is not type(None)]
    if isinstance(value, bool):
        return bool in kinds
    return any(isinstance(value, k) for k in kinds) or (float in kinds and isinstance(value, int))


def header_block(reader: Reader, body: list[tuple[int, str]], *, warn_unknown: bool = True) -> None:
    prose: list[tuple[int, str]] = []
    for number, line in body:
        match = HEADER_LINE.match(line)
        key = HEADER_NAMES.get(normalise(match.group(1))) if match else None
        if match and key:
            reader.header.setdefault(key, (number, match.group(2).strip()))
        elif warn_unknown and match and line.lstrip().startswith(("**", "- **", "* **")):
            reader.warn(number, f"unknown header field '{match.group(1)}'; kept in the summary")
            prose.append((number, line))
        else:
            prose.append((number, line))
    text = unescape_prose([t for _, t in prose])
    if text.strip() and not reader.ours:
        append(reader, "summary", text)


def header_fields(reader: Reader) -> None:
    """Hand-written header lines (`**Start:** …`) and stats fill what front matter did not."""
    inc, header = reader.inc, reader.header
    tz = reader.tz
    base = base_date(reader)
    clock = Clock(base, tz)  # one clock, in milestone order: "Recovery: 01:25" rolls past midnight
    for key, attr in (("started", "started_at"), ("detected", "detected_at"), ("acknowledged", "acknowledged_at"),
                      ("mitigated", "mitigated_at"), ("resolved", "resolved_at")):  # fmt: skip
        if key in header and key not in reader.fixed:
            number, value = header[key]
            reading = clock.read(unescape_plain(value))
            if reading is None:
                reader.warn(number, f"could not read a time in '{value}'")
            else:
                setattr(inc, attr, reading.moment)
    if inc.started_at is None and inc.timeline:
        first = min(inc.timeline, key=lambda e: e.at)
        inc.started_at = first.at
        reader.warn(
            header.get("date", (1, ""))[0],
            f"no start time given; using the first timeline entry ({first.at:%Y-%m-%d %H:%M} UTC)",
        )
    start = inc.started_at
    for key, attr in (("ttd", "detected_at"), ("ttr", "resolved_at"), ("duration", "resolved_at")):
        if key in header and start and getattr(inc, attr) is None:
            number, value = header[key]
            delta = (
                timedelta(seconds=int(value))
                if value.isdigit() and key != "duration"
                else read_duration(value)
            )
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
            reader.warn(
                number,
                f"could not read a severity in '{value}'; expected P0-P3, SEV0-SEV3 or critical/high/medium/low",
            )
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

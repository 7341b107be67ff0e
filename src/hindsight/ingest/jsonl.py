"""JSON-lines application logs: one object per line (logstash, bunyan/pino, zap, structlog …).

Time from ts/time/timestamp/@timestamp (epoch s/ms/µs/ns or ISO-8601), level from level/severity,
message from msg/message, service from service/app, trace or request id when present.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import orjson

from hindsight.domain.model import EventKind
from hindsight.ingest.condense import TRACE_CAP, Aggregate
from hindsight.ingest.grouping import line_counter
from hindsight.ingest.records import Malformed, ParseOptions, Record, Sample, Source, normal_level
from hindsight.ingest.times import YEAR_2000, iso_epoch, parse_time
from hindsight.limits import MAX_LINE_CHARS

NAME = "jsonl"
TIME_KEYS = ("ts", "time", "timestamp", "@timestamp", "t", "datetime", "date", "eventTime")
LEVEL_KEYS = ("level", "severity", "lvl", "log.level", "levelname", "loglevel")
MESSAGE_KEYS = ("msg", "message", "event", "log", "text")
SERVICE_KEYS = ("service", "app", "service.name", "application", "logger", "component")
TRACE_KEYS = ("trace_id", "traceId", "trace", "request_id", "requestId", "req_id", "x_request_id")


def _first(obj: dict[str, object], keys: tuple[str, ...]) -> object:
    for key in keys:
        value = obj.get(key)
        if value is not None:
            return value
    return None


def detect(sample: Sample) -> str | None:
    lines = sample.lines[:20]
    if sample.is_dir or sample.is_zip or not lines:
        return "not a text file" if (sample.is_dir or sample.is_zip) else "empty"
    objects = 0
    for line in lines:
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        if isinstance(obj, dict) and _first(obj, TIME_KEYS) is not None:
            objects += 1
    if objects >= max(1, len(lines) // 2):
        return None
    return f"no JSON object with a time field ({'/'.join(TIME_KEYS[:4])}) per line"


def make_record(
    line: int, at: float, text: str, level: str | None, service: str | None, trace: str | None
) -> Record:
    """A log Record built without NamedTuple's Python-level __new__ (hot path)."""
    return tuple.__new__(
        Record, (line, at, text, level, service, EventKind.LOG, None, trace, False, True, None)
    )


class _Fields:
    """Field names learnt from the file (the first line that has each), and the minute cache."""

    def __init__(self) -> None:
        self.time = self.level = self.message = self.service = self.trace = ""
        self.minutes: dict[str, float] = {}  # "2025-12-15T22:47:" → epoch of that minute

    def keys(self) -> tuple[str | None, str | None, str | None, str | None, str | None]:
        """The time, message, level, service and trace keys learnt, None where not found."""
        return (
            self.time or None,
            self.message or None,
            self.level or None,
            self.service or None,
            self.trace or None,
        )


def _find(obj: dict[str, Any], keys: tuple[str, ...]) -> str:
    return next((k for k in keys if obj.get(k) is not None), "")


def _fast_time(raw: object, minutes: dict[str, float]) -> float | None:
    """Epoch of '…T22:47:03.123Z' from the cached minute, or None when not in the cache."""
    if type(raw) is str and len(raw) > 20 and raw[-1] == "Z":
        base = minutes.get(raw[:17])
        if base is not None:
            try:
                return base + float(raw[17:-1])
            except ValueError:
                return None
    return None


def _learn_minute(raw: object, minutes: dict[str, float]) -> None:
    """Cache the minute of a '2025-12-15T22:47:03.123Z' time (keyed '2025-12-15T22:47:'), so
    the lines after it in that minute cost one dict lookup and one `float` — the same sum
    `iso_epoch` makes."""
    if (
        type(raw) is str
        and len(raw) > 20
        and raw[-1] == "Z"
        and raw[13] == ":"
        and raw[16] == ":"
        and len(minutes) < 100_000
    ):
        whole = iso_epoch(raw[:16] + ":00Z")
        if whole is not None:
            minutes[raw[:17]] = whole


def parse_line(
    number: int, line: bytes, fields: _Fields, options: ParseOptions
) -> Record | Malformed | None:
    """One JSON line → Record (None for a blank line). Learns field names into `fields`."""
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return Malformed(number, f"not JSON ({str(exc).split(':')[0]})") if line.strip() else None
    if type(obj) is not dict:
        return Malformed(number, "not a JSON object")
    raw_time = obj.get(fields.time) if fields.time else None
    if raw_time is None:
        fields.time = _find(obj, TIME_KEYS)
        raw_time = obj.get(fields.time) if fields.time else None
        if raw_time is None:
            return Malformed(number, f"no time field ({', '.join(TIME_KEYS[:4])})")
    at = _fast_time(raw_time, fields.minutes)
    if at is None:
        at = parse_time(raw_time, options.tz)
        if at is None:
            return Malformed(
                number,
                f'"{fields.time}" is not a timestamp ({str(raw_time)[:40]!r}); '
                "expected ISO-8601 or epoch seconds/ms/µs/ns",
            )
        _learn_minute(raw_time, fields.minutes)
    message = obj.get(fields.message) if fields.message else None
    if message is None:
        fields.message = _find(obj, MESSAGE_KEYS)
        message = obj.get(fields.message) if fields.message else None
        if message is None:
            message = line.decode("utf-8", "replace").strip()
    level = obj.get(fields.level) if fields.level else None
    if level is None:
        fields.level = _find(obj, LEVEL_KEYS)
        level = obj.get(fields.level) if fields.level else None
    service = obj.get(fields.service) if fields.service else None
    if service is None:
        fields.service = _find(obj, SERVICE_KEYS)
        service = obj.get(fields.service) if fields.service else None
    trace = obj.get(fields.trace) if fields.trace else None
    if trace is None:
        fields.trace = _find(obj, TRACE_KEYS)
        trace = obj.get(fields.trace) if fields.trace else None
    return make_record(
        number,
        at,
        message if type(message) is str else as_text(message),
        normal_level(level),
        service
        if type(service) is str
        else options.service
        if service is None
        else as_text(service),
        (trace if type(trace) is str else as_text(trace)) if trace is not None else None,
    )


def as_text(value: object) -> str:
    """A JSON value that is not a string, as text: objects, arrays and booleans as JSON, whole
    numbers without ".0" — what the columnar reader's JSON parser makes of them too."""
    if isinstance(value, bool | dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def parse(source: Source, options: ParseOptions) -> Iterator[Record | Malformed]:
    fields = _Fields()
    for number, line in source.binary_lines():
        item = parse_line(number, line, fields, options)
        if item is not None:
            yield item


def aggregate(
    source: Source,
    options: ParseOptions,
    into: Aggregate,
    progress: Callable[[str, int], None] | None = None,
) -> None:
    """Parse and condense in one loop — the hot path for large files (same result as
    `into.add_all(parse(source, options))`, which `tests/ingest/test_fast_paths.py` holds it to).

    Millions of lines make every bytecode count, hence the shape: lines come in 1 MB batches,
    attribute and global lookups are hoisted into locals, and a common line (known keys, a `…Z`
    time whose minute is cached, a string message) is read inside one `try` whose failure —
    KeyError for a new minute, TypeError/ValueError for an odd value — sends it to `parse_line`
    and `add_all` (`_read_slowly`), which learn the field names and the minute for the lines
    after it. A missing level, service or trace id is looked for again on every line, as
    `parse_line` does, so the result does not depend on which lines happened to take the slow
    path. The grouping step is `grouping.line_counter`, shared with the text reader.
    """
    fields = _Fields()
    minutes = fields.minutes
    loads = orjson.loads
    error = orjson.JSONDecodeError
    count = line_counter(into)
    traces = into.traces
    room = TRACE_CAP - len(traces)
    offset = into.clock_offset
    low, high = YEAR_2000, time.time() + 2 * 86400
    default_service = options.service
    levels: dict[object, str | None] = {}
    fast = 0
    # local copies of `fields` (attribute loads cost); None for a field not found: JSON keys
    # are strings, so obj[None] never matches
    tkey, mkey, lkey, skey, rkey = fields.keys()
    tick = 0
    for first, batch, ended in source.binary_batches():
        last = first + len(batch) - 1 if not ended else 0  # a last line with no b"\n"
        if progress is not None and first >= tick:
            progress(source.name, first - 1)
            tick = first + 0x20000
        for number, line in enumerate(batch, first):
            try:
                obj = loads(line)
                raw = obj[tkey]
                at = minutes[raw[:17]] + float(raw[17:-1])
                text = obj[mkey]
                if raw[-1] != "Z" or type(text) is not str or len(text) > MAX_LINE_CHARS:
                    raise TypeError  # (a message to cut takes the slow path: add_all cuts it)
            except (error, LookupError, TypeError, ValueError):
                _read_slowly(
                    number, line if number == last else line + b"\n", fields, options, into
                )
                room = TRACE_CAP - len(traces)
                tkey, mkey, lkey, skey, rkey = fields.keys()
                continue
            fast += 1
            at -= offset
            if at < low or at > high:  # (NaN is neither, as in add_all)
                into.note_implausible(number, at)
            raw_level = obj.get(lkey)
            if raw_level is None:  # as parse_line: look again (a file may change its keys)
                lkey, raw_level = _look_again(obj, LEVEL_KEYS)
                fields.level = lkey or ""
            level = levels.get(raw_level) if type(raw_level) is str else None
            if level is None:
                level = _level(raw_level, levels)
            service = obj.get(skey)
            if service is None:
                skey, service = _look_again(obj, SERVICE_KEYS)
                fields.service = skey or ""
            if type(service) is not str:
                service = default_service if service is None else as_text(service)
            if room > 0:
                trace = obj.get(rkey)
                if trace is None:
                    rkey, trace = _look_again(obj, TRACE_KEYS)
                    fields.trace = rkey or ""
                if trace is not None:
                    trace = trace if type(trace) is str else as_text(trace)
                    if trace not in traces:
                        traces[trace] = at
                        room -= 1
            count(number, at, level, service, text)
    into.lines += fast


def _read_slowly(
    number: int, line: bytes, fields: _Fields, options: ParseOptions, into: Aggregate
) -> None:
    """A line the fused loop could not take: `parse_line`, then `add_all`."""
    item = parse_line(number, line, fields, options)
    if item is not None:
        into.add_all((item,))


def _look_again(obj: dict[str, Any], keys: tuple[str, ...]) -> tuple[str | None, object]:
    """(The first of `keys` that holds a value, that value), or (None, None)."""
    for key in keys:
        value = obj.get(key)
        if value is not None:
            return key, value
    return None, None


def _level(raw: object, levels: dict[object, str | None]) -> str | None:
    """`normal_level(raw)`, remembered in `levels` for a level written as a string."""
    level = normal_level(raw)
    if type(raw) is str and len(levels) < 1000:
        levels[raw] = level
    return level

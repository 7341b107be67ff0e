"""JSON-lines application logs: one object per line (logstash, bunyan/pino, zap, structlog …).

Time from ts/time/timestamp/@timestamp (epoch s/ms/µs/ns or ISO-8601), level from level/severity,
message from msg/message, service from service/app, trace or request id when present.
"""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from hindsight.ingest.records import Malformed, ParseOptions, Record, Sample, Source, normal_level
from hindsight.ingest.times import parse_time

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


def parse(source: Source, options: ParseOptions) -> Iterator[Record | Malformed]:
    tz = options.tz
    default_service = options.service
    loads = orjson.loads
    error = orjson.JSONDecodeError
    # Field names are learnt from the first line that has them; other lines fall back to search.
    tkey = lkey = mkey = skey = rkey = ""
    for number, line in source.lines():
        if not line:
            continue
        try:
            obj = loads(line)
        except error as exc:
            yield Malformed(number, f"not JSON ({str(exc).split(':')[0]})")
            continue
        if not isinstance(obj, dict):
            yield Malformed(number, "not a JSON object")
            continue
        raw_time = obj.get(tkey) if tkey else None
        if raw_time is None:
            tkey = next((k for k in TIME_KEYS if obj.get(k) is not None), "")
            raw_time = obj.get(tkey) if tkey else None
        if raw_time is None:
            yield Malformed(number, f"no time field ({', '.join(TIME_KEYS[:4])})")
            continue
        at = parse_time(raw_time, tz)
        if at is None:
            yield Malformed(
                number,
                f'"{tkey}" is not a timestamp ({str(raw_time)[:40]!r}); '
                "expected ISO-8601 or epoch seconds/ms/µs/ns",
            )
            continue
        message = obj.get(mkey) if mkey else None
        if message is None:
            mkey = next((k for k in MESSAGE_KEYS if obj.get(k) is not None), "")
            message = obj.get(mkey) if mkey else line
        level = obj.get(lkey) if lkey else None
        if level is None:
            lkey = next((k for k in LEVEL_KEYS if obj.get(k) is not None), "")
            level = obj.get(lkey) if lkey else None
        service = obj.get(skey) if skey else None
        if service is None:
            skey = next((k for k in SERVICE_KEYS if obj.get(k) is not None), "")
            service = obj.get(skey) if skey else default_service
        trace = obj.get(rkey) if rkey else None
        if trace is None and rkey != "-":
            rkey = next((k for k in TRACE_KEYS if obj.get(k) is not None), "-")
            trace = obj.get(rkey) if rkey != "-" else None
        yield Record(
            number,
            at,
            message if isinstance(message, str) else str(message),
            normal_level(level),
            service if isinstance(service, str) else default_service,
            trace_id=str(trace) if trace is not None else None,
        )

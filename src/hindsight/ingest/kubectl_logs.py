"""`kubectl logs` output: a container's stdout/stderr, with or without `--timestamps`.

Pod logs are whatever the program printed: often no time and no level ("Environment variable
DEPLOY_ENV is undefined", "/bin/sh: syntax error: unexpected "fi""). Lines with a leading time
keep it; a line without one takes the time of the line before it (a stack trace, a banner), and
when no line of the file has a time they are all anchored to when the logs were captured (`--at`,
else the file's modification time) — a warning says so, since order is then all they tell. The
level is the one written (INFO:, - ERROR -, level=warn, pino numbers) or, failing that, read from
the words (error, failed, refused, expired, undefined, not found … → ERROR).

Detected when an SRE agent's capture says it ran `kubectl logs`, or when plain lines without
times mostly carry a level word; `--format kubectl-logs` takes any text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from hindsight.domain.model import EventKind
from hindsight.ingest import kubectl_capture as capture
from hindsight.ingest.records import Malformed, ParseOptions, Record, Sample, Source, normal_level
from hindsight.ingest.times import iso_epoch, parse_time

NAME = "kubectl-logs"
MAX_LEAD_LINES = 10_000  # untimed lines held back until the first timed one
_TIME = re.compile(
    r"^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\]?\s?(.*)$"
)
_LEVEL_WORD = r"TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|CRIT|CRITICAL|FATAL|SEVERE|PANIC"
_LEVEL = re.compile(
    rf"^(?:[\w./-]+:\s*)?(?:-\s*)?\[?({_LEVEL_WORD})\]?(?=[:\s\]-])|\blevel=\"?(\w+)|\s-\s({_LEVEL_WORD})\s-\s",
    re.IGNORECASE,
)
_ERROR_WORDS = re.compile(
    r"\b(error|errors|exception|fatal|panic|fail(ed|ure|s)?|expired|undefined|refused|denied|"
    r"unreachable|timed out|cannot|can't|could not|unable to|not found|no such|syntax error|"
    r"traceback|killed|segmentation fault|not set|missing|invalid|unauthori[sz]ed|forbidden)\b",
    re.IGNORECASE,
)
_WARN_WORDS = re.compile(r"\b(warn(ing)?|deprecated|retry(ing)?|slow)\b", re.IGNORECASE)
_KUBECTL_ERROR = re.compile(
    r"^(Error from server \(\w+\):|error: |Unable to connect to the server)"
)
_DURATION = re.compile(
    r"\b(?:completed|finished|took|rendered|done|responded|elapsed)\b[^0-9\n]{0,20}"
    r"(\d+(?:\.\d+)?)\s*(ms|milliseconds|s|sec|secs|seconds)\b",
    re.IGNORECASE,
)
TAIL_LINES = 5
_DASHED_LEVEL = re.compile(rf"^(?:-\s+)?({_LEVEL_WORD})\s+-\s+(.*)$", re.IGNORECASE)


def detect(sample: Sample) -> str | None:
    if sample.is_dir or sample.is_zip:
        return "not a file"
    header, lines = capture.sample_body(sample)
    tool = (header.tool or "") + " " + (header.invocation or "")
    if header.wrapped and ("logs" in tool or "kubectl logs" in tool):
        return None
    if header.wrapped:
        return f"a captured {header.tool or 'tool'} output, not `kubectl logs`"
    if not lines:
        return "no lines"
    head = lines[:200]
    if sum(1 for line in head if line.lstrip().startswith(("{", "["))) * 2 >= len(head):
        return "JSON lines, not plain pod logs"
    if any(_TIME.match(line) for line in head[:20]):
        return "lines start with a time (read as text logs)"
    leveled = sum(1 for line in head if _LEVEL.search(line[:80]))
    if leveled * 2 >= len(head) and len(head) >= 2:
        return None
    return (
        "lines carry no time and mostly no log level; for `kubectl logs` output without "
        "timestamps use --format kubectl-logs"
    )


def level_of(text: str) -> str:
    """The level written on a line, else ERROR/WARN/INFO from its words."""
    match = _LEVEL.search(text[:120])
    if match:
        level = normal_level(next(g for g in match.groups() if g))
        if level is not None:
            return level
    if _ERROR_WORDS.search(text):
        return "ERROR"
    if _WARN_WORDS.search(text):
        return "WARN"
    return "INFO"


def _json_line(text: str, options: ParseOptions) -> tuple[float | None, str, str | None] | None:
    if not text.startswith("{") or len(text) > 100_000:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    at = None
    for key in ("time", "ts", "timestamp", "@timestamp"):
        if key in value and isinstance(value[key], str | int | float):
            at = parse_time(value[key], options.tz)
            break
    message = value.get("msg") or value.get("message") or text
    extra = [
        f"{k}={value[k]}"
        for k in ("responseTime", "duration", "latency", "statusCode", "url")
        if isinstance(value.get(k), str | int | float)
    ]
    raw_level = value.get("level") or value.get("severity")
    level = normal_level(raw_level) if raw_level is not None else None
    return at, " ".join([str(message), *extra])[:4000], level


def parse(source: Source, options: ParseOptions) -> Iterator[Record | Malformed]:
    header, body = capture.source_lines(source)
    pod = header.pod
    service = options.service or (capture.workload_of(pod) if pod else None)
    previous = "--previous" in (header.invocation or "") or "previous" in (header.tool or "")
    detail: dict[str, Any] = {}
    if pod:
        detail["pod"] = pod
    if header.params.get("namespace"):
        detail["namespace"] = header.params["namespace"]
    if previous:
        detail["previous"] = True
    anchor, origin = capture.anchor(options)
    tail = _Tail()
    held: list[tuple[int, str, str]] = []
    last_at: float | None = None
    untimed = produced = 0
    first_line = 0
    for number, raw in body:
        first_line = first_line or number
        text = raw.rstrip()
        if not text.strip():
            continue
        if header.wrapped and _KUBECTL_ERROR.match(text):
            header.stderr.append(text.strip()[:300])  # kubectl's own error, not a log line
            continue
        at, message, level = _read_line(text, options)
        tail.add(message, level or level_of(message))
        if at is None:
            if last_at is None and len(held) < MAX_LEAD_LINES:
                held.append((number, message, level or level_of(message)))
                continue
            at = last_at if last_at is not None else anchor
            untimed += last_at is None
        elif last_at is None and held:
            for h_number, h_message, h_level in held:
                produced += 1
                yield _record(h_number, at, h_message, h_level, service, detail)
            held = []
        last_at = at
        produced += 1
        yield _record(number, at, message, level or level_of(message), service, detail)
    for h_number, h_message, h_level in held:  # no line had a time
        produced += 1
        untimed += 1
        yield _record(h_number, anchor, h_message, h_level, service, detail)
    if not produced:
        yield Malformed(first_line or 1, capture.empty_reason(header, "log lines"))
        return
    yield tail.record(first_line, last_at if last_at is not None else anchor, pod or source.name,
                      service, detail)  # fmt: skip
    if untimed:
        options.warnings.append(
            f"{source.name}: {untimed:,} log line(s) carry no time; anchored to "
            f"{datetime.fromtimestamp(anchor, UTC):%Y-%m-%d %H:%M:%SZ} ({origin}); "
            "pass --at TIME for when the logs were captured"
        )


class _Tail:
    """The last lines of the output and its slowest timed step, kept while streaming: what a
    crash-looping container said last (`kubectl logs --previous`) is the evidence most often
    needed, and the condensed timeline masks the very values (a host:port, a duration) it
    names."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []
        self.slowest: tuple[float, str] | None = None

    def add(self, message: str, level: str) -> None:
        self.lines.append((message[:500], level))
        if len(self.lines) > TAIL_LINES:
            del self.lines[0]
        for match in _DURATION.finditer(message[:1000]):
            value, unit = float(match.group(1)), match.group(2).lower()
            seconds = value / 1000 if unit.startswith("m") else value
            if self.slowest is None or seconds > self.slowest[0]:
                self.slowest = (seconds, message[:300])

    def record(
        self, line: int, at: float, who: str, service: str | None, detail: dict[str, Any]
    ) -> Record:
        rank = {"TRACE": 0, "DEBUG": 1, "INFO": 2, "WARN": 3, "ERROR": 4, "FATAL": 5}
        worst = max((lv for _, lv in self.lines), key=lambda lv: rank.get(lv, 2), default="INFO")
        info: dict[str, Any] = {
            **detail,
            "k8s_tail": [m for m, _ in self.lines],
            "tail_levels": [lv for _, lv in self.lines],
            "tail_worst": worst,
        }
        if self.slowest is not None:
            info["slowest_seconds"] = self.slowest[0]
            info["slowest_line"] = self.slowest[1]
        last = " | ".join(m for m, _ in self.lines)
        return Record(
            line,
            at,
            f"last {len(self.lines)} log line(s) of {who}: {last}"[:2000],
            None,  # a summary of lines already on the timeline, not one more anomaly
            service,
            EventKind.LOG,
            key=False,
            condense=False,
            detail=info,
        )


def _read_line(text: str, options: ParseOptions) -> tuple[float | None, str, str | None]:
    parsed = _json_line(text.strip(), options)
    if parsed is not None:
        return parsed
    match = _TIME.match(text)
    if match:
        at = iso_epoch(match.group(1).replace(",", "."), options.tz)
        if at is not None:
            rest = match.group(2)
            inner = _json_line(rest.strip(), options)
            if inner is not None:
                return at, inner[1], inner[2]
            dashed = _DASHED_LEVEL.match(rest)  # Python logging: "- ERROR - message"
            if dashed:
                return at, dashed.group(2)[:4000], normal_level(dashed.group(1))
            return at, re.sub(r"^-\s+", "", rest)[:4000], None
    return None, text[:4000], None


def _record(
    number: int, at: float, message: str, level: str, service: str | None, detail: dict[str, Any]
) -> Record:
    return Record(
        number,
        at,
        message,
        level,
        service,
        EventKind.LOG,
        detail=dict(detail) if detail else None,
    )

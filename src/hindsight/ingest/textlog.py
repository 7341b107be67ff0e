"""Plain-text logs with a leading timestamp, in the dialects SREs meet every day.

ISO-8601 (and Python logging's `2025-12-15 22:47:03,123 - name - LEVEL - msg`), RFC 5424 and
RFC 3164 syslog, nginx/Apache combined log format, klog/glog (`I1215 22:47:03.123456`), and the
nginx and Apache error logs and log4j's `yy/MM/dd HH:mm:ss` (Hadoop, Spark) met along the way;
then the dialects of particular systems (the Loghub collection's): Android logcat, Blue Gene/L
RAS, early HDFS, HPC cluster events, HealthApp, OpenStack, Proxifier and Thunderbird, whose
epoch-seconds column, where they have one, is the time. The dialect is chosen from the file's
first lines, in the table's order. Indented lines, `Traceback` and `Caused by`
continue the previous entry (stack traces) rather than count as malformed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from hindsight.domain.model import EventKind
from hindsight.errors import InvalidInput
from hindsight.ingest.condense import Aggregate
from hindsight.ingest.grouping import line_counter
from hindsight.ingest.records import Malformed, ParseOptions, Record, Sample, Source, normal_level
from hindsight.ingest.times import MONTHS, YEAR_2000, iso_epoch, naive_epoch
from hindsight.limits import MAX_LINE_CHARS

NAME = "text"
_LEVEL_WORDS = r"TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|CRIT|CRITICAL|FATAL|SEVERE|PANIC"
_SEVERITIES = ("FATAL", "FATAL", "FATAL", "ERROR", "WARN", "INFO", "INFO", "DEBUG")
_LEVEL_TOKENS = {
    word: normal_level(word.strip("[]:"))
    for raw in _LEVEL_WORDS.split("|")
    for word in (raw, f"[{raw}]", f"{raw}:")
}
_CONTINUATION = re.compile(r"^(\s|Traceback |Caused by|\.\.\. \d+ more|at )")

ISO = re.compile(
    r"^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\]?\s*(.*)$"
)
_ISO_REST = re.compile(
    rf"^(?:-\s+)?(?:(?P<name>[\w.\-/]+)\s+-\s+)?\[?(?P<level>{_LEVEL_WORDS})\]?(?::|\s+-)?\s+"
    r"(?:(?P<logger>[\w.\-/]+(?:\[\d+\])?):\s+)?(?P<msg>.*)$",
    re.IGNORECASE,
)
RFC5424 = re.compile(
    r"^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|\[(?:[^\]\\]|\\.)*\](?:\[(?:[^\]\\]|\\.)*\])*)\s?(.*)$"
)
# A syslog tag: the program, with spaces only when a [pid] follows ("Microsoft Word[14463]",
# "-- root[2421]"), then the pid. One word is tried first: that is nearly every line.
_TAG = r"([^:\[\s]+|[^:\[\s]+(?: [^:\[\s]+)+(?=\[\d+\]))(?:\[(\d+)\])?"
RFC3164 = re.compile(
    r"^(?:<(\d{1,3})>)?([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\S+) +"
    + _TAG
    + r"(?: [\w.-]+)?(?: (\([^)]*\)))?:\s?(.*)$"
)
CLF = re.compile(
    r"^(\S+) \S+ (\S+) \[(\d{2})/(\w{3})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\] "
    r'"(\S+) (\S+)[^"]*" (\d{3}) (\S+)(?: "([^"]*)" "([^"]*)")?'
)
KLOG = re.compile(
    r"^([IWEF])(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)\s+(\d+) ([^\]]+)\] (.*)$"
)
_KLOG_LEVEL = {"I": "INFO", "W": "WARN", "E": "ERROR", "F": "FATAL"}

Reader = Callable[[re.Match[str], ParseOptions], Record | str]


def _iso(m: re.Match[str], options: ParseOptions) -> Record | str:
    at = iso_epoch(m.group(1), options.tz)
    if at is None:
        return f"{m.group(1)!r} is not a valid time"
    rest = m.group(2)
    head, _, tail = rest.partition(" ")
    level = _LEVEL_TOKENS.get(head)
    if level is not None:  # fast path: "ERROR svc-api: message" or "ERROR message"
        name, colon, message = tail.partition(": ")
        if colon and " " not in name and name:
            return tuple.__new__(
                Record, (0, at, message, level, name, EventKind.LOG, None, None, False, True, None)
            )
        return Record(0, at, tail, level, options.service)
    parsed = _ISO_REST.match(rest)
    if parsed:
        service = parsed.group("name") or parsed.group("logger") or options.service
        return Record(0, at, parsed.group("msg"), normal_level(parsed.group("level")), service)
    return Record(0, at, rest, None, options.service)


def _rfc5424(m: re.Match[str], options: ParseOptions) -> Record | str:
    at = iso_epoch(m.group(2), options.tz)
    if at is None:
        return f"{m.group(2)!r} is not an RFC 5424 timestamp"
    app = m.group(4) if m.group(4) != "-" else options.service
    level = _SEVERITIES[int(m.group(1)) % 8]
    message = m.group(8).removeprefix("\ufeff")
    return Record(0, at, message, level, app, detail={"host": m.group(3)})


def _yearless(
    options: ParseOptions, month: int, day: int, hour: int, minute: int, second: float
) -> float:
    """Epoch of a time written without a year (RFC 3164, klog): the `--year` given, else the
    latest year that does not put it in the future of when the file was written (a December
    line read in January belongs to last year)."""
    if options.year:
        return naive_epoch(options.year, month, day, hour, minute, second, options.tz)
    reference = options.reference_time or datetime.now(UTC)
    at = naive_epoch(reference.year, month, day, hour, minute, second, options.tz)
    if at > reference.timestamp() + 2 * 86400:
        at = naive_epoch(reference.year - 1, month, day, hour, minute, second, options.tz)
    return at


def _rfc3164(m: re.Match[str], options: ParseOptions) -> Record | str:
    month = MONTHS.get(m.group(2))
    if month is None:
        return f"{m.group(2)!r} is not a month"
    try:
        at = _yearless(
            options, month, int(m.group(3)), int(m.group(4)), int(m.group(5)), float(m.group(6))
        )
    except ValueError as exc:
        return f"invalid date ({exc})"
    level = _SEVERITIES[int(m.group(1)) % 8] if m.group(1) else None
    message = m.group(11) if m.group(10) is None else f"{m.group(10)} {m.group(11)}"
    return Record(0, at, message, level, m.group(8), detail={"host": m.group(7)})


def _clf(m: re.Match[str], options: ParseOptions) -> Record | str:
    month = MONTHS.get(m.group(4))
    if month is None:
        return f"{m.group(4)!r} is not a month"
    zone = m.group(9)
    text = (
        f"{m.group(5)}-{month:02d}-{m.group(3)}T{m.group(6)}:{m.group(7)}:{m.group(8)}"
        f"{zone[:3]}:{zone[3:]}"
    )
    at = iso_epoch(text)
    if at is None:
        return f"{text!r} is not a valid time"
    status = int(m.group(12))
    level = "ERROR" if status >= 500 else "WARN" if status >= 400 else "INFO"
    path = m.group(11).split("?", 1)[0]
    return Record(0, at, f"{m.group(10)} {path} {status}", level, options.service, actor=m.group(1))


def _klog(m: re.Match[str], options: ParseOptions) -> Record | str:
    try:
        at = _yearless(
            options,
            int(m.group(2)),
            int(m.group(3)),
            int(m.group(4)),
            int(m.group(5)),
            float(m.group(6)),
        )
    except ValueError as exc:
        return f"invalid date ({exc})"
    return Record(
        0,
        at,
        m.group(9),
        _KLOG_LEVEL[m.group(1)],
        options.service,
        detail={"source": m.group(8).strip()},
    )


NGINX_ERROR = re.compile(
    r"^(\d{4})/(\d{2})/(\d{2}) (\d{2}):(\d{2}):(\d{2}) \[(\w+)\] (\d+)#\d+: (?:\*\d+ )?(.*)$"
)
APACHE_ERROR = re.compile(
    r"^\[(?:\w{3}) (\w{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}(?:\.\d+)?) (\d{4})\] "
    r"\[(?:([\w-]+):)?(\w+)\] (?:\[pid \d+(?::tid \d+)?\] )?(?:\[client [^\]]+\] )?(.*)$"
)
LOG4J_SHORT = re.compile(
    rf"^(\d{{2}})/(\d{{2}})/(\d{{2}}) (\d{{2}}):(\d{{2}}):(\d{{2}}) ({_LEVEL_WORDS}) "
    r"([\w.$-]+): (.*)$"
)


def _nginx_error(m: re.Match[str], options: ParseOptions) -> Record | str:
    try:
        at = naive_epoch(
            int(m.group(1)),
            int(m.group(2)),
            int(m.group(3)),
            int(m.group(4)),
            int(m.group(5)),
            float(m.group(6)),
            options.tz,
        )
    except ValueError as exc:
        return f"invalid date ({exc})"
    return Record(
        0,
        at,
        m.group(9),
        normal_level(m.group(7)),
        options.service or "nginx",
        detail={"pid": int(m.group(8))},
    )


def _apache_error(m: re.Match[str], options: ParseOptions) -> Record | str:
    month = MONTHS.get(m.group(1))
    if month is None:
        return f"{m.group(1)!r} is not a month"
    try:
        at = naive_epoch(
            int(m.group(6)),
            month,
            int(m.group(2)),
            int(m.group(3)),
            int(m.group(4)),
            float(m.group(5)),
            options.tz,
        )
    except ValueError as exc:
        return f"invalid date ({exc})"
    return Record(0, at, m.group(9), normal_level(m.group(8)), m.group(7) or options.service)


def _log4j_short(m: re.Match[str], options: ParseOptions) -> Record | str:
    try:
        at = naive_epoch(
            2000 + int(m.group(1)),
            int(m.group(2)),
            int(m.group(3)),
            int(m.group(4)),
            int(m.group(5)),
            float(m.group(6)),
            options.tz,
        )
    except ValueError as exc:
        return f"invalid date ({exc})"
    return Record(0, at, m.group(9), normal_level(m.group(7)), m.group(8))


# Dialects of particular systems (the Loghub collection's): each carries its time its own way.
OSLO_FILE = re.compile(
    r"^([\w.\-:/]+) (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?) (\d+) "
    rf"({_LEVEL_WORDS}) (\S+) (?:\[([^\]]*)\] )?(.*)$"
)
HADOOP_COMPACT = re.compile(
    r"^(\d{2})(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2}) (\d+) "
    rf"({_LEVEL_WORDS}) ([^\s:]+): (.*)$"
)
HEALTHAPP = re.compile(
    r"^(\d{4})(\d{2})(\d{2})-(\d{1,2}):(\d{1,2}):(\d{1,2}):(\d{1,3})\|([^|]*)\|(\d+)\|(.*)$"
)
BGL = re.compile(
    r"^(\S+) (\d{9,10}) \d{4}\.\d{2}\.\d{2} (\S+) "
    r"\d{4}-\d{2}-\d{2}-\d{2}\.\d{2}\.(\d{2})(\.\d+)? \S+ \S+ (\S+) (\S+) ?(.*)$"
)
THUNDERBIRD = re.compile(
    r"^(\S+) (\d{9,10}) \d{4}\.\d{2}\.\d{2} (\S+) [A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2} "
    rf"(\S+) (?:{_TAG}: ?)?(.*)$"
)
LOGCAT = re.compile(
    r"^(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)\s+(\d+)\s+(\d+) ([VDIWEFA]) (.*?)\s*: (.*)$"
)
PROXIFIER = re.compile(r"^\[(\d{2})\.(\d{2}) (\d{2}):(\d{2}):(\d{2})\] (.+?) - (.*)$")
HPC = re.compile(r"^(\d+) (\S+) (\S+) (\S+) (\d{9,10}) (-?\d) ?(.*)$")
_LOGCAT_LEVEL = {
    "V": "TRACE", "D": "DEBUG", "I": "INFO", "W": "WARN", "E": "ERROR", "F": "FATAL", "A": "FATAL"
}  # fmt: skip
_BGL_LEVEL = {"FAILURE": "FATAL"}  # the others as normal_level reads them (SEVERE: ERROR …)


def _naive(
    options: ParseOptions, year: int, month: int, day: int, hour: int, minute: int, second: float
) -> float | str:
    """Epoch of a naive time read in `--tz`; the reason when it is no date."""
    try:
        return naive_epoch(year, month, day, hour, minute, second, options.tz)
    except ValueError as exc:
        return f"invalid date ({exc})"


def _node(host: str, alert: str) -> dict[str, str]:
    """Detail of a supercomputer log line: its node, and its alert tag unless "-" (none)."""
    return {"host": host} if alert == "-" else {"host": host, "alert": alert}


def _oslo_file(m: re.Match[str], options: ParseOptions) -> Record | str:
    """OpenStack's oslo.log lines behind the name of the file they came from (Loghub joins
    nova-api, nova-compute … this way); the request id is the trace id."""
    at = iso_epoch(m.group(2), options.tz)
    if at is None:
        return f"{m.group(2)!r} is not a valid time"
    context = m.group(6)
    trace = context.split(" ", 1)[0] if context and context.startswith("req-") else None
    detail = {"file": m.group(1), "pid": int(m.group(3))}
    level = normal_level(m.group(4))
    return Record(0, at, m.group(7), level, m.group(5), trace_id=trace, detail=detail)


def _hadoop_compact(m: re.Match[str], options: ParseOptions) -> Record | str:
    """Early Hadoop (HDFS 0.x): `081109 203615 148 INFO dfs.DataNode: …`, yyMMdd HHmmss."""
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    at = _naive(options, 2000 + year, month, day, hour, minute, second)
    if isinstance(at, str):
        return at
    level = normal_level(m.group(8))
    return Record(0, at, m.group(10), level, m.group(9), detail={"pid": int(m.group(7))})


def _healthapp(m: re.Match[str], options: ParseOptions) -> Record | str:
    """`20171223-22:15:29:606|component|pid|message`; the hour, minute, second and millisecond
    fields are not zero-padded (`20171224-1:2:35:7` is 01:02:35.007)."""
    year, month, day, hour, minute, second, millis = (int(g) for g in m.groups()[:7])
    at = _naive(options, year, month, day, hour, minute, second + millis / 1000)
    if isinstance(at, str):
        return at
    service = m.group(8) or options.service
    return Record(0, at, m.group(10), None, service, detail={"pid": int(m.group(9))})


def _bgl(m: re.Match[str], options: ParseOptions) -> Record | str:
    """Blue Gene/L RAS: the epoch seconds column, with the microseconds of the local time that
    follows when both name the same second; the first field is the alert tag ("-": none)."""
    at = float(m.group(2))
    if m.group(5) and int(m.group(4)) == int(m.group(2)) % 60:
        at += float(m.group(5))
    level = _BGL_LEVEL.get(m.group(7)) or normal_level(m.group(7))
    return Record(0, at, m.group(8), level, m.group(6), detail=_node(m.group(3), m.group(1)))


def _thunderbird(m: re.Match[str], options: ParseOptions) -> Record | str:
    """Thunderbird (Sandia) syslog behind an alert tag, the epoch seconds, date and node; the
    program is optional (kernel lines start straight with the message)."""
    service = m.group(5) or options.service
    detail = _node(m.group(3), m.group(1))
    return Record(0, float(m.group(2)), m.group(7), None, service, detail=detail)


def _month_first(m: re.Match[str], options: ParseOptions) -> float | str:
    """The year-less time in groups 1-5 of `m` (month, day, hour, minute, second), or the reason
    it is no date."""
    month, day, hour, minute = (int(g) for g in m.groups()[:4])
    try:
        return _yearless(options, month, day, hour, minute, float(m.group(5)))
    except ValueError as exc:
        return f"invalid date ({exc})"


def _logcat(m: re.Match[str], options: ParseOptions) -> Record | str:
    """Android `logcat -v threadtime`: MM-dd HH:mm:ss.SSS pid tid level tag: message."""
    at = _month_first(m, options)
    if isinstance(at, str):
        return at
    detail = {"pid": int(m.group(6)), "tid": int(m.group(7))}
    service = m.group(9) or options.service
    return Record(0, at, m.group(10), _LOGCAT_LEVEL[m.group(8)], service, detail=detail)


def _proxifier(m: re.Match[str], options: ParseOptions) -> Record | str:
    """Proxifier: `[MM.dd HH:mm:ss] program - message`, no year."""
    at = _month_first(m, options)
    if isinstance(at, str):
        return at
    return Record(0, at, m.group(7), None, m.group(6))


def _hpc(m: re.Match[str], options: ParseOptions) -> Record | str:
    """HPC cluster events (Los Alamos): log id, node, component, state, epoch seconds, flag,
    message."""
    detail = {"host": m.group(2), "state": m.group(4)}
    return Record(0, float(m.group(5)), m.group(7), None, m.group(3), detail=detail)


DIALECTS: list[tuple[str, re.Pattern[str], Reader]] = [
    ("RFC 5424 syslog", RFC5424, _rfc5424),
    ("ISO-8601", ISO, _iso),
    ("combined log format", CLF, _clf),
    ("klog", KLOG, _klog),
    ("RFC 3164 syslog", RFC3164, _rfc3164),
    ("nginx error log", NGINX_ERROR, _nginx_error),
    ("Apache error log", APACHE_ERROR, _apache_error),
    ("log4j yy/MM/dd", LOG4J_SHORT, _log4j_short),
    # after every dialect above, so that no file they read changes dialect; the loosest last
    ("oslo.log behind its file name", OSLO_FILE, _oslo_file),
    ("Hadoop yyMMdd HHmmss", HADOOP_COMPACT, _hadoop_compact),
    ("HealthApp", HEALTHAPP, _healthapp),
    ("Blue Gene/L RAS", BGL, _bgl),
    ("Thunderbird syslog", THUNDERBIRD, _thunderbird),
    ("Android logcat", LOGCAT, _logcat),
    ("Proxifier", PROXIFIER, _proxifier),
    ("HPC events", HPC, _hpc),
]


def _dialect(sample: Sample) -> tuple[str, re.Pattern[str], Reader] | None:
    lines = [line for line in sample.lines[:50] if not _CONTINUATION.match(line)]
    if not lines:
        return None
    for dialect in DIALECTS:
        hits = sum(1 for line in lines if dialect[1].match(line))
        if hits >= max(1, (len(lines) + 1) // 2):
            return dialect
    return None


def detect(sample: Sample) -> str | None:
    if sample.is_dir or sample.is_zip:
        return "not a text file"
    if not sample.lines:
        return "empty"
    first = sample.lines[0].strip()
    if first.startswith(("{", "[{", '["')) or first == "[":
        return "starts with JSON"
    if _dialect(sample) is None:
        names = ", ".join(d[0] for d in DIALECTS)
        return f"no leading timestamp in the first lines (tried {names})"
    return None


Dialect = tuple[str, re.Pattern[str], Reader]


def _known_dialect(source: Source) -> Dialect:
    """The file's dialect; InvalidInput naming the file and the dialects tried when it has none
    (a forced `--format text` on lines this reader cannot time)."""
    dialect = _dialect(source.sample())
    if dialect is None:
        names = ", ".join(d[0] for d in DIALECTS)
        raise InvalidInput(
            f"{source.name}:1: no leading timestamp in the first lines (tried {names})",
            field="format",
        )
    return dialect


def _read_line(
    number: int, line: str, dialect: Dialect, options: ParseOptions
) -> Record | Malformed | None:
    """One line → Record, Malformed, or None (blank, or a continuation of the previous entry)."""
    if not line.strip():
        return None
    if len(line) > MAX_LINE_CHARS + 256:  # room for the line's head: the message is cut later
        line = line[: MAX_LINE_CHARS + 256]
    name, pattern, reader = dialect
    found = pattern.match(line)
    if found is None:
        if _CONTINUATION.match(line):
            return None
        return Malformed(number, f"does not start like a {name} line: {line[:60]!r}")
    record = reader(found, options)
    if isinstance(record, str):
        return Malformed(number, record)
    return tuple.__new__(Record, (number, *record[1:]))


def parse(source: Source, options: ParseOptions) -> Iterator[Record | Malformed]:
    dialect = _known_dialect(source)
    for number, line in source.lines():
        item = _read_line(number, line, dialect, options)
        if item is not None:
            yield item


def aggregate(
    source: Source,
    options: ParseOptions,
    into: Aggregate,
    progress: Callable[[str, int], None] | None = None,
) -> None:
    """Parse and condense in one pass (same result as `into.add_all(parse(...))`, which
    `tests/ingest/test_fast_paths.py` holds it to).

    A line shaped `2025-12-15T22:47:03.123Z LEVEL service: message` is read inline — its
    minute's epoch from a cache, plus the seconds: the same sum `iso_epoch` makes — and counted
    by `grouping.line_counter`, the grouping step of `Aggregate.add_all` without a Record (a
    Record, or one more call, per line is measurable over millions). Every other line goes
    through the dialect's reader.
    """
    dialect = _known_dialect(source)
    iso = dialect[0] == "ISO-8601"
    minutes: dict[str, float] = {}  # "2025-12-15T22:47" → epoch of that minute
    levels = _LEVEL_TOKENS
    count = line_counter(into)
    offset = into.clock_offset
    low, high = YEAR_2000, time.time() + 2 * 86400
    fast = 0
    tick = 0
    for first, batch in source.text_batches():
        if progress is not None and first >= tick:
            progress(source.name, first - 1)
            tick = first + 0x20000
        for number, line in enumerate(batch, first):
            if iso and 21 < len(line) <= MAX_LINE_CHARS and line[13] == ":" and line[16] == ":":
                space = line.find(" ", 19)
                head, _, tail = line[space + 1 :].partition(" ")
                level = levels.get(head)
                service, colon, text = tail.partition(": ")
                common = level and colon and service and " " not in service
                if common and space > 0 and line[space - 1] == "Z":
                    base = minutes.get(line[:16])
                    try:
                        if base is None:
                            base = _learn_minute(line[:16], minutes)
                        at = base + float(line[17 : space - 1].replace(",", "."))
                    except ValueError:  # not a time: the dialect's reader says why
                        pass
                    else:
                        fast += 1
                        at -= offset
                        if at < low or at > high:  # (NaN is neither, as in add_all)
                            into.note_implausible(number, at)
                        count(number, at, level, service, text)
                        continue
            item = _read_line(number, line, dialect, options)
            if item is not None:
                into.add_all((item,))
    into.lines += fast


def _learn_minute(minute: str, minutes: dict[str, float]) -> float:
    """The epoch of `minute` ("2025-12-15T22:47", UTC), remembered in `minutes` (up to 100,000
    of them). ValueError when it is no time."""
    whole = iso_epoch(minute + ":00Z")
    if whole is None:
        raise ValueError(minute)
    if len(minutes) < 100_000:
        minutes[minute] = whole
    return whole

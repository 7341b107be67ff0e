"""CSV with a header row: the time column is found by name (time, timestamp, ts, date …) or given
with `--time-column`; message, level and service columns likewise. Rows are condensed like logs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from hindsight.errors import InvalidInput
from hindsight.ingest.records import Malformed, ParseOptions, Record, Sample, Source, normal_level
from hindsight.ingest.times import parse_time
from hindsight.limits import MAX_CSV_FIELD_CHARS

NAME = "csv"
TIME_NAMES = (
    "timestamp",
    "time",
    "ts",
    "@timestamp",
    "datetime",
    "date",
    "event_time",
    "created_at",
    "occurred_at",
    "when",
)
MESSAGE_NAMES = ("message", "msg", "text", "description", "summary", "event", "log")
LEVEL_NAMES = ("level", "severity", "loglevel", "priority")
SERVICE_NAMES = ("service", "app", "application", "component", "source", "host")


def _find(header: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {h.strip().lower(): h for h in header}
    return next((lowered[n] for n in names if n in lowered), None)


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def detect(sample: Sample) -> str | None:
    if sample.is_dir or sample.is_zip:
        return "not a text file"
    lines = sample.lines
    if len(lines) < 2:
        return "fewer than two lines (a header and a row)"
    if lines[0].lstrip().startswith(("{", "[")):
        return "starts with JSON"
    dialect = _dialect("\n".join(lines[:20]))
    header = next(csv.reader([lines[0]], dialect))
    if len(header) < 2:
        return "header has fewer than two columns"
    if sample.time_column is not None and sample.time_column in header:
        return None
    if _find(header, TIME_NAMES) is None:
        return f"no time column in the header (looked for {', '.join(TIME_NAMES[:5])} …)"
    return None


def _rows(reader: Any, name: str) -> Iterator[tuple[int, list[str]]]:
    """(line the row starts on, row) — a quoted field may span lines, and an unclosed quote is
    at the start; one InvalidInput naming that line for a field over the csv module's limit
    (limits.MAX_CSV_FIELD_CHARS, usually an unclosed quote that swallowed the file)."""
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidInput(
                f"{name}:{start}: {exc}; a CSV field may have at most "
                f"{MAX_CSV_FIELD_CHARS:,} characters (an unclosed quote?)",
                field="file",
            ) from None
        yield start, row


def parse(source: Source, options: ParseOptions) -> Iterator[Record | Malformed]:
    dialect = _dialect(source.sample().text)
    with source.open_binary() as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        reader = csv.reader(text, dialect)
        rows = _rows(reader, source.name)
        header = next(rows, (0, []))[1]
        if not header:
            return
        time_col = options.time_column or _find(header, TIME_NAMES)
        if time_col is None or time_col not in header:
            raise InvalidInput(
                f"{source.name}: no time column {time_col or ''!r} in the header "
                f"({', '.join(header)}); give one with --time-column",
                field="time_column",
            )
        t = header.index(time_col)
        message_col = _find(header, MESSAGE_NAMES)
        m = header.index(message_col) if message_col else None
        level_col = _find(header, LEVEL_NAMES)
        lv = header.index(level_col) if level_col else None
        service_col = _find(header, SERVICE_NAMES)
        sv = header.index(service_col) if service_col else None
        others = [i for i in range(len(header)) if i not in {t, lv, sv}]
        for number, row in rows:
            if not row or not any(row):
                continue
            if len(row) != len(header):
                yield Malformed(number, f"{len(row)} fields, the header has {len(header)}")
                continue
            at = parse_time(row[t].strip(), options.tz)
            if at is None:
                yield Malformed(
                    number,
                    f'"{time_col}" is not a timestamp ({row[t][:40]!r}); '
                    "expected ISO-8601 or epoch seconds/ms",
                )
                continue
            message = row[m] if m is not None else " ".join(f"{header[i]}={row[i]}" for i in others)
            yield Record(
                number,
                at,
                message,
                normal_level(row[lv]) if lv is not None else None,
                (row[sv] or None) if sv is not None else options.service,
            )

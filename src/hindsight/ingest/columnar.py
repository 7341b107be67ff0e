"""The columnar reader: big JSON-lines and plain-text logs condensed by polars, not line by line.

A Python loop costs about 3 µs a line however tight it is; polars parses, shapes and groups a
chunk of lines in compiled code on every core. The file is read in `CHUNK_BYTES` chunks (so
memory stays bounded whatever its size), each chunk becomes one query — parse the fields, read
the time, take the message's shape (`condense.SHAPE_PATTERN`, the regex the line reader uses
too), group by (level, service, shape, minute) — and the per-minute rows of every chunk are
folded into the `Aggregate` the line reader would have built. `IN_FLIGHT` chunks are queried at
a time while the main thread reads the next one and hands its bytes to `tee` (the evidence
blob's writer and hasher), so the file is read once.

Only lines of the common shape take this road: a JSON object whose time is ISO-8601 in UTC (or
with an offset), or a text line `2025-12-15T22:47:03.123Z LEVEL service: message`. Any other line
of the chunk — a malformed one, a stack trace, another time format — is handed to the format's own
line reader with its number, so errors and odd values are reported exactly as before. A chunk the
query cannot read at all (invalid JSON or UTF-8, a blank line that would shift the row numbers)
is read line by line as a whole. A file whose first lines are mostly of another shape, a text log
with a lone "\r" line end, or one with more distinct message shapes than `GROUP_CAP` is left to
the line reader (`aggregate` returns None).

Every group statistic combines by sum, min or max (see `condense`), so the result equals the line
reader's on the same file; `tests/ingest/test_columnar.py` checks that on generated files.
"""

from __future__ import annotations

import importlib
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from hindsight.ingest import jsonl, textlog
from hindsight.ingest.condense import GROUP_CAP, SHAPE_PATTERN, TRACE_CAP, Aggregate
from hindsight.ingest.records import Malformed, ParseOptions, Record, Source, normal_level
from hindsight.ingest.times import YEAR_2000, iso_epoch
from hindsight.limits import MAX_LINE_CHARS

if TYPE_CHECKING:
    import polars as pl

# Bytes per chunk: big enough to amortise a query, small enough that IN_FLIGHT of them (and the
# columns made from them: more per byte for short text lines) stay well inside 512 MB.
CHUNK_BYTES = {"jsonl": 16 * 2**20, "text": 8 * 2**20}
IN_FLIGHT = 3
COMPACT_EVERY = 8  # chunks between folding the per-minute rows together (bounds their memory)
_NS = 1_000_000_000
_MINUTE_NS = 60 * _NS
ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$")
ISO_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?[+-]\d{2}:\d{2}$")
_FORMATS = {"Z": "%Y-%m-%dT%H:%M:%S%.fZ", "offset": "%Y-%m-%dT%H:%M:%S%.f%:z"}
_GROUP_KEYS = ["level", "service", "shape", "minute"]
Progress = Callable[[str, int], None]


@dataclass
class _Plan:
    """What the first lines said: how to read the rest."""

    format_name: str
    time_format: str
    json_keys: dict[str, list[str]] | None = None  # field → candidate keys, learnt one first


@dataclass
class _Chunk:
    first: int  # number of its first line
    data: bytes
    lines: int  # how many lines the line reader would count in it


@dataclass
class _Result:
    groups: pl.DataFrame | None  # per-minute rows, None: read the chunk line by line
    others: list[int]  # lines for the line reader
    traces: list[tuple[int, str, int]]  # (line, trace id, ns), first sightings in line order
    odd_times: list[tuple[int, int]]  # (line, ns) of times before 2000 or in the future
    abandon: bool = False  # the file is not for this reader after all


_warming: list[threading.Thread] = []


def warm_up() -> None:
    """Start importing polars on a thread (~0.25 s) while the caller gets on with opening the
    file and its evidence blob; an `import polars` elsewhere waits for it to finish."""
    if not _warming and "polars" not in sys.modules:
        thread = threading.Thread(target=importlib.import_module, args=("polars",), daemon=True)
        _warming.append(thread)
        thread.start()


def aggregate(
    format_name: str,
    source: Source,
    options: ParseOptions,
    clock_offset: float = 0.0,
    progress: Progress | None = None,
    tee: Callable[[bytes], None] | None = None,
) -> Aggregate | None:
    """The aggregate of `source` read by columns, or None when it is not a file for this reader.

    `tee` is given every block of the file as read, in order (to write the evidence blob on the
    way; not for a compressed file, whose blob is the compressed bytes); when None is returned it
    may have had a first part of the file only, or nothing.
    """
    if format_name not in ("jsonl", "text") or source.start or source.end is not None:
        return None
    if tee is not None and source.compressed:
        raise ValueError("a compressed file is kept as given: copy it before reading it")
    plan = _plan(format_name, source)
    if plan is None:
        return None
    # (polars is imported by the first query: meanwhile the first chunks are read and teed)
    reader = _Reader(plan, source, options, clock_offset, progress, tee)
    return reader.run()


def _plan(format_name: str, source: Source) -> _Plan | None:
    lines = source.sample().lines[:50]
    if not lines:
        return None
    if format_name == "text":
        dialect = textlog._dialect(source.sample())
        if dialect is None or dialect[0] != "ISO-8601":
            return None
        heads = [line.split(" ", 1)[0] for line in lines if not line[:1].isspace()]
        return _Plan("text", _FORMATS["Z"]) if _time_kind(heads) == "Z" else None
    wanted = {
        "time": jsonl.TIME_KEYS,
        "message": jsonl.MESSAGE_KEYS,
        "level": jsonl.LEVEL_KEYS,
        "service": jsonl.SERVICE_KEYS,
        "trace": jsonl.TRACE_KEYS,
    }
    objects = []
    for line in lines:
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        if isinstance(obj, dict):
            objects.append(obj)
    learnt: dict[str, str] = {}  # the key the first object having the field uses for it
    for obj in objects:
        for field, candidates in wanted.items():
            if field not in learnt:
                key = jsonl._find(obj, candidates)
                if key:
                    learnt[field] = key
    if "time" not in learnt or "message" not in learnt:
        return None
    kind = _time_kind([obj[learnt["time"]] for obj in objects if learnt["time"] in obj])
    if kind is None:
        return None
    seen = {key for obj in objects for key in obj}
    keys = {
        field: _candidates(learnt.get(field, ""), candidates, seen)
        for field, candidates in wanted.items()
    }
    keys["trace"] = _candidates(learnt.get("trace", ""), jsonl.TRACE_KEYS, set(jsonl.TRACE_KEYS))
    return _Plan("jsonl", _FORMATS[kind], keys)


def _time_kind(stamps: Sequence[object]) -> str | None:
    """ "Z" or "offset" when most sampled times are ISO-8601 of that kind, else None (the lines
    of another kind go to the line reader, one by one)."""
    if not stamps:
        return None
    for kind, pattern in (("Z", ISO_UTC), ("offset", ISO_OFFSET)):
        if sum(1 for s in stamps if isinstance(s, str) and pattern.match(s)) * 2 > len(stamps):
            return kind
    return None


def _candidates(learnt: str, keys: tuple[str, ...], seen: set[str]) -> list[str]:
    """The keys a field is looked for under, the learnt one first — those the first lines use
    (each key costs a column; a line that lacks them all goes to the line reader, or for level,
    service and trace id has none). Never empty: a column must exist to be read."""
    found = [k for k in keys if k in seen and k != learnt]
    if learnt not in ("", "-"):
        found.insert(0, learnt)
    return found or [keys[0]]


class _Reader:
    def __init__(
        self,
        plan: _Plan,
        source: Source,
        options: ParseOptions,
        clock_offset: float,
        progress: Progress | None,
        tee: Callable[[bytes], None] | None = None,
    ) -> None:
        self.tee = tee
        self.plan = plan
        self.source = source
        self.options = options
        self.offset_ns = round(clock_offset * _NS)
        self.progress = progress
        self.into = Aggregate(clock_offset=clock_offset)
        self.low_ns = int(YEAR_2000 * _NS)
        self.high_ns = int((time.time() + 2 * 86400) * _NS)
        self.fields = jsonl._Fields()  # for lines handed to the JSON line reader
        self.dialect = textlog._dialect(source.sample()) if plan.format_name == "text" else None
        self.frames: list[pl.DataFrame] = []

    def run(self) -> Aggregate | None:
        with ThreadPoolExecutor(max_workers=IN_FLIGHT) as pool:
            pending: list[tuple[_Chunk, Future[_Result]]] = []
            for chunk in self._chunks():
                pending.append((chunk, pool.submit(self._query, chunk)))
                if len(pending) >= IN_FLIGHT and not self._take(*pending.pop(0)):
                    return None
            for chunk, future in pending:
                if not self._take(chunk, future):
                    return None
        return self._finish()

    # -- reading --------------------------------------------------------------------------

    def _chunks(self) -> Iterator[_Chunk]:
        """The file in chunks of whole lines (the last may lack its newline), each read once."""
        size = CHUNK_BYTES[self.plan.format_name]
        number = 1
        with self.source.open_binary() as handle:  # (.gz read through)
            while block := handle.read(size):
                if not block.endswith(b"\n"):
                    block += handle.readline()  # to the end of the line (or of the file)
                if self.tee is not None:
                    self.tee(block)
                count = block.count(b"\n") + (not block.endswith(b"\n"))
                yield _Chunk(number, block, count)
                number += count

    def _query(self, chunk: _Chunk) -> _Result:
        """Runs in a pool thread (polars releases the GIL while it works)."""
        import polars as pl

        if self.plan.json_keys is None and chunk.data.count(b"\r") != chunk.data.count(b"\r\n"):
            # a lone "\r" ends a line for the text reader: line numbers would part from here
            return _Result(None, [], [], [], abandon=True)
        try:
            rows, trace = self._rows(chunk)
            if rows is None:
                return _Result(None, [], [], [])
            good = pl.col("good")
            all_good = bool(rows["good"].all())
            groups = (
                (rows if all_good else rows.filter(good))
                .lazy()
                .with_columns(
                    shape=pl.col("message").str.replace_all(SHAPE_PATTERN, "0"),
                    minute=pl.col("at") // _MINUTE_NS,
                )
                .group_by(_GROUP_KEYS)
                .agg(
                    count=pl.len(),
                    first=pl.col("at").min(),
                    last=pl.col("at").max(),
                    line=pl.col("line").min(),
                    representative=pl.col("message").max(),
                )
                .collect()
            )
        except (pl.exceptions.PolarsError, UnicodeDecodeError, ValueError):
            return _Result(None, [], [], [])
        others = [] if all_good else rows.filter(~good)["line"].to_list()
        odd: list[tuple[int, int]] = []
        if groups.height and (
            groups["first"].min() < self.low_ns or groups["last"].max() > self.high_ns  # type: ignore[operator]
        ):
            at = pl.col("at")
            odd = list(
                rows.filter(good & ((at < self.low_ns) | (at > self.high_ns)))
                .select("line", "at")
                .iter_rows()
            )
        traces: list[tuple[int, str, int]] = []
        if trace:  # first sightings only: a line reader keeps no other
            traces = list(
                rows.filter(good & pl.col("trace").is_not_null())
                .unique("trace", keep="first", maintain_order=True)
                .head(TRACE_CAP)
                .select("line", "trace", "at")
                .iter_rows()
            )
        return _Result(groups, others, traces, odd)

    def _rows(self, chunk: _Chunk) -> tuple[pl.DataFrame | None, bool]:
        """The chunk as rows of line, at (ns), level, service, message[, trace] and `good` (of
        the common shape); None when its rows cannot stand for its lines one to one."""
        import polars as pl

        plan = self.plan
        trace = False
        if plan.json_keys is None:
            frame = self._text_frame(chunk)
        else:
            trace = len(self.into.traces) < TRACE_CAP  # (read in a pool thread: at worst stale)
            frame = self._json_frame(chunk, trace)
        stamp = pl.col("stamp")
        if plan.time_format == _FORMATS["Z"]:
            # "2025-12-15T22:47:03.123Z": the minute's epoch (looked up once per minute) plus
            # the seconds — the line reader's sum, and a fifth of the cost of parsing a date
            frame = frame.with_columns(
                minute_key=stamp.str.head(16),
                seconds=stamp.str.slice(17).str.strip_suffix("Z").cast(pl.Float64, strict=False),
                shaped=(stamp.str.len_bytes() > 20)
                & stamp.str.ends_with("Z")
                & (stamp.str.slice(13, 1) == ":")
                & (stamp.str.slice(16, 1) == ":"),
            ).drop("stamp")
            rows = frame.collect()
            if rows.height != chunk.lines:
                return None, False  # blank lines: row numbers would not be line numbers
            keys = rows["minute_key"].unique().drop_nulls().to_list()
            bases = {}
            for key in keys:
                base = iso_epoch(key + ":00Z") if len(key) == 16 else None
                if base is not None:
                    bases[key] = round(base) * _NS
            at = (
                pl.col("minute_key").replace_strict(bases, default=None, return_dtype=pl.Int64)
                + (pl.col("seconds") * _NS).round().cast(pl.Int64)
                - self.offset_ns
            )
            rows = rows.with_columns(at=pl.when(pl.col("shaped")).then(at)).drop(
                "minute_key", "seconds", "shaped"
            )
        else:
            # "2025-12-15T23:47:03.123+01:00": separators where ISO puts them (chrono would take
            # a one-digit second the line reader refuses), microseconds as datetime keeps them
            shaped = (
                (stamp.str.len_bytes() >= 25)
                & (stamp.str.slice(10, 1) == "T")
                & (stamp.str.slice(13, 1) == ":")
                & (stamp.str.slice(16, 1) == ":")
                & stamp.str.slice(19, 1).is_in([".", "+", "-"])
            )
            parsed = stamp.str.to_datetime(plan.time_format, time_unit="us", strict=False)
            at = parsed.dt.convert_time_zone("UTC").dt.epoch("us") * 1000 - self.offset_ns
            frame = frame.with_columns(at=pl.when(shaped).then(at)).drop("stamp")
            rows = frame.collect()
            if rows.height != chunk.lines:
                return None, False
        fine = pl.col("at").is_not_null() & pl.col("message").is_not_null()
        # a message to cut (limits.MAX_LINE_CHARS) goes to the line reader, which cuts and counts it
        fine = fine & (pl.col("message").str.len_bytes() <= MAX_LINE_CHARS)
        if plan.json_keys is None:
            fine = fine & pl.col("level").is_not_null() & (pl.col("service") != "")
            fine = fine & ~pl.col("service").str.contains(" ", literal=True)
        return rows.with_columns(good=fine), trace

    def _json_frame(self, chunk: _Chunk, trace: bool) -> pl.LazyFrame:
        import polars as pl

        keys = self.plan.json_keys
        assert keys is not None
        fields = [
            f for f in ("time", "message", "level", "service", "trace") if trace or f != "trace"
        ]
        schema = {key: pl.String for f in fields for key in keys[f]}
        names = {"time": "stamp"}
        return pl.scan_ndjson(
            chunk.data, schema=schema, row_index_name="line", row_index_offset=chunk.first
        ).select("line", **{names.get(f, f): pl.coalesce(keys[f]) for f in fields})

    def _text_frame(self, chunk: _Chunk) -> pl.LazyFrame:
        import polars as pl

        levels = {word: level for word, level in textlog._LEVEL_TOKENS.items() if level}
        head = pl.col("raw").str.splitn(" ", 3)
        tail = pl.col("tail").str.splitn(": ", 2)
        return (
            pl.scan_lines(
                chunk.data, name="raw", row_index_name="line", row_index_offset=chunk.first
            )
            .select(
                "line",
                stamp=head.struct[0],
                level=head.struct[1].replace_strict(levels, default=None),
                tail=head.struct[2],
            )
            .select("line", "stamp", "level", service=tail.struct[0], message=tail.struct[1])
        )

    # -- folding ---------------------------------------------------------------------------

    def _take(self, chunk: _Chunk, future: Future[_Result]) -> bool:
        """Fold one chunk's result in, in file order; False: give the file to the line reader."""
        result = future.result()
        if result.abandon:
            return False
        if result.groups is None:
            self._by_lines(chunk, None)
        else:
            self.into.lines += int(result.groups["count"].sum() or 0)
            self.frames.append(result.groups)
            self._by_lines(chunk, result)
            if len(self.frames) >= COMPACT_EVERY:
                self.frames = [self._compact()]
                if self.frames[0].select("level", "service", "shape").n_unique() > GROUP_CAP:
                    return False
        if self.progress is not None:
            self.progress(self.source.name, chunk.first + chunk.lines - 1)
        return True

    def _by_lines(self, chunk: _Chunk, result: _Result | None) -> None:
        """The line reader's part of a chunk — all of it when `result` is None — merged in line
        order with the query's traces and implausible times, so that first sightings and
        examples are the ones a line-by-line read would keep."""
        into = self.into
        wanted = None if result is None else result.others
        if result is not None and not wanted and not result.traces and not result.odd_times:
            return
        raw = chunk.data.split(b"\n") if (wanted is None or wanted) else []
        events: list[tuple[int, int, Any]] = []
        if result is not None:
            events += [(line, 0, at) for line, at in result.odd_times]
            room = TRACE_CAP - len(into.traces)
            if room > 0:
                events += [(line, 1, (trace, at)) for line, trace, at in result.traces]
            events += [(line, 2, None) for line in wanted or ()]
            events.sort()
        else:
            events = [(chunk.first + i, 2, None) for i in range(chunk.lines)]
        for line, what, value in events:
            if what == 0:
                into.note_implausible(line, value / _NS)
            elif what == 1:
                trace, at = value
                if len(into.traces) < TRACE_CAP and trace not in into.traces:
                    into.traces[trace] = at / _NS
            else:
                item = self._read_line(
                    line, raw[line - chunk.first], line == chunk.first + len(raw) - 1
                )
                if item is not None:
                    into.add_all((item,))

    def _read_line(self, number: int, line: bytes, last: bool) -> Record | Malformed | None:
        if self.plan.format_name == "jsonl":
            return jsonl.parse_line(
                number, line if last else line + b"\n", self.fields, self.options
            )
        assert self.dialect is not None
        text = line.decode("utf-8", "replace").rstrip("\r")
        return textlog._read_line(number, text, self.dialect, self.options)

    def _compact(self) -> pl.DataFrame:
        import polars as pl

        return (
            pl.concat(self.frames)
            .group_by(_GROUP_KEYS)
            .agg(
                pl.col("count").sum(),
                pl.col("first").min(),
                pl.col("last").max(),
                pl.col("line").min(),
                pl.col("representative").max(),
            )
        )

    def _finish(self) -> Aggregate | None:
        import polars as pl

        into = self.into
        if not self.frames:
            return into
        groups = (
            self._compact()
            .group_by("level", "service", "shape")
            .agg(
                pl.col("count").sum().alias("total"),
                pl.col("first").min(),
                pl.col("last").max(),
                pl.col("representative").max(),
                "minute",
                "line",
                "count",
            )
        )
        if groups.height > GROUP_CAP:
            return None  # free text past the cap: the line reader's overflow keys bound it
        default = self.options.service
        for (
            raw_level,
            service,
            shape,
            total,
            first,
            last,
            text,
            minutes,
            lines,
            counts,
        ) in groups.iter_rows():
            minutes = [float(m) for m in minutes]
            group = [
                total,
                first / _NS,
                last / _NS,
                dict(zip(minutes, lines, strict=True)),
                dict(zip(minutes, counts, strict=True)),
                text,
            ]
            level = normal_level(raw_level)
            into.add_group((level, service if service is not None else default, shape), group)
        return into

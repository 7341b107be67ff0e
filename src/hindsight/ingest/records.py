"""What every importer yields, and what it is given: plain objects shared by the format modules.

An importer turns a file into `Record`s (one per log line, alert, page, commit, chat message …)
and `Malformed`s (a line it could not read, with the reason). Times are epoch seconds in UTC as
floats — cheap to compare and aggregate over millions of lines; `None` when the line had none.
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import IO, Any, NamedTuple

from hindsight.domain.model import EventKind
from hindsight.limits import MAX_DOCUMENT_BYTES

SAMPLE_BYTES = 64 * 1024
SAMPLE_LINE_BYTES = 16 * 2**20  # a first line longer than SAMPLE_BYTES is sampled up to this
BATCH_BYTES = 2**20  # per batch: big enough to amortise, small enough to stay in cache
_NEWLINES = re.compile("\r\n|\r|\n")  # where a TextIOWrapper(newline="") ends lines


class Record(NamedTuple):
    """One thing that happened, as read from a source file.

    `condense` records (log lines) are grouped by template; the others (alerts, pages, deploys,
    chat messages) each become one timeline event. `line` is 1-based in the evidence blob (0 when
    the record comes from a whole document). `detail` is importer-specific and JSON-ready.
    """

    line: int
    at: float | None
    text: str
    level: str | None = None
    service: str | None = None
    kind: EventKind = EventKind.LOG
    actor: str | None = None
    trace_id: str | None = None
    key: bool = False
    condense: bool = True
    detail: dict[str, Any] | None = None


class Malformed(NamedTuple):
    """A line that could not be read; `reason` names the field and what was expected."""

    line: int
    reason: str


@dataclass
class ParseOptions:
    """How to read naive times and what to call things the file does not name."""

    tz: tzinfo = UTC
    source: str | None = None
    service: str | None = None
    time_column: str | None = None
    year: int | None = None  # for formats without a year (RFC 3164 syslog, klog)
    reference_time: datetime | None = None  # "now" for relative ages (kubectl's LAST SEEN)
    reference_origin: str | None = None  # where reference_time came from ("--at", the mtime)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Source:
    """A file to read, streamed: `.gz` is decompressed on the fly; `.zip` members are listed.

    `start`/`end` select a byte range of an uncompressed file (parallel reading); `first_line` is
    the line number of the first line in that range (1 when reading from the start).
    """

    path: Path
    name: str
    start: int = 0
    end: int | None = None
    lines_read: int | None = None  # set once a batch reader has read to the end

    @property
    def compressed(self) -> bool:
        with self.path.open("rb") as handle:
            return handle.read(2) == b"\x1f\x8b"

    @property
    def is_zip(self) -> bool:
        return zipfile.is_zipfile(self.path)

    def open_binary(self) -> IO[bytes]:
        if self.compressed:
            return gzip.GzipFile(self.path, "rb")  # type: ignore[return-value]
        return self.path.open("rb")

    def lines(self) -> Iterator[tuple[int, str]]:
        """(line number, text without the newline), decoding UTF-8 with replacement."""
        if self.start or self.end is not None:
            yield from self._range_lines()
            return
        with self.open_binary() as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
            for number, line in enumerate(text, 1):
                yield number, line.rstrip("\r\n")

    def binary_lines(self) -> Iterator[tuple[int, bytes]]:
        """(line number, raw bytes with the newline) — the fast path for JSON lines."""
        if self.start or self.end is not None:
            with self.path.open("rb") as handle:
                handle.seek(self.start)
                position = self.start
                for number, raw in enumerate(handle, 1):
                    if self.end is not None and position >= self.end:
                        break
                    position += len(raw)
                    yield number, raw
            return
        with self.open_binary() as handle:
            yield from enumerate(handle, 1)

    def binary_batches(self) -> Iterator[tuple[int, list[bytes], bool]]:
        """(number of the first line, raw lines without the b"\\n", whether the last one had it).

        The same lines as `binary_lines`, for the fused hot paths: one `bytes.split` per MB
        costs far less than the file iterator's per-line call. The flag lets a reader give a
        line back its newline where that matters (orjson words some errors differently).
        """
        number = 1
        for block in self._blocks():
            lines = block.split(b"\n")
            ended = not lines[-1]
            if ended:
                lines.pop()
            yield number, lines, ended
            number += len(lines)
        self.lines_read = number - 1

    def text_batches(self) -> Iterator[tuple[int, list[str]]]:
        """(number of the first line, decoded lines) in batches — the same lines as `lines()`.

        Blocks end at a b"\\n", so UTF-8 decoding with replacement gives what a streaming
        decoder would. Reading a whole file, `lines()` also ends a line at a lone "\\r"; that
        rare case takes a regex split instead of `str.split`.
        """
        ranged = bool(self.start or self.end is not None)
        number = 1
        for block in self._blocks():
            text = block.decode("utf-8", "replace")
            lines = _NEWLINES.split(text) if "\r" in text and not ranged else text.split("\n")
            if not lines[-1]:
                lines.pop()  # the empty piece after the block's last newline
            if ranged and "\r" in text:
                lines = [line.rstrip("\r") for line in lines]
            yield number, lines
            number += len(lines)
        self.lines_read = number - 1

    def _blocks(self) -> Iterator[bytes]:
        """The bytes of the file (or of the range start:end) in blocks that end at a line end."""
        ranged = bool(self.start or self.end is not None)
        with self.path.open("rb") if ranged else self.open_binary() as handle:
            handle.seek(self.start)
            remaining = -1 if self.end is None else self.end - self.start
            carry = b""
            while remaining:
                block = handle.read(BATCH_BYTES if remaining < 0 else min(BATCH_BYTES, remaining))
                if not block:
                    break
                if remaining > 0:
                    remaining -= len(block)
                    if not remaining and not block.endswith(b"\n"):
                        block += handle.readline()  # a range ends after its last whole line
                cut = block.rfind(b"\n") + 1
                if not cut:
                    carry += block
                    continue
                yield carry + block[:cut]
                carry = block[cut:]
            if carry:
                yield carry

    def _range_lines(self) -> Iterator[tuple[int, str]]:
        with self.path.open("rb") as handle:
            handle.seek(self.start)
            position = self.start
            for number, raw in enumerate(handle, 1):
                if self.end is not None and position >= self.end:
                    break
                position += len(raw)
                yield number, raw.decode("utf-8", "replace").rstrip("\r\n")

    def read_bytes(self) -> bytes:
        """The whole (decompressed) content, for document formats; refuses very large files."""
        with self.open_binary() as raw:
            data = raw.read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            from hindsight.errors import InvalidInput

            raise InvalidInput(
                f"{self.name}: larger than {MAX_DOCUMENT_BYTES // 2**20} MB for a JSON document; "
                "split it or export as JSON lines"
            )
        return data

    def first_undecodable(self) -> tuple[int, int] | None:
        """(line, byte) of the first byte in the sample that is not UTF-8, None when all is —
        or when the source is a folder or zip. Readers decode such bytes as U+FFFD."""
        if self.path.is_dir() or self.is_zip:
            return None
        try:
            with self.open_binary() as raw:
                head = raw.read(SAMPLE_BYTES)
        except (EOFError, OSError, zlib.error):
            return None  # a damaged .gz: the reader says so, with what is wrong
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            cut = len(head) == SAMPLE_BYTES and exc.reason == "unexpected end of data"
            if cut and exc.start >= len(head) - 3:
                return None  # a character cut by the end of the sample
            return head.count(b"\n", 0, exc.start) + 1, head[exc.start]
        return None

    def sample(self) -> Sample:
        if self.path.is_dir():
            return Sample(self.name, "", is_dir=True, path=self.path)
        if self.is_zip:
            with zipfile.ZipFile(self.path) as archive:
                names = archive.namelist()
            return Sample(self.name, "\n".join(names), is_zip=True, path=self.path)
        with self.open_binary() as raw:
            head = raw.read(SAMPLE_BYTES)
            if len(head) == SAMPLE_BYTES and b"\n" not in head:
                # The first line is longer than the sample (a JSON log line with a stack trace):
                # detectors need it whole, and the next line to compare it with.
                head += raw.readline(SAMPLE_LINE_BYTES) + raw.readline(SAMPLE_BYTES)
        return Sample(self.name, head.decode("utf-8", "replace"), path=self.path)


@dataclass
class Sample:
    """The start of a file (or the listing of a folder or zip), for format detection."""

    name: str
    text: str
    is_dir: bool = False
    is_zip: bool = False
    path: Path | None = None
    time_column: str | None = None  # --time-column, a hint for the CSV detector

    @property
    def lines(self) -> list[str]:
        """Complete non-blank lines of the sample (the last, possibly cut, line is dropped)."""
        lines = self.text.split("\n")
        if len(self.text) >= SAMPLE_BYTES and len(lines) > 1:
            lines = lines[:-1]
        return [line.rstrip("\r") for line in lines if line.strip()]


_LEVELS = {
    "trace": "TRACE", "debug": "DEBUG", "dbg": "DEBUG", "d": "DEBUG",
    "info": "INFO", "information": "INFO", "informational": "INFO", "notice": "INFO", "i": "INFO",
    "warn": "WARN", "warning": "WARN", "w": "WARN",
    "error": "ERROR", "err": "ERROR", "e": "ERROR", "severe": "ERROR",
    "critical": "FATAL", "crit": "FATAL", "fatal": "FATAL", "f": "FATAL", "alert": "FATAL",
    "emerg": "FATAL", "emergency": "FATAL", "panic": "FATAL",
    "10": "TRACE", "20": "DEBUG", "30": "INFO", "40": "WARN", "50": "ERROR", "60": "FATAL",
}  # fmt: skip
_level_cache: dict[object, str | None] = {}
SEVERE_LEVELS = frozenset({"ERROR", "FATAL"})
LEVEL_RANK = {"TRACE": 0, "DEBUG": 1, "INFO": 2, "WARN": 3, "ERROR": 4, "FATAL": 5}


def normal_level(raw: object) -> str | None:
    """TRACE/DEBUG/INFO/WARN/ERROR/FATAL from a level as written (names, letters, pino numbers)."""
    if raw is None:
        return None
    if not isinstance(raw, str | int | float):
        raw = str(raw)
    cached = _level_cache.get(raw)
    if cached is not None or raw in _level_cache:
        return cached
    text = str(raw).strip().lower()
    level = _LEVELS.get(text)
    if level is None and text:
        level = text.upper()[:10]
    if len(_level_cache) < 10_000:
        _level_cache[raw] = level
    return level

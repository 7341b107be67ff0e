"""Importing evidence into an incident: the one entry point the CLI and the web share.

For each file: keep it as evidence (content-addressed), recognise its format, stream it through
the importer into an `Aggregate`, condense, and store the events and the evidence record in one
transaction — a crash or Ctrl-C leaves nothing half-stored, and running again completes the job.
A file already imported into the incident (same SHA-256) is skipped — unless `--clock-offset`
now differs from the one it was imported with: then its events are replaced by re-read ones.
"""

from __future__ import annotations

import csv
import gc
import gzip
import os
import statistics
import subprocess
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from multiprocessing import get_context
from pathlib import Path
from types import ModuleType
from typing import Any

from hindsight.domain.model import Evidence, TimelineEvent, now_utc
from hindsight.errors import HindsightError, InvalidInput, NotFound
from hindsight.ingest import columnar as columnar_reader
from hindsight.ingest import evidence as blobs
from hindsight.ingest import registry
from hindsight.ingest.condense import Aggregate, condensed_events
from hindsight.ingest.records import ParseOptions, Source
from hindsight.ingest.times import YEAR_2000
from hindsight.limits import MAX_JSON_DEPTH, MAX_LINE_CHARS
from hindsight.store import evidence as stored
from hindsight.store.repo import Store, incident_exists
from hindsight.timeutil import format_duration, parse_duration, zone
from hindsight.wording import counted
from hindsight.workspace import Workspace, current_user

PARALLEL_MIN_BYTES = 32 * 2**20
# From this size a JSON-lines or text log goes to the columnar reader (polars) when its lines
# are of the common shape; below it, importing polars would cost more than it saves.
COLUMNAR_MIN_BYTES = 8 * 2**20
LINE_FORMATS = frozenset({"jsonl", "text"})
TIMED_LINE_FORMATS = frozenset({"jsonl", "text", "csv", "kubectl-logs"})
Progress = Callable[[str, int], None]


@dataclass
class IngestOptions:
    """What `hindsight ingest` was told. `tz` None means the workspace's zone (else UTC)."""

    format: str | None = None
    source: str | None = None
    service: str | None = None
    tz: str | None = None
    clock_offset: str | timedelta | None = None
    time_column: str | None = None
    actor: str | None = None
    workers: int | None = None  # None: 2 when the file is large and the machine has 2+ cores
    columnar: bool | None = None  # None: the columnar reader for files of COLUMNAR_MIN_BYTES+
    reference_time: datetime | None = None
    progress: Progress | None = None
    origin: str | None = None  # where the bytes came from, when not the path (a pull, an upload)


@dataclass
class FileReport:
    path: str
    format: str | None = None
    sha256: str | None = None
    # imported | re-imported (new clock offset) | already imported | failed | skipped (a file
    # of a folder that no format reads; `error` then holds the short reason)
    status: str = "imported"
    lines: int = 0
    events: int = 0
    key_events: int = 0
    malformed: int = 0
    malformed_examples: list[str] = field(default_factory=list)
    implausible: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    first_at: datetime | None = None
    last_at: datetime | None = None
    outside_span: int = 0  # events whose implausible time is left out of first_at – last_at
    seconds: float = 0.0
    error: str | None = None


@dataclass
class SkewEstimate:
    """`later` seems to run `seconds` ahead of `earlier`, from `shared` common trace/request ids."""

    reference: str
    other: str
    seconds: float
    shared: int

    @property
    def advice(self) -> str:
        sign = "+" if self.seconds > 0 else "-"
        ahead = "ahead of" if self.seconds > 0 else "behind"
        return (
            f"{self.other} runs {format_duration(abs(self.seconds))} {ahead} {self.reference} "
            f"({self.shared} shared request/trace ids); re-import it with "
            f"--clock-offset {sign}{abs(round(self.seconds))}s"
        )


@dataclass
class IngestReport:
    incident_id: str
    timezone: str
    timezone_origin: str
    files: list[FileReport] = field(default_factory=list)
    skew: list[SkewEstimate] = field(default_factory=list)

    @property
    def events(self) -> int:
        return sum(f.events for f in self.files)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def skipped(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "skipped"]

    @property
    def complete(self) -> bool:
        """Whether the import did its job: no file failed half-way, and at least one file is in
        the incident (imported now or before). Skipped files of a folder do not count."""
        return not self.failed and len(self.skipped) < len(self.files)


def ingest_paths(
    workspace: Workspace,
    store: Store,
    incident_id: str,
    paths: Sequence[str | Path],
    options: IngestOptions | None = None,
) -> IngestReport:
    """Import every file (or folder) of `paths` into `incident_id`; one transaction per file.

    Raises NotFound for an unknown incident and InvalidInput for a path that does not exist or a
    bad option; a file that cannot be read is reported (status "failed") and the others go on.
    """
    options = options or IngestOptions()
    incident_id = incident_id.strip().upper()
    with store.session() as session:
        if not incident_exists(session, incident_id):
            raise NotFound(f"no incident {incident_id}")
    if options.tz:
        tz_name, tz_origin = options.tz, "--tz"
    elif workspace.timezone:
        tz_name, tz_origin = workspace.timezone, "workspace zone"
    else:
        tz_name, tz_origin = "UTC", "default"
    parse_options = ParseOptions(
        tz=zone(tz_name),
        source=options.source,
        service=options.service,
        time_column=options.time_column,
        reference_time=options.reference_time,
    )
    offset = _offset_seconds(options.clock_offset)
    if options.format:
        registry.by_name(options.format)  # an unknown --format is a bad option, not a bad file
    report = IngestReport(incident_id, tz_name, tz_origin)
    blobs.clean_stale(workspace.evidence_dir, workspace.state_dir / "uploads")
    traces: list[tuple[str, dict[str, float]]] = []
    for unit, in_folder in _all_units(paths):  # every path is checked before a file is stored
        file_report, trace_map = _ingest_one(
            workspace, store, incident_id, unit, options, parse_options, offset, in_folder
        )
        report.files.append(file_report)
        if trace_map:
            traces.append((file_report.path, trace_map))
    report.skew = estimate_skew(traces)
    return report


def _offset_seconds(value: str | timedelta | None) -> float:
    if value is None or value == "":
        return 0.0
    if isinstance(value, timedelta):
        return value.total_seconds()
    return parse_duration(value, field="clock-offset").total_seconds()


def _all_units(paths: Sequence[str | Path]) -> list[tuple[Path, bool]]:
    """The files to import, in order, each with whether it was found in a folder (rather than
    named); InvalidInput for a missing path or a folder with no file."""
    units: list[tuple[Path, bool]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InvalidInput(f"{path}: no such file or directory", field="path")
        found = _units(path)
        if not found:
            raise InvalidInput(f"{path}: folder holds no files to import", field="path")
        units.extend((unit, unit != path) for unit in found)
    return units


def _units(path: Path) -> list[Path]:
    """A file, a folder-shaped export (Slack, a git repo) as one unit, or a folder's files."""
    if path.is_file() or _is_export(path):
        return [path]
    found = []
    for child in sorted(path.iterdir()):
        if child.name.startswith("."):
            continue
        found.extend(_units(child) if child.is_dir() else [child])
    return found


def _is_export(path: Path) -> bool:
    return (
        (path / ".git").exists()
        or (path / "users.json").exists()
        or (path / "channels.json").exists()
    )


def _ingest_one(
    workspace: Workspace,
    store: Store,
    incident_id: str,
    path: Path,
    options: IngestOptions,
    parse_options: ParseOptions,
    offset: float,
    in_folder: bool = False,
) -> tuple[FileReport, dict[str, float]]:
    started = time.perf_counter()
    report = FileReport(str(path))
    incoming: blobs.Incoming | None = None
    try:
        if _read_once(store, incident_id, path):
            columnar_reader.warm_up()  # polars loads while the first blocks are read
            incoming = blobs.Incoming(workspace.evidence_dir)
            readable = path  # read once: parsed, copied and hashed on the way
        else:
            sha, size, readable = _keep(workspace, path)
    except (OSError, subprocess.CalledProcessError) as exc:
        report.status, report.error = "failed", f"{path}: cannot read ({exc})"
        return report, {}
    known: float | None = None
    if incoming is None:
        report.sha256 = sha
        known, done = _earlier_import(store, incident_id, sha, options, offset)
        if done:
            report.status = "already imported"
            return report, {}
    name = path.name
    try:
        read = _read(
            readable, name, path, options, parse_options, offset, report, incoming, in_folder
        )
    except BaseException:
        if incoming is not None:
            incoming.discard()
        raise
    if incoming is not None:
        try:
            sha, size, _ = incoming.finish()
        except OSError as exc:
            report.status, report.error = "failed", f"{path}: cannot read ({exc})"
            return report, {}
        report.sha256 = sha
        known, done = _earlier_import(store, incident_id, sha, options, offset)
        if done:
            report.status = "already imported"  # the same bytes under another name meanwhile
            return report, {}
    reimport = known is not None
    if read is None:
        return report, {}
    importer, aggregate, file_options = read
    label = options.source or f"{importer.NAME}:{name}"
    events = condensed_events(aggregate, source=label, evidence=sha, format_name=importer.NAME)
    if options.time_column:
        for event in events:  # drill-down re-reads the file and needs the same column
            event.detail["time_column"] = options.time_column
    _describe(report, aggregate, events, file_options, name)
    if not events and aggregate.lines and aggregate.malformed == aggregate.lines:
        report.status = "failed"
        report.error = f"{name}: no line could be read as {importer.NAME}"
        if aggregate.malformed_examples:
            line, why = aggregate.malformed_examples[0]
            report.error += f" (line {line}: {why})" if line else f" ({why})"
        return report, {}
    if not events and importer.NAME in TIMED_LINE_FORMATS:
        report.status = "failed"  # 0 records is not a success: say what the lines lacked
        report.error = (
            f"{name}: no record found as {importer.NAME} ({aggregate.lines:,} lines); "
            "for `kubectl logs` output without times use --format kubectl-logs"
        )
        return report, {}
    record = Evidence(
        sha256=sha,
        filename=name,
        size=size,
        format=importer.NAME,
        added_by=options.actor or current_user(),
        added_at=now_utc(),
        origin=options.origin or str(path.resolve()),
        incident_id=incident_id,
        clock_offset_seconds=offset,
        lines=aggregate.lines,
    )
    report.status = store_evidence(store, record, events, reimport=reimport)
    if report.status == "already imported":
        return report, {}
    report.seconds = round(time.perf_counter() - started, 3)
    return report, aggregate.traces


def store_evidence(
    store: Store, record: Evidence, events: list[TimelineEvent], *, reimport: bool = False
) -> str:
    """Store the evidence record, its events and an audit line in one transaction.

    Returns "imported", "re-imported" (`reimport`: the events of an earlier import of the same
    bytes are replaced) or "already imported" (the incident holds these bytes: nothing stored).
    """
    with store.session() as session:
        return stored.store_import(session, record, events, reimport=reimport)


def _read_once(store: Store, incident_id: str, path: Path) -> bool:
    """Whether to parse a file while its evidence copy is written and hashed from the same bytes
    (`evidence.Incoming`): a big regular file, when the incident holds no evidence of its size —
    else it may be imported already, and the hash, needed first to know, is cheaper than a parse."""
    if not path.is_file() or path.is_symlink():
        return False
    size = path.stat().st_size
    if size < COLUMNAR_MIN_BYTES:
        return False
    with store.session() as session:
        return not stored.holds_size(session, incident_id, size)


def _read(
    readable: Path,
    name: str,
    path: Path,
    options: IngestOptions,
    parse_options: ParseOptions,
    offset: float,
    report: FileReport,
    incoming: blobs.Incoming | None = None,
    in_folder: bool = False,
) -> tuple[ModuleType, Aggregate, ParseOptions] | None:
    """Recognise and aggregate one file; None (with `report` saying why) when it cannot be.
    A file found `in_folder` that no format reads is skipped with the short reason."""
    source = Source(readable, name)
    try:
        importer = (
            registry.by_name(options.format)
            if options.format
            else registry.detect(replace(source.sample(), time_column=options.time_column))
        )
    except registry.Unrecognised as exc:
        report.status, report.error = (
            ("skipped", exc.reason) if in_folder else ("failed", exc.message)
        )
        return None
    except InvalidInput as exc:
        report.status, report.error = "failed", exc.message
        return None
    except _DAMAGED as exc:
        report.status, report.error = "failed", _damaged(name, exc)
        return None
    report.format = importer.NAME
    file_options = ParseOptions(**{**parse_options.__dict__, "warnings": []})
    undecodable = source.first_undecodable()
    if undecodable:
        line, byte = undecodable
        file_options.warnings.append(
            f"{name}:{line}: not UTF-8 (byte 0x{byte:02x}); such bytes read as \ufffd "
            "(the evidence keeps them); save the file as UTF-8 to keep its text"
        )
    if file_options.reference_time is None:
        file_options.reference_time = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
        file_options.reference_origin = "the file's modification time"
    elif file_options.reference_origin is None:
        file_options.reference_origin = "--at"
    try:
        size = readable.stat().st_size
        aggregate = _aggregate(
            importer, source, size, file_options, offset, options, name, incoming
        )
    except HindsightError as exc:
        report.status, report.error = "failed", exc.message
        return None
    except _DAMAGED as exc:
        report.status, report.error = "failed", _damaged(name, exc)
        return None
    except (ValueError, KeyError, TypeError, OSError, zipfile.BadZipFile, csv.Error) as exc:
        report.status = "failed"
        report.error = f"{name}: could not be read as {importer.NAME} ({type(exc).__name__}: {exc})"
        return None
    return importer, aggregate, file_options


# What a damaged or hostile file raises from deep inside a reader, whatever its format.
_DAMAGED = (EOFError, zlib.error, gzip.BadGzipFile, RecursionError, OverflowError, MemoryError)


def _damaged(name: str, exc: BaseException) -> str:
    """One line for a file a reader gave up on (see _DAMAGED): what is wrong, not where in us."""
    if isinstance(exc, EOFError | zlib.error | gzip.BadGzipFile):
        return (
            f"{name}: the gzip stream is truncated or corrupt ({exc}); nothing of the file "
            "was imported — copy it again whole"
        )
    if isinstance(exc, RecursionError):
        return f"{name}: nested deeper than {MAX_JSON_DEPTH} levels; nothing was imported"
    if isinstance(exc, OverflowError):
        return f"{name}: a number is too large to be a time or a count ({exc})"
    return f"{name}: too large to read in memory"


def _earlier_import(
    store: Store, incident_id: str, sha: str, options: IngestOptions, offset: float
) -> tuple[float | None, bool]:
    """(the clock offset `sha` was imported with, or None; whether there is nothing to do) —
    work remains for a new file, or a known one given a different `--clock-offset`."""
    with store.session() as session:
        known = stored.known_offset(session, incident_id, sha)
    done = known is not None and (options.clock_offset is None or known == offset)
    return known, done


def _keep(workspace: Workspace, path: Path) -> tuple[str, int, Path]:
    if path.is_dir() and (path / ".git").exists():
        return blobs.store_bytes(workspace.evidence_dir, git_log(path))
    if path.is_dir():
        return blobs.store_folder(workspace.evidence_dir, path)
    return blobs.store_file(workspace.evidence_dir, path)


def git_log(repo: Path) -> bytes:
    """`git log` of a repository in the saved-log shape gitlog.py reads (with tags decorated)."""
    return subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "log",
            "--all",
            "--date=iso-strict",
            "--decorate=full",
            "--format=commit %H%d%nMerge: %P%nAuthor: %an <%ae>%nAuthorDate: %ad%n"
            "Commit: %cn <%ce>%nCommitDate: %cd%n%n%w(0,4,4)%B",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout


def _aggregate(
    importer: ModuleType,
    source: Source,
    size: int,
    options: ParseOptions,
    offset: float,
    ingest: IngestOptions,
    name: str,
    incoming: blobs.Incoming | None = None,
) -> Aggregate:
    """Read `source` into an Aggregate with the fastest reader that takes it. With `incoming`,
    `source` is the original file and the evidence blob is written from what is read."""
    columnar = ingest.columnar
    if columnar is None:
        columnar = size >= COLUMNAR_MIN_BYTES
    if columnar and importer.NAME in LINE_FORMATS:
        if incoming is not None and source.compressed:  # the blob is the .gz: copy it first
            incoming.complete_from(source.path)
            source, incoming = Source(incoming.written(), source.name), None
        tee = incoming.feed if incoming is not None else None
        found = columnar_reader.aggregate(
            importer.NAME, source, options, offset, ingest.progress, tee=tee
        )
        if found is not None:
            return found
    if incoming is not None:  # the line readers read the blob: copy it first
        incoming.complete_from(source.path)
        source = Source(incoming.written(), source.name)
    workers = ingest.workers
    if workers is None:
        workers = 2 if size >= PARALLEL_MIN_BYTES and (os.cpu_count() or 1) >= 2 else 1
    if workers > 1 and importer.NAME in LINE_FORMATS and not source.compressed:
        return _aggregate_parallel(importer.NAME, source, size, options, offset, workers)
    aggregate = Aggregate(clock_offset=offset)
    if hasattr(importer, "aggregate"):  # a fused parse-and-condense fast path
        importer.aggregate(source, options, aggregate, ingest.progress)
        return aggregate
    items: Iterable[Any] = importer.parse(source, options)
    if ingest.progress is not None:
        items = _ticking(items, ingest.progress, name)
    aggregate.add_all(items)
    return aggregate


def _ticking(items: Iterable[Any], progress: Progress, name: str) -> Iterable[Any]:
    for count, item in enumerate(items, 1):
        if count % 100_000 == 0:
            progress(name, count)
        yield item


def _split_points(path: Path, size: int, parts: int) -> list[int]:
    points = [0]
    with path.open("rb") as handle:
        for index in range(1, parts):
            handle.seek(size * index // parts)
            handle.readline()
            points.append(handle.tell())
    points.append(size)
    return points


def _count_lines(path: Path, start: int, end: int) -> int:
    count = 0
    with path.open("rb") as handle:
        handle.seek(start)
        remaining = end - start
        while remaining > 0:
            chunk = handle.read(min(blobs.CHUNK * 8, remaining))
            if not chunk:
                break
            count += chunk.count(b"\n")
            remaining -= len(chunk)
    return count


def _aggregate_range(
    format_name: str,
    path: Path,
    name: str,
    start: int,
    end: int,
    options: ParseOptions,
    offset: float,
) -> tuple[Aggregate, int | None]:
    """The aggregate of one byte range, and how many lines the range holds (None if not known:
    the parent then counts them) — counted while reading, so the parent need not read it too."""
    # Runs in a pool process of its own: the hot loop makes millions of short-lived objects and
    # no cycles, so the cyclic collector's passes are pure cost (~5%) there.
    gc.disable()
    importer = registry.by_name(format_name)
    aggregate = Aggregate(clock_offset=offset)
    source = Source(path, name, start, end)
    if hasattr(importer, "aggregate"):
        importer.aggregate(source, options, aggregate)
    else:
        aggregate.add_all(importer.parse(source, options))
    return aggregate, source.lines_read


def _aggregate_parallel(
    format_name: str, source: Source, size: int, options: ParseOptions, offset: float, workers: int
) -> Aggregate:
    points = _split_points(source.path, size, workers)
    # fork is cheapest, but forking a threaded process (a web server) can deadlock: spawn then
    method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context(method)) as pool:
        futures = [
            pool.submit(
                _aggregate_range,
                format_name,
                source.path,
                source.name,
                points[i],
                points[i + 1],
                options,
                offset,
            )
            for i in range(workers)
        ]
        results = [future.result() for future in futures]
    line_offsets = [0]
    for i, (_, in_range) in enumerate(results[:-1]):
        if in_range is None:
            in_range = _count_lines(source.path, points[i], points[i + 1])
        line_offsets.append(line_offsets[-1] + in_range)
    total = results[0][0]
    for (part, _), line_offset in zip(results[1:], line_offsets[1:], strict=True):
        total.merge(part, line_offset)
    return total


def _describe(
    report: FileReport,
    aggregate: Aggregate,
    events: list[TimelineEvent],
    options: ParseOptions,
    name: str,
) -> None:
    report.lines = aggregate.lines
    report.events = len(events)
    report.key_events = sum(1 for e in events if e.key)
    report.malformed = aggregate.malformed
    report.malformed_examples = [f"{name}:{n}: {why}" for n, why in aggregate.malformed_examples]
    report.implausible = dict(aggregate.implausible)
    report.warnings = list(options.warnings)
    if aggregate.implausible:
        where = ", ".join(f"{name}:{n} ({why})" for n, why in aggregate.implausible_examples)
        wrong = sum(aggregate.implausible.values())
        report.warnings.append(
            f"{counted(wrong, 'time looks', 'times look')} wrong "
            f"({', '.join(f'{k}: {v}' for k, v in aggregate.implausible.items())}), e.g. {where}"
        )
    if aggregate.truncated:
        where = ", ".join(f"{name}:{n}" for n in aggregate.truncated_examples)
        report.warnings.append(
            f"{counted(aggregate.truncated, 'message')} longer than {MAX_LINE_CHARS // 1024} KiB "
            f"{'was' if aggregate.truncated == 1 else 'were'} cut "
            f"(events marked truncated; the evidence keeps them whole), e.g. {where}"
        )
    plausible = [e for e in events if _plausible(e.at)] if aggregate.implausible else events
    report.outside_span = len(events) - len(plausible)
    if plausible:
        report.first_at = min(e.at for e in plausible)
        ends = [e.last_at for e in plausible if e.last_at and _plausible(e.last_at)]
        report.last_at = max([e.at for e in plausible] + ends)


def _plausible(at: datetime) -> bool:
    """The bounds `Aggregate` warns about: not before 2000, not more than two days ahead."""
    seconds = at.timestamp()
    return YEAR_2000 <= seconds <= time.time() + 2 * 86400


def estimate_skew(
    traces: list[tuple[str, dict[str, float]]], minimum: int = 5, threshold: float = 1.0
) -> list[SkewEstimate]:
    """Clock skew between every pair of files sharing at least `minimum` trace/request ids.

    The median difference of first sightings is robust to the few ids whose second hop came much
    later; skews under `threshold` seconds are not worth reporting.
    """
    found: list[SkewEstimate] = []
    for i, (name_a, a) in enumerate(traces):
        for name_b, b in traces[i + 1 :]:
            shared = a.keys() & b.keys()
            if len(shared) < minimum:
                continue
            skew = statistics.median(b[t] - a[t] for t in shared)
            if abs(skew) >= threshold:
                found.append(SkewEstimate(name_a, name_b, round(skew, 3), len(shared)))
    return found

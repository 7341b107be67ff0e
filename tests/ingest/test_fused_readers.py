"""The fused readers (`jsonl.aggregate`, `textlog.aggregate`) on real messages.

Each file is read three ways that must agree: the fused loop, the plain path
(`Aggregate.add_all(parse(...))`), and — for lines we write ourselves — groups computed here
straight from the records written (count, first and last time, per-minute counts and first
lines, greatest message per (level, service, shape)). The messages are real: the loghub 2k
samples' parsed records (loghub_2k/*/*_structured.csv), their corrected templates filled with
generated values (loghub2_benchmark), and the loghub files themselves as they are.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hindsight.ingest import jsonl, textlog
from hindsight.ingest.condense import SHAPE, Aggregate, condensed_events
from hindsight.ingest.records import ParseOptions, Source
from tests.conftest import shared_data
from tests.ingest.helpers import state, written

SYSTEMS = [
    "Android",
    "Apache",
    "BGL",
    "HDFS",
    "HPC",
    "Hadoop",
    "HealthApp",
    "Linux",
    "Mac",
    "OpenSSH",
    "OpenStack",
    "Proxifier",
    "Spark",
    "Thunderbird",
    "Windows",
    "Zookeeper",
]
TEMPLATE_SYSTEMS = [s for s in SYSTEMS if s not in ("Android", "Windows")]  # 14 in loghub 2.0
LEVELS = ("INFO", "WARN", "ERROR", "DEBUG", "FATAL", "TRACE")
START = datetime(2025, 12, 15, 22, 0, tzinfo=UTC)

# one line as written: (milliseconds after START, level, service, message, trace id)
Written = tuple[int, str, str, str, str]


def _stamp(ms: int) -> tuple[str, float]:
    """The ISO text of START + ms, and its epoch as the contract says: the whole minute's epoch
    plus the seconds written, as one float sum."""
    minute, rest = divmod(ms, 60_000)
    whole = START.timestamp() + minute * 60
    moment = datetime.fromtimestamp(whole, UTC)
    seconds = f"{rest // 1000:02d}.{rest % 1000:03d}"
    return f"{moment:%Y-%m-%dT%H:%M}:{seconds}Z", whole + float(seconds)


def _text(lines: list[Written]) -> bytes:
    return "".join(
        f"{_stamp(ms)[0]} {lvl} {svc}: {msg}\n" for ms, lvl, svc, msg, _ in lines
    ).encode()


def _json(lines: list[Written]) -> bytes:
    rows = (
        {"ts": _stamp(ms)[0], "level": lvl, "service": svc, "msg": msg, "trace_id": trace}
        for ms, lvl, svc, msg, trace in lines
    )
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()


def _expected_groups(lines: list[Written]) -> dict[Any, list[Any]]:
    """The groups an Aggregate must hold, computed from the records alone."""
    groups: dict[Any, list[Any]] = {}
    for number, (ms, level, service, message, _) in enumerate(lines, 1):
        at = _stamp(ms)[1]
        minute = at // 60
        key = (level, service, SHAPE.sub("0", message))
        group = groups.setdefault(key, [0, at, at, {}, {}, message])
        group[0] += 1
        group[1], group[2] = min(group[1], at), max(group[2], at)
        group[3].setdefault(minute, number)
        group[4][minute] = group[4].get(minute, 0) + 1
        group[5] = max(group[5], message)
    return groups


def _expected_traces(lines: list[Written]) -> dict[str, float]:
    traces: dict[str, float] = {}
    for ms, *_, trace in lines:
        traces.setdefault(trace, _stamp(ms)[1])
    return traces


def _both_ways(module: Any, path: Path) -> tuple[Aggregate, Aggregate]:
    """(the fused loop's Aggregate, the plain path's) for one file."""
    fused, plain = Aggregate(), Aggregate()
    module.aggregate(Source(path, path.name), ParseOptions(), fused)
    plain.add_all(module.parse(Source(path, path.name), ParseOptions()))
    return fused, plain


def _check(lines: list[Written]) -> None:
    for module, data, suffix in ((textlog, _text(lines), ".log"), (jsonl, _json(lines), ".jsonl")):
        path = written(data, suffix)
        try:
            fused, plain = _both_ways(module, path)
        finally:
            path.unlink()
        assert state(fused) == state(plain), module.NAME
        assert fused.groups == _expected_groups(lines), module.NAME
        assert (fused.lines, fused.malformed, fused.implausible) == (len(lines), 0, {})
        if module is jsonl:
            assert fused.traces == _expected_traces(lines)


def _service(name: str) -> str:
    """A component as a text log's `service:` field can hold it (one word)."""
    return "".join("-" if c.isspace() or c == ":" else c for c in name).strip("-") or "app"


def _message(content: str) -> str:
    return " ".join(content.split())  # one line, no tabs or CRs, no edge spaces


@cache
def _records(system: str) -> list[Written]:
    """The loghub 2k sample's parsed records as lines, 370 ms apart."""
    path = shared_data("loghub_2k", system, f"{system}_2k.log_structured.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    lines = []
    for index, row in enumerate(rows):
        written_level = (row.get("Level") or "").upper()
        level = written_level if written_level in LEVELS else LEVELS[index % 3]
        service = _service(row.get("Component") or row.get("Program") or system)
        lines.append((index * 370, level, service, _message(row["Content"]), f"t{index % 97}"))
    return lines


@pytest.mark.parametrize("system", SYSTEMS)
def test_loghub_records_group_alike_in_every_reader(system: str) -> None:
    lines = _records(system)
    assert len(lines) == 2000
    _check(lines)


@pytest.mark.parametrize("system", SYSTEMS)
def test_loghub_files_as_written_read_alike_fused_and_plain(system: str) -> None:
    """The real files in their own dialects (RFC 3164, log4j, logcat, BGL, HPC …): whatever the
    fused loop leaves to the dialect's reader must come out as the plain path has it."""
    path = shared_data("loghub_2k", system, f"{system}_2k.log")
    assert textlog.detect(Source(path, path.name).sample()) is None
    fused, plain = _both_ways(textlog, path)
    assert state(fused) == state(plain)
    assert fused.lines > 1000
    events = condensed_events(fused, source=path.name, evidence="x", format_name="text")
    again = condensed_events(plain, source=path.name, evidence="x", format_name="text")
    assert events == again and events


@cache
def _templates(system: str) -> list[str]:
    folder = shared_data("loghub2_benchmark", "2k_dataset", system)
    with (folder / f"{system}_2k.log_templates_corrected.csv").open(encoding="utf-8") as handle:
        return [_message(row["EventTemplate"]) for row in csv.DictReader(handle)]


VALUES = st.one_of(
    st.integers(0, 10**12).map(str),
    st.integers(0, 2**64).map(lambda n: f"{n:x}"),
    st.tuples(*[st.integers(0, 255)] * 4).map(lambda ip: ".".join(map(str, ip))),
    st.sampled_from(["blk_-6952295868487656571", "root", "node-17", "0x1f", "é", "ERROR", ""]),
)


@st.composite
def _filled_lines(draw: Any) -> list[Written]:
    templates = _templates(draw(st.sampled_from(TEMPLATE_SYSTEMS)))
    lines = []
    ms = 0
    for _ in range(draw(st.integers(1, 40))):
        parts = draw(st.sampled_from(templates)).split("<*>")
        values = draw(st.lists(VALUES, min_size=len(parts) - 1, max_size=len(parts) - 1))
        message = parts[0] + "".join(v + p for v, p in zip(values, parts[1:], strict=True))
        ms += draw(st.integers(0, 90_000))
        level = draw(st.sampled_from(LEVELS))
        service = draw(st.sampled_from(["svc-a", "dfs.DataNode$PacketResponder", "kernel"]))
        lines.append((ms, level, service, message, draw(st.sampled_from(["t1", "t2", "t3"]))))
    return lines


@settings(max_examples=150, deadline=None)
@given(lines=_filled_lines())
def test_real_templates_filled_group_alike_in_every_reader(lines: list[Written]) -> None:
    _check(lines)

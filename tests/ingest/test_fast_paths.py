"""The hot paths for big logs must read exactly what the plain paths read.

Batched line readers against the per-line ones, the fused parse-and-condense loops against
`add_all(parse(...))`, the masking short cuts against every pattern applied, and the kernel copy
of evidence against the bytes given. Batches are shrunk to a few bytes so that every block
boundary case (a line cut in two, a lone "\\r", no final newline) is met by small inputs.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hindsight.errors import InvalidInput
from hindsight.ingest import evidence, jsonl, records, templates, textlog
from hindsight.ingest.condense import Aggregate
from hindsight.ingest.records import ParseOptions, Source
from tests.ingest.helpers import state, written


@contextmanager
def small_batches(size: int) -> Iterator[None]:
    saved = records.BATCH_BYTES
    records.BATCH_BYTES = size
    try:
        yield
    finally:
        records.BATCH_BYTES = saved


line_bytes = st.lists(
    st.sampled_from([b"a", b"\xc3\xa9", b"\xff", b" ", b"\r", b"\r\n", b"\n", b"{}", b"z" * 9]),
    max_size=40,
).map(b"".join)


@settings(max_examples=150, deadline=None)
@given(data=line_bytes, batch=st.integers(1, 12), cut=st.integers(0, 60))
def test_batches_hold_the_same_lines_as_the_line_readers(data: bytes, batch: int, cut: int) -> None:
    path = written(data, ".log")
    try:
        with small_batches(batch):
            whole = Source(path, "x")
            batched = [line for _, lines, _ in whole.binary_batches() for line in lines]
            assert batched == [raw.rstrip(b"\n") for _, raw in whole.binary_lines()]
            text = [line for _, lines in whole.text_batches() for line in lines]
            assert text == [line for _, line in whole.lines()]
            assert whole.lines_read == len(text)
            # a byte range starts and ends at line starts, as the parallel reader splits it
            start = data.find(b"\n", 0, cut) + 1
            ranged = Source(path, "x", start, len(data))
            ranged_text = [line for _, lines in ranged.text_batches() for line in lines]
            assert ranged_text == [line for _, line in ranged.lines()]
    finally:
        path.unlink()


def _json_line(draw: Any) -> bytes:
    minute = draw(st.integers(0, 3))
    second = draw(st.sampled_from(["07.250", "59.999", "03", "03,5", "61.5", "7"]))
    stamp = draw(
        st.sampled_from(
            [
                f"2025-12-15T22:0{minute}:{second}Z",
                f"2025-12-15T22:0{minute}:{second}+01:00",
                "yesterday",
                1765836000123,
                None,
            ]
        )
    )
    obj: dict[str, Any] = {draw(st.sampled_from(["ts", "time"])): stamp}
    levels = st.sampled_from(["INFO", "warn", "ERROR", 50, True, None])
    services = st.sampled_from(["svc-a", "svc-b", 7, None])
    traces = st.sampled_from(["t1", "t2", 3, None])
    fields = {  # two keys for some fields: which one a reader learnt first must not matter
        "level": levels,
        "severity": levels,
        "service": services,
        "app": services,
        "msg": st.sampled_from(["took 12ms", "took 7ms", "db1 down", "x\ny", 5, None, "é 0xff"]),
        "trace_id": traces,
        "request_id": traces,
    }
    for key, values in fields.items():
        if draw(st.booleans()):
            obj[key] = draw(values)
    raw = json.dumps(obj).encode()
    return draw(st.sampled_from([raw, raw, raw, raw[:-3], b"", b"[1]", b" " + raw + b"\r"]))


json_lines = st.lists(st.composite(_json_line)(), min_size=1, max_size=30)


@settings(max_examples=120, deadline=None)
@given(lines=json_lines, batch=st.integers(1, 400), end=st.sampled_from([b"", b"\n"]))
def test_fused_json_loop_equals_parse_then_add_all(
    lines: list[bytes], batch: int, end: bytes
) -> None:
    path = written(b"\n".join(lines) + end, ".jsonl")
    try:
        with small_batches(batch):
            fast, slow = Aggregate(clock_offset=1.5), Aggregate(clock_offset=1.5)
            jsonl.aggregate(Source(path, "x"), ParseOptions(service="dflt"), fast)
            slow.add_all(jsonl.parse(Source(path, "x"), ParseOptions(service="dflt")))
        assert state(fast) == state(slow)
    finally:
        path.unlink()


def test_fused_json_loop_remembers_a_key_it_looked_for_again() -> None:
    """A key found again on the fast path (here "severity" for the level) is the one the
    next slow line starts from, as on the plain path — or a line with both keys reads
    differently depending on which path took the line before it."""
    rows = [
        {"ts": "2025-12-15T22:00:01.000Z", "level": "INFO", "msg": "a"},  # slow: new minute
        {"ts": "2025-12-15T22:00:02.000Z", "severity": "WARN", "msg": "b"},  # fast, no "level"
        {"ts": "2025-12-15T22:01:03.000Z", "level": "INFO", "severity": "ERROR", "msg": "c"},
    ]
    path = written("\n".join(json.dumps(row) for row in rows).encode(), ".jsonl")
    try:
        fast, slow = Aggregate(), Aggregate()
        jsonl.aggregate(Source(path, "x"), ParseOptions(), fast)
        slow.add_all(jsonl.parse(Source(path, "x"), ParseOptions()))
    finally:
        path.unlink()
    assert state(fast) == state(slow)
    assert ("ERROR", None, "c") in fast.groups


text_line = st.sampled_from(
    [
        "2025-12-15T22:00:01.500Z INFO svc-a: took 12ms",
        "2025-12-15T22:00:02.500Z [ERROR] svc-b: a: b: c",
        "2025-12-15T22:01:02,5Z WARN svc-a: took 7ms",
        "2025-12-15T22:01:02.5+02:00 INFO svc-a: x",
        "2025-12-15T22:02:03.000Z INFO two words: x",
        "2025-12-15T22:02:03.000Z INFO no service",
        "2025-13-15T22:02:03.000Z INFO svc-a: no such month",
        "2025-12-15T22:03:0x.000Z INFO svc-a: odd seconds",
        "2025-12-15T22:02:03.000 DEBUG: naive",
        "    at com.example.Foo(Foo.java:12)",
        "garbage",
        "",
    ]
)


@settings(max_examples=120, deadline=None)
@given(
    lines=st.lists(text_line, min_size=1, max_size=30),
    batch=st.integers(1, 300),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_fused_text_loop_equals_parse_then_add_all(
    lines: list[str], batch: int, newline: str
) -> None:
    lines = ["2025-12-15T22:00:00.000Z INFO svc-a: first", *lines]  # the dialect is ISO
    path = written(newline.join(lines).encode(), ".log")
    try:
        with small_batches(batch):
            fast, slow = Aggregate(), Aggregate()
            try:
                textlog.aggregate(Source(path, "x"), ParseOptions(), fast)
            except InvalidInput as refused:  # no dialect in the head: both readers refuse
                with pytest.raises(InvalidInput, match=re.escape(refused.message)):
                    slow.add_all(textlog.parse(Source(path, "x"), ParseOptions()))
                return
            slow.add_all(textlog.parse(Source(path, "x"), ParseOptions()))
        assert state(fast) == state(slow)
    finally:
        path.unlink()


def _mask_every_pattern(message: str) -> str:
    for pattern, placeholder in templates._MASKS:
        message = pattern.sub(placeholder, message)
    return templates._SPACES.sub(" ", message).strip()


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["a", "f", "0", "7", "12", " ", ".", ":", "-", "(", ")", "0x", "Dec", "Mon", "ms", "<"]
        ),
        max_size=30,
    ).map("".join)
)
def test_mask_short_cuts_change_nothing(message: str) -> None:
    assert templates.mask(message) == _mask_every_pattern(message)


def test_evidence_from_a_pipe_is_kept_byte_for_byte(tmp_path: Path) -> None:
    fifo = tmp_path / "stream"
    os.mkfifo(fifo)
    payload = b"2025-12-15T22:00:00Z INFO a: b\n" * 5000

    def feed() -> None:
        with fifo.open("wb") as out:
            out.write(payload)

    writer = threading.Thread(target=feed)
    writer.start()
    sha, size, blob = evidence.store_file(tmp_path / "evidence", fifo)
    writer.join()
    assert size == len(payload) and blob.read_bytes() == payload
    assert sha == evidence.hash_file(blob) and blob.name == sha

"""The columnar reader must build exactly the Aggregate the line reader builds.

Files are generated with every kind of line the query hands back (bad JSON, blank lines, other
time formats, stack traces, lone "\\r"), and read in chunks of a few bytes so that every
chunk boundary, chunk fallback and in-flight ordering case is met by small inputs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hindsight.ingest import columnar, condense, jsonl, textlog
from hindsight.ingest.condense import Aggregate, condensed_events
from hindsight.ingest.records import ParseOptions, Source
from tests.ingest.conftest import DATA
from tests.ingest.helpers import state, written

GOOD_JSON = b'{"ts":"2025-12-15T22:00:00.000Z","level":"INFO","service":"svc-a","msg":"start 1"}'
GOOD_JSON_OFFSET = (
    b'{"ts":"2025-12-15T23:00:00.5+01:00","level":"INFO","service":"svc-a","msg":"start 1"}'
)
GOOD_TEXT = b"2025-12-15T22:00:00.000Z INFO svc-a: first"


@contextmanager
def chunks_of(size: int) -> Iterator[None]:
    saved = dict(columnar.CHUNK_BYTES)
    columnar.CHUNK_BYTES.update(jsonl=size, text=size)
    try:
        yield
    finally:
        columnar.CHUNK_BYTES.update(saved)


def by_lines(format_name: str, path: Path, options: ParseOptions, offset: float) -> Aggregate:
    module = jsonl if format_name == "jsonl" else textlog
    aggregate = Aggregate(clock_offset=offset)
    aggregate.add_all(module.parse(Source(path, "x"), options))
    return aggregate


def _json_line(draw: Any) -> bytes:
    minute = draw(st.integers(0, 3))
    second = draw(st.sampled_from(["07.250", "59.999", "03", "03.123456789", "7", "61.5", "03,5"]))
    stamp = draw(
        st.sampled_from(
            [
                f"2025-12-15T22:0{minute}:{second}Z",
                f"2025-12-15T22:0{minute}:{second}Z",
                f"2025-12-15T22:0{minute}:{second}+01:00",
                "1999-12-31T23:59:59.5Z",
                "2099-01-01T00:00:00.000Z",
                "yesterday",
                1765836000123,
            ]
        )
    )
    obj: dict[str, Any] = {draw(st.sampled_from(["ts", "ts", "time"])): stamp}
    fields = {
        "level": st.sampled_from(["INFO", "warn", "ERROR", "", "Information"]),
        "service": st.sampled_from(["svc-a", "svc-b", 7]),
        "msg": st.sampled_from(
            [
                {"nested": [1, "é", None, True]},
                ["a", 2],
                False,
                42,
                "took 12ms",
                "took 7ms",
                "db1 down",
                "x\ny",
                "é 0xff",
                "cart c464c324c985 ok",
                "cart 123456789012 ok",
                "",
            ]
        ),
        "trace_id": st.sampled_from(["t1", "t2", "t3", 4]),
    }
    for key, values in fields.items():
        if draw(st.integers(0, 4)):
            obj[key] = draw(values)
    raw = json.dumps(obj, ensure_ascii=False).encode()
    return draw(
        st.sampled_from([raw, raw, raw, raw, raw, raw[:-3], b"", b"[1]", b" " + raw + b"\r"])
    )


json_lines = st.lists(st.composite(_json_line)(), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(
    lines=json_lines,
    size=st.integers(1, 600),
    end=st.sampled_from([b"", b"\n"]),
    offset=st.sampled_from([0.0, 1.5, -90.0]),
    first=st.sampled_from([GOOD_JSON, GOOD_JSON_OFFSET]),
)
def test_json_columns_equal_the_line_reader(
    lines: list[bytes], size: int, end: bytes, offset: float, first: bytes
) -> None:
    path = written(b"\n".join([first] * 5 + lines) + end, ".jsonl")
    options = ParseOptions(service="dflt")
    try:
        with chunks_of(size):
            found = columnar.aggregate("jsonl", Source(path, "x"), options, offset)
        if found is None:  # most first lines of another shape: the line reader's file
            assert columnar._plan("jsonl", Source(path, "x")) is None
            return
        assert state(found) == state(by_lines("jsonl", path, options, offset))
    finally:
        path.unlink()


text_line = st.sampled_from(
    [
        b"2025-12-15T22:00:01.500Z INFO svc-a: took 12ms",
        b"2025-12-15T22:00:02.500Z [ERROR] svc-b: a: b: c",
        b"2025-12-15T22:03:59.999Z WARN: svc-a: cart c464c324c985 ok",
        b"2025-12-15T22:01:02,5Z WARN svc-a: took 7ms",
        b"2025-12-15T22:01:02.5+02:00 INFO svc-a: x",
        b"2025-12-15T22:02:03.000Z INFO two words: x",
        b"2025-12-15T22:02:03.000Z INFO no service",
        b"2025-12-15T22:02:03.000Z LOUD svc-a: not a level",
        b"2025-12-15 22:02:03.000Z INFO svc-a: space separated",
        b"2025-12-15T22:02:03.000 DEBUG: naive",
        b"1999-12-31T23:59:59.000Z INFO svc-a: old",
        b"    at com.example.Foo(Foo.java:12)",
        b"caf\xc3\xa9 \xff garbage",
        b"",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(text_line, min_size=1, max_size=40),
    size=st.integers(1, 600),
    newline=st.sampled_from([b"\n", b"\n", b"\r\n", b"\r"]),
    offset=st.sampled_from([0.0, 2.25]),
)
def test_text_columns_equal_the_line_reader(
    lines: list[bytes], size: int, newline: bytes, offset: float
) -> None:
    path = written(newline.join([GOOD_TEXT] * 5 + lines) + b"\n", ".log")
    options = ParseOptions(service="dflt")
    try:
        with chunks_of(size):
            found = columnar.aggregate("text", Source(path, "x"), options, offset)
        if found is None:  # a lone "\r" ends lines the query would not see, or other first lines
            lone_cr = newline == b"\r" or any(b"\r" in line for line in lines)
            assert lone_cr or columnar._plan("text", Source(path, "x")) is None
            return
        assert state(found) == state(by_lines("text", path, options, offset))
    finally:
        path.unlink()


def test_real_log_condenses_to_the_same_timeline() -> None:
    source = Source(DATA / "checkout.jsonl", "checkout.jsonl")
    with chunks_of(4096):
        found = columnar.aggregate("jsonl", source, ParseOptions())
    assert found is not None
    expected = by_lines("jsonl", DATA / "checkout.jsonl", ParseOptions(), 0.0)
    assert state(found) == state(expected)
    events = condensed_events(found, source="s", evidence=None, format_name="jsonl")
    assert [(e.at, e.text, e.count, e.key) for e in events] == [
        (e.at, e.text, e.count, e.key)
        for e in condensed_events(expected, source="s", evidence=None, format_name="jsonl")
    ]
    storm = next(e for e in events if e.level == "ERROR" and "burst" not in e.text)
    assert storm.count == 280


@pytest.mark.parametrize(
    ("format_name", "first"),
    [
        ("jsonl", b'{"ts": 1765836000123, "msg": "epoch times"}'),
        ("jsonl", b'{"ts": "2025-12-15 22:47:03", "msg": "naive times"}'),
        ("text", b"<34>Dec 15 22:47:03 host app[12]: syslog"),
        ("text", b"2025-12-15 22:47:03,123 - app - INFO - python logging"),
    ],
)
def test_other_shapes_are_left_to_the_line_reader(format_name: str, first: bytes) -> None:
    path = written((first + b"\n") * 5, ".log")
    try:
        assert columnar.aggregate(format_name, Source(path, "x"), ParseOptions()) is None
    finally:
        path.unlink()


def test_gzip_is_read_through(tmp_path: Path) -> None:
    source = Source(DATA / "checkout.jsonl.gz", "checkout.jsonl.gz")
    with chunks_of(2048):
        found = columnar.aggregate("jsonl", source, ParseOptions())
    assert found is not None
    assert state(found) == state(by_lines("jsonl", DATA / "checkout.jsonl.gz", ParseOptions(), 0.0))
    with pytest.raises(ValueError, match="compressed"):
        columnar.aggregate("jsonl", source, ParseOptions(), tee=lambda block: None)


def test_free_text_past_the_group_cap_goes_to_the_line_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(columnar, "GROUP_CAP", 20)
    monkeypatch.setattr(columnar, "COMPACT_EVERY", 1)
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
    path = tmp_path / "free.log"
    path.write_text(
        "".join(
            f"2025-12-15T22:00:{n % 60:02d}.000Z INFO chat: said {words[n % 8]} {words[n // 8 % 8]}\n"
            for n in range(200)
        )
    )
    with chunks_of(512):
        assert columnar.aggregate("text", Source(path, "x"), ParseOptions()) is None


def test_tee_sees_every_byte_once_in_order(tmp_path: Path) -> None:
    path = tmp_path / "app.jsonl"
    path.write_bytes((DATA / "checkout.jsonl").read_bytes() + b'{"ts": "no newline at end"}')
    seen: list[bytes] = []
    with chunks_of(1000):
        found = columnar.aggregate("jsonl", Source(path, "x"), ParseOptions(), tee=seen.append)
    assert found is not None and b"".join(seen) == path.read_bytes()


def test_shape_is_the_same_in_both_engines() -> None:
    import polars as pl

    messages = ["c464c324c985 at 10.0.0.1:8080", "v2 e2e 0x1F deadbeef", "é 12ab ç", ""]
    ours = [condense.SHAPE.sub("0", m) for m in messages]
    theirs = pl.Series(messages).str.replace_all(condense.SHAPE_PATTERN, "0").to_list()
    assert ours == theirs == ["0 at 0.0.0.0:0", "v0 0 0x0 deadbeef", "é 0 ç", ""]

"""JSON-lines application logs."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hindsight.ingest import jsonl
from hindsight.ingest.records import Malformed, ParseOptions, Source
from tests.ingest.conftest import DATA
from tests.ingest.helpers import read


def test_realistic_file_reads_fields_and_reports_bad_lines() -> None:
    importer, records, malformed, _ = read(DATA / "checkout.jsonl")
    assert importer.NAME == "jsonl"
    assert len(records) == 402
    first = records[0]
    assert first.at == datetime(2025, 12, 15, 22, 40, tzinfo=UTC).timestamp()
    assert (first.level, first.service, first.trace_id) == ("INFO", "checkout", "req-00000")
    errors = [r for r in records if r.level == "ERROR"]
    assert errors and all("upstream connect error" in r.text for r in errors)
    assert [m.line for m in malformed] == [51, 121]
    assert "not JSON" in malformed[0].reason
    assert '"ts" is not a timestamp' in malformed[1].reason and "yesterday" in malformed[1].reason


def test_gzip_is_read_directly() -> None:
    _, records, malformed, _ = read(DATA / "checkout.jsonl.gz")
    assert len(records) == 99 and len(malformed) == 1


styles = st.sampled_from(["ts", "time", "timestamp", "@timestamp"])
units = st.sampled_from(["s", "ms", "us", "ns", "iso", "iso_offset"])


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2035, 1, 1)),
            styles,
            units,
            st.text(min_size=1, max_size=40),
            st.sampled_from(["info", "WARN", "Error", 30, 50, "fatal"]),
        ),
        min_size=1,
        max_size=10,
    )
)
def test_generated_lines_parse_to_the_right_instant(tmp_path_factory: object, rows: list) -> None:  # type: ignore[type-arg]
    lines = []
    expected = []
    for moment, key, unit, message, level in rows:
        moment = moment.replace(tzinfo=UTC, microsecond=moment.microsecond // 1000 * 1000)
        epoch = moment.timestamp()
        value: object = {
            "s": epoch,
            "ms": round(epoch * 1000),
            "us": round(epoch * 1e6),
            "ns": round(epoch * 1000) * 1_000_000,
            "iso": moment.isoformat().replace("+00:00", "Z"),
            "iso_offset": moment.astimezone(datetime.now().astimezone().tzinfo).isoformat(),
        }[unit]
        lines.append(json.dumps({key: value, "level": level, "msg": message, "app": "svc"}))
        expected.append((epoch, message))
    path = Path(tmp_path_factory.mktemp("j")) / "gen.jsonl"  # type: ignore[attr-defined]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(jsonl.parse(Source(path, path.name), ParseOptions()))
    assert not [i for i in items if isinstance(i, Malformed)]
    assert len(items) == len(expected)
    for record, (epoch, message) in zip(items, expected, strict=True):
        assert abs(record.at - epoch) < 1e-3  # type: ignore[union-attr, operator]
        assert record.text == message  # type: ignore[union-attr]
        assert record.service == "svc"  # type: ignore[union-attr]
        assert record.level in {"INFO", "WARN", "ERROR", "FATAL"}  # type: ignore[union-attr]


def test_fused_fast_path_equals_parse_then_condense(tmp_path: Path) -> None:
    from hindsight.ingest.condense import Aggregate

    path = tmp_path / "mixed.jsonl"
    path.write_bytes((DATA / "checkout.jsonl").read_bytes() + b'\n\n[1, 2]\n{"msg": "no time"}\n')
    slow, fast = Aggregate(clock_offset=60.0), Aggregate(clock_offset=60.0)
    slow.add_all(jsonl.parse(Source(path, path.name), ParseOptions()))
    jsonl.aggregate(Source(path, path.name), ParseOptions(), fast)
    assert (fast.lines, fast.malformed) == (slow.lines, slow.malformed)
    assert fast.malformed_examples == slow.malformed_examples
    assert fast.implausible == slow.implausible and fast.traces == slow.traces
    assert {k: g[:5] for k, g in fast.groups.items()} == {k: g[:5] for k, g in slow.groups.items()}


def test_odd_values_do_not_break_the_fast_path(tmp_path: Path) -> None:
    from hindsight.ingest.condense import Aggregate

    path = tmp_path / "odd.jsonl"
    rows = [
        {"time": "2025-12-15T22:47:03.123Z", "level": "info", "msg": "a 1"},
        {"time": "2025-12-15T22:47:04.123Z", "level": {"name": "x"}, "msg": ["a", 2]},
        {"time": "2025-12-15T22:47:05.5Z", "level": 50, "msg": "a 3", "service": 7},
        {"time": True, "msg": "bool time"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    fast = Aggregate()
    jsonl.aggregate(Source(path, path.name), ParseOptions(service="svc"), fast)
    assert fast.lines == 4 and fast.malformed == 1
    levels = {k[0] for k in fast.groups}
    assert len(levels) == 3 and {"INFO", "ERROR"} <= levels
    assert {k[1] for k in fast.groups} == {"svc", "7"}  # a number names a service too
    texts = {g[5] for g in fast.groups.values()}
    assert '["a", 2]' in texts  # a message that is not a string reads as JSON

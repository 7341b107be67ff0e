"""Plain-text logs: ISO, Python logging, RFC 3164/5424 syslog, combined log format, klog."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hindsight.errors import InvalidInput
from hindsight.ingest import textlog
from hindsight.ingest.records import ParseOptions, Record
from tests.ingest.conftest import DATA
from tests.ingest.helpers import read


def _epoch(*parts: int, tz: object = UTC) -> float:
    return datetime(*parts, tzinfo=tz).timestamp()  # type: ignore[arg-type, misc]


def test_combined_log_format() -> None:
    importer, records, malformed, _ = read(DATA / "access.log", service="shop-web")
    assert importer.NAME == "text" and not malformed and len(records) == 60
    assert records[0].at == _epoch(2025, 12, 15, 22, 40)
    assert records[0].text == "POST /api/orders/5000 200"  # query string dropped
    assert records[0].actor == "10.1.0.10" and records[0].service == "shop-web"
    assert {r.level for r in records if r.text.endswith("502")} == {"ERROR"}


def test_rfc3164_uses_year_and_zone_and_priority() -> None:
    paris = ZoneInfo("Europe/Paris")
    _, records, malformed, _ = read(DATA / "messages.log", year=2025, tz=paris)
    assert not malformed
    assert records[0].at == _epoch(2025, 12, 15, 22, 40, tz=paris)
    assert records[0].service == "sshd" and records[0].level == "INFO"
    oom = [r for r in records if "Out of memory" in r.text]
    assert oom[0].service == "kernel" and oom[0].level == "ERROR"


def test_rfc5424() -> None:
    _, records, _, _ = read(DATA / "payments-5424.log")
    assert records[0].service == "payments"
    assert records[0].at == _epoch(2025, 12, 15, 22, 40) + 0.001234
    assert records[0].text.startswith("charge ok")
    assert [r.level for r in records].count("ERROR") == 13


def test_python_logging_with_traceback_continuation() -> None:
    paris = ZoneInfo("Europe/Paris")
    _, records, malformed, _ = read(DATA / "inventory-python.log", tz=paris)
    assert len(records) == 25
    assert records[0].at == _epoch(2025, 12, 15, 23, 40, tz=paris)
    assert records[0].service == "inventory.sync" and records[0].level == "INFO"
    # the traceback's indented lines continue the entry; its last line is reported, not lost
    assert [m.line for m in malformed] == [14]


def test_klog() -> None:
    _, records, malformed, _ = read(DATA / "kubelet-klog.log", year=2025)
    assert not malformed and len(records) == 20
    assert records[0].at == _epoch(2025, 12, 15, 22, 40) + 0.123456
    assert {r.level for r in records} == {"INFO", "ERROR"}
    assert records[0].detail == {"source": "controller.go:200"}


def test_unrecognised_text_names_the_dialects() -> None:
    from hindsight.ingest.records import Sample

    why = textlog.detect(Sample("notes.txt", "hello there\nno times here\n"))
    assert why is not None and "RFC 3164" in why and "klog" in why


def test_forced_text_without_a_known_timestamp_says_why(tmp_path: Path) -> None:
    """`--format text` on lines with no time it knows (HDFS's "081109 203615 148 INFO …" was
    one, until it became a dialect) said "no record found as text (0 lines)" and pointed at
    kubectl: name the file and the time formats tried."""
    from hindsight.ingest.condense import Aggregate
    from hindsight.ingest.records import Source

    path = tmp_path / "HDFS.log"
    path.write_text(
        "PacketResponder 1 for block blk_38865049064139660 terminating\n"
        "PacketResponder 0 for block blk_-6952295868487656571 terminating\n",
        encoding="utf-8",
    )
    for read_all in (
        lambda: list(textlog.parse(Source(path, path.name), ParseOptions())),
        lambda: textlog.aggregate(Source(path, path.name), ParseOptions(), Aggregate()),
    ):
        with pytest.raises(InvalidInput, match=r"HDFS\.log:1: no leading timestamp.*RFC 3164"):
            read_all()


@given(
    st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2035, 1, 1)),
    st.integers(100, 599),
    st.from_regex(r"/[a-z]{1,8}(/[0-9]{1,4})?", fullmatch=True),
)
def test_clf_line_property(moment: datetime, status: int, path: str) -> None:
    moment = moment.replace(microsecond=0, tzinfo=UTC)
    line = (
        f'192.0.2.1 - bob [{moment.strftime("%d/%b/%Y:%H:%M:%S")} +0000] "GET {path} HTTP/2.0" '
        f'{status} 512 "-" "curl/8.4"'
    )
    match = textlog.CLF.match(line)
    assert match is not None
    record = textlog._clf(match, ParseOptions())
    assert isinstance(record, Record)
    assert record.at == moment.timestamp()
    assert record.text == f"GET {path} {status}"
    assert record.level == ("ERROR" if status >= 500 else "WARN" if status >= 400 else "INFO")


@given(
    st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2035, 1, 1)),
    st.sampled_from("IWEF"),
)
def test_klog_line_property(moment: datetime, letter: str) -> None:
    line = f"{letter}{moment.strftime('%m%d %H:%M:%S.%f')} 7 main.go:1] hello"
    match = textlog.KLOG.match(line)
    assert match is not None
    record = textlog._klog(match, ParseOptions(year=moment.year))
    assert isinstance(record, Record)
    assert abs(record.at - moment.replace(tzinfo=UTC).timestamp()) < 1e-5  # type: ignore[operator]


def test_fused_fast_path_equals_parse_then_condense(tmp_path: object) -> None:
    from pathlib import Path

    from hindsight.ingest.condense import Aggregate
    from hindsight.ingest.records import Source

    path = Path(str(tmp_path)) / "svc.log"
    lines = [
        f"2025-12-15T22:{m:02d}:{s:02d}.{s * 7:03d}Z {lvl} svc-{m % 3}: request {m * s} took {s}ms"
        for m in range(10)
        for s in range(0, 60, 7)
        for lvl in ("INFO", "ERROR")
    ]
    lines += [
        "2025-12-15T22:30:00Z WARN no service here",
        "garbage line",
        "  continuation",
        "2025-12-15 23:30:00,123 - app.core - ERROR - naive time",
    ]
    path.write_text("\n".join(lines) + "\n")
    slow, fast = Aggregate(clock_offset=5.0), Aggregate(clock_offset=5.0)
    slow.add_all(textlog.parse(Source(path, path.name), ParseOptions()))
    textlog.aggregate(Source(path, path.name), ParseOptions(), fast)
    assert (fast.lines, fast.malformed) == (slow.lines, slow.malformed) == (len(lines) - 1, 1)
    assert {k: g[:5] for k, g in fast.groups.items()} == {k: g[:5] for k, g in slow.groups.items()}


def test_yearless_times_take_the_year_that_is_not_in_the_future() -> None:
    january = datetime(2026, 1, 3, 8, 0, tzinfo=UTC)
    _, records, _, _ = read(DATA / "messages.log", reference_time=january)
    assert records[0].at == _epoch(2025, 12, 15, 22, 40)
    december = datetime(2025, 12, 20, tzinfo=UTC)
    _, records, _, _ = read(DATA / "kubelet-klog.log", reference_time=december)
    assert records[0].at == _epoch(2025, 12, 15, 22, 40) + 0.123456


def test_error_log_dialects(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    samples = {
        "nginx-error.log": (
            "2025/12/15 22:47:03 [error] 1234#0: *5 upstream timed out (110: Connection timed "
            "out) while reading response header from upstream, client: 10.0.0.7\n",
            ("ERROR", "nginx", _epoch(2025, 12, 15, 22, 47, 3)),
        ),
        "apache-error.log": (
            "[Mon Dec 15 22:47:03.123456 2025] [proxy:error] [pid 4242:tid 1399] [client "
            "10.0.0.7:5050] AH00957: HTTP: attempt to connect to 10.0.3.7:8080 failed\n",
            ("ERROR", "proxy", _epoch(2025, 12, 15, 22, 47, 3) + 0.123456),
        ),
        "spark.log": (
            "25/12/15 22:47:03 WARN storage.BlockManager: Putting block rdd_42 failed\n",
            ("WARN", "storage.BlockManager", _epoch(2025, 12, 15, 22, 47, 3)),
        ),
    }
    for name, (text, (level, service, at)) in samples.items():
        (folder / name).write_text(text * 3)
        _, records, malformed, _ = read(folder / name)
        assert not malformed and len(records) == 3, name
        assert (records[0].level, records[0].service, records[0].at) == (level, service, at), name

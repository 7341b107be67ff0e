"""Text-log dialects of particular systems: the 16 Loghub samples as written, and each new
line reader held to generated lines (Android logcat, Blue Gene/L, early HDFS, HPC, HealthApp,
OpenStack, Proxifier, Thunderbird, and the syslog tags of Linux and macOS)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hindsight.ingest import textlog
from hindsight.ingest.records import Malformed, ParseOptions, Record, Sample, Source
from hindsight.ingest.service import IngestOptions, ingest_paths
from hindsight.store.repo import Store
from hindsight.workspace import Workspace
from tests.conftest import shared_data
from tests.ingest.conftest import INCIDENT
from tests.ingest.helpers import read

# Year-less dialects (logcat, Proxifier, RFC 3164) take the year from this "file written at".
WRITTEN = datetime(2025, 12, 15, tzinfo=UTC)


def _utc(*parts: int, micro: int = 0) -> float:
    return datetime(*parts, micro, tzinfo=UTC).timestamp()  # type: ignore[arg-type, misc]


Expected = tuple[float, str | None, str | None]  # (time, level, service) of one record

# system: (dialect, first line's (time, level, service), last line's), read off the files by hand.
# BGL, HPC and Thunderbird: the epoch column (BGL adds the µs of its local time, same second).
LOGHUB: dict[str, tuple[str, Expected, Expected]] = {
    "Android": (
        "Android logcat",
        (_utc(2025, 3, 17, 16, 13, 38, micro=811000), "DEBUG", "WindowManager"),
        (_utc(2025, 3, 17, 16, 16, 9, micro=141000), "DEBUG", "DisplayPowerController"),
    ),
    "Apache": (
        "Apache error log",
        (_utc(2005, 12, 4, 4, 47, 44), "INFO", None),
        (_utc(2005, 12, 5, 19, 15, 57), "ERROR", None),
    ),
    "BGL": (
        "Blue Gene/L RAS",
        (1117838570.675872, "INFO", "KERNEL"),
        (1136301189.127918, "INFO", "KERNEL"),
    ),
    "HDFS": (
        "Hadoop yyMMdd HHmmss",
        (_utc(2008, 11, 9, 20, 36, 15), "INFO", "dfs.DataNode$PacketResponder"),
        (_utc(2008, 11, 11, 10, 20, 17), "INFO", "dfs.DataNode$DataXceiver"),
    ),
    "HPC": ("HPC events", (1077804742.0, None, "unix.hw"), (1134671139.0, None, "unix.hw")),
    "Hadoop": (
        "ISO-8601",
        (_utc(2015, 10, 18, 18, 1, 47, micro=978000), "INFO", None),
        (_utc(2015, 10, 18, 18, 10, 55, micro=202000), "WARN", None),
    ),
    "HealthApp": (
        "HealthApp",
        (_utc(2017, 12, 23, 22, 15, 29, micro=606000), None, "Step_LSC"),
        (_utc(2017, 12, 24, 1, 2, 35, micro=789000), None, "Step_LSC"),
    ),
    "Linux": (
        "RFC 3164 syslog",
        (_utc(2025, 6, 14, 15, 16, 1), None, "sshd(pam_unix)"),
        (_utc(2025, 7, 27, 14, 42, 0), None, "kernel"),
    ),
    "Mac": (
        "RFC 3164 syslog",
        (_utc(2025, 7, 1, 9, 0, 55), None, "kernel"),
        (_utc(2025, 7, 8, 8, 10, 46), None, "kernel"),
    ),
    "OpenSSH": (
        "RFC 3164 syslog",
        (_utc(2025, 12, 10, 6, 55, 46), None, "sshd"),
        (_utc(2025, 12, 10, 11, 4, 45), None, "sshd"),
    ),
    "OpenStack": (
        "oslo.log behind its file name",
        (_utc(2017, 5, 16, 0, 0, 0, micro=8000), "INFO", "nova.osapi_compute.wsgi.server"),
        (_utc(2017, 5, 16, 0, 14, 47, micro=687000), "INFO", "nova.osapi_compute.wsgi.server"),
    ),
    "Proxifier": (
        "Proxifier",
        (_utc(2025, 10, 30, 16, 49, 6), None, "chrome.exe"),
        (_utc(2025, 7, 27, 10, 23, 42), None, "chrome.exe *64"),
    ),
    "Spark": (
        "log4j yy/MM/dd",
        (_utc(2017, 6, 9, 20, 10, 40), "INFO", "executor.CoarseGrainedExecutorBackend"),
        (_utc(2017, 6, 9, 20, 11, 11), "INFO", "storage.BlockManager"),
    ),
    "Thunderbird": (
        "Thunderbird syslog",
        (1131566461.0, None, "crond(pam_unix)"),
        (1131567332.0, None, "ntpd"),
    ),
    "Windows": (
        "ISO-8601",
        (_utc(2016, 9, 28, 4, 30, 30), None, None),
        (_utc(2016, 9, 29, 2, 4, 40), None, None),
    ),
    "Zookeeper": (
        "ISO-8601",
        (_utc(2015, 7, 29, 17, 41, 44, micro=747000), "INFO", None),
        (_utc(2015, 8, 10, 18, 12, 34, micro=4000), "INFO", None),
    ),
}


def _loghub(system: str) -> Path:
    return shared_data("loghub_2k", system, f"{system}_2k.log")


@pytest.mark.parametrize("system", sorted(LOGHUB))
def test_loghub_sample_imports_every_line(ws: tuple[Workspace, Store], system: str) -> None:
    """`hindsight ingest` (ingest_paths) reads all 2,000 lines; the first and last records
    carry the time, level and service written on those lines."""
    workspace, store = ws
    path = _loghub(system)
    dialect, first, last = LOGHUB[system]
    options = IngestOptions(reference_time=WRITTEN)
    (report,) = ingest_paths(workspace, store, INCIDENT, [path], options).files
    assert (report.status, report.format, report.error) == ("imported", "text", None)
    assert (report.lines, report.malformed, report.implausible) == (2000, 0, {})
    found = textlog._dialect(Source(path, path.name).sample())
    assert found is not None and found[0] == dialect
    _, records, malformed, _ = read(path, reference_time=WRITTEN)
    assert len(records) == 2000 and not malformed
    assert (records[0].at, records[0].level, records[0].service) == first
    assert (records[-1].at, records[-1].level, records[-1].service) == last
    times = [r.at for r in records if r.at is not None]
    assert report.first_at is not None and report.last_at is not None
    assert (report.first_at.timestamp(), report.last_at.timestamp()) == (min(times), max(times))


def test_syslog_tags_with_spaces_and_a_context_are_read() -> None:
    """Linux's `combo  -- root[2421]:` and macOS's `Microsoft Word[14463]:`,
    `sandboxd[129] ([31211]):` were malformed; the context stays in the message."""
    _, records, _, _ = read(_loghub("Linux"), reference_time=WRITTEN)
    root = records[898]
    assert (root.line, root.service, root.text) == (899, "-- root", "ROOT LOGIN ON tty2")
    _, records, _, _ = read(_loghub("Mac"), reference_time=WRITTEN)
    by_line = {r.line: r for r in records}
    assert by_line[1057].service == "Microsoft Word"
    assert by_line[617].service == "BezelServices 255.10"
    assert by_line[36].service == "sandboxd"
    assert by_line[36].text.startswith("([31211]) com.apple.Addres(31211) deny network-outbound")


def test_system_dialects_keep_hosts_alerts_and_request_ids() -> None:
    _, records, _, _ = read(_loghub("BGL"))
    assert records[0].detail == {"host": "R02-M1-N0-C:J12-U11"}
    alerts = [r for r in records if r.detail and "alert" in r.detail]
    assert len(alerts) == 143 and {r.level for r in records} == {"INFO", "FATAL", "ERROR", "WARN"}
    _, records, _, _ = read(_loghub("OpenStack"))
    assert records[0].trace_id == "req-38101a0b-2096-447d-96ea-a692162415ae"
    assert records[0].text.startswith('10.11.10.1 "GET /v2/')
    assert records[0].detail == {"file": "nova-api.log.1.2017-05-16_13:53:08", "pid": 25746}
    _, records, _, _ = read(_loghub("HPC"))
    assert records[0].detail == {"host": "node-246", "state": "state_change.unavailable"}
    _, records, _, _ = read(_loghub("Thunderbird"))
    kernel = [r for r in records if r.text.startswith("Kernel command line:")]
    assert kernel and kernel[0].service is None and kernel[0].detail == {"host": "tbird-admin1"}


def test_bad_lines_of_a_system_dialect_name_file_and_line(ws: tuple[Workspace, Store]) -> None:
    """A line that does not fit, or fits with an impossible date, is reported by file and line
    (never a traceback); the good lines are imported."""
    workspace, store = ws
    path = workspace.root / "hdfs.log"
    path.write_text(
        "081109 203615 148 INFO dfs.DataNode: PacketResponder 1 terminating\n"
        "081339 203615 148 INFO dfs.DataNode: month 13\n"
        "not a log line at all\n"
        "081109 203807 222 WARN dfs.DataNode: PacketResponder 0 terminating\n",
        encoding="utf-8",
    )
    (report,) = ingest_paths(workspace, store, INCIDENT, [path]).files
    assert report.status == "imported" and (report.lines, report.malformed) == (4, 2)
    assert report.malformed_examples[0].startswith("hdfs.log:2: invalid date")
    assert report.malformed_examples[1].startswith(
        "hdfs.log:3: does not start like a Hadoop yyMMdd HHmmss line"
    )


def _one(pattern_line: str, options: ParseOptions | None = None) -> Record:
    """The Record of one line, read by the dialect detection picks for it."""
    dialect = textlog._dialect(Sample("x.log", pattern_line + "\n"))
    assert dialect is not None, pattern_line
    item = textlog._read_line(1, pattern_line, dialect, options or ParseOptions())
    assert isinstance(item, Record), item
    return item


MOMENTS = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2035, 1, 1)).map(
    lambda moment: moment.replace(tzinfo=UTC)
)
WORDS = st.from_regex(r"[A-Za-z][\w.$]{0,20}", fullmatch=True)
MESSAGES = st.from_regex(r"[\w][\w .:=/,()\[\]-]{0,40}", fullmatch=True).map(str.rstrip)


@given(MOMENTS, st.sampled_from("VDIWEF"), WORDS, MESSAGES, st.integers(1, 99999))
def test_logcat_line_property(moment: datetime, letter: str, tag: str, text: str, pid: int) -> None:
    moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    line = f"{moment:%m-%d %H:%M:%S}.{moment.microsecond // 1000:03d} {pid:5d} {pid + 1:5d} "
    record = _one(f"{line}{letter} {tag}: {text}", ParseOptions(year=moment.year))
    assert record.at is not None and abs(record.at - moment.timestamp()) < 1e-6
    assert record.level == textlog._LOGCAT_LEVEL[letter]
    assert (record.service, record.text) == (tag, text)
    assert record.detail == {"pid": pid, "tid": pid + 1}


@given(
    st.integers(10**9, 2 * 10**9),
    st.integers(0, 999999),
    st.sampled_from(["INFO", "FATAL", "ERROR", "WARNING", "SEVERE", "FAILURE"]),
    st.sampled_from(["KERNEL", "APP", "MMCS", "DISCOVERY"]),
    st.sampled_from(["-", "KERNDTLB", "APPSEV"]),
    MESSAGES,
)
def test_bgl_line_property(
    epoch: int, micros: int, level: str, component: str, alert: str, text: str
) -> None:
    local = datetime.fromtimestamp(epoch, UTC)  # BGL writes local time; only its second counts
    node = "R02-M1-N0-C:J12-U11"
    line = (
        f"{alert} {epoch} {local:%Y.%m.%d} {node} {local:%Y-%m-%d-%H.%M.%S}.{micros:06d} "
        f"{node} RAS {component} {level} {text}"
    )
    record = _one(line)
    assert record.at == epoch + micros / 1e6
    assert record.level == {"WARNING": "WARN", "SEVERE": "ERROR", "FAILURE": "FATAL"}.get(
        level, level
    )
    assert (record.service, record.text, record.detail["host"]) == (component, text, node)  # type: ignore[index]
    assert (record.detail or {}).get("alert") == (None if alert == "-" else alert)


@given(MOMENTS, st.sampled_from(["INFO", "WARN", "ERROR"]), WORDS, MESSAGES, st.integers(0, 99999))
def test_hadoop_compact_line_property(
    moment: datetime, level: str, component: str, text: str, pid: int
) -> None:
    moment = moment.replace(microsecond=0)
    record = _one(f"{moment:%y%m%d %H%M%S} {pid} {level} {component}: {text}")
    assert record.at == moment.timestamp()
    assert (record.level, record.service, record.text) == (level, component, text)


@given(
    st.integers(10**9, 2 * 10**9),
    st.from_regex(r"[a-z][\w-]{0,12}", fullmatch=True),
    WORDS,
    st.integers(-1, 1),
    MESSAGES,
)
def test_hpc_line_property(epoch: int, node: str, component: str, flag: int, text: str) -> None:
    record = _one(f"134681 {node} {component} state_change.unavailable {epoch} {flag} {text}")
    assert record.at == float(epoch)
    assert (record.service, record.text, record.level) == (component, text, None)
    assert record.detail == {"host": node, "state": "state_change.unavailable"}


@given(MOMENTS, WORDS, st.integers(0, 10**9), MESSAGES)
def test_healthapp_line_property(moment: datetime, component: str, pid: int, text: str) -> None:
    millis = moment.microsecond // 1000
    moment = moment.replace(microsecond=millis * 1000)
    stamp = f"{moment:%Y%m%d}-{moment.hour}:{moment.minute}:{moment.second}:{millis}"  # unpadded
    record = _one(f"{stamp}|{component}|{pid}|{text}")
    assert record.at is not None and abs(record.at - moment.timestamp()) < 1e-6
    assert (record.service, record.text, record.detail) == (component, text, {"pid": pid})


@given(
    MOMENTS,
    st.sampled_from(["INFO", "WARNING", "ERROR", "DEBUG"]),
    WORDS,
    st.one_of(st.none(), st.uuids().map(lambda u: f"req-{u}")),
    MESSAGES,
)
def test_oslo_file_line_property(
    moment: datetime, level: str, logger: str, request: str | None, text: str
) -> None:
    moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    stamp = f"{moment:%Y-%m-%d %H:%M:%S}.{moment.microsecond // 1000:03d}"
    context = f"[{request} 113d3a99 54fadb41 - - -]" if request else "[-]"
    line = f"nova-api.log.1.2017-05-16_13:53:08 {stamp} 2931 {level} {logger} {context} {text}"
    record = _one(line)
    assert record.at is not None and abs(record.at - moment.timestamp()) < 1e-6
    assert record.level == ("WARN" if level == "WARNING" else level)
    assert (record.service, record.text, record.trace_id) == (logger, text, request)


@given(MOMENTS, st.from_regex(r"[A-Za-z][\w.]{0,15}(\.exe( \*64)?)?", fullmatch=True), MESSAGES)
def test_proxifier_line_property(moment: datetime, program: str, text: str) -> None:
    moment = moment.replace(microsecond=0)
    record = _one(f"[{moment:%m.%d %H:%M:%S}] {program} - {text}", ParseOptions(year=moment.year))
    assert record.at == moment.timestamp()
    assert (record.service, record.text, record.level) == (program, text, None)


@given(
    st.integers(10**9, 2 * 10**9),
    st.from_regex(r"[a-z][\w-]{0,10}", fullmatch=True),
    st.one_of(st.none(), st.from_regex(r"[a-z][\w()./-]{0,20}", fullmatch=True)),
    st.one_of(st.none(), st.integers(0, 99999)),
    MESSAGES,
)
def test_thunderbird_line_property(
    epoch: int, node: str, program: str | None, pid: int | None, text: str
) -> None:
    local = datetime.fromtimestamp(epoch, UTC)
    tag = "" if program is None else f"{program}[{pid}]: " if pid is not None else f"{program}: "
    day = f"{local:%b} {local.day:>2} {local:%H:%M:%S}"
    line = f"- {epoch} {local:%Y.%m.%d} {node} {day} {node}/{node} {tag}{text}"
    record = _one(line)
    assert record.at == float(epoch) and record.detail == {"host": node}
    if program is not None:
        assert (record.service, record.text) == (program, text)


@given(
    MOMENTS,
    st.from_regex(r"[A-Za-z][\w.-]{0,8}( [A-Za-z][\w.-]{0,8}){0,2}", fullmatch=True),
    st.integers(0, 99999),
    st.one_of(st.none(), st.from_regex(r"\([\w.\[\]-]{1,20}\)", fullmatch=True)),
    MESSAGES,
)
def test_rfc3164_tag_property(
    moment: datetime, program: str, pid: int, context: str | None, text: str
) -> None:
    """A program of several words before its [pid], and a (context) after it, as macOS writes."""
    moment = moment.replace(microsecond=0)
    stamp = f"{moment:%b} {moment.day:>2} {moment:%H:%M:%S}"
    after = f" {context}" if context else ""
    record = _one(f"{stamp} host-1 {program}[{pid}]{after}: {text}", ParseOptions(year=moment.year))
    assert record.at == moment.timestamp()
    assert record.service == program
    assert record.text == (f"{context} {text}" if context else text)


def test_a_forced_dialect_line_that_fits_none_is_malformed_not_an_error() -> None:
    dialect = next(d for d in textlog.DIALECTS if d[0] == "HPC events")
    item = textlog._read_line(7, "12 node-1 unix.hw state x 1", dialect, ParseOptions())
    assert isinstance(item, Malformed) and item.line == 7

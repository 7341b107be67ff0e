"""Every registered importer fed nested, truncated, oversized and invalid-UTF-8 input.

Each example is read through the ingest service's reader (`service._read`, what `hindsight
ingest` and the web upload run: format detection, or each format forced, then condensing into
events) and must end in a clean result or a failed file with a one-line reason — never an
exception escaping. Time is bounded by hypothesis' per-example deadline (generous: a quadratic
regex on these sizes takes minutes, not seconds), not by a timed assertion.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hindsight.domain.model import to_plain
from hindsight.ingest import registry
from hindsight.ingest.condense import condensed_events
from hindsight.ingest.records import ParseOptions
from hindsight.ingest.service import FileReport, IngestOptions, _read
from tests.conftest import TEST_DATA

SEEDS = sorted(p for p in (TEST_DATA / "ingest").iterdir() if p.is_file())
FUZZ = settings(
    max_examples=60,
    deadline=timedelta(seconds=20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)

# Envelopes that reach each JSON reader's parsing (not only its detector) with a deep payload.
ENVELOPES = [
    '{{"receiver":"x","status":"firing","alerts":[{{"startsAt":"2025-12-15T22:00:00Z",'
    '"labels":{{"alertname":"A"}},"annotations":{{"x":{deep}}}}}]}}',
    '{{"kind":"EventList","items":[{{"kind":"Event","involvedObject":{{"kind":"Pod",'
    '"name":"a"}},"lastTimestamp":"2025-12-15T22:00:00Z","message":{deep}}}]}}',
    '{{"status":"success","data":{{"resultType":"matrix","result":[{{"metric":{deep},'
    '"values":[[1765836000,"1"]]}}]}}}}',
    '{{"log_entries":[{{"type":"trigger_log_entry","created_at":"2025-12-15T22:00:00Z",'
    '"incident":{deep}}}]}}',
    '{{"ts":"2025-12-15T22:00:00Z","level":"error","msg":"x","extra":{deep}}}',
]


@st.composite
def nested(draw: st.DrawFn) -> bytes:
    depth = draw(st.integers(1, 3000))
    opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}"), ('[{"a":', "}]")]))
    cut = draw(st.booleans())  # an unclosed document too
    deep = opener * depth + "1" + ("" if cut else closer * depth)
    return draw(st.sampled_from(ENVELOPES)).format(deep=deep).encode()


@st.composite
def truncated(draw: st.DrawFn) -> bytes:
    data = draw(st.sampled_from(SEEDS)).read_bytes()
    if draw(st.booleans()) and not data.startswith(b"\x1f\x8b"):
        data = gzip.compress(data)
    return data[: draw(st.integers(0, max(0, len(data) - 1)))]


# Runs that made a pattern backtrack once (hex letters, digits, open Slack markup, spaces …)
RUNS = [
    "ea",
    "1",
    "a1-",
    "1 ",
    " ",
    "a.",
    "\\",
    '"',
    "[",
    "<1",
    "x",
    "<@U1|",
    "<https://a",
    "flag ",
]


@st.composite
def oversized(draw: st.DrawFn) -> bytes:
    data = draw(st.sampled_from(SEEDS)).read_bytes()
    if data.startswith(b"\x1f\x8b"):
        data = gzip.decompress(data)
    run = draw(st.sampled_from(RUNS))
    size = draw(st.sampled_from([70_000, 140_000, 300_000]))
    at = draw(st.integers(0, len(data)))
    return data[:at] + (run * (size // len(run))).encode() + data[at:]


@st.composite
def invalid_utf8(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)).read_bytes())
    for _ in range(draw(st.integers(1, 30))):
        if data:
            at = draw(st.integers(0, len(data) - 1))
            data[at : at + 1] = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"]))
    return bytes(data)


@st.composite
def slack_zip(draw: st.DrawFn) -> bytes:
    """An export whose users.json and day file are the hostile part."""
    members = {
        "users.json": draw(st.sampled_from([b"[]", b"[" * 5000, b'[{"id":"U1"}]'])),
        "channels.json": b'[{"id":"C1","name":"general"}]',
        "general/2025-12-15.json": draw(
            st.one_of(
                nested(),
                st.binary(max_size=200),
                st.just(b'[{"ts":"1765836000.0"}]'),
                st.sampled_from(RUNS).map(
                    lambda run: json.dumps(
                        [{"ts": "1765836000.0", "user": "U1", "text": run * (300_000 // len(run))}]
                    ).encode()
                ),
            )
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


hostile = st.one_of(nested(), truncated(), oversized(), invalid_utf8(), st.binary(max_size=2000))
FORMATS = [None, *registry.names()]


def read_as(path: Path, format_name: str | None) -> FileReport:
    """The service's read of one file (detected or forced), condensed into events."""
    report = FileReport(str(path))
    options = IngestOptions(format=format_name, workers=1)
    read = _read(path, path.name, path, options, ParseOptions(), 0.0, report)
    if read is None:
        assert report.status == "failed" and report.error, report
        assert "\n" not in report.error and "Traceback" not in report.error
        return report
    importer, aggregate, _ = read
    events = condensed_events(aggregate, source="fuzz", evidence=None, format_name=importer.NAME)
    json.dumps(to_plain(events), default=str)  # what the store writes must be writable
    return report


def check_every_format(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    for format_name in FORMATS:
        read_as(path, format_name)


@FUZZ
@given(data=hostile, suffix=st.sampled_from([".log", ".json", ".gz", ".csv"]))
def test_every_importer_survives_hostile_files(tmp_path_factory, data: bytes, suffix: str) -> None:  # type: ignore[no-untyped-def]
    check_every_format(tmp_path_factory.mktemp("fuzz"), data, suffix)


@FUZZ
@given(data=slack_zip())
def test_every_importer_survives_hostile_zips(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    check_every_format(tmp_path_factory.mktemp("fuzz"), data, ".zip")


def test_the_fuzz_covers_every_registered_importer() -> None:
    assert {m.NAME for m in registry.importers()} <= set(FORMATS)
    assert len(registry.importers()) == len(FORMATS) - 1

"""`hindsight pull --clickhouse` against a real ClickHouse server started on loopback ports.

The server is Debian's `clickhouse-server` (`apt-get install clickhouse-server`); without it these
tests skip. One server per module holds `otel_logs` (5,000,000 rows of an incident story,
generated inside ClickHouse in a few seconds) and `small` (50,000 rows of the same story, for the
comparison with a local `hindsight ingest` of the same records).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hindsight.ingest import clickhouse
from hindsight.ingest.condense import SHAPE
from hindsight.ingest.pull import Window
from hindsight.store.repo import list_evidence
from hindsight.timeutil import parse_instant
from hindsight.workspace import find_workspace
from tests.ingest import clickhouse_story as story
from tests.ingest.test_pull import free_port, run, silent_server, story_incident

ROWS = 5_000_000
SMALL_ROWS = 50_000
SAMPLES = [
    "upstream connect error to 10.0.3.17:8080 reset reason: connection failure",
    "payment c464c324c985 declined: card_declined",
    "retrying request deadbeef after 503",
    "request 0x1f took 12.5ms at 2025-12-15T22:47:03Z",
    "user Ab3 face cafe 42abc ABC1 f00d",
    "connection pool exhausted: 64/64 in use",
    "ünïcode 日本 9fa 12 ok",
    "",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[story.ClickHouse]:
    if not story.available():
        pytest.skip(
            "clickhouse-server not installed: `apt-get install clickhouse-server` (Debian) runs "
            "the ClickHouse pull tests"
        )
    with story.clickhouse_server(tmp_path_factory.mktemp("clickhouse")) as running:
        running.load_story("otel_logs", ROWS)
        running.load_story("small", SMALL_ROWS)
        yield running


@pytest.fixture
def configured(workspace: Path, server: story.ClickHouse, monkeypatch: pytest.MonkeyPatch) -> str:
    """The story incident, with `[sources.logs]` pointing at the server."""
    monkeypatch.setenv("CH_PASSWORD", story.PASSWORD)
    config = workspace / "hindsight.toml"
    config.write_text(
        config.read_text()
        + f"""
[sources.logs]
kind = "clickhouse"
url = "{server.url.rstrip("/")}"
user = "{story.USER}"
password_env = "CH_PASSWORD"
"""
    )
    return story_incident()  # 22:40–23:20: the window is 22:10–23:50


def timeline(incident_id: str) -> list[dict[str, object]]:
    out = run("timeline", incident_id, "--json")
    return list(json.loads(out))


def comparable(events: list[dict[str, object]]) -> list[tuple[object, ...]]:
    keys = ("at", "last_at", "text", "level", "service", "count", "template", "key", "kind")
    return sorted(tuple(str(e.get(k)) for k in keys) for e in events)


@given(st.text(alphabet="0123456789abcdefxyzABCDEFXYZ .:-_/ü", max_size=60))
def test_the_re2_shape_pattern_reads_like_the_local_one(message: str) -> None:
    assert re.sub(clickhouse.SHAPE_RE2, "0", message) == SHAPE.sub("0", message)


def test_clickhouse_computes_the_same_shapes_as_the_local_reader(
    server: story.ClickHouse,
) -> None:
    literals = ", ".join(clickhouse.quoted(m) for m in SAMPLES)
    sql = (
        f"SELECT arrayMap(x -> replaceRegexpAll(x, '{clickhouse.SHAPE_RE2}', '0'), [{literals}])"
        " AS shapes FORMAT JSONEachRow"
    )
    shapes = json.loads(server.query(sql))["shapes"]
    assert shapes == [SHAPE.sub("0", m) for m in SAMPLES]


def test_pulled_groups_become_the_incident_story_and_the_answer_is_kept(
    configured: str, server: story.ClickHouse
) -> None:
    incident = configured
    out = run("pull", incident)
    assert "window 2025-12-15 22:10:00Z to 2025-12-15 23:50:00Z" in out
    assert "otel_logs:" in out and "groups of" in out and "warning-or-worse records" in out
    events = timeline(incident)
    texts = [str(e["text"]) for e in events]
    upstream = [e for e in events if "upstream connect error to <IP>:<PORT>" in str(e["text"])]
    assert upstream and all(e["level"] == "ERROR" for e in upstream)
    expected = int(
        server.query(
            "SELECT count() FROM otel_logs WHERE Body LIKE 'upstream connect error%' "
            "AND Timestamp >= toDateTime('2025-12-15 22:10:00', 'UTC') "
            "AND Timestamp < toDateTime('2025-12-15 23:50:00', 'UTC')"
        )
    )
    main = next(e for e in upstream if "burst" not in str(e["text"]))
    assert main["count"] == expected and main["service"] == "checkout-api"
    assert str(main["at"]).startswith("2025-12-15T22:47")
    assert main["key"]  # the first occurrence of an ERROR template
    assert any(t.startswith("FATAL connection pool exhausted") for t in texts), texts
    # SeverityNumber 0 with SeverityText "warning" counts as WARN; INFO never crosses the wire
    assert any(t.startswith("WARN retrying request") for t in texts), texts
    assert not any("GET /api/cart" in t for t in texts)
    store = find_workspace().open_store()
    try:
        with store.session() as session:
            (record,) = list_evidence(session, incident)
    finally:
        store.close()
    assert record.format == "clickhouse"
    assert server.url.rstrip("/") in record.origin and "replaceRegexpAll(Body" in record.origin
    blob = find_workspace().evidence_dir
    sql = clickhouse.groups_sql(
        "otel_logs",
        _window("2025-12-15T22:10:00Z", "2025-12-15T23:50:00Z"),
    )
    answer = server.query(sql).encode()
    assert record.sha256 == hashlib.sha256(answer).hexdigest()
    assert record.size == len(answer) < 64 * 1024  # groups, not 150,000 log lines
    assert any(blob.rglob(record.sha256 + "*"))
    assert "ok" in run("evidence", "verify", incident).lower()
    again = run("pull", incident)
    assert "already pulled" in again
    assert timeline(incident) == events


def _window(start: str, end: str) -> Window:
    return Window(parse_instant(start, field="from"), parse_instant(end, field="to"))


def test_pulled_events_equal_a_local_ingest_of_the_same_records(
    configured: str, server: story.ClickHouse, tmp_path: Path
) -> None:
    """The same records, grouped by ClickHouse or read from a JSON-lines export by the local
    reader, give the same events: texts, templates, counts, times, services, key reasons."""
    export = server.query(
        f"SELECT toUnixTimestamp(Timestamp) AS ts, {clickhouse.LEVEL_SQL} AS level, "
        "ServiceName AS service, Body AS message FROM small "
        "WHERE Timestamp >= toDateTime('2025-12-15 22:10:00', 'UTC') "
        "AND Timestamp < toDateTime('2025-12-15 23:50:00', 'UTC') AND level != '' "
        "FORMAT JSONEachRow"
    )
    assert export.count("\n") > 1000
    path = tmp_path / "small.jsonl"
    path.write_text(export)
    local = run(
        "incident", "new", "Local copy", "--severity", "P2", "--started", "2025-12-15 22:40"
    )
    local_id = local.split("Opened ")[1].split(":")[0]
    run("ingest", local_id, str(path))
    run("pull", configured, "--clickhouse", server.url, "--table", "small", "--user", story.USER,
        "--password-env", "CH_PASSWORD", "--from", "2025-12-15T22:10:00Z",
        "--to", "2025-12-15T23:50:00Z")  # fmt: skip
    pulled, ingested = timeline(configured), timeline(local_id)
    assert len(pulled) >= 5 and any(e["key"] for e in pulled)
    assert comparable(pulled) == comparable(ingested)


def test_drilling_into_a_pulled_event_asks_clickhouse_for_its_lines(
    configured: str,
) -> None:
    run("pull", configured)
    events = timeline(configured)
    fatal = next(e for e in events if str(e["text"]).startswith("FATAL connection pool"))
    out = run("timeline", configured, "--event", str(fatal["id"]), "--json")
    (drilled,) = json.loads(out)
    lines = drilled["raw_lines"]
    assert 0 < len(lines) <= min(int(str(fatal["count"])), clickhouse.RAW_LIMIT)
    for table, _, text in lines:
        assert table == "otel_logs"
        assert " FATAL payments connection pool exhausted: 64/64 in use" in text
    payment = next(e for e in events if "declined: card_declined" in str(e["text"]))
    (drilled,) = json.loads(run("timeline", configured, "--event", str(payment["id"]), "--json"))
    assert drilled["raw_lines"] and all(
        re.search(r"ERROR payments payment [0-9a-f]+ declined", text)
        for _, _, text in drilled["raw_lines"]
    )


def test_clickhouse_errors_are_one_line_each_and_store_nothing(
    configured: str, server: story.ClickHouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident = configured
    base = ["pull", incident, "--clickhouse", server.url, "--user", story.USER]
    monkeypatch.setenv("WRONG", "guess")
    refused = run(*base, "--password-env", "WRONG", code=2)
    assert "credentials refused" in refused and "Traceback" not in refused
    assert len(refused.strip().splitlines()) == 2  # the window, then one error line
    missing = run(*base, "--password-env", "CH_PASSWORD", "--table", "nope", code=2)
    assert "Code: 60" in missing and "nope" in missing
    server.query("DROP TABLE IF EXISTS no_body")
    server.query(
        "CREATE TABLE no_body (Timestamp DateTime, SeverityText String, SeverityNumber UInt8, "
        "ServiceName String) ENGINE = MergeTree() ORDER BY Timestamp"
    )
    column = run(*base, "--password-env", "CH_PASSWORD", "--table", "no_body", code=2)
    assert "Code: 47" in column and "Body" in column
    bad = run(*base, "--password-env", "CH_PASSWORD", "--table", "x; DROP TABLE otel_logs", code=2)
    assert "is not a table name" in bad
    alone = run("pull", incident, "--alertmanager", server.url, "--table", "small", code=2)
    assert "--table goes with --clickhouse URL" in alone
    port = free_port()
    gone = run("pull", incident, "--clickhouse", f"http://127.0.0.1:{port}", code=2)
    assert f"clickhouse http://127.0.0.1:{port}: unreachable (connection refused)" in gone
    empty = run(*base, "--password-env", "CH_PASSWORD", "--from", "2024-01-01T00:00:00Z",
                "--to", "2024-01-01T02:00:00Z", code=1)  # fmt: skip
    assert "no data in the window" in empty
    assert timeline(incident) == []


def test_a_silent_clickhouse_times_out(configured: str, silent_server: str) -> None:
    slow = run("pull", configured, "--clickhouse", silent_server, "--timeout", "0.5", code=2)
    assert "clickhouse" in slow and "no answer within 0.5 s" in slow


def test_clickhouse_sources_in_the_config_are_checked(workspace: Path) -> None:
    incident = story_incident()
    config = workspace / "hindsight.toml"
    base = config.read_text() + '\n[sources.logs]\nkind = "clickhouse"\nurl = "http://ch:8123"\n'
    config.write_text(base + 'table = "logs; DROP TABLE x"\n')
    assert "is not a table name" in run("pull", incident, code=2)
    config.write_text(base + 'queries = ["up"]\n')
    assert "queries is not a field of a clickhouse source" in run("pull", incident, code=2)
    config.write_text(base.replace("clickhouse", "prometheus") + 'table = "otel_logs"\n')
    assert "table is not a field of a prometheus source" in run("pull", incident, code=2)


def test_clickhouse_answers_are_checked_without_a_server() -> None:
    """The answer's shape and ClickHouse's error text, read without a server (httpx mock)."""
    from hindsight.errors import HindsightError
    from hindsight.ingest.pull import Source, clickhouse_logs

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            516,
            text="Code: 516. DB::Exception: hindsight: Authentication failed: password is "
            "incorrect, or there is no user with such name. (AUTHENTICATION_FAILED) "
            "(version 24.8.4.13 (official build))\n",
        )

    source = Source("ch", "clickhouse", "http://ch.invalid:8123")
    with (
        httpx.Client(transport=httpx.MockTransport(answer)) as client,
        pytest.raises(HindsightError) as refused,
    ):
        clickhouse.post(client, source, "SELECT 1")
    assert "credentials refused" in refused.value.message
    assert "(version" not in refused.value.message
    assert clickhouse.parse_groups(b"") == []

    def broken(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, text='{"level":"ERROR"}\nCode: 241, e.displayText() = DB::Exception: Memory limit'
        )

    window = _window("2025-12-15T22:10:00Z", "2025-12-15T23:50:00Z")
    with (
        httpx.Client(transport=httpx.MockTransport(broken)) as client,
        pytest.raises(HindsightError) as cut,
    ):
        clickhouse_logs(client, source, window)
    assert "Code: 241, DB::Exception: Memory limit" in cut.value.message
    with pytest.raises(ValueError):
        clickhouse.parse_groups(b"<html>")


__all__ = ["silent_server"]  # the fixture, shared with test_pull


def _grouped_like_the_sql(records: list[tuple[int, str, str, str]]) -> list[clickhouse.Group]:
    """What GROUPS_SQL answers for these (second, level, service, message) records."""
    per_minute: dict[tuple[str, str, str, int], list[tuple[int, str]]] = {}
    for at, level, service, message in records:
        key = (level, service, SHAPE.sub("0", message), at // 60)
        per_minute.setdefault(key, []).append((at, message))
    groups: dict[tuple[str, str, str], clickhouse.Group] = {}
    for (level, service, shape, minute), rows in sorted(per_minute.items()):
        found = groups.setdefault(
            (level, service, shape),
            clickhouse.Group(level, service or None, shape, 0, 2**62, 0, "", [], []),
        )
        found.count += len(rows)
        found.first = min(found.first, min(at for at, _ in rows))
        found.last = max(found.last, max(at for at, _ in rows))
        found.message = max(found.message, max(m for _, m in rows))
        found.minutes.append(minute)
        found.minute_counts.append(len(rows))
    return list(groups.values())


records_strategy = st.lists(
    st.tuples(
        st.integers(1765836000, 1765836000 + 3 * 3600),
        st.sampled_from(["WARN", "ERROR", "FATAL"]),
        st.sampled_from(["checkout-api", "payments", ""]),
        st.builds(
            lambda word, n, h: f"{word} {n} id {h:x} done",
            st.sampled_from(["timeout", "reset", "declined"]),
            st.integers(0, 10_000),
            st.integers(0, 2**48),
        ),
    ),
    min_size=1,
    max_size=200,
)


@given(records_strategy)
def test_groups_condense_like_the_lines_they_stand_for(
    records: list[tuple[int, str, str, str]],
) -> None:
    """The Aggregate built from grouped rows gives the events the line reader's gives (lines in
    time order; within a second, ties between groups are read in the order the pull adds them)."""
    from hindsight.ingest.condense import Aggregate, condensed_events
    from hindsight.ingest.jsonl import make_record

    in_file_order = sorted(records, key=lambda r: (r[0], r[1], r[2], SHAPE.sub("0", r[3])))
    local = Aggregate()
    local.add_all(
        make_record(n, float(at), message, level, service or None, None)
        for n, (at, level, service, message) in enumerate(in_file_order, 1)
    )
    pulled = clickhouse.aggregate(_grouped_like_the_sql(records))

    def shown(aggregate: Aggregate) -> list[tuple[object, ...]]:
        made = condensed_events(aggregate, source="s", evidence=None, format_name="f")
        return [
            (e.at, e.last_at, e.text, e.level, e.service, e.count, e.template, e.key) for e in made
        ]

    assert shown(pulled) == shown(local)

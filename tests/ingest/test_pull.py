"""`hindsight pull` against real Prometheus and Alertmanager servers started on loopback ports.

Prometheus is backfilled with `promtool tsdb create-blocks-from openmetrics` (an incident story:
a 5xx rate that jumps at 22:47 and falls at 23:19) and serves behind basic auth; Alertmanager
gets alerts and a silence posted to its API. Both come from Debian's packages
(`apt-get install prometheus prometheus-alertmanager`); without them these tests skip.
"""

from __future__ import annotations

import hashlib
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from hindsight.cli.main import app
from hindsight.workspace import find_workspace

STORY_START = datetime(2025, 12, 15, 22, 40, tzinfo=UTC)
# Basic-auth user "hindsight", password "pull-secret" (bcrypt, cost 4), for Prometheus' web config.
PROM_USER = "hindsight"
PROM_PASSWORD = "pull-secret"
PROM_HASH = "$2b$04$4VUbkyXdaxji6SOIu5ynPe0VwF90ZoisdyPBtjoYeGvvTeNEgWh6W"

runner = CliRunner()


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def needs(*binaries: str) -> None:
    missing = [b for b in binaries if shutil.which(b) is None]
    if missing:
        pytest.skip(
            f"{', '.join(missing)} not installed: `apt-get install prometheus "
            "prometheus-alertmanager` (Debian) runs the live-source tests"
        )


def wait_ready(url: str, process: subprocess.Popen[bytes], **kwargs: object) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1, **kwargs).status_code == 200:  # type: ignore[arg-type]
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} not ready in 30 s")


def story_openmetrics() -> str:
    """A 15 s series from 30 min before the start to 90 min after: 0.2/s, 41/s from +7 min for 32 min."""
    lines = ["# TYPE http_errors_rate gauge"]
    onset = STORY_START + timedelta(minutes=7)
    end_of_errors = onset + timedelta(minutes=32)
    moment = STORY_START - timedelta(minutes=30)
    while moment < STORY_START + timedelta(minutes=90):
        value = 41.0 if onset <= moment < end_of_errors else 0.2
        lines.append(
            f'http_errors_rate{{service="checkout-api",instance="a"}} {value} {int(moment.timestamp())}'
        )
        moment += timedelta(seconds=15)
    return "\n".join([*lines, "# EOF"]) + "\n"


@pytest.fixture(scope="module")
def prometheus_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    needs("prometheus", "promtool")
    root = tmp_path_factory.mktemp("prometheus")
    (root / "story.om").write_text(story_openmetrics())
    subprocess.run(
        ["promtool", "tsdb", "create-blocks-from", "openmetrics", "story.om", "data"],
        cwd=root,
        check=True,
        capture_output=True,
    )
    (root / "prometheus.yml").write_text("global:\n  scrape_interval: 1h\nscrape_configs: []\n")
    (root / "web.yml").write_text(f"basic_auth_users:\n  {PROM_USER}: {PROM_HASH}\n")
    port = free_port()
    process = subprocess.Popen(
        [
            "prometheus",
            f"--config.file={root / 'prometheus.yml'}",
            f"--web.config.file={root / 'web.yml'}",
            f"--storage.tsdb.path={root / 'data'}",
            "--storage.tsdb.retention.time=100y",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(f"{url}/-/ready", process, auth=(PROM_USER, PROM_PASSWORD))
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def alertmanager_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    needs("prometheus-alertmanager")
    root = tmp_path_factory.mktemp("alertmanager")
    (root / "am.yml").write_text("route:\n  receiver: none\nreceivers:\n  - name: none\n")
    port = free_port()
    process = subprocess.Popen(
        [
            "prometheus-alertmanager",
            f"--config.file={root / 'am.yml'}",
            f"--storage.path={root / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(f"{url}/-/ready", process)
        now = datetime.now(UTC)
        alerts = [
            {
                "labels": {
                    "alertname": "CheckoutErrors",
                    "service": "checkout-api",
                    "severity": "critical",
                },
                "annotations": {"summary": "5xx above 5% for 2 minutes"},
                "startsAt": (now - timedelta(minutes=10)).isoformat(),
            },
            {  # firing for three days: inside any recent window
                "labels": {"alertname": "DiskAlmostFull", "service": "batch"},
                "startsAt": (now - timedelta(days=3)).isoformat(),
            },
        ]
        assert httpx.post(f"{url}/api/v2/alerts", json=alerts).status_code == 200
        silence = {
            "matchers": [{"name": "alertname", "value": "CheckoutLatency", "isRegex": False}],
            "startsAt": now.isoformat(),
            "endsAt": (now + timedelta(hours=2)).isoformat(),
            "createdBy": "Priya Shah",
            "comment": "latency alert duplicates the error alert",
        }
        assert httpx.post(f"{url}/api/v2/silences", json=silence).status_code == 200
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A loopback server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    listener.close()


def configure(workspace: Path, text: str) -> None:
    config = workspace / "hindsight.toml"
    config.write_text(config.read_text() + "\n" + text)


def story_incident() -> str:
    out = run("incident", "new", "Checkout 5xx", "--severity", "P1", "--started", "2025-12-15 22:40",
              "--service", "checkout-api")  # fmt: skip
    assert "INC-2025-12-15" in out
    run("incident", "edit", "INC-2025-12-15", "--set", "resolved_at=2025-12-15T23:20:00Z")
    return "INC-2025-12-15"


def timeline_texts(incident_id: str) -> list[str]:
    store = find_workspace().open_store()
    try:
        return [e.text for e in store.get(incident_id).timeline]
    finally:
        store.close()


def test_prometheus_series_become_change_points_and_the_answer_is_kept(
    workspace: Path, prometheus_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(
        workspace,
        f"""[sources.prom]
kind = "prometheus"
url = "{prometheus_url}"
queries = ["http_errors_rate"]
user = "{PROM_USER}"
password_env = "PROM_PASSWORD"
""",
    )
    monkeypatch.setenv("PROM_PASSWORD", PROM_PASSWORD)
    incident = story_incident()
    out = run("pull", incident)
    assert "window 2025-12-15 22:10:00Z to 2025-12-15 23:50:00Z" in out
    assert "1 in window, 2 events" in out
    texts = timeline_texts(incident)
    assert any("rose from 0.2/s to 41/s at 22:47" in t for t in texts), texts
    assert any("fell from 41/s to 0.2/s at 23:19" in t for t in texts), texts
    store = find_workspace().open_store()
    try:
        from hindsight.store.repo import list_evidence

        with store.session() as session:
            (record,) = list_evidence(session, incident)
    finally:
        store.close()
    assert record.format == "prometheus"
    assert prometheus_url in record.origin and "query_range http_errors_rate" in record.origin
    assert "step 12s" in record.origin  # 100 minutes / 500 points
    answer = httpx.get(
        f"{prometheus_url}/api/v1/query_range",
        params={
            "query": "http_errors_rate",
            "start": "2025-12-15T22:10:00Z",
            "end": "2025-12-15T23:50:00Z",
            "step": "12s",
        },
        auth=(PROM_USER, PROM_PASSWORD),
    ).content
    assert record.sha256 == hashlib.sha256(answer).hexdigest()
    assert "ok" in run("evidence", "verify", incident).lower()
    again = run("pull", incident)
    assert "already pulled" in again
    assert timeline_texts(incident) == texts


def test_prometheus_errors_are_one_line_each_and_store_nothing(
    workspace: Path, prometheus_url: str, silent_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident = story_incident()
    monkeypatch.setenv("PROM_PASSWORD", PROM_PASSWORD)
    configure(
        workspace,
        f"""[sources.prom]
kind = "prometheus"
url = "{prometheus_url}"
queries = ["rate(http_errors_rate[5m]", "no_such_metric"]
user = "{PROM_USER}"
password_env = "PROM_PASSWORD"

[sources.wrongpass]
kind = "prometheus"
url = "{prometheus_url}"
queries = ["up"]
user = "{PROM_USER}"
password_env = "WRONG_PASSWORD"
""",
    )
    monkeypatch.setenv("WRONG_PASSWORD", "guess")
    bad = run("pull", incident, "--source", "prom", code=2)
    assert "bad query" in bad and "parse error" in bad and "Traceback" not in bad
    assert "no_such_metric" in bad and "no data in the window" in bad
    refused = run("pull", incident, "--source", "wrongpass", code=2)
    assert "credentials refused (HTTP 401)" in refused
    port = free_port()
    gone = run(
        "pull", incident, "--prometheus", f"http://127.0.0.1:{port}", "--query", "up", code=2
    )
    assert f"http://127.0.0.1:{port}: unreachable (connection refused)" in gone
    slow = run("pull", incident, "--prometheus", silent_server, "--query", "up", "--timeout", "0.5",
               code=2)  # fmt: skip
    assert "no answer within 0.5 s" in slow
    assert timeline_texts(incident) == []
    unset = run("pull", incident, "--source", "prom", "--source", "nope", code=2)
    assert "--source nope: no [sources.nope] in hindsight.toml (prom, wrongpass)" in unset


def test_a_window_with_no_data_says_so_and_exits_1(workspace: Path, prometheus_url: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    incident = story_incident()
    configure(
        workspace,
        f"""[sources.prom]
kind = "prometheus"
url = "{prometheus_url}"
queries = ["http_errors_rate"]
user = "{PROM_USER}"
password_env = "PROM_PASSWORD"
""",
    )
    monkeypatch.setenv("PROM_PASSWORD", PROM_PASSWORD)
    out = run("pull", incident, "--from", "2024-01-01T00:00:00Z", "--to", "2024-01-01T02:00:00Z",
              code=1)  # fmt: skip
    assert "no data in the window" in out


def test_alertmanager_alerts_and_silences_in_the_window_join_the_timeline(
    workspace: Path, alertmanager_url: str
) -> None:
    started = (datetime.now(UTC) - timedelta(minutes=20)).strftime("%Y-%m-%d %H:%M")
    created = run(
        "incident", "new", "Checkout errors now", "--severity", "P2", "--started", started
    )
    incident = created.split("Opened ")[1].split(":")[0]
    out = run("pull", incident, "--alertmanager", alertmanager_url)
    assert "2 of 2 alerts overlap" in out and "1 of 1 silences overlap" in out
    texts = timeline_texts(incident)
    assert any(t.startswith("Alert firing: CheckoutErrors: 5xx above 5%") for t in texts), texts
    assert any(t.startswith("Alert firing: DiskAlmostFull") for t in texts), texts
    assert any(
        "Silence by Priya Shah on alertname=CheckoutLatency: latency alert duplicates" in t
        for t in texts
    ), texts
    assert "already pulled" in run("pull", incident, "--alertmanager", alertmanager_url)
    assert timeline_texts(incident) == texts


def test_alertmanager_keeps_only_what_overlaps_an_earlier_window(
    workspace: Path, alertmanager_url: str
) -> None:
    now = datetime.now(UTC)
    started = (now - timedelta(hours=4)).strftime("%Y-%m-%d %H:%M")
    created = run("incident", "new", "Earlier outage", "--severity", "P2", "--started", started)
    incident = created.split("Opened ")[1].split(":")[0]
    resolved = (now - timedelta(hours=3, minutes=50)).strftime("%Y-%m-%dT%H:%M:00Z")
    run("incident", "edit", incident, "--set", f"resolved_at={resolved}")
    out = run("pull", incident, "--alertmanager", alertmanager_url)
    assert "1 of 2 alerts overlap" in out and "0 of 1 silences overlap" in out
    texts = timeline_texts(incident)
    assert any("DiskAlmostFull" in t for t in texts) and not any(
        "CheckoutErrors" in t for t in texts
    )
    assert not any("Silence" in t for t in texts)


def test_sources_in_the_config_are_checked_and_never_hold_secrets(workspace: Path) -> None:
    incident = story_incident()
    configure(
        workspace, '[sources.prom]\nkind = "prometheus"\nurl = "http://x:9090"\ntoken = "abc"\n'
    )
    out = run("pull", incident, code=2)
    assert "token may not be written in the file" in out and "token_env" in out
    (workspace / "hindsight.toml").write_text(
        (workspace / "hindsight.toml").read_text().replace('token = "abc"', 'kind2 = "x"')
    )
    assert "unknown field 'kind2'" in run("pull", incident, code=2)


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--prometheus", "not-a-url"),
        ("--prometheus", "prometheus:9090"),  # no scheme: read as scheme "prometheus"
        ("--clickhouse", "http://"),
        ("--prometheus", "http://prom:port"),
    ],
)
def test_a_source_url_that_is_not_a_url_is_named_so_not_unreachable(
    workspace: Path, flag: str, value: str
) -> None:
    incident = story_incident()
    out = run("pull", incident, flag, value, *(["--query", "up"] if flag == "--prometheus" else []),
              code=2)  # fmt: skip
    assert f"{flag} {value!r}: not a URL; expected http(s)://host:port" in out, out
    assert "unreachable" not in out and "Traceback" not in out


def test_a_url_of_another_protocol_is_named_so(workspace: Path) -> None:
    out = run("pull", story_incident(), "--alertmanager", "ftp://am:9093", code=2)
    assert "--alertmanager 'ftp://am:9093': not an http(s) URL; expected http(s)://host:port" in out


def test_a_configured_url_that_is_not_a_url_names_the_source(workspace: Path) -> None:
    incident = story_incident()
    configure(workspace, '[sources.prom]\nkind = "prometheus"\nurl = "prom:9090"\n')
    out = run("pull", incident, code=2)
    assert "hindsight.toml [sources.prom] url 'prom:9090': not a URL" in out, out


def test_a_window_that_ends_before_it_starts_is_refused(workspace: Path) -> None:
    incident = story_incident()
    out = run("pull", incident, "--prometheus", "http://127.0.0.1:9", "--query", "up",
              "--from", "2025-12-15T23:00:00Z", "--to", "2025-12-15T22:00:00Z", code=2)  # fmt: skip
    assert "the window ends" in out and "before it starts" in out

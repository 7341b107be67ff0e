"""Webhooks with a valid secret but a hostile or malformed body answer 4xx JSON, never 500; and
a webhook reads a payload exactly as `hindsight ingest` reads the same payload from a file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hindsight.cli.main import app as cli
from hindsight.workspace import init_workspace
from tests.conftest import SHARED_DATA
from tests.security.agg_live import WEBHOOK_SECRET, Live, running

TOKEN = {"X-Hindsight-Token": WEBHOOK_SECRET, "Content-Type": "application/json"}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with running(init_workspace(tmp_path_factory.mktemp("hooks") / "ws")) as server:
        yield server


def post(live: Live, path: str, body: bytes | Any) -> httpx.Response:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    with live.client() as client:
        return client.post(path, content=raw, headers=TOKEN)


def json_samples(folder: str) -> list[Path]:
    """Every JSON file of a ../shared/data folder, found at collection (none: the tests skip)."""
    root = SHARED_DATA / folder
    return sorted(root.rglob("*.json")) if root.exists() else []


def sample_id(path: Path) -> str:
    return path.relative_to(SHARED_DATA).as_posix()


def pagerduty_delivery(path: Path) -> str | None:
    """What a sample is, if PagerDuty POSTs it: "incident" (a v3 `{"event": …}` about an
    incident), "other" (a v3 event about something else, or a v2 `{"messages": …}`), None (the
    REST API's responses, the docs' bare `event.data` objects)."""
    body = json.loads(path.read_text())
    if not isinstance(body, dict):
        return None
    event = body.get("event")
    if isinstance(event, dict) and "event_type" in event and isinstance(event.get("data"), dict):
        kinds = (event.get("resource_type", "incident"), event["data"].get("type"))
        return "incident" if "incident" in kinds else "other"
    return "other" if isinstance(body.get("messages"), list) else None


ALERTMANAGER_SAMPLES = json_samples("alertmanager_webhook")
PAGERDUTY_INCIDENT_EVENTS = [
    p for p in json_samples("pagerduty") if pagerduty_delivery(p) == "incident"
]
PAGERDUTY_OTHER_DELIVERIES = [
    p for p in json_samples("pagerduty") if pagerduty_delivery(p) == "other"
]


ALERT = {
    "status": "firing",
    "labels": {"alertname": "HighLatency", "service": "checkout"},
    "annotations": {"summary": "p99 over 2 s"},
    "startsAt": "2025-12-15T22:47:00Z",
    "endsAt": "0001-01-01T00:00:00Z",
    "fingerprint": "abc123",
}


def am(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {"version": "4", "groupKey": "g-bad", "status": "firing",
                               "alerts": [dict(ALERT)]}  # fmt: skip
    payload.update(changes)
    return payload


def nested(depth: int) -> bytes:
    return b'{"alerts": [' + b"[" * depth + b"]" * depth + b"]}"


BAD_ALERTMANAGER = {
    "labels is a string": am(alerts=[{**ALERT, "labels": "abc"}]),
    "annotations is a list": am(alerts=[{**ALERT, "annotations": ["x"]}]),
    "alert is a number": am(alerts=[1]),
    "alerts is an object": am(alerts={"a": 1}),
    "commonLabels is a string": am(commonLabels="abc"),
    "commonAnnotations is a list": am(commonAnnotations=[1, 2]),
    "startsAt is a number": am(alerts=[{**ALERT, "startsAt": 12}]),
    "startsAt is text": am(alerts=[{**ALERT, "startsAt": "yesterday"}]),
    "payload is a list of numbers": [1, 2, 3],
    "payload is a string": "alerts",
    "deeply nested": nested(5_000),
    "nested beyond the limit": nested(40),
    "not UTF-8": b'{"alerts": ["\xff\xfe"]}',
    "truncated": b'{"version": "4", "alerts": [{"labels": {"alertname": "X"',
}
BAD_PAGERDUTY = {
    "event is a string": {"event": "abc"},
    "data is a string": {"event": {"event_type": "incident.triggered", "data": "abc"}},
    "no incident id": {"event": {"event_type": "incident.triggered", "data": {"type": "incident"}}},
    "occurred_at is a number": {
        "event": {
            "id": "e1",
            "event_type": "incident.triggered",
            "occurred_at": 5,
            "data": {"id": "P1", "type": "incident", "title": "x"},
        }
    },
    "deeply nested": b'{"event": ' + b"[" * 5_000 + b"]" * 5_000 + b"}",
}


@pytest.mark.parametrize("name", list(BAD_ALERTMANAGER))
def test_a_malformed_alertmanager_body_is_a_clear_422(live: Live, name: str) -> None:
    response = post(live, "/hooks/alertmanager", BAD_ALERTMANAGER[name])
    assert response.status_code == 422, (name, response.status_code, response.text[:300])
    error = response.json()["error"]
    assert error["message"] and "\n" not in error["message"]


@pytest.mark.parametrize("name", list(BAD_PAGERDUTY))
def test_a_malformed_pagerduty_body_is_a_clear_422(live: Live, name: str) -> None:
    response = post(live, "/hooks/pagerduty", BAD_PAGERDUTY[name])
    assert response.status_code == 422, (name, response.status_code, response.text[:300])
    assert response.json()["error"]["message"]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=12,
)
KEYS = ["labels", "annotations", "startsAt", "endsAt", "status", "fingerprint", "alertname"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    where=st.sampled_from(["alert", "payload"]),
    key=st.sampled_from([*KEYS, "alerts", "commonLabels", "groupKey", "version"]),
    value=JSON,
)
def test_any_value_anywhere_in_a_payload_is_never_a_500(
    live: Live, where: str, key: str, value: Any
) -> None:
    payload = am(groupKey=f"fuzz-{key}")
    if where == "alert":
        payload["alerts"][0][key] = value
    else:
        payload[key] = value
    response = post(live, "/hooks/alertmanager", payload)
    assert response.status_code < 500, response.text[:300]
    if response.status_code >= 400:
        assert response.json()["error"]["message"]


# --- one reader per format: the webhook and `hindsight ingest` agree --------------------------------


def timeline(client: httpx.Client, incident_id: str) -> list[tuple[Any, ...]]:
    events = client.get(f"/api/incidents/{incident_id}/timeline", params={"limit": 500}).json()
    return sorted(
        (
            e["at"],
            e["text"],
            e["kind"],
            e["level"],
            e["service"],
            e["actor"],
            json.dumps(e["detail"], sort_keys=True),
        )
        for e in events["items"]
    )


def same_events(
    live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hook: str, payload: Any, name: str
) -> None:
    sample = tmp_path / name
    sample.write_text(json.dumps(payload))
    response = post(live, hook, sample.read_bytes())
    assert response.status_code == 201, response.text
    hooked = response.json()["incident_id"]
    with live.client("bob") as editor:
        made = editor.post(
            "/api/incidents", json={"title": f"ingest {name}", "started_at": "2025-01-01T00:00:00Z"}
        )
        assert made.status_code == 201, made.text
        imported = made.json()["id"]
        result = ingest_file(live, monkeypatch, imported, sample, hook.rsplit("/", 1)[1])
        assert result.exit_code == 0, result.output
        by_hook, by_ingest = timeline(editor, hooked), timeline(editor, imported)
    assert by_hook and by_hook == by_ingest


def ingest_file(live: Live, monkeypatch: pytest.MonkeyPatch, incident_id: str, sample: Path,
                fmt: str) -> Any:  # fmt: skip
    monkeypatch.chdir(live.workspace.root)
    monkeypatch.setenv("HINDSIGHT_USER", "bob")
    return CliRunner().invoke(cli, ["ingest", incident_id, str(sample), "--format", fmt])


@pytest.mark.parametrize("sample", ALERTMANAGER_SAMPLES, ids=sample_id)
def test_alertmanager_webhook_and_ingest_read_the_same_events(
    live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample: Path
) -> None:
    """Every real Alertmanager body: the webhook's incident and an import of the same file into
    another incident hold the same events."""
    payload = json.loads(sample.read_text())
    payload["groupKey"] = f"same-events-{sample_id(sample)}"  # one fresh group per sample
    payload["status"] = "firing"  # a delivery of a group that is still firing opens an incident
    same_events(live, tmp_path, monkeypatch, "/hooks/alertmanager", payload, sample.name)


@pytest.mark.parametrize("event_type", ["as delivered", "incident.triggered"])
@pytest.mark.parametrize("sample", PAGERDUTY_INCIDENT_EVENTS, ids=sample_id)
def test_pagerduty_webhook_and_ingest_read_the_same_events(
    live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample: Path, event_type: str
) -> None:
    """Every real PagerDuty delivery about an incident, as delivered and as the trigger that opens
    an incident: the webhook and `hindsight ingest` of the same body hold the same events."""
    payload = json.loads(sample.read_text())
    if event_type != "as delivered":
        payload["event"]["event_type"] = event_type
    payload["event"]["data"]["id"] = f"PSAME-{sample.stem[:20]}-{event_type[-5:]}"
    same_events(live, tmp_path, monkeypatch, "/hooks/pagerduty", payload, sample.name)


@pytest.mark.parametrize("sample", PAGERDUTY_OTHER_DELIVERIES, ids=sample_id)
def test_a_pagerduty_delivery_neither_face_attaches_is_refused_by_both(
    live: Live, monkeypatch: pytest.MonkeyPatch, sample: Path
) -> None:
    """A v2 delivery (`{"messages": …}`, a format PagerDuty retired) is refused by the webhook
    (422) and read from a file by `hindsight ingest`, one event per log entry, as archives hold
    it; a v3 event about a service, not an incident,
    is refused by the webhook (no incident to open or extend) while `hindsight ingest`, told which
    incident, files it there as one note."""
    payload = json.loads(sample.read_text())
    response = post(live, "/hooks/pagerduty", sample.read_bytes())
    assert response.status_code == 422, response.text
    with live.client("bob") as editor:
        made = editor.post(
            "/api/incidents",
            json={"title": f"ingest {sample.name}", "started_at": "2025-01-01T00:00:00Z"},
        )
        assert made.status_code == 201, made.text
        imported = made.json()["id"]
        result = ingest_file(live, monkeypatch, imported, sample, "pagerduty")
        events = timeline(editor, imported)
    if "messages" in payload:
        assert "expected a v3 body" in response.json()["error"]["message"]
        assert result.exit_code == 0, result.output
        entries = [e for m in payload["messages"] for e in m["log_entries"]]
        assert len(events) == len(entries) > 0
    else:
        assert "is not about an incident" in response.json()["error"]["message"]
        assert result.exit_code == 0, result.output
        assert [e[2] for e in events] == ["note"]

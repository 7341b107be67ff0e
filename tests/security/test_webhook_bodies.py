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
from tests.conftest import shared_data
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


def alertmanager_samples() -> list[Path]:
    folder = shared_data("alertmanager_webhook")
    return sorted(p for p in folder.rglob("*.json"))


def pagerduty_samples() -> list[Path]:
    folder = shared_data("pagerduty")
    return sorted(
        p
        for p in folder.rglob("*.json")
        if '"event_type": "incident.' in p.read_text() and '"event": {' in p.read_text()
    )


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
        monkeypatch.chdir(live.workspace.root)
        monkeypatch.setenv("HINDSIGHT_USER", "bob")
        fmt = hook.rsplit("/", 1)[1]
        result = CliRunner().invoke(cli, ["ingest", imported, str(sample), "--format", fmt])
        assert result.exit_code == 0, result.output
        by_hook, by_ingest = timeline(editor, hooked), timeline(editor, imported)
    assert by_hook and by_hook == by_ingest


@pytest.mark.parametrize("index", range(7))
def test_alertmanager_webhook_and_ingest_read_the_same_events(
    live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, index: int
) -> None:
    samples = alertmanager_samples()
    if index >= len(samples):
        pytest.skip("fewer real Alertmanager samples")
    payload = json.loads(samples[index].read_text())
    payload["groupKey"] = f"same-events-{index}"
    payload["status"] = "firing"  # a delivery of a group that is still firing opens an incident
    same_events(live, tmp_path, monkeypatch, "/hooks/alertmanager", payload, samples[index].name)


@pytest.mark.parametrize("event_type", ["incident.priority_updated", "incident.triggered"])
@pytest.mark.parametrize("index", range(2))
def test_pagerduty_webhook_and_ingest_read_the_same_events(
    live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, index: int, event_type: str
) -> None:
    samples = pagerduty_samples()
    if index >= len(samples):
        pytest.skip("fewer real PagerDuty v3 samples")
    payload = json.loads(samples[index].read_text())
    payload["event"]["event_type"] = event_type
    payload["event"]["data"]["id"] = f"PSAME{index}{event_type[-5:]}"
    same_events(live, tmp_path, monkeypatch, "/hooks/pagerduty", payload, samples[index].name)

"""PagerDuty log entries (REST v2) and v3 webhooks."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from hindsight.domain.model import EventKind
from tests.conftest import shared_data
from tests.ingest.conftest import DATA
from tests.ingest.helpers import read


def test_log_entries_lifecycle() -> None:
    importer, records, malformed, _ = read(DATA / "pagerduty-log_entries.json")
    assert importer.NAME == "pagerduty" and not malformed
    kinds = {r.detail["pagerduty_type"]: r for r in records}  # type: ignore[index]
    assert kinds["trigger"].kind is EventKind.ALERT and kinds["trigger"].key
    assert kinds["acknowledge"].actor == "Dana Ops" and kinds["acknowledge"].key
    assert kinds["resolve"].kind is EventKind.ACTION
    assert not kinds["notify"].key


def test_v3_webhooks() -> None:
    _, records, malformed, _ = read(DATA / "pagerduty-webhooks.jsonl")
    assert not malformed
    types = [r.detail["pagerduty_type"] for r in records]  # type: ignore[index]
    assert types == [
        "incident.triggered",
        "incident.acknowledged",
        "incident.annotated",
        "incident.resolved",
    ]
    note = records[2]
    assert note.kind is EventKind.CHAT and "rolling back checkout" in note.text


def test_real_samples() -> None:
    root = shared_data("pagerduty")
    for path in [
        root / "api-schema/response_examples_DERIVED/GET_log_entries.json",
        root / "api-schema/response_examples_DERIVED/GET_incidents_id_log_entries.json",
        root / "go-pagerduty/webhook_v3_incident.priority_updated_DERIVED.json",
        root / "developer-docs/extracted_json_DERIVED/01_01_incident.priority_updated.json",
    ]:
        importer, records, malformed, _ = read(path)
        assert importer.NAME == "pagerduty", path
        assert records and not malformed, path


def _iso(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat()


def test_v2_webhook_messages_tell_the_lifecycle_of_one_incident() -> None:
    """PagerDuty's documented v2 deliveries for incident PRORDTY: each message's log entry is
    the act, who did it and when."""
    root = shared_data("pagerduty") / "developer-docs/extracted_json_DERIVED"
    seen = []
    for name in ("09_00", "09_01", "09_03", "09_02"):
        [path] = root.glob(f"{name}_messages_incident.*.json")
        importer, records, malformed, _ = read(path)
        assert importer.NAME == "pagerduty" and not malformed, path
        [record] = records
        assert record.detail["incident"] == "PRORDTY"  # type: ignore[index]
        seen.append((_iso(record.at), record.kind, record.key, record.actor))
    assert seen == [
        ("2017-09-26T15:14:36+00:00", EventKind.ALERT, True, "Laura Haley"),
        ("2017-09-26T15:15:17+00:00", EventKind.ACTION, True, "Laura Haley"),
        ("2017-09-26T15:16:05+00:00", EventKind.NOTE, False, "Laura Haley"),
        ("2017-09-26T15:18:09+00:00", EventKind.ACTION, True, "Laura Haley"),
    ]


def test_rest_incident_alerts_and_notes() -> None:
    root = shared_data("pagerduty") / "api-schema/response_examples_DERIVED"
    _, records, malformed, _ = read(root / "GET_incidents_id.json")
    assert not malformed
    assert [(_iso(r.at), r.kind, r.actor) for r in records] == [
        ("2015-10-06T21:30:42+00:00", EventKind.ALERT, None),
        ("2015-11-10T00:32:52+00:00", EventKind.ACTION, "Earline Greenholt"),
    ]
    assert records[0].service == "My Mail Service" and "The server is on fire." in records[0].text
    _, alerts, malformed, _ = read(root / "GET_incidents_id_alerts.json")
    assert not malformed and alerts[0].kind is EventKind.ALERT and "(critical)" in alerts[0].text
    _, notes, malformed, _ = read(root / "GET_incidents_id_notes.json")
    assert not malformed
    first = next(n for n in notes if n.detail["note"] == "PWL7QXS")  # type: ignore[index]
    assert first.kind is EventKind.CHAT and first.actor == "Earline Greenholt"
    assert _iso(first.at) == "2013-03-06T20:28:51+00:00"  # -05:00 in the payload
    assert "Firefighters are on the scene." in first.text
    for name in ("GET_incidents.json", "GET_log_entries_id.json"):
        importer, records, malformed, _ = read(root / name)
        assert importer.NAME == "pagerduty" and records and not malformed, name


def test_a_resolved_incident_says_when_it_was_resolved(tmp_path: Path) -> None:
    body = {
        "incidents": [
            {
                "id": "PABC123",
                "incident_number": 7,
                "title": "Checkout 500s",
                "status": "resolved",
                "created_at": "2026-03-01T10:00:00Z",
                "last_status_change_at": "2026-03-01T10:42:00Z",
                "last_status_change_by": {"type": "user_reference", "summary": "Ana Ruiz"},
                "acknowledgements": [],
                "service": {"summary": "checkout"},
            }
        ]
    }
    path = tmp_path / "incidents.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    _, records, malformed, _ = read(path)
    assert not malformed
    assert [(_iso(r.at), r.text, r.actor) for r in records] == [
        ("2026-03-01T10:00:00+00:00", "PagerDuty: Page triggered — Checkout 500s", None),
        (
            "2026-03-01T10:42:00+00:00",
            "PagerDuty: Resolved — Checkout 500s by Ana Ruiz",
            "Ana Ruiz",
        ),
    ]


def test_a_note_without_a_time_is_named_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_text(
        '{"notes": [{"id": "PN1", "created_at": "2026-03-01T10:00:00Z", "content": "ok"},\n'
        ' {"id": "PN2", "created_at": "yesterday", "content": "late"}]}',
        encoding="utf-8",
    )
    _, records, malformed, _ = read(path)
    assert [r.detail["note"] for r in records] == ["PN1"]  # type: ignore[index]
    assert len(malformed) == 1 and "note PN2" in malformed[0].reason
    assert '"created_at" is not a timestamp' in malformed[0].reason

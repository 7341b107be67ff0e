"""PagerDuty log entries (REST v2) and v3 webhooks."""

from __future__ import annotations

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

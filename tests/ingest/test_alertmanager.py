"""Alertmanager webhook payloads (v4)."""

from __future__ import annotations

from datetime import UTC, datetime

from hindsight.domain.model import EventKind
from tests.conftest import shared_data
from tests.ingest.conftest import DATA
from tests.ingest.helpers import read


def test_firing_then_resolved_deduplicates_resends() -> None:
    importer, records, malformed, _ = read(DATA / "alertmanager-webhooks.jsonl")
    assert importer.NAME == "alertmanager" and not malformed
    assert [r.text.split(":")[0] for r in records] == ["Alert firing", "Alert resolved"]
    firing, resolved = records
    assert firing.at == datetime(2025, 12, 15, 22, 49, 10, 117000, tzinfo=UTC).timestamp()
    assert resolved.at == datetime(2025, 12, 15, 23, 18, 40, 500000, tzinfo=UTC).timestamp()
    assert firing.kind is EventKind.ALERT and firing.key and firing.level == "ERROR"
    assert firing.service == "api" and "HighErrorRate" in firing.text


def test_real_payloads() -> None:
    folder = shared_data("alertmanager_webhook")
    samples = [
        folder / "prometheus-msteams/alert/testdata/prom_post_request.json",
        folder / "prometheus-msteams/alert/testdata/prom_post_request_12_alerts.json",
        folder / "grafana-oncall/engine__config_integrations__alertmanager.py__example_payload.json",
    ]
    for path in samples:
        importer, records, malformed, _ = read(path)
        assert importer.NAME == "alertmanager", path
        assert records and not malformed, path
        assert all(r.at and r.at > datetime(2015, 1, 1, tzinfo=UTC).timestamp() for r in records)
    _, twelve, _, _ = read(samples[1])
    assert len([r for r in twelve if r.text.startswith("Alert firing")]) >= 12

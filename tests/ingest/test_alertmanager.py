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
        folder
        / "grafana-oncall/engine__config_integrations__alertmanager.py__example_payload.json",
    ]
    for path in samples:
        importer, records, malformed, _ = read(path)
        assert importer.NAME == "alertmanager", path
        assert records and not malformed, path
        assert all(r.at and r.at > datetime(2015, 1, 1, tzinfo=UTC).timestamp() for r in records)
    _, twelve, _, _ = read(samples[1])
    assert len([r for r in twelve if r.text.startswith("Alert firing")]) >= 12


from datetime import timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from hindsight.ingest import alertmanager  # noqa: E402
from hindsight.ingest.records import Malformed, ParseOptions, Source  # noqa: E402

names = st.from_regex(r"[A-Z][A-Za-z]{2,20}", fullmatch=True)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            names,
            st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2035, 1, 1)),
            st.one_of(st.none(), st.integers(1, 10_000)),
        ),
        min_size=1,
        max_size=6,
        unique_by=lambda t: t[0],
    )
)
def test_generated_payloads_round_trip(tmp_path_factory: object, alerts: list) -> None:  # type: ignore[type-arg]
    body = []
    for name, start, duration in alerts:
        start = start.replace(tzinfo=UTC, microsecond=0)
        end = (
            (start + timedelta(seconds=duration)).isoformat()
            if duration
            else "0001-01-01T00:00:00Z"
        )
        body.append(
            {
                "status": "resolved" if duration else "firing",
                "labels": {"alertname": name},
                "annotations": {},
                "startsAt": start.isoformat(),
                "endsAt": end,
            }
        )
    payload = {"version": "4", "status": "firing", "alerts": body, "groupKey": "{}"}
    import json

    path = Path(tmp_path_factory.mktemp("am")) / "payload.json"  # type: ignore[attr-defined]
    path.write_text(json.dumps(payload, indent=2))
    items = list(alertmanager.parse(Source(path, path.name), ParseOptions()))
    assert not [i for i in items if isinstance(i, Malformed)]
    firing = {r.detail["alertname"]: r.at for r in items if r.text.startswith("Alert firing")}  # type: ignore[union-attr, index]
    resolved = {r.detail["alertname"]: r.at for r in items if r.text.startswith("Alert resolved")}  # type: ignore[union-attr, index]
    for name, start, duration in alerts:
        assert firing[name] == start.replace(tzinfo=UTC, microsecond=0).timestamp()
        if duration:
            assert resolved[name] == firing[name] + duration
        else:
            assert name not in resolved

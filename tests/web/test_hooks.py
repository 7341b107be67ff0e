"""Webhooks with the real Alertmanager and PagerDuty payloads in ../shared/data."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json

import httpx
import pytest

from hindsight.domain.policy import default_policy
from hindsight.incidents.alert_groups import alertmanager_batch, severity_for, status_of
from hindsight.web.hooks import valid_pagerduty_signature
from tests.conftest import shared_data
from tests.web.conftest import PAGERDUTY_SECRET, WEBHOOK_SECRET, Server

GO_PAGERDUTY_SIGNATURE = "v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd"


def am_payload(name: str) -> dict:
    folder = shared_data("alertmanager_webhook")
    path = next(folder.rglob(name))
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def pd_body() -> bytes:
    """The exact body go-pagerduty signs: the derived (re-indented) JSON, compacted again."""
    path = shared_data(
        "pagerduty", "go-pagerduty", "webhook_v3_incident.priority_updated_DERIVED.json"
    )
    return json.dumps(json.loads(path.read_text()), separators=(",", ":")).encode()


def hook(server: Server, path: str, payload: dict | bytes, **headers: str) -> httpx.Response:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    with httpx.Client(base_url=server.url, timeout=30) as client:
        return client.post(
            path, content=body, headers={"Content-Type": "application/json", **headers}
        )


def test_parse_old_and_new_alertmanager_shapes() -> None:
    old = alertmanager_batch(am_payload("prom_post_request_12_alerts.json"))
    assert len(old.events) == 12 and all(status_of(e) == "firing" for e in old.events)
    assert old.group_key.startswith("alertmanager:{}:")
    new = alertmanager_batch(
        am_payload("engine__config_integrations__alertmanager.py__example_payload.json")
    )
    assert new.events[0].detail["fingerprint"] and new.events[0].at.tzinfo is not None
    nanos = alertmanager_batch(am_payload("prom_post_request.json"))
    assert nanos.events[0].at.isoformat().startswith("2018-03-07T11:33:21.87")


def test_pagerduty_signature_matches_the_go_pagerduty_vector() -> None:
    body = pd_body()
    assert valid_pagerduty_signature(body, GO_PAGERDUTY_SIGNATURE, PAGERDUTY_SECRET)
    assert valid_pagerduty_signature(body, "v1=00ff, " + GO_PAGERDUTY_SIGNATURE, PAGERDUTY_SECRET)
    assert not valid_pagerduty_signature(body + b" ", GO_PAGERDUTY_SIGNATURE, PAGERDUTY_SECRET)
    assert not valid_pagerduty_signature(body, GO_PAGERDUTY_SIGNATURE, "other-secret")


def test_slo_breach_takes_the_policy_severity() -> None:
    payload = copy.deepcopy(am_payload("prom_post_request.json"))
    payload["alerts"][0]["labels"]["alertname"] = "CheckoutErrorBudgetBurn"
    batch = alertmanager_batch(payload)
    assert severity_for(batch, default_policy()) == default_policy().slo_breach_severity
    plain = alertmanager_batch(am_payload("prom_post_request.json"))
    assert severity_for(plain, default_policy()) == "P2"  # severity=warning


def test_alertmanager_opens_then_appends_then_refuses_bad_secret(
    server: Server, admin: httpx.Client
) -> None:
    payload = am_payload("prom_post_request_2_alerts.json")
    payload["groupKey"] = payload["groupKey"] + "-test-append"
    assert hook(server, "/hooks/alertmanager", payload).status_code == 403
    assert (
        hook(server, "/hooks/alertmanager", payload, **{"X-Hindsight-Token": "wrong"}).status_code
        == 403
    )
    first = hook(server, "/hooks/alertmanager", payload, **{"X-Hindsight-Token": WEBHOOK_SECRET})
    assert first.status_code == 201, first.text
    incident_id = first.json()["incident_id"]
    repeat = hook(server, "/hooks/alertmanager", payload, **{"X-Hindsight-Token": WEBHOOK_SECRET})
    assert repeat.status_code == 200 and repeat.json()["incident_id"] == incident_id
    assert repeat.json()["appended"] == 0  # Alertmanager re-sends: no duplicate events
    resolved = copy.deepcopy(payload)
    resolved["status"] = "resolved"
    for alert in resolved["alerts"]:
        alert["status"] = "resolved"
        alert["endsAt"] = "2018-03-07T12:00:00Z"
    third = hook(server, "/hooks/alertmanager", resolved, **{"X-Hindsight-Token": WEBHOOK_SECRET})
    assert third.json()["incident_id"] == incident_id and third.json()["appended"] == 2
    incident = admin.get(f"/api/incidents/{incident_id}").json()
    assert len(incident["timeline"]) == 4
    assert {e["kind"] for e in incident["timeline"]} == {"alert"}
    audit = admin.get(f"/api/incidents/{incident_id}/audit").json()["items"]
    assert any(e["actor"] == "webhook:alertmanager" for e in audit)


def test_slo_breach_webhook_opens_incident_at_policy_severity(
    server: Server, admin: httpx.Client
) -> None:
    payload = am_payload("engine__config_integrations__alertmanager.py__example_payload.json")
    payload["groupKey"] = '{}:{alertname="SLOBreach"}-test'
    for alert in payload["alerts"]:
        alert["labels"]["slo"] = "checkout-availability-99.9"
    response = hook(server, "/hooks/alertmanager", payload, **{"X-Hindsight-Token": WEBHOOK_SECRET})
    assert response.status_code == 201
    incident = admin.get(f"/api/incidents/{response.json()['incident_id']}").json()
    assert incident["severity"] == default_policy().slo_breach_severity
    assert incident["impact"]["slo"] == "checkout-availability-99.9"
    assert "slo-breach" in incident["tags"]


def test_pagerduty_v3_with_signature(server: Server, admin: httpx.Client) -> None:
    body = pd_body()
    bad = hook(server, "/hooks/pagerduty", body, **{"X-PagerDuty-Signature": "v1=" + "0" * 64})
    assert bad.status_code == 403
    ok = hook(server, "/hooks/pagerduty", body, **{"X-PagerDuty-Signature": GO_PAGERDUTY_SIGNATURE})
    assert ok.status_code == 201, ok.text
    incident = admin.get(f"/api/incidents/{ok.json()['incident_id']}").json()
    assert incident["title"] == "A little bump in the road"
    assert incident["severity"] == "P1"  # the PagerDuty priority
    assert incident["services"] == ["API Service"]
    ack = json.loads(body)
    ack["event"]["event_type"] = "incident.acknowledged"
    ack["event"]["id"] = "ack-1"
    ack["event"]["occurred_at"] = "2021-04-26T17:40:00Z"
    raw = json.dumps(ack).encode()
    signature = "v1=" + hmac.new(PAGERDUTY_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    second = hook(server, "/hooks/pagerduty", raw, **{"X-PagerDuty-Signature": signature})
    assert second.status_code == 200 and second.json()["incident_id"] == ok.json()["incident_id"]
    updated = admin.get(f"/api/incidents/{ok.json()['incident_id']}").json()
    assert updated["acknowledged_at"].startswith("2021-04-26T17:40")


def test_bad_payloads_are_clear_422(server: Server) -> None:
    token = {"X-Hindsight-Token": WEBHOOK_SECRET}
    not_json = hook(server, "/hooks/alertmanager", b"{nope", **token)
    assert not_json.status_code == 422 and not_json.json()["error"]["field"] == "body"
    # another version is read as 4, as `hindsight ingest` reads it; with no alerts nothing opens
    other_version = hook(server, "/hooks/alertmanager", {"version": "3", "alerts": []}, **token)
    assert other_version.status_code == 202, other_version.text
    pd_wrong = hook(server, "/hooks/pagerduty", {"messages": []}, **token)
    assert pd_wrong.status_code == 422


@pytest.mark.parametrize(
    "name",
    [
        "prom_post_request_12_alerts.json",
        "large_prom_post_request.json",
        "engine__apps__integrations__tests__test_legacy_alertmanager.py__data.json",
    ],
)
def test_every_real_alertmanager_sample_is_accepted(server: Server, name: str) -> None:
    payload = am_payload(name)
    payload["groupKey"] = f"sample-{name}"
    response = hook(server, "/hooks/alertmanager", payload, **{"X-Hindsight-Token": WEBHOOK_SECRET})
    assert response.status_code in (201, 202), response.text

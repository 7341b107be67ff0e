"""Webhooks: Alertmanager (payload version 4) and PagerDuty (v3) open or extend incidents.

A notification belongs to a *group* (Alertmanager's `groupKey`, PagerDuty's incident id). The
first firing notification of a group opens an incident and records the group in `alert_groups`;
later ones append their alerts to that incident while it is still open or mitigated. A group
whose incident has been resolved opens a new one when it fires again. An SLO breach (a label
`slo`, or an alert name containing SLO / ErrorBudget) opens the incident at the policy's
`slo_breach_severity`.

Authentication: header `X-Hindsight-Token` equal to the shared secret, or (PagerDuty) a valid
`X-PagerDuty-Signature` v1 — HMAC-SHA256 of the raw body with the subscription's signing secret.
Parsing (`alertmanager_batch`, `pagerduty_batch`) and the decision (`apply_batch`) are plain
functions; the routes only check the secret and run one transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from hindsight.domain.model import (
    EventKind,
    Incident,
    IncidentStatus,
    Milestone,
    TimelineEvent,
    now_utc,
)
from hindsight.domain.policy import Policy
from hindsight.errors import Forbidden, InvalidInput
from hindsight.store.repo import add_incident, get_incident, next_incident_id, save_incident
from hindsight.store.tables import AlertGroupRow
from hindsight.timeutil import parse_instant
from hindsight.web.auth import route, state
from hindsight.web.errors import TooLarge
from hindsight.web.replay import fresh_delivery

router = APIRouter(prefix="/hooks")
MAX_BODY = 1024 * 1024
STILL_OPEN = {IncidentStatus.OPEN, IncidentStatus.MITIGATED}
_SLO_NAME = re.compile(r"slo|error.?budget|burn.?rate", re.IGNORECASE)
_ZERO_TIME = "0001-01-01"


@dataclass
class Alert:
    name: str
    status: str  # firing | resolved | triggered | acknowledged …
    at: datetime
    summary: str
    severity: str | None = None
    service: str | None = None
    slo: str | None = None
    fingerprint: str | None = None
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class AlertBatch:
    source: str  # alertmanager | pagerduty
    group_key: str
    status: str
    title: str
    alerts: list[Alert]
    severity_hint: str | None = None  # e.g. PagerDuty priority "P1"


# --- parsing -----------------------------------------------------------------------------------------


def _instant(value: Any, fallback: datetime, name: str) -> datetime:
    if not value or str(value).startswith(_ZERO_TIME):
        return fallback
    text = str(value)
    # Go writes nanoseconds ("…:21.873077559-05:00"); Python keeps microseconds
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)
    return parse_instant(text, field=name)


def is_slo_breach(labels: dict[str, str]) -> bool:
    return bool(labels.get("slo")) or bool(_SLO_NAME.search(labels.get("alertname", "")))


def alertmanager_batch(payload: Any) -> AlertBatch:
    """The alerts of an Alertmanager webhook body (version 4, older and current shape)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("alerts"), list):
        raise InvalidInput(
            "alertmanager payload: expected an object with an 'alerts' list", field="alerts"
        )
    version = str(payload.get("version", "4"))
    if version != "4":
        raise InvalidInput(
            f'alertmanager payload: version "{version}"; expected "4"', field="version"
        )
    now = now_utc()
    group_status = str(payload.get("status") or "firing")
    common = payload.get("commonLabels") or {}
    common_notes = payload.get("commonAnnotations") or {}
    alerts: list[Alert] = []
    for index, raw in enumerate(payload["alerts"]):
        if not isinstance(raw, dict):
            raise InvalidInput(f"alerts[{index}]: expected an object", field=f"alerts[{index}]")
        labels = {str(k): str(v) for k, v in (raw.get("labels") or {}).items()}
        notes = raw.get("annotations") or {}
        status = str(raw.get("status") or group_status)
        starts = _instant(raw.get("startsAt"), now, f"alerts[{index}].startsAt")
        at = (
            _instant(raw.get("endsAt"), now, f"alerts[{index}].endsAt")
            if status == "resolved"
            else starts
        )
        name = labels.get("alertname", "alert")
        summary = str(
            notes.get("summary") or notes.get("title") or notes.get("description") or name
        )
        alerts.append(
            Alert(
                name=name,
                status=status,
                at=at,
                summary=summary,
                severity=labels.get("severity"),
                service=labels.get("service") or labels.get("app") or labels.get("job"),
                slo=labels.get("slo") or (name if is_slo_breach(labels) else None),
                fingerprint=str(raw.get("fingerprint") or "") or None,
                labels=labels,
            )
        )
    key = str(payload.get("groupKey") or "") or json.dumps(
        payload.get("groupLabels") or common, sort_keys=True
    )
    title_name = common.get("alertname") or (alerts[0].name if alerts else "alert")
    title_note = common_notes.get("summary") or common_notes.get("title")
    title = f"{title_name}: {title_note}" if title_note else str(title_name)
    return AlertBatch("alertmanager", f"alertmanager:{key}", group_status, title, alerts)


def pagerduty_batch(payload: Any) -> AlertBatch:
    """The incident event of a PagerDuty v3 webhook body (`{"event": {...}}`)."""
    event = payload.get("event") if isinstance(payload, dict) else None
    if not isinstance(event, dict) or not isinstance(event.get("data"), dict):
        raise InvalidInput(
            'pagerduty payload: expected a v3 body {"event": {"data": …}}', field="event"
        )
    event_type = str(event.get("event_type") or "")
    data = event["data"]
    if event.get("resource_type", "incident") != "incident" and data.get("type") != "incident":
        raise InvalidInput(
            f"pagerduty event {event_type!r} is not about an incident", field="event.resource_type"
        )
    incident_ref = data.get("incident") if isinstance(data.get("incident"), dict) else data
    pd_id = str(incident_ref.get("id") or "")
    if not pd_id:
        raise InvalidInput("pagerduty event: data has no incident id", field="event.data.id")
    at = _instant(event.get("occurred_at"), now_utc(), "event.occurred_at")
    title = str(data.get("title") or incident_ref.get("summary") or f"PagerDuty incident {pd_id}")
    service = (
        (data.get("service") or {}).get("summary")
        if isinstance(data.get("service"), dict)
        else None
    )
    priority = (
        (data.get("priority") or {}).get("summary")
        if isinstance(data.get("priority"), dict)
        else None
    )
    agent = (
        (event.get("agent") or {}).get("summary") if isinstance(event.get("agent"), dict) else None
    )
    kind = event_type.removeprefix("incident.")
    status = {"triggered": "triggered", "acknowledged": "acknowledged", "resolved": "resolved"}.get(
        kind, str(data.get("status") or kind)
    )
    labels = {
        "event_type": event_type,
        "pagerduty_id": pd_id,
        "urgency": str(data.get("urgency") or ""),
    }
    if agent:
        labels["agent"] = str(agent)
    summary = f"{event_type}: {title}" + (f" (by {agent})" if agent else "")
    alert = Alert(
        name=title,
        status=status,
        at=at,
        summary=summary,
        severity=priority,
        service=service,
        slo=None,
        fingerprint=str(event.get("id") or "") or None,
        labels=labels,
    )
    return AlertBatch(
        "pagerduty", f"pagerduty:{pd_id}", status, title, [alert], severity_hint=priority
    )


# --- deciding ----------------------------------------------------------------------------------------


SEVERITY_WORDS = {
    "critical": "P1",
    "page": "P1",
    "high": "P1",
    "error": "P2",
    "major": "P2",
    "warning": "P2",
    "medium": "P2",
    "low": "P3",
    "info": "P3",
    "none": "P3",
}


def severity_for(batch: AlertBatch, policy: Policy) -> str:
    if any(a.slo for a in batch.alerts):
        return policy.check_severity(policy.slo_breach_severity)
    hint = (batch.severity_hint or "").upper()
    if hint in policy.severities:
        return hint
    ranked = sorted(
        (SEVERITY_WORDS.get((a.severity or "").lower(), "P3") for a in batch.alerts), key=str
    )
    chosen = ranked[0] if ranked else "P3"
    return chosen if chosen in policy.severities else next(iter(policy.severities))


def _event_for(alert: Alert, batch: AlertBatch) -> TimelineEvent:
    verb = {"firing": "firing", "resolved": "resolved"}.get(alert.status, alert.status)
    text = alert.summary if batch.source == "pagerduty" else f"{alert.name} {verb}: {alert.summary}"
    return TimelineEvent(
        at=alert.at,
        text=text,
        kind=EventKind.ALERT,
        source=batch.source,
        actor=alert.labels.get("agent"),
        service=alert.service,
        level=alert.severity,
        detail={
            "status": alert.status,
            "fingerprint": alert.fingerprint,
            "group_key": batch.group_key,
            "labels": alert.labels,
        },
    )


def _seen(incident: Incident, event: TimelineEvent) -> bool:
    """Alertmanager re-sends a group every repeat_interval: keep one event per alert and state."""
    marker = (event.detail.get("fingerprint"), event.detail.get("status"), event.at, event.text)
    return any(
        (e.detail.get("fingerprint"), e.detail.get("status"), e.at, e.text) == marker
        for e in incident.timeline
        if e.source == event.source
    )


def _stamp(incident: Incident, batch: AlertBatch) -> None:
    """PagerDuty's acknowledge / resolve fill the milestone times a person has not set yet."""
    for alert in batch.alerts:
        if alert.status == "acknowledged" and incident.acknowledged_at is None:
            incident.acknowledged_at = alert.at
            _mark(incident, alert, Milestone.ACKNOWLEDGED)
        if (
            alert.status == "resolved"
            and batch.source == "pagerduty"
            and incident.resolved_at is None
        ):
            incident.resolved_at = alert.at
            _mark(incident, alert, Milestone.RESOLVED)


def _mark(incident: Incident, alert: Alert, milestone: Milestone) -> None:
    for event in incident.timeline:
        if event.at == alert.at and event.detail.get("fingerprint") == alert.fingerprint:
            event.milestone, event.key = milestone, True


def new_incident_from(batch: AlertBatch, policy: Policy) -> Incident:
    firing = [a for a in batch.alerts if a.status not in ("resolved",)] or batch.alerts
    started = min(a.at for a in firing)
    slo = next((a.slo for a in batch.alerts if a.slo), None)
    services = sorted({a.service for a in batch.alerts if a.service})
    incident = Incident(
        id="",
        title=batch.title[:300],
        severity=severity_for(batch, policy),
        summary=f"Opened from {batch.source} ({len(batch.alerts)} alert(s) in group).",
        started_at=started,
        detected_at=now_utc() if batch.source == "alertmanager" else started,
        services=services,
        tags=[batch.source] + (["slo-breach"] if slo else []),
    )
    if slo:
        incident.impact.slo = slo
    return incident


@dataclass
class HookResult:
    incident_id: str | None
    created: bool
    appended: int
    message: str


def apply_batch(session: Session, batch: AlertBatch, policy: Policy, actor: str) -> HookResult:
    """Open an incident for the group or append to its open one, in the caller's transaction."""
    link = session.get(AlertGroupRow, batch.group_key)
    incident: Incident | None = None
    if link is not None:
        current = get_incident(session, link.incident_id)
        if current.status in STILL_OPEN or batch.status in ("resolved", "acknowledged"):
            incident = current
    if incident is None:
        if batch.status == "resolved" or all(a.status == "resolved" for a in batch.alerts):
            return HookResult(None, False, 0, "resolved notification for no open incident; ignored")
        incident = new_incident_from(batch, policy)
        assert incident.started_at is not None
        incident.id = next_incident_id(session, incident.started_at.date())
        for alert in batch.alerts:
            incident.timeline.append(_event_for(alert, batch))
        incident.timeline.sort(key=lambda e: e.at)
        _stamp(incident, batch)
        add_incident(session, incident, actor, action="webhook")
        if link is None:
            session.add(
                AlertGroupRow(
                    group_key=batch.group_key,
                    incident_id=incident.id,
                    source=batch.source,
                    created_at=now_utc(),
                )
            )
        else:
            link.incident_id = incident.id
        return HookResult(incident.id, True, len(batch.alerts), f"opened {incident.id}")
    added = 0
    for alert in batch.alerts:
        event = _event_for(alert, batch)
        if not _seen(incident, event):
            incident.timeline.append(event)
            added += 1
    incident.timeline.sort(key=lambda e: e.at)
    _stamp(incident, batch)
    save_incident(session, incident, actor, reason=f"{batch.source} webhook")
    return HookResult(incident.id, False, added, f"appended {added} event(s) to {incident.id}")


# --- the routes --------------------------------------------------------------------------------------


def valid_pagerduty_signature(body: bytes, header: str, secret: str) -> bool:
    expected = "v1=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, part.strip()) for part in header.split(","))


def _authorise(request: Request, body: bytes, *, pagerduty: bool) -> str:
    """How the caller proved itself: "token" or "signature" (only a signed body can be replayed
    by someone who captured it, see web/replay.py)."""
    settings = state(request).settings
    token = request.headers.get("x-hindsight-token")
    if token and settings.webhook_secret and hmac.compare_digest(token, settings.webhook_secret):
        return "token"
    signature = request.headers.get("x-pagerduty-signature")
    secret = settings.pagerduty_secret or settings.webhook_secret
    if pagerduty and signature and secret and valid_pagerduty_signature(body, signature, secret):
        return "signature"
    if not settings.webhook_secret and not settings.pagerduty_secret:
        raise Forbidden("webhooks are off: set HINDSIGHT_WEBHOOK_SECRET (or [web] webhook_secret)")
    raise Forbidden("webhook refused: wrong or missing X-Hindsight-Token / X-PagerDuty-Signature")


async def _body(request: Request) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise TooLarge(f"webhook body over {MAX_BODY:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"webhook body is not JSON: {exc}", field="body") from None


def _respond(result: HookResult) -> JSONResponse:
    status = 201 if result.created else (200 if result.incident_id else 202)
    return JSONResponse(
        {
            "incident_id": result.incident_id,
            "created": result.created,
            "appended": result.appended,
            "message": result.message,
        },
        status_code=status,
    )


@route(router, "POST", "/alertmanager", "public", summary="Alertmanager webhook (payload v4)")
async def alertmanager(request: Request) -> JSONResponse:
    body = await _body(request)
    _authorise(request, body, pagerduty=False)
    batch = alertmanager_batch(_json(body))
    st = state(request)
    with st.store.session() as s:
        result = apply_batch(s, batch, st.policy, "webhook:alertmanager")
    return _respond(result)


@route(router, "POST", "/pagerduty", "public", summary="PagerDuty v3 webhook")
async def pagerduty(request: Request) -> JSONResponse:
    body = await _body(request)
    signed = _authorise(request, body, pagerduty=True) == "signature"
    payload = _json(body)
    st = state(request)
    max_age = st.settings.pagerduty_max_age if signed else 0
    with fresh_delivery(st.replays, body, payload, max_age):
        batch = pagerduty_batch(payload)
        with st.store.session() as s:
            result = apply_batch(s, batch, st.policy, "webhook:pagerduty")
    return _respond(result)

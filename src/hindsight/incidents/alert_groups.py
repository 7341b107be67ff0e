"""Alert groups: a webhook delivery opens the incident of its group, or extends it.

A notification belongs to a *group* (Alertmanager's `groupKey`, PagerDuty's incident id). The
first firing notification of a group opens an incident and records the group in `alert_groups`;
later ones append their alerts to that incident while it is still open or mitigated. A group
whose incident has been resolved opens a new one when it fires again. An SLO breach (a label
`slo`, or an alert name containing SLO / ErrorBudget) opens the incident at the policy's
`slo_breach_severity`.

A body is read by the format's ingest reader (`records_of`, the same reader `hindsight ingest`
uses for a file), so a webhook and an import of the same payload give the same events. The web's
`/hooks/*` routes only authenticate, read the body and call `record_delivery`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from hindsight.domain.model import (
    Incident,
    IncidentStatus,
    Milestone,
    TimelineEvent,
    now_utc,
)
from hindsight.domain.policy import Policy
from hindsight.errors import InvalidInput
from hindsight.ingest import alertmanager as alertmanager_reader
from hindsight.ingest import pagerduty as pagerduty_reader
from hindsight.ingest.condense import Aggregate, condensed_events
from hindsight.ingest.records import Malformed, ParseOptions
from hindsight.store.alert_groups import incident_of_group, link_group
from hindsight.store.repo import (
    Store,
    StoreSession,
    add_incident,
    get_incident,
    lock_for_edit,
    next_incident_id,
    save_incident,
)

STILL_OPEN = {IncidentStatus.OPEN, IncidentStatus.MITIGATED}
_SLO_NAME = re.compile(r"slo|error.?budget|burn.?rate", re.IGNORECASE)


@dataclass
class AlertBatch:
    """One delivery: its group, the group's state, a title, and its timeline events exactly as
    `hindsight ingest` reads the same payload from a file (the format's own reader)."""

    source: str  # alertmanager | pagerduty
    group_key: str
    status: str
    title: str
    events: list[TimelineEvent]
    severity_hint: str | None = None  # e.g. PagerDuty priority "P1"
    warnings: list[str] = field(default_factory=list)


# --- parsing: the importers' readers -------------------------------------------------------------


def is_slo_breach(labels: dict[str, str]) -> bool:
    return bool(labels.get("slo")) or bool(_SLO_NAME.search(labels.get("alertname", "")))


def _labels(event: TimelineEvent) -> dict[str, str]:
    labels = event.detail.get("labels")
    return labels if isinstance(labels, dict) else {}


def slo_of(event: TimelineEvent) -> str | None:
    """The SLO an alert event is about: its `slo` label, or its name when that says SLO."""
    labels = _labels(event)
    return labels.get("slo") or (labels.get("alertname") if is_slo_breach(labels) else None)


def status_of(event: TimelineEvent) -> str:
    """firing / resolved (Alertmanager), triggered / acknowledged / resolved … (PagerDuty)."""
    if "pagerduty_type" in event.detail:
        return str(event.detail["pagerduty_type"]).removeprefix("incident.")
    return str(event.detail.get("status") or "firing")


def _identity(event: TimelineEvent) -> str:
    return str(event.detail.get("fingerprint") or event.detail.get("webhook_event") or "")


def _events(reader: ModuleType, payload: Any, warnings: list[str]) -> list[TimelineEvent]:
    """The payload's events through `reader.records_of`, then the importer's record → event
    step; a record the reader cannot read refuses the whole delivery (422, naming why)."""
    options = ParseOptions(warnings=warnings)
    aggregate = Aggregate()
    items = list(reader.records_of(payload, 1, options))
    bad = next((item for item in items if isinstance(item, Malformed)), None)
    if bad is not None:
        raise InvalidInput(f"{reader.NAME} payload: {bad.reason}", field="body")
    aggregate.add_all(items)
    if aggregate.implausible_examples:  # a live delivery from 1970 or next week is a bad body
        why = aggregate.implausible_examples[0][1]
        raise InvalidInput(f"{reader.NAME} payload: a time is {why}", field="body")
    return condensed_events(aggregate, source=reader.NAME, evidence=None, format_name=reader.NAME)


def alertmanager_batch(payload: Any) -> AlertBatch:
    """An Alertmanager webhook body (version 4; other versions are read as 4 and say so)."""
    group = alertmanager_reader.group_of(payload)
    warnings: list[str] = []
    events = _events(alertmanager_reader, payload, warnings)
    return AlertBatch("alertmanager", group.key, group.status, group.title, events,
                      warnings=warnings)  # fmt: skip


def pagerduty_batch(payload: Any) -> AlertBatch:
    """The incident event of a PagerDuty v3 webhook body (`{"event": {...}}`)."""
    group = pagerduty_reader.group_of(payload)
    warnings: list[str] = []
    events = _events(pagerduty_reader, payload, warnings)
    return AlertBatch("pagerduty", group.key, group.status, group.title, events,
                      severity_hint=group.priority, warnings=warnings)  # fmt: skip


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
    if any(slo_of(e) for e in batch.events):
        return policy.check_severity(policy.slo_breach_severity)
    hint = (batch.severity_hint or "").upper()
    if hint in policy.severities:
        return hint
    ranked = sorted(
        (
            SEVERITY_WORDS.get(str(_labels(e).get("severity", "")).lower(), "P3")
            for e in batch.events
        ),
        key=str,
    )
    chosen = ranked[0] if ranked else "P3"
    return chosen if chosen in policy.severities else next(iter(policy.severities))


def _seen(incident: Incident, event: TimelineEvent) -> bool:
    """Alertmanager re-sends a group every repeat_interval: keep one event per alert and state."""
    marker = (_identity(event), status_of(event), event.at, event.text)
    return any(
        (_identity(e), status_of(e), e.at, e.text) == marker
        for e in incident.timeline
        if e.source == event.source
    )


def _stamp(incident: Incident, batch: AlertBatch) -> None:
    """PagerDuty's acknowledge / resolve fill the milestone times a person has not set yet."""
    for event in batch.events:
        status = status_of(event)
        if status == "acknowledged" and incident.acknowledged_at is None:
            incident.acknowledged_at = event.at
            _mark(incident, event, Milestone.ACKNOWLEDGED)
        if status == "resolved" and batch.source == "pagerduty" and incident.resolved_at is None:
            incident.resolved_at = event.at
            _mark(incident, event, Milestone.RESOLVED)


def _mark(incident: Incident, delivered: TimelineEvent, milestone: Milestone) -> None:
    for event in incident.timeline:
        if event.at == delivered.at and _identity(event) == _identity(delivered):
            event.milestone, event.key = milestone, True


def new_incident_from(batch: AlertBatch, policy: Policy) -> Incident:
    firing = [e for e in batch.events if status_of(e) != "resolved"] or batch.events
    started = min(e.at for e in firing)
    slo = next((s for e in batch.events if (s := slo_of(e))), None)
    services = sorted({e.service for e in batch.events if e.service})
    alerts = len({_identity(e) or e.text for e in batch.events})
    incident = Incident(
        id="",
        title=batch.title[:300],
        severity=severity_for(batch, policy),
        summary=f"Opened from {batch.source} ({alerts} alert(s) in group).",
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


def apply_batch(session: StoreSession, batch: AlertBatch, policy: Policy, actor: str) -> HookResult:
    """Open an incident for the group or append to its open one, in the caller's transaction."""
    linked = incident_of_group(session, batch.group_key)
    incident: Incident | None = None
    if linked is not None:
        lock_for_edit(session, linked)  # a concurrent edit waits, never conflicts
        current = get_incident(session, linked)
        if current.status in STILL_OPEN or batch.status in ("resolved", "acknowledged"):
            incident = current
    if incident is None:
        if batch.status == "resolved" or all(status_of(e) == "resolved" for e in batch.events):
            return HookResult(None, False, 0, "resolved notification for no open incident; ignored")
        incident = new_incident_from(batch, policy)
        assert incident.started_at is not None
        incident.id = next_incident_id(session, incident.started_at.date())
        incident.timeline.extend(batch.events)
        incident.timeline.sort(key=lambda e: e.at)
        _stamp(incident, batch)
        add_incident(session, incident, actor, action="webhook")
        link_group(session, batch.group_key, incident.id, batch.source)
        return HookResult(incident.id, True, len(batch.events), f"opened {incident.id}")
    added = 0
    for event in batch.events:
        if not _seen(incident, event):
            incident.timeline.append(event)
            added += 1
    incident.timeline.sort(key=lambda e: e.at)
    _stamp(incident, batch)
    save_incident(session, incident, actor, reason=f"{batch.source} webhook")
    return HookResult(incident.id, False, added, f"appended {added} event(s) to {incident.id}")


def record_delivery(store: Store, batch: AlertBatch, policy: Policy, actor: str) -> HookResult:
    """Apply one delivery in its own transaction (blocking: the web runs it in a worker thread)."""
    with store.session() as s:
        return apply_batch(s, batch, policy, actor)

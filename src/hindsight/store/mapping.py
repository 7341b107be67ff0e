"""Row <-> domain object conversion. Kept apart from the queries so both stay short."""

from __future__ import annotations

from typing import Any

from hindsight.domain.model import (
    ActionItem,
    ActionKind,
    ActionStatus,
    ContributingFactor,
    EventKind,
    FaultNode,
    FaultTree,
    Horizon,
    Impact,
    Incident,
    IncidentStatus,
    Level,
    Milestone,
    PreventionLevel,
    Reference,
    Review,
    ReviewDecision,
    StatusChange,
    TimelineEvent,
    WhyChain,
    WhyStep,
)
from hindsight.store.tables import (
    ActionRow,
    FactorRow,
    FaultTreeRow,
    IncidentRow,
    ReviewRow,
    TimelineEventRow,
    WhyChainRow,
    WhyStepRow,
)
from hindsight.timeutil import parse_instant

SCALAR_FIELDS = (
    "title",
    "severity",
    "status",
    "summary",
    "started_at",
    "detected_at",
    "acknowledged_at",
    "mitigated_at",
    "resolved_at",
    "services",
    "tags",
    "commander",
    "author",
    "participants",
    "root_cause",
    "root_cause_category",
    "technical_details",
    "resolution",
    "went_well",
    "went_wrong",
    "lessons",
    "restricted",
    "repeat_of",
    "created_at",
    "drafted_at",
    "published_at",
    "closed_at",
)
IMPACT_FIELDS = (
    "users_affected",
    "users_affected_pct",
    "downtime_minutes",
    "money_lost",
    "currency",
    "sla_breached",
    "slo",
    "error_budget_consumed_pct",
    "support_tickets",
    "data_loss",
    "customer_facing",
)
EVENT_FIELDS = (
    "at",
    "text",
    "source",
    "actor",
    "action",
    "evidence",
    "key",
    "service",
    "level",
    "count",
    "last_at",
    "template",
)
ACTION_FIELDS = (
    "title",
    "owner",
    "due",
    "status_reason",
    "verification",
    "evidence",
    "verifier",
    "ticket_url",
    "created_at",
    "assigned_at",
    "done_at",
    "verified_at",
)


def _enum(kind: Any, value: str | None) -> Any:
    return kind(value) if value else None


def event_from_row(row: TimelineEventRow) -> TimelineEvent:
    event = TimelineEvent(
        at=row.at,
        text=row.text,
        kind=EventKind(row.kind),
        milestone=_enum(Milestone, row.milestone),
        detail=dict(row.detail or {}),
        id=row.id,
    )
    for name in EVENT_FIELDS:
        setattr(event, name, getattr(row, name))
    return event


def event_to_row(event: TimelineEvent, row: TimelineEventRow) -> None:
    for name in EVENT_FIELDS:
        setattr(row, name, getattr(event, name))
    row.kind = event.kind.value
    row.milestone = event.milestone.value if event.milestone else None
    row.detail = dict(event.detail)


def action_from_row(row: ActionRow) -> ActionItem:
    item = ActionItem(
        number=row.number,
        title=row.title,
        kind=ActionKind(row.kind),
        horizon=Horizon(row.horizon),
        status=ActionStatus(row.status),
        prevention_level=_enum(PreventionLevel, row.prevention_level),
        impact=_enum(Level, row.impact),
        effort=_enum(Level, row.effort),
        history=[
            StatusChange(
                at=parse_instant(h["at"]),
                status=ActionStatus(h["status"]),
                by=h.get("by"),
                reason=h.get("reason"),
            )
            for h in row.history or []
        ],
    )
    for name in ACTION_FIELDS:
        setattr(item, name, getattr(row, name))
    return item


def action_to_row(item: ActionItem, row: ActionRow) -> None:
    for name in ACTION_FIELDS:
        setattr(row, name, getattr(item, name))
    row.number = item.number
    row.kind = item.kind.value
    row.horizon = item.horizon.value
    row.status = item.status.value
    row.prevention_level = item.prevention_level.value if item.prevention_level else None
    row.impact = item.impact.value if item.impact else None
    row.effort = item.effort.value if item.effort else None
    row.history = [
        {"at": h.at.isoformat(), "status": h.status.value, "by": h.by, "reason": h.reason}
        for h in item.history
    ]


def incident_from_row(row: IncidentRow) -> Incident:
    incident = Incident(id=row.id, title=row.title)
    for name in SCALAR_FIELDS:
        value = getattr(row, name)
        if isinstance(value, list):
            value = list(value)
        setattr(incident, name, value)
    incident.status = IncidentStatus(row.status)
    incident.impact = Impact(**{name: getattr(row, name) for name in IMPACT_FIELDS})
    incident.references = [Reference(r["label"], r["url"]) for r in row.references or []]
    incident.timeline = [event_from_row(e) for e in row.events]
    incident.actions = [action_from_row(a) for a in row.actions]
    incident.why_chains = [
        WhyChain(
            problem=c.problem,
            steps=[WhyStep(answer=s.answer, evidence=list(s.evidence or [])) for s in c.steps],
        )
        for c in row.why_chains
    ]
    incident.factors = [ContributingFactor(f.category, f.text) for f in row.factors]
    incident.fault_trees = [
        FaultTree(
            name=t.name,
            top=t.top,
            nodes=[
                FaultNode(
                    id=n["id"],
                    label=n.get("label", n["id"]),
                    gate=n.get("gate"),
                    children=list(n.get("children", [])),
                    probability=n.get("probability"),
                )
                for n in t.nodes
            ],
        )
        for t in row.fault_trees
    ]
    incident.reviews = [
        Review(
            reviewer=r.reviewer,
            role=r.role,
            decision=ReviewDecision(r.decision),
            comment=r.comment,
            meeting_date=r.meeting_date,
            attendees=list(r.attendees or []),
            recording_url=r.recording_url,
        )
        for r in row.reviews
    ]
    incident.version = row.version
    return incident


def incident_to_row(
    incident: Incident, row: IncidentRow, *, keep_new_event_ids: bool = False
) -> None:
    """Copy every field of `incident` onto `row`, keeping the ids of surviving events/actions.

    With `keep_new_event_ids`, events not yet stored keep the ids they carry (an import that
    must reproduce a postmortem exactly); the caller has checked those ids are free."""
    from hindsight.store.tables import IncidentServiceRow

    for name in SCALAR_FIELDS:
        value = getattr(incident, name)
        setattr(row, name, list(value) if isinstance(value, list) else value)
    row.status = incident.status.value
    for name in IMPACT_FIELDS:
        setattr(row, name, getattr(incident.impact, name))
    row.references = [{"label": r.label, "url": r.url} for r in incident.references]
    wanted = {s for s in incident.services}
    row.service_links = [link for link in row.service_links if link.service in wanted]
    have = {link.service for link in row.service_links}
    for service in incident.services:
        if service not in have:
            row.service_links.append(IncidentServiceRow(service=service))
            have.add(service)

    by_id = {e.id: e for e in row.events}
    events: list[TimelineEventRow] = []
    for event in incident.timeline:
        event_row = by_id.get(event.id) if event.id is not None else None
        if event_row is None:
            keep = keep_new_event_ids and event.id is not None
            event_row = TimelineEventRow(id=event.id) if keep else TimelineEventRow()
        event_to_row(event, event_row)
        events.append(event_row)
    row.events = events

    by_number = {a.number: a for a in row.actions}
    actions: list[ActionRow] = []
    for item in incident.actions:
        action_row = by_number.get(item.number) or ActionRow()
        action_to_row(item, action_row)
        actions.append(action_row)
    row.actions = actions

    row.why_chains = [
        WhyChainRow(
            position=i,
            problem=c.problem,
            steps=[
                WhyStepRow(position=j, answer=s.answer, evidence=list(s.evidence))
                for j, s in enumerate(c.steps)
            ],
        )
        for i, c in enumerate(incident.why_chains)
    ]
    row.factors = [
        FactorRow(position=i, category=f.category, text=f.text)
        for i, f in enumerate(incident.factors)
    ]
    row.fault_trees = [
        FaultTreeRow(
            position=i,
            name=t.name,
            top=t.top,
            nodes=[
                {
                    "id": n.id,
                    "label": n.label,
                    "gate": n.gate,
                    "children": list(n.children),
                    "probability": n.probability,
                }
                for n in t.nodes
            ],
        )
        for i, t in enumerate(incident.fault_trees)
    ]
    row.reviews = [
        ReviewRow(
            position=i,
            reviewer=r.reviewer,
            role=r.role,
            decision=r.decision.value,
            comment=r.comment,
            meeting_date=r.meeting_date,
            attendees=list(r.attendees),
            recording_url=r.recording_url,
        )
        for i, r in enumerate(incident.reviews)
    ]

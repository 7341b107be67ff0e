"""Milestones proposed from the timeline, and the durations measured between them.

started (first anomaly) → detected (first alert or page) → acknowledged → mitigated (rollback,
flag off, restart …) → resolved (alert resolved, errors stop). Proposals are suggestions with a
reason; the person running the postmortem accepts or overrides them (`hindsight milestones`).
MTTD = detected − started, MTTA = acknowledged − detected, MTTM = mitigated − started,
MTTR = resolved − started.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from hindsight.domain.model import EventKind, Incident, Milestone, TimelineEvent

MITIGATION = re.compile(
    r"\b(roll(ed|ing|s)?[ -]?back|revert(ed|ing|s)?|restart(ed|ing|s)?|fail(ed)?[ -]?over|"
    r"flag\b.{0,40}\b(off|disabled)|disabled? (the )?(flag|feature)|drain(ed|ing)?|"
    r"mitigat\w*|DeploymentRollback)\b",
    re.IGNORECASE,
)
# said by a person (chat, a page note), scaling out is a mitigation; done by a rollout it is not
HUMAN_MITIGATION = re.compile(
    r"\b(scal(ed|ing) (up|out)|add(ed|ing) (capacity|replicas))\b", re.IGNORECASE
)
ACKNOWLEDGE = re.compile(
    r"\b(ack(nowledged)?|on it|looking( into it)?|investigating)\b", re.IGNORECASE
)
RESOLVED_WORDS = re.compile(r"\b(resolved|all clear|recovered|back to normal)\b", re.IGNORECASE)
HUMAN_KINDS = frozenset({EventKind.CHAT, EventKind.ACTION, EventKind.NOTE})
ROLLBACK_REASONS = frozenset({"DeploymentRollback", "Rollback"})
FIELDS = {
    Milestone.STARTED: "started_at",
    Milestone.DETECTED: "detected_at",
    Milestone.ACKNOWLEDGED: "acknowledged_at",
    Milestone.MITIGATED: "mitigated_at",
    Milestone.RESOLVED: "resolved_at",
}


@dataclass
class MilestoneProposal:
    milestone: Milestone
    at: datetime
    event_id: int | None
    reason: str


def _text(event: TimelineEvent) -> str:
    return event.text or ""


def _is_alert_start(event: TimelineEvent) -> bool:
    return event.kind is EventKind.ALERT and not _text(event).lower().startswith(
        ("alert resolved", "pagerduty: resolved")
    )


def _is_anomaly(event: TimelineEvent) -> bool:
    """A metric anomaly, any ERROR/FATAL line, or a key warning (a k8s Warning event)."""
    if event.kind is EventKind.METRIC:
        return True
    if event.kind is EventKind.LOG:
        level = event.level or ""
        return level in {"ERROR", "FATAL"} or (event.key and level == "WARN")
    return False


def _could_mitigate(event: TimelineEvent) -> bool:
    """Log lines count only as operator actions ("flag … disabled by ops", a k8s rollback), not
    as symptoms: an ERROR line or a k8s warning saying "restarting" is the failure itself."""
    if event.kind is not EventKind.LOG:
        return True
    reason = (event.detail or {}).get("reason")
    if reason is not None:
        return reason in ROLLBACK_REASONS
    return (event.level or "INFO") not in {"ERROR", "FATAL"}


def propose(incident: Incident) -> list[MilestoneProposal]:
    """Proposals for each milestone the timeline supports, in lifecycle order."""
    events = sorted(incident.timeline, key=lambda e: e.at)
    found: list[MilestoneProposal] = []

    def add(
        milestone: Milestone, event: TimelineEvent, reason: str, at: datetime | None = None
    ) -> None:
        found.append(MilestoneProposal(milestone, at or event.at, event.id, reason))

    anomaly = next((e for e in events if _is_anomaly(e)), None)
    alert = next((e for e in events if _is_alert_start(e)), None)
    if anomaly is not None and (alert is None or anomaly.at <= alert.at):
        add(Milestone.STARTED, anomaly, f"first anomaly: {_text(anomaly)[:120]}")
    elif alert is not None:
        add(Milestone.STARTED, alert, "no earlier anomaly; the first alert")
    if alert is not None:
        add(Milestone.DETECTED, alert, f"first alert or page: {_text(alert)[:120]}")
    after_detect = [e for e in events if alert is None or e.at >= alert.at]
    ack = next(
        (
            e
            for e in after_detect
            if (e.detail or {})
            .get("pagerduty_type", "")
            .startswith(("acknowledge", "incident.acknowledged"))
        ),
        None,
    )
    if ack is None:
        ack = next(
            (e for e in after_detect if e.kind is EventKind.CHAT and ACKNOWLEDGE.search(_text(e))),
            None,
        )
    if ack is not None:
        add(Milestone.ACKNOWLEDGED, ack, f"acknowledged: {_text(ack)[:120]}")
    start = found[0].at if found else None
    mitigation = next(
        (
            e
            for e in events
            if (start is None or e.at >= start)
            and e.kind is not EventKind.ALERT
            and _could_mitigate(e)
            and (
                MITIGATION.search(_text(e))
                or (e.kind in HUMAN_KINDS and HUMAN_MITIGATION.search(_text(e)))
            )
        ),
        None,
    )
    if mitigation is not None:
        add(Milestone.MITIGATED, mitigation, f"mitigation: {_text(mitigation)[:120]}")
    resolved = _resolution(events, start)
    if resolved is not None:
        event, at, reason = resolved
        add(Milestone.RESOLVED, event, reason, at)
    return found


def _resolution(
    events: list[TimelineEvent], start: datetime | None
) -> tuple[TimelineEvent, datetime, str] | None:
    closing = [
        e
        for e in events
        if (start is None or e.at >= start)
        and (
            (e.kind is EventKind.ALERT and _text(e).lower().startswith("alert resolved"))
            or (e.detail or {}).get("pagerduty_type") in {"resolve", "incident.resolved"}
        )
    ]
    if closing:
        last = closing[-1]
        return last, last.at, f"alert/page resolved: {_text(last)[:120]}"
    errors = [
        e
        for e in events
        if e.kind is EventKind.LOG
        and (e.level or "") in {"ERROR", "FATAL"}
        and (start is None or e.at >= start)
    ]
    if errors:
        last = max(errors, key=lambda e: e.last_at or e.at)
        stop = last.last_at or last.at
        ongoing = _still_failing(events, stop)
        if start is not None and stop <= start:
            pass  # errors that never stopped being one moment are no end
        elif ongoing is None:
            return last, stop, "errors stop: last error line"
    chat = [
        e
        for e in events
        if e.kind is EventKind.CHAT
        and RESOLVED_WORDS.search(_text(e))
        and (start is None or e.at >= start)
    ]
    if chat:
        return chat[-1], chat[-1].at, f"declared resolved: {_text(chat[-1])[:120]}"
    return None


ONGOING_REASONS = frozenset(
    {
        "CrashLoopBackOff",
        "BackOff",
        "ImagePullBackOff",
        "ErrImagePull",
        "CreateContainerConfigError",
        "FailedScheduling",
        "Unhealthy",
    }
)


def _still_failing(events: list[TimelineEvent], after: datetime) -> TimelineEvent | None:
    """A Kubernetes state or event at or after `after` saying the failure goes on (a pod still
    in CrashLoopBackOff when the output was captured): then the last error is no resolution."""
    for event in reversed(events):
        if (event.last_at or event.at) >= after and (event.detail or {}).get(
            "reason"
        ) in ONGOING_REASONS:
            return event
    return None


def keeps_recorded_start(incident: Incident, proposal: MilestoneProposal) -> bool:
    """A start time already recorded (given with `incident new --started`) at or before the first
    anomaly is kept: impact often begins before it shows in the logs. A recorded start later than
    the evidence (e.g. "now", when no time was given) gives way to the evidence."""
    recorded = incident.started_at
    return (
        proposal.milestone is Milestone.STARTED and recorded is not None and recorded <= proposal.at
    )


def apply(
    incident: Incident,
    proposals: list[MilestoneProposal],
    overrides: dict[Milestone, datetime] | None = None,
) -> Incident:
    """Set the incident's milestone times from accepted proposals, then from overrides. A
    recorded start at or before the proposed one is kept (`keeps_recorded_start`)."""
    by_id = {e.id: e for e in incident.timeline if e.id is not None}
    marked: set[int | None] = set()
    for proposal in proposals:
        if keeps_recorded_start(incident, proposal):
            continue
        setattr(incident, FIELDS[proposal.milestone], proposal.at)
        event = by_id.get(proposal.event_id) if proposal.event_id is not None else None
        if event is not None and event.id not in marked:  # one milestone per event: the first
            event.milestone = proposal.milestone
            marked.add(event.id)
    for milestone, at in (overrides or {}).items():
        setattr(incident, FIELDS[milestone], at)
    return incident


def accept_proposals(
    incident: Incident,
    proposals: list[MilestoneProposal],
    overrides: dict[Milestone, datetime] | None = None,
) -> list[str]:
    """`apply`, then one sentence for every recorded time that was kept over a proposal or moved:
    a time a person gave never changes without the person being told."""
    before = {m: getattr(incident, FIELDS[m]) for m in Milestone}
    kept = [
        p for p in proposals if keeps_recorded_start(incident, p) and p.at != before[p.milestone]
    ]
    apply(incident, proposals, overrides)
    notes = [
        f"{p.milestone.value} kept at {_shown(before[p.milestone])} as recorded; the evidence "
        f"shows the first anomaly at {_shown(p.at)} (--set {p.milestone.value}=… to change it)"
        for p in kept
        if p.milestone not in (overrides or {})
    ]
    for milestone in Milestone:
        old, new = before[milestone], getattr(incident, FIELDS[milestone])
        if old is not None and new != old:
            notes.append(f"{milestone.value} moved from {_shown(old)} to {_shown(new)}")
    return notes


def _shown(moment: datetime | None) -> str:
    from hindsight.timeutil import shown_time

    return shown_time(moment)


def durations(incident: Incident) -> dict[str, timedelta | None]:
    """MTTD, MTTA, MTTM and MTTR of one incident (None when a bound is unknown)."""

    def between(a: datetime | None, b: datetime | None) -> timedelta | None:
        return b - a if a is not None and b is not None else None

    return {
        "MTTD": between(incident.started_at, incident.detected_at),
        "MTTA": between(incident.detected_at, incident.acknowledged_at),
        "MTTM": between(incident.started_at, incident.mitigated_at),
        "MTTR": between(incident.started_at, incident.resolved_at),
    }

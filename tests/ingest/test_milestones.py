"""Milestones proposed from an imported timeline, and MTTx."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hindsight.domain.model import EventKind, Incident, Milestone, TimelineEvent
from hindsight.ingest.milestones import apply, durations, propose
from hindsight.ingest.service import ingest_paths
from hindsight.store.repo import Store
from hindsight.workspace import Workspace
from tests.ingest.conftest import DATA, INCIDENT

FILES = [
    "checkout.jsonl",
    "alertmanager-webhooks.jsonl",
    "pagerduty-log_entries.json",
    "slack-export",
    "k8s-events-list.json",
]


def _at(h: int, m: int, s: int = 0, us: int = 0) -> datetime:
    return datetime(2025, 12, 15, h, m, s, us, tzinfo=UTC)


def test_proposals_from_a_real_looking_incident(ws: tuple[Workspace, Store]) -> None:
    workspace, store = ws
    ingest_paths(workspace, store, INCIDENT, [DATA / name for name in FILES])
    proposals = {p.milestone: p for p in propose(store.get(INCIDENT))}
    assert proposals[Milestone.STARTED].at == _at(22, 47)  # first ERROR line
    assert proposals[Milestone.DETECTED].at == _at(22, 49, 10, 117000)  # alert firing
    assert proposals[Milestone.ACKNOWLEDGED].at == _at(22, 53, 30)  # PagerDuty ack
    assert proposals[Milestone.MITIGATED].at == _at(22, 57, 10)  # "rolling back" in chat
    assert proposals[Milestone.RESOLVED].at == _at(23, 19, 2)  # page resolved
    assert all(p.event_id is not None and p.reason for p in proposals.values())


def test_errors_stopping_resolve_when_no_alert_does() -> None:
    incident = Incident(
        id="INC-X",
        title="x",
        timeline=[
            TimelineEvent(
                at=_at(22, 47),
                text="ERROR boom ×9",
                kind=EventKind.LOG,
                level="ERROR",
                key=True,
                count=9,
                last_at=_at(23, 5),
                id=1,
            ),
            TimelineEvent(at=_at(22, 50), text="Alert firing: Boom", kind=EventKind.ALERT, id=2),
            TimelineEvent(
                at=_at(22, 58), text="merge: Revert pool change", kind=EventKind.DEPLOY, id=3
            ),
        ],
    )
    proposals = {p.milestone: p for p in propose(incident)}
    assert proposals[Milestone.MITIGATED].event_id == 3
    assert proposals[Milestone.RESOLVED].at == _at(23, 5)
    assert Milestone.ACKNOWLEDGED not in proposals


def test_apply_and_durations() -> None:
    incident = Incident(
        id="INC-X",
        title="x",
        timeline=[
            TimelineEvent(
                at=_at(22, 47), text="ERROR boom", kind=EventKind.LOG, level="ERROR", key=True, id=1
            ),
            TimelineEvent(at=_at(22, 50), text="Alert firing: Boom", kind=EventKind.ALERT, id=2),
        ],
    )
    apply(incident, propose(incident), {Milestone.RESOLVED: _at(23, 47)})
    assert incident.timeline[0].milestone is Milestone.STARTED
    measured = durations(incident)
    assert measured["MTTD"] == timedelta(minutes=3)
    assert measured["MTTR"] == timedelta(hours=1)
    assert measured["MTTA"] is None


def test_a_flag_turned_off_in_the_logs_mitigates_but_a_crash_loop_does_not() -> None:
    incident = Incident(
        id="INC-X",
        title="x",
        timeline=[
            TimelineEvent(
                at=_at(22, 47),
                text="ERROR worker restarting after panic",
                kind=EventKind.LOG,
                level="ERROR",
                key=True,
                id=1,
            ),
            TimelineEvent(
                at=_at(22, 48),
                text="BackOff Pod/api: Back-off restarting failed container",
                kind=EventKind.LOG,
                level="WARN",
                key=True,
                detail={"reason": "BackOff"},
                id=2,
            ),
            TimelineEvent(
                at=_at(22, 59),
                text="WARN feature flag new-pricing disabled by ops",
                kind=EventKind.LOG,
                level="WARN",
                id=3,
            ),
        ],
    )
    proposals = {p.milestone: p for p in propose(incident)}
    assert proposals[Milestone.MITIGATED].event_id == 3


def test_a_rollout_scaling_up_is_not_a_mitigation_but_a_person_scaling_out_is() -> None:
    incident = Incident(
        id="INC-X",
        title="x",
        timeline=[
            TimelineEvent(
                at=_at(22, 47), text="ERROR boom", kind=EventKind.LOG, level="ERROR", key=True, id=1
            ),
            TimelineEvent(
                at=_at(22, 48),
                text="ScalingReplicaSet Deployment/api: Scaled up replica set api-7d9 to 3",
                kind=EventKind.DEPLOY,
                detail={"reason": "ScalingReplicaSet"},
                id=2,
            ),
            TimelineEvent(
                at=_at(22, 55),
                text="#inc dana: scaled out checkout to 12 pods",
                kind=EventKind.CHAT,
                id=3,
            ),
        ],
    )
    proposals = {p.milestone: p for p in propose(incident)}
    assert proposals[Milestone.MITIGATED].event_id == 3

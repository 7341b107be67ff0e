"""One realistic incident with every part filled in, shared by the render tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hindsight.domain.model import (
    ActionItem,
    ActionKind,
    ActionStatus,
    ContributingFactor,
    EventKind,
    FaultNode,
    FaultTree,
    Impact,
    Incident,
    IncidentStatus,
    Milestone,
    Reference,
    Review,
    ReviewDecision,
    StatusChange,
    TimelineEvent,
    WhyChain,
    WhyStep,
)


def at(hour: int, minute: int, day: int = 15) -> datetime:
    return datetime(2025, 12, day, hour, minute, tzinfo=UTC)


def disk_full() -> Incident:
    return Incident(
        id="INC-2025-12-15",
        title="Disk full on orders-db | writes failed",
        severity="P1",
        status=IncidentStatus.IN_REVIEW,
        summary="The primary **orders** database ran out of disk.\n\nWrites failed for 4h 28m.",
        started_at=at(22, 47),
        detected_at=at(22, 55),
        acknowledged_at=at(23, 1),
        mitigated_at=at(2, 30, 16),
        resolved_at=at(3, 15, 16),
        services=["orders-db", "checkout"],
        tags=["database", "capacity"],
        commander="alice",
        author="bob",
        participants=["alice", "bob", "chen"],
        impact=Impact(
            users_affected=1200,
            users_affected_pct=12.5,
            downtime_minutes=268,
            money_lost=5400.0,
            currency="EUR",
            sla_breached=True,
            support_tickets=37,
        ),
        root_cause="WAL archiving stalled, so old segments were never removed.",
        root_cause_category="capacity",
        technical_details="# of segments grew by 40 GB/h.\n\n```sql\nSELECT pg_size_pretty(1);\n```",
        resolution="Archiving restarted and 300 GB of WAL freed.",
        went_well=["Paging reached the on-call in 2 minutes."],
        went_wrong=["No alert on disk *growth rate*."],
        lessons=["Watch the derivative, not only the level."],
        references=[Reference("Runbook: WAL", "https://wiki.example.com/wal_(archiving)")],
        timeline=[
            TimelineEvent(
                at=at(22, 47),
                text="Archive command starts failing",
                kind=EventKind.LOG,
                source="postgres.log",
                milestone=Milestone.STARTED,
                detail={"line": 812},
            ),
            TimelineEvent(
                at=at(22, 55),
                text="DiskFull alert fires",
                kind=EventKind.ALERT,
                key=True,
                milestone=Milestone.DETECTED,
                source="alertmanager",
                id=7,
            ),
            TimelineEvent(
                at=at(23, 1), text="On-call acknowledges", actor="alice", action="Paged DBA"
            ),
            TimelineEvent(
                at=at(3, 15, 16),
                text="Writes succeed again",
                key=True,
                milestone=Milestone.RESOLVED,
            ),
        ],
        why_chains=[
            WhyChain(
                "Why did writes fail?",
                [WhyStep("The disk was full", [7]), WhyStep("WAL segments were not archived")],
            )
        ],
        factors=[
            ContributingFactor("Technology", "No alert on disk growth rate"),
            ContributingFactor("Process", "Archiving not in the upgrade checklist"),
            ContributingFactor("Technology", "Archive command swallowed errors"),
        ],
        fault_trees=[
            FaultTree(
                "Writes fail",
                "top",
                [
                    FaultNode("top", "Writes fail", "or", ["disk", "lock"]),
                    FaultNode("disk", "Disk full", probability=0.02),
                    FaultNode("lock", "Lock timeout", probability=0.001),
                ],
            )
        ],
        actions=[
            ActionItem(
                1,
                "Alert on disk growth rate",
                owner="chen",
                due=date(2025, 12, 22),
                kind=ActionKind.DETECT,
                status=ActionStatus.DONE,
                verification="Alert fires in staging drill",
                history=[StatusChange(at(9, 0, 17), ActionStatus.DONE, by="chen")],
            ),
            ActionItem(
                2,
                "Fail loudly when archive_command fails",
                owner="@dba-team",
                due=date(2026, 1, 15),
                status=ActionStatus.IN_PROGRESS,
                ticket_url="https://jira.example.com/OPS-12",
            ),
            ActionItem(
                3,
                "Share WAL primer with on-call",
                kind=ActionKind.LEARN,
                status=ActionStatus.BLOCKED,
                status_reason="waiting for DBA review",
            ),
        ],
        reviews=[
            Review(
                "dana",
                "SRE lead",
                ReviewDecision.APPROVED,
                meeting_date=date(2025, 12, 18),
                attendees=["alice", "bob"],
                recording_url="https://video.example.com/r/1",
            )
        ],
        version=0,
    )

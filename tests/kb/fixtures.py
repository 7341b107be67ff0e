"""A small, hand-checked set of incidents for the kb tests (expected values in test_metrics)."""

from __future__ import annotations

from datetime import UTC, datetime

from hindsight.domain.model import (
    ActionItem,
    ActionStatus,
    Evidence,
    Impact,
    Incident,
    IncidentStatus,
    TimelineEvent,
)
from hindsight.store.repo import Store, add_evidence, add_incident


def t(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def quarter_incidents() -> list[Incident]:
    """Four incidents in 2025Q4 and one in 2025Q3."""
    a = Incident(
        id="INC-2025-10-05",
        title="Checkout 502s after gateway config push",
        severity="P1",
        status=IncidentStatus.PUBLISHED,
        summary="Payments failed for 60 minutes after a gateway timeout setting was pushed.",
        started_at=t("2025-10-05T10:00"),
        detected_at=t("2025-10-05T10:10"),
        acknowledged_at=t("2025-10-05T10:15"),
        mitigated_at=t("2025-10-05T10:40"),
        resolved_at=t("2025-10-05T11:00"),
        services=["checkout", "gateway"],
        tags=["payments"],
        root_cause="An upstream timeout of 50 ms in the gateway config, shorter than the payment provider latency.",
        root_cause_category="configuration",
        impact=Impact(sla_breached=True, slo="checkout availability"),
        drafted_at=t("2025-10-06T09:00"),
        published_at=t("2025-10-07T11:00"),
        timeline=[
            TimelineEvent(at=t("2025-10-05T09:58"), text="deploy gateway config v42", template="deploy gateway config <*>"),
            TimelineEvent(at=t("2025-10-05T10:10"), text="alert CheckoutErrorRate firing"),
        ],
        actions=[
            ActionItem(1, "Validate gateway timeouts in CI against provider latency", owner="ana",
                       status=ActionStatus.VERIFIED, created_at=t("2025-10-06T00:00"),
                       assigned_at=t("2025-10-06T12:00"), done_at=t("2025-10-15T00:00"),
                       verified_at=t("2025-10-20T00:00")),
            ActionItem(2, "Alert on gateway upstream timeouts", owner="bo", status=ActionStatus.DONE,
                       created_at=t("2025-10-06T00:00"), assigned_at=t("2025-10-07T00:00"),
                       done_at=t("2025-10-25T00:00")),
            ActionItem(3, "Canary config pushes", status=ActionStatus.BLOCKED,
                       status_reason="waiting for the platform team", created_at=t("2025-10-06T00:00")),
        ],
    )  # fmt: skip
    b = Incident(
        id="INC-2025-11-10",
        title="Search index rebuild stalled",
        severity="P2",
        status=IncidentStatus.DRAFTING,
        summary="Search results were stale for four hours.",
        started_at=t("2025-11-10T08:00"),
        detected_at=t("2025-11-10T08:30"),
        acknowledged_at=t("2025-11-10T08:35"),
        mitigated_at=t("2025-11-10T09:00"),
        resolved_at=t("2025-11-10T12:00"),
        services=["search"],
        root_cause="The indexer's batch size setting was lowered by mistake.",
        root_cause_category="configuration",
        impact=Impact(downtime_minutes=240, error_budget_consumed_pct=120.0),
        actions=[
            ActionItem(1, "Rewrite the indexer", status=ActionStatus.WONT_DO, status_reason="too big",
                       created_at=t("2025-11-11T00:00")),
            ActionItem(2, "Review indexer settings", created_at=t("2025-11-11T00:00")),
        ],
    )  # fmt: skip
    c = Incident(
        id="INC-2025-12-01",
        title="Checkout errors again after gateway timeout change",
        severity="P1",
        status=IncidentStatus.PUBLISHED,
        summary="Checkout failed for two hours; the gateway timeout was changed by hand.",
        started_at=t("2025-12-01T00:00"),
        detected_at=t("2025-12-01T00:05"),
        resolved_at=t("2025-12-01T02:00"),
        services=["checkout"],
        root_cause="A manual gateway timeout change bypassed validation.",
        root_cause_category="configuration",
        repeat_of="INC-2025-10-05",
        drafted_at=t("2025-12-01T12:00"),
        published_at=t("2025-12-02T02:00"),
        timeline=[TimelineEvent(at=t("2025-11-30T23:59"), text="deploy gateway config v57",
                                template="deploy gateway config <*>")],
        actions=[ActionItem(1, "Block manual config edits", status=ActionStatus.DONE,
                            created_at=t("2025-12-01T00:00"), assigned_at=t("2025-12-01T02:00"),
                            done_at=t("2025-12-10T00:00"))],
    )  # fmt: skip
    d = Incident(
        id="INC-2025-12-20",
        title="Billing batch job ran twice",
        severity="P3",
        status=IncidentStatus.RESOLVED,
        started_at=t("2025-12-20T06:00"),
        services=["billing"],
        root_cause="The deployment retried a job that had already succeeded.",
        root_cause_category="deployment",
    )
    z = Incident(
        id="INC-2025-08-01",
        title="Gateway restart loop",
        severity="P2",
        status=IncidentStatus.CLOSED,
        started_at=t("2025-08-01T00:00"),
        detected_at=t("2025-08-01T00:20"),
        resolved_at=t("2025-08-01T02:00"),
        services=["gateway"],
        root_cause_category="capacity",
        published_at=t("2025-08-02T00:00"),
    )
    return [a, b, c, d, z]


def load(store: Store) -> list[Incident]:
    incidents = quarter_incidents()
    with store.session() as s:
        for incident in incidents:
            add_incident(s, incident, "tester")
        add_evidence(
            s,
            Evidence(sha256="a" * 64, filename="gateway.log", size=10, format="jsonl", added_by="tester",
                     added_at=t("2025-10-05T12:00"), origin="gateway.log", incident_id="INC-2025-10-05"),
        )  # fmt: skip
    return incidents

"""A resolved incident that leaks on purpose: names, a key, e-mail, hosts, customer ids."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hindsight.domain.model import (
    ActionItem,
    ActionKind,
    ActionStatus,
    EventKind,
    Impact,
    Incident,
    IncidentStatus,
    Review,
    ReviewDecision,
    StatusChange,
    TimelineEvent,
    WhyChain,
    WhyStep,
)

AWS_KEY = "AKIAQ7ZK2M4NX3RWP5TB"
STRIPE_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dcTf2uXbVq"
CUSTOMER_EMAIL = "maria.gonzalez@example.com"


def at(hour: int, minute: int) -> datetime:
    return datetime(2025, 12, 15, hour, minute, tzinfo=UTC)


def leaky_incident(**changes: object) -> Incident:
    incident = Incident(
        id="INC-2025-12-15",
        title="Checkout 5xx after Priya's config push to db-primary.corp",
        severity="P1",
        status=IncidentStatus.IN_REVIEW,
        summary=(
            "Checkout failed for 52 minutes. Priya Natarajan pushed a pool-size change; "
            f"{CUSTOMER_EMAIL} (cus_8HxQ2mLp4Z) reported it first from 203.0.113.45."
        ),
        started_at=at(22, 0),
        detected_at=at(22, 4),
        acknowledged_at=at(22, 6),
        mitigated_at=at(22, 41),
        resolved_at=at(22, 52),
        services=["checkout-api"],
        commander="Priya Natarajan",
        author="mmorales",
        participants=["chen.wei", "Amara Okafor"],
        impact=Impact(
            users_affected=18400, users_affected_pct=12.0, downtime_minutes=52, data_loss=False
        ),
        root_cause=(
            "The connection pool of checkout-api was lowered from 200 to 20 by a configuration "
            "push that had no schema validation."
        ),
        root_cause_category="configuration",
        technical_details=f"The pusher ran with AWS_ACCESS_KEY_ID={AWS_KEY} on etl-07.internal.",
        resolution="We reverted the configuration change and restarted the service.",
        went_well=["Chen found the diff in 10 minutes"],
        timeline=[
            TimelineEvent(
                at=at(22, 0),
                text=f"config push by Priya; stripe key {STRIPE_KEY} in env",
                kind=EventKind.CONFIG_CHANGE,
                actor="Priya Natarajan",
            ),
            TimelineEvent(
                at=at(22, 4),
                text="ALERT CheckoutHighErrorRate on checkout-7d9f.payments.svc.cluster.local",
                kind=EventKind.ALERT,
            ),
            TimelineEvent(
                at=at(22, 6), text="@chen.wei acknowledged", kind=EventKind.CHAT, actor="chen.wei"
            ),
        ],
        why_chains=[
            WhyChain(
                problem="Why did checkout fail?",
                steps=[WhyStep("pool exhausted"), WhyStep("no validation")],
            )
        ],
        actions=[
            ActionItem(
                number=1,
                title="Validate pool sizes in the config pipeline",
                owner="Amara Okafor",
                due=date(2026, 1, 15),
                kind=ActionKind.PREVENT,
                status=ActionStatus.DONE,
                verifier="jdoe",
                ticket_url="https://jira.example.com/OPS-1",
                history=[StatusChange(at=at(23, 0), status=ActionStatus.DONE, by="Amara Okafor")],
            ),
            ActionItem(
                number=2,
                title="Alert on pool saturation above 80%",
                owner="chen.wei",
                kind=ActionKind.DETECT,
                status=ActionStatus.PLANNED,
            ),
            ActionItem(
                number=3,
                title="Share the config review checklist",
                owner="mmorales",
                kind=ActionKind.LEARN,
            ),
            ActionItem(
                number=4,
                title="Rewrite the pusher in Go",
                owner="mmorales",
                status=ActionStatus.WONT_DO,
            ),
        ],
        reviews=[
            Review(
                reviewer="Lukas Brandt",
                decision=ReviewDecision.APPROVED,
                attendees=["Sofia Lindqvist"],
            )
        ],
    )
    for key, value in changes.items():
        setattr(incident, key, value)
    return incident

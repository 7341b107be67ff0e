"""A complete, blameless postmortem to start tests from; each test breaks one thing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hindsight.domain.model import (
    ActionItem,
    ActionKind,
    ContributingFactor,
    EventKind,
    Impact,
    Incident,
    IncidentStatus,
    Milestone,
    Review,
    ReviewDecision,
    TimelineEvent,
    WhyChain,
    WhyStep,
    now_utc,
)


def good_incident(now: datetime | None = None, **overrides: Any) -> Incident:
    """Resolved three days before `now`, drafted the next day, everything a reviewer wants."""
    now = now or now_utc()
    start = now - timedelta(days=3)

    def at(minutes: int) -> datetime:
        return start + timedelta(minutes=minutes)

    incident = Incident(
        id="INC-2025-12-15",
        title="Checkout errors after a config push",
        severity="P1",
        status=IncidentStatus.IN_REVIEW,
        summary=(
            "For 42 minutes about 1,800 customers could not complete checkout. "
            "A configuration change removed every payment server from rotation. "
            "Configuration changes are now checked automatically before they go live."
        ),
        started_at=at(0),
        detected_at=at(4),
        acknowledged_at=at(6),
        mitigated_at=at(30),
        resolved_at=at(42),
        services=["checkout-api"],
        commander="Priya Raman",
        author="Marcus Lee",
        participants=["Priya Raman", "Marcus Lee", "Zbigniew Wójcik"],
        impact=Impact(
            users_affected=1800,
            downtime_minutes=42,
            money_lost=12500.0,
            slo="checkout availability 99.9%",
            error_budget_consumed_pct=61.0,
        ),
        root_cause="The deploy pipeline accepted a load-balancer config with an empty upstream list.",
        root_cause_category="configuration",
        resolution="The previous config was restored at 22:51.",
        went_well=["The error-rate alert fired within four minutes."],
        went_wrong=["The rollback took 25 minutes because the previous image had been pruned."],
        timeline=[
            TimelineEvent(
                at(0),
                "Config 4f2a deployed to checkout-api",
                EventKind.DEPLOY,
                source="github",
                milestone=Milestone.STARTED,
            ),
            TimelineEvent(
                at(4),
                "Alert: checkout 5xx rate above 5%",
                EventKind.ALERT,
                source="alertmanager",
                milestone=Milestone.DETECTED,
            ),
            TimelineEvent(
                at(6),
                "Priya acknowledged the page",
                EventKind.CHAT,
                source="slack",
                milestone=Milestone.ACKNOWLEDGED,
            ),
            TimelineEvent(
                at(30), "Previous config restored", EventKind.ACTION, milestone=Milestone.MITIGATED
            ),
            TimelineEvent(
                at(42),
                "Error rate back to baseline",
                EventKind.METRIC,
                milestone=Milestone.RESOLVED,
            ),
        ],
        why_chains=[
            WhyChain(
                "Why did checkout return errors?",
                [
                    WhyStep("The load balancer had no healthy upstreams."),
                    WhyStep("The new config listed no upstream servers."),
                    WhyStep("The template rendered an empty list when a variable was unset."),
                    WhyStep("The deploy pipeline does not validate rendered configs."),
                ],
            )
        ],
        factors=[
            ContributingFactor(
                "Technology", "Config templates render silently on missing variables."
            ),
            ContributingFactor("Process", "Config changes skip the canary stage."),
        ],
        actions=[
            ActionItem(
                1,
                "Add a CI check that rejects load-balancer configs with an empty upstream list",
                owner="marcus",
                due=(now + timedelta(days=14)).date(),
                kind=ActionKind.PREVENT,
                verification="A config with no upstreams fails the pipeline",
                ticket_url="https://tracker.example/OPS-1",
            ),
            ActionItem(
                2,
                "Page the checkout on-call when the 5xx rate exceeds 2% for 2 minutes",
                owner="priya",
                due=(now + timedelta(days=7)).date(),
                kind=ActionKind.DETECT,
                verification="A synthetic 5xx burst pages within 3 minutes",
                ticket_url="https://tracker.example/OPS-2",
            ),
        ],
        reviews=[Review("Ana Souza", role="SRE lead", decision=ReviewDecision.APPROVED)],
        created_at=at(0),
        drafted_at=at(42) + timedelta(hours=20),
    )
    for key, value in overrides.items():
        setattr(incident, key, value)
    return incident

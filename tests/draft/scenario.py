"""The incident the model-path tests draft: small, with a person, an e-mail address and an internal
host in its evidence, so redaction has something to do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hindsight.domain.model import EventKind, Impact, Incident, Milestone, TimelineEvent

START = datetime(2025, 12, 15, 22, 40, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


def checkout_incident() -> Incident:
    """Event ids are 1-5 in a fresh store, in this order."""
    return Incident(
        id="INC-2025-12-15",
        title="Checkout API 5xx after config push",
        severity="P1",
        services=["checkout-api"],
        commander="Priya Shah",
        participants=["Marco Rossi"],
        started_at=START,
        detected_at=at(3),
        resolved_at=at(32),
        impact=Impact(users_affected=18400),
        timeline=[
            TimelineEvent(at(-2), "config push: checkout-api pool max 200 -> 20 on db-7.corp",
                          kind=EventKind.CONFIG_CHANGE, source="gitlog", service="checkout-api"),
            TimelineEvent(at(3), "CheckoutErrorRate firing: 38% of checkouts failing",
                          kind=EventKind.ALERT, source="alertmanager", service="checkout-api",
                          milestone=Milestone.DETECTED),
            TimelineEvent(at(6), "Marco Rossi (marco.rossi@example.com) is looking at the pool graphs",
                          kind=EventKind.CHAT, source="slack", actor="Marco Rossi"),
            TimelineEvent(at(25), "Reverted the config change", kind=EventKind.ACTION,
                          source="manual", actor="Priya Shah"),
            TimelineEvent(at(32), "CheckoutErrorRate resolved", kind=EventKind.ALERT,
                          source="alertmanager", service="checkout-api",
                          milestone=Milestone.RESOLVED),
        ],
    )  # fmt: skip

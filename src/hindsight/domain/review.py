"""Postmortem reviews: who reviewed, their decision, and the review meeting. No I/O."""

from __future__ import annotations

from collections.abc import Sequence

from hindsight.domain.model import Incident, Review, ReviewDecision
from hindsight.errors import InvalidInput
from hindsight.timeutil import parse_date


def parse_decision(text: str | None) -> ReviewDecision:
    """ "approved", "changes-requested", "Changes requested" … (empty: pending)."""
    key = (text or "pending").strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return ReviewDecision(key)
    except ValueError:
        valid = ", ".join(d.value for d in ReviewDecision)
        raise InvalidInput(
            f"decision: unknown {text!r}; valid: {valid}", field="decision"
        ) from None


def add_review(
    incident: Incident,
    reviewer: str,
    *,
    decision: str | None = "pending",
    role: str | None = None,
    comment: str | None = None,
    meeting_date: str | None = None,
    attendees: Sequence[str] = (),
    recording_url: str | None = None,
) -> Review:
    """Record one reviewer's decision; `meeting_date` is YYYY-MM-DD (empty: no meeting)."""
    if not reviewer or not reviewer.strip():
        raise InvalidInput("reviewer: who reviewed", field="reviewer")
    review = Review(
        reviewer=reviewer.strip(),
        role=role or None,
        decision=parse_decision(decision),
        comment=comment or None,
        meeting_date=parse_date(meeting_date, field="meeting_date") if meeting_date else None,
        attendees=[a.strip() for a in attendees if a.strip()],
        recording_url=recording_url or None,
    )
    incident.reviews.append(review)
    return review

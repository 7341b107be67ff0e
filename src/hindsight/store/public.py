"""Approvals of an incident's public (redacted) version.

An approval names the exact text approved by its SHA-256: once the public text changes, no
approval matches it any more, so a publication needs a new review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from hindsight.store.repo import StoreSession
from hindsight.store.tables import PublicApprovalRow


@dataclass(frozen=True)
class Approval:
    approved_by: str
    approved_at: datetime


def add_approval(
    session: StoreSession, incident_id: str, content_sha256: str, approver: str, at: datetime
) -> None:
    """Record that `approver` approved the public text hashing to `content_sha256` at `at`."""
    session.add(
        PublicApprovalRow(
            incident_id=incident_id,
            content_sha256=content_sha256,
            approved_by=approver,
            approved_at=at,
        )
    )


def latest_approval(
    session: StoreSession, incident_id: str, content_sha256: str
) -> Approval | None:
    """The latest approval of exactly this text; None when it was never approved."""
    row = session.execute(
        select(PublicApprovalRow)
        .where(
            PublicApprovalRow.incident_id == incident_id,
            PublicApprovalRow.content_sha256 == content_sha256,
        )
        .order_by(PublicApprovalRow.approved_at.desc(), PublicApprovalRow.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return None if row is None else Approval(row.approved_by, row.approved_at)


def has_any_approval(session: StoreSession, incident_id: str) -> bool:
    """Whether any text of the incident's public version was ever approved."""
    found = session.execute(
        select(PublicApprovalRow.id).where(PublicApprovalRow.incident_id == incident_id).limit(1)
    ).first()
    return found is not None

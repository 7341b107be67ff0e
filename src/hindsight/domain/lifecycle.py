"""The incident's status lifecycle and the rules at each step.

open → mitigated → resolved → drafting → in_review → published → closed. Forward moves may skip
steps (an incident can be resolved without a separate mitigation); the only backward moves are
reopening (mitigated/resolved → open) and sending a review back (in_review → drafting).

Publishing and closing are gated: the caller passes what the gate found (`quality.gate.
gate_blockers`), so the domain decides the move without calling another stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from hindsight.domain.model import (
    STATUS_ORDER,
    Incident,
    IncidentStatus,
    now_utc,
)
from hindsight.errors import GateFailed, InvalidInput

BACKWARD = {
    (IncidentStatus.MITIGATED, IncidentStatus.OPEN),
    (IncidentStatus.RESOLVED, IncidentStatus.OPEN),
    (IncidentStatus.IN_REVIEW, IncidentStatus.DRAFTING),
}


def parse_status(text: str) -> IncidentStatus:
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return IncidentStatus(key)
    except ValueError:
        valid = ", ".join(s.value for s in IncidentStatus)
        raise InvalidInput(f"unknown status {text!r}; valid: {valid}", field="status") from None


def transition(
    incident: Incident,
    target: IncidentStatus,
    blockers: Sequence[str],
    *,
    override: str | None = None,
    at: datetime | None = None,
) -> list[str]:
    """Move `incident` to `target`, stamping the matching time. `blockers`: what the gate found
    against this move (`quality.gate.gate_blockers`; empty for an ungated one). Returns the
    findings an `override` bypassed (to be kept in the audit log); raises GateFailed when a rule
    refuses: a move `allowed_moves` does not offer, publishing with blockers and no override,
    closing with blockers."""
    current = incident.status
    if target == current:
        return []
    moment = at or now_utc()
    forward = STATUS_ORDER.index(target) > STATUS_ORDER.index(current)
    if target not in allowed_moves(current):
        raise GateFailed(
            f"{incident.id} cannot go from {current.value} back to {target.value}; "
            "allowed: reopen (mitigated/resolved → open) or send back (in_review → drafting)"
        )
    bypassed: list[str] = []
    if target == IncidentStatus.PUBLISHED:
        if blockers and not override:
            raise GateFailed(
                f"{incident.id} cannot be published: "
                + "; ".join(blockers)
                + " (fix them, or give an override reason — admins only on the web; the audit log keeps it)"
            )
        bypassed = list(blockers)
    if target == IncidentStatus.CLOSED and blockers:
        raise GateFailed(f"{incident.id} cannot be closed: " + "; ".join(blockers))
    stamp = {
        IncidentStatus.MITIGATED: "mitigated_at",
        IncidentStatus.RESOLVED: "resolved_at",
        IncidentStatus.DRAFTING: "drafted_at",
        IncidentStatus.PUBLISHED: "published_at",
        IncidentStatus.CLOSED: "closed_at",
    }
    if forward:
        for status in STATUS_ORDER[
            STATUS_ORDER.index(current) + 1 : STATUS_ORDER.index(target) + 1
        ]:
            name = stamp.get(status)
            if name and getattr(incident, name) is None:
                setattr(incident, name, moment)
        if incident.mitigated_at is None and incident.resolved_at is not None:
            incident.mitigated_at = incident.resolved_at
    incident.status = target
    return bypassed


def allowed_moves(current: IncidentStatus) -> list[IncidentStatus]:
    """Where an incident may go from `current`: every later status (forward moves may skip
    steps), then the backward moves allowed from it (reopen, send a review back). `transition`
    refuses any other target; the incident page offers exactly these."""
    later = STATUS_ORDER[STATUS_ORDER.index(current) + 1 :]
    return [*later, *(to for start, to in sorted(BACKWARD) if start == current)]


next_statuses = allowed_moves  # the older name


GATED = (IncidentStatus.PUBLISHED, IncidentStatus.CLOSED)


def gate_ahead(current: IncidentStatus) -> IncidentStatus | None:
    """The gated status an incident in `current` works towards, whose blockers are worth showing
    now: publishing while the postmortem is drafted or reviewed, closing once it is published;
    None before drafting and once closed."""
    if current in (IncidentStatus.DRAFTING, IncidentStatus.IN_REVIEW):
        return IncidentStatus.PUBLISHED
    if current == IncidentStatus.PUBLISHED:
        return IncidentStatus.CLOSED
    return None

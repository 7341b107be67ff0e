"""The gates of the lifecycle: what stops `→ published` and `→ closed`.

Publishing is refused while the rubric's weighted average is below its pass mark (3.5 by default)
or while any sentence blames a person; closing while an action is neither verified nor dropped.
`gate_blockers` is what the incident service hands `domain.lifecycle.transition` (and what the
incident page shows ahead of time); `--override "reason"` lets publishing through with an audit
entry.
"""

from __future__ import annotations

from datetime import datetime

from hindsight.domain.actions import close_blockers
from hindsight.domain.lifecycle import allowed_moves
from hindsight.domain.model import Incident, IncidentStatus
from hindsight.domain.policy import Policy
from hindsight.quality.lint import blame_findings
from hindsight.quality.rubric import Rubric, score


def publish_blockers(
    incident: Incident,
    policy: Policy,
    rubric: Rubric | None = None,
    *,
    now: datetime | None = None,
) -> list[str]:
    """Reasons publishing must be refused (rubric below the pass mark, blame findings); empty when clear.

    `rubric`: the workspace's (`Workspace.rubric`); without it, the shipped default.
    """
    card = score(incident, policy, rubric, now=now)
    blockers = []
    if not card.passed:
        weakest = sorted((c for c in card.criteria if c.weight > 0), key=lambda c: c.score)[:2]
        detail = "; ".join(f"{c.title} {c.score}/5 ({c.reason})" for c in weakest)
        blockers.append(
            f"rubric score {card.average:.2f} is below {card.pass_mark:g} (weakest: {detail})"
        )
    blame = blame_findings(incident)
    if blame:
        shown = "; ".join(f"{f.field}: {f.excerpt!r}" for f in blame[:3])
        more = f" (+{len(blame) - 3} more)" if len(blame) > 3 else ""
        blockers.append(f"{len(blame)} blaming sentence(s): {shown}{more}")
    return blockers


def gate_blockers(
    incident: Incident, target: IncidentStatus, policy: Policy, rubric: Rubric | None = None
) -> list[str]:
    """What stops `incident` from moving to `target` (empty: nothing): the publish gate of the
    policy and `rubric` for published (an admin may override it), open actions for closed. A move
    `transition` refuses anyway (a no-op, or backwards) is not gated: empty too."""
    if target not in allowed_moves(incident.status):
        return []
    if target == IncidentStatus.PUBLISHED:
        return publish_blockers(incident, policy, rubric)
    if target == IncidentStatus.CLOSED:
        return close_blockers(incident)
    return []

"""The weekly action review an SRE lead runs: what is late, stuck, due, or done but unproven.

Pure: takes the actions (with their incidents) and today's date, returns a FollowupReport.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median

from hindsight.domain.actions import ActionRef, blocked_since, is_open, is_overdue
from hindsight.domain.model import ActionStatus
from hindsight.domain.policy import Policy


@dataclass
class FollowupReport:
    today: date
    escalate_after_days: int
    overdue: list[ActionRef] = field(default_factory=list)
    escalate: list[ActionRef] = field(default_factory=list)  # blocked longer than the policy allows
    blocked: list[ActionRef] = field(default_factory=list)
    due_this_week: list[ActionRef] = field(default_factory=list)
    unverified: list[ActionRef] = field(default_factory=list)  # done, waiting for verification
    unowned: list[ActionRef] = field(default_factory=list)
    total: int = 0
    completed: int = 0  # done or verified
    verified: int = 0
    dropped: int = 0  # won't do
    median_days_to_assign: float | None = None

    @property
    def completion_rate(self) -> float | None:
        """Done or verified over all actions that are still wanted (won't-do excluded)."""
        wanted = self.total - self.dropped
        return self.completed / wanted if wanted else None

    @property
    def verification_rate(self) -> float | None:
        wanted = self.total - self.dropped
        return self.verified / wanted if wanted else None


def followup(
    refs: Sequence[ActionRef],
    *,
    today: date,
    policy: Policy,
    assignment_days: Sequence[float] = (),
) -> FollowupReport:
    """Sort every action into the review's sections; `assignment_days` feeds the median shown."""
    limit = policy.escalate_blocked_after_days
    report = FollowupReport(today=today, escalate_after_days=limit, total=len(refs))
    week_end = today + timedelta(days=7)
    for ref in sorted(refs, key=lambda r: (r.item.due or date.max, r.incident_id, r.item.number)):
        item = ref.item
        if item.status in (ActionStatus.DONE, ActionStatus.VERIFIED):
            report.completed += 1
        if item.status == ActionStatus.VERIFIED:
            report.verified += 1
        if item.status == ActionStatus.WONT_DO:
            report.dropped += 1
        if item.status == ActionStatus.DONE:
            report.unverified.append(ref)
        if is_overdue(item, today):
            report.overdue.append(ref)
        elif is_open(item) and item.due is not None and today <= item.due <= week_end:
            report.due_this_week.append(ref)
        if item.status == ActionStatus.BLOCKED:
            since = blocked_since(item)
            if since is not None and (today - since.date()).days > limit:
                report.escalate.append(ref)
            else:
                report.blocked.append(ref)
        if is_open(item) and not item.owner:
            report.unowned.append(ref)
    if assignment_days:
        report.median_days_to_assign = round(median(assignment_days), 1)
    return report

"""SMART checks on corrective actions: specific, owned by a person, dated, and aimed at the cause.

A postmortem's actions are what stops the next incident, so each must say what will observably
change, who (one named person) will do it, and by when. Groups ("team", "DevOps") own nothing in
practice; "improve monitoring" cannot be verified. At least one open "prevent" action must face
the root cause, and more than the policy's `max_actions` means nothing will get done.
"""

from __future__ import annotations

import re
from datetime import date

from hindsight.domain.model import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    ActionKind,
    ActionStatus,
    Incident,
    now_utc,
)
from hindsight.domain.policy import Policy
from hindsight.quality.findings import Finding

GOOD_ACTION = (
    "Shape: <verb> <specific change> so that <observable outcome>, one named owner, a due date - "
    'e.g. "Add a CI check that rejects configs with an empty upstream list (owner: priya, '
    'due 2025-02-01; verified when a bad config fails the pipeline)".'
)

VAGUE = re.compile(
    r"\b(?:improve[sd]?|improving|improvement|better|more careful|be careful|look(?:ing)? into"
    r"|consider(?:ing)?|try(?:ing)? to|eventually|investigate|revisit|think about|reflect on"
    r"|explore|discuss|as needed|where possible|if possible|when possible|somehow|more robust"
    r"|be aware|keep an eye on|raise awareness|agree on)\b",
    re.IGNORECASE,
)
# Words that make an outcome observable: a mechanism, a number, a threshold.
OBSERVABLE = re.compile(
    r"\d|\b(?:alert(?:s|ing)? (?:when|if|on)|page[sd]? (?:when|if|on)|fail(?:s)? the (?:build|pipeline|deploy)"
    r"|reject(?:s)?|block(?:s)?|enforce[sd]?|automat(?:e|es|ed)|require[sd]?|limit(?:s)? to|cap(?:s)? at"
    r"|so that|at most|at least|no more than|less than)\b",
    re.IGNORECASE,
)
_GROUP_OWNERS_TEXT = """
    ? all backend dev developers devops devs eng engineering engineers everybody everyone
    frontend infra infrastructure it management n/a na nobody none on-call oncall ops owner
    platform qa security somebody someone sre sres support tba tbd team unassigned us we
"""
GROUP_OWNERS = frozenset(_GROUP_OWNERS_TEXT.split())


def is_group_owner(owner: str) -> bool:
    """True when `owner` names a group, a channel or a placeholder rather than one person."""
    cleaned = owner.strip().lstrip("@#").lower()
    words = re.split(r"[\s_/-]+", cleaned)
    if cleaned in GROUP_OWNERS or owner.strip().startswith("#"):
        return True
    return any(
        w in ("team", "teams", "squad", "group", "guild", "crew", "department") for w in words
    ) or (len(words) == 1 and words[0] in GROUP_OWNERS)


def _open(item: ActionItem) -> bool:
    return item.status in OPEN_ACTION_STATUSES


def check_action(item: ActionItem, today: date) -> list[Finding]:
    """SMART findings for one action item; `today` decides what is overdue."""
    where = f"actions.{item.ref}"
    found: list[Finding] = []
    vague = VAGUE.search(item.title)
    if vague and not OBSERVABLE.search(item.title) and not item.verification:
        found.append(
            Finding(
                "actions/vague",
                "warning",
                f'{item.ref} is vague ("{vague.group(0)}") and states no observable outcome',
                where,
                item.title,
                GOOD_ACTION,
            )
        )
    if item.status is ActionStatus.WONT_DO:
        return found
    if not item.owner or not item.owner.strip():
        found.append(
            Finding(
                "actions/no-owner",
                "error",
                f"{item.ref} has no owner; a named person is needed",
                where,
                item.title,
                "Assign one named person who will drive it (not a team or channel).",
            )
        )
    elif is_group_owner(item.owner):
        found.append(
            Finding(
                "actions/group-owner",
                "error",
                f"{item.ref} is owned by a group ({item.owner!r}); a named person is needed",
                where,
                item.title,
                f"Name one person in {item.owner} as owner; the group can still do the work.",
            )
        )
    if item.due is None and _open(item):
        found.append(
            Finding(
                "actions/no-deadline",
                "error",
                f"{item.ref} has no due date",
                where,
                item.title,
                "Give it a due date that matches its horizon (immediate: days, short term: weeks).",
            )
        )
    elif item.due is not None and _open(item) and item.due < today:
        days = (today - item.due).days
        found.append(
            Finding(
                "actions/overdue",
                "warning",
                f"{item.ref} was due {item.due.isoformat()} ({days} days ago) and is still {item.status.value}",
                where,
                item.title,
                "Finish it, move the date with a reason recorded, or close it as won't-do with a reason.",
            )
        )
    return found


def check_actions(incident: Incident, policy: Policy, today: date | None = None) -> list[Finding]:
    """All SMART findings for the incident's actions, plus the set-level rules."""
    day = today or now_utc().date()
    found = [f for item in incident.actions for f in check_action(item, day)]
    live = [a for a in incident.actions if a.status is not ActionStatus.WONT_DO]
    if len(live) > policy.max_actions:
        found.append(
            Finding(
                "actions/too-many",
                "warning",
                f"{len(live)} actions, more than the policy's maximum of {policy.max_actions}",
                "actions",
                None,
                "Keep the few that address the root cause and contributing factors; move the rest "
                "to the team backlog.",
            )
        )
    if not any(a.kind is ActionKind.PREVENT for a in live):
        found.append(
            Finding(
                "actions/no-prevent",
                "error",
                "no prevent-type action addresses the root cause",
                "actions",
                None,
                "Add an action that removes or guards the root cause so it cannot recur, e.g. "
                '"Validate the load-balancer config in CI and block empty upstream lists".',
            )
        )
    return found

"""Completeness: does the postmortem hold what a reviewer needs to learn from it?

A timeline with timestamps and the four milestones (impact started, detected, mitigated,
resolved); impact in numbers; a root cause reached by a why chain at least three levels deep that
ends in the system, not at a person; what went well and what went wrong; a short executive summary
a non-engineer can read; and a draft within the severity's deadline.
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime

from hindsight.domain.model import (
    STATUS_ORDER,
    Incident,
    IncidentStatus,
    Milestone,
    WhyChain,
    now_utc,
)
from hindsight.domain.policy import Policy
from hindsight.quality.blame import DEFAULT_MIN_CONFIDENCE, check_sentence, sentences
from hindsight.quality.findings import Finding
from hindsight.quality.names import is_person, names_of, person_pattern
from hindsight.timeutil import format_lateness, shown_time

REQUIRED_MILESTONES = (
    Milestone.STARTED,
    Milestone.DETECTED,
    Milestone.MITIGATED,
    Milestone.RESOLVED,
)
MIN_WHY_DEPTH = 3
MAX_SUMMARY_SENTENCES = 3

# Terms an executive reader should not have to decode in the summary.
JARGON = re.compile(
    r"\b(?:k8s|kubernetes|kubectl|pods?|daemonsets?|statefulsets?|namespaces?|ingress|helm|etcd"
    r"|crashloop\w*|oom\w*|p9[59]|p50|5xx|4xx|50[0-4]s?|cidr|bgp|vpc|iam|alb|elb|nlb|cni|dns|tls|ttl"
    r"|jvm|heap|gc|mutex|deadlock|race condition|shard\w*|replica\w*|failover|sharding|cron\w*"
    r"|terraform|kafka|redis|postgres\w*|mysql|grpc|rpc|configmaps?|sidecars?|canary|rollout"
    r"|autoscal\w*|hpa|upstream|load balancer|connection pool|thread pool|idempoten\w*"
    r"|backpressure|latency|cache (?:miss|stampede))\b",
    re.IGNORECASE,
)
_CODEISH = re.compile(r"`[^`]+`|\b[0-9a-f]{7,40}\b|\b\d{1,3}(?:\.\d{1,3}){3}\b|\w+\.\w+/\w+")


def milestone_times(incident: Incident) -> dict[Milestone, datetime | None]:
    """Each milestone's time, from the incident fields or else a timeline event marked with it."""
    found: dict[Milestone, datetime | None] = {m: incident.milestone_time(m) for m in Milestone}
    for event in incident.timeline:
        if event.milestone is not None and found.get(event.milestone) is None:
            found[event.milestone] = event.at
    return found


def impact_dimensions(incident: Incident) -> list[str]:
    """Which impact figures are given in numbers: users, duration, money, SLO, tickets."""
    imp, dims = incident.impact, []
    if imp.users_affected is not None or imp.users_affected_pct is not None:
        dims.append("users")
    if imp.downtime_minutes is not None or incident.duration_minutes is not None:
        dims.append("duration")
    if imp.money_lost is not None:
        dims.append("money")
    if imp.error_budget_consumed_pct is not None or imp.slo or imp.sla_breached is not None:
        dims.append("SLO")
    if imp.support_tickets is not None:
        dims.append("support tickets")
    return dims


def ends_at_person(chain: WhyChain, names: frozenset[str] = frozenset()) -> bool:
    """Whether the chain's last answer blames or stops at a person instead of a condition."""
    last = chain.root_cause
    if not last:
        return False
    hit = check_sentence(last, names)
    if hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE:
        return True
    match = re.match(rf"^\W*(?:because\s+)?(?P<who>{person_pattern(names)})\b", last, re.IGNORECASE)
    return bool(match and is_person(match.group("who"), names) and len(last.split()) <= 8)


def deepest_chain(incident: Incident) -> WhyChain | None:
    return max(incident.why_chains, key=lambda c: len(c.steps), default=None)


def systemic_chains(incident: Incident) -> list[WhyChain]:
    """Why chains deep enough (>= 3 levels) that end in the system."""
    names = frozenset(incident_names(incident))
    return [
        c
        for c in incident.why_chains
        if len(c.steps) >= MIN_WHY_DEPTH and not ends_at_person(c, names)
    ]


def incident_names(incident: Incident) -> list[str]:
    """The people of an incident, for name detection in its prose."""
    people: list[str | None] = [incident.commander, incident.author, *incident.participants]
    people += [e.actor for e in incident.timeline]
    people += [a.owner for a in incident.actions]
    people += [r.reviewer for r in incident.reviews]
    return names_of(people)


def summary_problems(summary: str) -> list[str]:
    """Why the executive summary is not fit for an executive; empty when it is."""
    problems = []
    count = sum(1 for _ in sentences(summary))
    if count > MAX_SUMMARY_SENTENCES:
        problems.append(f"{count} sentences (at most {MAX_SUMMARY_SENTENCES})")
    terms = sorted({m.group(0).lower() for m in JARGON.finditer(summary)})
    if _CODEISH.search(summary):
        terms.append("code, hashes or addresses")
    if terms:
        problems.append("jargon: " + ", ".join(terms[:6]))
    return problems


def check_completeness(
    incident: Incident, policy: Policy, now: datetime | None = None
) -> list[Finding]:
    """Findings for missing or weak sections. `now` (UTC) decides whether a draft is overdue."""
    found: list[Finding] = []
    found += _timeline(incident)
    found += _impact(incident)
    found += _root_cause(incident)
    for name, label in (("went_well", "what went well"), ("went_wrong", "what went wrong")):
        if not getattr(incident, name):
            found.append(
                Finding(
                    f"completeness/no-{name.replace('_', '-')}",
                    "warning",
                    f"no {label} recorded",
                    name,
                    None,
                    f"List {label}: each item one concrete observation from this incident.",
                )
            )
    found += _summary(incident)
    found += _timeliness(incident, policy, now or now_utc())
    return found


def _timeline(incident: Incident) -> list[Finding]:
    found = []
    if not incident.timeline:
        found.append(
            Finding(
                "completeness/no-timeline",
                "error",
                "the timeline is empty",
                "timeline",
                None,
                "Add timestamped events from alerts, deploys and chat: at least when impact started, "
                "was detected, mitigated and resolved.",
            )
        )
    times = milestone_times(incident)
    missing = [m.value for m in REQUIRED_MILESTONES if times[m] is None]
    if missing:
        found.append(
            Finding(
                "completeness/milestones",
                "error",
                "missing milestone time(s): " + ", ".join(missing),
                "timeline",
                None,
                "Record when impact started, was detected, mitigated and resolved; MTTD and MTTR "
                "are measured between them.",
            )
        )
    ordered = [(m, times[m]) for m in Milestone if times[m] is not None]
    for (m1, t1), (m2, t2) in itertools.pairwise(ordered):
        if t1 and t2 and t2 < t1:
            found.append(
                Finding(
                    "completeness/milestone-order",
                    "error",
                    f"{m2.value} ({t2.isoformat()}) is before {m1.value} ({t1.isoformat()})",
                    "timeline",
                    None,
                    "Check the time zones and the milestone times.",
                )
            )
    return found


def _impact(incident: Incident) -> list[Finding]:
    dims = impact_dimensions(incident)
    if not dims:
        return [
            Finding(
                "completeness/impact-numbers",
                "error",
                "impact has no numbers",
                "impact",
                None,
                "Quantify impact: users affected (count or %), duration in minutes, money lost or "
                "error budget consumed.",
            )
        ]
    found = []
    for need in ("users", "duration"):
        if need not in dims:
            found.append(
                Finding(
                    f"completeness/impact-{need}",
                    "warning",
                    f"impact does not say {need} in numbers",
                    "impact",
                    None,
                    f"Add the {need} affected as a number.",
                )
            )
    return found


def _root_cause(incident: Incident) -> list[Finding]:
    found = []
    if not incident.root_cause.strip() and not any(c.steps for c in incident.why_chains):
        return [
            Finding(
                "completeness/no-root-cause",
                "error",
                "no root cause recorded",
                "root_cause",
                None,
                "State the systemic cause and reach it with a why chain of at least 3 levels.",
            )
        ]
    names = frozenset(incident_names(incident))
    chain = deepest_chain(incident)
    if chain is None or len(chain.steps) < MIN_WHY_DEPTH:
        depth = 0 if chain is None else len(chain.steps)
        found.append(
            Finding(
                "completeness/why-depth",
                "error",
                f"the deepest why chain has {depth} level(s); at least {MIN_WHY_DEPTH} are needed",
                "why_chains",
                None,
                "Keep asking why until the answer is a condition of the system (a missing check, a "
                "default, a design limit), not an event.",
            )
        )
    for number, c in enumerate(incident.why_chains, start=1):
        if ends_at_person(c, names):
            found.append(
                Finding(
                    "completeness/why-ends-at-person",
                    "error",
                    f"why chain {number} ends at a person: {c.root_cause!r}",
                    f"why_chains[{number}]",
                    c.root_cause,
                    "Ask one more why: what made that action possible or likely (tooling, defaults, "
                    "missing guard rails, time pressure)?",
                )
            )
    if not incident.root_cause_category:
        found.append(
            Finding(
                "completeness/no-category",
                "warning",
                "no root-cause category",
                "root_cause",
                None,
                "Pick a category (configuration, deployment, capacity, monitoring_gap …) so trends "
                "can be counted.",
            )
        )
    return found


def _summary(incident: Incident) -> list[Finding]:
    if not incident.summary.strip():
        return [
            Finding(
                "completeness/no-summary",
                "error",
                "no executive summary",
                "summary",
                None,
                "Write at most three plain sentences: what happened, who was affected and for how "
                "long, and what is being done so it does not recur.",
            )
        ]
    problems = summary_problems(incident.summary)
    if not problems:
        return []
    return [
        Finding(
            "completeness/summary",
            "warning",
            "executive summary: " + "; ".join(problems),
            "summary",
            incident.summary.strip().split("\n")[0][:200],
            "At most three sentences in plain words: what customers saw, for how long, and what "
            "will stop it recurring; keep technical terms for the details section.",
        )
    ]


def draft_time_unknown(incident: Incident) -> bool:
    """A draft exists (status drafting or later) but when it was written was not recorded."""
    drafting = STATUS_ORDER.index(IncidentStatus.DRAFTING)
    return incident.drafted_at is None and STATUS_ORDER.index(incident.status) >= drafting


def draft_lateness_hours(incident: Incident, policy: Policy, now: datetime) -> float | None:
    """Hours past the drafting deadline (negative when early); None when there is no deadline."""
    deadline = policy.postmortem_deadline(incident)
    if deadline is None:
        return None
    drafted = incident.drafted_at
    if drafted is None:
        return (now - deadline).total_seconds() / 3600 if now > deadline else None
    return (drafted - deadline).total_seconds() / 3600


def _timeliness(incident: Incident, policy: Policy, now: datetime) -> list[Finding]:
    deadline = policy.postmortem_deadline(incident)
    if deadline is None:
        return []
    if draft_time_unknown(incident):
        return [
            Finding(
                "completeness/no-draft-time",
                "warning",
                f"when the draft was written is not recorded (the {incident.severity} deadline was "
                f"{deadline.isoformat()})",
                "timeliness",
                None,
                "Record the drafting date (drafted_at in the front matter) so timeliness can be checked.",
            )
        ]
    late = draft_lateness_hours(incident, policy, now)
    if late is None or late <= 0:
        return []
    hours = format_lateness(late)
    if incident.drafted_at is None:
        return [
            Finding(
                "completeness/draft-overdue",
                "error",
                f"the {incident.severity} draft was due {shown_time(deadline)} and is {hours} overdue",
                "timeliness",
                None,
                "Draft now; memories and logs fade quickly.",
            )
        ]
    return [
        Finding(
            "completeness/draft-late",
            "warning",
            f"drafted {hours} after the {incident.severity} deadline ({shown_time(deadline)})",
            "timeliness",
            None,
            "Start the draft within the severity's deadline next time.",
        )
    ]

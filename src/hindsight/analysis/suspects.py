"""Change suspects: which recent changes could have started the anomaly, ranked, with evidence.

"What changed?" is the first question of every investigation. This module lists the deploys,
config changes, feature-flag flips, scheduled jobs and infrastructure changes that precede the
anomaly's onset and ranks them on three signals:

- time: how shortly before the onset the change landed (a change 2 minutes before outranks one
  6 hours before);
- place: whether it touched a service that is alerting (or a service named in the incident);
- rollback: whether the change was rolled back and the anomaly ended soon after (strong), or was
  rolled back and the anomaly carried on (evidence against).

The result is a list of hypotheses for humans to test, never a verdict. When no change precedes
the onset closely enough to matter, the report says so and names nobody; it then lists what the
telemetry at the onset points to instead (an expired certificate, a full disk, a failing
dependency). Pure functions over an Incident; no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hindsight.analysis.k8s_signals import Signal, find_signals
from hindsight.domain.model import EventKind, Incident, TimelineEvent
from hindsight.timeutil import format_duration

LOOKBACK = timedelta(hours=24)
OPENED_SLACK = timedelta(minutes=2)  # a start this close to the incident's creation was not given
CLOCK_SKEW = timedelta(seconds=60)  # a change this close after the onset still counts
RECOVERY_WINDOW = timedelta(minutes=30)  # rollback → anomaly ends within this: it helped
GROUP_WINDOW = timedelta(minutes=15)  # events of one change (PR merged, deployed, pods scaled)
TIME_SCALE_MIN = 15.0  # the time score halves 15 minutes before the onset
MIN_SCORE = 0.2  # below this (0-1 scale) a change is discounted, not named

W_TIME, W_PLACE, W_ROLLBACK = 0.45, 0.35, 0.6  # the score is their weighted sum over 1.4
CHANGE_KINDS = ("deploy", "config_change", "feature_flag", "scheduled_job", "infrastructure")

_FLAG = re.compile(
    r"\b(feature[- ]?flag|flag|toggle|launchdarkly|unleash|flagsmith|split\.io|rollout percentage)\b",
    re.I,
)
_FLAG_NAME = re.compile(r"\bflag\s+[`'\"]?([\w.:-]+)", re.I)
_JOB = re.compile(
    r"\b(cron(job)?|scheduled (job|task)|batch job|nightly|backfill|reindex(ing)?|"
    r"created job|job .* (started|created)|vacuum|compaction job)\b",
    re.I,
)
_INFRA = re.compile(
    r"\b(terraform (apply|destroy)|helm (upgrade|install)|kubectl (apply|scale|rollout)|"
    r"node ?pool|cordon(ed)?|drain(ed)?|maintenance|failover|failed over|upgrad(e|ed|ing)|"
    r"scaled (up|down)|scalingreplicaset|autoscal\w*|resiz(e|ed)|migrat(e|ed|ion)|"
    r"rotat(e|ed|ion)|renew(ed|al)|dns (record|change)|load balancer|firewall|security group|"
    r"kernel|patch(ed)?|reboot(ed)?|network policy|iam (policy|role)|quota (change|raised|lowered))\b",
    re.I,
)
_ROLLBACK = re.compile(
    r"\b(roll(ed|ing)?[ -]?back|revert(ed|ing)?|undo|rolled back|downgrad(e|ed)|restored previous)\b",
    re.I,
)
_FLAG_OFF = re.compile(
    r"\b(disabled?|turned off|switched off|set to false|=false|killed)\b|\bvalue=false\b", re.I
)
_RESOLVED = re.compile(r"\b(resolved|recovered|back to normal|ok again)\b", re.I)
_ANOMALY_LEVELS = {
    "error",
    "err",
    "critical",
    "crit",
    "fatal",
    "alert",
    "emergency",
    "warning",
    "warn",
}

# What the telemetry at the onset says when no change is to blame.
HINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an expired or invalid TLS certificate", re.compile(r"certificate (has )?expired|x509|cert(ificate)? (is )?not valid|ssl.*expired", re.I)),
    ("a full disk or volume", re.compile(r"no space left|disk (usage|full)|volume .*full|inodes", re.I)),
    ("memory exhaustion (OOM)", re.compile(r"\boom(killed)?\b|out of memory|memory pressure", re.I)),
    ("exhausted connections or pool", re.compile(r"too many connections|connection pool|pool exhausted|max_connections", re.I)),
    ("a traffic surge or capacity limit", re.compile(r"traffic (spike|surge)|rate limit|throttl|saturat|queue (depth|backlog)|capacity", re.I)),
    ("an upstream dependency failing", re.compile(r"upstream|third[- ]party|provider|status page|dependency|503 from|timeout (calling|connecting)|connection refused", re.I)),
    ("DNS resolution failing", re.compile(r"\bdns\b|nxdomain|name resolution|could not resolve", re.I)),
    ("a hardware or host failure", re.compile(r"hardware|disk failure|nic |power (loss|failure)|host down|node not ?ready", re.I)),
    ("clock or time handling", re.compile(r"leap second|clock (skew|drift)|\bntp\b|daylight saving|timezone", re.I)),
)  # fmt: skip


@dataclass
class Suspect:
    """One change that preceded the onset, with the reasons it is (or is not) suspected."""

    kind: str  # deploy | config_change | feature_flag | scheduled_job | infrastructure
    summary: str
    at: datetime
    service: str | None
    score: float
    before_onset: timedelta
    reasons: list[str] = field(default_factory=list)
    evidence: list[TimelineEvent] = field(default_factory=list)
    rolled_back_at: datetime | None = None
    rollback_helped: bool | None = None  # True: the anomaly ended soon after the rollback
    place: float = 0.0  # 1 same service, 0.6 related, 0.3 unknown, 0 elsewhere
    ref: str | None = None  # version, sha, flag name … when known
    rank: int = 0

    @property
    def confidence(self) -> str:
        if self.rollback_helped:
            return "strong"
        return "plausible" if self.score >= 0.45 else "weak"


@dataclass
class Hypothesis:
    """One ranked hypothesis to test: a change suspect or an evidence signal, with its evidence.

    `source` is "change" or "signal"; `rule` the signal's rule or the change's kind; `evidence`
    the ids of the timeline events that support it. What drafting and both faces consume.
    """

    rank: int
    source: str
    rule: str
    title: str
    explanation: str
    score: float
    category: str | None = None
    evidence: list[int] = field(default_factory=list)


@dataclass
class SuspectReport:
    onset: datetime | None
    onset_basis: str
    services: list[str]
    window: timedelta
    suspects: list[Suspect] = field(default_factory=list)
    discounted: list[Suspect] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    message: str = ""
    signals: list[Signal] = field(default_factory=list)
    hypotheses: list[Hypothesis] = field(default_factory=list)

    @property
    def top(self) -> Suspect | None:
        return self.suspects[0] if self.suspects else None


def _text(event: TimelineEvent) -> str:
    detail = " ".join(
        f"{k}={v}" for k, v in event.detail.items() if isinstance(v, str | int | float)
    )
    return f"{event.text} {event.action or ''} {detail}"


def _is_anomaly(event: TimelineEvent) -> bool:
    if event.kind == EventKind.ALERT:
        status = str(event.detail.get("status", "firing")).lower()
        return status != "resolved" and not event.text.upper().startswith("[RESOLVED")
    if event.kind in (EventKind.LOG, EventKind.METRIC):
        return (event.level or "").lower() in _ANOMALY_LEVELS or bool(event.detail.get("anomaly"))
    return False


def change_kind(event: TimelineEvent) -> str | None:
    """What sort of change an event records, or None when it records no change of ours."""
    if _is_anomaly(event) or event.kind in (EventKind.ALERT, EventKind.MILESTONE, EventKind.CHAT):
        return None
    if event.detail.get("external") or event.detail.get("k8s_context"):
        return None
    text = _text(event)
    declared = str(event.detail.get("change", "")).lower()
    if declared in CHANGE_KINDS:
        return declared
    if event.kind == EventKind.DEPLOY:
        return "scheduled_job" if _JOB.search(text) else "deploy"
    if event.kind == EventKind.CONFIG_CHANGE:
        return "feature_flag" if _FLAG.search(text) or "flag" in event.detail else "config_change"
    if event.kind in (EventKind.NOTE, EventKind.LOG, EventKind.ACTION):
        if _JOB.search(text):
            return "scheduled_job"
        if _INFRA.search(text):
            return "infrastructure"
    return None


def start_was_given(incident: Incident) -> bool:
    """False when `started_at` is only when the incident was opened (no --started given)."""
    if incident.started_at is None:
        return False
    if incident.created_at is None:
        return True
    return abs(incident.started_at - incident.created_at) > OPENED_SLACK


def find_onset(incident: Incident) -> tuple[datetime | None, str]:
    """When the anomaly began, and why that time.

    With a start given: the first alert or error at most 30 min before it, else the start. With
    none (or only the time the incident was opened, which `incident new` defaults to): the first
    alert or error in the evidence — an incident opened after the fact must not take "now".
    """
    anomalies = sorted((e for e in incident.timeline if _is_anomaly(e)), key=lambda e: e.at)
    start = incident.started_at
    if start is not None and start_was_given(incident):
        early = [e for e in anomalies if start - timedelta(minutes=30) <= e.at < start]
        if early:
            return early[0].at, f"first anomaly signal: {early[0].text[:80]}"
        return start, "incident start"
    if anomalies:
        why = "no start time given" if start is None else "the start is only when it was opened"
        return anomalies[0].at, (f"first anomaly in the evidence ({why}): {anomalies[0].text[:80]}")
    if start is not None:
        return start, "incident start (when it was opened; no alert or error in the timeline)"
    return None, "no start time and no alert or error in the timeline"


def _anomaly_services(incident: Incident, onset: datetime) -> list[str]:
    seen: list[str] = [s for s in incident.services if s]
    for event in incident.timeline:
        near = onset <= event.at <= onset + timedelta(hours=1)
        if event.service and near and _is_anomaly(event) and event.service not in seen:
            seen.append(event.service)
    return seen


def _ref(event: TimelineEvent) -> str | None:
    for key in ("version", "sha", "commit", "revision", "flag", "image", "release", "tag", "ref"):
        value = event.detail.get(key)
        if value:
            return str(value)
    match = _FLAG_NAME.search(event.text)
    return match.group(1) if match else None


def _place_score(
    service: str | None, services: list[str], text: str = ""
) -> tuple[float, str | None]:
    """1 same service, 0.6 related name, 0.3 unknown, 0 elsewhere (with the reason)."""
    if not services:
        return 0.3, None
    if service is None:
        named = [
            s for s in services if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text, re.I)
        ]
        if named:
            return 1.0, f"names {named[0]}, which is affected"
        for known in services:
            near = re.search(rf"(?<![\w-]){re.escape(known)}-[\w-]+", text, re.I)
            if near:
                return 0.6, f"names {near.group(0)}, related to the affected {known}"
        return 0.3, "no service recorded for this change"
    low = service.lower()
    if any(low == s.lower() for s in services):
        return 1.0, f"touched {service}, which is affected"
    if any(low in s.lower() or s.lower() in low for s in services):
        return 0.6, f"touched {service}, related to the affected {', '.join(services)}"
    return 0.0, f"touched {service}; the anomaly is in {', '.join(services)}"


def _anomaly_end(incident: Incident, onset: datetime) -> datetime | None:
    if incident.mitigated_at or incident.resolved_at:
        return incident.mitigated_at or incident.resolved_at
    resolved = [
        e.at
        for e in incident.timeline
        if e.kind == EventKind.ALERT
        and e.at > onset
        and (str(e.detail.get("status", "")).lower() == "resolved" or _RESOLVED.search(e.text))
    ]
    return max(resolved) if resolved else None


def _undo_candidates(
    events: list[TimelineEvent], onset: datetime
) -> list[tuple[TimelineEvent, str]]:
    """Events that could undo a change: they name what they revert, or speak of a rollback after
    the onset. Filtering once keeps ranking linear in the timeline's length."""
    out = []
    for event in events:
        if event.detail.get("rollback_of") is not None:
            out.append((event, ""))
            continue
        if event.at < onset or event.kind in (EventKind.ALERT, EventKind.LOG, EventKind.METRIC):
            continue
        text = _text(event)
        if _ROLLBACK.search(text) or _FLAG_OFF.search(text):
            out.append((event, text.lower()))
    return out


def _rollback_of(
    suspect: Suspect, candidates: list[tuple[TimelineEvent, str]]
) -> TimelineEvent | None:
    """The later event that undid this change: one that names it (`rollback_of`, its sha, version
    or flag), or — for deploys and config changes — a rollback of the same service and channel."""
    ids = {
        str(v)
        for e in suspect.evidence
        for k, v in e.detail.items()
        if k in ("id", "sha", "commit", "version", "revision", "flag") and v
    }
    if suspect.ref:
        ids.add(suspect.ref)
    lowered = {i.lower() for i in ids}
    channel = {
        "deploy": (EventKind.DEPLOY, EventKind.ACTION),
        "config_change": (EventKind.CONFIG_CHANGE, EventKind.ACTION),
    }.get(suspect.kind, ())
    for event, text in candidates:
        if event.at <= suspect.at or any(event is e for e in suspect.evidence):
            continue
        undo = event.detail.get("rollback_of")
        if undo is not None:
            if str(undo) in ids:
                return event
            continue
        names_it = any(i in text for i in lowered)
        is_rollback = _ROLLBACK.search(text) is not None
        if names_it and (
            is_rollback or (suspect.kind == "feature_flag" and _FLAG_OFF.search(text))
        ):
            return event
        same_service = suspect.service is not None and (
            event.service == suspect.service or suspect.service.lower() in text
        )
        if same_service and event.kind in channel and is_rollback and not _FLAG.search(text):
            return event
    return None


def _group(changes: list[tuple[str, TimelineEvent]]) -> list[Suspect]:
    """Fold the several events of one change (merged, deployed, scaled) into one suspect.

    `changes` is in time order; only suspects touched within GROUP_WINDOW can still grow.
    """
    suspects: list[Suspect] = []
    active: list[Suspect] = []
    for kind, event in changes:
        ref = _ref(event)
        active = [s for s in active if event.at - s.evidence[-1].at <= GROUP_WINDOW]
        for s in active:
            follow_up = s.kind == "deploy" and kind == "infrastructure"  # pods scaled by a rollout
            if (
                (s.kind == kind or follow_up)
                and s.service == event.service
                and (s.ref == ref or ref is None or s.ref is None)
            ):
                s.evidence.append(event)
                s.ref = s.ref or ref
                break
        else:
            suspect = Suspect(kind, event.text, event.at, event.service, 0.0, timedelta(0),
                              evidence=[event], ref=ref)  # fmt: skip
            suspects.append(suspect)
            active.append(suspect)
    return suspects


def rank_suspects(incident: Incident, *, lookback: timedelta = LOOKBACK) -> SuspectReport:
    """Rank the changes before the anomaly's onset; see the module docstring for the signals."""
    onset, basis = find_onset(incident)
    signals = find_signals(incident)
    if onset is None:
        report = SuspectReport(None, basis, list(incident.services), lookback,
                               message="Cannot rank changes: the incident has no start time and no alert or error event.",
                               signals=signals)  # fmt: skip
        report.hypotheses = rank_hypotheses(report)
        return report
    services = _anomaly_services(incident, onset)
    events = sorted(incident.timeline, key=lambda e: e.at)
    changes = [
        (kind, e)
        for e in events
        if onset - lookback <= e.at <= onset + CLOCK_SKEW and (kind := change_kind(e)) is not None
    ]
    end = _anomaly_end(incident, onset)
    report = SuspectReport(onset, basis, services, lookback)
    candidates = _undo_candidates(events, onset)
    for suspect in _group(changes):
        _score(suspect, onset, services, end, candidates)
        (report.suspects if _credible(suspect) else report.discounted).append(suspect)
    report.suspects.sort(key=lambda s: (-s.score, -s.at.timestamp()))
    report.discounted.sort(key=lambda s: (-s.score, -s.at.timestamp()))
    for rank, suspect in enumerate(report.suspects, 1):
        suspect.rank = rank
    report.hints = _hints(incident, onset)
    report.signals = signals
    report.hypotheses = rank_hypotheses(report)
    where = ", ".join(services) or "the affected services"
    if report.suspects:
        report.message = (
            f"{len(report.suspects)} change(s) precede the onset at {onset:%Y-%m-%d %H:%M}Z; "
            "these are hypotheses to test, not a verdict."
        )
    elif changes:
        report.message = (
            f"No change of ours plausibly explains the onset at {onset:%Y-%m-%d %H:%M}Z: the "
            f"{len(report.discounted)} change(s) in the previous {format_duration(lookback)} were "
            f"too early or elsewhere than {where}. Look beyond our changes."
        )
    else:
        report.message = (
            f"No deploy, config change, flag flip, scheduled job or infrastructure change in the "
            f"{format_duration(lookback)} before the onset at {onset:%Y-%m-%d %H:%M}Z. "
            "Look beyond our changes."
        )
    if signals:
        report.message += (
            f" The evidence holds {len(signals)} signal(s); all are hypotheses to test, "
            "not a verdict."
        )
    return report


def hypotheses_for(incident: Incident, *, lookback: timedelta = LOOKBACK) -> list[Hypothesis]:
    """The ranked hypotheses to test for `incident` (changes and evidence signals, with the ids
    of their evidence events): what a draft or a report names as possible causes."""
    return rank_suspects(incident, lookback=lookback).hypotheses


def rank_hypotheses(report: SuspectReport, limit: int = 10) -> list[Hypothesis]:
    """Change suspects and evidence signals in one ranking, strongest first.

    A change rolled back with effect ("strong") leads; otherwise scores compare as they are
    (both 0–1): a signal stating its cause outright (OOMKilled at the limit, 0.95) outranks a
    deploy that merely preceded the onset, a deploy in the same service minutes before a vague
    symptom outranks a context-only signal (an alert restated, 0.3).
    """
    pool: list[Hypothesis] = []
    for s in report.suspects:
        boost = 0.5 if s.confidence == "strong" else 0.0
        pool.append(Hypothesis(0, "change", s.kind, f"{s.kind.replace('_', ' ')}: {s.summary}",
                               "; ".join(s.reasons), min(s.score + boost, 1.0),
                               _CHANGE_CATEGORY.get(s.kind),
                               [e.id for e in s.evidence if e.id is not None]))  # fmt: skip
    for signal in report.signals:
        pool.append(Hypothesis(0, "signal", signal.rule, signal.title, signal.explanation,
                               signal.score, signal.category, list(signal.evidence)))  # fmt: skip
    pool.sort(key=lambda h: -h.score)
    for rank, hypothesis in enumerate(pool[:limit], 1):
        hypothesis.rank = rank
    return pool[:limit]


_CHANGE_CATEGORY = {
    "deploy": "deployment",
    "config_change": "configuration",
    "feature_flag": "configuration",
    "infrastructure": "infrastructure",
    "scheduled_job": "capacity",
}


def _score(
    suspect: Suspect,
    onset: datetime,
    services: list[str],
    end: datetime | None,
    candidates: list[tuple[TimelineEvent, str]],
) -> None:
    gap = onset - suspect.at
    suspect.before_onset = gap
    minutes = max(gap.total_seconds() / 60.0, 0.0)
    time_score = 1.0 / (1.0 + minutes / TIME_SCALE_MIN)
    if gap >= timedelta(0):
        suspect.reasons.append(f"landed {format_duration(gap)} before the onset")
    else:
        suspect.reasons.append(
            f"landed {format_duration(-gap)} after the onset (within clock skew)"
        )
    place, why = _place_score(suspect.service, services, " ".join(e.text for e in suspect.evidence))
    suspect.place = place
    if why:
        suspect.reasons.append(why)
    rollback = 0.0
    undo = _rollback_of(suspect, candidates)
    if undo is not None:
        suspect.rolled_back_at = undo.at
        suspect.evidence.append(undo)
        if end is not None and undo.at <= end <= undo.at + RECOVERY_WINDOW:
            rollback, suspect.rollback_helped = 1.0, True
            suspect.reasons.append(
                f"rolled back at {undo.at:%H:%M}Z and the anomaly ended {format_duration(end - undo.at)} later"
            )
        elif end is not None and end > undo.at + RECOVERY_WINDOW:
            rollback, suspect.rollback_helped = -0.5, False
            suspect.reasons.append(
                f"rolled back at {undo.at:%H:%M}Z but the anomaly went on for "
                f"{format_duration(end - undo.at)} (evidence against)"
            )
        elif end is not None and end < undo.at:
            suspect.reasons.append("rolled back after the anomaly had already ended")
        else:
            rollback = 0.3
            suspect.reasons.append(f"rolled back at {undo.at:%H:%M}Z (end of anomaly unknown)")
    raw = W_TIME * time_score + W_PLACE * place + W_ROLLBACK * rollback
    suspect.score = round(min(max(raw, 0.0), 1.4) / 1.4, 3)


def _credible(suspect: Suspect) -> bool:
    """Worth naming: strong enough overall, and near in time, in place, or undone with effect."""
    gap = suspect.before_onset
    near = suspect.place > 0 and gap <= timedelta(hours=2)
    same_place = suspect.place >= 0.6 and gap <= timedelta(hours=6)
    return suspect.score >= MIN_SCORE and (near or same_place or bool(suspect.rollback_helped))


def _hints(incident: Incident, onset: datetime) -> list[str]:
    """What the alerts and errors around the onset point to, for when no change is to blame."""
    texts = [
        _text(e)
        for e in incident.timeline
        if _is_anomaly(e) and onset - timedelta(minutes=30) <= e.at <= onset + timedelta(hours=2)
    ]
    texts.append(f"{incident.title} {incident.summary}")
    found = []
    for label, pattern in HINTS:
        hits = sum(1 for t in texts if pattern.search(t))
        if hits:
            found.append((hits, label))
    return [
        f"{label} ({hits} signal(s) near the onset)"
        for hits, label in sorted(found, key=lambda x: -x[0])
    ]


def report_as_dict(report: SuspectReport) -> dict[str, Any]:
    """A JSON-ready view of the report (minutes before onset, evidence as id/time/text)."""

    def one(s: Suspect) -> dict[str, Any]:
        return {
            "rank": s.rank,
            "kind": s.kind,
            "summary": s.summary,
            "at": s.at.isoformat(),
            "service": s.service,
            "score": s.score,
            "confidence": s.confidence,
            "minutes_before_onset": round(s.before_onset.total_seconds() / 60, 1),
            "reasons": list(s.reasons),
            "rolled_back_at": s.rolled_back_at.isoformat() if s.rolled_back_at else None,
            "evidence": [{"id": e.id, "at": e.at.isoformat(), "text": e.text} for e in s.evidence],
        }

    return {
        "onset": report.onset.isoformat() if report.onset else None,
        "onset_basis": report.onset_basis,
        "services": list(report.services),
        "window_hours": report.window.total_seconds() / 3600,
        "message": report.message,
        "suspects": [one(s) for s in report.suspects],
        "discounted": [one(s) for s in report.discounted],
        "hints": list(report.hints),
        "hypotheses": [
            {
                "rank": h.rank,
                "source": h.source,
                "rule": h.rule,
                "title": h.title,
                "explanation": h.explanation,
                "score": round(h.score, 3),
                "category": h.category,
                "evidence": list(h.evidence),
            }
            for h in report.hypotheses
        ],
        "note": "hypotheses to test, not a verdict",
    }

"""The draft written from stored facts alone, by plain rules: no model, same input → same text.

Each section is a list of sentences that cite the events and fields they rest on (see `claims`).
Times are UTC; durations are written out in words ("2 hours 28 minutes") so a reader — or a test —
can read them back with `timeutil.parse_duration`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from hindsight.analysis import suspects as suspect_rules
from hindsight.analysis.suspects import SuspectReport, rank_suspects
from hindsight.domain.model import EventKind, Incident, Milestone, TimelineEvent
from hindsight.draft.claims import Section, Sentence, Status, ordered_events

MAX_TIMELINE = 15
MAX_METRICS = 4
MAX_SUSPECTS = 3
DETECT_FAST, DETECT_SLOW = timedelta(minutes=10), timedelta(minutes=15)
ACK_FAST, ACK_SLOW = timedelta(minutes=5), timedelta(minutes=15)
MITIGATE_FAST, MITIGATE_SLOW = timedelta(minutes=30), timedelta(minutes=60)

# Kinds a narrative timeline tells, most telling first, when nobody has marked key events.
_NARRATIVE_ORDER = (
    EventKind.MILESTONE, EventKind.ALERT, EventKind.DEPLOY, EventKind.CONFIG_CHANGE,
    EventKind.ACTION, EventKind.NOTE, EventKind.CHAT,
)  # fmt: skip


def long_duration(delta: timedelta) -> str:
    """'2 hours 28 minutes', '4 days 1 hour', '45 seconds' — readable back by parse_duration."""
    seconds = max(int(delta.total_seconds()), 0)
    days, rem = divmod(seconds, 86400)
    hours, rem = divmod(rem, 3600)
    minutes, secs = divmod(rem, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    if not days and not hours and not minutes:
        parts = [(secs, "second")]
    words = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n]
    return " ".join(words) or "0 minutes"


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _clock(moment: datetime, start: datetime | None) -> str:
    """'10:52 UTC' on the start day, else the full stamp."""
    if start is not None and moment.date() == start.date():
        return moment.strftime("%H:%M UTC")
    return stamp(moment)


def _quote(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split()).rstrip(".")
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _milestone_event(incident: Incident, milestone: Milestone) -> list[str]:
    return [ref for ref, e in ordered_events(incident) if e.milestone == milestone][:1]


# --- summary ---------------------------------------------------------------------------------------


def summary(incident: Incident) -> Section:
    """What, when, how long, who was affected, how it ended."""
    out = Section("summary")
    what = f"“{_quote(incident.title)}” was a {incident.severity} incident"
    refs = ["field:title", "field:severity"]
    if incident.services:
        what += " affecting " + ", ".join(incident.services)
        refs.append("field:services")
    out.sentences.append(Sentence(what + ".", refs, Status.VERIFIED))
    out.sentences.append(_when(incident))
    out.sentences.append(_impact_line(incident))
    ending = _ending(incident)
    if ending is not None:
        out.sentences.append(ending)
    return out


def _when(incident: Incident) -> Sentence:
    start, end = incident.started_at, incident.resolved_at
    refs = ["field:started_at", *_milestone_event(incident, Milestone.STARTED)]
    if start is None:
        text = "Its start time is not recorded"
        if end is not None:
            text += f"; it was resolved at {stamp(end)}"
            refs += ["field:resolved_at"]
        return Sentence(text + ".", refs, Status.VERIFIED)
    text = f"It started at {stamp(start)}"
    if end is not None:
        refs += ["field:resolved_at", *_milestone_event(incident, Milestone.RESOLVED)]
        text += f" and was resolved at {_clock(end, start)}, after {long_duration(end - start)}"
    elif incident.mitigated_at is not None:
        refs += ["field:mitigated_at", "field:resolved_at"]
        text += (
            f" and was mitigated at {_clock(incident.mitigated_at, start)}, after "
            f"{long_duration(incident.mitigated_at - start)}; no resolution time is recorded"
        )
    else:
        refs += ["field:resolved_at"]
        text += "; no end time is recorded, so its duration is unknown"
    return Sentence(text + ".", refs, Status.VERIFIED)


def _impact_line(incident: Incident) -> Sentence:
    impact = incident.impact
    parts: list[str] = []
    refs: list[str] = []
    if impact.users_affected is not None:
        share = f" ({impact.users_affected_pct:g}% of users)" if impact.users_affected_pct else ""
        parts.append(f"{impact.users_affected:,} users were affected{share}")
        refs.append("field:impact.users_affected")
        if impact.users_affected_pct:
            refs.append("field:impact.users_affected_pct")
    elif impact.users_affected_pct is not None:
        parts.append(f"{impact.users_affected_pct:g}% of users were affected")
        refs.append("field:impact.users_affected_pct")
    if impact.downtime_minutes is not None:
        parts.append(f"downtime was {long_duration(timedelta(minutes=impact.downtime_minutes))}")
        refs.append("field:impact.downtime_minutes")
    if impact.money_lost is not None:
        parts.append(f"the estimated cost was {impact.money_lost:,.0f} {impact.currency}")
        refs.append("field:impact.money_lost")
    if not parts:
        return Sentence(
            "No impact figures are recorded (users affected, downtime, money lost).",
            ["field:impact"],
            Status.VERIFIED,
        )
    text = "; ".join(parts)
    return Sentence(text[0].upper() + text[1:] + ".", refs, Status.VERIFIED)


_REMEDIES = (
    EventKind.ACTION,
    EventKind.DEPLOY,
    EventKind.CONFIG_CHANGE,
    EventKind.NOTE,
    EventKind.CHAT,
)


def _ending(incident: Incident) -> Sentence | None:
    """The event that ended it: the last remedy (an action, deploy, config change, note or chat
    line) after the start and at or before the resolution (else mitigation) time; else the last
    such event of any kind but a log line; else the resolved or mitigated milestone event."""
    events = ordered_events(incident)
    end = incident.resolved_at or incident.mitigated_at
    start = incident.started_at
    if end is not None:
        during = [
            (r, e)
            for r, e in events
            if e.at <= end and (start is None or e.at > start) and e.kind is not EventKind.LOG
            and e.milestone is None
        ]  # fmt: skip
        remedies = [(r, e) for r, e in during if e.kind in _REMEDIES]
        chosen = remedies or during
        if chosen:
            ref, event = chosen[-1]
            return _ended_with(event, ref, start)
    for milestone in (Milestone.RESOLVED, Milestone.MITIGATED):
        for ref, event in events:
            if event.milestone == milestone:
                return _ended_with(event, ref, start)
    return None


def _ended_with(event: TimelineEvent, ref: str, start: datetime | None) -> Sentence:
    return Sentence(
        f"It ended with: {_quote(event.text)} ({_clock(event.at, start)}).", [ref], Status.VERIFIED
    )


# --- impact ----------------------------------------------------------------------------------------


def impact(incident: Incident) -> Section:
    """Impact in numbers: every impact field, then the metric events (key ones first)."""
    out = Section("impact")
    figures = incident.impact
    lines: list[tuple[object, str, str]] = [
        (figures.users_affected, "users_affected", "{v:,} users were affected."),
        (figures.users_affected_pct, "users_affected_pct", "{v:g}% of users were affected."),
        (figures.downtime_minutes, "downtime_minutes", "Downtime: {d}."),
        (figures.money_lost, "money_lost", "Estimated cost: {v:,.0f} " + figures.currency + "."),
        (figures.support_tickets, "support_tickets", "{v:,} support tickets were opened."),
        (figures.error_budget_consumed_pct, "error_budget_consumed_pct",
         "{v:g}% of the error budget" + (f" of {figures.slo}" if figures.slo else "") + " was consumed."),
    ]  # fmt: skip
    for value, name, template in lines:
        if value is None:
            continue
        duration = long_duration(timedelta(minutes=float(str(value)))) if "{d}" in template else ""
        text = template.format(v=value, d=duration)
        out.sentences.append(Sentence(text, [f"field:impact.{name}"], Status.VERIFIED))
    for flag, name, yes, no in (
        (figures.sla_breached, "sla_breached", "The SLA was breached.", "The SLA was not breached."),
        (figures.data_loss, "data_loss", "Data was lost.", "No data was lost."),
        (figures.customer_facing, "customer_facing", "Customers saw the failure.",
         "The failure was not visible to customers."),
    ):  # fmt: skip
        if flag is not None:
            out.sentences.append(
                Sentence(yes if flag else no, [f"field:impact.{name}"], Status.VERIFIED)
            )
    metrics = [(r, e) for r, e in ordered_events(incident) if e.kind is EventKind.METRIC]
    metrics.sort(key=lambda item: (not item[1].key, item[1].at))
    for ref, event in sorted(metrics[:MAX_METRICS], key=lambda item: item[1].at):
        out.sentences.append(
            Sentence(
                f"At {_clock(event.at, incident.started_at)}: {_quote(event.text)}.",
                [ref],
                Status.VERIFIED,
            )
        )
    if not out.sentences:
        out.sentences.append(
            Sentence(
                "No impact figures or metric events are recorded.",
                ["field:impact"],
                Status.VERIFIED,
            )
        )
    return out


# --- timeline --------------------------------------------------------------------------------------


def _narrative_events(incident: Incident) -> list[tuple[str, TimelineEvent]]:
    events = ordered_events(incident)
    chosen = [(r, e) for r, e in events if e.key and e.milestone is None]
    if not any(e.key for _, e in chosen):
        rank = {kind: i for i, kind in enumerate(_NARRATIVE_ORDER)}
        told = [(r, e) for r, e in events if e.kind in rank and e.milestone is None]
        told.sort(key=lambda item: rank[item[1].kind])
        chosen = (
            told[:MAX_TIMELINE]
            or sorted(
                events,
                key=lambda item: (item[1].level not in ("error", "critical"), -item[1].count),
            )[:5]
        )
    return sorted(chosen[:MAX_TIMELINE], key=lambda item: item[1].at)


def timeline(incident: Incident) -> Section:
    """A narrative from the key events (or, when none are marked, the alerts, changes, actions and
    notes) with the milestones and the delays between them."""
    out = Section("timeline")
    start = incident.started_at
    told = _narrative_events(incident)
    entries: list[tuple[datetime, int, Sentence]] = []
    for ref, event in told:
        repeat = f" ({event.count:,} times)" if event.count > 1 else ""
        who = f"{event.actor}: " if event.actor and event.kind is EventKind.CHAT else ""
        text = f"At {_clock(event.at, start)}, {who}{_quote(event.text)}{repeat}."
        entries.append((event.at, 1, Sentence(text, [ref], Status.VERIFIED)))
    for sentence_at, sentence in _milestone_sentences(incident):
        entries.append((sentence_at, 0, sentence))
    entries.sort(key=lambda item: (item[0], item[1]))
    out.sentences = [s for _, _, s in entries]
    if not out.sentences:
        out.note = "the incident has no timeline events or milestones yet"
    return out


def _milestone_sentences(incident: Incident) -> list[tuple[datetime, Sentence]]:
    start = incident.started_at
    found = []
    words = {
        Milestone.STARTED: "It started",
        Milestone.DETECTED: "It was detected",
        Milestone.ACKNOWLEDGED: "It was acknowledged",
        Milestone.MITIGATED: "Impact was mitigated",
        Milestone.RESOLVED: "It was resolved",
    }
    for milestone, opening in words.items():
        moment = incident.milestone_time(milestone)
        if moment is None:
            continue
        refs = [f"field:{milestone.value}_at", *_milestone_event(incident, milestone)]
        text = f"{opening} at {_clock(moment, start)}"
        if start is not None and moment > start:
            text += f", {long_duration(moment - start)} after the start"
            refs.insert(0, "field:started_at")
        found.append((moment, Sentence(text + ".", refs, Status.VERIFIED)))
    return found


# --- causes ----------------------------------------------------------------------------------------


def causes(incident: Incident, report: SuspectReport | None = None) -> Section:
    """Contributing-factor candidates: ranked change suspects and what the telemetry near the onset
    points to (RCA hints). Hypotheses to test, so every sentence here is `inferred`."""
    out = Section("causes")
    report = report or rank_suspects(incident)
    refs_of = {id(e): r for r, e in ordered_events(incident)}
    for suspect in report.suspects[:MAX_SUSPECTS]:
        refs = [refs_of[id(e)] for e in suspect.evidence if id(e) in refs_of]
        if not refs:
            continue
        where = f" to {suspect.service}" if suspect.service else ""
        reasons = "; ".join(suspect.reasons)
        text = (
            f"Candidate contributing factor ({suspect.confidence}): the {suspect.kind.replace('_', ' ')}"
            f"{where} “{_quote(suspect.summary, 120)}” ({reasons})."
        )
        out.sentences.append(Sentence(text, refs, Status.INFERRED, note="change suspect"))
    for hint in report.hints:
        refs = _hint_refs(incident, hint, report.onset)
        if refs:
            out.sentences.append(
                Sentence(
                    f"The telemetry near the onset points to {hint}.",
                    refs,
                    Status.INFERRED,
                    note="RCA hint",
                )
            )
    if not out.sentences and report.onset is not None and not report.suspects:
        out.sentences.append(
            Sentence(
                report.message,
                ["field:started_at"] if incident.started_at else _anomaly_refs(incident),
                Status.INFERRED,
                note="no change precedes the onset",
            )
        )
    if not out.sentences:
        out.note = report.message or "no change suspects or telemetry hints"
    return out


def _hint_refs(incident: Incident, hint: str, onset: datetime | None) -> list[str]:
    """The events a hint rests on: those its pattern matches near the onset (else the title)."""
    hints = getattr(suspect_rules, "HINTS", ())  # consumed, not owned: may grow new hint kinds
    pattern = next((p for label, p in hints if hint.startswith(label)), None)
    window: Callable[[TimelineEvent], bool] = (
        (lambda e: onset - timedelta(minutes=30) <= e.at <= onset + timedelta(hours=2))
        if onset is not None
        else (lambda e: True)
    )
    refs = []
    if pattern is not None:
        refs = [r for r, e in ordered_events(incident) if window(e) and pattern.search(e.text)]
        if not refs and pattern.search(incident.title):
            refs = ["field:title"]
    return refs[:5] or _anomaly_refs(incident)[:3]


def _anomaly_refs(incident: Incident) -> list[str]:
    return [
        r
        for r, e in ordered_events(incident)
        if e.kind is EventKind.ALERT or (e.level or "").lower() in ("error", "critical", "fatal")
    ]


# --- went well / wrong -----------------------------------------------------------------------------


def _delay(incident: Incident, a: Milestone, b: Milestone) -> tuple[timedelta, list[str]] | None:
    first, second = incident.milestone_time(a), incident.milestone_time(b)
    if first is None or second is None or second < first:
        return None
    refs = [f"field:{a.value}_at", f"field:{b.value}_at"]
    refs += _milestone_event(incident, b)
    return second - first, refs


def went_well_and_wrong(
    incident: Incident, report: SuspectReport | None = None
) -> tuple[Section, Section]:
    """Detection, acknowledgement and mitigation delays judged against fixed bars (fast ≤ 10 min to
    detect, ≤ 5 to acknowledge, ≤ 30 to mitigate; slow beyond 15, 15 and 60), how it was detected,
    and whether a rollback ended it."""
    well, wrong = Section("went_well"), Section("went_wrong")
    checks = (
        (Milestone.STARTED, Milestone.DETECTED, DETECT_FAST, DETECT_SLOW,
         "It was detected {d} after it started.", "Detection took {d} after the start."),
        (Milestone.DETECTED, Milestone.ACKNOWLEDGED, ACK_FAST, ACK_SLOW,
         "It was acknowledged {d} after detection.", "Acknowledgement took {d} after detection."),
    )  # fmt: skip
    for a, b, fast, slow, good, bad in checks:
        found = _delay(incident, a, b)
        if found is None:
            continue
        delay, refs = found
        if delay <= fast:
            well.sentences.append(
                Sentence(good.format(d=long_duration(delay)), refs, Status.VERIFIED)
            )
        elif delay > slow:
            wrong.sentences.append(
                Sentence(bad.format(d=long_duration(delay)), refs, Status.VERIFIED)
            )
    end = Milestone.MITIGATED if incident.mitigated_at else Milestone.RESOLVED
    found = _delay(incident, Milestone.DETECTED, end)
    if found is not None:
        delay, refs = found
        verb = "mitigated" if end is Milestone.MITIGATED else "resolved"
        if delay <= MITIGATE_FAST:
            well.sentences.append(Sentence(f"It was {verb} {long_duration(delay)} after detection.", refs, Status.VERIFIED))  # fmt: skip
        elif delay > MITIGATE_SLOW:
            wrong.sentences.append(Sentence(f"It took {long_duration(delay)} from detection until it was {verb}.", refs, Status.VERIFIED))  # fmt: skip
    _detection_source(incident, well, wrong)
    report = report or rank_suspects(incident)
    refs_of = {id(e): r for r, e in ordered_events(incident)}
    for suspect in report.suspects:
        if suspect.rollback_helped and suspect.rolled_back_at is not None:
            refs = [refs_of[id(e)] for e in suspect.evidence if id(e) in refs_of]
            well.sentences.append(
                Sentence(
                    f"Rolling back “{_quote(suspect.summary, 100)}” at "
                    f"{_clock(suspect.rolled_back_at, incident.started_at)} ended the anomaly.",
                    refs,
                    Status.INFERRED,
                    note="rollback followed by recovery",
                )
            )
    judged = incident.detected_at is not None
    for section in (well, wrong):
        if not section.sentences:
            section.note = (
                "nothing in the detection and mitigation delays to note"
                if judged
                else "no detection time to judge delays by (set detected_at, mitigated_at)"
            )
    return well, wrong


def _detection_source(incident: Incident, well: Section, wrong: Section) -> None:
    detected = incident.detected_at
    if detected is None:
        return
    margin = timedelta(minutes=2)
    lower = incident.started_at - margin if incident.started_at else detected - timedelta(hours=1)
    near = [(r, e) for r, e in ordered_events(incident) if lower <= e.at <= detected + margin]
    alerts = [(r, e) for r, e in near if e.kind is EventKind.ALERT]
    if alerts:
        ref, event = alerts[0]
        well.sentences.append(
            Sentence(
                f"An automated alert detected it: {_quote(event.text, 120)}.",
                [ref, "field:detected_at"],
                Status.VERIFIED,
            )
        )
        return
    chats = [(r, e) for r, e in near if e.kind is EventKind.CHAT]
    if chats and not any(e.kind is EventKind.ALERT for _, e in ordered_events(incident)):
        ref, event = chats[0]
        wrong.sentences.append(
            Sentence(
                f"No alert fired before detection; it was first raised in chat: {_quote(event.text, 120)}.",
                [ref, "field:detected_at"],
                Status.INFERRED,
                note="no alert event before detection",
            )
        )


# --- all of it -------------------------------------------------------------------------------------


def draft_sections(incident: Incident, names: tuple[str, ...]) -> list[Section]:
    """The named sections (see claims.SECTIONS), in that order."""
    report = rank_suspects(incident) if {"causes", "went_well", "went_wrong"} & set(names) else None
    built: dict[str, Section] = {}
    if "went_well" in names or "went_wrong" in names:
        built["went_well"], built["went_wrong"] = went_well_and_wrong(incident, report)
    makers: dict[str, Callable[[], Section]] = {
        "summary": lambda: summary(incident),
        "impact": lambda: impact(incident),
        "timeline": lambda: timeline(incident),
        "causes": lambda: causes(incident, report),
    }
    return [built[name] if name in built else makers[name]() for name in names]

"""Corrective-action lifecycle: the rules an action follows from "planned" to "verified".

planned → in_progress → blocked (reason required) → done → verified, or won't do (reason
required) from any open state. Done is not the end: verifying needs evidence that the fix works
(a link, a test, an alert that fired in a drill) and a verifier who is not the owner. A
postmortem closes only when every action is verified or won't-do (`close_blockers`).

Every function here works on plain objects and never does I/O; times are aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from hindsight.domain.model import (
    CLOSED_ACTION_STATUSES,
    OPEN_ACTION_STATUSES,
    ActionItem,
    ActionKind,
    ActionStatus,
    Horizon,
    Incident,
    Level,
    PreventionLevel,
    StatusChange,
    now_utc,
    utc,
)
from hindsight.errors import GateFailed, InvalidInput, Problems

S = ActionStatus

# Which status may follow which. Reopening (done/verified → in_progress, won't do → planned)
# is allowed but needs a reason, like every move backwards.
ALLOWED: dict[ActionStatus, frozenset[ActionStatus]] = {
    S.PLANNED: frozenset({S.IN_PROGRESS, S.BLOCKED, S.DONE, S.WONT_DO}),
    S.IN_PROGRESS: frozenset({S.PLANNED, S.BLOCKED, S.DONE, S.WONT_DO}),
    S.BLOCKED: frozenset({S.PLANNED, S.IN_PROGRESS, S.DONE, S.WONT_DO}),
    S.DONE: frozenset({S.VERIFIED, S.IN_PROGRESS, S.WONT_DO}),
    S.VERIFIED: frozenset({S.IN_PROGRESS}),
    S.WONT_DO: frozenset({S.PLANNED, S.IN_PROGRESS}),
}
REASON_REQUIRED = frozenset({S.BLOCKED, S.WONT_DO})
REOPENING = frozenset({(S.DONE, S.IN_PROGRESS), (S.VERIFIED, S.IN_PROGRESS)}) | {
    (S.WONT_DO, target) for target in (S.PLANNED, S.IN_PROGRESS)
}

WEAK_CONTROLS = frozenset({PreventionLevel.ADMINISTRATIVE, PreventionLevel.TRAINING})

HORIZON_DAYS = {Horizon.IMMEDIATE: 7, Horizon.SHORT_TERM: 42, Horizon.LONG_TERM: 180}
"""The latest sensible due date per horizon: immediate = days, short term = weeks, long term = months."""


def _enum(kind: type, value: object, name: str) -> object:
    """`value` as a member of the StrEnum `kind`, or InvalidInput listing the accepted values."""
    if value is None or isinstance(value, kind):
        return value
    text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {"engineering": "engineering_control", "administrative": "administrative_control",
               "wontdo": "wont_do", "won't_do": "wont_do", "inprogress": "in_progress",
               "short": "short_term", "long": "long_term", "med": "medium"}  # fmt: skip
    text = aliases.get(text, text)
    try:
        return kind(text)
    except ValueError:
        valid = ", ".join(m.value for m in kind)  # type: ignore[attr-defined]
        raise InvalidInput(
            f"{name}: {value!r} is not valid; expected one of {valid}", field=name
        ) from None


def parse_status(value: str | ActionStatus) -> ActionStatus:
    return _enum(ActionStatus, value, "status")  # type: ignore[return-value]


def parse_kind(value: str | ActionKind) -> ActionKind:
    return _enum(ActionKind, value, "kind")  # type: ignore[return-value]


def parse_horizon(value: str | Horizon) -> Horizon:
    return _enum(Horizon, value, "horizon")  # type: ignore[return-value]


def parse_prevention(value: str | PreventionLevel | None) -> PreventionLevel | None:
    return _enum(PreventionLevel, value, "prevention_level")  # type: ignore[return-value]


def parse_level(value: str | Level | None, name: str) -> Level | None:
    return _enum(Level, value, name)  # type: ignore[return-value]


def _clean(text: str | None) -> str | None:
    return text.strip() if text and text.strip() else None


def add_action(
    incident: Incident,
    title: str,
    *,
    by: str,
    owner: str | None = None,
    due: date | None = None,
    kind: ActionKind | str = ActionKind.PREVENT,
    horizon: Horizon | str = Horizon.SHORT_TERM,
    verification: str | None = None,
    prevention_level: PreventionLevel | str | None = None,
    impact: Level | str | None = None,
    effort: Level | str | None = None,
    ticket_url: str | None = None,
    at: datetime | None = None,
) -> ActionItem:
    """Append a new planned action (A1, A2 …) to `incident` and return it.

    Every field is checked before anything changes: the InvalidInput raised names each mistake.
    """
    title = (title or "").strip()
    problems = Problems()
    if not title:
        with problems.check():
            raise InvalidInput(
                "title: an action needs a title saying what will change", field="title"
            )
    parsed: dict[str, Any] = {}
    for name, parse in (
        ("kind", lambda: parse_kind(kind)),
        ("horizon", lambda: parse_horizon(horizon)),
        ("prevention_level", lambda: parse_prevention(prevention_level)),
        ("impact", lambda: parse_level(impact, "impact")),
        ("effort", lambda: parse_level(effort, "effort")),
    ):
        with problems.check():
            parsed[name] = parse()
    problems.raise_any()
    moment = utc(at) or now_utc()
    item = ActionItem(
        number=incident.next_action_number(),
        title=title,
        due=due,
        verification=_clean(verification),
        ticket_url=_clean(ticket_url),
        created_at=moment,
        history=[StatusChange(at=moment, status=S.PLANNED, by=by)],
        **parsed,
    )
    assign(item, owner, at=moment)
    incident.actions.append(item)
    return item


def assign(item: ActionItem, owner: str | None, *, at: datetime | None = None) -> None:
    """Set the owner; `assigned_at` records the first time anyone owned the action."""
    owner = _clean(owner)
    if owner is None:
        return
    item.owner = owner
    if item.assigned_at is None:
        item.assigned_at = utc(at) or now_utc()


def transition(
    item: ActionItem,
    status: ActionStatus | str,
    *,
    by: str,
    reason: str | None = None,
    evidence: str | None = None,
    verifier: str | None = None,
    at: datetime | None = None,
) -> ActionItem:
    """Move `item` to `status` if the lifecycle allows it, recording who, when and why.

    Raises InvalidInput for missing input (a reason, evidence, a verifier) and GateFailed when a
    rule refuses the move (verifying an action that is not done, verifier = owner …).
    """
    target = parse_status(status)
    current = item.status
    reason, evidence, verifier = _clean(reason), _clean(evidence), _clean(verifier)
    if target == current and target != S.BLOCKED:
        raise InvalidInput(f"{item.ref} is already {current.value}", field="status")
    if target != current and target not in ALLOWED[current]:
        allowed = ", ".join(sorted(s.value for s in ALLOWED[current]))
        hint = "; only a done action can be verified" if target == S.VERIFIED else ""
        raise GateFailed(
            f"{item.ref} cannot go from {current.value} to {target.value}{hint} "
            f"(from {current.value}: {allowed})"
        )
    if target in REASON_REQUIRED and not reason:
        what = "blocking" if target == S.BLOCKED else "won't do"
        raise InvalidInput(
            f"{item.ref}: a reason is required for {what} (say what blocks it or why it is dropped)",
            field="reason",
        )
    if (current, target) in REOPENING and not reason:
        raise InvalidInput(
            f"{item.ref}: reopening a {current.value} action needs a reason", field="reason"
        )
    moment = utc(at) or now_utc()
    if target == S.VERIFIED:
        if not evidence:
            raise InvalidInput(
                f"{item.ref}: verification needs evidence that the fix works "
                "(a link, a test, an alert that fired in a drill)",
                field="evidence",
            )
        if not verifier:
            raise InvalidInput(f"{item.ref}: verification needs a verifier", field="verifier")
        if item.owner and verifier.casefold() == item.owner.casefold():
            raise GateFailed(
                f"{item.ref}: the verifier must not be the owner ({item.owner}); "
                "ask someone else to check the fix"
            )
        item.evidence, item.verifier, item.verified_at = evidence, verifier, moment
    elif evidence:
        item.evidence = evidence
    if target == S.DONE:
        item.done_at = moment
    if target in (S.PLANNED, S.IN_PROGRESS) and current in (S.DONE, S.VERIFIED):
        item.done_at = item.verified_at = None
        item.verifier = None
    item.status = target
    item.status_reason = reason
    note = reason if target != S.VERIFIED else f"verified by {verifier}: {evidence}"
    item.history.append(StatusChange(at=moment, status=target, by=by, reason=note))
    return item


def close_blockers(incident: Incident) -> list[str]:
    """Why the postmortem cannot be closed yet: every action must be verified or won't-do."""
    blockers = []
    for item in incident.actions:
        if item.status in CLOSED_ACTION_STATUSES:
            continue
        if item.status == S.DONE:
            blockers.append(f"{item.ref} ({item.title}) is done but not verified")
        else:
            blockers.append(f"{item.ref} ({item.title}) is still {item.status.value}")
    return blockers


def control_warnings(incident: Incident) -> list[str]:
    """Warn when every preventive measure relies on people remembering (training, procedure)."""
    levels = [a.prevention_level for a in incident.actions if a.status != S.WONT_DO]
    rated = [lvl for lvl in levels if lvl is not None]
    if rated and all(lvl in WEAK_CONTROLS for lvl in rated):
        return [
            "every action is training or an administrative control; add at least one that "
            "eliminates, substitutes or engineers out the hazard"
        ]
    return []


def horizon_warning(item: ActionItem, incident: Incident) -> str | None:
    """A due date far past what the horizon promises (immediate = days, short = weeks …).

    The horizon counts from the incident's resolution, or from the day the action was agreed when
    that is later: an action written up a year after the incident is "immediate" for the days
    after it was agreed, not for a week that passed long ago."""
    known = [t for t in (incident.resolved_at or incident.created_at, item.created_at) if t]
    anchor = max(known) if known else None
    if item.due is None or anchor is None:
        return None
    limit = anchor.date() + timedelta(days=HORIZON_DAYS[item.horizon])
    if item.due > limit:
        return (
            f"{item.ref} is {item.horizon.value} but due {item.due.isoformat()}, "
            f"after {limit.isoformat()}; change the horizon or the due date"
        )
    return None


PRIORITY_MATRIX: dict[tuple[Level, Level], str] = {
    (Level.HIGH, Level.LOW): "do now",
    (Level.HIGH, Level.MEDIUM): "do now",
    (Level.HIGH, Level.HIGH): "plan as project",
    (Level.MEDIUM, Level.LOW): "do now",
    (Level.MEDIUM, Level.MEDIUM): "plan as project",
    (Level.MEDIUM, Level.HIGH): "plan as project",
    (Level.LOW, Level.LOW): "spare capacity",
    (Level.LOW, Level.MEDIUM): "spare capacity",
    (Level.LOW, Level.HIGH): "skip",
}


def priority(item: ActionItem) -> str | None:
    """Impact × effort → "do now", "plan as project", "spare capacity" or "skip"; None if unrated."""
    if item.impact is None or item.effort is None:
        return None
    return PRIORITY_MATRIX[(item.impact, item.effort)]


def is_open(item: ActionItem) -> bool:
    return item.status in OPEN_ACTION_STATUSES


def is_overdue(item: ActionItem, today: date) -> bool:
    return is_open(item) and item.due is not None and item.due < today


def blocked_since(item: ActionItem) -> datetime | None:
    """When the action entered its current blocked spell (None when not blocked)."""
    if item.status != S.BLOCKED:
        return None
    since = None
    for change in reversed(item.history):
        if change.status != S.BLOCKED:
            break
        since = change.at
    return since


def time_to_assignment(incident: Incident, item: ActionItem) -> timedelta | None:
    """Incident end (resolved, else mitigated) → owner first set; None when either is unknown."""
    end = incident.resolved_at or incident.mitigated_at
    if end is None or item.assigned_at is None:
        return None
    return max(item.assigned_at - end, timedelta(0))


@dataclass
class ActionRef:
    """An action together with the incident it belongs to (for lists across incidents)."""

    incident_id: str
    incident_title: str
    item: ActionItem
    incident_severity: str = "P2"

"""Timeline rules shared by the CLI and the web: when an event happened, what kind it is, and
the milestones it marks. Plain functions over Incident; no I/O."""

from __future__ import annotations

from datetime import datetime, timedelta

from hindsight.domain.model import EventKind, Incident, Milestone, TimelineEvent
from hindsight.errors import InvalidInput, NotFound
from hindsight.timeutil import parse_instant, zone


def event_time(
    text: str | datetime, incident: Incident, tz: str = "UTC", *, field: str = "at"
) -> datetime:
    """A full timestamp, or "HH:MM[:SS]" on the incident's start date (rolling past midnight)."""
    if isinstance(text, datetime):
        return parse_instant(text)
    raw = text.strip().removesuffix("UTC").strip()
    parts = raw.split(":")
    if 2 <= len(parts) <= 3 and all(p.isdigit() and len(p) <= 2 for p in parts):
        if incident.started_at is None:
            raise InvalidInput(
                f'{field} "{text}" needs a date; the incident has no start', field=field
            )
        local = incident.started_at.astimezone(zone(tz))
        try:
            moment = local.replace(
                hour=int(parts[0]),
                minute=int(parts[1]),
                second=int(parts[2]) if len(parts) == 3 else 0,
                microsecond=0,
            )
        except ValueError:
            raise InvalidInput(
                f'{field} "{text}" is not a time of day; expected HH:MM or HH:MM:SS', field=field
            ) from None
        if moment < local - timedelta(hours=1):
            moment += timedelta(days=1)
        return parse_instant(moment)
    return parse_instant(raw, tz=zone(tz), field=field)


def parse_kind(text: str | None) -> EventKind:
    try:
        return EventKind((text or "note").strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        valid = ", ".join(k.value for k in EventKind)
        raise InvalidInput(
            f"kind: unknown event kind {text!r}; valid: {valid}", field="kind"
        ) from None


def parse_milestone(text: str | None) -> Milestone | None:
    if not text:
        return None
    try:
        return Milestone(text.strip().lower())
    except ValueError:
        valid = ", ".join(m.value for m in Milestone)
        raise InvalidInput(
            f"milestone: unknown {text!r}; valid: {valid}", field="milestone"
        ) from None


def add_event(
    incident: Incident,
    *,
    at: str | datetime,
    text: str,
    kind: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    key: bool = False,
    milestone: str | None = None,
    service: str | None = None,
    source: str = "web",
    tz: str = "UTC",
    field: str = "at",
) -> TimelineEvent:
    """Add an event (a full time, or HH:MM on the start date); a milestone also sets its time."""
    if not text or not text.strip():
        raise InvalidInput("text: say what happened", field="text")
    moment = event_time(at, incident, tz, field=field)
    mark = parse_milestone(milestone)
    event = TimelineEvent(
        at=moment,
        text=text.strip(),
        kind=parse_kind(kind),
        source=source,
        actor=actor or None,
        action=action or None,
        key=key or mark is not None,
        milestone=mark,
        service=service or None,
    )
    incident.timeline.append(event)
    incident.timeline.sort(key=lambda e: e.at)
    if mark is not None:
        setattr(incident, f"{mark.value}_at", moment)
    return event


def find_event(incident: Incident, event_id: int) -> TimelineEvent:
    for event in incident.timeline:
        if event.id == event_id:
            return event
    raise NotFound(f"no timeline event #{event_id} in {incident.id}")


def remove_event(incident: Incident, event_id: int) -> TimelineEvent:
    event = find_event(incident, event_id)
    incident.timeline.remove(event)
    return event


def confirm_milestone(
    incident: Incident,
    milestone: str,
    *,
    at: str | datetime | None = None,
    event_id: int | None = None,
    tz: str = "UTC",
) -> datetime:
    """Set the incident's milestone time from a timeline event (which becomes the key event
    marking it, in place of any other) or from an explicit time. Returns the time set."""
    mark = parse_milestone(milestone)
    if mark is None:
        raise InvalidInput("milestone: choose one", field="milestone")
    if event_id is not None:
        event = find_event(incident, event_id)
        for other in incident.timeline:
            if other.milestone == mark and other is not event:
                other.milestone = None
        event.milestone, event.key = mark, True
        moment = event.at
    elif at:
        moment = event_time(at, incident, tz)
    else:
        raise InvalidInput("give the event that marks the milestone or its time", field="at")
    setattr(incident, f"{mark.value}_at", moment)
    return moment


def edit_event(
    incident: Incident,
    event_id: int,
    *,
    text: str | None = None,
    key: bool | None = None,
    kind: str | None = None,
) -> TimelineEvent:
    """Change what an event says, whether it is a key event, or its kind (None: unchanged)."""
    event = find_event(incident, event_id)
    if text is not None:
        if not text.strip():
            raise InvalidInput("text: must not be empty", field="text")
        event.text = text.strip()
    if key is not None:
        event.key = key
    if kind is not None:
        event.kind = parse_kind(kind)
    return event

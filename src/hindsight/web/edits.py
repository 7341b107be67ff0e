"""Changes a browser or an API client asks for, applied to plain Incident objects (no I/O).

Values arrive as JSON (typed) or as form text; everything goes through the same coercion as the
CLI (`hindsight.domain.edit.set_field`), so a bad value raises InvalidInput naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from hindsight.domain.edit import set_field
from hindsight.domain.model import (
    ContributingFactor,
    EventKind,
    FaultNode,
    FaultTree,
    Incident,
    Milestone,
    Review,
    ReviewDecision,
    TimelineEvent,
    WhyChain,
    WhyStep,
    now_utc,
)
from hindsight.domain.policy import Policy
from hindsight.errors import InvalidInput, NotFound
from hindsight.timeutil import parse_date, parse_instant, zone

LIST_FIELDS = {"services", "tags", "participants", "went_well", "went_wrong", "lessons"}
MULTILINE_LISTS = {"went_well", "went_wrong", "lessons"}


def as_text(value: Any, name: str) -> str | None:
    """A JSON or form value as the text `set_field` coerces (lists joined, booleans spelled)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def apply_fields(incident: Incident, values: Mapping[str, Any], policy: Policy | None) -> list[str]:
    """Set every given field; `impact` may be a nested mapping. Returns the names set."""
    changed: list[str] = []
    for name, value in values.items():
        if name == "impact" and isinstance(value, Mapping):
            for sub, sub_value in value.items():
                set_field(incident, f"impact.{sub}", as_text(sub_value, sub), policy)
                changed.append(f"impact.{sub}")
            continue
        if name in MULTILINE_LISTS and isinstance(value, str):
            setattr(incident, name, [line.strip() for line in value.splitlines() if line.strip()])
        elif name in MULTILINE_LISTS and isinstance(value, list):
            setattr(incident, name, [str(v).strip() for v in value if str(v).strip()])
        elif name == "references" and isinstance(value, list):
            parts = []
            for ref in value:
                if isinstance(ref, Mapping):
                    parts.append(f"{ref.get('label', '')}={ref.get('url', '')}")
                else:
                    parts.append(str(ref))
            set_field(incident, name, ", ".join(parts), policy)
        else:
            set_field(incident, name, as_text(value, name), policy)
        changed.append(name)
    if not incident.title.strip():
        raise InvalidInput("title: must not be empty", field="title")
    return changed


def new_incident(values: Mapping[str, Any], policy: Policy, *, author: str) -> Incident:
    """An Incident (id still empty) from the create form/JSON; starts now unless told otherwise."""
    title = str(values.get("title") or "").strip()
    if not title:
        raise InvalidInput(
            "title: an incident needs a title saying what broke, for whom", field="title"
        )
    incident = Incident(id="", title=title, author=author)
    rest = {k: v for k, v in values.items() if k != "title" and v not in (None, "")}
    apply_fields(incident, rest, policy)
    incident.severity = policy.check_severity(incident.severity)
    incident.started_at = incident.started_at or now_utc()
    return incident


# --- timeline ------------------------------------------------------------------------------------


def event_time(text: str | datetime, incident: Incident, tz: str = "UTC") -> datetime:
    """A full timestamp, or "HH:MM[:SS]" on the incident's start date (rolling past midnight)."""
    if isinstance(text, datetime):
        return parse_instant(text)
    raw = text.strip().removesuffix("UTC").strip()
    parts = raw.split(":")
    if 2 <= len(parts) <= 3 and all(p.isdigit() and len(p) <= 2 for p in parts):
        if incident.started_at is None:
            raise InvalidInput(f'at: "{text}" needs a date; the incident has no start', field="at")
        local = incident.started_at.astimezone(zone(tz))
        try:
            moment = local.replace(
                hour=int(parts[0]),
                minute=int(parts[1]),
                second=int(parts[2]) if len(parts) == 3 else 0,
                microsecond=0,
            )
        except ValueError:
            raise InvalidInput(f'at: "{text}" is not a time of day', field="at") from None
        if moment < local - timedelta(hours=1):
            moment += timedelta(days=1)
        return parse_instant(moment)
    return parse_instant(raw, tz=zone(tz), field="at")


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
) -> TimelineEvent:
    if not text or not text.strip():
        raise InvalidInput("text: say what happened", field="text")
    moment = event_time(at, incident, tz)
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
    """Set the incident's milestone time from a timeline event or an explicit time."""
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


# --- analysis: whys, factors, fault trees ----------------------------------------------------------


def add_why_chain(incident: Incident, problem: str, answers: list[str]) -> WhyChain:
    if not problem or not problem.strip():
        raise InvalidInput("problem: state the problem the whys start from", field="problem")
    chain = WhyChain(problem.strip(), [WhyStep(a.strip()) for a in answers if a and a.strip()])
    incident.why_chains.append(chain)
    return chain


def add_why_step(
    incident: Incident, chain: int, answer: str, evidence: list[int] | None = None
) -> WhyStep:
    if not 1 <= chain <= len(incident.why_chains):
        raise NotFound(f"no why chain {chain} in {incident.id}")
    if not answer or not answer.strip():
        raise InvalidInput("answer: say why", field="answer")
    known = {e.id for e in incident.timeline}
    for ref in evidence or []:
        if ref not in known:
            raise InvalidInput(
                f"evidence: no timeline event #{ref} in {incident.id}", field="evidence"
            )
    step = WhyStep(answer.strip(), list(evidence or []))
    incident.why_chains[chain - 1].steps.append(step)
    return step


def add_factor(incident: Incident, category: str, text: str, policy: Policy) -> ContributingFactor:
    names = {c.lower(): c for c in policy.factor_categories}
    key = (category or "").strip().lower()
    if key not in names:
        valid = ", ".join(policy.factor_categories)
        raise InvalidInput(f"category: unknown {category!r}; valid: {valid}", field="category")
    if not text or not text.strip():
        raise InvalidInput("text: describe the factor", field="text")
    factor = ContributingFactor(names[key], text.strip())
    incident.factors.append(factor)
    return factor


def fault_tree_from(data: Mapping[str, Any]) -> FaultTree:
    """A FaultTree from JSON; every child must be a node and the top must exist."""
    name = str(data.get("name") or "").strip()
    top = str(data.get("top") or "").strip()
    nodes_raw = data.get("nodes") or []
    if not name:
        raise InvalidInput("name: give the fault tree a name", field="name")
    nodes: list[FaultNode] = []
    for index, raw in enumerate(nodes_raw):
        if not isinstance(raw, Mapping) or not raw.get("id"):
            raise InvalidInput(f"nodes[{index}]: each node needs an id", field=f"nodes[{index}].id")
        gate = raw.get("gate")
        if gate not in (None, "and", "or"):
            raise InvalidInput(
                f'nodes[{index}].gate: "{gate}"; expected and, or or none',
                field=f"nodes[{index}].gate",
            )
        prob = raw.get("probability")
        if prob is not None and not (isinstance(prob, int | float) and 0 <= prob <= 1):
            raise InvalidInput(
                f"nodes[{index}].probability: must be between 0 and 1",
                field=f"nodes[{index}].probability",
            )
        nodes.append(
            FaultNode(
                id=str(raw["id"]),
                label=str(raw.get("label") or raw["id"]),
                gate=gate,
                children=[str(c) for c in raw.get("children") or []],
                probability=float(prob) if prob is not None else None,
            )
        )
    ids = {n.id for n in nodes}
    if top not in ids:
        raise InvalidInput(f"top: {top!r} is not one of the nodes", field="top")
    for node in nodes:
        missing = [c for c in node.children if c not in ids]
        if missing:
            raise InvalidInput(f"nodes: {node.id} has unknown children {missing}", field="nodes")
    return FaultTree(name=name, top=top, nodes=nodes)


def add_review(
    incident: Incident,
    reviewer: str,
    *,
    decision: str = "pending",
    role: str | None = None,
    comment: str | None = None,
    meeting_date: str | None = None,
) -> Review:
    if not reviewer or not reviewer.strip():
        raise InvalidInput("reviewer: who reviewed", field="reviewer")
    try:
        verdict = ReviewDecision((decision or "pending").strip().lower().replace(" ", "_"))
    except ValueError:
        valid = ", ".join(d.value for d in ReviewDecision)
        raise InvalidInput(
            f"decision: unknown {decision!r}; valid: {valid}", field="decision"
        ) from None
    review = Review(
        reviewer=reviewer.strip(),
        role=role or None,
        decision=verdict,
        comment=comment or None,
        meeting_date=parse_date(meeting_date, field="meeting_date") if meeting_date else None,
    )
    incident.reviews.append(review)
    return review


def pop(items: list[Any], number: int, what: str, incident_id: str) -> Any:
    """Remove and return the `number`-th (1-based) item, or NotFound."""
    if not 1 <= number <= len(items):
        raise NotFound(f"no {what} {number} in {incident_id}")
    return items.pop(number - 1)

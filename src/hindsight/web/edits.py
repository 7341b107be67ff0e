"""Changes a browser or an API client asks for, applied to plain Incident objects (no I/O).

Values arrive as JSON (typed) or as form text; everything goes through the same coercion as the
CLI (`hindsight.domain.edit.set_field`), so a bad value raises InvalidInput naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hindsight.analysis.fault_tree import tree_from_dict
from hindsight.domain.edit import set_field
from hindsight.domain.model import (
    ContributingFactor,
    FaultTree,
    Incident,
    Review,
    ReviewDecision,
    WhyChain,
    WhyStep,
    now_utc,
)
from hindsight.domain.policy import Policy
from hindsight.domain.timeline import (  # noqa: F401 — the web layer's names for them
    add_event,
    event_time,
    find_event,
    parse_kind,
    parse_milestone,
    remove_event,
)
from hindsight.errors import InvalidInput, NotFound, Problems
from hindsight.timeutil import parse_date

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
    """Set every given field; `impact` may be a nested mapping. Returns the names set.

    Every field is tried: when several are wrong, the InvalidInput raised names them all (its
    `problems`), so a form shows each mistake at its field at once, not one per submit.
    """
    changed: list[str] = []
    problems = Problems()
    for name, value in values.items():
        if name == "impact" and isinstance(value, Mapping):
            for sub, sub_value in value.items():
                with problems.check():
                    set_field(incident, f"impact.{sub}", as_text(sub_value, sub), policy)
                    changed.append(f"impact.{sub}")
            continue
        with problems.check():
            _apply_one(incident, name, value, policy)
            changed.append(name)
    if not incident.title.strip():
        with problems.check():
            raise InvalidInput("title: must not be empty", field="title")
    problems.raise_any()
    return changed


def _apply_one(incident: Incident, name: str, value: Any, policy: Policy | None) -> None:
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


# --- timeline: the rules live in hindsight.domain.timeline, shared with the CLI --------------------


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
    """A FaultTree from the API's JSON, read by the same rules as `hindsight rca tree --file`."""
    if not str(data.get("name") or "").strip():
        raise InvalidInput("name: give the fault tree a name", field="name")
    return tree_from_dict(dict(data), source="fault tree")


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

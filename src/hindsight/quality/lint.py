"""`lint`: every quality finding for one postmortem — blame, SMART actions, completeness.

Plain functions over an Incident; the CLI (`hindsight lint`) and the web app call `lint` and
show the findings. Blame findings are errors: they block publishing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from hindsight.domain.model import EventKind, Incident, now_utc
from hindsight.domain.policy import Policy
from hindsight.quality.actions import check_actions
from hindsight.quality.blame import DEFAULT_MIN_CONFIDENCE, find_blame
from hindsight.quality.completeness import check_completeness, incident_names
from hindsight.quality.findings import Finding

__all__ = ["DEFAULT_MIN_CONFIDENCE", "blame_findings", "lint", "prose"]

# Timeline entries people write; imported logs, alerts, metrics and chat are evidence, not prose.
_NARRATIVE_KINDS = frozenset({EventKind.NOTE, EventKind.ACTION, EventKind.MILESTONE})


def prose(incident: Incident) -> Iterator[tuple[str, str]]:
    """(field, text) for every piece of free text a reader sees in the postmortem."""
    if incident.title:
        yield "title", incident.title
    for name in ("summary", "root_cause", "technical_details", "resolution"):
        text = getattr(incident, name)
        if text:
            yield name, text
    for name in ("went_well", "went_wrong", "lessons"):
        for number, item in enumerate(getattr(incident, name), start=1):
            yield f"{name}[{number}]", item
    for event in incident.timeline:
        if event.source == "manual" or event.kind in _NARRATIVE_KINDS:
            yield f"timeline[{event.at.isoformat()}]", event.text
    for number, chain in enumerate(incident.why_chains, start=1):
        yield f"why_chains[{number}]", chain.problem
        for step_no, step in enumerate(chain.steps, start=1):
            yield f"why_chains[{number}].{step_no}", step.answer
    for factor in incident.factors:
        yield f"factors.{factor.category}", factor.text
    for tree in incident.fault_trees:
        for node in tree.nodes:
            yield f"fault_trees.{tree.name}.{node.id}", node.label
    for item in incident.actions:
        yield f"actions.{item.ref}", item.title
        for name in ("verification", "status_reason", "evidence"):
            text = getattr(item, name)
            if text:
                yield f"actions.{item.ref}.{name}", text
    for number, review in enumerate(incident.reviews, start=1):
        if review.comment:
            yield f"reviews[{number}]", review.comment


def blame_findings(
    incident: Incident, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE
) -> list[Finding]:
    """One error per blaming sentence anywhere in the postmortem's prose.

    Only findings at least `min_confidence` sure are reported (0 reports every guess).
    """
    names = frozenset(incident_names(incident))
    found = []
    for where, text in prose(incident):
        for hit in find_blame(text, names):
            if hit.confidence < min_confidence:
                continue
            found.append(
                Finding(
                    f"blame/{hit.rule}",
                    "error",
                    hit.reason,
                    where,
                    hit.sentence,
                    f'Rewrite with the system as the subject, e.g. "{hit.suggestion}"'
                    if not hit.suggestion.startswith("Replace")
                    else hit.suggestion,
                    confidence=hit.confidence,
                )
            )
    return found


def lint(
    incident: Incident,
    policy: Policy,
    *,
    now: datetime | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> list[Finding]:
    """All findings, errors first. `now` (UTC) fixes "today" for deadlines; default: the clock.

    `min_confidence` drops blame findings less sure than that (0–1).
    """
    moment = now or now_utc()
    found = blame_findings(incident, min_confidence=min_confidence)
    found += check_actions(incident, policy, moment.date())
    found += check_completeness(incident, policy, moment)
    return sorted(found, key=lambda f: f.severity != "error")

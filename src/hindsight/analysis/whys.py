"""5 Whys: ordered chains from a problem to a root cause, each answer backed by timeline evidence.

An incident may carry several chains (one per symptom worth explaining). The last answer of a
chain is its root cause. A chain that stops at a person ("the engineer forgot") has stopped too
early — the blameless question is what made the mistake possible — and a chain shorter than
three levels rarely reaches a cause that a fix can address; both produce warnings, not refusals.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hindsight.domain.model import Incident, WhyChain, WhyStep
from hindsight.errors import InvalidInput, NotFound

MIN_DEPTH = 3

_PERSON = re.compile(
    r"\b(human error|operator error|user error|pilot error|(?:engineer|developer|operator|admin|"
    r"sre|on-?call|intern|someone|somebody|he|she|the team|team member|person|employee)\s+(forgot|did ?n[o']t|failed to|neglected|mistyped|missed|overlooked|"
    r"was careless|ignored|should have|made a mistake|ran the wrong|typed)|careless(ness)?|"
    r"negligen(t|ce)|not paying attention|lack of (attention|care|diligence)|mistake by|"
    r"fault of|(his|her|their) mistake|incompeten(t|ce)|sloppy)\b",
    re.I,
)


def _answers(answers: Sequence[str]) -> list[str]:
    cleaned = [a.strip() for a in answers]
    if not cleaned or any(not a for a in cleaned):
        raise InvalidInput("a why step needs a non-empty answer", field="answer")
    return cleaned


def check_evidence(incident: Incident, event_ids: Sequence[int]) -> list[int]:
    """The ids, refusing any that is not an event of this incident's timeline."""
    known = {e.id for e in incident.timeline if e.id is not None}
    for event_id in event_ids:
        if event_id not in known:
            raise InvalidInput(
                f"evidence: {incident.id} has no timeline event {event_id} "
                "(see `hindsight timeline list` for ids)",
                field="evidence",
            )
    return list(dict.fromkeys(event_ids))


def add_chain(
    incident: Incident,
    problem: str,
    answers: Sequence[str] = (),
    *,
    evidence: dict[int, list[int]] | None = None,
) -> WhyChain:
    """Append a chain for `problem`; `evidence` maps 1-based step numbers to event ids."""
    problem = problem.strip()
    if not problem:
        raise InvalidInput("a why chain needs a problem statement", field="problem")
    if evidence and not answers:
        raise InvalidInput(
            "evidence: give at least one answer to attach evidence to", field="evidence"
        )
    chain = WhyChain(problem=problem)
    incident.why_chains.append(chain)
    try:
        if answers:
            add_steps(incident, len(incident.why_chains), answers, evidence=evidence)
    except Exception:
        incident.why_chains.pop()
        raise
    return chain


def chain_at(incident: Incident, number: int) -> WhyChain:
    """Chain number `number` (1-based, as listed)."""
    if not 1 <= number <= len(incident.why_chains):
        count = len(incident.why_chains)
        raise NotFound(f"{incident.id} has no why chain {number} (it has {count})")
    return incident.why_chains[number - 1]


def add_steps(
    incident: Incident,
    chain_number: int,
    answers: Sequence[str],
    *,
    evidence: dict[int, list[int]] | None = None,
) -> WhyChain:
    """Append answers to an existing chain; `evidence` keys are step numbers in the whole chain.

    Key 0 means "the last step after this call" (what `--evidence ID` alone attaches to).
    """
    chain = chain_at(incident, chain_number)
    new = [WhyStep(answer=a) for a in _answers(answers)]
    steps = [*chain.steps, *new]
    for step_number, ids in (evidence or {}).items():
        target = len(steps) if step_number == 0 else step_number
        if not 1 <= target <= len(steps):
            raise InvalidInput(
                f"evidence: chain {chain_number} has {len(steps)} steps, not {target}",
                field="evidence",
            )
        step = steps[target - 1]
        step.evidence = list(dict.fromkeys([*step.evidence, *check_evidence(incident, ids)]))
    chain.steps = steps
    return chain


def link_evidence(
    incident: Incident, chain_number: int, step_number: int, event_ids: Sequence[int]
) -> WhyStep:
    chain = chain_at(incident, chain_number)
    if not 1 <= step_number <= len(chain.steps):
        raise NotFound(
            f"why chain {chain_number} has no step {step_number} ({len(chain.steps)} steps)"
        )
    step = chain.steps[step_number - 1]
    step.evidence = list(dict.fromkeys([*step.evidence, *check_evidence(incident, event_ids)]))
    return step


def remove_chain(incident: Incident, chain_number: int) -> WhyChain:
    chain = chain_at(incident, chain_number)
    incident.why_chains.remove(chain)
    return chain


def remove_step(incident: Incident, chain_number: int, step_number: int) -> WhyStep:
    chain = chain_at(incident, chain_number)
    if not 1 <= step_number <= len(chain.steps):
        raise NotFound(f"why chain {chain_number} has no step {step_number}")
    return chain.steps.pop(step_number - 1)


def stops_at_person(answer: str, people: Sequence[str] = ()) -> bool:
    """True when the answer blames a person rather than naming a condition that can be fixed."""
    if _PERSON.search(answer):
        return True
    words = set(re.findall(r"[\w.-]+", answer.lower()))
    return any(p and p.lower() in words for p in people)


def chain_warnings(chain: WhyChain, number: int = 1, people: Sequence[str] = ()) -> list[str]:
    """Warnings for one chain: too shallow, stops at a person, root cause without evidence."""
    warnings = []
    label = f"why chain {number} ({chain.problem[:50]})"
    if len(chain.steps) < MIN_DEPTH:
        warnings.append(
            f"{label} has {len(chain.steps)} level(s); keep asking why until you reach a cause "
            f"a change can address (at least {MIN_DEPTH})"
        )
    if chain.steps and stops_at_person(chain.steps[-1].answer, people):
        warnings.append(
            f"{label} stops at a person ({chain.steps[-1].answer!r}); ask what made the mistake "
            "possible or easy — a missing guard, an unclear procedure, a misleading signal"
        )
    if chain.steps and not chain.steps[-1].evidence:
        warnings.append(
            f"{label}: the root cause has no timeline evidence linked (--evidence EVENT_ID)"
        )
    return warnings


def warnings(incident: Incident) -> list[str]:
    people = [p for p in [incident.commander, incident.author, *incident.participants] if p]
    out: list[str] = []
    for number, chain in enumerate(incident.why_chains, 1):
        out += chain_warnings(chain, number, people)
    return out


def root_causes(incident: Incident) -> list[str]:
    """The last answer of each chain, in chain order."""
    return [c.root_cause for c in incident.why_chains if c.root_cause]

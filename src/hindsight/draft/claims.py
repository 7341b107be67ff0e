"""What a draft is made of: sections of sentences, each with the evidence it rests on.

An evidence reference is a short string naming one stored fact:

- ``event:<id>`` — a timeline event (an imported log/alert/chat line, or a row of a hand-written
  timeline table: for imported markdown postmortems the timeline entries are the evidence);
- ``field:<name>`` — a fact field of the incident (``started_at``, ``severity``, ``services``,
  ``impact.users_affected`` …): times, numbers and names, never prose fields such as the summary;
- ``evidence:<sha256 prefix>`` — an imported evidence file;
- ``action:A<n>`` — a corrective action.

A sentence's status says how far the evidence carries it: ``verified`` — the cited evidence states
it directly (a time, a number, an event's own words); ``inferred`` — derived from cited evidence by a
rule (a ranked change suspect, a delay judged long); ``unverified`` — cites nothing, cites ids that
do not exist, or the cited evidence does not support it. Unverified sentences are never applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from hindsight.domain.model import Incident, TimelineEvent
from hindsight.quality.findings import Finding

SECTIONS = ("summary", "impact", "timeline", "causes", "went_well", "went_wrong")

# Incident fields that state facts (and so may be cited); prose fields are never evidence.
FACT_FIELDS = (
    "title", "severity", "status", "services", "tags", "started_at", "detected_at",
    "acknowledged_at", "mitigated_at", "resolved_at", "root_cause_category", "commander",
)  # fmt: skip
IMPACT_FIELDS = (
    "users_affected", "users_affected_pct", "downtime_minutes", "money_lost", "sla_breached",
    "slo", "error_budget_consumed_pct", "support_tickets", "data_loss", "customer_facing",
)  # fmt: skip


class Status(StrEnum):
    VERIFIED = "verified"
    INFERRED = "inferred"
    UNVERIFIED = "unverified"


@dataclass
class Sentence:
    """One drafted sentence. `note` says why it is unverified or what rule inferred it."""

    text: str
    evidence: list[str]
    status: Status
    note: str | None = None
    findings: list[Finding] = field(default_factory=list)  # blame findings on this sentence


@dataclass
class Section:
    name: str
    sentences: list[Sentence] = field(default_factory=list)
    written: bool = False  # the author has already written the field this section fills
    applied: bool = False
    note: str | None = None  # why the section is empty, when it is

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass
class Draft:
    """A draft of some sections of one incident, as read at `version`."""

    incident_id: str
    version: int
    source: str  # "facts" (deterministic) or "model:<name>"
    sections: list[Section] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # SMART findings on the actions
    skipped: list[str] = field(default_factory=list)  # why sentences or sections were not applied

    def section(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)


def event_ref(event: TimelineEvent, index: int) -> str:
    """`event:<id>`; an event not stored yet is named by its position (`event:@3`)."""
    return f"event:{event.id}" if event.id is not None else f"event:@{index}"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def fact_index(incident: Incident, evidence_files: dict[str, str] | None = None) -> dict[str, str]:
    """Every citable reference of `incident` and the text it stands for (what a claim is checked
    against). `evidence_files` maps sha256 → file name for the imported evidence files."""
    facts: dict[str, str] = {}
    for name in FACT_FIELDS:
        value = getattr(incident, name)
        if isinstance(value, datetime):
            facts[f"field:{name}"] = f"{name.replace('_at', '')} {_stamp(value)}"
        elif isinstance(value, list):
            facts[f"field:{name}"] = f"{name} " + ", ".join(value) if value else f"{name} none"
        elif value is not None:
            facts[f"field:{name}"] = f"{name.replace('_', ' ')} {value}"
        else:  # an empty fact field is evidence too: of what is not recorded
            facts[f"field:{name}"] = f"{name.replace('_at', '').replace('_', ' ')} not recorded"
    recorded = [
        n.replace("_", " ") for n in IMPACT_FIELDS if getattr(incident.impact, n) is not None
    ]
    missing = [n.replace("_", " ") for n in IMPACT_FIELDS if getattr(incident.impact, n) is None]
    facts["field:impact"] = (
        f"impact figures recorded: {', '.join(recorded) or 'none'}; "
        f"not recorded: {', '.join(missing) or 'none'}"
    )
    for name in IMPACT_FIELDS:
        value = getattr(incident.impact, name)
        if value is not None:
            facts[f"field:impact.{name}"] = f"{name.replace('_', ' ')} {value}"
    for index, event in enumerate(sorted(incident.timeline, key=lambda e: e.at)):
        who = f" {event.actor}" if event.actor else ""
        service = f" [{event.service}]" if event.service else ""
        text = " ".join(event.text.split())  # one line per fact, whatever the event held
        facts[event_ref(event, index)] = (
            f"{_stamp(event.at)} {event.kind.value}{service}{who}: {text}"
        )
    for item in incident.actions:
        facts[f"action:{item.ref}"] = f"{item.ref} {item.status.value}: {item.title}"
    for sha, filename in (evidence_files or {}).items():
        facts[f"evidence:{sha[:12]}"] = f"evidence file {filename}"
    return facts


def ordered_events(incident: Incident) -> list[tuple[str, TimelineEvent]]:
    """(reference, event) in time order, with the same references `fact_index` uses."""
    return [
        (event_ref(e, i), e) for i, e in enumerate(sorted(incident.timeline, key=lambda e: e.at))
    ]

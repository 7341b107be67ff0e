"""A labelled set for the model-answer checker (`draft.model.check_sentence`), built from the DFDS
postmortems so that nobody hand-picks easy cases:

- supported claims: each timeline entry's own words citing that entry, and every verified
  sentence of the deterministic draft citing what it cites (inferred ones rest on rules, not on
  the words of their evidence);
- unsupported claims: an entry's words citing another entry of the same postmortem (a wrong
  citation), and an entry from another postmortem citing this one's first entry (an invented claim).

Split by year: PM2019–PM2021 are the development half; PM2022–PM2025 are held out (never looked
at while choosing the checker's thresholds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from hindsight.domain.model import Incident
from hindsight.draft.claims import SECTIONS, Status, fact_index, ordered_events
from hindsight.draft.deterministic import draft_sections
from hindsight.draft.model import check_sentence
from hindsight.render.markdown import parse_markdown

PROSE = {"summary": "", "root_cause": "", "technical_details": "", "resolution": "",
         "went_well": [], "went_wrong": [], "lessons": [], "factors": [], "why_chains": []}  # fmt: skip
HELD_OUT_FROM = 2022


@dataclass
class Scores:
    supported: int = 0
    supported_flagged: int = 0  # supported claims wrongly marked unverified
    unsupported: int = 0
    unsupported_caught: int = 0  # unsupported claims marked unverified

    @property
    def caught(self) -> float:
        return self.unsupported_caught / self.unsupported if self.unsupported else 1.0

    @property
    def false_alarms(self) -> float:
        return self.supported_flagged / self.supported if self.supported else 0.0


def split(folder: Path) -> tuple[list[Path], list[Path]]:
    files = sorted(p for p in folder.iterdir() if re.match(r"PM\d{4}-\d{3} ", p.name))
    year = lambda p: int(p.name[2:6])  # noqa: E731
    return [p for p in files if year(p) < HELD_OUT_FROM], [
        p for p in files if year(p) >= HELD_OUT_FROM
    ]


def facts_only(path: Path) -> Incident:
    incident = parse_markdown(path.read_text(encoding="utf-8"), source=path.name).incident
    return replace(incident, **PROSE)  # type: ignore[arg-type]


def claims(incidents: list[Incident]) -> list[tuple[str, list[str], dict[str, str], bool]]:
    """(text, cited refs, facts, supported?) for every claim of the set."""
    out = []
    for number, incident in enumerate(incidents):
        facts = fact_index(incident)
        events = [(r, e) for r, e in ordered_events(incident) if len(e.text.split()) >= 3]
        for i, (ref, event) in enumerate(events):
            out.append((event.text, [ref], facts, True))
            if len(events) > 1:
                other_ref, _ = events[(i + len(events) // 2) % len(events)]
                if other_ref != ref:
                    out.append((event.text, [other_ref], facts, False))
        for section in draft_sections(incident, SECTIONS):
            for sentence in section.sentences:  # verified: stated by what they cite
                if sentence.status is Status.VERIFIED:
                    out.append((sentence.text, sentence.evidence, facts, True))
        stranger = incidents[(number + 1) % len(incidents)]
        foreign = [e for e in stranger.timeline if len(e.text.split()) >= 3]
        if events and foreign:
            out.append((foreign[0].text, [events[0][0]], facts, False))
    return out


def score(items: list[tuple[str, list[str], dict[str, str], bool]]) -> Scores:
    found = Scores()
    for text, refs, facts, supported in items:
        flagged = check_sentence(text, refs, facts).status is Status.UNVERIFIED
        if supported:
            found.supported += 1
            found.supported_flagged += flagged
        else:
            found.unsupported += 1
            found.unsupported_caught += flagged
    return found

"""The one shape every quality check reports in, and placing findings on the lines of a file."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem in a postmortem.

    `rule` is a stable id ("blame/person-as-cause", "actions/no-owner") teams can grep and CI can
    annotate. `field` names where it is (a field such as "root_cause", an action "actions.A2", a
    section). `excerpt` is the offending sentence or value, `suggestion` what to write instead.
    `line` is the 1-based line in the source file when the postmortem came from one, else None.
    `confidence` (0–1) is set by judgement checks (blame) that can be wrong: how likely a finding
    like this one is right, measured on labelled data; None for checks that are plain facts.
    Errors fail `hindsight lint`; warnings do not.
    """

    rule: str
    severity: Severity
    message: str
    field: str | None = None
    excerpt: str | None = None
    suggestion: str | None = None
    line: int | None = None
    confidence: float | None = None


# Heading words to look for when a finding is about a whole section rather than a sentence.
_SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": ("summary",),
    "timeline": ("timeline",),
    "impact": ("impact",),
    "root_cause": ("root cause",),
    "why_chains": ("why", "root cause"),
    "actions": ("action",),
    "went_well": ("went well",),
    "went_wrong": ("went wrong", "went badly", "contributing"),
    "lessons": ("lesson",),
    "timeliness": (),
}


def locate(findings: list[Finding], text: str) -> list[Finding]:
    """Give each finding the line of `text` (a markdown file) its excerpt or section is on."""
    lines = text.splitlines()
    return [
        f if f.line is not None else replace(f, line=_line_of(f, text, lines)) for f in findings
    ]


def _line_of(finding: Finding, text: str, lines: list[str]) -> int | None:
    if finding.excerpt:
        line = find_line(text, finding.excerpt)
        if line is not None:
            return line
    section = (finding.field or "").split(".")[0].split("[")[0]
    for word in _SECTION_HEADINGS.get(section, (section.replace("_", " "),) if section else ()):
        for number, line_text in enumerate(lines, start=1):
            if line_text.lstrip().startswith("#") and word in line_text.lower():
                return number
    return None


def find_line(text: str, excerpt: str) -> int | None:
    """1-based line where `excerpt` starts in `text`, tolerant of re-wrapping and markdown marks."""
    words = re.findall(r"[\w'’-]+", excerpt)[:12]
    if not words:
        return None
    gap = r"[\W_]+"
    pattern = re.compile(gap.join(re.escape(w) for w in words), re.IGNORECASE)
    match = pattern.search(text)
    if match is None and len(words) > 4:
        match = re.compile(gap.join(re.escape(w) for w in words[:4]), re.IGNORECASE).search(text)
    if match is None:
        return None
    return text.count("\n", 0, match.start()) + 1

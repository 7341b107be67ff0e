"""Scoring the redactor on labelled corpora: recall per type and every false positive, listed.

Used by `bench/redaction_eval.py` (writes bench/results/redaction.json) and by the tests that
assert the bars. Three corpus shapes are understood:

- secret cases: `{"text", "is_secret"}` rows (detect-secrets' plugin tests, gitleaks' rule
  self-tests): a positive is caught when a SECRET replacement is made and, when the row names
  the `expected_secret`, that value no longer appears in the output; a negative with any SECRET
  replacement is a false positive.
- span cases (presidio synth_dataset_v2): `{"full_text", "spans": [{entity_type, start_position,
  end_position}]}`; a span is caught when replacements cover all its alphanumeric characters.
- our incident-prose corpus: `{"text", "roster", "expect": [{"kind", "value"}]}`; every labelled
  value must be covered, and any replacement that touches no labelled value is a false positive.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hindsight.share.redact import Kind, Redaction, RedactionContext, redact

PRESIDIO_TYPES = {
    "EMAIL_ADDRESS": Kind.EMAIL,
    "PHONE_NUMBER": Kind.PHONE,
    "IP_ADDRESS": Kind.IP,
    "CREDIT_CARD": Kind.CARD,
    "IBAN_CODE": Kind.IBAN,
}


@dataclass
class Score:
    """Recall of one type on one corpus, with the misses and false positives spelled out."""

    name: str
    positives: int = 0
    caught: int = 0
    negatives: int = 0
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.positives if self.positives else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "positives": self.positives,
            "caught": self.caught,
            "recall": round(self.recall, 4),
            "negatives": self.negatives,
            "false_positive_count": len(self.false_positives),
            "false_positives": self.false_positives,
            "misses": self.misses,
        }


PLACEHOLDER_LIKE = re.compile(
    r"(?i)x{4,}|\*{4,}|#{4,}|example|fake|dummy|sample|placeholder|your[_\- ]|insert|_here|"
    r"here\b|<[^>]+>|\$\{|\{\{|(.)\1{7,}|abcdef|123456|0123|test|\[redacted\]|\.\.\."
)


def false_positive_kind(text: str, row: dict[str, Any]) -> str:
    """Why a labelled negative was redacted: a placeholder/example value (redacting it is
    harmless), detect-secrets' file-type quoting rule (DS skips unquoted values in code files;
    in prose they are real values), or other."""
    if row.get("source") == "keyword_test.py" and row.get("file_extension") not in (None, "conf"):
        return "quotes-required-in-code"
    if PLACEHOLDER_LIKE.search(text):
        return "placeholder-or-example"
    return "other"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _secret_replacements(result: Redaction) -> list[str]:
    return [r.rule for r in result.replacements if r.kind is Kind.SECRET]


def score_secret_cases(name: str, rows: Iterable[dict[str, Any]]) -> Score:
    """Rows with `text` and `is_secret` (or gitleaks' `label` true_positive/false_positive)."""
    score = Score(name)
    for row in rows:
        text = row["text"]
        positive = row.get("is_secret")
        if positive is None:
            positive = row.get("label") == "true_positive"
        result = redact(text, RedactionContext())
        rules = _secret_replacements(result)
        where = row.get("rule_id") or row.get("source") or ""
        if positive:
            score.positives += 1
            expected = row.get("expected_secret")
            if rules and not (expected and expected in result.text):
                score.caught += 1
            else:
                score.misses.append({"case": where, "text": text[:200]})
        else:
            score.negatives += 1
            if rules:
                score.false_positives.append(
                    {
                        "case": where,
                        "text": text[:200],
                        "rules": sorted(set(rules)),
                        "why": false_positive_kind(text, row),
                    }
                )
    return score


def _covered(result: Redaction, start: int, end: int, text: str) -> bool:
    wanted = {i for i in range(start, end) if text[i].isalnum()}
    hidden: set[int] = set()
    for item in result.replacements:
        hidden.update(range(item.start, item.end))
    return wanted <= hidden


def score_presidio(rows: list[dict[str, Any]]) -> tuple[dict[str, Score], Score, Score]:
    """Recall per PII type on presidio's synthetic sentences, plus PERSON without a roster.

    A replacement that overlaps no labelled span of any type is a false positive; one that
    overlaps a span of a type we do not claim (street address, SSN …) is listed apart as
    "other PII" in the false-positive entry.
    """
    scores = {kind.value: Score(f"presidio:{kind.value}") for kind in PRESIDIO_TYPES.values()}
    person = Score("presidio:PERSON (no roster)")
    overall_fp = Score("presidio:false-positives")
    for row in rows:
        text = row["full_text"]
        result = redact(text, RedactionContext())
        spans = row["spans"]
        for span in spans:
            kind = PRESIDIO_TYPES.get(span["entity_type"])
            start, end = span["start_position"], span["end_position"]
            if kind is not None:
                target = scores[kind.value]
            elif span["entity_type"] == "PERSON":
                target = person
            else:
                continue
            target.positives += 1
            if _covered(result, start, end, text):
                target.caught += 1
            else:
                target.misses.append(
                    {"value": text[start:end], "context": text[max(0, start - 40) : end + 20]}
                )
        for item in result.replacements:
            touching = [
                s["entity_type"]
                for s in spans
                if s["start_position"] < item.end and item.start < s["end_position"]
            ]
            if not touching:
                overall_fp.false_positives.append(
                    {"kind": item.kind.value, "rule": item.rule, "value": item.shown}
                )
            elif not any(t in PRESIDIO_TYPES or t == "PERSON" for t in touching):
                # other labelled PII (SSN, date, address …) redacted too: listed, not a false alarm
                overall_fp.misses.append(
                    {
                        "kind": item.kind.value,
                        "rule": item.rule,
                        "labelled_as": sorted(set(touching)),
                    }
                )
    for score in scores.values():
        score.negatives = len(rows)
    overall_fp.negatives = len(rows)
    return scores, person, overall_fp


def score_presidio_people_with_roster(rows: list[dict[str, Any]]) -> Score:
    """PERSON recall when each sentence's people are on the roster (as an incident's would be):
    measures matching of the names in running text (case, possessives, name parts)."""
    score = Score("presidio:PERSON (roster given)")
    for row in rows:
        text = row["full_text"]
        people = [s for s in row["spans"] if s["entity_type"] == "PERSON"]
        if not people:
            continue
        context = RedactionContext.for_names(
            text[s["start_position"] : s["end_position"]] for s in people
        )
        result = redact(text, context)
        for span in people:
            score.positives += 1
            if _covered(result, span["start_position"], span["end_position"], text):
                score.caught += 1
            else:
                score.misses.append({"value": text[span["start_position"] : span["end_position"]]})
    return score


def _score_expected(
    row: dict[str, Any], result: Redaction, scores: dict[str, Score], prefix: str
) -> list[tuple[int, int]]:
    """Score every occurrence of each `expect` value of a labelled row (caught when redacted) and
    return the labelled spans, so the caller can tell false positives from them."""
    text = row["text"]
    labelled: list[tuple[int, int]] = []
    for expect in row.get("expect", []):
        kind, value = expect["kind"], expect["value"]
        score = scores.setdefault(kind, Score(f"{prefix}:{kind}"))
        start = text.find(value)
        if start < 0:
            raise ValueError(f"corpus row {row.get('id')}: {value!r} not in its text")
        while start >= 0:
            labelled.append((start, start + len(value)))
            score.positives += 1
            if _covered(result, start, start + len(value), text):
                score.caught += 1
            else:
                score.misses.append({"id": row.get("id"), "value": value})
            start = text.find(value, start + len(value))
    return labelled


def score_prose(rows: list[dict[str, Any]]) -> dict[str, Score]:
    """Our labelled incident prose: recall per kind, false positives per replaced value."""
    scores: dict[str, Score] = {}
    fps = Score("prose:false-positives")
    for row in rows:
        text = row["text"]
        context = RedactionContext.for_names(row.get("roster", []), row.get("patterns"))
        result = redact(text, context)
        labelled = _score_expected(row, result, scores, "prose")
        fps.negatives += 1
        for item in result.replacements:
            if not any(s < item.end and item.start < e for s, e in labelled):
                fps.false_positives.append(
                    {
                        "id": row.get("id"),
                        "kind": item.kind.value,
                        "rule": item.rule,
                        "value": item.shown,
                    }
                )
    scores["false-positives"] = fps
    return scores


POSTMORTEM_PERSONAL = ("PERSON", "EMAIL", "PHONE", "IBAN", "CARD", "ADDRESS", "ID", "IP")


@dataclass
class PostmortemScore:
    """The issue-12 postmortem set: recall per kind, secrets and personal data pooled, every
    replacement that touches no labelled value (false positive) and every hard negative
    (`keep`) that did not come through intact."""

    kinds: dict[str, Score]
    false_positives: list[dict[str, Any]]
    damaged: list[dict[str, Any]]
    rows: int

    def pooled(self, kinds: Iterable[str]) -> Score:
        pooled = Score("+".join(kinds))
        for kind in kinds:
            score = self.kinds.get(kind)
            if score is not None:
                pooled.positives += score.positives
                pooled.caught += score.caught
                pooled.misses += score.misses
        return pooled

    def as_dict(self, *, with_misses: bool = True) -> dict[str, Any]:
        secrets = self.pooled(["SECRET"])
        personal = self.pooled(POSTMORTEM_PERSONAL)
        kinds = {}
        for name, score in sorted(self.kinds.items()):
            entry = score.as_dict()
            entry.pop("false_positives")
            entry.pop("negatives")
            entry.pop("false_positive_count")
            if not with_misses:
                entry.pop("misses")
            kinds[name] = entry
        return {
            "rows": self.rows,
            "secrets": {"positives": secrets.positives, "caught": secrets.caught,
                        "recall": round(secrets.recall, 4)},
            "personal_data": {"positives": personal.positives, "caught": personal.caught,
                              "recall": round(personal.recall, 4)},
            "kinds": kinds,
            "false_positive_count": len(self.false_positives),
            "false_positives": self.false_positives,
            "hard_negatives_damaged": len(self.damaged),
            "damaged": self.damaged,
        }  # fmt: skip


def score_postmortem(rows: list[dict[str, Any]]) -> PostmortemScore:
    """Score the issue-12 set (`{"text", "roster", "expect", "keep"}` rows, see
    tests/data/share/REDACTION_LABELS.md)."""
    kinds: dict[str, Score] = {}
    false_positives: list[dict[str, Any]] = []
    damaged: list[dict[str, Any]] = []
    for row in rows:
        text = row["text"]
        result = redact(text, RedactionContext.for_names(row.get("roster", [])))
        labelled = _score_expected(row, result, kinds, "postmortem")
        for item in result.replacements:
            if not any(s < item.end and item.start < e for s, e in labelled):
                false_positives.append(
                    {
                        "id": row.get("id"),
                        "kind": item.kind.value,
                        "rule": item.rule,
                        "value": item.shown,
                        "confidence": getattr(item, "confidence", 1.0),
                    }
                )
        for value in row.get("keep", []):
            start = text.find(value)
            end = start + len(value)
            if any(item.start < end and start < item.end for item in result.replacements):
                damaged.append({"id": row.get("id"), "value": value})
    return PostmortemScore(kinds, false_positives, damaged, len(rows))


PRESIDIO_MEASURED = {
    "STREET_ADDRESS": "ADDRESS",
    "US_SSN": "ID",
    "US_DRIVER_LICENSE": "ID",
    "PERSON": "PERSON",
}


def score_presidio_measured(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Types we now detect without claiming a bar on presidio's general prose (no roster):
    recall of addresses, identity numbers and people, and how often a PERSON or ADDRESS
    replacement lands on what presidio labels an organisation, a place or a date instead."""
    scores = {name: Score(f"presidio:{name}") for name in PRESIDIO_MEASURED}
    mislabelled: dict[str, int] = {}
    for row in rows:
        text = row["full_text"]
        result = redact(text, RedactionContext())
        for span in row["spans"]:
            target = scores.get(span["entity_type"])
            if target is None:
                continue
            start, end = span["start_position"], span["end_position"]
            target.positives += 1
            if _covered(result, start, end, text):
                target.caught += 1
            else:
                target.misses.append({"value": text[start:end]})
        for item in result.replacements:
            if item.kind.value not in ("PERSON", "ADDRESS", "ID"):
                continue
            touching = {
                s["entity_type"]
                for s in row["spans"]
                if s["start_position"] < item.end and item.start < s["end_position"]
            }
            if touching and not touching & set(PRESIDIO_MEASURED):
                key = f"{item.kind.value} on {'/'.join(sorted(touching))}"
                mislabelled[key] = mislabelled.get(key, 0) + 1
    return {
        "types": {
            name: {**score.as_dict(), "misses": score.misses[:30]} for name, score in scores.items()
        },
        "replacements_on_other_labels": mislabelled,
    }

"""Score blind blame sets by their totals only, never their sentences.

A blind set is a JSON-lines file of real sentences collected and labelled by someone who never
saw the checker (docs/blame-labelling.md, "How a blind set is collected"): one object a line,
`{"text", "label": "blame"|"mild"|"none", "url", "genre", ...}`. Such sets come from sources
that state no licence, so they stay outside the repository; this script is what a later round
needs to score its own.

    python bench/blame_blind_eval.py /work/blind_b9/sentences.jsonl [...] [--json OUT]

For each file it prints precision and recall at lint's default minimum confidence and at 0.4
and 0.3, and the counts by genre at the default. It prints no sentence, so a held-out set can be
scored without being read; reading a development set's misses is a separate, deliberate step.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from hindsight.quality.blame import check_sentence
from hindsight.quality.lint import DEFAULT_MIN_CONFIDENCE

LABELS = ("blame", "mild", "none")
MINIMUMS = (DEFAULT_MIN_CONFIDENCE, 0.4, 0.3)


class BlindSetError(ValueError):
    """A blind set that cannot be scored: names the file, line and field."""


def read_set(path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BlindSetError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise BlindSetError(f"{path}:{number}: field 'text' missing or not a string")
        if row.get("label") not in LABELS:
            raise BlindSetError(f"{path}:{number}: field 'label' must be one of {LABELS}")
        rows.append(row)
    if not rows:
        raise BlindSetError(f"{path}: no sentences")
    return rows


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def score_set(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals at each minimum confidence, and by genre at the default."""
    confidences = [
        (row["label"] != "none", row.get("genre") or "unknown", _confidence(row["text"]))
        for row in rows
    ]
    result: dict[str, Any] = {
        "sentences": len(rows),
        "labels": dict(Counter(row["label"] for row in rows)),
    }
    for minimum in MINIMUMS:
        tp = sum(pos and c >= minimum for pos, _, c in confidences)
        fp = sum((not pos) and c >= minimum for pos, _, c in confidences)
        fn = sum(pos and c < minimum for pos, _, c in confidences)
        result[f"min_confidence_{minimum}"] = {
            "precision": _ratio(tp, tp + fp),
            "recall": _ratio(tp, tp + fn),
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    genres: dict[str, Counter[str]] = {}
    for pos, genre, c in confidences:
        flagged = c >= DEFAULT_MIN_CONFIDENCE
        outcome = ("tp" if flagged else "fn") if pos else ("fp" if flagged else "tn")
        genres.setdefault(genre, Counter())[outcome] += 1
    result["by_genre"] = {g: dict(sorted(c.items())) for g, c in sorted(genres.items())}
    return result


def _confidence(sentence: str) -> float:
    hit = check_sentence(sentence)
    return 0.0 if hit is None else hit.confidence


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="+", type=Path, help="blind sets (JSON lines)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {}
    try:
        for path in args.sets:
            figures[str(path)] = score_set(read_set(path))
    except (OSError, BlindSetError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for name, entry in figures.items():
        print(f"{name}: {entry['sentences']} sentences, labels {entry['labels']}")
        for minimum in MINIMUMS:
            f = entry[f"min_confidence_{minimum}"]
            print(
                f"  min {minimum}: precision {f['precision']:.3f} recall {f['recall']:.3f}"
                f" (tp {f['tp']}, fp {f['fp']}, fn {f['fn']})"
            )
        for genre, counts in entry["by_genre"].items():
            print(f"  {genre}: {counts}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

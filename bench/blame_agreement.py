"""How far two careful people agree on blame in real prose: the ceiling for any checker.

    PYTHONPATH=src python bench/blame_agreement.py  → bench/results/blame_agreement.json

A second labeller, who had read neither the code nor the corpus labels, labelled 700 real
sentences of the committed corpus (tests/data/quality/blame_second_labels.jsonl) by the guide
(docs/blame-labelling.md): every real sentence the corpus labels `blame` or `mild`, and a random
sample of the real sentences it labels `none`, shuffled, with nothing to tell them apart. Taking
the corpus labels as truth, the second labeller's precision and recall are what a perfect
checker that thinks like another person would score. Because the sample over-represents
positives, precision is also given at the corpus's own base rate: the second labeller's rate
of flags on `none` sentences, applied to every real `none` sentence of the corpus.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "quality" / "blame_corpus.jsonl"
SECOND = ROOT / "tests" / "data" / "quality" / "blame_second_labels.jsonl"
RESULTS = ROOT / "bench" / "results" / "blame_agreement.json"


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _ratio(top: float, bottom: float) -> float | None:
    return round(top / bottom, 3) if bottom else None


def agreement(corpus: list[dict[str, Any]], second: list[dict[str, Any]]) -> dict[str, Any]:
    """Confusion of the two labellings (positive = blame or mild) and the figures above."""
    real = [row for row in corpus if row.get("source") != "written"]
    first = {row["text"]: row for row in real}
    pairs = Counter((first[row["text"]]["label"], row["label"]) for row in second)
    both = sum(n for (a, b), n in pairs.items() if a != "none" and b != "none")
    second_only = sum(n for (a, b), n in pairs.items() if a == "none" and b != "none")
    first_only = sum(n for (a, b), n in pairs.items() if a != "none" and b == "none")
    neither = sum(n for (a, b), n in pairs.items() if a == "none" and b == "none")
    total = both + second_only + first_only + neither
    observed = (both + neither) / total
    first_rate = (both + first_only) / total
    second_rate = (both + second_only) / total
    chance = first_rate * second_rate + (1 - first_rate) * (1 - second_rate)
    negatives_sampled = second_only + neither
    corpus_negatives = sum(row["label"] == "none" for row in real)
    expected_fp = second_only / negatives_sampled * corpus_negatives
    by_round: dict[str, Counter[str]] = {}
    for row in second:
        truth = first[row["text"]]
        tally = by_round.setdefault(str(truth["round"]), Counter())
        a, b = truth["label"] != "none", row["label"] != "none"
        tally["both" if a and b else "second_only" if b else "first_only" if a else "neither"] += 1
    return {
        "sentences": total,
        "confusion_first_by_second": {f"{a}/{b}": n for (a, b), n in sorted(pairs.items())},
        "positives": {"first": both + first_only, "second": both + second_only, "both": both},
        "on_sample": {
            "precision": _ratio(both, both + second_only),
            "recall": _ratio(both, both + first_only),
            "f1": _ratio(2 * both, 2 * both + second_only + first_only),
            "cohen_kappa": _ratio(observed - chance, 1 - chance),
        },
        "at_corpus_base_rate": {
            "real_none_sentences": corpus_negatives,
            "expected_false_positives": round(expected_fp, 1),
            "precision": _ratio(both, both + expected_fp),
            "note": f"{second_only} of {negatives_sampled} sampled `none` sentences flagged",
        },
        "by_round": {key: dict(value) for key, value in sorted(by_round.items())},
    }


def main() -> dict[str, Any]:
    report = agreement(_rows(CORPUS), _rows(SECOND))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))

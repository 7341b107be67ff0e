"""Grouping accuracy of Hindsight's template miner on the 16 Loghub 2k sets.

The Loghub metric (Zhu et al., ICSE 2019): a line counts as correct only when the set of lines
its predicted template groups together is exactly the set of lines of its true event. Line
contents come from `*_structured.csv` (the header already split off, as the benchmark's
per-dataset log format does); masking and mining are the generic ones used at ingest.

Usage: python bench/template_accuracy.py [LOGHUB_2K_DIR]  → bench/results/template_accuracy.json
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from hindsight.ingest.templates import mask, mine

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "loghub_2k"
RESULTS = Path(__file__).resolve().parent / "results" / "template_accuracy.json"
PUBLISHED = {"Drain": 0.865, "Brain": 0.983}


def load(dataset_dir: Path) -> tuple[list[str], list[str]]:
    """(contents, true event ids) of one Loghub 2k set."""
    path = next(dataset_dir.glob("*_2k.log_structured.csv"))
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r["Content"] for r in rows], [r["EventId"] for r in rows]


def predict(contents: list[str]) -> list[str]:
    masked = [mask(c) for c in contents]
    templates = mine(Counter(masked))
    return [templates[m] for m in masked]


def grouping_accuracy(truth: list[str], predicted: list[str]) -> float:
    true_groups: dict[str, set[int]] = defaultdict(set)
    pred_groups: dict[str, set[int]] = defaultdict(set)
    for index, (t, p) in enumerate(zip(truth, predicted, strict=True)):
        true_groups[t].add(index)
        pred_groups[p].add(index)
    true_sets = {frozenset(s) for s in true_groups.values()}
    correct = sum(len(s) for s in pred_groups.values() if frozenset(s) in true_sets)
    return correct / len(truth)


def evaluate(root: Path) -> dict[str, object]:
    per_system: dict[str, float] = {}
    started = time.perf_counter()
    for dataset_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        contents, truth = load(dataset_dir)
        per_system[dataset_dir.name] = round(grouping_accuracy(truth, predict(contents)), 4)
    mean = sum(per_system.values()) / len(per_system)
    return {
        "metric": "grouping accuracy (Loghub 2k)",
        "per_system": per_system,
        "mean": round(mean, 4),
        "published_mean": PUBLISHED,
        "seconds": round(time.perf_counter() - started, 2),
    }


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR
    result = evaluate(root)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

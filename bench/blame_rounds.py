"""Blame check by labelling round: rules alone and rules + learned model, real vs written prose.

    PYTHONPATH=src python bench/blame_rounds.py [FILE.jsonl ...] [--errors]

Without a file, the labelled corpus (tests/data/quality/blame_corpus.jsonl). Each row needs
`text` and `label` (blame / mild / none); `round` and `source` ("written" or a real file) group
the figures. A sentence counts as flagged when `check_sentence` finds something at lint's default
minimum confidence; `blame` and `mild` both count as positive. `--errors` lists the misses and
false positives of rules + model. Writes nothing: the figures are for the notes of whoever runs it
and must say whether the rows were read before (in-sample) or not.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from hindsight.quality.blame import DEFAULT_MIN_CONFIDENCE, check_sentence

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "quality" / "blame_corpus.jsonl"


class Tally:
    """Confusion counts of one group."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = self.n = 0

    def add(self, flagged: bool, positive: bool) -> None:
        self.n += 1
        self.tp += flagged and positive
        self.fp += flagged and not positive
        self.fn += positive and not flagged

    def __str__(self) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")
        return (
            f"n={self.n:5d} pos={self.tp + self.fn:4d} tp={self.tp:4d} fp={self.fp:3d} "
            f"fn={self.fn:3d} P={precision:.3f} R={recall:.3f}"
        )


def flagged(text: str, *, learned: bool) -> bool:
    hit = check_sentence(text, learned=learned)
    return hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv if not a.startswith("--")] or [CORPUS]
    tallies: dict[tuple[str, str, bool], Tally] = defaultdict(Tally)
    errors = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            kind = "written" if row.get("source", "written") == "written" else "real"
            positive = row["label"] != "none"
            for learned in (False, True):
                got = flagged(row["text"], learned=learned)
                for key in ((str(row.get("round", "?")), kind), ("all", kind), ("all", "all")):
                    tallies[(*key, learned)].add(got, positive)
                if learned and got != positive:
                    errors.append(("FP" if got else "FN", kind, row["label"], row["text"]))
    for group in sorted({k[:2] for k in tallies}):
        print(*group, "rules:", tallies[(*group, False)], "| +model:", tallies[(*group, True)])
    if "--errors" in argv:
        for error in sorted(errors):
            print(" | ".join(error))


if __name__ == "__main__":
    main(sys.argv[1:])

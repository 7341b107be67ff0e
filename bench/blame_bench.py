"""Blameless-language check: speed on a 5,000-word postmortem, and accuracy on the labelled set.

Speed: a 5,000-word postmortem assembled from the labelled sentences (incident prose, both blame
and blameless) is checked with `find_blame` (cold: first call compiles the rules; warm: median of
20 runs) and with the full `lint` over an Incident carrying the same prose. Bar: under 1 s.
Accuracy: precision and recall on the dev split (rules tuned on it) and the held-out test split.
Real prose: how many sentences of the DFDS postmortems (../shared/data, MIT) are flagged, listed
for a reader to judge. Writes bench/results/blame_bench.json.
"""

from __future__ import annotations

import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from hindsight.domain.model import Incident
from hindsight.domain.policy import default_policy
from hindsight.quality.blame import check_sentence, find_blame, sentences
from hindsight.quality.lint import lint

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "data" / "quality" / "blame_sentences.jsonl"
DFDS = ROOT.parent / "shared" / "data" / "dfds_postmortems"
RESULTS = ROOT / "bench" / "results" / "blame_bench.json"
WORDS = 5000


def labelled() -> list[dict[str, Any]]:
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line]


def postmortem_text(rows: list[dict[str, Any]], words: int) -> str:
    """Paragraphs of 5-8 labelled sentences, shuffled, until `words` words."""
    rng = random.Random(7)
    paragraphs, count = [], 0
    while count < words:
        chosen = rng.sample(rows, rng.randint(5, 8))
        paragraph = " ".join(str(r["text"]) for r in chosen)
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(paragraphs)


def timed(func: Any, *args: Any) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def accuracy(
    rows: list[dict[str, Any]], split: str, batch: int | None = None
) -> dict[str, float | int]:
    tp = fp = fn = tn = 0
    for row in rows:
        if row["split"] != split or (batch is not None and row["batch"] != batch):
            continue
        flagged = check_sentence(str(row["text"])) is not None
        tp += flagged and row["blame"]
        fp += flagged and not row["blame"]
        fn += (not flagged) and row["blame"]
        tn += (not flagged) and not row["blame"]
    return {
        "sentences": tp + fp + fn + tn,
        "precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
        "recall": round(tp / (tp + fn), 3) if tp + fn else 0.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
    }


def dfds_flags() -> dict[str, Any] | None:
    if not DFDS.exists():
        return None
    total, flagged = 0, []
    for path in sorted(DFDS.iterdir()):
        if path.name in ("LICENSE", "SOURCE.txt") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        total += sum(1 for _ in sentences(text))
        flagged += [
            {"file": path.name, "rule": h.rule, "sentence": h.sentence[:200]}
            for h in find_blame(text)
        ]
    return {"sentences": total, "flagged": len(flagged), "hits": flagged}


def main() -> int:
    rows = labelled()
    text = postmortem_text(rows, WORDS)
    cold = timed(find_blame, text)
    warm = statistics.median(timed(find_blame, text) for _ in range(20))
    paragraphs = text.split("\n\n")
    incident = Incident(
        id="INC-BENCH",
        title="bench",
        summary=paragraphs[0],
        root_cause=paragraphs[1],
        technical_details="\n\n".join(paragraphs[2:]),
    )
    lint_time = statistics.median(timed(lint, incident, default_policy()) for _ in range(10))
    result = {
        "machine": f"{platform.python_implementation()} {platform.python_version()} {platform.machine()}",
        "words": len(text.split()),
        "sentences": sum(1 for _ in sentences(text)),
        "find_blame_cold_s": round(cold, 4),
        "find_blame_warm_median_s": round(warm, 4),
        "lint_median_s": round(lint_time, 4),
        "bar_s": 1.0,
        "dev": accuracy(rows, "dev"),
        "test_held_out": accuracy(rows, "test"),
        "test_batch_2_never_tuned_on": accuracy(rows, "test", 2),
        "dfds_real_postmortems": dfds_flags(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    summary = {k: v for k, v in result.items() if k != "dfds_real_postmortems"}
    print(json.dumps(summary, indent=2))
    ok = cold < 1.0 and lint_time < 1.0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

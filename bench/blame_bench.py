"""Blameless-language check: speed, accuracy on the labelled corpus, and every finding on real prose.

Speed: a 5,000-word postmortem assembled from labelled sentences is checked with `find_blame`
(cold: first call compiles the rules; warm: median of 20 runs) and with the full `lint` over an
Incident carrying the same prose. Bar: under 1 s.

Accuracy: precision and recall of `lint`'s default (findings with confidence >= 0.5) on
tests/data/quality/blame_corpus.jsonl — the `dev` split (the rules were developed on it) and
the `heldout` split (never read while changing the rules; see docs/blame-labelling.md), the
held-out split also by real vs. written sentences; plus the older blame_sentences.jsonl set.

Real prose: every blame finding `lint` reports on all DFDS (MIT) and ICCO (GPL-3.0) postmortems
under ../shared/data, each with the label the sentence has in the corpus (or, for the few
findings on text the corpus does not hold, such as titles, the label judged by hand below), and
the false positives listed one by one.

Writes bench/results/blame.json (everything) and bench/results/blame_bench.json (the summary).
"""

from __future__ import annotations

import json
import platform
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from hindsight.domain.model import Incident
from hindsight.domain.policy import default_policy
from hindsight.quality.blame import check_sentence, find_blame, sentences
from hindsight.quality.lint import DEFAULT_MIN_CONFIDENCE, blame_findings, lint

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "quality"
CORPUS = DATA / "blame_corpus.jsonl"
OLD_SET = DATA / "blame_sentences.jsonl"
SHARED = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "bench" / "results"
WORDS = 5000

# Findings on real postmortems whose sentence is not in the corpus (titles are linted but were
# not sampled), labelled by hand by docs/blame-labelling.md after the final evaluation.
JUDGED_BY_HAND = {
    "roblox 73-hour outage due to consul and boltdb issues (october 2021)": "none",
    "firefox add-ons outage due to certificate expiration": "none",
    "human error.": "mild",
}


# Each round's one evaluation while it was held out (docs/blame-labelling.md), at the default
# minimum confidence: the honest estimate of unseen prose. Round 8 was scored three times before
# its sentences were read: with the rules of round 7; with the lexicon layer (blame_lexicon.py)
# added, written from the kinds of blame earlier rounds missed; and with the learned model
# trained on rounds 1-7 added as well.
FIRST_SCORING = {
    "round_1": {"precision": 0.963, "recall": 0.772, "sentences": 636},
    "round_2": {"precision": 0.963, "recall": 0.664, "sentences": 871},
    "round_3": {"precision": 0.932, "recall": 0.850, "sentences": 840},
    "round_4": {"precision": 0.986, "recall": 0.657, "sentences": 608},
    "round_5": {"precision": 1.000, "recall": 0.859, "sentences": 567},
    "round_6": {"precision": 1.000, "recall": 0.859, "sentences": 548},
    "round_7": {"precision": 1.000, "recall": 0.798, "sentences": 443},
    "round_8_rules_of_round_7": {"precision": 0.986, "recall": 0.627, "sentences": 205},
    "round_8_plus_lexicon_layer": {"precision": 1.000, "recall": 0.727, "sentences": 205},
    "round_8_plus_lexicon_and_model": {"precision": 0.958, "recall": 0.836, "sentences": 205},
    # round 10: real prose of other projects, blame + mild as positive, totals of the whole half
    # (including the rows whose sources state no licence, which are not in the corpus)
    "round_10_dev_real_before_reading_rules_of_round_8": {
        "precision": 0.286, "recall": 0.091, "sentences": 1360,
    },
    "round_10_heldout_real_main_before_round_4": {
        "precision": 0.154, "recall": 0.085, "sentences": 2366,
    },
    "round_10_heldout_real_final": {"precision": 0.160, "recall": 0.085, "sentences": 2366},
    "round_10_heldout_written_final": {"precision": 0.957, "recall": 0.804, "sentences": 103},
    # round 11: a second blind labeller, real prose of yet other projects (openSUSE, the UK
    # Ministry of Justice cloud platform, hachyderm, void-linux, GitHub issue threads, forums);
    # kept out of the repository (most threads state no licence); totals only
    "round_11_real_main_before_round_4": {"precision": 0.400, "recall": 0.182, "sentences": 1634},
    "round_11_real_before_model_retrain": {"precision": 0.467, "recall": 0.212, "sentences": 1634},
    "round_11_real_final": {"precision": 0.438, "recall": 0.212, "sentences": 1634},
    "round_11_real_final_rules_only": {"precision": 0.458, "recall": 0.167, "sentences": 1634},
}  # fmt: skip


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def postmortem_text(corpus: list[dict[str, Any]], words: int) -> str:
    """Paragraphs of 5-8 labelled sentences, shuffled, until `words` words."""
    rng = random.Random(7)
    paragraphs, count = [], 0
    while count < words:
        chosen = rng.sample(corpus, rng.randint(5, 8))
        paragraph = " ".join(str(r["text"]) for r in chosen)
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(paragraphs)


def timed(func: Any, *args: Any) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def scores(
    labelled: list[tuple[str, bool]], threshold: float, *, learned: bool = True
) -> dict[str, float | int]:
    tp = fp = fn = tn = 0
    for text, positive in labelled:
        hit = check_sentence(text, learned=learned)
        flagged = hit is not None and hit.confidence >= threshold
        tp += flagged and positive
        fp += flagged and not positive
        fn += (not flagged) and positive
        tn += (not flagged) and not positive
    return {
        "sentences": tp + fp + fn + tn,
        "positives": tp + fn,
        "precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
        "recall": round(tp / (tp + fn), 3) if tp + fn else 0.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
    }


def corpus_accuracy(corpus: list[dict[str, Any]]) -> dict[str, Any]:
    def part(keep: Any) -> list[tuple[str, bool]]:
        return [(str(r["text"]), r["label"] != "none") for r in corpus if keep(r)]

    parts = {
        "dev": part(lambda r: r["split"] == "dev"),
        "heldout": part(lambda r: r["split"] == "heldout"),
        "heldout_real": part(lambda r: r["split"] == "heldout" and r["source"] != "written"),
        "heldout_written": part(lambda r: r["split"] == "heldout" and r["source"] == "written"),
    }
    for round_id in sorted({str(r["round"]) for r in corpus if r["split"] == "dev"}):
        parts[f"dev_round_{round_id}"] = part(
            lambda r, k=round_id: (
                r["split"] == "dev"
                and str(r["round"]) == k
                and not (k == "10" and r.get("was_heldout"))
            )
        )
    # round 10's held-out half, added after its one scoring (never tuned on)
    parts["round_10_was_heldout_real"] = part(
        lambda r: str(r["round"]) == "10" and r.get("was_heldout") and r["source"] != "written"
    )
    result: dict[str, Any] = {
        "heldout_rounds": sorted({str(r["round"]) for r in corpus if r["split"] == "heldout"}),
        "note": "dev: every round so far; the rules and the model were developed on it (rounds "
        "1-8 were each held out once, before being read; 8b was written afterwards and never held "
        "out). The model is trained on dev, so dev figures with it are in-sample: see "
        "first_scoring and leave_one_round_out for estimates of unseen prose.",
        "first_scoring": FIRST_SCORING,
    }
    for name, labelled in parts.items():
        if not labelled:
            continue  # no held-out round in the corpus now: round 9 is scored by the lead
        result[name] = scores(labelled, DEFAULT_MIN_CONFIDENCE)
        if not name.startswith("dev_round_"):
            result[f"{name}_min_confidence_0.7"] = scores(labelled, 0.7)
            result[f"{name}_rules_only"] = scores(labelled, DEFAULT_MIN_CONFIDENCE, learned=False)
    model = RESULTS / "blame_model.json"
    if model.exists():
        result["leave_one_round_out"] = json.loads(model.read_text(encoding="utf-8"))
    return result


def old_set_accuracy() -> dict[str, Any]:
    old = rows(OLD_SET)
    return {
        split: scores(
            [(str(r["text"]), bool(r["blame"])) for r in old if r["split"] == split],
            DEFAULT_MIN_CONFIDENCE,
        )
        for split in ("dev", "test")
    }


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[*_`#>]+", "", text).split()).lower()


def real_postmortems(corpus: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Every blame finding `lint` reports on the real DFDS and ICCO postmortems, judged."""
    from hindsight.render.markdown import parse_markdown

    dfds, icco = SHARED / "dfds_postmortems", SHARED / "icco_postmortems" / "data"
    if not dfds.exists() or not icco.exists():
        return None
    files = [
        p for p in sorted(dfds.iterdir()) if p.name.startswith("PM") and "template" not in p.name
    ]
    files += sorted(icco.glob("*.md"))
    labels = {_normal(str(r["text"])): str(r["label"]) for r in corpus}
    labels.update(JUDGED_BY_HAND)
    findings, below = [], 0
    for path in files:
        incident = parse_markdown(path.read_text(encoding="utf-8", errors="replace"), str(path))
        for finding in blame_findings(incident.incident, min_confidence=0.0):
            if (finding.confidence or 0.0) < DEFAULT_MIN_CONFIDENCE:
                below += 1
                continue
            label = labels.get(_normal(finding.excerpt or ""), "unjudged")
            findings.append(
                {
                    "file": f"{path.parent.name}/{path.name}",
                    "field": finding.field,
                    "rule": finding.rule,
                    "confidence": finding.confidence,
                    "label": label,
                    "sentence": finding.excerpt,
                }
            )
    false_positives = [f for f in findings if f["label"] == "none"]
    return {
        "files": len(files),
        "min_confidence": DEFAULT_MIN_CONFIDENCE,
        "findings": len(findings),
        "blame": sum(f["label"] == "blame" for f in findings),
        "mild": sum(f["label"] == "mild" for f in findings),
        "false_positives": len(false_positives),
        "unjudged": sum(f["label"] == "unjudged" for f in findings),
        "below_min_confidence": below,
        "false_positive_list": false_positives,
        "all_findings": findings,
    }


def main() -> int:
    corpus = rows(CORPUS)
    text = postmortem_text(corpus, WORDS)
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
    summary: dict[str, Any] = {
        "machine": f"{platform.python_implementation()} {platform.python_version()} "
        f"{platform.machine()}",
        "words": len(text.split()),
        "sentences": sum(1 for _ in sentences(text)),
        "find_blame_cold_s": round(cold, 4),
        "find_blame_warm_median_s": round(warm, 4),
        "lint_median_s": round(lint_time, 4),
        "bar_s": 1.0,
        "corpus": corpus_accuracy(corpus),
        "older_set_blame_sentences": old_set_accuracy(),
    }
    real = real_postmortems(corpus)
    result = {**summary, "real_postmortems": real}
    if real is not None:
        summary["real_postmortems"] = {k: v for k, v in real.items() if k != "all_findings"}
    RESULTS.mkdir(parents=True, exist_ok=True)
    for name, content in (("blame.json", result), ("blame_bench.json", summary)):
        (RESULTS / name).write_text(
            json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    printed = {k: v for k, v in summary.items() if k != "real_postmortems"}
    if real is not None:
        printed["real_postmortems"] = {k: v for k, v in real.items() if not k.endswith("list")}
        printed["real_postmortems"].pop("all_findings", None)
    print(json.dumps(printed, indent=2))
    return 0 if cold < 1.0 and lint_time < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())

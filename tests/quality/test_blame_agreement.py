"""The second labeller's set and the agreement figure that bench/blame_agreement.py reports."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import blame_agreement as bench  # noqa: E402


def test_second_labels_cover_only_committed_real_sentences() -> None:
    corpus = bench._rows(bench.CORPUS)
    real = {row["text"] for row in corpus if row.get("source") != "written"}
    second = bench._rows(bench.SECOND)
    assert len(second) == 700
    assert all(row["text"] in real for row in second)
    assert {row["label"] for row in second} <= {"blame", "mild", "none"}


def test_agreement_counts_both_sides_and_scales_precision_to_the_base_rate() -> None:
    corpus = [
        {"text": f"s{i}", "label": label, "round": 1, "source": "x.md"}
        for i, label in enumerate(["blame", "mild", "blame", "none", "none", "none"])
    ] + [{"text": f"n{i}", "label": "none", "round": 1, "source": "x.md"} for i in range(94)]
    second = [
        {"text": "s0", "label": "blame"},
        {"text": "s1", "label": "none"},
        {"text": "s2", "label": "mild"},
        {"text": "s3", "label": "blame"},
        {"text": "s4", "label": "none"},
        {"text": "s5", "label": "none"},
    ]
    report = bench.agreement(corpus, second)
    assert report["positives"] == {"first": 3, "second": 3, "both": 2}
    assert report["on_sample"]["precision"] == round(2 / 3, 3)
    assert report["on_sample"]["recall"] == round(2 / 3, 3)
    # one of the three sampled `none` sentences flagged → a third of the corpus's 97 `none`
    assert report["at_corpus_base_rate"]["expected_false_positives"] == round(97 / 3, 1)
    assert report["at_corpus_base_rate"]["precision"] == round(2 / (2 + 97 / 3), 3)

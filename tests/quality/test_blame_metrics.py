"""Precision and recall of the blame check on the labelled sentence set (see README.md there).

Computed from the data on every run: the dev split is what the rules were tuned on, the test
split was written before the rules and held out. Both must reach 0.9.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from hindsight.quality.blame import check_sentence
from tests.conftest import TEST_DATA

LABELLED = TEST_DATA / "quality" / "blame_sentences.jsonl"


def rows() -> list[dict[str, object]]:
    with LABELLED.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_the_labelled_set_is_large_balanced_and_split() -> None:
    data = rows()
    assert len(data) >= 300
    assert {r["split"] for r in data} == {"dev", "test"}
    assert all(isinstance(r["blame"], bool) and r["batch"] in (1, 2) for r in data)
    labels = Counter((r["split"], r["blame"]) for r in data)
    for split in ("dev", "test"):
        assert labels[(split, True)] >= 40 and labels[(split, False)] >= 40
    assert len({r["text"] for r in data}) == len(data), "duplicate sentences"
    assert any(str(r["source"]).startswith("dfds_postmortems/") for r in data)


@pytest.mark.parametrize("split", ["dev", "test"])
def test_precision_and_recall_reach_the_bar(split: str) -> None:
    counts: Counter[str] = Counter()
    for row in rows():
        if row["split"] != split:
            continue
        flagged = check_sentence(str(row["text"])) is not None
        counts[("t" if flagged == row["blame"] else "f") + ("p" if flagged else "n")] += 1
    precision = counts["tp"] / (counts["tp"] + counts["fp"])
    recall = counts["tp"] / (counts["tp"] + counts["fn"])
    assert precision >= 0.9, f"{split}: precision {precision:.3f} ({dict(counts)})"
    assert recall >= 0.9, f"{split}: recall {recall:.3f} ({dict(counts)})"

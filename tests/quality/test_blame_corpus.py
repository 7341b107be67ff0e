"""The labelled real-prose corpus for the blame check (docs/blame-labelling.md) and its figures.

Precision and recall are computed from the data on every run, at lint's default minimum
confidence. `dev` is what the rules were developed on (rounds 1-7, each of which was held out
once before it was read); `heldout` is round 8, labelled before the last change to the rules and
scored once. The floors asserted here are just under the measured values (dev: precision 0.999,
recall 0.986 on 5,443 sentences; held-out round 8: precision 0.986, recall 0.627 on 205 written
sentences): held-out recall does not reach the 0.9 of issue 12, and this test says so rather
than hiding it.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from hindsight.quality.blame import check_sentence
from hindsight.quality.lint import DEFAULT_MIN_CONFIDENCE
from tests.conftest import TEST_DATA

CORPUS = TEST_DATA / "quality" / "blame_corpus.jsonl"
SOURCES = ("written", "dfds_postmortems/", "icco_postmortems/data/")


def rows() -> list[dict[str, object]]:
    with CORPUS.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_the_corpus_is_large_mostly_real_labelled_and_split() -> None:
    data = rows()
    assert len(data) >= 1500
    assert {r["label"] for r in data} == {"blame", "mild", "none"}
    assert {r["split"] for r in data} == {"dev", "heldout"}
    assert all(str(r["source"]).startswith(SOURCES) for r in data)
    assert len({r["text"] for r in data}) == len(data), "duplicate sentences"
    real = [r for r in data if r["source"] != "written"]
    assert len(real) >= 1500
    assert {str(r["source"]).split("/")[0] for r in real} == {
        "dfds_postmortems",
        "icco_postmortems",
    }
    held = [r for r in data if r["split"] == "heldout"]
    # The held-out part is the newest round alone, labelled before the rules last changed; every
    # real DFDS/ICCO sentence was labelled by round 7, so round 8 is written sentences only.
    assert len({r["round"] for r in held}) == 1
    assert min(int(str(r["round"])) for r in held) > max(
        int(str(r["round"])) for r in data if r["split"] == "dev"
    )
    assert sum(r["split"] == "dev" and r.get("was_heldout") is True for r in data) >= 400
    labels = Counter((r["split"], r["label"] != "none") for r in data)
    assert labels[("heldout", True)] >= 80 and labels[("dev", True)] >= 500


def scores(split: str, *, real_only: bool = False) -> tuple[float, float, Counter[str]]:
    counts: Counter[str] = Counter()
    for row in rows():
        if row["split"] != split or (real_only and row["source"] == "written"):
            continue
        hit = check_sentence(str(row["text"]))
        flagged = hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE
        counts[
            ("t" if flagged == (row["label"] != "none") else "f") + ("p" if flagged else "n")
        ] += 1
    precision = counts["tp"] / (counts["tp"] + counts["fp"])
    recall = counts["tp"] / (counts["tp"] + counts["fn"])
    return precision, recall, counts


@pytest.mark.parametrize(
    ("split", "precision_floor", "recall_floor"), [("dev", 0.99, 0.98), ("heldout", 0.98, 0.62)]
)
def test_precision_and_recall_on_the_corpus(
    split: str, precision_floor: float, recall_floor: float
) -> None:
    precision, recall, counts = scores(split)
    assert precision >= precision_floor, f"{split}: precision {precision:.3f} ({dict(counts)})"
    assert recall >= recall_floor, f"{split}: recall {recall:.3f} ({dict(counts)})"


def test_real_prose_is_almost_never_flagged_wrongly() -> None:
    counts: Counter[str] = Counter()
    for row in rows():
        if row["source"] != "written" and row["label"] == "none":
            hit = check_sentence(str(row["text"]))
            counts["fp"] += hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE
    assert counts["fp"] <= 2, dict(counts)

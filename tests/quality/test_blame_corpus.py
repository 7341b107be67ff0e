"""The labelled real-prose corpus for the blame check (docs/blame-labelling.md) and its figures.

Precision and recall are computed from the data on every run, at lint's default minimum
confidence. Every round is `dev` now (rounds 1-8 were each held out once before they were read;
8b was written afterwards): the next held-out round is scored by the lead outside this corpus.
The floors asserted here are just under the measured values (dev: precision 0.981, recall
0.994 with the learned model, which is trained on this corpus but regularised for unseen prose
rather than fitted to it, and 0.999 / 0.966 with the rules alone). They guard against regressions, not generalisation: for that see the first scoring of
each round and the leave-one-round-out figures in bench/results/blame.json.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

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
    assert {r["split"] for r in data} == {"dev"}
    assert all(
        str(r["source"]).startswith(SOURCES) or str(r["round"]) in OUTSIDE_ROUNDS for r in data
    )
    # the same sentence may occur in two publications (round 10 repeats three ICCO/DFDS ones)
    occurrences = {(r["text"], str(r["source"]).split("/")[0]) for r in data}
    assert len(occurrences) == len(data), "duplicate sentences"
    real = [r for r in data if r["source"] != "written"]
    assert len(real) >= 1500
    assert {
        str(r["source"]).split("/")[0] for r in real if str(r["round"]) not in OUTSIDE_ROUNDS
    } == {
        "dfds_postmortems",
        "icco_postmortems",
    }
    # Round 8 was held out and scored once before it was read; 8b was written afterwards and
    # marked so. A held-out round is never stored here once it has been read.
    assert not [r for r in data if r["split"] == "heldout"]
    assert {str(r["round"]) for r in data} >= {"1", "2", "3", "4", "5", "6", "7", "8", "8b"}
    assert all(r.get("note") for r in data if str(r["round"]) == "8b")
    assert sum(r["split"] == "dev" and r.get("was_heldout") is True for r in data) >= 600
    labels = Counter(r["label"] != "none" for r in data)
    assert labels[True] >= 900


# Round 10 is real prose from outside DFDS/ICCO (other public postmortems, blogs, student project
# reviews) labelled by someone who never saw the rules. Its development half was scored before
# it was read (docs/blame-labelling.md) and then tuned on; it has floors of its own. Its
# held-out half (`was_heldout`) was scored once with the final code of round 4 and then added
# (rows whose source states a licence): the rules were never tuned on it, so it is kept apart.
OUTSIDE_ROUNDS = frozenset({"10"})
# Rounds 15a and 15b: sentences two blind writers wrote in the style of issue threads, forums,
# news and regulators' reports (docs/blame-labelling.md, round 15). The model is trained on
# them; no rule was written from them. Kept apart with floors of their own.
BLIND_WRITTEN_ROUNDS = frozenset({"15a", "15b"})


def held_out_of_round_10(row: dict[str, object]) -> bool:
    return str(row["round"]) in OUTSIDE_ROUNDS and bool(row.get("was_heldout"))


def confusion(chosen: Iterable[dict[str, object]], *, learned: bool = True) -> Counter[str]:
    """tp / fp / fn / tn of the linter (lint's default minimum confidence) on `chosen` rows."""
    counts: Counter[str] = Counter()
    for row in chosen:
        hit = check_sentence(str(row["text"]), learned=learned)
        flagged = hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE
        counts[
            ("t" if flagged == (row["label"] != "none") else "f") + ("p" if flagged else "n")
        ] += 1
    return counts


def scores(
    split: str, *, learned: bool = True, outside: bool = False
) -> tuple[float, float, Counter[str]]:
    """Precision, recall and counts on `split`: rounds 1-8b, or with `outside` round 10."""
    counts = confusion(
        (
            row
            for row in rows()
            if row["split"] == split
            and (str(row["round"]) in OUTSIDE_ROUNDS) == outside
            and str(row["round"]) not in BLIND_WRITTEN_ROUNDS
            and not held_out_of_round_10(row)
        ),
        learned=learned,
    )
    if not counts:
        pytest.skip(f"no {split} rows {'outside' if outside else 'inside'} DFDS/ICCO rounds")
    precision = counts["tp"] / (counts["tp"] + counts["fp"])
    recall = counts["tp"] / (counts["tp"] + counts["fn"])
    return precision, recall, counts


@pytest.mark.parametrize(
    ("learned", "precision_floor", "recall_floor"), [(True, 0.975, 0.98), (False, 0.99, 0.96)]
)
def test_precision_and_recall_on_the_corpus(
    learned: bool, precision_floor: float, recall_floor: float
) -> None:
    precision, recall, counts = scores("dev", learned=learned)
    assert precision >= precision_floor, f"precision {precision:.3f} ({dict(counts)})"
    assert recall >= recall_floor, f"recall {recall:.3f} ({dict(counts)})"


# Measured on round 10 dev after tuning on it: rules 1.000 / 0.825, with the model of round 8
# 0.977 / 0.887 (1,462 sentences, 97 positive). Floors under that; a retrained model may move
# its pair either way, so its floors leave more room.
@pytest.mark.parametrize(
    ("learned", "precision_floor", "recall_floor"), [(True, 0.93, 0.80), (False, 0.97, 0.78)]
)
def test_precision_and_recall_on_prose_from_outside(
    learned: bool, precision_floor: float, recall_floor: float
) -> None:
    precision, recall, counts = scores("dev", learned=learned, outside=True)
    assert precision >= precision_floor, f"precision {precision:.3f} ({dict(counts)})"
    assert recall >= recall_floor, f"recall {recall:.3f} ({dict(counts)})"


def test_real_prose_is_almost_never_flagged_wrongly() -> None:
    """No false positive on real prose: DFDS/ICCO with the model, every real row by the rules."""
    wrong: list[str] = []
    for row in rows():
        if row["source"] == "written" or row["label"] != "none" or held_out_of_round_10(row):
            continue
        outside = str(row["round"]) in OUTSIDE_ROUNDS
        hit = check_sentence(str(row["text"]), learned=not outside)
        if hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE:
            wrong.append(str(row["text"]))
    assert wrong == []


def test_the_held_out_half_of_round_10_as_scored_once() -> None:
    """Round 10's held-out half, scored once (real prose: precision 0.16, recall 0.085 on all of
    it; the rows in the repository: 2 of 31 blaming sentences found, 17 harmless ones flagged).
    Since round 5 it is TUNED ON: the shipped model is trained on these rows and the guard's
    judging-word test was written after reading their misses, so the figures below (14 found,
    13 flagged wrongly, measured) are in-sample, not an estimate. Left out by project (the model
    trained without the project's sentences) the linter found 4 of 31 with 17 wrong at the
    shipped threshold (0.88; docs/blame-labelling.md)."""
    counts: Counter[str] = Counter()
    for row in rows():
        if not held_out_of_round_10(row) or row["source"] == "written":
            continue
        hit = check_sentence(str(row["text"]))
        flagged = hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE
        counts[
            ("t" if flagged == (row["label"] != "none") else "f") + ("p" if flagged else "n")
        ] += 1
    assert counts["tp"] + counts["fn"] >= 30
    assert counts["tp"] >= 12 and counts["fp"] <= 13, dict(counts)


def test_the_blind_writers_of_round_15() -> None:
    """Rounds 15a/15b (1,479 sentences, 414 blaming or mild), scored before any use: 0.841 /
    0.611 with the model of round 14. The shipped model is trained on them, so the figures now
    (0.903 / 0.698 with it, 0.880 / 0.551 by the rules alone) are in-sample for the model; the
    held-out estimate is the real-prose set of round 15 (docs/blame-labelling.md)."""
    blind = [row for row in rows() if str(row["round"]) in BLIND_WRITTEN_ROUNDS]
    for learned, precision_floor, recall_floor in ((True, 0.89, 0.68), (False, 0.86, 0.53)):
        counts = confusion(blind, learned=learned)
        assert counts["tp"] + counts["fn"] >= 400, dict(counts)
        assert counts["tp"] / (counts["tp"] + counts["fp"]) >= precision_floor, dict(counts)
        assert counts["tp"] / (counts["tp"] + counts["fn"]) >= recall_floor, dict(counts)

"""The model-answer checker on the labelled DFDS claims (tests/draft/citations.py), development
half only; the held-out half is measured by bench/draft_eval.py."""

from __future__ import annotations

from tests.conftest import shared_data
from tests.draft.citations import claims, facts_only, score, split


def test_checker_catches_wrong_citations_and_keeps_right_ones() -> None:
    development, held_out = split(shared_data("dfds_postmortems"))
    assert (len(development), len(held_out)) == (23, 16)
    found = score(claims([facts_only(p) for p in development]))
    assert found.unsupported > 100 and found.supported > 300
    assert found.caught >= 0.9, found
    assert found.false_alarms <= 0.05, found

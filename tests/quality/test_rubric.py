"""The rubric: scores with reasons, weights, the pass mark, and rubric files that are wrong."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hindsight.domain.model import Impact
from hindsight.domain.policy import default_policy
from hindsight.errors import InvalidInput
from hindsight.quality.rubric import (
    CRITERIA,
    default_rubric,
    load_rubric,
    score,
    workspace_rubric,
)
from tests.quality.factory import good_incident

NOW = datetime(2025, 12, 20, 12, 0, tzinfo=UTC)


def by_key(card: object) -> dict[str, object]:
    return {c.key: c for c in card.criteria}  # type: ignore[attr-defined]


def test_the_shipped_rubric_has_every_criterion_weighted() -> None:
    rubric = default_rubric()
    assert [c.key for c in rubric.criteria] == list(CRITERIA)
    assert rubric.pass_mark == 3.5
    assert all(c.weight > 0 and set(c.levels) <= {1, 2, 3, 4, 5} for c in rubric.criteria)


def test_a_complete_postmortem_scores_five_and_passes() -> None:
    card = score(good_incident(NOW), default_policy(), now=NOW)
    assert card.passed and card.average == 5.0
    for criterion in card.criteria:
        assert criterion.score == 5 and criterion.reason and criterion.how_to_raise is None


def test_a_thin_postmortem_fails_with_reasons_and_ways_to_raise() -> None:
    thin = good_incident(
        NOW,
        timeline=[],
        why_chains=[],
        root_cause="",
        actions=[],
        impact=Impact(),
        summary="",
        factors=[],
        reviews=[],
        detected_at=None,
        mitigated_at=None,
    )
    card = score(thin, default_policy(), now=NOW)
    assert not card.passed and card.average < 3.5
    scores = by_key(card)
    assert scores["actions"].score == 1 and "no actions" in scores["actions"].reason  # type: ignore[attr-defined]
    assert scores["root_cause_depth"].score == 1  # type: ignore[attr-defined]
    low = [c for c in card.criteria if c.score < 5]
    assert low and all(c.how_to_raise for c in low)
    assert card.lowest() is not None and card.lowest().score == 1  # type: ignore[union-attr]


def test_blame_lowers_the_tone_score() -> None:
    incident = good_incident(NOW, went_wrong=["Marcus forgot to run the config linter."])
    tone = by_key(score(incident, default_policy(), now=NOW))["blameless_tone"]
    assert tone.score == 3 and "Marcus forgot" in tone.reason  # type: ignore[attr-defined]


def test_the_average_is_weighted(tmp_path: Path) -> None:
    incident = good_incident(NOW, actions=[])  # actions 1, follow-up 1, the rest 5
    path = tmp_path / "rubric.yaml"
    path.write_text("criteria:\n  actions: {weight: 3}\n  impact: {weight: 1}\n", encoding="utf-8")
    card = score(incident, default_policy(), load_rubric(path), now=NOW)
    assert [c.key for c in card.criteria] == ["actions", "impact"]
    assert card.average == pytest.approx((1 * 3 + 5 * 1) / 4)
    assert not card.passed
    path.write_text(
        "pass_mark: 1.5\ncriteria:\n  actions: {weight: 1}\n  impact: {weight: 3}\n",
        encoding="utf-8",
    )
    card = score(incident, default_policy(), load_rubric(path), now=NOW)
    assert card.average == 4.0 and card.passed


@pytest.mark.parametrize(
    "text,expected",
    [
        ("criteria:\n  vibes: {weight: 1}\n", "criteria.vibes: unknown criterion"),
        (
            "criteria:\n  impact: {weight: 1, levels: {6: great}}\n",
            "criteria.impact.levels: score 6 is outside 1-5",
        ),
        ("criteria:\n  impact: {weight: 1, levels: {0: none}}\n", "score 0 is outside 1-5"),
        (
            "criteria:\n  impact: {weight: heavy}\n",
            "criteria.impact.weight: 'heavy' is not a number",
        ),
        ("criteria:\n  impact: {weight: -1}\n", "criteria.impact.weight: -1.0 is negative"),
        ("criteria:\n  impact: {weight: 0}\n", "weights must add up to more than 0"),
        ("criteria:\n  impact: {wieght: 2}\n", "criteria.impact: unknown key(s) wieght"),
        ("criteria: [impact]\n", "expected a mapping with a 'criteria' mapping"),
        ("pass_mark: 7\ncriteria:\n  impact: {}\n", "pass_mark 7.0 is outside 1-5"),
        ("criteria:\n  impact: {weight: 1\n", "rubric.yaml:3: not valid YAML"),
    ],
)
def test_rubric_file_errors_name_the_entry(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "rubric.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        load_rubric(path)
    assert expected in info.value.message
    assert str(path) in info.value.message


def test_a_workspace_rubric_replaces_the_default(tmp_path: Path) -> None:
    assert workspace_rubric(tmp_path) == default_rubric()
    (tmp_path / "rubric.yaml").write_text(
        "pass_mark: 4\ncriteria:\n  impact: {title: Impact}\n", encoding="utf-8"
    )
    rubric = workspace_rubric(tmp_path)
    assert rubric.pass_mark == 4 and [c.key for c in rubric.criteria] == ["impact"]


def test_levels_wording_is_attached_to_each_score() -> None:
    card = score(good_incident(NOW), default_policy(), now=NOW)
    rubric = {c.key: c for c in default_rubric().criteria}
    for criterion in card.criteria:
        assert criterion.level == rubric[criterion.key].levels[criterion.score]
    assert replace(card.criteria[0], score=1).score == 1

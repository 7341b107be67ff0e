"""The learned blame model (quality/blame_model.py) over linguistic features
(quality/blame_features.py): who is the agent, what is said of them, and why it fired."""

from __future__ import annotations

import json
import time
from importlib import resources

import pytest

from hindsight.errors import HindsightError
from hindsight.quality import blame, blame_model
from hindsight.quality.blame import check_sentence
from hindsight.quality.blame_features import features, tokens, vader_valence, word_classes
from hindsight.quality.blame_model import ModelScore, load, score
from tests.conftest import TEST_DATA


@pytest.fixture(scope="module")
def lexicon() -> dict[str, str]:
    model = load()
    assert model is not None
    return model.lexicon


def names(sentence: str, lexicon: dict[str, str]) -> set[str]:
    return set(features(sentence, lexicon))


def test_tokens_split_contractions_and_possessives() -> None:
    assert tokens("Carl's team didn't check, again.") == [
        "Carl", "'s", "team", "did", "n't", "check", ",", "again",
    ]  # fmt: skip


def test_a_person_failing_and_a_system_failing_are_different_features(
    lexicon: dict[str, str],
) -> None:
    person = names("A technician failed to copy the new code to one of eight servers.", lexicon)
    system = names("The scheduler failed to copy the new code to one of eight servers.", lexicon)
    assert {"subj:ROLE", "pair:ROLE>FAIL", "pair:HUMAN>FAIL"} <= person
    assert "subj:SYSTEM" in system and not any(f.startswith("pair:HUMAN") for f in system)


def test_agent_classes_passives_possessives_and_negation(lexicon: dict[str, str]) -> None:
    assert "by:NAME" in names("The change was pushed without review by Tom.", lexicon)
    assert "poss:NAME" in names("Priya's negligence cost us the certificate.", lexicon)
    assert "pair:TEAM>not" in names("The network team did not announce the change.", lexicon)
    assert "subj:WE" in names("We failed to verify that the agent was running.", lexicon)
    assert "subj:SOMEONE" in names("Nobody on the payments team bothered to check.", lexicon)
    assert "phrase:human-error" in names("The root cause was human error.", lexicon)


def test_word_classes_come_from_the_opinion_lexicon_but_not_system_words() -> None:
    classes = word_classes(vader_valence())
    assert classes["useless"] in ("CHARACTER", "NEGATIVE")
    assert classes["engineer"] == "ROLE" and classes["vendor"] == "VENDOR"
    assert "crash" not in classes and "outage" not in classes  # systems fail, not people


def test_confidence_is_one_half_at_the_threshold_and_rises_with_probability() -> None:
    assert ModelScore(0.7, (), 0.7).confidence == 0.5
    assert ModelScore(1.0, (), 0.7).confidence == 1.0
    assert ModelScore(0.35, (), 0.7).confidence == 0.25
    assert ModelScore(0.8, (), 0.7).confidence > ModelScore(0.75, (), 0.7).confidence


@pytest.mark.parametrize(
    "sentence",
    [
        "The DBA team dropped the ball on the backup verification.",
        "Nobody on the payments team bothered to check the alert.",
        "Engineers incorrectly assumed symmetry between the two regions.",
    ],
)
def test_blame_in_ordinary_words_scores_above_the_threshold(sentence: str) -> None:
    view = score(sentence)
    assert view is not None and view.confidence >= 0.5, (sentence, view)
    assert view.evidence  # it says why


@pytest.mark.parametrize(
    "sentence",
    [
        "Ana paged the database on-call at 14:05.",
        "Terraform failed to apply the plan.",
        "The team decided to roll back the release.",
    ],
)
def test_people_and_systems_in_plain_narrative_score_below_it(sentence: str) -> None:
    view = score(sentence)
    assert view is not None and view.confidence < 0.5, (sentence, view)


def test_the_reasons_name_words_of_the_sentence() -> None:
    sentence = "The DBA team dropped the ball on the backup verification."
    view = score(sentence)
    assert view is not None
    quoted = [reason.split('"')[1] for reason in view.evidence if '"' in reason]
    assert quoted and all(q in sentence for q in quoted)


def test_model_findings_say_they_come_from_the_model_with_its_confidence() -> None:
    sentence = "The vendor's support desk sat on our ticket for three days."
    view = score(sentence)
    hit = check_sentence(sentence)
    assert view is not None
    if hit is not None and hit.rule == blame.LEARNED:
        assert "model" in hit.reason and "probability" in hit.reason
        assert hit.confidence == view.confidence
    assert blame._learned("The payments API returned errors for an hour.", frozenset()) is None


# The shipped model is trained by bench/blame_model_train.py on exactly the committed corpus
# (round 10's held-out half included, since round 5 of issue 12): retraining from the
# repository gives the same model.
TRAINED_NOT_IN_REPO = 0
ADDED_AFTER_TRAINING = 0


def test_the_shipped_model_file_is_small_complete_and_loads_fast() -> None:
    raw = (resources.files("hindsight.quality") / blame_model.MODEL_FILE).read_text(
        encoding="utf-8"
    )
    assert len(raw.encode()) < 2_000_000
    data = json.loads(raw)
    corpus = TEST_DATA / "quality" / "blame_corpus.jsonl"
    in_repo = sum(1 for line in corpus.open(encoding="utf-8") if line.strip())
    assert data["sentences"] == in_repo + TRAINED_NOT_IN_REPO - ADDED_AFTER_TRAINING
    assert 0.0 < data["threshold"] < 1.0 and len(data["weights"]) > 1000
    load.cache_clear()
    started = time.perf_counter()
    assert load() is not None and score("Kai forgot to renew the certificate.") is not None
    assert time.perf_counter() - started < 0.5


def test_a_missing_lexicon_stops_the_check_with_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without vaderSentiment the rules would quietly give other findings: say so instead."""

    def missing(package: str) -> None:
        raise ModuleNotFoundError(package)

    monkeypatch.setattr(resources, "files", missing)
    with pytest.raises(HindsightError, match="vaderSentiment"):
        vader_valence()

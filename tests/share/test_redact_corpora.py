"""The bars on labelled corpora: recall ≥ 0.99 on secrets, ≥ 0.95 per personal-data type.

The real samples are read from ../shared/data (skipped when absent); our own incident-prose
corpus (tests/data/share/incident_prose.jsonl) always runs. False positives are counted and
listed by bench/redaction_eval.py; here only gross regressions on the negatives fail.
"""

from __future__ import annotations

import json

import pytest

from hindsight.share.redact_eval import (
    read_jsonl,
    score_presidio,
    score_presidio_people_with_roster,
    score_prose,
    score_secret_cases,
)
from tests.conftest import TEST_DATA, shared_data


def test_detect_secrets_labelled_cases() -> None:
    rows = read_jsonl(shared_data("secrets", "detect-secrets", "labeled_cases_DERIVED.jsonl"))
    score = score_secret_cases("detect-secrets", rows)
    assert score.positives >= 400
    assert score.recall >= 0.99, score.misses


def test_gitleaks_rule_literals() -> None:
    rows = read_jsonl(shared_data("secrets", "gitleaks", "rules_tps_fps_literals_DERIVED.jsonl"))
    score = score_secret_cases("gitleaks", rows)
    assert score.positives >= 250
    assert score.recall >= 0.99, score.misses
    # gitleaks' negatives are mostly placeholders we redact on purpose; a flood would be a bug
    assert len(score.false_positives) <= 0.4 * score.negatives


def test_presidio_personal_data() -> None:
    path = shared_data("pii_presidio", "data", "synth_dataset_v2.json")
    scores, person, false_positives = score_presidio(json.loads(path.read_text(encoding="utf-8")))
    for kind, score in scores.items():
        assert score.positives > 0, kind
        assert score.recall >= 0.95, (kind, score.misses[:10])
    assert len(false_positives.false_positives) <= 15
    assert person.positives > 800  # PERSON without a roster is measured, not claimed


def test_presidio_people_are_redacted_when_on_the_roster() -> None:
    path = shared_data("pii_presidio", "data", "synth_dataset_v2.json")
    score = score_presidio_people_with_roster(json.loads(path.read_text(encoding="utf-8")))
    assert score.positives > 800
    assert score.recall >= 0.95, score.misses[:10]


@pytest.fixture(scope="module")
def prose() -> dict:
    return score_prose(read_jsonl(TEST_DATA / "share" / "incident_prose.jsonl"))


def test_incident_prose_secret_recall(prose: dict) -> None:
    assert prose["SECRET"].positives >= 50
    assert prose["SECRET"].recall >= 0.99, prose["SECRET"].misses


@pytest.mark.parametrize("kind", ["EMAIL", "PHONE", "IP", "CARD", "IBAN", "PERSON"])
def test_incident_prose_personal_data_recall(prose: dict, kind: str) -> None:
    assert prose[kind].positives >= 5
    assert prose[kind].recall >= 0.95, prose[kind].misses


def test_incident_prose_internals_and_false_positives(prose: dict) -> None:
    for kind in ("HOST", "URL", "CUSTOMER"):
        assert prose[kind].recall == 1.0, prose[kind].misses
    assert len(prose["false-positives"].false_positives) <= 3, prose[
        "false-positives"
    ].false_positives

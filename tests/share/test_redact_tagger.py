"""The learned name tagger: what it adds to the rules, what it leaves, and its model's
provenance (trained on exactly the labelled sets in the tree)."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from hindsight.share import redact_tagger
from hindsight.share.redact import RedactionContext, redact
from tests.conftest import TEST_DATA


def _people(text: str, rules_only: bool = False) -> set[str]:
    result = redact(text, RedactionContext(rules_only=rules_only))
    return {r.original for r in result.replacements if r.kind.value == "PERSON"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Tietosuojavastaava Aino Virtanen ilmoitti asiasta valvojalle.", "Aino Virtanen"),
        # "Asiakas" (a customer) is a role word the rules read since round 23; "Myyjä" (a seller)
        # is not
        ("Myyjä Mikko Nieminen soitti ja kertoi laskusta.", "Mikko Nieminen"),
        ("Passata a Giulia del secondo livello alle 15.", "Giulia"),
    ],
)
def test_the_tagger_finds_names_the_rules_miss(text: str, name: str) -> None:
    assert name not in _people(text, rules_only=True)
    assert name in _people(text)


def test_tagged_names_are_guesses_and_redaction_stays_idempotent() -> None:
    text = "Myyjä Mikko Nieminen soitti ja kertoi laskusta. Ana Ruiz paged the on-call."
    once = redact(text)
    tagged = [r for r in once.replacements if r.rule == "tagged-name"]
    assert tagged and all(r.confidence <= redact_tagger.GUESS for r in tagged)
    assert redact(once.text).text == once.text


def test_one_word_that_is_no_given_name_is_not_taken() -> None:
    assert not redact_tagger._name_like("Hellman")
    assert redact_tagger._name_like("Ross") and redact_tagger._name_like("Aino Virtanen")
    assert redact_tagger._name_like("黃怡君")


def test_the_shipped_model_was_trained_on_the_labelled_sets_in_the_tree() -> None:
    """Change a labelled set, and this fails until `make tagger` retrains the model."""
    manifest = json.loads((files("hindsight.data") / redact_tagger.MANIFEST).read_text())
    sets = redact_tagger.training_files(TEST_DATA / "share")
    assert manifest["trained_on"] == [p.name for p in sets]
    assert manifest["training_digest"] == redact_tagger.training_digest(sets)
    assert not any(redact_tagger.NOT_TRAINING.search(name) for name in manifest["trained_on"])


def test_training_writes_a_model_that_tags(tmp_path: Path) -> None:
    rows = [
        {
            "id": f"T{i}",
            "text": f"{name} restarted the broker.\nThe broker came back.",
            "roster": [],
            "expect": [{"kind": "PERSON", "value": name}],
            "keep": [],
        }
        for i, name in enumerate(["Aino Virtanen", "Mikko Nieminen", "Liisa Korhonen"] * 4)
    ]
    folder = tmp_path / "sets"
    folder.mkdir()
    (folder / "redaction_postmortem_tiny.jsonl").write_text(
        "\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8"
    )
    (folder / "redaction_postmortem_sealed99.jsonl").write_text("not json\n", encoding="utf-8")
    manifest = redact_tagger.train(folder, tmp_path)
    assert manifest["trained_on"] == ["redaction_postmortem_tiny.jsonl"]
    assert (tmp_path / redact_tagger.MODEL).stat().st_size > 0


def test_a_name_at_the_very_start_or_end_of_a_text_is_kept_but_not_a_line_between_places() -> None:
    from hindsight.share.redact_people import PersonFinding, plausible_people

    text = "Aino Virtanen soitti, sitten Hanna–Juniper, ja lopuksi Mikko Nieminen"
    findings = [PersonFinding(0, 13, 0.8, "aino virtanen"), PersonFinding(29, 34, 0.8, "hanna")]
    findings.append(PersonFinding(len(text) - 14, len(text), 0.8, "mikko nieminen"))
    kept = {text[f.start : f.end] for f in plausible_people(text, findings)}
    assert kept == {"Aino Virtanen", "Mikko Nieminen"}


@pytest.mark.parametrize(
    "text", ["password=Xk9!aZ2qLm rose UTC ", "UTC token=Qv7$kP2zW9xL rose deploy the "]
)
def test_lower_case_words_beside_our_tokens_are_no_names_on_a_second_pass(text: str) -> None:
    once = redact(text).text
    assert redact(once).text == once
    assert not redact_tagger._name_like("rose UTC") and redact_tagger._name_like("Aino Virtanen")

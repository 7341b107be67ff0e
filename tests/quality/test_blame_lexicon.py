"""The broad blame reading (quality/blame_lexicon.py): blame in words no rule lists, people
doing their job left alone. The learned model has its own tests (test_blame_model.py)."""

from __future__ import annotations

import pytest

from hindsight.quality.blame import check_sentence
from hindsight.quality.blame_lexicon import has_human_agent, judge_broadly, negative_words
from hindsight.quality.lint import DEFAULT_MIN_CONFIDENCE


def flagged(sentence: str) -> bool:
    hit = check_sentence(sentence, learned=False)
    return hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE


@pytest.mark.parametrize(
    "sentence",
    [
        # a human subject and a negative evaluation from the lexicon, in words no rule lists
        "The release engineer was hopelessly disorganised throughout the cut-over.",
        "Our hosting provider behaved shamefully during the whole incident.",
        # a passive with a "by" agent
        "The hotfix was pushed to production without any review by Dmitri.",
        # a person's failing as a noun
        "Procurement's indifference to the renewal reminders cost us the certificate.",
        # sarcasm: praise for a harmful act
        "Kudos to the web team for shipping a schema change during Black Friday.",
        # accountability in other words
        "That contractor should not be allowed near production again.",
        "There need to be consequences for this.",
        # a verdict with no lapse word, an insult, a rhetorical reproach
        "Kofi is the reason checkout was down for an hour.",
        '"you absolute clown, that was the prod cluster"',
        "Who the hell scaled the cluster to zero?",
    ],
)
def test_blame_in_words_no_rule_lists_is_found(sentence: str) -> None:
    assert flagged(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Marco warned the release manager that the canary looked unhealthy.",
        "The SRE team refused the change because the canary failed.",
        "Engineers manually removed misbehaving fileservers and performed checks.",
        "Nobody was harmed, and no customer data was lost.",
        "The bad deploy was rolled back by the on-call engineer within four minutes.",
        "Thanks to Omar for catching the bad migration before it reached production.",
        "Hats off to the storage team for restoring the volumes overnight.",
        "The reviewers missed nothing: the bug was in a dependency that had no tests.",
        "The failing disk was replaced by the datacenter technician.",
        "Engineers were exhausted after the second night of the incident.",
        "The node should be taken out of rotation before the upgrade.",
    ],
)
def test_people_doing_their_job_are_left_alone(sentence: str) -> None:
    assert not flagged(sentence), (sentence, check_sentence(sentence))


def test_every_broad_finding_names_the_word_that_made_it_fire() -> None:
    verdict = judge_broadly("The release engineer was hopelessly disorganised all week.")
    assert verdict is not None and "disorganised" in verdict.reason
    assert 0.0 < verdict.confidence < 0.85  # less sure than a specific rule


def test_the_lexicon_skips_words_that_describe_systems() -> None:
    assert negative_words("the failure caused errors and a crash") == []
    assert "negligent" in negative_words("he was negligent")
    assert "shamefully" in negative_words("they behaved shamefully")
    assert negative_words("the team was not ready") == ["not ready"]


def test_a_human_agent_must_be_a_person_not_a_title_word() -> None:
    assert has_human_agent("The on-call engineer restarted the pod.")
    assert not has_human_agent("How I Broke git push heroku main")
    assert not has_human_agent("Terraform failed to apply the plan.")

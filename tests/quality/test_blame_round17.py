"""Round 17 (rules): blame as news and forums write it — reported blame, organisations as agents
of an omission, people at work named by their job, reproachful questions, verdicts folded into
the noun phrase — and "human error" mentioned as a term rather than given as a cause. Every
sentence is written for this test in the style of its kind (none is copied from the round-17
sets, which stay outside the repository)."""

from __future__ import annotations

import pytest

from hindsight.quality.blame import BE_CAREFUL, HUMAN_ERROR, check_sentence
from hindsight.quality.blame_talk import term_mentioned
from hindsight.quality.lint import DEFAULT_MIN_CONFIDENCE


def flagged(sentence: str) -> bool:
    hit = check_sentence(sentence)
    return hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE


BLAMING = [
    # blame reported in the object of a news verb
    "Ministers accused the utility of ignoring three years of warnings about its control room.",
    "Opposition members accused both the operator and the regulator of catastrophic failures.",
    "The broadband firm has faced fierce criticism over how long it took to tell customers.",
    "The ferry company came under fire for its slow response to the booking outage.",
    "A senator criticised Mr Halvorsen's account of the outage as vague and evasive.",
    "The retailer deflected responsibility, pointing at its payments partner.",
    "Passengers blamed the airline for the lost bookings.",
    "The tribunal found the contractor liable for the flooded server room.",
    "The report held the board responsible for the years of underinvestment.",
    "Staff pointed the finger at management for cutting the night shift.",
    # an organisation as the agent of an omission
    "The regulator said the bank failed to test its failover before the migration.",
    "The insurer did not patch the exposed server for nine months despite warnings.",
    "The inquiry chair said the board had shown a persistent unwillingness to hear bad news.",
    # people at work named by their job
    "A worker accidentally switched off the power distribution unit during the inspection.",
    "His boss insisted on removing the cables despite the warning.",
    "The officials failed to tell the public for six hours.",
    # questions that reproach
    "Why was an intern running migrations against production anyway?",
    "Why on earth would the platform team turn off paging over a holiday weekend?",
    "Honestly, how hard can it be for someone to read the label on the breaker?",
    # a verdict folded into the noun phrase, and people called names
    "A ham-fisted technician yanked the wrong fibre pair at the exchange.",
    "I worked there for two years under a thoroughly dysfunctional management.",
    "Picture a nitwit that never thought about where the fire exit should go.",
    # a slip named by its adjective
    "Two engineers entered erroneous values into the capacity planner.",
]

HARMLESS = [
    # "human error" and "be more careful" mentioned, not used
    "'Operator error' is a label we stick on accidents after the fact.",
    'Most of the time when a press release says "human error", the design was the bigger factor.',
    "It is very easy to ascribe an outage to human error and stop looking.",
    "Human error is best described as a decision that turned out badly in hindsight.",
    'Action items such as "be more careful" are sent back to the author.',
    "Was it user error or a bug in the client?",
    # workers that are processes, and the writer among the people
    "The production workers were terminated by the kernel OOM killer.",
    "The previous run's worker was OOM-killed and never updated its status.",
    "A colleague and I missed the alert because the pager app had logged us out.",
    # organisations as the object, or blamed for what is no one's doing
    "The ransom demand came in overnight, which the hospital refused to pay.",
    "Some companies were hit by the bad update, but we had not installed it.",
    "They blamed the storm for the outage.",
    # a 5-whys question and a question about a machine
    "Why did the engineer restart the pod?",
    "Why did the cache expire at all?",
    # a bad adjective on a machine
    "The dysfunctional pipeline kept retrying the same step.",
]


@pytest.mark.parametrize("sentence", BLAMING)
def test_round17_blame_is_found(sentence: str) -> None:
    assert flagged(sentence), sentence


@pytest.mark.parametrize("sentence", HARMLESS)
def test_round17_harmless_sentences_stay_clear(sentence: str) -> None:
    assert not flagged(sentence), check_sentence(sentence)


def test_human_error_used_as_a_cause_is_still_mild() -> None:
    for sentence in (
        "The root cause was human error during the failover.",
        'The carrier put the outage down to "human error".',
        "Everyone needs to be more careful when editing the firewall by hand.",
    ):
        hit = check_sentence(sentence)
        assert hit is not None and hit.rule in (HUMAN_ERROR, BE_CAREFUL), sentence


def test_term_mentioned_says_why() -> None:
    sentence = "'Human error' is a label, not a finding."
    assert term_mentioned(sentence, 1, 12) == "the term quoted"
    sentence = "People often blame human error when the tooling was at fault."
    start = sentence.index("human error")
    assert term_mentioned(sentence, start, start + 11) == "said of incidents in general"
    sentence = "The root cause was human error."
    start = sentence.index("human error")
    assert term_mentioned(sentence, start, start + 11) is None


def test_min_confidence_below_the_default_shows_the_models_guesses() -> None:
    # the model's probability is under its threshold: a guess, hidden by lint's default minimum
    # and shown when a reader asks for more ("lower shows more guesses", docs/cli.md)
    sentence = "The vendor struggled to communicate anything useful during the outage."
    hit = check_sentence(sentence)
    assert hit is not None and hit.rule == "learned-blame"
    assert 0.3 <= hit.confidence < DEFAULT_MIN_CONFIDENCE
    assert not flagged(sentence)


def test_a_guess_just_under_the_threshold_does_not_round_up_to_the_default() -> None:
    from hindsight.quality.blame_model import ModelScore

    assert ModelScore(0.924, (), 0.93).confidence < 0.5
    assert ModelScore(0.93, (), 0.93).confidence == 0.5


def test_the_models_reasons_are_quoted_once() -> None:
    hit = check_sentence("The vendor struggled to communicate anything useful during the outage.")
    assert hit is not None
    assert '""' not in hit.reason and '"vendor struggled"' in hit.reason

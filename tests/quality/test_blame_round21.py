"""Round 21: an organisation that conceals ("the company lied about the breach", "the bank
downplayed …") is blamed like one that neglects; a system that hides or withholds is not. And
who a finding names reads as a person would say it: the owner of a possessive kept ("the
hospital's IT department", not "s IT department"), a sentence adverb and the words that report
the blame dropped, the article in lower case in the middle of the reason. Every sentence is
written for this test (none is copied from the blind sets, which stay outside the repository)."""

from __future__ import annotations

import pytest

from hindsight.quality.blame import check_sentence
from hindsight.quality.lint import DEFAULT_MIN_CONFIDENCE


def flagged(sentence: str) -> bool:
    hit = check_sentence(sentence)
    return hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE


@pytest.mark.parametrize(
    "sentence",
    [
        "The company lied about the breach for three weeks.",
        "The bank downplayed how many accounts were exposed.",
        "The insurer misled policyholders about the cause of the outage.",
        "The vendor withheld the incident report from its customers.",
        "The council concealed the failed inspection from residents.",
        "The firm hid the losses from its auditors.",
    ],
)
def test_concealment_by_an_organisation_is_blame(sentence: str) -> None:
    assert flagged(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "The cache hid the latency spike from the dashboards.",
        "The proxy concealed the client address from the backend.",
        "The load balancer withheld traffic from the draining node.",
        "A retry loop hid the real error message.",
        "The wrapper concealed the stack trace, which made debugging slow.",
        "The company moved the billing service to the new region.",
    ],
)
def test_a_system_that_hides_something_is_not_blamed(sentence: str) -> None:
    assert not flagged(sentence), sentence


@pytest.mark.parametrize(
    ("sentence", "who", "said"),
    [
        (
            "The hospital's IT department had not patched the servers.",
            "The hospital's IT department",
            "the hospital's IT department",
        ),
        ("Frankly the support team was useless.", "the support team", "the support team"),
        (
            "The inquiry concluded that managers had ignored warnings.",
            "managers",
            "managers failed",
        ),
        ("It was the vendor's fault.", "the vendor", "the vendor's fault"),
        ("Atlassian's engineers deleted the wrong sites.", "Atlassian's engineers", "engineers' "),
        ("That engineer forgot the flag.", "That engineer", "that engineer"),
    ],
)
def test_who_is_named_as_a_reader_would_say_it(sentence: str, who: str, said: str) -> None:
    hit = check_sentence(sentence)
    assert hit is not None
    assert hit.who == who
    assert said in hit.reason, hit.reason
    assert " s " not in f" {hit.reason} " and "s's " not in hit.reason

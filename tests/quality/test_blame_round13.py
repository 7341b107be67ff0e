"""Round 13: talk about blame that does not blame (denials, blame culture as a topic, doubted
sanctions, quoted promises, supposed slips, "mistakes happen"), thanks, inferred unknown agents,
and a few shapes of blame from provider reports and community threads. Every sentence is written
for this test in the style of its kind (none is copied from the round-13 set)."""

from __future__ import annotations

import pytest

from hindsight.quality.blame import check_sentence
from hindsight.quality.blame_talk import talk_about_blame, without_talk
from hindsight.quality.lint import DEFAULT_MIN_CONFIDENCE


def flagged(sentence: str) -> bool:
    hit = check_sentence(sentence)
    return hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE


HARMLESS = [
    # fault denied for a role or for "the individual"
    "The write-up makes one point plainly: this was not the operator's mistake.",
    "It is not the fault of the engineer on call; the runbook pointed at the wrong cluster.",
    # blame culture as the topic
    "What I value in that team is not blaming individuals when a deploy goes wrong.",
    "What annoyed me at my last job was that managers wanted punishment for every slip.",
    # a sanction doubted, disowned or supposed
    "I doubt the engineer who ran the script will face any consequences at all.",
    "If the change had been unapproved they would probably be disciplined, but it was approved.",
    "The manager later said he never meant for anyone to be fired over it.",
    # a quoted promise weighed by the writer
    'Whenever a report promises "we will retrain the staff who caused this", I stop reading.',
    # a supposed slip to design for, and human fallibility stated as a fact
    "The new guard rail keeps the data safe even if an engineer makes a typo in the command.",
    "Everyone makes mistakes, and that is why the pipeline checks every migration.",
    "Nobody is perfect, so we added a second reviewer for schema changes.",
    # human error as a thing to remove or solve, not a cause
    "Our reviews look for ways to remove human error from the release process.",
    "You cannot solve the problem of operator error with a memo.",
    # thanks and appreciation
    "Thanks again for putting this tool together.",
    "As always, we appreciate your patience during the maintenance window.",
    # an unknown agent inferred from traces
    "Apparently someone rewrote the tag and the old artefacts are gone.",
    "The history is shorter now, so somebody must have reset the branch.",
    # a practice judged, not a person; a system state; "we" with its roles; people affected
    "The use of a shared admin password for the jump host was reckless.",
    "Customers could not log in, due to the identity provider being unavailable.",
    "The incident showed two things that we operators and developers really need to rethink.",
    "Nobody knows how many users installed the broken wheel before it was yanked.",
    # words to the thread's readers
    "To anyone who plans to reply about backups, please read the linked post first.",
]

BLAMING = [
    # a provider's act or error as the cause
    "The two-hour outage was caused by our registrar suspending the domain over a card check.",
    "The downtime came from a billing error made by one of our hosting providers.",
    # others should do more
    "Teams that depend on a single region could and should do more to plan for its loss.",
    # an omission in the passive with the people named
    "The alert had not been noticed by the on-call engineers for three hours.",
    # scorn, imperatives, doing what was not meant to be done
    "You took the site down twice this week, shame on you.",
    "Look, guys, stop pushing half-finished features to the release branch.",
    "Please refrain from doing that again in the future, it breaks everyone's clones.",
    "Yesterday you deployed a build that wasn't approved for production.",
    # a person's omission as the reason for harm
    "The nightly build broke because you didn't run the migrations first.",
]


@pytest.mark.parametrize("sentence", HARMLESS)
def test_round13_harmless_sentences_stay_clear(sentence: str) -> None:
    assert not flagged(sentence), check_sentence(sentence)


@pytest.mark.parametrize("sentence", BLAMING)
def test_round13_blaming_sentences_are_found(sentence: str) -> None:
    assert flagged(sentence), sentence


def test_talk_guards_are_named() -> None:
    assert talk_about_blame("That was not the intern's fault.") == "blame denied"
    assert talk_about_blame("Thanks for the quick fix!") == "thanks"
    assert talk_about_blame("Thanks for nothing, support.") is None
    assert talk_about_blame("Thanks to the DBA's carelessness we lost a day.") is None


def test_reported_accusations_in_quotes_still_count() -> None:
    # a quoted accusation is reported blame; only quoted promises are blanked out
    assert flagged('In the channel someone wrote: "Priya broke prod again, of course."')
    assert "retrain" not in without_talk('They said "we will retrain the staff" and moved on.')


def test_human_error_as_a_cause_still_counts_near_a_denial_word() -> None:
    hit = check_sentence("I can't believe the outage was human error again.")
    assert hit is not None and hit.rule == "human-error-as-cause"


def test_thanks_spoiled_by_harm_is_not_cleared() -> None:
    assert talk_about_blame("Thank you for breaking the build on a Friday.") is None

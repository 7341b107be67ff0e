"""Round 20 (rules): the fault given by a possessive pronoun ("it was her fault"); people
named as culprits by what they do; impunity ("they got away with it"); a reproach to "you"
after a warning ("after you've been told not to"); workers, dispatchers and supervisors who
are people by their trade. And what each must leave alone: a fault denied or one's own, a
part's fault, a thing called the culprit, moving in a hurry ("rushed to the site"), a fear of
being fired, a report that is not for disciplinary use, a system that must allow for human
error. Every sentence is written for this test (none is copied from the round-20 sets, which
stay outside the repository)."""

from __future__ import annotations

import pytest

from hindsight.quality.blame import check_sentence
from hindsight.quality.lint import DEFAULT_MIN_CONFIDENCE


def flagged(sentence: str) -> bool:
    hit = check_sentence(sentence)
    return hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE


BLAMING = [
    "Honestly it was her fault: she restarted the primary without telling anyone.",
    "The whole mess was their own mistake, and the tenants paid for it.",
    "That was your negligence, not the installer's.",
    "As one of the culprits admitted later, the flag had never been tested.",
    "The offenders owe the night shift a round of coffee.",
    "The managers got away with it again this quarter.",
    "You merged it on Friday after you've been told not to touch the release branch.",
    "The maintenance worker failed to close the isolation valve.",
    "A council worker sent the spreadsheet to the wrong mailing list.",
    "The 911 dispatchers failed to transfer the calls to the backup centre.",
    "The shift supervisor ignored the second alarm.",
    "The worker's mistake flooded the pump room.",
]

NOT_BLAMING = [
    "It wasn't their fault: the runbook pointed at the wrong cluster.",
    "Through no fault of her own, the ticket sat in the wrong queue for a day.",
    "It was my mistake; I have added a confirmation step to the script.",
    "The controller logged its fault code and rebooted.",
    "The culprit was a stale DNS record in the resolver cache.",
    "Engineers rushed to the data centre only to find the generator had failed.",
    "The on-call engineer rushed back from lunch and started the failover.",
    "I hope nobody on that team is worried that they could be fired for this.",
    "This review is not meant for use in disciplinary proceedings.",
    "Any well-built system should account for human error.",
    "The worker failed to process the job and the queue grew.",
    "The Celery worker failed to acknowledge the message.",
]


@pytest.mark.parametrize("sentence", BLAMING)
def test_round_20_shapes_are_found(sentence: str) -> None:
    assert flagged(sentence), sentence


@pytest.mark.parametrize("sentence", NOT_BLAMING)
def test_round_20_shapes_leave_these_alone(sentence: str) -> None:
    assert not flagged(sentence), check_sentence(sentence)

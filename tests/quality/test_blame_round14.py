"""Round 14: verdicts on an organisation's people in news and regulators' reports, blame
reported ("slammed for"), a person's slip named as such, sanctions and guesses at a culprit, and
the reader made the cause in a thread. Every sentence is written for this test in the style of
its kind (none is copied from the round-14 set)."""

from __future__ import annotations

import pytest

from hindsight.quality.blame import check_sentence
from hindsight.quality.lint import DEFAULT_MIN_CONFIDENCE


def flagged(sentence: str) -> bool:
    hit = check_sentence(sentence)
    return hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE


BLAMING = [
    "The inquiry found that the Northfield board underestimated how long the cut-over would take.",
    "According to the review, the bank's directors were too optimistic about the new platform.",
    "The airline did not give sufficient weight to the warnings from its own engineers.",
    "Regulators said the operator failed to communicate the scale of the outage to customers.",
    "Water utility bosses slammed for complacency after the billing system collapse.",
    "Night-shift technician faulted over the switch reboot that grounded flights.",
    "During the change window a contractor made a costly mistake in the routing table.",
    "The recovery that followed was slower than the initial mistake itself.",
    "The company says it has taken action with that particular engineer.",
    "The admin had a badge for the room but was not authorised to do what he did.",
    "I bet it was a junior developer pushing on a Friday.",
    "You've basically broken every release of the plugin with that tag.",
    "Deleting the tags to make a point is a pretty selfish thing to do.",
]

HARMLESS = [
    "The board approved the migration plan after two rehearsals on production-sized data.",
    "The bank's status page was updated every thirty minutes during the outage.",
    "Our staff did not notice any errors until the batch finished at 06:00.",
    "We made a mistake in the capacity plan and have since added a review step.",
    "The retry loop made the same error on every node until the circuit breaker opened.",
    "The load balancer broke every long-lived connection when it reloaded.",
    "Nobody was slammed; the review was written to learn what the system allowed.",
]


@pytest.mark.parametrize("sentence", BLAMING)
def test_round_fourteen_shapes_are_blame(sentence: str) -> None:
    assert flagged(sentence), sentence


@pytest.mark.parametrize("sentence", HARMLESS)
def test_round_fourteen_neighbours_are_not(sentence: str) -> None:
    assert not flagged(sentence), check_sentence(sentence)

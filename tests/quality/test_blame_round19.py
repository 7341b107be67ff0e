"""Round 19 (rules): people at work outside software as agents (pilots, signallers, nurses,
technicians) known to every layer from one list; lapses owned by an organisation as regulators
and news write them (a sanction with its reason, "the airline's failure to protect …", blame
placed on a company, rules violated); acting without leave; a cover-up; vigilance as the
lesson ("triple-check"). And the cases each new shape must leave alone. Every sentence is
written for this test in the style of its kind (none is copied from the round-19 sets, which
stay outside the repository)."""

from __future__ import annotations

import pytest

from hindsight.quality.blame import check_sentence
from hindsight.quality.lint import DEFAULT_MIN_CONFIDENCE


def flagged(sentence: str) -> bool:
    hit = check_sentence(sentence)
    return hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE


BLAMING = [
    # people at work outside software, in every layer
    "The signaller failed to hold the freight train at the red aspect.",
    "Investigators said the co-pilot had not cross-checked the fuel figures.",
    "A midwife forgot to record the second dose on the chart.",
    "The inquiry said the dispatcher's supervisor should have stopped the release.",
    "The mechanic neglected to torque the wheel nuts after the tyre change.",
    # a sanction with its reason, the sanctioned one in the object
    "The regulator fined retailer Brightmart £2m for failing to encrypt card numbers.",
    "Passengers slammed the operator for leaving them stranded without information.",
    "The review faulted senior managers for a culture of shipping on Fridays.",
    # a lapse owned as a noun
    "The insurer's failure to patch its VPN gateway let the attackers in.",
    "The inability of Norvale Water to warn residents made the outage worse.",
    "Telmora's poor handling of the breach cost it thousands of customers.",
    # blame placed, rules broken
    "The panel placed most of the blame for the blackout on Eastgrid Power.",
    "Prosecutors say the contractor violated the site's lockout procedures.",
    "The tribunal found the pharmacist in breach of the dispensing code.",
    "The change was made contrary to the bank's established procedures.",
    # acting without leave; a cover-up; a sanction carried out
    "An electrician at the plant bypassed the interlock without authorisation, the utility said.",
    "The firm paid the hackers to keep the leak under wraps for a year.",
    "After the second outage the director fired him.",
    # want of knowledge; duties of care
    "With her lack of experience on the new console, the outage dragged on.",
    "The business did not routinely install security patches on its mail server.",
    # vigilance as the lesson (the milder finding)
    "Lesson learned: I now triple-check which cluster my terminal points at.",
    "Always verify the target host before running a destructive command.",
    "The report stresses the importance of following the handover checklist.",
]

HARMLESS = [
    # repairs, not slips
    "The technician swapped the faulty disk at 09:15.",
    "The on-call engineer replaced the broken power supply and the rack came back.",
    # a sanction ruled out, a regulator's powers, generic truths
    "A technician won't be disciplined for the power cut, the agency said.",
    "MPs asked whether regulators are properly equipped to hold banks to account.",
    "Every engineer will eventually break something in production.",
    "If people fear punishment, they hide problems.",
    "Systems should be designed so that human mistakes do not cause outages.",
    # vigilance rejected, and systems as agents
    "Old hands will tell you to triple-check migrations, but checking harder is not a safeguard.",
    "The scheduler's failure to place the pods left the queue growing.",
    "The load balancer violated no rules; it simply ran out of connections.",
    "The company did not immediately respond to a request for comment.",
    # a pilot programme and a driver are not people
    "The pilot programme failed to attract enough users.",
    "The NIC driver failed to load after the kernel upgrade.",
]


@pytest.mark.parametrize("sentence", BLAMING)
def test_round_19_blaming_sentences_are_flagged(sentence: str) -> None:
    assert flagged(sentence), sentence


@pytest.mark.parametrize("sentence", HARMLESS)
def test_round_19_harmless_sentences_are_not_flagged(sentence: str) -> None:
    assert not flagged(sentence), check_sentence(sentence)


def test_the_finding_names_the_organisation_that_owned_the_lapse() -> None:
    hit = check_sentence(
        "The regulator fined carrier Skyline Air for failing to notify passengers."
    )
    assert hit is not None
    assert "Skyline Air" in hit.reason


def test_a_verb_of_saying_is_not_part_of_the_role_named() -> None:
    hit = check_sentence("Officials said the technician had not followed the lockout procedure.")
    assert hit is not None
    assert hit.who == "the technician"
    assert "names the technician" in hit.reason

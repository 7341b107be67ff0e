"""Round 22: organisations named by their name ("Thames Water did not report …"), omissions told
in the pluperfect as inquiry reports tell them ("the contractor had not isolated the circuit"),
a driver of a vehicle, a failure told as a noun ("a basic failure of oversight by the board"),
the passive with who did it ("underestimated by the trust"), punishment reported ("has been
fired for …"), rhetorical questions and mock praise at people. And what is no blame: a device
driver, an oversight board, a lapse in cover, thanks, a shortage of staff. Every sentence is
written for this test; none is copied from the blind sets, which stay outside the repository."""

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
        "Barnet Council failed to apply a security patch that had been available for months.",
        "Network Rail failed to maintain the drainage at the site of the derailment.",
        "Thames Water did not report the sewage spills to the regulator.",
        "Crown Resorts failed to stop money laundering through its accounts.",
        "Virgin Media had not updated the firmware despite knowing about the flaw.",
        "The contractor had not isolated the circuit before work began.",
        "The investigation found the driver had not properly slowed the vehicle before the bend.",
        "The bus driver did not stop at the red light.",
        "The operator did not ensure that the valve was closed.",
        "Staff did not identify the deteriorating patient in time.",
        "The inquiry found that managers were aware of the risk but took no action.",
        "It was a basic failure of oversight by the board.",
        "This was a serious failure by the trust to protect patients.",
        "The failure to act on the warnings was inexcusable.",
        "The regulator found failures in how Severn Valley Water operated its treatment works.",
        "The size of the migration appears to have been grossly underestimated by the trust.",
        "Subscribers weren't promptly told of the outage by their carrier.",
        "The person to blame is the release manager.",
        "That misjudgement delayed the failover by an hour.",
        "The CEO should resign over the outage.",
        "Two dispatchers have been fired for causing the blackout.",
        "The utility will be fined £20m for failing to maintain its pipes.",
        "Why did they wait?",
        "And are they ever going to learn?",
        "Whoever approved this deploy on a Friday deserves a medal.",
        "Nice work, IT, now nobody can log in.",
    ],
)
def test_blame_of_round_22(sentence: str) -> None:
    assert flagged(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Barnet Council said its systems would be restored by Friday.",
        "Thames Water's pumping station failed during the storm.",
        "Heathrow Airport's baggage system failed on the busiest day of the year.",
        "Auto Scaling Group failed to launch new instances in eu-west-1.",
        "The driver failed to load because the kernel headers were missing.",
        "The JDBC driver did not close the connection.",
        "The new driver did not detect the second GPU.",
        "The pipeline did not ensure ordering of messages.",
        "The scheduler had not applied the new quota when the job started.",
        "Customers who did not identify that only one setting was wrong removed the SDK.",
        "The oversight board published its findings in March.",
        "The lapse in monitoring coverage was closed by adding an alert.",
        "Thanks to Priya, the rollback was completed in ten minutes.",
        "Special thanks to the facilities staff who have been working around the clock.",
        "Trains were cancelled due to a shortage of drivers.",
        "The request was ignored by the load balancer because the header was malformed.",
        "The worker was suspended after three failed health checks.",
        "If the last guy was sacked after one slip, I would not take the job.",
        "Worried they would be fired for the outage, nobody spoke up.",
        "Why did the pod restart?",
        "The failures in how the scheduler handled retries were fixed in 2.3.",
        "Failed to ensure the lock directory exists: permission denied.",
        "The resolver should step down to the secondary upstream after three failures.",
        "It was wrong to pin the blame on the night-shift technician, the report said.",
        "The penalty did not prompt improvements in the carrier’s infrastructure oversight.",
        "Accidentally deleted the staging bucket on my first day, how bad is this?",
    ],
)
def test_no_blame_of_round_22(sentence: str) -> None:
    assert not flagged(sentence), sentence


def test_a_named_organisation_failing_at_a_service_is_not_sure_blame() -> None:
    """ "failed to" + a duty is the organisation's omission; + anything else may be its product."""
    duty = check_sentence("Southern Water failed to notify residents about the boil notice.")
    product = check_sentence("Southern Water failed to deliver water to 3,000 homes.")
    assert duty is not None and duty.confidence >= 0.8
    assert product is None or product.confidence < duty.confidence


def test_the_finding_names_who_a_report_found_at_fault() -> None:
    hit = check_sentence(
        "The investigation found the driver had not slowed the train before the bend."
    )
    assert hit is not None
    assert hit.who == "the driver"


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        (
            "Thames Payroll Ltd did not notify us that the file format had changed.",
            "Thames Payroll Ltd",
        ),
        ("Heathrow Airport Ltd failed to maintain backup power.", "Heathrow Airport Ltd"),
        ("On Monday Crown Resorts failed to stop the transfers.", "Crown Resorts"),
    ],
)
def test_the_finding_names_the_whole_organisation(sentence: str, who: str) -> None:
    hit = check_sentence(sentence)
    assert hit is not None
    assert hit.who == who

"""Round 12 (rules): shapes of blame from community threads, provider news and chain incident
reports, and the harmless sentences of the same genres that must stay clear. Every sentence is
written for this test in the style of its kind (none is copied from the round-12 set)."""

from __future__ import annotations

import pytest

from hindsight.quality.blame import check_sentence
from hindsight.quality.blame_guard import cleared
from hindsight.quality.lint import DEFAULT_MIN_CONFIDENCE


def flagged(sentence: str) -> bool:
    hit = check_sentence(sentence)
    return hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE


BLAMING = [
    # a provider acting against its customer without warning
    "The registrar froze our customer's domain without any warning over a billing flag.",
    "Our hosting provider switched off the production database with no notice at all.",
    # verdicts on conduct, blame shifting, people who only complain
    "Frankly, that was a condescending tone for a maintainer to take with a new contributor.",
    "The reply was yet another attempt to blame it on the packagers.",
    "All they ever do is moan in the issue tracker while the queue grows.",
    "The pull request sat for a month with nobody lifting a finger.",
    "Not offering any useful feedback, just closing tickets, is what drives people away.",
    # scare-quoted roles
    "Then the so-called 'specialist' wiped the RAID controller config.",
    # a dependency's silence, in hindsight
    "If the carrier had warned us about the fibre work, we would have moved traffic early.",
    "Had the upstream maintainers told users, nobody would have shipped the broken tag.",
    # not following the rules given
    "The node operators did not follow the documented upgrade steps.",
    "Their support team never adhered to the agreed escalation procedure.",
    # slips at work, the agent far from the verb or in a passive by-phrase
    "While cleaning up old volumes, accidentally removed the one holding the ledger.",
    "A contractor working overnight on the switch stack inadvertently pushed the lab VLANs.",
    "The outage followed an accidental deletion of the routing table by a network engineer.",
    "The on-call admin got the hostname wrong and rebooted the primary.",
    # communities that did not take part, omissions given as the cause
    "Only half of the validators were online for the upgrade at the halt height.",
    "Three stakers lost their rewards due to never updating their withdrawal keys.",
    # denied positives said of people
    "The contractors were not very helpful once the invoice was paid.",
]

MILD = [
    "The second outage came from a misconfigured flag during a manual restore.",
]

HARMLESS = [
    # verdicts denied, topics, described care
    "This was not carelessness; the two consoles looked identical.",
    "The human factors section lists fatigue and handover as conditions.",
    "We paused the rollout, being extra cautious because the canary was noisy.",
    # unawareness, missing safeguards, feelings and done-to-them
    "She just didn't know the tarball had been tampered with upstream.",
    "The admin ran the cleanup without a safety net because the replica was rebuilding.",
    "The on-call engineer was not very happy about the third page of the night.",
    "Several validators were slashed after the chain halted, through no action of theirs.",
    # blame quoted and rejected
    "A commenter said it was the maintainer's fault, which is simply not true.",
    "Some users unfairly blamed the packagers for the regression.",
    "The release team did nothing wrong: the mirror served a stale index.",
    # first person singular self-reports
    "I forgot to bump the version in the chart, sorry everyone.",
    "I was careless with the cleanup flags and the job removed the wrong prefix.",
    # attackers
    "The phishers reused the stolen session and drained the hot wallet.",
    # "they" standing for things
    "Flaky tests, even when they are on staging, deserve a real investigation.",
    # the same shapes doing ordinary work
    "The maintainers blocked the spam account without warning, as the policy allows.",
    "The intern ran the load test against production, as the runbook said to.",
    "Spot instances can be terminated without notice, so the batch job checkpoints.",
    "The kernel OOM killer terminated the production workers without warning.",
    "Our policy forbids toxic behaviour in issues and discussions.",
    "If the alert had notified the on-call engineer, recovery would have been faster.",
    "The 'experts' channel on Slack is where we ask for help.",
    "Validators upgraded their nodes within two hours of the release.",
    "Some validators were not online during the upgrade because the binary was published late.",
    "The team reduced load by not retrying failed requests.",
    "Customers kept complaining about slow page loads during the incident.",
    "This review avoids blame shifting and looks at the deploy pipeline.",
    "The engineer, working late, noticed that the script had accidentally deleted the WAL.",
    "The incorrect configuration was corrected by the on-call engineer at 14:10.",
]


@pytest.mark.parametrize("sentence", BLAMING + MILD)
def test_round12_blame_shapes_fire(sentence: str) -> None:
    assert flagged(sentence), sentence


@pytest.mark.parametrize("sentence", MILD)
def test_round12_mild_shape_is_the_milder_finding(sentence: str) -> None:
    hit = check_sentence(sentence)
    assert hit is not None and hit.rule == "human-error-as-cause"


@pytest.mark.parametrize("sentence", HARMLESS)
def test_round12_harmless_sentences_stay_clear(sentence: str) -> None:
    assert not flagged(sentence), check_sentence(sentence)


def test_round12_guards_are_named() -> None:
    assert cleared("I forgot to bump the version.", None) == "a self-report"
    assert cleared("The attackers drained the wallet.", "The attackers") == "an adversary"
    assert cleared("The maintainers did nothing wrong.", "The maintainers") == "denial"
    assert cleared("I think the intern was careless.", None) is None


def test_round12_denials_and_advice() -> None:
    assert not flagged("I don't blame the on-call engineer; the alert was misleading.")
    assert flagged("The director pushed the launch through, against the security team's advice.")


THREAD_BLAMING = [
    "Your refactor broke the importer for everyone on Windows.",
    "Did anyone even try the release candidate before tagging it?",
    "How did a change like this ever get merged?",
    "Stop merging your own pull requests without review.",
    "The maintainers obviously don't care about people running LTS kernels.",
    "The previous admin left no documentation for the backup jobs.",
]
THREAD_HARMLESS = [
    "Your patch broke nothing; the failing job was a flaky runner.",
    "Please stop pushing to the release branch while the freeze is on.",
    "We don't care about the exact count, only the trend.",
    "Has this ever happened before on the EU cluster?",
    "How did this pass the integration tests but fail in production?",
]


@pytest.mark.parametrize("sentence", THREAD_BLAMING)
def test_round12_thread_blame_fires(sentence: str) -> None:
    assert flagged(sentence), sentence


@pytest.mark.parametrize("sentence", THREAD_HARMLESS)
def test_round12_thread_harmless_stays_clear(sentence: str) -> None:
    assert not flagged(sentence), check_sentence(sentence)


def test_round12_self_reports_after_a_time() -> None:
    assert not flagged("At 14:02, I ran the migration against the wrong database.")
    assert not flagged("Then I forgot to re-enable the alert after the maintenance.")
    assert flagged("When I joined, the team had already ignored the disk alerts for a week.")


def test_round12_adversary_as_subject() -> None:
    assert not flagged("The intruder carelessly reused a wallet tied to an exchange account.")
    assert flagged("The intruder got in because the admin carelessly left the port open.")

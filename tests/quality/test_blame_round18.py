"""Round 18 (rules): the agent far from its verb behind a participle phrase, a why-not put to
"you" and a hunt for the culprit, verdicts in idiom, a faulty release by whoever ships it,
delays in telling those who needed to know, blame reported in British and Australian news, and
Markdown emphasis inside a sentence. Every sentence is written for this test in the style of
its kind (none is copied from the round-18 sets, which stay outside the repository)."""

from __future__ import annotations

import pytest

from hindsight.quality.blame import BE_CAREFUL, check_sentence
from hindsight.quality.lint import DEFAULT_MIN_CONFIDENCE


def flagged(sentence: str) -> bool:
    hit = check_sentence(sentence)
    return hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE


BLAMING = [
    # the agent, then a participle phrase, then the slip
    "A contractor replacing a faulty disk shelf in the second hall mistyped the array name.",
    "An operator following an outdated checklist for the storage cluster entered an invalid value.",
    "A Telstrax technician cut power to two racks after accidentally flipping the wrong breaker.",
    # questions that accuse, and a hunt for the culprit
    "Why didn't you run the migration on staging first?",
    "So who merged the broken config?",
    "What on earth were you doing for the first forty minutes?",
    # verdicts in idiom
    "The offshore team was clearly out of its depth with the new storage platform.",
    "The integrator had cut corners on the load testing.",
    "Management turned a blind eye to the expired certificates for months.",
    "An inquiry found the board lacked basic common sense when it approved the cutover.",
    "The outage showed the supplier's utter lack of attention to detail.",
    "Everything about the launch was decided by some shitty manager chasing a bonus.",
    # a faulty release by whoever ships it
    "Maplesoftly pushed a faulty firmware update to every router on Friday.",
    "It was the third time the vendor had shipped a broken patch this year.",
    # delays in telling those who needed to know
    "The carrier took nearly nine hours to notify the emergency services operator.",
    "The provider waited until the next morning to tell customers their data was exposed.",
    # blame reported in the news
    "Ferry executives copped a grilling from the committee over the booking collapse.",
    "The chief executive was in the firing line for the six-hour delay.",
    "Board members are expected to take the brunt of the criticism.",
    "Engineers familiar with the system said the fault was on the contractor's side.",
    "The site manager said the electrician was allowed in the room but not to do what he did.",
    # omissions put in other words
    "It was a known bug that the maintainers hadn't got around to fixing.",
    "Both agencies had failed the families who relied on the hotline.",
    "The vendor kept dropping the ball on the renewal reminders.",
    "Frankly, you failed at explaining the risk to anyone outside the team.",
    "He was handed a role he wasn't competent to do.",
    "The contractor didn't do anything to stop the cascade.",
]

HARMLESS = [
    # a participle phrase with a finite verb inside: the slip is someone else's
    "An engineer investigating the alert noticed that the cron job had deleted the volume.",
    "Memory profiling turned on for the debug build later triggered a failover.",
    # a why-question about the system, or asked of ourselves
    "Why did we not catch this in staging?",
    "Why didn't the canary fail before the full rollout?",
    # idioms denied or about machines, faults with no one in them
    "The fault was with the load balancer's health check.",
    "The blame lies with us, not the vendor.",
    "The terrible latency made the checkout page unusable.",
    # releases by ourselves and by bots
    "We pushed a faulty config and rolled it back in four minutes.",
    "The release pipeline pushed a bad build to the canary hosts.",
    # a wait that was a decision, and failures of machines
    "The team waited for the backfill to finish before notifying users.",
    "The job failed at loading the partition map.",
    # "human error" mentioned, not given as the cause
    "We use a review process that looks past human error.",
    '"Human error is the start of the investigation, not its end," she wrote.',
    # emphasis that is arithmetic, not Markdown
    "Each node holds 2*3*4 shards.",
    # the writer's own fear of a sanction is no demand for one
    'Her first question on the bridge was "Am I going to get fired?"',
]


@pytest.mark.parametrize("sentence", BLAMING)
def test_round18_blame_is_found(sentence: str) -> None:
    assert flagged(sentence), sentence


@pytest.mark.parametrize("sentence", HARMLESS)
def test_round18_harmless_sentences_stay_clear(sentence: str) -> None:
    assert not flagged(sentence), check_sentence(sentence)


def test_markdown_emphasis_is_read_through_and_the_sentence_kept() -> None:
    sentence = "From now on we all have to be *very* careful with the **prod** context."
    hit = check_sentence(sentence)
    assert hit is not None and hit.rule == BE_CAREFUL
    assert hit.sentence == sentence  # the finding quotes the text as written


def test_human_error_as_the_start_of_an_outage_is_still_a_cause() -> None:
    hit = check_sentence("Human error was the start of the outage.")
    assert hit is not None and hit.rule == "human-error-as-cause"


@pytest.mark.parametrize(
    "sentence",
    [
        "The on-call engineer didn’t escalate the page to the database team.",
        "Why didn’t you check the target cluster first?",
        "The contractor wasn’t paying attention during the cutover.",
    ],
)
def test_typographic_apostrophes_read_like_plain_ones(sentence: str) -> None:
    plain = sentence.replace("’", "'")
    hit, plain_hit = check_sentence(sentence), check_sentence(plain)
    assert hit is not None and plain_hit is not None
    assert (hit.rule, hit.confidence) == (plain_hit.rule, plain_hit.confidence)
    assert hit.sentence == sentence


def test_a_participle_phrase_may_hold_an_aside_in_brackets() -> None:
    sentence = (
        "An operator running the weekly cleanup (for the audit team) deleted the wrong volume."
    )
    assert flagged(sentence)

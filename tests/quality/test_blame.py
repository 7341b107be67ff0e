"""Blameless-language rules: each with sentences that must and must not be flagged."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hindsight.quality import blame
from hindsight.quality.blame import check_sentence, find_blame, sentences


def rule_of(sentence: str, names: tuple[str, ...] = ()) -> str | None:
    hit = check_sentence(sentence, names)
    return hit.rule if hit else None


@pytest.mark.parametrize(
    "sentence",
    [
        "Root cause: human error.",
        "The outage was caused by operator error while resizing the volume.",
        "He fat-fingered the replica count.",
    ],
)
def test_human_error_as_a_cause_is_flagged(sentence: str) -> None:
    assert rule_of(sentence) == blame.HUMAN_ERROR


@pytest.mark.parametrize(
    "sentence",
    [
        'We do not accept "human error" as a root cause.',
        "Operator error messages were hidden behind a debug flag.",
        "The API returned an error to 4% of requests.",
    ],
)
def test_error_in_system_contexts_is_not_flagged(sentence: str) -> None:
    assert rule_of(sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "The on-call engineer was careless with the rollout.",
        "Lazy code review let the bug through.",
        "The change was sloppy.",
        "The DBA was negligent.",
        "Nobody on the team bothered to read the release notes.",
    ],
)
def test_judgments_of_character_are_flagged(sentence: str) -> None:
    assert rule_of(sentence) == blame.CHARACTER


@pytest.mark.parametrize(
    "sentence",
    [
        "The cache uses lazy loading, so the first request is slow.",
        "Sofia carefully drained each node before the upgrade.",
    ],
)
def test_technical_uses_of_judgment_words_are_not_flagged(sentence: str) -> None:
    assert rule_of(sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Engineers need to be more careful when editing firewall rules.",
        "Everyone must pay more attention during deploys.",
        "Remind engineers to double-check the region before running Terraform.",
    ],
)
def test_calls_for_care_are_flagged(sentence: str) -> None:
    assert rule_of(sentence) == blame.BE_CAREFUL


@pytest.mark.parametrize(
    "sentence",
    [
        "If Aisha had read the runbook, the failover would have taken five minutes.",
        "Had the on-call engineer looked at the dashboard, we would have caught it.",
        "Olga should have checked the replication lag first.",
        "The network team should have known that the change would drop routes.",
    ],
)
def test_counterfactuals_about_people_are_flagged(sentence: str) -> None:
    assert rule_of(sentence) == blame.COUNTERFACTUAL


@pytest.mark.parametrize(
    "sentence",
    [
        "If the alert had fired at 5%, detection would have taken three minutes.",
        "Had the canary compared p99 latency, the regression would have been caught.",
        "The alert should have fired at the 5% threshold.",
    ],
)
def test_system_counterfactuals_are_not_flagged(sentence: str) -> None:
    assert rule_of(sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Engineer caused the outage by deploying a bad config.",
        "Kenji forgot to renew the TLS certificate.",
        "The support team failed to escalate the ticket.",
        "Ravi broke the build by merging without waiting for CI.",
        "The outage was caused by Marcus's change to the rate limiter.",
        "It was Liam's fault that the flag went live.",
        "The DBA dropped the wrong table.",
        "Data was lost because Olga typed the wrong hostname.",
    ],
)
def test_a_person_as_the_cause_is_flagged(sentence: str) -> None:
    assert rule_of(sentence) == blame.PERSON_CAUSE


@pytest.mark.parametrize(
    "sentence",
    [
        "Priya rolled back the deploy at 22:51.",
        "Marcus paged the database team at 03:12.",
        "Terraform failed to apply the plan because the state lock was held.",
        "The load balancer failed to drain connections.",
        "Unfortunately we failed to verify that KIAM was running in the sandbox.",
        "The change was approved by two reviewers.",
        "Traffic recovered after Ravi restarted the consumers.",
        "A post on Teams was easily missed.",
    ],
)
def test_people_doing_things_and_systems_failing_are_not_flagged(sentence: str) -> None:
    assert rule_of(sentence) is None


def test_participants_extend_name_detection() -> None:
    sentence = "Vendrick failed to rotate the key."
    unknown = check_sentence(sentence)
    known = check_sentence(sentence, ("Vendrick Wójcik",))
    assert known is not None and known.rule == blame.PERSON_CAUSE
    # Not a name the rules know, so it could be a system: less sure than for a participant.
    assert unknown is None or unknown.confidence < known.confidence


def test_findings_give_reason_who_and_a_system_focused_rewrite() -> None:
    hit = check_sentence("Engineer caused the outage by deploying a bad config.")
    assert hit is not None
    assert hit.who == "Engineer" and "Engineer" in hit.reason
    assert hit.suggestion == "The deployment pipeline allowed a bad config to reach production."
    for sentence in ("Root cause: human error.", "Be more careful with deploys."):
        found = check_sentence(sentence)
        assert found is not None and found.suggestion.startswith("Replace")


def test_find_blame_reports_offsets_into_the_text() -> None:
    text = (
        "Checkout failed at 22:47. Marcus forgot to update the allow-list.\n\n"
        "- The alert fired at 22:51.\n- Priya was careless."
    )
    hits = find_blame(text)
    assert [h.rule for h in hits] == [blame.PERSON_CAUSE, blame.CHARACTER]
    for hit in hits:
        assert text[hit.start : hit.end].startswith(hit.sentence.split()[0])


def test_sentences_split_prose_lists_and_tables_but_not_abbreviations() -> None:
    text = "We saw errors, e.g. 502s. Then it recovered.\n- one item\n- two items\n| a | b |\n| c | d |"
    parts = [s for _, _, s in sentences(text)]
    assert parts == [
        "We saw errors, e.g. 502s.",
        "Then it recovered.",
        "one item",
        "two items",
        "| a | b |",
        "| c | d |",
    ]


@settings(deadline=None)  # the first example loads the model and the names index (~0.6 s)
@given(st.text(max_size=400))
def test_find_blame_never_fails_and_offsets_stay_in_the_text(text: str) -> None:
    for hit in find_blame(text):
        assert 0 <= hit.start <= hit.end <= len(text)


def test_lint_checks_written_prose_but_not_imported_evidence() -> None:
    from datetime import UTC, datetime

    from hindsight.domain.model import EventKind, TimelineEvent
    from hindsight.quality.lint import blame_findings
    from tests.quality.factory import good_incident

    at = datetime(2025, 12, 15, 22, 50, tzinfo=UTC)
    logged = TimelineEvent(at, "reconcile failed: user error in spec", EventKind.LOG, source="k8s")
    noted = TimelineEvent(at, "Root cause was human error.", EventKind.NOTE)
    incident = good_incident(timeline=[logged, noted])
    found = blame_findings(incident)
    assert [(f.field, f.excerpt) for f in found] == [
        ("timeline[2025-12-15T22:50:00+00:00]", "Root cause was human error.")
    ]

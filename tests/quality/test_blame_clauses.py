"""Who is blamed and for what: the clause-level check, its confidence, and `--min-confidence`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hindsight.cli.main import app
from hindsight.quality import blame
from hindsight.quality.blame import check_sentence
from hindsight.quality.lint import blame_findings
from tests.quality.factory import good_incident

# Sentences from issue 12 that the old phrase rules missed, and what each is.
ISSUE_EXAMPLES = [
    ("The DBA team dropped the ball on the backup verification.", blame.PERSON_CAUSE),
    ("Nobody on the payments team bothered to check the alert.", blame.PERSON_CAUSE),
    ("The network team, as usual, made an unannounced change to the core switches.", None),
    ("AWS support was useless.", blame.CHARACTER),
    ("The developer who wrote this code should be held accountable.", blame.ACCOUNTABILITY),
    ("He was told twice not to touch the load balancer and did it anyway.", None),
    (
        "While updating SMARS, a technician failed to copy the new code to one of eight servers.",
        None,
    ),
    (
        "Engineers incorrectly assumed symmetry in the PLA, leading them to test only half of it.",
        None,
    ),
    (
        "Instead of using an appropriate library, someone wrote code that computed one year to be "
        "the current date plus one year.",
        None,
    ),
    ("Influx of requests overloaded the database, tired admin deleted the wrong directory.", None),
]


@pytest.mark.parametrize(("sentence", "rule"), ISSUE_EXAMPLES)
def test_blame_the_phrase_rules_missed_is_found_with_a_reason(
    sentence: str, rule: str | None
) -> None:
    hit = check_sentence(sentence)
    assert hit is not None, sentence
    assert rule is None or hit.rule == rule
    assert hit.reason and 0.5 <= hit.confidence <= 1.0


@pytest.mark.parametrize(
    "sentence",
    [
        "Ana paged the database on-call at 14:05.",
        "The team decided to roll back.",
        "The DBA team restored the backup to a new instance.",
        "AWS support confirmed the issue was on their side and escalated it internally.",
        "PST when user errors became apparent.",
        "The immediate remediation was the application of a revert to the misconfigured load balancer.",
        "Stackdriver engineers broke the dependency between the queue and the alerting pipeline to restore alerts.",
        "Terraform failed to apply the plan because the state was locked.",
        "The scheduler incorrectly assumed every node had the same capacity.",
        "The automation accidentally deleted the production load balancer state.",
        "We failed to verify that the agent was running on every node.",
        "Had the reviewer seen the generated file, the diff would have been 4,000 lines long.",
        "The error budget policy asks teams to pause launches, not to be more careful.",
        "The on-call engineer was unreachable because the paging provider had an outage.",
        "SAML authentication was degraded between 07:17 and 09:28 UTC due to an AWS-hosted provider.",
    ],
)
def test_people_doing_their_work_and_systems_failing_are_not_blame(sentence: str) -> None:
    hit = check_sentence(sentence)
    assert hit is None or hit.confidence < 0.5, hit


def test_the_reason_names_who_and_what_was_said() -> None:
    hit = check_sentence("The DBA team dropped the ball on the backup verification.")
    assert hit is not None and hit.who == "The DBA team"
    assert "says the DBA team failed" in hit.reason  # the article is lower case mid-sentence


def test_an_unknown_name_is_less_certain_than_a_role_or_a_participant() -> None:
    sentence = "Vendrick deployed the wrong version to production."
    unknown = check_sentence(sentence)
    role = check_sentence("The release engineer deployed the wrong version to production.")
    known = check_sentence(sentence, ("Vendrick Nowak",))
    assert unknown is not None and role is not None and known is not None
    assert unknown.confidence < role.confidence
    assert unknown.confidence < known.confidence


def test_findings_carry_the_confidence_and_min_confidence_filters_them() -> None:
    incident = good_incident(
        went_wrong=[
            "The on-call engineer slept through the incident.",
            "Vendrick deployed the wrong version to production.",
        ]
    )
    everything = blame_findings(incident, min_confidence=0.0)
    assert len(everything) == 2
    assert all(f.confidence is not None for f in everything)
    sure = min(f.confidence or 0.0 for f in everything)
    strict = blame_findings(incident, min_confidence=sure + 0.01)
    assert len(strict) == 1 and "slept through" in (strict[0].excerpt or "")
    assert blame_findings(incident, min_confidence=1.01) == []


def test_lint_command_takes_min_confidence_and_shows_it(tmp_path: Path) -> None:
    postmortem = tmp_path / "pm.md"
    postmortem.write_text(
        "# Checkout outage\n\n## Summary\n\nVendrick deployed the wrong version to production.\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    loose = runner.invoke(app, ["lint", str(postmortem), "--min-confidence", "0"])
    assert "[blame/person-as-cause]" in loose.stdout and "(confidence 0." in loose.stdout
    strict = runner.invoke(app, ["lint", str(postmortem), "--min-confidence", "0.9"])
    assert "[blame/" not in strict.stdout
    bad = runner.invoke(app, ["lint", str(postmortem), "--min-confidence", "2"])
    assert bad.exit_code == 2

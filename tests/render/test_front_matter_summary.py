"""A `summary:` in front matter (ICCO / danluu style) is imported into the summary and linted."""

from __future__ import annotations

from hindsight.domain.policy import default_policy
from hindsight.quality.lint import lint
from hindsight.render.markdown import parse_markdown

ICCO_STYLE = """---
uuid: 0f0e0d0c-0000-4000-8000-000000000001
title: Database outage
company: Example
summary: Influx of requests overloaded the database, caused replication to lag, tired admin
  deleted the wrong directory, six hours of data lost.
---

On January 31 the primary database became unavailable after replication fell behind.
"""


def test_front_matter_summary_is_imported_before_the_body_without_a_warning() -> None:
    parsed = parse_markdown(ICCO_STYLE, "icco.md")
    summary = parsed.incident.summary
    assert summary.startswith("Influx of requests overloaded the database")
    assert "tired admin deleted the wrong directory" in summary
    assert "replication fell behind" in summary  # the body still follows
    assert not any("'summary'" in w for w in parsed.warnings)


def test_the_imported_summary_is_linted_for_blame() -> None:
    incident = parse_markdown(ICCO_STYLE, "icco.md").incident
    blame = [f for f in lint(incident, default_policy()) if f.rule.startswith("blame/")]
    assert [(f.rule, f.field) for f in blame] == [("blame/person-as-cause", "summary")]
    assert blame[0].excerpt is not None and "tired admin" in blame[0].excerpt


def test_an_empty_front_matter_summary_adds_nothing() -> None:
    text = ICCO_STYLE.replace(
        "summary: Influx of requests overloaded the database, caused replication to lag, tired "
        "admin\n  deleted the wrong directory, six hours of data lost.\n",
        "summary:\n",
    )
    parsed = parse_markdown(text, "icco.md")
    assert parsed.incident.summary.startswith("On January 31")

"""Action exports: GitHub issue bodies, Jira CSV, iCalendar (RFC 5545 folding and CRLF)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from hindsight.domain import actions as rules
from hindsight.domain.actions import ActionRef
from hindsight.domain.model import Incident
from hindsight.share import actions_export as ex


def refs() -> list[ActionRef]:
    inc = Incident(id="INC-2025-12-15", title="Checkout 5xx after release", severity="P1")
    rules.add_action(
        inc,
        "Gate config pushes behind a canary, with automatic rollback on 5xx > 2 %",
        by="lead",
        owner="ana",
        due=date(2025, 12, 22),
        kind="prevent",
        verification="A bad push in staging is rolled back within 5 min",
        prevention_level="engineering_control",
        impact="high",
        effort="low",
    )
    rules.add_action(
        inc,
        "Alert on TaxClient errors; naïve résumé ünïcode, commas; semicolons",
        by="lead",
        due=date(2026, 1, 9),
        kind="detect",
    )
    rules.add_action(inc, "Document the rollback", by="lead")
    return [ActionRef(inc.id, inc.title, a, inc.severity) for a in inc.actions]


def test_github_issue_bodies() -> None:
    issues = json.loads(ex.github_issues(refs()))
    assert len(issues) == 3
    first = issues[0]
    assert set(first) == {"title", "body", "assignees", "labels"}
    assert first["assignees"] == ["ana"]
    assert "INC-2025-12-15 A1" in first["title"]
    assert "rolled back within 5 min" in first["body"]
    assert "action:prevent" in first["labels"] and "postmortem" in first["labels"]
    assert "assignees" not in issues[1] and "milestone" not in first


def test_jira_csv_has_the_importer_columns() -> None:
    text = ex.jira_csv(refs())
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    for column in (
        "Summary",
        "Description",
        "Assignee",
        "Due Date",
        "Issue Type",
        "Labels",
        "Priority",
    ):
        assert column in header
    first = dict(zip(header, rows[1], strict=False))
    assert first["Assignee"] == "ana" and first["Due Date"] == "2025-12-22"
    assert first["Issue Type"] == "Task" and first["Priority"] == "High"
    assert all(len(r) == len(header) for r in rows)
    labels = [v for h, v in zip(header, rows[1], strict=True) if h == "Labels" and v]
    assert "postmortem" in labels and all(" " not in v for v in labels)


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_is_rfc5545() -> None:
    text = ex.ics_calendar(refs(), now=datetime(2025, 12, 16, 9, 0, tzinfo=UTC))
    raw = text.encode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends in CRLF
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
    lines = unfold(text)
    assert lines.count("BEGIN:VEVENT") == 2  # the action without a due date has no event
    assert "DTSTART;VALUE=DATE:20251222" in lines
    assert "DTSTAMP:20251216T090000Z" in lines
    assert "UID:INC-2025-12-15-A1@hindsight" in lines
    summary = next(line for line in lines if line.startswith("SUMMARY:") and "TaxClient" in line)
    assert "ünïcode\\, commas\\; semicolons" in summary


@given(st.text(min_size=0, max_size=300))
def test_folding_round_trips_and_never_splits_a_character(value: str) -> None:
    line = "DESCRIPTION:" + value.replace("\r", "").replace("\n", "")
    folded = ex.fold(line)
    assert folded.replace("\r\n ", "") == line
    for part in folded.encode("utf-8").split(b"\r\n"):
        assert len(part) <= 75
        part.decode("utf-8")  # raises if a multi-byte character was split


def test_followup_renderings() -> None:
    from hindsight.domain.followup import followup
    from hindsight.domain.policy import default_policy

    report = followup(refs(), today=date(2025, 12, 23), policy=default_policy())
    text = ex.followup_text(report)
    assert "Overdue (1)" in text and "1 day(s) late" in text
    md = ex.followup_markdown(report)
    assert md.startswith("# Action follow-up") and "## Overdue (1)" in md
    data = ex.followup_json(report)
    assert data["overdue"][0]["action"] == "A1" and data["total"] == 3

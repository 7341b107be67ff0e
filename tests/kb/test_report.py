"""The quarterly review: contents, conclusions, charts, an empty quarter, and the demo."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from hindsight.kb.report import conclusions, quarterly, render_html, render_markdown
from hindsight.store.repo import Store
from tests.kb.fixtures import load

NOW = datetime(2026, 1, 15, tzinfo=UTC)


def test_quarterly_gathers_what_the_review_shows(store: Store) -> None:
    load(store)
    with store.session() as s:
        report = quarterly(s, "2025Q4", now=NOW)
    assert report.top_categories == [("configuration", 3), ("deployment", 1)]
    assert report.top_services[0] == ("checkout", 2)
    assert [r.incident_id for r in report.repeats] == ["INC-2025-12-01"]
    assert [q for q, _ in report.severity_trend] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert report.severity_trend[-1][1] == {"P1": 2, "P2": 1, "P3": 1}
    assert report.severity_trend[2][1] == {"P2": 1}
    assert [m for m, _, _ in report.mttr_trend] == ["2025-08", "2025-10", "2025-11", "2025-12"]
    # burn-down: A's three actions open from 6 Oct; A1 verified 20 Oct (A2 done 25 Oct) …
    by_day = dict(report.burndown)
    assert by_day["2025-10-01"] == 0
    assert by_day["2025-10-08"] == 3
    assert by_day["2025-10-22"] == 2
    assert by_day["2025-10-29"] == 1


def test_conclusions_are_drawn_from_the_data(store: Store) -> None:
    load(store)
    with store.session() as s:
        report = quarterly(s, "2025Q4", now=NOW)
    text = "\n".join(report.conclusions)
    assert text.startswith(
        "75 % of incidents (3 of 4) had a configuration root cause: invest in config validation"
    )
    assert "checkout was involved in 2 of 4 incidents" in text
    assert "2 action(s) of the earlier postmortems are still not verified" in text
    assert "Action verification is critical: 33 %" in text
    assert "Repeat rate is poor: 25 %, 0 % the period before" in text
    assert "lack the milestones" in text
    report.top_categories = [("configuration", 1), ("deployment", 1), ("data", 1), ("capacity", 1)]
    assert not any("root cause:" in line for line in conclusions(report))  # no category dominates


def test_html_is_self_contained_with_four_inline_svg_charts(store: Store) -> None:
    load(store)
    with store.session() as s:
        html = render_html(quarterly(s, "2025Q4", now=NOW))
    assert html.count("<svg") == 4
    assert not re.search(r"<(script|link)\b|src=\"http", html)
    for expected in ("Reliability review 2025Q4", "Incidents by severity", "Top root-cause categories",
                     "Most affected services", "Repeat incidents", "INC-2025-12-01", "INC-2025-10-05",
                     "A3 Canary config pushes (blocked)", 'band-critical', "Action burn-down",
                     "excluded (1): INC-2025-12-20 (no detected_at)"):  # fmt: skip
        assert expected in html, expected


def test_markdown_has_the_metric_table_with_bands_and_trends(store: Store) -> None:
    load(store)
    with store.session() as s:
        md = render_markdown(quarterly(s, "2025Q4", now=NOW), {"burndown": "r-burndown.svg"})
    assert "| Repeat rate | 25 % | poor | 0 % | ▼ worse |" in md
    assert "| MTTR (median) | 2h | good | 2h | = flat |" in md
    assert "![burndown](r-burndown.svg)" in md
    assert "| 6 | 3 | 1 | 0 | 1 | 1 | 1 |" in md  # created, completed, verified, in progress …


def test_an_empty_quarter_says_there_were_no_incidents(store: Store) -> None:
    load(store)
    with store.session() as s:
        report = quarterly(s, "2023Q2", now=NOW)
    assert report.empty
    assert "No incidents in 2023Q2 (2023-04-01 – 2023-06-30)" in render_html(report)
    assert "No incidents in 2023Q2" in render_markdown(report)


def test_report_on_the_demo_workspace(store: Store) -> None:
    from hindsight.demo import build_demo
    from hindsight.store import repo

    with store.session() as s:
        for incident in build_demo(date(2026, 2, 10)):
            repo.add_incident(s, incident, "demo")
    with store.session() as s:
        report = quarterly(s, "2025Q4", now=datetime(2026, 2, 10, tzinfo=UTC))
    assert not report.empty and report.metrics.incident_count >= 3
    assert render_html(report).count("<svg") == 4 and report.conclusions

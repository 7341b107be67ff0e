"""The server-drawn SVG charts: whole-number count axes, round duration axes, swim lanes with
milestones, and the quarterly page's set drawn from a real report."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from hindsight.web import charts

T0 = datetime(2025, 12, 15, 22, 40, tzinfo=UTC)


@given(st.integers(min_value=0, max_value=100_000))
def test_count_ticks_are_whole_and_cover_the_top(top: int) -> None:
    ticks = charts.count_ticks(top)
    assert ticks[0] == 0 and ticks[-1] >= top and len(ticks) <= 7
    assert all(isinstance(t, int) for t in ticks)
    assert len({b - a for a, b in itertools.pairwise(ticks)}) == 1


@given(st.floats(min_value=1, max_value=30 * 86400))
def test_duration_ticks_are_round(top: float) -> None:
    ticks = charts.duration_ticks(top)
    assert ticks[-1] >= top and len(ticks) <= 7
    assert all(t % 60 == 0 for t in ticks)


def test_stacked_bars_label_counts_as_whole_numbers() -> None:
    svg = charts.stacked_bars(
        [("2026Q3", "P1", 3), ("2026Q3", "P2", 2), ("2026Q4", "P1", 1)],
        title="t",
        chart_id="x",
    )
    ET.fromstring(svg)
    labels = re.findall(r'class="tick"[^>]*text-anchor="end">([^<]+)<', svg)
    assert labels and all(label.isdigit() for label in labels)
    assert 'id="x-title"' in svg


def test_swim_lanes_one_lane_per_source_and_a_line_per_milestone() -> None:
    events = [
        charts.LaneEvent(T0 + timedelta(minutes=7), "checkout.jsonl", "log", "ERROR pool",
                         until=T0 + timedelta(minutes=34)),
        charts.LaneEvent(T0 + timedelta(minutes=9), "alertmanager.jsonl", "alert", "firing"),
        charts.LaneEvent(T0 + timedelta(minutes=10), "pagerduty.json", "alert", "Page [#4821]"),
        charts.LaneEvent(T0 + timedelta(minutes=5), "deploy.gitlog", "deploy", "merge", key=True),
    ]  # fmt: skip
    marks = [("started", T0 + timedelta(minutes=7)), ("resolved", T0 + timedelta(minutes=39))]
    svg = charts.swim_lanes(events, marks, title="Timeline")
    root = ET.fromstring(svg)
    ns = ""  # inline SVG in HTML: no namespace
    assert len([r for r in root.iter(f"{ns}rect") if "lane" in r.get("class", "")]) == 4
    assert len([e for e in root.iter(f"{ns}line") if e.get("class") == "milestone"]) == 2
    assert len([r for r in root.iter(f"{ns}rect") if "run" in r.get("class", "")]) == 1
    assert "Page [#4821]" in svg  # text escaped, not dropped


def test_quarterly_charts_from_the_demo(tmp_path: Path) -> None:
    from hindsight.demo import load_demo
    from hindsight.kb.report import last_complete_quarter, quarterly
    from hindsight.workspace import init_workspace

    ws = init_workspace(tmp_path / "demo", name="hindsight-demo")
    store = ws.open_store()
    load_demo(store, ws)
    with store.session() as s:
        report = quarterly(s, last_complete_quarter(), ws.policy)
    store.close()
    drawn = charts.quarterly_charts(report)
    assert {"severity", "categories", "trend", "actions"} <= set(drawn)
    for svg in drawn.values():
        ET.fromstring(svg)
    assert "MTTD (median)" in drawn["trend"] and "MTTR (median)" in drawn["trend"]

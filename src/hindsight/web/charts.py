"""Small inline SVG charts drawn on the server (no script, no third-party library).

Each chart has a <title> and <desc> for screen readers and a table alternative on the page.
Colours come from CSS classes so the theme (and high-contrast mode) decides them.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

SEVERITY_CLASSES = {"P0": "sev0", "P1": "sev1", "P2": "sev2", "P3": "sev3"}


def stacked_bars(
    rows: Sequence[tuple[str, str, int]],
    *,
    title: str,
    width: int = 640,
    height: int = 220,
    chart_id: str = "c",
) -> str:
    """Incidents per month, stacked by severity: rows of (month, severity, count)."""
    months = sorted({m for m, _, _ in rows})
    if not months:
        return ""
    per: dict[str, dict[str, int]] = defaultdict(dict)
    for month, severity, count in rows:
        per[month][severity] = per[month].get(severity, 0) + count
    ticks = count_ticks(max(sum(v.values()) for v in per.values()))
    top = ticks[-1]
    left, bottom, pad = 32, 28, 8
    plot_w, plot_h = width - left - pad, height - bottom - pad
    slot = plot_w / len(months)
    bar = min(48.0, slot * 0.7)
    parts = [
        *_open(chart_id, title, _describe(per), width, height),
        f'<line class="axis" x1="{left}" y1="{pad + plot_h}" x2="{width - pad}" y2="{pad + plot_h}"/>',
    ]
    for value in ticks:  # whole numbers only: a count axis never shows 2.5 incidents
        y_tick = pad + plot_h * (1 - value / top)
        parts.append(
            f'<line class="grid" x1="{left}" y1="{y_tick:.1f}" x2="{width - pad}" y2="{y_tick:.1f}"/>'
            f'<text class="tick" x="{left - 6}" y="{y_tick + 4:.1f}" text-anchor="end">{value}</text>'
        )
    for i, month in enumerate(months):
        x = left + i * slot + (slot - bar) / 2
        y = float(pad + plot_h)
        for severity in sorted(per[month]):
            count = per[month][severity]
            h = plot_h * count / top
            y -= h
            css = SEVERITY_CLASSES.get(severity, "sev3")
            parts.append(
                f'<rect class="{css}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}">'
                f"<title>{escape(month)} {escape(severity)}: {count}</title></rect>"
            )
        parts.append(
            f'<text class="tick" x="{x + bar / 2:.1f}" y="{height - 8}" text-anchor="middle">{escape(month)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _describe(per: dict[str, dict[str, int]]) -> str:
    return "; ".join(
        f"{month}: " + ", ".join(f"{sev} {n}" for sev, n in sorted(v.items()))
        for month, v in sorted(per.items())
    )


def band_meter(value: float | None, scale: Any, *, label: str, width: int = 220) -> str:
    """A strip split into the metric's bands (from `scale.cuts`, `scale.band`) with a marker at
    `value`; the band names become CSS classes (band-excellent, band-good …)."""
    cuts = getattr(scale, "cuts", None)
    if value is None or not cuts:
        return ""
    edges = sorted(float(c) for c, _ in cuts)
    top = max(edges[-1] * 1.25, value * 1.05, 1e-9)
    bounds = [0.0, *edges, top]
    parts = [
        f'<svg class="meter" viewBox="0 0 {width} 18" role="img" aria-label="{escape(label)}">'
    ]
    for low, high in itertools.pairwise(bounds):
        name = str(scale.band((low + high) / 2) or "").lower().replace(" ", "-")
        x0, x1 = width * low / top, width * min(high, top) / top
        parts.append(
            f'<rect class="band-{escape(name)}" x="{x0:.1f}" y="4" width="{max(x1 - x0, 0):.1f}" height="10"/>'
        )
    marker = width * min(value, top) / top
    parts.append(
        f'<rect class="marker" x="{max(marker - 1.5, 0):.1f}" y="0" width="3" height="18"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


# --- shared pieces of the charts below ------------------------------------------------------

# Colours: the app's palette, by CSS class (see app.css); a series is drawn as `series-N`.
SERIES_CLASSES = ("series-0", "series-1", "series-2", "series-3")


def count_ticks(top: int, most: int = 5) -> list[int]:
    """Whole-number axis ticks from 0 to at least `top`, at most `most`+1 of them: a count axis
    never shows 2.5 incidents."""
    top = max(int(top), 1)
    step, magnitude = 1, 1
    while top / step > most:  # 1, 2, 5, 10, 20, 50 …
        for factor in (1, 2, 5):
            step = factor * magnitude
            if top / step <= most:
                break
        magnitude *= 10
    last = -(-top // step) * step
    return list(range(0, last + 1, step))


def _open(chart_id: str, title: str, desc: str, width: int, height: int) -> list[str]:
    return [
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def count_bars(
    rows: Sequence[tuple[str, int]],
    *,
    title: str,
    chart_id: str,
    css: Callable[[str], str] | None = None,
    width: int = 640,
) -> str:
    """Horizontal bars, one per (label, count), on a whole-number axis (e.g. root causes)."""
    if not rows:
        return ""
    ticks = count_ticks(max(n for _, n in rows))
    top = ticks[-1]
    row_h, left, pad, bottom = 26, 170, 12, 24
    height = pad + row_h * len(rows) + bottom
    plot_w = width - left - pad
    desc = "; ".join(f"{label}: {n}" for label, n in rows)
    parts = _open(chart_id, title, desc, width, height)
    for value in ticks:
        x = left + plot_w * value / top
        parts.append(
            f'<line class="grid" x1="{x:.1f}" y1="{pad}" x2="{x:.1f}" y2="{height - bottom}"/>'
            f'<text class="tick" x="{x:.1f}" y="{height - 6}" text-anchor="middle">{value}</text>'
        )
    for i, (label, n) in enumerate(rows):
        y = pad + i * row_h
        w = plot_w * n / top
        klass = css(label) if css else "series-0"
        parts.append(
            f'<text class="tick" x="{left - 6}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end">'
            f"{escape(label.replace('_', ' '))}</text>"
            f'<rect class="{klass}" x="{left}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}">'
            f"<title>{escape(label)}: {n}</title></rect>"
            f'<text class="tick value" x="{left + w + 4:.1f}" y="{y + row_h / 2 + 4:.1f}">{n}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def duration_ticks(top: float, most: int = 5) -> list[float]:
    """Axis ticks in round durations (5m, 30m, 1h, 6h, 1d …) from 0 to at least `top` seconds."""
    steps = (60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800)
    step = next((s for s in steps if max(top, 1.0) / s <= most), steps[-1])
    last = max(1, -(-int(max(top, 1.0)) // step))
    return [float(step * i) for i in range(last + 1)]


def duration_label(seconds: float) -> str:
    from hindsight.timeutil import format_duration

    return format_duration(seconds)


def trend_lines(
    series: Sequence[tuple[str, Sequence[tuple[str, float | None]]]],
    *,
    title: str,
    chart_id: str,
    width: int = 640,
    height: int = 220,
    unit: str = "duration",
) -> str:
    """One line per (name, [(x label, value)]) over shared x labels (months, quarters); values
    are seconds (`unit="duration"`, axis labelled 4m, 1h 30m …) or counts (whole-number axis).
    A missing value (None) breaks the line; each point is a dot with its value as a tooltip."""
    labels = sorted({x for _, points in series for x, v in points if v is not None})
    values = [v for _, points in series for _, v in points if v is not None]
    if not labels or not values:
        return ""
    left, right, pad, bottom = 64, 12, 12, 28
    plot_w, plot_h = width - left - right, height - pad - bottom
    if unit == "count":
        ticks = [float(t) for t in count_ticks(int(max(values)))]
    else:
        ticks = duration_ticks(max(values))
    top = ticks[-1] or 1.0
    slot = plot_w / len(labels)
    x_of = {label: left + slot * (i + 0.5) for i, label in enumerate(labels)}

    def y_of(value: float) -> float:
        return pad + plot_h * (1 - value / top)

    def shown(value: float) -> str:
        return str(int(value)) if unit == "count" else duration_label(value)

    desc = "; ".join(
        f"{name}: " + ", ".join(f"{x} {shown(v)}" for x, v in points if v is not None)
        for name, points in series
    )
    parts = _open(chart_id, title, desc, width, height)
    for value in ticks:
        y = y_of(value)
        parts.append(
            f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{shown(value)}</text>'
        )
    every = max(1, -(-len(labels) // 8))  # at most about eight x labels, so they never overlap
    for label in labels[::every]:
        parts.append(
            f'<text class="tick" x="{x_of[label]:.1f}" y="{height - 8}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    for index, (name, points) in enumerate(series):
        klass = SERIES_CLASSES[index % len(SERIES_CLASSES)]
        segment: list[str] = []
        runs: list[list[str]] = [segment]
        for x, v in points:
            if v is None:
                segment = []
                runs.append(segment)
                continue
            segment.append(f"{x_of[x]:.1f},{y_of(v):.1f}")
            parts.append(
                f'<circle class="{klass} dot" cx="{x_of[x]:.1f}" cy="{y_of(v):.1f}" r="3.5">'
                f"<title>{escape(name)} {escape(x)}: {shown(v)}</title></circle>"
            )
        for run in runs:
            if len(run) > 1:
                parts.append(f'<polyline class="{klass} line" points="{" ".join(run)}"/>')
    parts.append("</svg>")
    return "".join(parts)


def share_bar(
    parts_of: Sequence[tuple[str, int, str]], *, title: str, chart_id: str, width: int = 640
) -> str:
    """One 100 % bar split into (label, count, css class) parts, e.g. actions verified / done /
    open / won't do, each part labelled with its count."""
    total = sum(n for _, n, _ in parts_of)
    if total <= 0:
        return ""
    height, left, pad = 56, 8, 8
    plot_w = width - 2 * left
    desc = "; ".join(f"{label}: {n} of {total}" for label, n, _ in parts_of)
    parts = _open(chart_id, title, desc, width, height)
    x = float(left)
    for label, n, klass in parts_of:
        if n <= 0:
            continue
        w = plot_w * n / total
        parts.append(
            f'<rect class="{klass}" x="{x:.1f}" y="{pad}" width="{w:.1f}" height="24">'
            f"<title>{escape(label)}: {n} of {total}</title></rect>"
        )
        if w > 60:
            parts.append(
                f'<text class="tick" x="{x + 4:.1f}" y="{pad + 40}">{escape(label)} {n}</text>'
            )
        x += w
    parts.append("</svg>")
    return "".join(parts)


@dataclass
class LaneEvent:
    """One timeline event for `swim_lanes`: when, its lane (the source), kind, text, milestone."""

    at: datetime
    lane: str
    kind: str
    text: str
    milestone: str | None = None
    key: bool = False
    until: datetime | None = None  # a condensed run of lines: from `at` to `until`


def swim_lanes(
    events: Sequence[LaneEvent],
    milestones: Sequence[tuple[str, datetime]],
    *,
    title: str,
    chart_id: str = "timeline-chart",
    width: int = 760,
) -> str:
    """The incident timeline as a picture: one lane per source (logs, alerts, pages, chat,
    deploys …), a mark per event (a bar for a condensed run of lines), dashed vertical lines at
    the milestones. Drawn from the events the page already has; O(events)."""
    if not events:
        return ""
    lanes: list[str] = []
    for event in events:
        if event.lane not in lanes:
            lanes.append(event.lane)
    moments = (
        [e.at for e in events] + [e.until for e in events if e.until] + [m for _, m in milestones]
    )
    start, end = min(moments), max(moments)
    span = max((end - start).total_seconds(), 60.0)
    left, right, pad, lane_h, bottom = 150, 16, 44, 30, 26
    plot_w = width - left - right
    height = pad + lane_h * len(lanes) + bottom

    def x_of(moment: datetime) -> float:
        return left + plot_w * (moment - start).total_seconds() / span

    desc = f"{len(events)} events in {len(lanes)} sources from {start:%Y-%m-%d %H:%M} to {end:%H:%M} UTC"
    parts = _open(chart_id, title, desc, width, height)
    for i, lane in enumerate(lanes):
        top_y = pad + i * lane_h
        short = lane if len(lane) <= 24 else lane[:23] + "…"
        parts.append(
            f'<rect class="lane{" alt" if i % 2 else ""}" x="{left}" y="{top_y}" width="{plot_w}" height="{lane_h}"/>'
            f'<text class="tick" x="{left - 6}" y="{top_y + lane_h / 2 + 4}" text-anchor="end">'
            f"<title>{escape(lane)}</title>{escape(short)}</text>"
        )
    for k in range(5):  # time axis: five ticks, HH:MM (UTC)
        moment = start + (end - start) * k / 4
        x = x_of(moment)
        parts.append(
            f'<line class="grid" x1="{x:.1f}" y1="{pad}" x2="{x:.1f}" y2="{height - bottom}"/>'
            f'<text class="tick" x="{x:.1f}" y="{height - 8}" text-anchor="middle">{moment:%H:%M}</text>'
        )
    for event in events:
        y = pad + lanes.index(event.lane) * lane_h + lane_h / 2
        klass = f"kind-{escape(event.kind)}" + (" key" if event.key else "")
        tip = f"{event.at:%H:%M:%S} {event.text}"
        if event.until and event.until > event.at:
            x0, x1 = x_of(event.at), x_of(event.until)
            parts.append(
                f'<rect class="{klass} run" x="{x0:.1f}" y="{y - 5:.1f}" width="{max(x1 - x0, 3):.1f}" height="10">'
                f"<title>{escape(tip)}</title></rect>"
            )
        else:
            parts.append(
                f'<circle class="{klass}" cx="{x_of(event.at):.1f}" cy="{y:.1f}" r="{6 if event.key else 4}">'
                f"<title>{escape(tip)}</title></circle>"
            )
    placed: list[tuple[float, int]] = []  # (x, row) of labels so far: close ones step down
    for name, moment in sorted(milestones, key=lambda m: m[1]):
        x = x_of(moment)
        row = next(
            (r for r in range(3) if all(abs(x - px) > 70 or pr != r for px, pr in placed)), 0
        )
        placed.append((x, row))
        label_y = 11 + row * 11
        anchor = "end" if x > width - right - 40 else "start" if x < left + 40 else "middle"
        parts.append(
            f'<line class="milestone" x1="{x:.1f}" y1="{pad - 4}" x2="{x:.1f}" y2="{height - bottom}">'
            f"<title>{escape(name)} {moment:%H:%M:%S}</title></line>"
            f'<text class="tick milestone-label" x="{x:.1f}" y="{label_y}" text-anchor="{anchor}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# --- the charts of each page -------------------------------------------------------------------


def quarterly_charts(report: Any) -> dict[str, str]:
    """The quarterly page's charts from a `render.report.QuarterlyReport`: incidents by severity
    per quarter, by root cause, MTTR and MTTD month by month, and what became of the actions."""
    out: dict[str, str] = {}
    rows = [(q, sev, n) for q, counts in report.severity_trend for sev, n in counts.items()]
    out["severity"] = stacked_bars(
        rows, title="Incidents by severity, last four quarters", chart_id="q-severity"
    )
    out["categories"] = count_bars(
        report.top_categories, title="Incidents by root-cause category", chart_id="q-categories"
    )
    months = sorted({m for m, _, _ in report.mttr_trend} | {m for m, _, _ in report.mttd_trend})
    mttr = {m: v for m, v, _ in report.mttr_trend}
    mttd = {m: v for m, v, _ in report.mttd_trend}
    out["trend"] = trend_lines(
        [
            ("MTTR (median)", [(m, mttr.get(m)) for m in months]),
            ("MTTD (median)", [(m, mttd.get(m)) for m in months]),
        ],
        title="MTTR and MTTD, monthly medians",
        chart_id="q-trend",
    )
    a = report.actions
    out["actions"] = share_bar(
        [
            ("verified", a.verified, "done-verified"),
            ("done", a.done, "done-unverified"),
            ("open", a.planned + a.in_progress, "open"),
            ("blocked", a.blocked, "blocked"),
            ("won't do", a.wont_do, "dropped"),
        ],
        title="Actions of the quarter's incidents",
        chart_id="q-actions",
    )
    if report.burndown:
        out["burndown"] = trend_lines(
            [("open actions", [(day, float(n)) for day, n in report.burndown])],
            title="Open actions, week by week",
            chart_id="q-burndown",
            unit="count",
        )
    return {k: v for k, v in out.items() if v}


def metrics_trend(points: Sequence[tuple[str, float, int]]) -> str:
    """The metrics page's MTTR trend: (YYYY-MM, median seconds, incidents) month by month."""
    return trend_lines(
        [("MTTR (median)", [(m, v) for m, v, _ in points])],
        title="MTTR, monthly median",
        chart_id="m-mttr",
    )


def incident_lanes(incident: Any, shown: Sequence[Any] | None = None) -> str:
    """The incident page's swim lanes from the incident it already loaded (no extra query):
    the events `shown` in its timeline table (default: all of them)."""
    from hindsight.domain.model import Milestone

    timeline = list(incident.timeline if shown is None else shown)
    sources = {e.source for e in timeline}
    by_kind = len(sources) <= 1  # one source (typed in, or the demo): lanes by kind instead

    def lane(e: Any) -> str:
        return str(e.kind.value) if by_kind else (e.source or "manual").split(":")[-1]

    events = [
        LaneEvent(
            at=e.at,
            lane=lane(e),
            kind=e.kind.value,
            text=e.text,
            milestone=e.milestone.value if e.milestone else None,
            key=e.key,
            until=e.last_at if e.count > 1 else None,
        )
        for e in timeline
        if e.at is not None
    ]
    marks = [(m.value, t) for m in Milestone if (t := incident.milestone_time(m)) is not None]
    return swim_lanes(events, marks, title=f"Timeline of {incident.id} by source")

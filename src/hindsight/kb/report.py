"""The quarterly reliability review: what a reliability lead presents, drawn from the store.

`quarterly()` gathers the figures (all aggregates in SQL, see kb/metrics.py),
`conclusions()` turns them into plain-language findings (pure), and `render_html()` /
`render_markdown()` lay them out. Charts are SVG drawn with matplotlib's Agg backend from the
same data and embedded inline in the HTML, so the report is one self-contained file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from hindsight.domain.model import OPEN_ACTION_STATUSES
from hindsight.domain.policy import Policy, default_policy
from hindsight.kb.metrics import (
    ActionStats,
    MetricsReport,
    Period,
    compute,
    monthly_medians,
    quarter_period,
)
from hindsight.kb.similar import RepeatFinding, list_repeats
from hindsight.store import quarterly as counts
from hindsight.store.repo import StoreSession
from hindsight.store.visibility import LOCAL_VIEWER, Viewer
from hindsight.timeutil import format_duration

TEMPLATES = Path(__file__).parent.parent / "render" / "templates"
OPEN = {s.value for s in OPEN_ACTION_STATUSES}
SEVERITY_COLOURS = {"P0": "#c92a2a", "P1": "#f08c00", "P2": "#fcc419", "P3": "#74c0fc"}

ADVICE = {
    "configuration": "invest in config validation and staged config rollouts",
    "deployment": "invest in canary releases and automatic rollback",
    "capacity": "invest in load testing and capacity planning",
    "external_dependency": "add timeouts, circuit breakers and fallbacks around dependencies",
    "monitoring_gap": "close the alerting gaps the postmortems found",
    "process_gap": "fix the runbooks and hand-offs the postmortems named",
    "technical_debt": "fund the clean-up work the postmortems asked for",
    "infrastructure": "invest in infrastructure redundancy and failover drills",
    "security": "review access control and secrets handling",
    "data": "add data validation and safer migrations",
}
METRIC_ADVICE = {
    "mttd": "add alerts on the symptoms users see",
    "mtta": "review paging routes and on-call load",
    "mttm": "prepare runbooks and one-click rollbacks",
    "mttr": "rehearse recovery and shorten the path to a fix",
    "repeat_rate": "finish and verify the actions of earlier postmortems",
    "postmortem_completion": "schedule the overdue postmortems",
    "time_to_postmortem": "hold reviews within days of the incident",
    "postmortem_on_time": "draft postmortems before the policy deadline",
    "action_completion": "give open actions owners, due dates and time",
    "action_verification": "verify done actions with evidence that the fix works",
    "action_time_to_close": "split large actions and track them weekly",
    "action_time_to_assign": "assign an owner when the action is written",
    "full_telemetry": "import logs and alerts and record every milestone",
    "slo_breaches_linked": "write a postmortem for every SLO breach",
}


@dataclass
class QuarterlyReport:
    period: Period
    metrics: MetricsReport
    top_categories: list[tuple[str, int]]
    top_services: list[tuple[str, int]]
    repeats: list[RepeatFinding]
    severity_trend: list[
        tuple[str, dict[str, int]]
    ]  # (quarter, severity → incidents), oldest first
    mttr_trend: list[tuple[str, float, int]]  # (YYYY-MM, median seconds, incidents)
    burndown: list[tuple[str, int]]  # (YYYY-MM-DD, open actions that day)
    severities: list[str]
    conclusions: list[str] = field(default_factory=list)
    generated_at: datetime | None = None
    mttd_trend: list[tuple[str, float, int]] = field(default_factory=list)  # like mttr_trend

    @property
    def empty(self) -> bool:
        return self.metrics.empty

    @property
    def actions(self) -> ActionStats:
        return self.metrics.actions


def last_complete_quarter(now: datetime | None = None) -> str:
    """The latest calendar quarter (UTC) that has ended by `now`, e.g. "2026Q3" on 2026-12-04."""
    today = (now or datetime.now(UTC)).astimezone(UTC)
    year, q = today.year, (today.month - 1) // 3  # the current quarter's number minus one
    return f"{year - 1}Q4" if q == 0 else f"{year}Q{q}"


def _quarters_back(period: Period, count: int) -> list[Period]:
    quarters = [period]
    for _ in range(count - 1):
        quarters.insert(0, quarters[0].previous())
    return quarters


def _burndown(
    session: StoreSession, period: Period, until: datetime, viewer: Viewer | None
) -> list[tuple[str, int]]:
    """Open actions of the quarter's incidents, week by week from the quarter's start. An action
    is open from its creation until done, verified or dropped; closed ones without a date are
    left out (when they closed is unknown)."""
    rows = counts.action_dates(session, (period.start, period.end), viewer)
    spans: list[tuple[datetime, datetime | None]] = []
    for created, done, verified, status in rows:
        closed = min((m for m in (done, verified) if m is not None), default=None)
        if closed is None and status not in OPEN:
            continue
        spans.append((created or period.start, closed))
    if not spans:
        return []
    points, day = [], period.start
    while day <= until:
        open_now = sum(
            1 for opened, closed in spans if opened <= day and (closed is None or closed > day)
        )
        points.append((day.strftime("%Y-%m-%d"), open_now))
        day += timedelta(days=7)
    return points


def quarterly(
    session: StoreSession,
    quarter: str,
    policy: Policy | None = None,
    *,
    now: datetime | None = None,
    viewer: Viewer | None = LOCAL_VIEWER,
) -> QuarterlyReport:
    """Everything the quarterly review shows for `quarter` ("2025Q4"), over the incidents
    `viewer` may see (every incident by default): no figure counts one they may not."""
    policy = policy or default_policy()
    period = quarter_period(quarter)
    metrics = compute(session, period, policy=policy, viewer=viewer)
    categories = counts.category_counts(session, (period.start, period.end), viewer)
    services = counts.service_counts(session, (period.start, period.end), viewer, limit=10)
    quarters = _quarters_back(period, 4)
    severity_trend = []
    for q in quarters:
        severity_trend.append((q.label, counts.severity_counts(session, (q.start, q.end), viewer)))
    year_span = Period(quarters[0].start, period.end, f"{quarters[0].label}–{period.label}")
    moment = now or datetime.now(period.end.tzinfo)
    report = QuarterlyReport(
        period=period,
        metrics=metrics,
        top_categories=categories,
        top_services=services,
        repeats=list_repeats(
            session, since=period.start, until=period.end, viewer=viewer, policy=policy
        ),
        severity_trend=severity_trend,
        mttr_trend=monthly_medians(session, year_span, "mttr", viewer=viewer),
        mttd_trend=monthly_medians(session, year_span, "mttd", viewer=viewer),
        burndown=_burndown(session, period, min(moment, period.end + timedelta(days=90)), viewer),
        severities=list(policy.severities),
        generated_at=moment,
    )
    report.conclusions = conclusions(report)
    return report


# --- conclusions -------------------------------------------------------------------------------


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f} %"


def conclusions(report: QuarterlyReport) -> list[str]:
    """Plain-language findings, most important first. Pure: reads only `report`."""
    m = report.metrics
    if m.empty:
        return [f"No incidents in {report.period.describe()}: nothing to conclude."]
    total = m.incident_count
    found: list[str] = []
    classified = [(c, n) for c, n in report.top_categories if c != "unclassified"]
    if classified:
        category, n = classified[0]
        if n >= 2 and n / total >= 0.25:
            advice = ADVICE.get(category, f"look for the common thread in the {category} incidents")
            name = category.replace("_", " ")
            article = "an" if name[:1] in "aeiou" else "a"
            found.append(f"{_pct(n, total)} of incidents ({n} of {total}) had {article} {name}"
                         f" root cause: {advice}.")  # fmt: skip
    unclassified = dict(report.top_categories).get("unclassified", 0)
    if unclassified and unclassified / total >= 0.2:
        found.append(f"{unclassified} of {total} incidents have no root-cause category: classify them"
                     " so the trends above can be trusted.")  # fmt: skip
    if report.top_services:
        service, n = report.top_services[0]
        if n >= 2 and n / total >= 0.3:
            found.append(f"{service} was involved in {n} of {total} incidents ({_pct(n, total)}):"
                         " put its reliability work first.")  # fmt: skip
    if report.repeats:
        open_actions = sum(len(r.unverified) for r in report.repeats)
        found.append(
            f"{len(report.repeats)} incident(s) repeated an earlier one"
            + (f"; {open_actions} action(s) of the earlier postmortems are still not verified." if open_actions else ".")
        )  # fmt: skip
    for figure in m.figures:
        tip = METRIC_ADVICE.get(figure.key)
        was = (
            f", {figure.shown(figure.previous)} the period before"
            if figure.trend == "worse"
            else ""
        )
        if figure.band in ("poor", "critical"):
            found.append(f"{figure.name} is {figure.band}: {figure.shown()}{was} ({figure.basis})"
                         + (f"; {tip}." if tip else "."))  # fmt: skip
        elif (
            figure.trend == "worse"
            and tip
            and figure.band != "excellent"
            and figure.previous
            and figure.value is not None
            and abs(figure.value - figure.previous) / abs(figure.previous) >= 0.2
        ):
            found.append(f"{figure.name} got worse: {figure.shown()}{was}, still {figure.band}.")
    missing = {
        k: tm.excluded_count for k, tm in m.time_metrics.items() if k != "ttp" and tm.excluded_count
    }
    if missing:
        worst = max(missing, key=lambda k: missing[k])
        found.append(f"{missing[worst]} of {total} incidents lack the milestones for"
                     f" {m.time_metrics[worst].name} and are left out of it: record detection,"
                     " acknowledgement and mitigation times.")  # fmt: skip
    if not found:
        found.append(
            "Every figure is in a good or excellent band: keep the practices that got here."
        )
    return found


# --- charts ------------------------------------------------------------------------------------


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    import matplotlib.pyplot as plt

    plt.close(figure)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def charts(report: QuarterlyReport) -> dict[str, str]:
    """SVG charts (severity trend, MTTR trend, root causes, action burn-down) by name."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "hindsight", "font.size": 9})
    out: dict[str, str] = {}

    fig, ax = plt.subplots(figsize=(6, 2.8))
    labels = [q for q, _ in report.severity_trend]
    bottom = [0] * len(labels)
    for severity in report.severities:
        values = [counts.get(severity, 0) for _, counts in report.severity_trend]
        ax.bar(labels, values, bottom=bottom, label=severity, color=SEVERITY_COLOURS.get(severity))
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel("incidents")
    ax.set_title("Incidents by severity, last four quarters")
    ax.legend(ncol=len(report.severities), fontsize=7, frameon=False)
    out["severity_trend"] = _svg(fig)

    fig, ax = plt.subplots(figsize=(6, 2.8))
    if report.mttr_trend:
        months = [m for m, _, _ in report.mttr_trend]
        ax.plot(months, [v / 3600 for _, v, _ in report.mttr_trend], marker="o")
        ax.tick_params(axis="x", labelrotation=45)
    else:
        ax.text(0.5, 0.5, "no resolved incidents", ha="center", transform=ax.transAxes)
    ax.set_ylabel("median MTTR (hours)")
    ax.set_title("MTTR by month")
    out["mttr_trend"] = _svg(fig)

    fig, ax = plt.subplots(figsize=(6, 2.8))
    categories = list(reversed(report.top_categories[:8]))
    ax.barh([c.replace("_", " ") for c, _ in categories], [n for _, n in categories])
    ax.set_xlabel("incidents")
    ax.set_title("Root-cause categories")
    out["root_causes"] = _svg(fig)

    fig, ax = plt.subplots(figsize=(6, 2.8))
    if report.burndown:
        ax.step([d for d, _ in report.burndown], [n for _, n in report.burndown], where="post")
        ax.tick_params(axis="x", labelrotation=45)
        for index, tick in enumerate(ax.get_xticklabels()):
            tick.set_visible(index % max(1, len(report.burndown) // 8) == 0)
    else:
        ax.text(0.5, 0.5, "no actions", ha="center", transform=ax.transAxes)
    ax.set_ylabel("open actions")
    ax.set_title("Action burn-down (weekly)")
    out["burndown"] = _svg(fig)
    return out


# --- rendering ---------------------------------------------------------------------------------


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["duration"] = format_duration
    return env


def _context(report: QuarterlyReport) -> dict[str, Any]:
    m = report.metrics
    return {
        "r": report,
        "m": m,
        "total": m.incident_count,
        "severity_rows": [(s, m.by_severity.get(s, 0)) for s in report.severities],
        "time_metrics": [m.time_metrics[k] for k in ("mttd", "mtta", "mttm", "mttr")]
        if not m.empty
        else [],
        "arrow": {"better": "▲ better", "worse": "▼ worse", "flat": "= flat", None: "—"},
    }


def render_html(report: QuarterlyReport) -> str:
    """A self-contained HTML page (inline CSS and SVG charts, no external assets)."""
    return (
        _environment()
        .get_template("report_quarterly.html.j2")
        .render(**_context(report), charts={} if report.empty else charts(report))
    )


def render_markdown(report: QuarterlyReport, chart_files: dict[str, str] | None = None) -> str:
    """Markdown for a wiki; `chart_files` maps chart names to image paths to link."""
    env = _environment()
    env.autoescape = False
    return env.get_template("report_quarterly.md.j2").render(
        **_context(report), chart_files=chart_files or {}
    )

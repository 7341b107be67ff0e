"""Reliability metrics over a period, computed by aggregate SQL on SQLite and PostgreSQL alike.

Definitions (all durations in seconds, UTC):
- MTTD started → detected; MTTA detected → acknowledged; MTTM started → mitigated;
  MTTR started → resolved. Mean and median, overall and per severity. An incident missing either
  milestone, or whose milestones are out of order, is excluded from that metric and named.
- Time to postmortem: resolution (else start) → published, over incidents whose postmortem the
  policy requires; on time when the draft (else publication) came before the policy deadline.
- Actions of the period's incidents: completion = (done + verified) / (all − won't do);
  verification = verified / (done + verified); time to close = created → verified;
  time to assignment = incident end (resolved, else mitigated) → owner first set, as the
  weekly follow-up measures it.
- Full telemetry: the incident has imported evidence and all four milestones.
- SLO breach: `sla_breached`, or an error budget consumed ≥ 100 %; linked when its postmortem
  is published.
An incident belongs to the period its `started_at` (else `created_at`) falls in.
Bands are the ones SREs use; time bands are judged on the median (robust to one long outage).

Nothing is loaded row by row into Python: the figures are aggregates over `incident_timings`
(durations precomputed per incident, hindsight.store.timings) computed by hindsight.store.metrics,
and a period and the one before it are answered together by three statements (sums, medians,
named exclusions). This module defines the periods, bands and figures and reads them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from hindsight.domain.policy import Policy
from hindsight.errors import InvalidInput
from hindsight.store import metrics as aggregates
from hindsight.store.metrics import Totals
from hindsight.store.repo import StoreSession
from hindsight.store.visibility import LOCAL_VIEWER, Viewer
from hindsight.timeutil import format_duration

HOUR, DAY = 3600.0, 86400.0
TIME_METRICS = {
    "mttd": ("MTTD", "mean time to detect", "started_at", "detected_at"),
    "mtta": ("MTTA", "mean time to acknowledge", "detected_at", "acknowledged_at"),
    "mttm": ("MTTM", "mean time to mitigate", "started_at", "mitigated_at"),
    "mttr": ("MTTR", "mean time to resolve", "started_at", "resolved_at"),
}
NAMED_EXCLUSIONS = 50  # ids named per metric; the count is always exact


# --- periods -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """[start, end) in UTC."""

    start: datetime
    end: datetime
    label: str

    def previous(self) -> Period:
        quarter = re.fullmatch(r"(\d{4})Q([1-4])", self.label)
        if quarter:
            year, q = int(quarter.group(1)), int(quarter.group(2))
            return quarter_period(f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}")
        length = self.end - self.start
        start = self.start - length
        return Period(
            start, self.start, f"{start:%Y-%m-%d} – {self.start - timedelta(seconds=1):%Y-%m-%d}"
        )

    def describe(self) -> str:
        last = self.end - timedelta(seconds=1)
        dates = f"{self.start:%Y-%m-%d} – {last:%Y-%m-%d}"
        return dates if self.label == dates else f"{self.label} ({dates})"


QUARTER_FORMAT = "YYYYQn, e.g. 2025Q4 (quarters 1-4)"


def quarter_period(text_value: str) -> Period:
    """The calendar quarter `2025Q4` in UTC."""
    match = re.fullmatch(r"\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*", text_value or "")
    if not match:
        raise InvalidInput(
            f"quarter: {text_value!r} is not a quarter; expected {QUARTER_FORMAT}",
            field="quarter",
        )
    year, q = int(match.group(1)), int(match.group(2))
    start = datetime(year, 3 * q - 2, 1, tzinfo=UTC)
    end = (
        datetime(year + 1, 1, 1, tzinfo=UTC) if q == 4 else datetime(year, 3 * q + 1, 1, tzinfo=UTC)
    )
    return Period(start, end, f"{year}Q{q}")


def make_period(
    since: datetime | None, until: datetime | None, *, now: datetime | None = None
) -> Period:
    """--since/--until as a period; the default is the 90 days up to now."""
    end = until or (now or datetime.now(UTC))
    start = since or end - timedelta(days=90)
    if start >= end:
        raise InvalidInput(
            f"--since ({start:%Y-%m-%d}) must be before --until ({end:%Y-%m-%d})", field="since"
        )
    return Period(start, end, f"{start:%Y-%m-%d} – {(end - timedelta(seconds=1)):%Y-%m-%d}")


@dataclass
class MetricFilters:
    service: str | None = None
    severity: list[str] = field(default_factory=list)


# --- bands -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """Bands from best to worst: (upper bound, label) for lower-is-better figures, (lower bound,
    label) for higher-is-better ones; the last label takes the rest."""

    higher_is_better: bool
    cuts: tuple[tuple[float, str], ...]
    last: str
    text: str

    def band(self, value: float | None) -> str | None:
        if value is None:
            return None
        for bound, label in self.cuts:
            if (value >= bound) if self.higher_is_better else (value < bound):
                return label
        return self.last


def _pct(text_value: str) -> Scale:
    return Scale(True, ((80, "excellent"), (60, "good"), (40, "poor")), "critical", text_value)


SCALES: dict[str, Scale] = {
    "mttd": Scale(False, ((300, "excellent"), (900, "good"), (3600, "poor")), "critical",
                  "< 5 min excellent, 5–15 min good, 15–60 min poor, > 1 h critical"),
    "mtta": Scale(False, ((300, "excellent"), (900, "good"), (1800, "poor")), "critical",
                  "< 5 min excellent, 5–15 min good, 15–30 min poor, > 30 min critical"),
    "mttm": Scale(False, ((1800, "excellent"), (HOUR, "good"), (4 * HOUR, "poor")), "critical",
                  "< 30 min excellent, 30–60 min good, 1–4 h poor, > 4 h critical"),
    "mttr": Scale(False, ((HOUR, "excellent"), (DAY, "good"), (7 * DAY, "poor")), "critical",
                  "< 1 h excellent, 1 h–1 day good, 1 day–1 week poor, > 1 week critical (DORA)"),
    "repeat_rate": Scale(False, ((10, "excellent"), (20, "good"), (40, "poor")), "critical",
                         "< 10 % excellent, 10–20 % good, 20–40 % poor, > 40 % critical"),
    "postmortem_completion": Scale(True, ((90, "excellent"), (75, "good"), (50, "poor")), "critical",
                                   "≥ 90 % excellent, 75–90 % good, 50–75 % poor, < 50 % critical"),
    "postmortem_on_time": Scale(True, ((90, "excellent"), (75, "good"), (50, "poor")), "critical",
                                "≥ 90 % excellent, 75–90 % good, 50–75 % poor, < 50 % critical"),
    "time_to_postmortem": Scale(False, ((DAY, "excellent"), (2 * DAY, "good"), (7 * DAY, "acceptable")),
                                "poor", "< 24 h excellent, 24–48 h good, 2–7 days acceptable, > 1 week poor"),
    "action_completion": _pct("> 80 % excellent, 60–80 % good, 40–60 % poor, < 40 % critical"),
    "action_verification": _pct("> 80 % excellent, 60–80 % good, 40–60 % poor, < 40 % critical"),
    "action_time_to_close": Scale(False, ((30 * DAY, "excellent"), (60 * DAY, "good"), (90 * DAY, "poor")),
                                  "critical", "< 30 days excellent, 30–60 good, 60–90 poor, > 90 critical"),
    "action_time_to_assign": Scale(False, ((DAY, "excellent"), (3 * DAY, "good"), (7 * DAY, "poor")),
                                   "critical", "< 1 day excellent, 1–3 days good, 3–7 poor, > 7 critical"),
    "full_telemetry": _pct("≥ 80 % excellent, 60–80 % good, 40–60 % poor, < 40 % critical"),
    "slo_breaches_linked": Scale(True, ((100, "excellent"), (90, "good"), (75, "poor")), "critical",
                                 "100 % excellent, 90–100 % good, 75–90 % poor, < 75 % critical"),
}  # fmt: skip


# --- results -----------------------------------------------------------------------------------


@dataclass
class TimeStat:
    """One duration metric for one severity ('all' for every severity)."""

    severity: str
    count: int
    mean: float | None
    median: float | None


@dataclass
class Exclusion:
    incident_id: str
    reason: str


@dataclass
class TimeMetric:
    key: str
    name: str
    description: str
    overall: TimeStat
    by_severity: list[TimeStat]
    excluded_count: int
    excluded: list[Exclusion]


@dataclass
class Figure:
    """One line of the metric table. `unit` is seconds, percent, count or per_month."""

    key: str
    name: str
    value: float | None
    unit: str
    band: str | None
    scale: str | None
    previous: float | None = None
    trend: str | None = None  # better / worse / flat / None when not comparable
    basis: str = ""  # what the figure was computed over

    def shown(self, value: float | None = None) -> str:
        value = self.value if value is None else value
        if value is None:
            return "—"
        if self.unit == "seconds":
            return format_duration(value)
        if self.unit == "percent":
            return f"{value:.0f} %"
        return f"{value:g}"


@dataclass
class ActionStats:
    created: int = 0
    planned: int = 0
    in_progress: int = 0
    blocked: int = 0
    done: int = 0
    verified: int = 0
    wont_do: int = 0


@dataclass
class MetricsReport:
    period: Period
    filters: MetricFilters
    incident_count: int
    by_severity: dict[str, int]
    per_month: list[tuple[str, str, int]]  # (YYYY-MM, severity, incidents)
    time_metrics: dict[str, TimeMetric]
    figures: list[Figure]
    actions: ActionStats
    previous_incident_count: int | None = None

    @property
    def empty(self) -> bool:
        return self.incident_count == 0

    @property
    def message(self) -> str | None:
        return f"no incidents in {self.period.describe()}" if self.empty else None

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


TTP = ("Time to postmortem", "resolution → published postmortem")


def _f(value: Any) -> float | None:
    return None if value is None else round(float(value), 3)


def _ratio(part: Any, whole: Any) -> float | None:
    return round(100.0 * float(part or 0) / float(whole), 2) if whole else None


# --- the report --------------------------------------------------------------------------------


def _time_metrics(
    total: Totals, medians: dict[tuple[int, str, str], float], period: int,
    excluded: dict[str, list[Exclusion]],
) -> dict[str, TimeMetric]:  # fmt: skip
    result = {}
    names = {k: (v[0], v[1]) for k, v in TIME_METRICS.items()} | {"ttp": TTP}
    for key, (short, description) in names.items():
        per = total.durations.get(key, {})
        n_all = sum(int(n) for n, _ in per.values())
        t_all = sum(t for _, t in per.values())
        everyone = {"all": (n_all, t_all), **{s: (int(n), t) for s, (n, t) in sorted(per.items())}}
        stats = {
            name: TimeStat(name, n, _f(t / n) if n else None, _f(medians.get((period, key, name))))
            for name, (n, t) in everyone.items()
            if n or name == "all"
        }
        base = total.counts["required"] if key == "ttp" else total.counts["rows"]
        result[key] = TimeMetric(
            key=key,
            name=short,
            description=description,
            overall=stats["all"],
            by_severity=[v for s, v in stats.items() if s != "all"],
            excluded_count=base - n_all,
            excluded=excluded.get(key, []),
        )
    return result


def _report(
    period: Period, filters: MetricFilters, total: Totals, times: dict[str, TimeMetric]
) -> MetricsReport:
    counts, a = total.counts, total.actions
    incidents = counts["rows"]
    actions = ActionStats(*(int(a[k]) for k in aggregates.ACTIONS[:7]))
    close_missing, assign_missing = int(a["close_missing"]), int(a["assign_missing"])
    completed = actions.done + actions.verified
    months = max(1.0, (period.end - period.start).total_seconds() / (30.4375 * DAY))
    figures: list[Figure] = []

    def add(key: str, name: str, value: float | None, unit: str, basis: str) -> None:
        scale = SCALES.get(key)
        figures.append(Figure(key, name, value, unit, scale.band(value) if scale else None,
                              scale.text if scale else None, basis=basis))  # fmt: skip

    for key in TIME_METRICS:
        tm = times[key]
        add(key, f"{tm.name} (median)", tm.overall.median, "seconds",
            f"{tm.overall.count} incidents, {tm.excluded_count} excluded (missing milestones)")  # fmt: skip
    add("incident_frequency", "Incidents per month", round(incidents / months, 2), "per_month",
        f"{incidents} incidents over {months:.1f} months")  # fmt: skip
    add("repeat_rate", "Repeat rate", _ratio(counts["repeats"], incidents), "percent",
        f"{counts['repeats']} of {incidents} incidents repeat an earlier one")  # fmt: skip
    add("postmortem_completion", "Postmortem completion", _ratio(counts["published"], counts["required"]),
        "percent", f"{counts['published']} of {counts['required']} required postmortems published")  # fmt: skip
    ttp = times["ttp"]
    add("time_to_postmortem", "Time to postmortem (median)", ttp.overall.median, "seconds",
        f"{ttp.overall.count} published, {ttp.excluded_count} pending or excluded")  # fmt: skip
    add("postmortem_on_time", "Postmortems drafted before the deadline",
        _ratio(counts["on_time"], counts["with_deadline"]), "percent",
        f"{counts['on_time']} of {counts['with_deadline']} with a policy deadline")  # fmt: skip
    add("action_completion", "Action completion", _ratio(completed, actions.created - actions.wont_do),
        "percent", f"{completed} of {actions.created - actions.wont_do} actions (won't do left out)")  # fmt: skip
    add("action_verification", "Action verification", _ratio(actions.verified, completed), "percent",
        f"{actions.verified} of {completed} completed actions verified")  # fmt: skip
    close = _f(a["close_sum"] / a["close_n"]) if a["close_n"] else None
    assign = _f(a["assign_sum"] / a["assign_n"]) if a["assign_n"] else None
    add("action_time_to_close", "Mean time to close an action", close, "seconds",
        f"{actions.verified} verified actions, {close_missing} without both dates excluded")  # fmt: skip
    add("action_time_to_assign", "Mean time to action assignment", assign, "seconds",
        f"{actions.created - assign_missing} assigned actions, {assign_missing} unassigned or undated excluded")  # fmt: skip
    add("full_telemetry", "Incidents with full telemetry", _ratio(counts["telemetry"], incidents), "percent",
        f"{counts['telemetry']} of {incidents} have evidence and all milestones "
        f"({counts['evidence']} with evidence, {counts['milestones']} with all milestones)")  # fmt: skip
    add("slo_breaches_linked", "SLO breaches with a postmortem",
        _ratio(counts["breaches_linked"], counts["breaches"]), "percent",
        f"{counts['breaches_linked']} of {counts['breaches']} SLO breaches have a published postmortem")  # fmt: skip
    return MetricsReport(period, filters, incidents, dict(sorted(total.by_severity.items())),
                         total.per_month, times, figures, actions)  # fmt: skip


def compute(
    session: StoreSession,
    period: Period,
    filters: MetricFilters | None = None,
    policy: Policy | None = None,
    *,
    compare: bool = True,
    viewer: Viewer | None = LOCAL_VIEWER,
) -> MetricsReport:
    """Every metric for `period`, each with its band and its trend against the period before,
    over the incidents `viewer` may see (every incident by default).
    An empty period gives a report whose `empty` is True and `message` says so (no figures).

    Both periods are answered by the same three statements over `incident_timings`."""
    from hindsight.domain.policy import default_policy

    filters = filters or MetricFilters()
    policy = policy or default_policy()
    periods = [period, period.previous()] if compare else [period]
    scope = aggregates.Scope(filters.severity, filters.service, viewer)
    spans = [(p.start, p.end) for p in periods]
    found = aggregates.timings(session, spans, policy, scope, named=NAMED_EXCLUSIONS)
    totals, medians = found.totals, found.medians
    if totals[0].counts["rows"] == 0:
        return MetricsReport(period, filters, 0, {}, [], {}, [], ActionStats())
    excluded = {
        metric: [Exclusion(incident_id, why) for incident_id, why in listed]
        for metric, listed in found.excluded.items()
    }
    report = _report(period, filters, totals[0], _time_metrics(totals[0], medians, 0, excluded))
    if not compare:
        return report
    report.previous_incident_count = totals[1].counts["rows"]
    if totals[1].counts["rows"] == 0:
        return report
    before = _report(periods[1], filters, totals[1], _time_metrics(totals[1], medians, 1, {}))
    for figure in report.figures:
        old = next((f for f in before.figures if f.key == figure.key), None)
        figure.previous = old.value if old else None
        figure.trend = trend(figure.key, figure.value, figure.previous)
    return report


LOWER_IS_BETTER = {"mttd", "mtta", "mttm", "mttr", "repeat_rate", "time_to_postmortem",
                   "action_time_to_close", "action_time_to_assign", "incident_frequency"}  # fmt: skip


def trend(key: str, value: float | None, previous: float | None) -> str | None:
    """better / worse / flat (within 5 %) against the previous period; None if either is unknown."""
    if value is None or previous is None:
        return None
    if previous == 0:
        if value == 0:
            return "flat"
        return "worse" if key in LOWER_IS_BETTER else "better"
    change = (value - previous) / abs(previous)
    if abs(change) < 0.05:
        return "flat"
    improved = change < 0 if key in LOWER_IS_BETTER else change > 0
    return "better" if improved else "worse"


def monthly_medians(
    session: StoreSession,
    period: Period,
    metric: str = "mttr",
    filters: MetricFilters | None = None,
    *,
    viewer: Viewer | None = LOCAL_VIEWER,
) -> list[tuple[str, float, int]]:
    """(YYYY-MM, median seconds, incidents counted) of one time metric, month by month, over
    the incidents `viewer` may see."""
    if metric not in TIME_METRICS:
        raise InvalidInput(f"unknown time metric {metric!r}; valid: {', '.join(TIME_METRICS)}")
    from hindsight.domain.policy import default_policy

    filters = filters or MetricFilters()
    scope = aggregates.Scope(filters.severity, filters.service, viewer)
    span = (period.start, period.end)
    return aggregates.monthly_medians(session, span, metric, default_policy(), scope)

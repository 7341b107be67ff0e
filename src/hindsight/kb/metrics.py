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
(durations precomputed per incident, hindsight.store.timings), and a period and the one before
it are answered together by three statements (sums, medians, named exclusions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from hindsight.domain.policy import Policy
from hindsight.errors import InvalidInput
from hindsight.store.tables import UTCDateTime
from hindsight.store.visibility import LOCAL_VIEWER, Viewer, visible_id_sql
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
            f"--quarter: {text_value!r} is not a quarter; expected {QUARTER_FORMAT}",
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


# --- SQL ---------------------------------------------------------------------------------------
# Everything reads `incident_timings` (hindsight.store.timings): durations already in seconds, so
# no timestamp is parsed here. Three statements answer a period and the one before it together:
# one grouped pass for every count and sum, one for the medians, one for the named exclusions.

TTP = ("Time to postmortem", "resolution → published postmortem")
_DURATION_OF = {"mttd": "ttd", "mtta": "tta", "mttm": "ttm", "mttr": "ttr", "ttp": "ttp"}


def _required_sql(policy: Policy) -> tuple[str, dict[str, Any]]:
    """The policy's "postmortem required" rules as one SQL condition over `t`."""
    req = policy.required
    parts: list[str] = []
    params: dict[str, Any] = {}
    if req.get("severities"):
        parts.append("t.severity IN :req_severities")
        params["req_severities"] = [str(v).upper() for v in req["severities"]]
    if req.get("downtime_minutes_over") is not None:
        parts.append("COALESCE(t.downtime_minutes, t.ttr / 60, 0) > :req_downtime")
        params["req_downtime"] = req["downtime_minutes_over"]
    for flag, column in (
        ("any_data_loss", "data_loss"),
        ("sla_breached", "sla_breached"),
        ("security_incident", "security"),
        ("repeat_of_known_root_cause", "is_repeat"),
    ):
        if req.get(flag):
            parts.append(f"t.{column} = 1")
    for rule, column in (
        ("money_lost_over", "money_lost"),
        ("support_tickets_over", "support_tickets"),
    ):
        if req.get(rule) is not None:
            parts.append(f"COALESCE(t.{column}, 0) > :req_{column}")
            params[f"req_{column}"] = req[rule]
    return ("(" + " OR ".join(parts) + ")") if parts else "(1 = 0)", params


def _deadline_hours_sql(policy: Policy) -> str:
    """Each severity's deadline as a CASE over `t.severity`. The names are the policy's (any
    text: "SEV-1", "P1"), written as SQL string literals with quotes doubled."""
    whens = [
        f"WHEN '{key.replace(chr(39), chr(39) * 2)}' THEN {float(sev.postmortem_deadline_hours)}"
        for key, sev in policy.severities.items()
        if sev.postmortem_deadline_hours is not None and key.isprintable()
    ]
    return f"(CASE t.severity {' '.join(whens)} ELSE NULL END)" if whens else "NULL"


class _Query:
    """Periods (the report's first, the comparison second) and filters as SQL over `t`."""

    def __init__(
        self,
        session: Session,
        periods: list[Period],
        filters: MetricFilters,
        policy: Policy,
        viewer: Viewer | None = LOCAL_VIEWER,
    ) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name
        self.required, self.params = _required_sql(policy)
        self.binds: list[Any] = []
        self.ranges: list[str] = []
        for n, period in enumerate(periods):
            self.params.update({f"start{n}": period.start, f"end{n}": period.end})
            self.binds += [bindparam(f"start{n}", type_=UTCDateTime()),
                           bindparam(f"end{n}", type_=UTCDateTime())]  # fmt: skip
            self.ranges.append(f"(t.anchor_at >= :start{n} AND t.anchor_at < :end{n})")
        where = []
        if filters.severity:
            where.append("t.severity IN :severities")
            self.params["severities"] = [s.upper() for s in filters.severity]
        if filters.service:
            where.append(
                "EXISTS (SELECT 1 FROM incident_services sv WHERE sv.incident_id = t.incident_id"
                " AND sv.service = :service)"
            )
            self.params["service"] = filters.service
        visible, visible_params = visible_id_sql(viewer, "t.incident_id")
        where.append(visible)
        self.params.update(visible_params)
        self.filters = " AND ".join(where) or "1 = 1"

    def within(self, n: int | None = None, *, scan: bool = False) -> str:
        """Rows of period `n` (any period when None) that pass the filters. `scan` keeps SQLite
        off the anchor_at index (its planner has no histogram): reading a few hundred thousand
        narrow rows in order is cheaper than looking each one up from the index."""
        ranges = self.ranges if n is None else [self.ranges[n]]
        if scan and self.dialect == "sqlite":
            ranges = [r.replace("t.anchor_at", "+t.anchor_at") for r in ranges]
        return f"({' OR '.join(ranges)}) AND {self.filters}"

    def fence(self) -> str:
        """Ends a subquery so the planner keeps it whole: its CASE columns are then computed once
        per row instead of once per aggregate that reads them."""
        return " LIMIT -1" if self.dialect == "sqlite" else " OFFSET 0"

    def share(self, n: int) -> float:
        """Which share of the stored incidents' time span period `n` covers (SQLite only)."""
        value = self.run(
            f"SELECT (julianday(min(:end{n}, hi)) - julianday(max(:start{n}, lo)))"
            " / (julianday(hi) - julianday(lo)) FROM (SELECT (SELECT MIN(anchor_at) FROM"
            " incident_timings) AS lo, (SELECT MAX(anchor_at) FROM incident_timings) AS hi) x"
        )[0][0]
        return 1.0 if value is None else float(value)

    def period_of(self) -> str:
        cases = " ".join(f"WHEN {r} THEN {n}" for n, r in enumerate(self.ranges))
        return f"CASE {cases} END"

    def run(self, sql: str, extra: dict[str, Any] | None = None) -> list[Any]:
        used = set(re.findall(r":(\w+)", sql))
        params = {k: v for k, v in {**self.params, **(extra or {})}.items() if k in used}
        binds = [b for b in self.binds if b.key in used]
        binds += [bindparam(k, expanding=True) for k, v in params.items() if isinstance(v, list)]
        return list(self.session.execute(text(sql).bindparams(*binds), params))


_COUNTS = ("rows", "required", "repeats", "published", "with_deadline", "on_time", "evidence",
           "milestones", "telemetry", "breaches", "breaches_linked")  # fmt: skip
_ACTIONS = ("a_total", "a_planned", "a_in_progress", "a_blocked", "a_done", "a_verified",
            "a_wont_do", "close_n", "close_sum", "close_missing", "assign_n", "assign_sum",
            "assign_missing")  # fmt: skip


@dataclass
class _Totals:
    """The sums of one period: counts, per-severity (count, sum) of each duration, actions."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_COUNTS, 0))
    by_severity: dict[str, int] = field(default_factory=dict)
    per_month: list[tuple[str, str, int]] = field(default_factory=list)
    durations: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    actions: dict[str, float] = field(default_factory=lambda: dict.fromkeys(_ACTIONS, 0.0))


def _totals(q: _Query, policy: Policy, periods: int) -> list[_Totals]:
    """Every count and sum of every period in one grouped pass (by period, month, severity)."""
    deadline = _deadline_hours_sql(policy)
    # only the columns summed below: the rows are sorted by group, so their width is the cost
    needed = ", ".join(f"t.{c}" for c in ("is_repeat", "is_published", "milestones", "breach",
                                          *_DURATION_OF.values(), *_ACTIONS))  # fmt: skip
    inner = (
        f"SELECT {q.period_of()} AS period, t.month, t.severity, {needed},"
        f" CASE WHEN {q.required} THEN 1 ELSE 0 END AS req,"
        f" CASE WHEN {deadline} IS NOT NULL THEN 1 ELSE 0 END AS has_deadline,"
        f" CASE WHEN t.draft_lag <= {deadline} * 3600 THEN 1 ELSE 0 END AS drafted_in_time,"
        " CASE WHEN t.incident_id IN (SELECT e.incident_id FROM evidence e) THEN 1 ELSE 0 END"
        f" AS ev FROM incident_timings t WHERE {q.within(scan=True)}{q.fence()}"
    )
    counts = ("COUNT(*), SUM(req), SUM(is_repeat), SUM(req * is_published), SUM(req * has_deadline),"
              " SUM(req * has_deadline * drafted_in_time), SUM(ev), SUM(milestones),"
              " SUM(ev * milestones), SUM(breach), SUM(breach * is_published)")  # fmt: skip
    valid = {k: f"x.{c} >= 0" for k, c in _DURATION_OF.items()}
    valid["ttp"] = "req = 1 AND x.ttp >= 0"
    durations = "".join(
        f", SUM(CASE WHEN {cond} THEN 1 ELSE 0 END), SUM(CASE WHEN {cond} THEN x.{_DURATION_OF[k]} END)"
        for k, cond in valid.items()
    )
    actions = "".join(f", SUM({a})" for a in _ACTIONS)
    rows = q.run(
        f"SELECT period, month, severity, {counts}{durations}{actions} FROM ({inner}) x"
        " GROUP BY period, month, severity ORDER BY period, month, severity"
    )
    result = [_Totals() for _ in range(periods)]
    for row in rows:
        into = result[int(row[0])]
        values = list(row[3:])
        for key in _COUNTS:
            into.counts[key] += int(values.pop(0) or 0)
        severity = str(row[2])
        n_rows = int(row[3] or 0)
        into.by_severity[severity] = into.by_severity.get(severity, 0) + n_rows
        if row[1] is not None:
            into.per_month.append((str(row[1]), severity, n_rows))
        for key in valid:
            n, total = int(values.pop(0) or 0), float(values.pop(0) or 0.0)
            sums = into.durations.setdefault(key, {}).setdefault(severity, [0, 0.0])
            sums[0] += n
            sums[1] += total
        for key in _ACTIONS:
            into.actions[key] += float(values.pop(0) or 0)
    return result


def _medians(q: _Query, totals: list[_Totals]) -> dict[tuple[int, str, str], float]:
    """Exact medians, keyed (period, metric, severity or 'all').

    PostgreSQL sorts each group once with percentile_cont. SQLite reads the one or two middle
    values of each group straight off an index on (severity, duration, anchor) — ORDER BY with
    an OFFSET taken from the counts already known — so nothing is sorted at all."""
    ttp_cond = f"t.ttp >= 0 AND {q.required}"
    cond = {k: (ttp_cond if k == "ttp" else f"t.{c} >= 0") for k, c in _DURATION_OF.items()}
    pg_cond = {**cond, "ttp": "t.ttp >= 0 AND t.req = 1"}
    found: dict[tuple[int, str, str], float] = {}
    if q.dialect != "sqlite":
        columns = "".join(
            f", percentile_cont(0.5) WITHIN GROUP (ORDER BY t.{c}) FILTER (WHERE {pg_cond[k]})"
            for k, c in _DURATION_OF.items()
        )
        rows = q.run(
            f"SELECT period, severity, GROUPING(severity){columns} FROM (SELECT t.severity,"
            f" {', '.join(f't.{c}' for c in _DURATION_OF.values())},"
            f" CASE WHEN {q.required} THEN 1 ELSE 0 END AS req,"
            f" {q.period_of()} AS period FROM incident_timings t WHERE {q.within()}{q.fence()}) t"
            " GROUP BY GROUPING SETS ((period, severity), (period))"
        )
        for row in rows:
            group = "all" if row[2] else str(row[1])
            for key, value in zip(_DURATION_OF, row[3:], strict=True):
                if value is not None:
                    found[(int(row[0]), key, group)] = float(value)
        return found
    branches: list[str] = []
    for period, total in enumerate(totals):
        for key, column in _DURATION_OF.items():
            sizes = {sev: int(n) for sev, (n, _) in total.durations.get(key, {}).items()}
            groups = [("all", sum(sizes.values())), *sorted(sizes.items())]
            for group, n in groups:
                if not n:
                    continue
                by_severity = group != "all"
                index = f"ix_incident_timings_{'severity_' if by_severity else ''}{column}"
                severity = f" AND t.severity = '{group}'" if by_severity else ""
                if by_severity and not re.fullmatch(r"[A-Za-z0-9_-]+", group):
                    continue  # never inline an odd severity name; the group keeps its mean
                branches.append(
                    f"SELECT {period}, '{key}', '{group}', v FROM (SELECT t.{column} AS v"
                    f" FROM incident_timings t INDEXED BY {index} WHERE {cond[key]}{severity}"
                    f" AND {q.within(period)} ORDER BY t.{column}"
                    f" LIMIT {2 - n % 2} OFFSET {(n - 1) // 2})"
                )
    middles: dict[tuple[int, str, str], list[float]] = {}
    for start in range(0, len(branches), 200):  # SQLite caps a compound SELECT at 500 terms
        for period, key, group, value in q.run(" UNION ALL ".join(branches[start : start + 200])):
            middles.setdefault((int(period), str(key), str(group)), []).append(float(value))
    return {k: sum(v) / len(v) for k, v in middles.items()}


def _exclusions(q: _Query) -> dict[str, list[Exclusion]]:
    """Up to NAMED_EXCLUSIONS incidents per time metric (first period) left out, with why."""
    spans = {
        k: (v[2].removesuffix("_at"), v[3].removesuffix("_at")) for k, v in TIME_METRICS.items()
    }
    why = {
        k: f"CASE WHEN i.{a}_at IS NULL THEN 'no {a}_at' WHEN i.{b}_at IS NULL THEN 'no {b}_at'"
        f" ELSE '{b}_at before {a}_at' END"
        for k, (a, b) in spans.items()
    }
    why["ttp"] = ("CASE WHEN i.published_at IS NULL THEN 'postmortem not published'"
                  " ELSE 'no resolution or start time' END")  # fmt: skip
    # SQLite, period covering much of the store: walk the primary key in order and stop at the
    # 50th; a narrow period: the duration's index finds the period's excluded rows directly
    walk = q.dialect == "sqlite" and q.share(0) >= 0.5
    branches = []
    for k, c in _DURATION_OF.items():
        if q.dialect != "sqlite":
            source, missing, where = "incident_timings t", f"COALESCE(t.{c}, -1) < 0", q.within(0)
        elif walk:
            source, missing = "incident_timings t", f"(+t.{c} IS NULL OR +t.{c} < 0)"
            where = q.within(0, scan=True)
        else:
            source = f"incident_timings t INDEXED BY ix_incident_timings_{c}"
            missing, where = f"(t.{c} IS NULL OR t.{c} < 0)", q.within(0)
        required = f" AND {q.required}" if k == "ttp" else ""
        branches.append(
            f"SELECT '{k}', x.incident_id, {why[k]} FROM (SELECT t.incident_id FROM {source}"
            f" WHERE {missing}{required} AND {where} ORDER BY t.incident_id"
            f" LIMIT {NAMED_EXCLUSIONS}) x JOIN incidents i ON i.id = x.incident_id"
        )
    found: dict[str, list[Exclusion]] = {}
    for metric, incident_id, reason in q.run(" UNION ALL ".join(branches)):
        found.setdefault(str(metric), []).append(Exclusion(str(incident_id), str(reason)))
    for listed in found.values():
        listed.sort(key=lambda e: e.incident_id)
    return found


def _f(value: Any) -> float | None:
    return None if value is None else round(float(value), 3)


def _ratio(part: Any, whole: Any) -> float | None:
    return round(100.0 * float(part or 0) / float(whole), 2) if whole else None


# --- the report --------------------------------------------------------------------------------


def _time_metrics(
    total: _Totals, medians: dict[tuple[int, str, str], float], period: int,
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
    period: Period, filters: MetricFilters, total: _Totals, times: dict[str, TimeMetric]
) -> MetricsReport:
    counts, a = total.counts, total.actions
    incidents = counts["rows"]
    actions = ActionStats(*(int(a[k]) for k in _ACTIONS[:7]))
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
    session: Session,
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
    q = _Query(session, periods, filters, policy, viewer)
    if q.dialect == "postgresql":
        # the medians sort ~100,000 narrow rows; the 4 MB default would spill them to disk
        session.execute(text("SET LOCAL work_mem = '32MB'"))
    totals = _totals(q, policy, len(periods))
    if totals[0].counts["rows"] == 0:
        return MetricsReport(period, filters, 0, {}, [], {}, [], ActionStats())
    medians = _medians(q, totals)
    excluded = _exclusions(q)
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
    session: Session,
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

    q = _Query(session, [period], filters or MetricFilters(), default_policy(), viewer)
    column = _DURATION_OF[metric]
    rows = q.run(
        f"SELECT month, AVG(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN secs END), MAX(n)"
        f" FROM (SELECT t.month, t.{column} AS secs,"
        f" ROW_NUMBER() OVER (PARTITION BY t.month ORDER BY t.{column}) AS rn,"
        f" COUNT(*) OVER (PARTITION BY t.month) AS n FROM incident_timings t"
        f" WHERE t.{column} >= 0 AND {q.within(0)}) ranked GROUP BY month ORDER BY month"
    )
    return [(str(m), round(float(median), 3), int(n)) for m, median, n in rows]

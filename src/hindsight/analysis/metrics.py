"""Reliability metrics over a period, computed by aggregate SQL on SQLite and PostgreSQL alike.

Definitions (all durations in seconds, UTC):
- MTTD started → detected; MTTA detected → acknowledged; MTTM started → mitigated;
  MTTR started → resolved. Mean and median, overall and per severity. An incident missing either
  milestone, or whose milestones are out of order, is excluded from that metric and named.
- Time to postmortem: resolution (else start) → published, over incidents whose postmortem the
  policy requires; on time when the draft (else publication) came before the policy deadline.
- Actions of the period's incidents: completion = (done + verified) / (all − won't do);
  verification = verified / (done + verified); time to close = created → verified;
  time to assignment = created → assigned.
- Full telemetry: the incident has imported evidence and all four milestones.
- SLO breach: `sla_breached`, or an error budget consumed ≥ 100 %; linked when its postmortem
  is published.
An incident belongs to the period its `started_at` (else `created_at`) falls in.
Bands are the ones SREs use; time bands are judged on the median (robust to one long outage).
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


def _secs(dialect: str, start: str, end: str) -> str:
    if dialect == "sqlite":
        return f"((julianday({end}) - julianday({start})) * 86400.0)"
    return f"EXTRACT(EPOCH FROM ({end} - {start}))"


def _month(dialect: str, column: str) -> str:
    if dialect == "sqlite":  # stored as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC
        return f"substr({column}, 1, 7)"
    return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM')"


def _required_sql(policy: Policy, dialect: str) -> tuple[str, dict[str, Any]]:
    """The policy's "postmortem required" rules as one SQL condition over `s` (the scope)."""
    req = policy.required
    parts: list[str] = []
    params: dict[str, Any] = {}
    if req.get("severities"):
        parts.append("s.severity IN :req_severities")
        params["req_severities"] = [str(v).upper() for v in req["severities"]]
    if req.get("downtime_minutes_over") is not None:
        lasted = _secs(dialect, "s.started_at", "s.resolved_at")
        parts.append(f"COALESCE(s.downtime_minutes, {lasted} / 60, 0) > :req_downtime")
        params["req_downtime"] = req["downtime_minutes_over"]
    for flag, column in (("any_data_loss", "data_loss"), ("sla_breached", "sla_breached")):
        if req.get(flag):
            parts.append(f"COALESCE(s.{column}, {'false'}) = :true_value")
            params["true_value"] = True
    if req.get("security_incident"):
        parts.append("(s.restricted = :true_value OR CAST(s.tags AS TEXT) LIKE '%\"security\"%')")
        params["true_value"] = True
    for rule, column in (
        ("money_lost_over", "money_lost"),
        ("support_tickets_over", "support_tickets"),
    ):
        if req.get(rule) is not None:
            parts.append(f"COALESCE(s.{column}, 0) > :req_{column}")
            params[f"req_{column}"] = req[rule]
    if req.get("repeat_of_known_root_cause"):
        parts.append("s.repeat_of IS NOT NULL")
    return ("(" + " OR ".join(parts) + ")") if parts else "(1 = 0)", params


def _deadline_hours_sql(policy: Policy) -> str:
    whens = [
        f"WHEN '{key}' THEN {float(sev.postmortem_deadline_hours)}"
        for key, sev in policy.severities.items()
        if sev.postmortem_deadline_hours is not None and re.fullmatch(r"[A-Z0-9_]+", key)
    ]
    return f"(CASE s.severity {' '.join(whens)} ELSE NULL END)" if whens else "NULL"


class _Query:
    """The period's scope as a CTE, plus the parameters every statement shares."""

    def __init__(self, session: Session, period: Period, filters: MetricFilters) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name
        # spelled as an OR of two ranges so the started_at index serves both halves
        where = ["((i.started_at >= :start AND i.started_at < :end) OR (i.started_at IS NULL"
                 " AND i.created_at >= :start AND i.created_at < :end))"]  # fmt: skip
        self.params: dict[str, Any] = {"start": period.start, "end": period.end}
        self.binds: list[Any] = [
            bindparam("start", type_=UTCDateTime()),
            bindparam("end", type_=UTCDateTime()),
        ]
        if filters.severity:
            where.append("i.severity IN :severities")
            self.params["severities"] = [s.upper() for s in filters.severity]
        if filters.service:
            where.append(
                "EXISTS (SELECT 1 FROM incident_services sv WHERE sv.incident_id = i.id"
                " AND sv.service = :service)"
            )
            self.params["service"] = filters.service
        self.scope = f"scope AS (SELECT i.* FROM incidents i WHERE {' AND '.join(where)})"

    def run(self, sql: str, extra: dict[str, Any] | None = None) -> list[Any]:
        params = {**self.params, **(extra or {})}
        binds = list(self.binds)
        for name, value in params.items():
            if isinstance(value, list):
                binds.append(bindparam(name, expanding=True))
        statement = text(f"WITH {sql}" if sql.lstrip().startswith("scope") else sql).bindparams(
            *binds
        )
        return list(self.session.execute(statement, params))


def _epoch(dialect: str, column: str) -> str:
    """Seconds on a common scale, parsed once per timestamp (SQLite keeps them as text)."""
    if dialect == "sqlite":
        return f"(julianday({column}) * 86400.0)"
    return f"EXTRACT(EPOCH FROM {column})"


_STAMPS = ("started", "detected", "acknowledged", "mitigated", "resolved", "published")


def _durations(
    q: _Query, policy: Policy, severities: list[str]
) -> tuple[dict[str, TimeMetric], dict[str, Any]]:
    """Every time metric in one statement, without loading rows into Python.

    Each timestamp is parsed once (`base`); per metric one sort gives the overall rank and,
    through running counts per severity over that same order, each severity's rank, so the
    middle rows of every group are picked without a second sort. Group sizes and sums come from
    one GROUP BY severity (`sizes`); up to NAMED_EXCLUSIONS excluded ids per metric come back too."""
    required, params = _required_sql(policy, q.dialect)
    params.update({f"sev{i}": sev for i, sev in enumerate(severities)})
    spans = {
        k: (v[2].removesuffix("_at"), v[3].removesuffix("_at")) for k, v in TIME_METRICS.items()
    }
    expr = {k: f"(e_{b} - e_{a})" for k, (a, b) in spans.items()}
    expr["ttp"] = "(CASE WHEN required = 1 THEN e_published - COALESCE(e_resolved, e_started) END)"
    why = {
        k: f"CASE WHEN e_{a} IS NULL THEN 'no {a}_at' WHEN e_{b} IS NULL THEN 'no {b}_at'"
        f" ELSE '{b}_at before {a}_at' END"
        for k, (a, b) in spans.items()
    }
    why["ttp"] = ("CASE WHEN e_published IS NULL THEN 'postmortem not published'"
                  " ELSE 'no resolution or start time' END")  # fmt: skip
    keys = list(expr)
    stamps = ", ".join(f"{_epoch(q.dialect, f's.{n}_at')} AS e_{n}" for n in _STAMPS)
    ctes = [
        q.scope,
        f"base AS MATERIALIZED (SELECT s.id, s.severity, {stamps},"
        f" CASE WHEN {required} THEN 1 ELSE 0 END AS required FROM scope s)",
        "sizes AS MATERIALIZED (SELECT severity, COUNT(*) AS n_rows, SUM(required) AS n_required, "
        + ", ".join(
            f"SUM(CASE WHEN {e} >= 0 THEN 1 ELSE 0 END) AS n_{k}, SUM(CASE WHEN {e} >= 0 THEN {e} END) AS t_{k}"
            for k, e in expr.items()
        )
        + " FROM base GROUP BY severity)",
        "totals AS MATERIALIZED (SELECT "
        + ", ".join(f"SUM(n_{k}) AS n_{k}" for k in keys)
        + " FROM sizes)",
    ]
    sizes: dict[str, dict[str, tuple[int, float]]] = {k: {} for k in keys}
    rows_total = required_total = 0
    columns = "".join(f", n_{k}, t_{k}" for k in keys)
    for row in q.run(
        f"{', '.join(ctes[:3])} SELECT severity, n_rows, n_required{columns} FROM sizes", params
    ):
        group, values = row[0], list(row[3:])
        rows_total += int(row[1] or 0)
        required_total += int(row[2] or 0)
        for key in keys:
            n, total = values.pop(0), values.pop(0)
            sizes[key][group] = (int(n or 0), float(total or 0.0))

    def middle(n: int) -> str:
        return f"{(n + 1) // 2}, {(n + 2) // 2}"

    running = "".join(
        f", SUM(CASE WHEN severity = :sev{i} THEN 1 ELSE 0 END) OVER w AS rn{i}"
        for i in range(len(severities))
    )
    branches = []
    for k, e in expr.items():
        n_all = sum(n for n, _ in sizes[k].values())
        groups = [f"(severity = :sev{i} AND rn{i} IN ({middle(sizes[k][sev][0])}))"
                  for i, sev in enumerate(severities) if sizes[k].get(sev, (0, 0))[0]]  # fmt: skip
        if n_all:
            ctes.append(
                f"r_{k} AS (SELECT severity, secs, ROW_NUMBER() OVER w AS rn_all{running}"
                f" FROM (SELECT severity, {e} AS secs FROM base) x WHERE secs >= 0"
                " WINDOW w AS (ORDER BY secs ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))"
            )
            in_group = " OR ".join(groups) or "1 = 0"
            branches.append(
                f"SELECT 'mid' AS kind, '{k}' AS metric, severity AS grp, secs AS num,"
                f" CASE WHEN rn_all IN ({middle(n_all)}) THEN 1 ELSE 0 END AS num2,"
                f" CASE WHEN {in_group} THEN 'severity' END AS label"
                f" FROM r_{k} WHERE rn_all IN ({middle(n_all)}) OR {in_group}"
            )
        branches.append(
            f"SELECT * FROM (SELECT 'excluded', '{k}', id, CAST(NULL AS DOUBLE PRECISION),"
            f" CAST(NULL AS INTEGER), {why[k]} FROM base"
            f" WHERE COALESCE({e}, -1) < 0{' AND required = 1' if k == 'ttp' else ''}"
            f" ORDER BY id LIMIT {NAMED_EXCLUSIONS}) x_{k}"
        )
    sql = f"{', '.join(c for c in ctes if not c.startswith(('sizes', 'totals')))} {' UNION ALL '.join(branches)}"
    middles: dict[tuple[str, str], list[float]] = {}
    excluded: dict[str, list[Exclusion]] = {}
    for kind, metric, group, num, num2, label in q.run(sql, params):
        if kind == "excluded":
            excluded.setdefault(metric, []).append(Exclusion(group, label))
            continue
        if num2:
            middles.setdefault((metric, "all"), []).append(float(num))
        if label:
            middles.setdefault((metric, group), []).append(float(num))
    stats: dict[str, dict[str, TimeStat]] = {}
    excluded_count: dict[str, int] = {}
    for key in keys:
        n_all = sum(n for n, _ in sizes[key].values())
        t_all = sum(t for _, t in sizes[key].values())
        everyone = {"all": (n_all, t_all), **dict(sorted(sizes[key].items()))}
        for name, (n, total) in everyone.items():
            if n or name == "all":
                mid = middles.get((key, name))
                stats.setdefault(key, {})[name] = TimeStat(
                    name, n, _f(total / n) if n else None, _f(sum(mid) / len(mid)) if mid else None
                )
        excluded_count[key] = (required_total if key == "ttp" else rows_total) - n_all
    for found in excluded.values():
        found.sort(key=lambda e: e.incident_id)
    result = {}
    for key, (short, description, _, _) in [*TIME_METRICS.items(),
                                            ("ttp", ("Time to postmortem", "resolution → published postmortem", "", ""))]:  # fmt: skip
        per = stats.get(key, {})
        result[key] = TimeMetric(
            key=key,
            name=short,
            description=description,
            overall=per.get("all", TimeStat("all", 0, None, None)),
            by_severity=[v for s, v in sorted(per.items()) if s != "all"],
            excluded_count=excluded_count.get(key, 0),
            excluded=excluded.get(key, []),
        )
    return result, params


def _mid(n: int) -> set[int]:
    return {(n + 1) // 2, (n + 2) // 2} if n else set()


def _f(value: Any) -> float | None:
    return None if value is None else round(float(value), 3)


def _ratio(part: Any, whole: Any) -> float | None:
    return round(100.0 * float(part or 0) / float(whole), 2) if whole else None


def _counts(q: _Query, policy: Policy) -> dict[str, Any]:
    required, params = _required_sql(policy, q.dialect)
    published = "(s.published_at IS NOT NULL OR s.status IN ('published', 'closed'))"
    drafted = "COALESCE(s.drafted_at, s.published_at)"
    anchor = "COALESCE(s.resolved_at, s.started_at, s.created_at)"
    milestones = " AND ".join(
        f"s.{m}_at IS NOT NULL"
        for m in ("started", "detected", "acknowledged", "mitigated", "resolved")
    )
    evidence = "EXISTS (SELECT 1 FROM evidence e WHERE e.incident_id = s.id)"
    breach = "(COALESCE(s.sla_breached, false) = :true_value OR COALESCE(s.error_budget_consumed_pct, 0) >= 100)"
    params["true_value"] = True
    flags = (
        f"flags AS MATERIALIZED (SELECT s.repeat_of IS NOT NULL AS repeat,"
        f" CASE WHEN {required} THEN 1 ELSE 0 END AS req,"
        f" CASE WHEN {published} THEN 1 ELSE 0 END AS pub,"
        f" CASE WHEN {_deadline_hours_sql(policy)} IS NOT NULL THEN 1 ELSE 0 END AS has_deadline,"
        f" CASE WHEN {drafted} IS NOT NULL AND {_secs(q.dialect, anchor, drafted)}"
        f" <= {_deadline_hours_sql(policy)} * 3600 THEN 1 ELSE 0 END AS drafted_in_time,"
        f" CASE WHEN {evidence} THEN 1 ELSE 0 END AS ev,"
        f" CASE WHEN {milestones} THEN 1 ELSE 0 END AS ms,"
        f" CASE WHEN {breach} THEN 1 ELSE 0 END AS br FROM scope s)"
    )
    row = q.run(
        f"{q.scope}, {flags} SELECT COUNT(*), SUM(CASE WHEN repeat THEN 1 ELSE 0 END), SUM(req),"
        " SUM(req * pub), SUM(req * has_deadline), SUM(req * has_deadline * drafted_in_time),"
        " SUM(ev), SUM(ms), SUM(ev * ms), SUM(br), SUM(br * pub) FROM flags",
        params,
    )[0]
    keys = ("total", "repeats", "required", "published", "with_deadline", "on_time", "evidence",
            "milestones", "telemetry", "breaches", "breaches_linked")  # fmt: skip
    return {k: int(v or 0) for k, v in zip(keys, row, strict=True)}


def _action_counts(q: _Query) -> tuple[ActionStats, dict[str, float | None], int, int]:
    row = q.run(
        f"{q.scope} SELECT COUNT(*),"
        + "".join(
            f" SUM(CASE WHEN a.status = '{s}' THEN 1 ELSE 0 END),"
            for s in ("planned", "in_progress", "blocked", "done", "verified", "wont_do")
        )
        + f" AVG(CASE WHEN a.status = 'verified' THEN {_secs(q.dialect, 'a.created_at', 'a.verified_at')} END),"
        f" AVG({_secs(q.dialect, 'a.created_at', 'a.assigned_at')}),"
        " SUM(CASE WHEN a.status = 'verified' AND (a.created_at IS NULL OR a.verified_at IS NULL)"
        " THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN a.created_at IS NULL OR a.assigned_at IS NULL THEN 1 ELSE 0 END)"
        " FROM actions a JOIN scope s ON s.id = a.incident_id"
    )[0]
    stats = ActionStats(*(int(v or 0) for v in row[:7]))
    return stats, {"close": _f(row[7]), "assign": _f(row[8])}, int(row[9] or 0), int(row[10] or 0)


def _monthly(q: _Query) -> list[tuple[str, str, int]]:
    month = _month(q.dialect, "COALESCE(s.started_at, s.created_at)")
    rows = q.run(
        f"{q.scope} SELECT {month} AS m, s.severity, COUNT(*) FROM scope s GROUP BY {month}, s.severity ORDER BY 1, 2"
    )
    return [(str(m), str(sev), int(n)) for m, sev, n in rows]


# --- the report --------------------------------------------------------------------------------


def _core(
    session: Session, period: Period, filters: MetricFilters, policy: Policy
) -> MetricsReport:
    q = _Query(session, period, filters)
    monthly = _monthly(q)
    by_severity: dict[str, int] = {}
    for _, severity, n in monthly:
        by_severity[severity] = by_severity.get(severity, 0) + n
    total = sum(by_severity.values())
    empty = MetricsReport(period, filters, 0, {}, [], {}, [], ActionStats())
    if total == 0:
        return empty
    times, _ = _durations(q, policy, sorted(by_severity))
    counts = _counts(q, policy)
    actions, action_times, close_missing, assign_missing = _action_counts(q)
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
    add("incident_frequency", "Incidents per month", round(total / months, 2), "per_month",
        f"{total} incidents over {months:.1f} months")  # fmt: skip
    add("repeat_rate", "Repeat rate", _ratio(counts["repeats"], total), "percent",
        f"{counts['repeats']} of {total} incidents repeat an earlier one")  # fmt: skip
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
    add("action_time_to_close", "Mean time to close an action", action_times["close"], "seconds",
        f"{actions.verified} verified actions, {close_missing} without both dates excluded")  # fmt: skip
    add("action_time_to_assign", "Mean time to action assignment", action_times["assign"], "seconds",
        f"{actions.created - assign_missing} assigned actions, {assign_missing} unassigned or undated excluded")  # fmt: skip
    add("full_telemetry", "Incidents with full telemetry", _ratio(counts["telemetry"], total), "percent",
        f"{counts['telemetry']} of {total} have evidence and all milestones "
        f"({counts['evidence']} with evidence, {counts['milestones']} with all milestones)")  # fmt: skip
    add("slo_breaches_linked", "SLO breaches with a postmortem",
        _ratio(counts["breaches_linked"], counts["breaches"]), "percent",
        f"{counts['breaches_linked']} of {counts['breaches']} SLO breaches have a published postmortem")  # fmt: skip
    return MetricsReport(period, filters, total, by_severity, monthly, times, figures, actions)


def compute(
    session: Session,
    period: Period,
    filters: MetricFilters | None = None,
    policy: Policy | None = None,
    *,
    compare: bool = True,
) -> MetricsReport:
    """Every metric for `period`, each with its band and its trend against the period before.
    An empty period gives a report whose `empty` is True and `message` says so (no figures)."""
    from hindsight.domain.policy import default_policy

    filters = filters or MetricFilters()
    policy = policy or default_policy()
    report = _core(session, period, filters, policy)
    if report.empty or not compare:
        return report
    before = _core(session, period.previous(), filters, policy)
    report.previous_incident_count = before.incident_count
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
    session: Session, period: Period, metric: str = "mttr", filters: MetricFilters | None = None
) -> list[tuple[str, float, int]]:
    """(YYYY-MM, median seconds, incidents counted) of one time metric, month by month."""
    if metric not in TIME_METRICS:
        raise InvalidInput(f"unknown time metric {metric!r}; valid: {', '.join(TIME_METRICS)}")
    q = _Query(session, period, filters or MetricFilters())
    _, _, start, end = TIME_METRICS[metric]
    month = _month(q.dialect, "COALESCE(s.started_at, s.created_at)")
    rows = q.run(
        f"{q.scope}, d AS (SELECT {month} AS m, {_secs(q.dialect, 's.' + start, 's.' + end)} AS secs"
        " FROM scope s), ranked AS (SELECT m, secs,"
        " ROW_NUMBER() OVER (PARTITION BY m ORDER BY secs) AS rn,"
        " COUNT(*) OVER (PARTITION BY m) AS n FROM d WHERE secs >= 0)"
        " SELECT m, AVG(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN secs END), MAX(n)"
        " FROM ranked GROUP BY m ORDER BY m"
    )
    return [(str(m), round(float(median), 3), int(n)) for m, median, n in rows]

"""Reliability metrics as SQL aggregates over `incident_timings`, on SQLite and PostgreSQL alike.

Everything reads `incident_timings` (hindsight.store.timings): durations already in seconds, so
no timestamp is parsed here. Three statements answer a period and the one before it together:
one grouped pass for every count and sum, one for the medians, one for the named exclusions
(`timings`). Each statement keeps only the incidents the viewer may see
(`hindsight.store.visibility`), so no figure counts one they may not.

The definitions the figures follow are hindsight.kb.metrics'; this module only computes them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, text

from hindsight.domain.policy import Policy
from hindsight.store.repo import StoreSession
from hindsight.store.tables import UTCDateTime
from hindsight.store.timings import DURATIONS
from hindsight.store.visibility import LOCAL_VIEWER, Viewer, visible_id_sql

# metric → its duration column in incident_timings
DURATION_OF = {"mttd": "ttd", "mtta": "tta", "mttm": "ttm", "mttr": "ttr", "ttp": "ttp"}
Span = tuple[datetime, datetime]  # [start, end) in UTC


@dataclass(frozen=True)
class Scope:
    """Which incidents count: those `viewer` may see, of any of `severities` (any case; all when
    empty) and naming `service` (exact; all when None)."""

    severities: Sequence[str] = ()
    service: str | None = None
    viewer: Viewer | None = LOCAL_VIEWER


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


class MetricsQuery:
    """Periods (the report's first, the comparison second) and filters as SQL over `t`."""

    def __init__(
        self,
        session: StoreSession,
        periods: Sequence[Span],
        policy: Policy,
        scope: Scope,
    ) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name
        self.required, self.params = _required_sql(policy)
        self.binds: list[Any] = []
        self.ranges: list[str] = []
        for n, (start, end) in enumerate(periods):
            self.params.update({f"start{n}": start, f"end{n}": end})
            self.binds += [bindparam(f"start{n}", type_=UTCDateTime()),
                           bindparam(f"end{n}", type_=UTCDateTime())]  # fmt: skip
            self.ranges.append(f"(t.anchor_at >= :start{n} AND t.anchor_at < :end{n})")
        where = []
        if scope.severities:
            where.append("t.severity IN :severities")
            self.params["severities"] = [s.upper() for s in scope.severities]
        if scope.service:
            where.append(
                "EXISTS (SELECT 1 FROM incident_services sv WHERE sv.incident_id = t.incident_id"
                " AND sv.service = :service)"
            )
            self.params["service"] = scope.service
        visible, visible_params = visible_id_sql(scope.viewer, "t.incident_id")
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


COUNTS = ("rows", "required", "repeats", "published", "with_deadline", "on_time", "evidence",
          "milestones", "telemetry", "breaches", "breaches_linked")  # fmt: skip
ACTIONS = ("a_total", "a_planned", "a_in_progress", "a_blocked", "a_done", "a_verified",
           "a_wont_do", "close_n", "close_sum", "close_missing", "assign_n", "assign_sum",
           "assign_missing")  # fmt: skip


@dataclass
class Totals:
    """The sums of one period: counts, per-severity (count, sum) of each duration, actions."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    by_severity: dict[str, int] = field(default_factory=dict)
    per_month: list[tuple[str, str, int]] = field(default_factory=list)
    durations: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    actions: dict[str, float] = field(default_factory=lambda: dict.fromkeys(ACTIONS, 0.0))


def _totals(q: MetricsQuery, policy: Policy, periods: int) -> list[Totals]:
    """Every count and sum of every period in one grouped pass (by period, month, severity)."""
    deadline = _deadline_hours_sql(policy)
    # only the columns summed below: the rows are sorted by group, so their width is the cost
    needed = ", ".join(f"t.{c}" for c in ("is_repeat", "is_published", "milestones", "breach",
                                          *DURATION_OF.values(), *ACTIONS))  # fmt: skip
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
    valid = {k: f"x.{c} >= 0" for k, c in DURATION_OF.items()}
    valid["ttp"] = "req = 1 AND x.ttp >= 0"
    durations = "".join(
        f", SUM(CASE WHEN {cond} THEN 1 ELSE 0 END), SUM(CASE WHEN {cond} THEN x.{DURATION_OF[k]} END)"
        for k, cond in valid.items()
    )
    actions = "".join(f", SUM({a})" for a in ACTIONS)
    rows = q.run(
        f"SELECT period, month, severity, {counts}{durations}{actions} FROM ({inner}) x"
        " GROUP BY period, month, severity ORDER BY period, month, severity"
    )
    result = [Totals() for _ in range(periods)]
    for row in rows:
        into = result[int(row[0])]
        values = list(row[3:])
        for key in COUNTS:
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
        for key in ACTIONS:
            into.actions[key] += float(values.pop(0) or 0)
    return result


def _medians(q: MetricsQuery, totals: list[Totals]) -> dict[tuple[int, str, str], float]:
    """Exact medians, keyed (period, metric, severity or 'all').

    PostgreSQL sorts each group once with percentile_cont. SQLite reads the one or two middle
    values of each group straight off an index on (severity, duration, anchor) — ORDER BY with
    an OFFSET taken from the counts already known — so nothing is sorted at all."""
    ttp_cond = f"t.ttp >= 0 AND {q.required}"
    cond = {k: (ttp_cond if k == "ttp" else f"t.{c} >= 0") for k, c in DURATION_OF.items()}
    pg_cond = {**cond, "ttp": "t.ttp >= 0 AND t.req = 1"}
    found: dict[tuple[int, str, str], float] = {}
    if q.dialect != "sqlite":
        columns = "".join(
            f", percentile_cont(0.5) WITHIN GROUP (ORDER BY t.{c}) FILTER (WHERE {pg_cond[k]})"
            for k, c in DURATION_OF.items()
        )
        rows = q.run(
            f"SELECT period, severity, GROUPING(severity){columns} FROM (SELECT t.severity,"
            f" {', '.join(f't.{c}' for c in DURATION_OF.values())},"
            f" CASE WHEN {q.required} THEN 1 ELSE 0 END AS req,"
            f" {q.period_of()} AS period FROM incident_timings t WHERE {q.within()}{q.fence()}) t"
            " GROUP BY GROUPING SETS ((period, severity), (period))"
        )
        for row in rows:
            group = "all" if row[2] else str(row[1])
            for key, value in zip(DURATION_OF, row[3:], strict=True):
                if value is not None:
                    found[(int(row[0]), key, group)] = float(value)
        return found
    branches: list[str] = []
    for period, total in enumerate(totals):
        for key, column in DURATION_OF.items():
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


def _exclusions(q: MetricsQuery, named: int) -> dict[str, list[tuple[str, str]]]:
    """Up to `named` incidents per time metric (first period) left out, as (id, why) in id order."""
    spans = {k: DURATIONS[c][::-1] for k, c in DURATION_OF.items() if c in DURATIONS}
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
    for k, c in DURATION_OF.items():
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
            f" LIMIT {named}) x JOIN incidents i ON i.id = x.incident_id"
        )
    found: dict[str, list[tuple[str, str]]] = {}
    for metric, incident_id, reason in q.run(" UNION ALL ".join(branches)):
        found.setdefault(str(metric), []).append((str(incident_id), str(reason)))
    for listed in found.values():
        listed.sort(key=lambda e: e[0])
    return found


# --- what the metrics stage asks for -----------------------------------------------------------


@dataclass
class Timings:
    """The aggregates of each period asked for, in the order asked. `medians` is keyed (period,
    metric, severity or 'all'); `excluded` names, per metric, up to `named` incidents of the
    first period a duration metric left out, as (incident id, why). Both are empty when the
    first period holds no incident."""

    totals: list[Totals]
    medians: dict[tuple[int, str, str], float] = field(default_factory=dict)
    excluded: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def timings(
    session: StoreSession,
    periods: Sequence[Span],
    policy: Policy,
    scope: Scope,
    *,
    named: int = 50,
) -> Timings:
    """Counts, sums, exact medians and named exclusions of every period, over the incidents of
    `scope`."""
    q = MetricsQuery(session, periods, policy, scope)
    if q.dialect == "postgresql":
        # the medians sort ~100,000 narrow rows; the 4 MB default would spill them to disk
        session.execute(text("SET LOCAL work_mem = '32MB'"))
    totals = _totals(q, policy, len(periods))
    if totals[0].counts["rows"] == 0:
        return Timings(totals)
    return Timings(totals, _medians(q, totals), _exclusions(q, named))


def monthly_medians(
    session: StoreSession,
    period: Span,
    metric: str,
    policy: Policy,
    scope: Scope,
) -> list[tuple[str, float, int]]:
    """(YYYY-MM, median seconds, incidents counted) of one duration metric (a DURATION_OF key),
    month by month, over the incidents of `scope`."""
    q = MetricsQuery(session, [period], policy, scope)
    column = DURATION_OF[metric]
    rows = q.run(
        f"SELECT month, AVG(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN secs END), MAX(n)"
        f" FROM (SELECT t.month, t.{column} AS secs,"
        f" ROW_NUMBER() OVER (PARTITION BY t.month ORDER BY t.{column}) AS rn,"
        f" COUNT(*) OVER (PARTITION BY t.month) AS n FROM incident_timings t"
        f" WHERE t.{column} >= 0 AND {q.within(0)}) ranked GROUP BY month ORDER BY month"
    )
    return [(str(m), round(float(median), 3), int(n)) for m, median, n in rows]

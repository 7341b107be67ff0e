"""One row of clock facts per incident, so reliability metrics are plain aggregates.

`incident_timings` (migration 0003) keeps, per incident: its durations in seconds (raw
differences — negative when milestones are out of order, NULL when one is missing), the inputs
of the policy's "postmortem required" rules, and its actions' counts and duration sums. Metrics
then sum numbers and walk indexes instead of parsing every timestamp of every incident (SQLite
stores them as text) on each read.

`refresh_timings` rewrites rows from the stored incidents in one INSERT … SELECT, inside the
caller's transaction; `hindsight.store.search.reindex_incident` calls it on every add, save and
delete, so the row never disagrees with its incident once the transaction commits.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    text,
)
from sqlalchemy.orm import Session

from hindsight.store.tables import IncidentRow, UTCDateTime

# The duration columns, each with (end, start) milestone; medians are read from their indexes.
DURATIONS = {
    "ttd": ("detected", "started"),
    "tta": ("acknowledged", "detected"),
    "ttm": ("mitigated", "started"),
    "ttr": ("resolved", "started"),
}
MEDIAN_COLUMNS = (*DURATIONS, "ttp")
FLAGS = ("data_loss", "sla_breached", "security", "is_repeat", "is_published", "breach",
         "milestones")  # fmt: skip
ACTION_COUNTS = ("a_total", "a_planned", "a_in_progress", "a_blocked", "a_done", "a_verified",
                 "a_wont_do", "close_n", "close_missing", "assign_n", "assign_missing")  # fmt: skip
ACTION_SUMS = ("close_sum", "assign_sum")

# Not in tables.Base, like search_documents: a derived table owned by the metrics, created by
# migration 0003; this is the Core handle (and the shape the migration builds).
_meta = MetaData()
incident_timings = Table(
    "incident_timings",
    _meta,
    Column(
        "incident_id",
        String(40),
        ForeignKey(IncidentRow.__table__.c.id, ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("severity", String(10), nullable=False),
    Column("anchor_at", UTCDateTime(), index=True),  # started_at, else created_at
    Column("month", String(7)),  # YYYY-MM of anchor_at, UTC
    *(Column(name, Float) for name in (*MEDIAN_COLUMNS, "draft_lag")),
    Column("downtime_minutes", Integer),
    Column("money_lost", Float),
    Column("support_tickets", Integer),
    *(Column(name, Integer, nullable=False, server_default="0") for name in FLAGS),
    *(Column(name, Integer, nullable=False, server_default="0") for name in ACTION_COUNTS),
    *(Column(name, Float, nullable=False, server_default="0") for name in ACTION_SUMS),
)
for _name in MEDIAN_COLUMNS:
    Index(f"ix_incident_timings_{_name}", incident_timings.c[_name], incident_timings.c.anchor_at)
    Index(
        f"ix_incident_timings_severity_{_name}",
        incident_timings.c.severity,
        incident_timings.c[_name],
        incident_timings.c.anchor_at,
    )


def _micros(dialect: str, column: str) -> str:
    """Microseconds since the epoch, exact: SQLite keeps 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC)."""
    if dialect == "sqlite":
        return (
            f"(CAST(strftime('%s', {column}) AS INTEGER) * 1000000"
            f" + CAST(substr({column}, 21, 6) AS INTEGER))"
        )
    return f"CAST(EXTRACT(EPOCH FROM {column}) * 1000000 AS BIGINT)"


def _seconds(dialect: str, end: str, *start: str) -> str:
    """end − the first non-NULL of `start`, in seconds (NULL when either side is missing)."""
    first = ", ".join(_micros(dialect, s) for s in start)
    later = _micros(dialect, end)
    return f"(({later} - {'COALESCE(' + first + ')' if len(start) > 1 else first}) / 1000000.0)"


def refresh_sql(dialect: str, one: bool) -> tuple[str, str]:
    """(DELETE, INSERT … SELECT) rewriting the rows of every incident, or of `:incident_id`."""
    where_i = " WHERE i.id = :incident_id" if one else ""
    where_a = " WHERE a.incident_id = :incident_id" if one else ""
    delete = "DELETE FROM incident_timings" + (" WHERE incident_id = :incident_id" if one else "")
    month = (
        "substr(COALESCE(i.started_at, i.created_at), 1, 7)"
        if dialect == "sqlite"
        else "to_char(COALESCE(i.started_at, i.created_at) AT TIME ZONE 'UTC', 'YYYY-MM')"
    )
    secs = {k: _seconds(dialect, f"i.{b}_at", f"i.{a}_at") for k, (b, a) in DURATIONS.items()}
    milestones = " AND ".join(
        f"i.{m}_at IS NOT NULL"
        for m in ("started", "detected", "acknowledged", "mitigated", "resolved")
    )
    flags = {
        "data_loss": "i.data_loss",
        "sla_breached": "i.sla_breached",
        "security": "(i.restricted OR CAST(i.tags AS TEXT) LIKE '%\"security\"%')",
        "is_repeat": "i.repeat_of IS NOT NULL",
        "is_published": "(i.published_at IS NOT NULL OR i.status IN ('published', 'closed'))",
        "breach": "(i.sla_breached OR i.error_budget_consumed_pct >= 100)",
        "milestones": f"({milestones})",
    }
    verified = "a.status = 'verified'"
    both_close = "a.created_at IS NOT NULL AND a.verified_at IS NOT NULL"
    # time to assignment as the follow-up review measures it (domain.actions.time_to_assignment):
    # the incident's end (resolved, else mitigated) → the owner first set, never below zero
    both_assign = (
        "a.assigned_at IS NOT NULL AND COALESCE(ai.resolved_at, ai.mitigated_at) IS NOT NULL"
    )
    actions = {
        "a_total": "1 = 1",
        **{f"a_{s}": f"a.status = '{s}'"
           for s in ("planned", "in_progress", "blocked", "done", "verified", "wont_do")},
        "close_n": f"{verified} AND {both_close}",
        "close_missing": f"{verified} AND NOT ({both_close})",
        "assign_n": both_assign,
        "assign_missing": f"NOT ({both_assign})",
    }  # fmt: skip
    per_action = ", ".join(
        f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {name}" for name, cond in actions.items()
    )
    close = _seconds(dialect, "a.verified_at", "a.created_at")
    waited = _seconds(dialect, "a.assigned_at", "ai.resolved_at", "ai.mitigated_at")
    assign = f"CASE WHEN {both_assign} THEN (CASE WHEN {waited} < 0 THEN 0 ELSE {waited} END) END"
    columns = [
        "incident_id", "severity", "anchor_at", "month", *secs, "ttp", "draft_lag",
        "downtime_minutes", "money_lost", "support_tickets", *flags, *actions, *ACTION_SUMS,
    ]  # fmt: skip
    values = [
        "i.id", "i.severity", "COALESCE(i.started_at, i.created_at)", month, *secs.values(),
        _seconds(dialect, "i.published_at", "i.resolved_at", "i.started_at"),
        _seconds(dialect, "COALESCE(i.drafted_at, i.published_at)", "i.resolved_at",
                 "i.started_at", "i.created_at"),
        "i.downtime_minutes", "i.money_lost", "i.support_tickets",
        *(f"CASE WHEN {cond} THEN 1 ELSE 0 END" for cond in flags.values()),
        *(f"COALESCE(x.{name}, 0)" for name in (*actions, *ACTION_SUMS)),
    ]  # fmt: skip
    insert = (
        f"INSERT INTO incident_timings ({', '.join(columns)}) SELECT {', '.join(values)}"
        f" FROM incidents i LEFT JOIN (SELECT a.incident_id, {per_action},"
        f" SUM(CASE WHEN {verified} THEN {close} END) AS close_sum,"
        f" SUM({assign}) AS assign_sum FROM actions a JOIN incidents ai ON ai.id = a.incident_id"
        f"{where_a} GROUP BY a.incident_id) x"
        f" ON x.incident_id = i.id{where_i}"
    )
    return delete, insert


def refresh_timings(session: Session, incident_id: str | None = None) -> None:
    """Rewrite the timing row of `incident_id` (every incident when None) from the stored rows;
    an incident that no longer exists loses its row."""
    delete, insert = refresh_sql(session.get_bind().dialect.name, incident_id is not None)
    params = {"incident_id": incident_id} if incident_id is not None else {}
    session.execute(text(delete), params)
    session.execute(text(insert), params)

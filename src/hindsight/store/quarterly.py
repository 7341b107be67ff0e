"""The counts of the quarterly review that are not reliability metrics: root-cause categories,
services, severities and the actions' open spans, of the incidents that belong to a period
(`started_at`, else `created_at`, in [start, end)) and that the viewer may see."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, text

from hindsight.store.metrics import Span
from hindsight.store.repo import StoreSession
from hindsight.store.tables import UTCDateTime
from hindsight.store.visibility import Viewer, visibility_sql

IN_PERIOD = (
    "COALESCE(i.started_at, i.created_at) >= :start AND COALESCE(i.started_at, i.created_at) < :end"
)


def _scope_rows(
    session: StoreSession, period: Span, viewer: Viewer | None, sql: str, **types: Any
) -> list[Any]:
    """Rows of `sql`, whose WHERE has `{visible}` for what `viewer` may see of incidents `i`."""
    visible, params = visibility_sql(viewer, "i")
    statement = text(sql.replace("{visible}", visible)).bindparams(
        bindparam("start", type_=UTCDateTime()), bindparam("end", type_=UTCDateTime())
    )
    params.update({"start": period[0], "end": period[1]})
    if types:
        return list(session.execute(statement.columns(**types), params))
    return list(session.execute(statement, params))


def category_counts(
    session: StoreSession, period: Span, viewer: Viewer | None
) -> list[tuple[str, int]]:
    """(root-cause category or 'unclassified', incidents), most frequent first."""
    sql = (
        "SELECT COALESCE(i.root_cause_category, 'unclassified'), COUNT(*) FROM incidents i"
        f" WHERE {IN_PERIOD} AND {{visible}} GROUP BY 1 ORDER BY 2 DESC, 1"
    )
    rows = _scope_rows(session, period, viewer, sql)
    return [(str(c), int(n)) for c, n in rows]


def service_counts(
    session: StoreSession, period: Span, viewer: Viewer | None, limit: int = 10
) -> list[tuple[str, int]]:
    """(service, incidents naming it) of the `limit` most frequent services."""
    sql = (
        "SELECT s.service, COUNT(*) FROM incident_services s JOIN incidents i ON i.id = s.incident_id"
        f" WHERE {IN_PERIOD} AND {{visible}} GROUP BY s.service ORDER BY 2 DESC, 1"
        f" LIMIT {int(limit)}"
    )
    rows = _scope_rows(session, period, viewer, sql)
    return [(str(s), int(n)) for s, n in rows]


def severity_counts(session: StoreSession, period: Span, viewer: Viewer | None) -> dict[str, int]:
    """Incidents per severity."""
    sql = (
        f"SELECT i.severity, COUNT(*) FROM incidents i WHERE {IN_PERIOD} AND {{visible}} GROUP BY 1"
    )
    rows = _scope_rows(session, period, viewer, sql)
    return {str(s): int(n) for s, n in rows}


def action_dates(
    session: StoreSession, period: Span, viewer: Viewer | None
) -> list[tuple[datetime | None, datetime | None, datetime | None, str]]:
    """(created_at, done_at, verified_at, status) of every action of the period's incidents."""
    sql = (
        "SELECT a.created_at, a.done_at, a.verified_at, a.status FROM actions a"
        f" JOIN incidents i ON i.id = a.incident_id WHERE {IN_PERIOD} AND {{visible}}"
    )
    rows = _scope_rows(
        session,
        period,
        viewer,
        sql,
        created_at=UTCDateTime(),
        done_at=UTCDateTime(),
        verified_at=UTCDateTime(),
    )
    return [(created, done, verified, str(status)) for created, done, verified, status in rows]

"""What similarity and repeat detection read: incidents' text, services and log templates, and
the candidates among them, always limited to what the viewer may see (`store.visibility`).

The scoring lives in hindsight.kb.similar; these functions only fetch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, bindparam, text

from hindsight.store.repo import StoreSession
from hindsight.store.tables import UTCDateTime
from hindsight.store.visibility import Viewer, visibility_sql

_PROFILE_SQL = (
    "SELECT i.id, i.title, i.severity, i.started_at, i.root_cause_category, i.services,"
    " d.summary, d.root_cause, d.body FROM incidents i"
    " JOIN search_documents d ON d.incident_id = i.id WHERE {where}"
)


@dataclass
class IncidentText:
    """One incident as similarity reads it: its search document and its timeline's templates."""

    incident_id: str
    title: str
    severity: str
    started_at: datetime | None
    category: str | None
    services: list[str]
    summary: str
    root_cause: str
    body: str
    templates: list[str] = field(default_factory=list)


def incident_texts(
    session: StoreSession, viewer: Viewer | None, ids: Sequence[str] | None = None
) -> list[IncidentText]:
    """Every incident `viewer` may see (only those of `ids` when given), with its templates."""
    where, params = visibility_sql(viewer)
    binds: list[Any] = []
    if ids is not None:
        where = f"{where} AND i.id IN :ids"
        params = {**params, "ids": list(ids)}
        binds.append(bindparam("ids", expanding=True))
    statement = (
        text(_PROFILE_SQL.format(where=where))
        .bindparams(*binds)
        .columns(started_at=UTCDateTime(), services=JSON())
    )
    rows = list(session.execute(statement, params).mappings())
    templates: dict[str, list[str]] = {}
    found_ids = [r["id"] for r in rows]
    for start in range(0, len(found_ids), 500):
        chunk = found_ids[start : start + 500]
        found = session.execute(
            text(
                "SELECT incident_id, template FROM timeline_events"
                " WHERE template IS NOT NULL AND incident_id IN :ids"
            ).bindparams(bindparam("ids", expanding=True)),
            {"ids": chunk},
        )
        for incident_id, template in found:
            templates.setdefault(incident_id, []).append(template)
    return [
        IncidentText(
            incident_id=r["id"],
            title=r["title"],
            severity=r["severity"],
            started_at=r["started_at"],
            category=r["root_cause_category"],
            services=r["services"] or [],
            summary=r["summary"],
            root_cause=r["root_cause"],
            body=r["body"],
            templates=templates.get(r["id"], []),
        )
        for r in rows
    ]


def ids_in_category(session: StoreSession, category: str, limit: int = 200) -> list[str]:
    """Up to `limit` incidents of root-cause `category`, most recent start first (candidates:
    `incident_texts` then applies the viewer's visibility)."""
    return [
        str(i)
        for i in session.execute(
            text(
                "SELECT id FROM incidents WHERE root_cause_category = :c"
                f" ORDER BY started_at DESC LIMIT {int(limit)}"
            ),
            {"c": category},
        ).scalars()
    ]


def ids_with_services(
    session: StoreSession, services: Sequence[str], limit: int = 400
) -> list[str]:
    """Up to `limit` incident ids naming one of `services` (lower case; compared lower-cased)."""
    return [
        str(i)
        for i in session.execute(
            text(
                "SELECT incident_id FROM incident_services WHERE lower(service) IN :s"
                f" LIMIT {int(limit)}"
            ).bindparams(bindparam("s", expanding=True)),
            {"s": list(services)},
        ).scalars()
    ]


def earlier_ids(
    session: StoreSession,
    incident_id: str,
    services: Sequence[str],
    start: datetime,
    end: datetime,
    viewer: Viewer | None,
) -> list[str]:
    """Incidents other than `incident_id` that `viewer` may see, started in [start, end) and
    naming one of `services` (exact)."""
    visible, params = visibility_sql(viewer)
    ids = session.execute(
        text(
            "SELECT DISTINCT i.id FROM incidents i JOIN incident_services s ON s.incident_id = i.id"
            " WHERE s.service IN :services AND i.id <> :me"
            f" AND i.started_at >= :start AND i.started_at < :end AND {visible}"
        ).bindparams(
            bindparam("services", expanding=True),
            bindparam("start", type_=UTCDateTime()),
            bindparam("end", type_=UTCDateTime()),
        ),
        {"services": list(services), "me": incident_id, "start": start, "end": end, **params},
    ).scalars()
    return [str(i) for i in ids]


def recorded_repeats(
    session: StoreSession,
    viewer: Viewer | None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[tuple[str, str]]:
    """(incident, the earlier one it repeats) for incidents with `repeat_of` set that started in
    [since, until), newest first; only pairs whose both incidents `viewer` may see."""
    visible, params = visibility_sql(viewer)
    earlier_visible, _ = visibility_sql(viewer, "e")
    where, binds = [visible, earlier_visible, "i.repeat_of IS NOT NULL"], []
    for name, op, moment in (("since", ">=", since), ("until", "<", until)):
        if moment is not None:
            where.append(f"i.started_at {op} :{name}")
            params[name] = moment
            binds.append(bindparam(name, type_=UTCDateTime()))
    rows = session.execute(
        text(
            "SELECT i.id, i.repeat_of FROM incidents i JOIN incidents e ON e.id = i.repeat_of"
            f" WHERE {' AND '.join(where)}"
            " ORDER BY i.started_at DESC, i.id"
        ).bindparams(*binds),
        params,
    ).all()
    return [(str(incident_id), str(earlier_id)) for incident_id, earlier_id in rows]

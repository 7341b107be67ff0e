"""Which incidents a viewer may see: one predicate, applied in SQL by every read of the store.

A restricted incident is visible only to admins, to the local CLI user and to the users listed
in `incident_members`; everything that counts, lists or names incidents (lists, search, similar,
repeats, metrics, reports, action lists and follow-up) filters with the predicate below instead
of trimming results in Python, so no aggregate can be computed over an incident the viewer may
not see. Three spellings of the same rule, for the three ways the store writes SQL:

- `visibility_sql(viewer, "i")`: a text fragment over an `incidents` alias;
- `visible_id_sql(viewer, "t.incident_id")`: a text fragment over a column holding an incident
  id (derived tables such as `incident_timings` that have no `restricted` column);
- `visible_clause(viewer)`: a SQLAlchemy expression over `IncidentRow` for ORM queries.

`viewer=None` is anonymous (unrestricted incidents only); `LOCAL_VIEWER` sees everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, exists, select, text, true
from sqlalchemy.orm import Session

from hindsight.store.tables import IncidentMemberRow, IncidentRow, UserRow


@dataclass(frozen=True)
class Viewer:
    """Who is looking. Admins and the local CLI user see every incident; others see unrestricted
    ones plus the restricted ones listing them in incident_members. `username=None` is anonymous."""

    username: str | None
    role: str = "viewer"
    local: bool = False

    @property
    def sees_all(self) -> bool:
        return self.local or self.role == "admin"

    @property
    def cache_key(self) -> str:
        """What results visible to this viewer may be cached under (all admins see the same)."""
        return "*" if self.sees_all else f"user:{self.username or ''}"


LOCAL_VIEWER = Viewer(username=None, role="admin", local=True)


def viewer_for(session: Session, username: str) -> Viewer:
    """The viewer `username` as the users table knows them (an unknown user is a plain viewer)."""
    user = session.get(UserRow, username)
    return Viewer(username=username, role=user.role if user else "viewer")


def visibility_sql(viewer: Viewer | None, alias: str = "i") -> tuple[str, dict[str, Any]]:
    """A WHERE fragment over incidents `alias` that hides what `viewer` may not see."""
    if viewer is not None and viewer.sees_all:
        return "1 = 1", {}
    if viewer is None or viewer.username is None:
        return f"NOT {alias}.restricted", {}
    return (
        f"(NOT {alias}.restricted OR EXISTS (SELECT 1 FROM incident_members m"
        f" WHERE m.incident_id = {alias}.id AND m.username = :viewer_name))",
        {"viewer_name": viewer.username},
    )


def visible_id_sql(viewer: Viewer | None, column: str) -> tuple[str, dict[str, Any]]:
    """A WHERE fragment keeping the rows whose incident id (`column`) `viewer` may see.

    Written as "not one of the hidden ids": the hidden set (restricted incidents the viewer is no
    member of) is small and computed once per statement, so a scan over many rows pays one hash
    probe each instead of a lookup into `incidents`."""
    if viewer is not None and viewer.sees_all:
        return "1 = 1", {}
    hidden, params = visibility_sql(viewer, "hv")
    return (
        f"{column} NOT IN (SELECT hv.id FROM incidents hv WHERE hv.restricted AND NOT {hidden})",
        params,
    )


def visible_clause(viewer: Viewer | None) -> ColumnElement[bool]:
    """The same rule as a SQLAlchemy expression over `IncidentRow`."""
    if viewer is not None and viewer.sees_all:
        return true()
    if viewer is None or viewer.username is None:
        return IncidentRow.restricted.is_(False)
    member = exists(
        select(IncidentMemberRow.incident_id).where(
            IncidentMemberRow.incident_id == IncidentRow.id,
            IncidentMemberRow.username == viewer.username,
        )
    )
    return IncidentRow.restricted.is_(False) | member


def can_see(session: Session, viewer: Viewer | None, incident_id: str) -> bool:
    """Whether `viewer` may see `incident_id` (False too when it does not exist)."""
    clause, params = visibility_sql(viewer)
    found = session.execute(
        text(f"SELECT 1 FROM incidents i WHERE i.id = :incident_id AND {clause}"),
        {"incident_id": incident_id, **params},
    ).first()
    return found is not None

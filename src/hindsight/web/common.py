"""What the routers share: one unit of work per request, version checks, pagination, JSON out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from fastapi import Query
from fastapi.responses import JSONResponse

from hindsight.domain.model import Incident, to_plain
from hindsight.errors import InvalidInput
from hindsight.incidents.reading import read_visible, read_visible_cached
from hindsight.incidents.service import Editor
from hindsight.store.repo import (
    Store,
)
from hindsight.store.visibility import Viewer
from hindsight.web.cache import TTLCache, incident_at_version
from hindsight.web.users import User

MAX_LIMIT = 500


def etag(incident: Incident) -> str:
    return f'"{incident.version}"'


def parse_if_match(value: str | None) -> int | None:
    """The version in an If-Match header (`"7"`, `W/"7"` or `7`); None when absent or `*`."""
    if value is None or value.strip() in ("", "*"):
        return None
    match = re.fullmatch(r'\s*(?:W/)?"?([0-9]+)"?\s*', value, re.ASCII)
    if not match:
        raise InvalidInput(
            f'If-Match: "{value}" is not an incident version such as "3"', field="If-Match"
        )
    return int(match.group(1))


def incident_json(incident: Incident, status_code: int = 200, **extra: Any) -> JSONResponse:
    body = to_plain(incident)
    body.update(extra)
    return JSONResponse(body, status_code=status_code, headers={"ETag": etag(incident)})


def plain_dict(value: Any) -> dict[str, Any]:
    """A domain object as a JSON object (to_plain, typed for the routes that return one)."""
    body: dict[str, Any] = to_plain(value)
    return body


def plain_list(values: Sequence[Any]) -> list[dict[str, Any]]:
    """Domain objects as a JSON array of objects."""
    return [plain_dict(v) for v in values]


def page(items: Sequence[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    """One page of a list route: its items, how many there are in all, and the offsets of the
    next and previous pages (None at either end)."""
    return {
        "items": to_plain(list(items)),
        "total": total,
        "limit": limit,
        "offset": offset,
        "next": offset + limit if offset + limit < total else None,
        "previous": max(offset - limit, 0) if offset > 0 else None,
    }


def uncounted_page(items: Sequence[Any], limit: int, offset: int) -> dict[str, Any]:
    """A page where counting every item would cost more than finding the page (search): the
    caller asked the store for `limit + 1` items, and the extra one only says that a next page
    exists. `total` is None."""
    return {
        "items": to_plain(list(items[:limit])),
        "total": None,
        "limit": limit,
        "offset": offset,
        "next": offset + limit if len(items) > limit else None,
        "previous": max(offset - limit, 0) if offset > 0 else None,
    }


LimitQuery = Query(50, ge=1, le=MAX_LIMIT, description="Page size.")
OffsetQuery = Query(0, ge=0, le=10_000_000, description="Items to skip.")


def viewer_of(user: User) -> Viewer:
    """The store's Viewer for `user`: what every query that lists, counts or names incidents
    filters by (restricted incidents only for their members and admins)."""
    return Viewer(username=user.username, role=user.role)


def editor_of(user: User) -> Editor:
    """The incident service's Editor for `user`: their name for the audit log, and what they may
    see and change (restricted incidents and the publishing override: admins)."""
    return Editor(user.username, viewer_of(user))


def incident_of(store: Store, user: User, incident_id: str) -> Incident:
    """The incident, or NotFound when it does not exist or is restricted and `user` is no member
    (a non-member cannot even learn that it exists); read in a transaction of its own."""
    return read_visible(store, viewer_of(user), incident_id)


def cached_incident(cache: TTLCache, store: Store, user: User, incident_id: str) -> Incident:
    """Like incident_of, for reading only: the loaded aggregate is shared between requests
    while its version stays the same. Never mutate the result."""
    return read_visible_cached(
        store,
        viewer_of(user),
        incident_id,
        lambda iid, stamp, load: incident_at_version(cache, iid, stamp, load),
    )

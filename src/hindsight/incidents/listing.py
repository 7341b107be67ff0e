"""Listing and searching incidents: one filter parser and one function per list, for both faces.

`hindsight incident list`, `hindsight search`, `/api/incidents`, `/api/search` and the list page
all read their filters with `parse_filters`, so an unknown severity or status is refused the same
way everywhere (`InvalidInput` naming the field and the valid values: exit 2 on the CLI, HTTP 422
on the API) and `since`/`until` are read the same way (naive times in the workspace's zone).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hindsight.domain import lifecycle
from hindsight.domain.policy import Policy
from hindsight.store import repo
from hindsight.store.repo import IncidentSummary, Store
from hindsight.store.search import SearchFilters, SearchHit, search
from hindsight.store.visibility import LOCAL_VIEWER, Viewer, viewer_for
from hindsight.timeutil import parse_instant, zone


@dataclass(frozen=True)
class IncidentFilters:
    """What narrows a list or a search. `since`/`until` bound `started_at` (until exclusive);
    empty lists and None mean no narrowing."""

    severity: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    service: str | None = None
    category: str | None = None
    tag: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def as_list_filters(self) -> dict[str, Any]:
        """The keyword filters of `store.repo.list_incidents` / `count_matching` (no tag there)."""
        return {
            "severity": self.severity,
            "status": self.status,
            "service": self.service,
            "category": self.category,
            "since": self.since,
            "until": self.until,
        }

    def for_search(self, limit: int, offset: int = 0) -> SearchFilters:
        return SearchFilters(
            severity=self.severity, status=self.status, service=self.service, tag=self.tag,
            category=self.category, since=self.since, until=self.until, limit=limit, offset=offset,
        )  # fmt: skip


def parse_filters(
    policy: Policy,
    *,
    severity: Sequence[str] = (),
    status: Sequence[str] = (),
    service: str | None = None,
    category: str | None = None,
    tag: str | None = None,
    since: str | None = None,
    until: str | None = None,
    timezone: str = "UTC",
) -> IncidentFilters:
    """The filters as both faces take them, checked: a severity the policy does not know or an
    unknown status raises `InvalidInput` at that field with the valid values; `since`/`until` are
    ISO-8601 or epoch seconds, naive ones read in `timezone`. Blank values mean no filter."""
    tz = zone(timezone)
    return IncidentFilters(
        severity=[policy.check_severity(x) for x in severity if x.strip()],
        status=[lifecycle.parse_status(x).value for x in status if x.strip()],
        service=service or None,
        category=category or None,
        tag=tag or None,
        since=parse_instant(since, tz=tz, field="since") if since else None,
        until=parse_instant(until, tz=tz, field="until") if until else None,
    )


@dataclass
class IncidentPage:
    """One page of a list, newest first, and how many match in all; with `services`, the
    services named by every incident the viewer may see (the list page's facet)."""

    rows: list[IncidentSummary]
    total: int
    services: list[str] = field(default_factory=list)


def list_page(
    store: Store,
    filters: IncidentFilters,
    *,
    viewer: Viewer | None = LOCAL_VIEWER,
    limit: int | None = None,
    offset: int = 0,
    count: bool = True,
    services: bool = False,
) -> IncidentPage:
    """The incidents `viewer` may see that match `filters`, newest first, paged in SQL, with the
    number that match (skipped when `count` is False: total is then the page's length) and, when
    `services`, the facet of `services_seen`; all read in one transaction."""
    wanted = filters.as_list_filters()
    with store.session() as s:
        rows = repo.list_incidents(s, viewer=viewer, limit=limit, offset=offset, **wanted)
        total = repo.count_matching(s, viewer=viewer, **wanted) if count else len(rows)
        facet = repo.visible_services(s, viewer) if services else []
    return IncidentPage(rows, total, facet)


def search_incidents(
    store: Store,
    query: str,
    filters: IncidentFilters,
    *,
    viewer: Viewer | None = LOCAL_VIEWER,
    as_user: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[SearchHit]:
    """The best-ranked postmortems matching `query` and `filters` that `viewer` may see (or the
    user named `as_user`, as the users table knows them), best first, paged in SQL."""
    with store.session() as s:
        seen_by = viewer_for(s, as_user) if as_user else viewer
        return search(s, query, filters.for_search(limit, offset), seen_by)


@dataclass
class SearchPage:
    """The list page's search: summaries best first, each match's snippet, whether more follow."""

    rows: list[IncidentSummary]
    snippets: dict[str, str]
    more: bool


def search_summaries(
    store: Store,
    query: str,
    filters: IncidentFilters,
    *,
    viewer: Viewer | None,
    page_size: int,
    offset: int = 0,
) -> SearchPage:
    """One page of the summaries matching `query` and `filters`, best first (for a list that
    shows incidents rather than hits)."""
    with store.session() as s:
        found = search(s, query, filters.for_search(page_size + 1, offset), viewer)
        snippets = {h.incident_id: h.snippet for h in found[:page_size]}
        order = {incident_id: n for n, incident_id in enumerate(snippets)}
        rows = repo.list_incidents(s, viewer=viewer, ids=list(order))
    rows.sort(key=lambda r: order[r.id])
    return SearchPage(rows, snippets, len(found) > page_size)


def services_seen(store: Store, viewer: Viewer | None) -> list[str]:
    """The services named by the incidents `viewer` may see, sorted (the list page's facet)."""
    with store.session() as s:
        return repo.visible_services(s, viewer)

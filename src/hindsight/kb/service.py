"""The knowledge-base use cases, one function each over the `Store`, called by the CLI and the web.

Each function opens one transaction and makes the store and stage calls of its use case in it;
the faces only parse their input, call one of these and present the result. A `viewer` is who
the figures are for (every incident for the CLI's local user); `as_user` names a user of the
users table to see as instead (the CLI's `--as`).
"""

from __future__ import annotations

from datetime import date, datetime

from hindsight.domain.actions import ActionRef
from hindsight.domain.followup import FollowupReport, followup
from hindsight.domain.policy import Policy
from hindsight.errors import InvalidInput
from hindsight.kb import metrics, report, similar
from hindsight.store.action_queries import ActionFilters, list_actions, page_actions
from hindsight.store.repo import Store, StoreSession
from hindsight.store.search import rebuild_index
from hindsight.store.visibility import LOCAL_VIEWER, Viewer, viewer_for


def _seen_by(session: StoreSession, viewer: Viewer | None, as_user: str | None) -> Viewer | None:
    return viewer_for(session, as_user) if as_user else viewer


def similar_and_repeat(
    store: Store,
    incident_id: str,
    limit: int,
    policy: Policy,
    *,
    viewer: Viewer | None = LOCAL_VIEWER,
    as_user: str | None = None,
    record_as: str | None = None,
) -> tuple[list[similar.SimilarIncident], similar.RepeatFinding | None]:
    """The incidents most like `incident_id`, and the earlier one it repeats if any; with
    `record_as` (an actor's name) the repeat is recorded, audited under that name."""
    with store.session() as s:
        seen_by = _seen_by(s, viewer, as_user)
        found = similar.similar(s, incident_id, limit, viewer=seen_by)
        if record_as is not None:
            return found, similar.mark_repeat(s, incident_id, policy, record_as)
        try:
            repeat = similar.detect_repeat(s, incident_id, policy, viewer=seen_by)
        except InvalidInput:
            repeat = None
        return found, repeat


def similar_to(
    store: Store, incident_id: str, limit: int, viewer: Viewer | None
) -> list[similar.SimilarIncident]:
    """The `limit` incidents most like `incident_id` that `viewer` may see, with reasons."""
    with store.session() as s:
        return similar.similar(s, incident_id, limit, viewer=viewer)


def repeats(
    store: Store, policy: Policy, *, since: datetime | None = None, until: datetime | None = None
) -> list[similar.RepeatFinding]:
    """Incidents recorded as repeats in the period (see `kb.similar.list_repeats`)."""
    with store.session() as s:
        return similar.list_repeats(s, since=since, until=until, policy=policy)


def metrics_report(
    store: Store,
    period: metrics.Period,
    filters: metrics.MetricFilters,
    policy: Policy,
    *,
    viewer: Viewer | None = LOCAL_VIEWER,
    as_user: str | None = None,
) -> metrics.MetricsReport:
    """Every metric for `period` over the incidents the viewer may see."""
    with store.session() as s:
        return metrics.compute(s, period, filters, policy, viewer=_seen_by(s, viewer, as_user))


def metrics_and_trend(
    store: Store,
    period: metrics.Period,
    filters: metrics.MetricFilters,
    policy: Policy,
    viewer: Viewer | None,
) -> tuple[metrics.MetricsReport, list[tuple[str, float, int]]]:
    """The metrics report and its monthly MTTR trend (none for an empty report) over what
    `viewer` may see, read in one transaction so the two agree (the metrics page)."""
    with store.session() as s:
        found = metrics.compute(s, period, filters, policy, viewer=viewer)
        if found.empty:
            return found, []
        return found, metrics.monthly_medians(s, found.period, "mttr", filters, viewer=viewer)


def quarterly_report(
    store: Store,
    quarter: str,
    policy: Policy,
    *,
    viewer: Viewer | None = LOCAL_VIEWER,
    as_user: str | None = None,
) -> report.QuarterlyReport:
    """The quarterly review of `quarter` ("2025Q4") over the incidents the viewer may see."""
    with store.session() as s:
        return report.quarterly(s, quarter, policy, viewer=_seen_by(s, viewer, as_user))


def reindex(store: Store) -> int:
    """Rebuild the search index and the metrics timings; how many incidents were indexed."""
    with store.session() as s:
        return rebuild_index(s)


def action_refs(store: Store, viewer: Viewer | None) -> list[ActionRef]:
    """Every action with its incident, over the incidents `viewer` may see (one query)."""
    with store.session() as s:
        return list(list_actions(s, viewer=viewer))


def followup_report(
    store: Store, viewer: Viewer | None, policy: Policy, today: date
) -> FollowupReport:
    """The weekly follow-up (overdue, blocked, unverified …) over what `viewer` may see."""
    return followup(action_refs(store, viewer), today=today, policy=policy)


def actions_page(
    store: Store, filters: ActionFilters, viewer: Viewer | None, *, limit: int, offset: int
) -> tuple[list[ActionRef], int]:
    """One page of actions across incidents and how many match, both in SQL."""
    with store.session() as s:
        refs, total = page_actions(s, filters, viewer, limit=limit, offset=offset)
    return list(refs), total

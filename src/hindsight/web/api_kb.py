"""REST API: quality (lint, rubric, gate), rendering and the public version, and what spans
incidents: search, similar, follow-up of actions, metrics and quarterly reports.

Restricted incidents never leak: every query that spans incidents (search, similar, actions,
follow-up, metrics, quarterly reports) takes the viewer and filters in SQL
(hindsight.store.visibility), so no figure counts an incident the user may not see.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from hindsight.domain.actions import ActionRef
from hindsight.domain.model import Incident, to_plain
from hindsight.incidents import listing
from hindsight.incidents import reading as incident_reads
from hindsight.kb import metrics as metrics_stage
from hindsight.kb import report as report_stage
from hindsight.kb import service as kb_service
from hindsight.quality.lint import lint as lint_incident
from hindsight.quality.rubric import score as score_incident
from hindsight.render.html import render_html
from hindsight.render.markdown import render_markdown
from hindsight.share.public import public_html, render_public
from hindsight.store.action_queries import ActionFilters
from hindsight.store.search import MAX_QUERY_CHARS
from hindsight.web.auth import WebState
from hindsight.web.common import (
    LimitQuery,
    OffsetQuery,
    incident_of,
    page,
    plain_dict,
    uncounted_page,
    viewer_of,
)
from hindsight.web.deps import ViewerUser, WebDep, route
from hindsight.web.users import User

router = APIRouter(prefix="/api")
V = "viewer"


# --- quality -----------------------------------------------------------------------------------------


def findings_of(incident: Incident, st: WebState) -> list[Any]:
    return list(lint_incident(incident, st.policy))


def scorecard_of(incident: Incident, st: WebState) -> Any:
    return score_incident(incident, st.policy, st.workspace.rubric)


@route(
    router,
    "GET",
    "/incidents/{incident_id}/lint",
    V,
    summary="Lint findings (blame, vague actions, gaps)",
)
def lint(user: ViewerUser, web: WebDep, incident_id: str) -> dict[str, Any]:
    incident = incident_of(web.store, user, incident_id)
    findings = findings_of(incident, web)
    return {"incident": incident.id, "findings": to_plain(findings)}


@route(router, "GET", "/incidents/{incident_id}/score", V, summary="Rubric score card")
def score(user: ViewerUser, web: WebDep, incident_id: str) -> dict[str, Any]:
    incident = incident_of(web.store, user, incident_id)
    card = scorecard_of(incident, web)
    return {"incident": incident.id, "score": to_plain(card)}


@route(router, "GET", "/incidents/{incident_id}/blockers", V, summary="What stops publishing")
def blockers(user: ViewerUser, web: WebDep, incident_id: str) -> dict[str, Any]:
    from hindsight.domain.actions import close_blockers
    from hindsight.quality.gate import publish_blockers

    incident = incident_of(web.store, user, incident_id)
    return {
        "incident": incident.id,
        "publish": publish_blockers(incident, web.policy, web.workspace.rubric),
        "close": close_blockers(incident),
    }


# --- render and the public version -------------------------------------------------------------------


def public_version(incident: Incident, st: WebState) -> Any:
    return render_public(incident, st.workspace)


@route(
    router,
    "GET",
    "/incidents/{incident_id}/render",
    V,
    summary="The postmortem as md, html or json",
)
def render(
    user: ViewerUser,
    web: WebDep,
    incident_id: str,
    format: str = Query("md", pattern="^(md|html|json)$"),
    public: bool = False,
) -> Response:
    incident = incident_of(web.store, user, incident_id)
    if public:
        version = public_version(incident, web)
        markdown = getattr(version, "markdown", str(version))
        if format == "json":
            return JSONResponse(to_plain(version))
        if format == "html":
            return HTMLResponse(public_html(version))
        return PlainTextResponse(markdown, media_type="text/markdown; charset=utf-8")
    if format == "json":
        return JSONResponse(to_plain(incident))
    if format == "html":
        return HTMLResponse(render_html(incident, web.policy))
    text = render_markdown(incident, web.policy)
    return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")


@route(
    router,
    "GET",
    "/incidents/{incident_id}/public",
    V,
    summary="Redacted public version + replacements",
)
def public(user: ViewerUser, web: WebDep, incident_id: str) -> dict[str, Any]:
    incident = incident_of(web.store, user, incident_id)
    return plain_dict(public_version(incident, web))


# --- knowledge base ----------------------------------------------------------------------------------


@route(router, "GET", "/search", V, summary="Full-text search over postmortems")
def search(
    user: ViewerUser,
    web: WebDep,
    q: str = Query(..., min_length=1, max_length=MAX_QUERY_CHARS),
    severity: list[str] = Query([]),
    service: str | None = None,
    category: str | None = None,
    tag: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = Query(20, ge=1, le=200, description="Page size."),
    offset: int = OffsetQuery,
) -> dict[str, Any]:
    """Best match first, paged in SQL; `next` is the offset of the next page (None on the last).
    `total` is None: counting every match would cost more than ranking the page."""
    filters = listing.parse_filters(
        web.policy, severity=severity, service=service, category=category, tag=tag,
        since=since, until=until, timezone=web.workspace.timezone,
    )  # fmt: skip
    hits = listing.search_incidents(
        web.store, q, filters, viewer=viewer_of(user), limit=limit + 1, offset=offset
    )
    return {"query": q, **uncounted_page(hits, limit, offset)}


@route(
    router, "GET", "/incidents/{incident_id}/similar", V, summary="Most similar earlier incidents"
)
def similar(
    user: ViewerUser, web: WebDep, incident_id: str, k: int = Query(5, ge=1, le=50)
) -> dict[str, Any]:
    iid, found = incident_reads.similar_visible(web.store, viewer_of(user), incident_id, k)
    return {"incident": iid, "items": to_plain(found)}


def followup_report(user: User, st: WebState, today: date | None = None) -> Any:
    return kb_service.followup_report(
        st.store, viewer_of(user), st.policy, today or datetime.now(UTC).date()
    )


def _ref_json(ref: ActionRef) -> dict[str, Any]:
    return {
        "incident_id": ref.incident_id,
        "incident_title": ref.incident_title,
        "ref": ref.item.ref,
        **to_plain(ref.item),
    }


@route(
    router,
    "GET",
    "/actions",
    V,
    summary="Actions across incidents (filters: status, owner, overdue)",
)
def all_actions(
    user: ViewerUser,
    web: WebDep,
    status: list[str] = Query([]),
    owner: str | None = None,
    overdue: bool = False,
    limit: int = LimitQuery,
    offset: int = OffsetQuery,
) -> dict[str, Any]:
    filters = ActionFilters(
        statuses=status, owner=owner, overdue_on=datetime.now(UTC).date() if overdue else None
    )
    refs, total = kb_service.actions_page(
        web.store, filters, viewer_of(user), limit=limit, offset=offset
    )  # a page and a count, both in SQL
    return page([_ref_json(r) for r in refs], total, limit, offset)


@route(router, "GET", "/followup", V, summary="Weekly follow-up: overdue, blocked, unverified")
def followup(user: ViewerUser, web: WebDep) -> dict[str, Any]:
    report = followup_report(user, web)
    out: dict[str, Any] = {
        "today": report.today.isoformat(),
        "total": report.total,
        "completion_rate": report.completion_rate,
        "verification_rate": report.verification_rate,
    }
    for section in ("overdue", "escalate", "blocked", "due_this_week", "unverified", "unowned"):
        out[section] = [_ref_json(r) for r in getattr(report, section)]
    return out


def parse_period(text: str | None) -> Any:
    """A metrics Period from "2025Q4", "90d" (the last 90 days) or nothing (the last 90 days)."""
    import re

    from hindsight.errors import InvalidInput

    raw = (text or "").strip()
    if not raw:
        return metrics_stage.make_period(None, None)
    days = re.fullmatch(r"(\d{1,4})d", raw)
    if days:
        from datetime import timedelta

        now = datetime.now(UTC)
        return metrics_stage.make_period(now - timedelta(days=int(days.group(1)) or 1), now)
    if re.fullmatch(r"\d{4}-?[Qq][1-4]", raw):
        return metrics_stage.quarter_period(raw)
    raise InvalidInput(f'period: "{raw}" is not a period; expected 2025Q4 or 90d', field="period")


def metrics_of(user: User, st: WebState, period: str | None, filters: dict[str, Any]) -> Any:
    """The metrics report over the incidents `user` may see."""
    return kb_service.metrics_report(
        st.store,
        parse_period(period),
        metrics_stage.MetricFilters(**filters),
        st.policy,
        viewer=viewer_of(user),
    )


@route(
    router, "GET", "/metrics", V, summary="MTTD/MTTA/MTTM/MTTR, rates and counts with their bands"
)
def metrics(
    user: ViewerUser,
    web: WebDep,
    period: str | None = Query(
        None, max_length=40, description="2025Q4, or 90d for the last 90 days"
    ),
    service: str | None = None,
    severity: list[str] = Query([]),
) -> Any:
    filters: dict[str, Any] = {}
    if service:
        filters["service"] = service
    if severity:
        filters["severity"] = [s.upper() for s in severity]
    result = metrics_of(user, web, period, filters)
    body = _plain(result)
    if isinstance(body, dict):
        body["empty"] = bool(getattr(result, "empty", False))
    return body


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) or isinstance(value, list | dict):
        return to_plain(value)
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return {"value": str(value)}


def quarterly_of(user: User, st: WebState, quarter: str | None) -> Any:
    """The quarterly report over the incidents `user` may see."""
    if not quarter:
        today = datetime.now(UTC).date()
        quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    return kb_service.quarterly_report(st.store, quarter, st.policy, viewer=viewer_of(user))


def quarterly_markdown(report: Any) -> str:
    return str(report_stage.render_markdown(report))


@route(
    router,
    "GET",
    "/reports/quarterly",
    V,
    summary="Quarterly reliability report (md, html or json)",
)
def quarterly(
    user: ViewerUser,
    web: WebDep,
    quarter: str | None = Query(
        None, pattern=r"^\d{4}-?Q[1-4]$", description="e.g. 2025Q4; default: this quarter"
    ),
    format: str = Query("md", pattern="^(md|html|json)$"),
) -> Response:
    report = quarterly_of(user, web, quarter)
    if format == "json":
        return JSONResponse(_plain(report))
    if format == "html":
        return HTMLResponse(report_stage.render_html(report))
    return PlainTextResponse(quarterly_markdown(report), media_type="text/markdown; charset=utf-8")

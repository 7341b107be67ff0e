"""Pages across incidents: follow-up of actions, metrics dashboard, quarterly report, the public
view of one postmortem, account (API tokens)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from markdown_it import MarkdownIt
from markupsafe import Markup

from hindsight.errors import HindsightError
from hindsight.incidents import accounts
from hindsight.kb import service as kb_service
from hindsight.kb.metrics import SCALES, MetricFilters
from hindsight.web import charts
from hindsight.web.api_incidents import TokenIdPath
from hindsight.web.api_kb import (
    followup_report,
    parse_period,
    public_version,
    quarterly_markdown,
    quarterly_of,
)
from hindsight.web.auth import WebState
from hindsight.web.common import incident_of, viewer_of
from hindsight.web.deps import ViewerUser, WebDep, route
from hindsight.web.pages import back, form_data, render, router
from hindsight.web.users import User

V = "viewer"
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def markdown_html(text: str) -> Markup:
    """Markdown to HTML with raw HTML disabled, so stored text can never inject markup."""
    return Markup(_markdown.render(text))


@route(router, "GET", "/followup", V)
def followup_page(request: Request, user: ViewerUser, web: WebDep) -> Response:
    report, note = None, None
    report = followup_report(user, web)
    sections = [
        ("overdue", "Overdue", "Open past their due date."),
        (
            "escalate",
            "Blocked too long",
            f"Blocked for more than {web.policy.escalate_blocked_after_days} days: escalate.",
        ),
        (
            "blocked",
            f"Blocked up to {web.policy.escalate_blocked_after_days} days",
            "Waiting on something; the reason says what. Longer blocks are listed above.",
        ),
        ("unverified", "Done, not verified", "Needs evidence that the fix works and a verifier."),
        ("due_this_week", "Due this week", ""),
        ("unowned", "No owner", "An action without an owner does not happen."),
    ]
    return render(request, "followup.html", {"report": report, "note": note, "sections": sections})


@route(router, "GET", "/metrics", V)
def metrics_page(
    request: Request,
    user: ViewerUser,
    web: WebDep,
    period: str = "",
    service: str = "",
    severity: str = "",
) -> Response:
    report, note = None, None
    filters: dict[str, Any] = {}
    if service:
        filters["service"] = service
    if severity:
        filters["severity"] = [severity.upper()]
    trend: list[tuple[str, float, int]] = []
    try:
        report, trend = kb_service.metrics_and_trend(
            web.store, parse_period(period or None), MetricFilters(**filters), web.policy,
            viewer_of(user),
        )  # fmt: skip
    except HindsightError as exc:
        note = exc.message
    chart = ""
    meters: dict[str, str] = {}
    if report is not None and not report.empty:
        chart = charts.stacked_bars(report.per_month, title="Incidents per month by severity")
        scales = _scales()
        for figure in report.figures:
            scale = scales.get(figure.key)
            if scale is not None:
                meters[figure.key] = charts.band_meter(
                    figure.value, scale, label=f"{figure.name}: {figure.band}"
                )
    return render(
        request,
        "metrics.html",
        {
            "report": report,
            "note": note,
            "chart": Markup(chart),
            "mttr_chart": Markup(charts.metrics_trend(trend)) if trend else "",
            "meters": {k: Markup(v) for k, v in meters.items()},
            "period": period,
            "service": service,
            "severity": severity,
            "severities": list(web.policy.severities),
        },
    )


def _scales() -> dict[str, Any]:
    return dict(SCALES)


@route(router, "GET", "/reports/quarterly", V)
def quarterly_page(request: Request, user: ViewerUser, web: WebDep, quarter: str = "") -> Response:
    if not quarter:  # as `hindsight report quarterly`: the last complete quarter
        from hindsight.kb.report import last_complete_quarter

        quarter = last_complete_quarter()
    html, note = None, None
    drawn: dict[str, Markup] = {}
    try:
        report = quarterly_of(user, web, quarter)
        html = markdown_html(quarterly_markdown(report))
        if not report.empty:
            drawn = {k: Markup(v) for k, v in charts.quarterly_charts(report).items()}
    except HindsightError as exc:
        note = exc.message
    return render(
        request,
        "report.html",
        {
            "quarter": quarter,
            "html": html,
            "note": note,
            "charts": drawn,
            "severities": list(web.policy.severities),
        },
    )


@route(router, "GET", "/incidents/{incident_id}/public", V)
def public_page(request: Request, user: ViewerUser, web: WebDep, incident_id: str) -> Response:
    incident = incident_of(web.store, user, incident_id)
    html, note, replacements = None, None, []
    try:
        version = public_version(incident, web)
        text = getattr(version, "markdown", None) or str(version)
        replacements = list(getattr(version, "replacements", []) or [])
        html = markdown_html(text)
    except HindsightError as exc:
        note = exc.message
    return render(
        request,
        "public.html",
        {"incident": incident, "html": html, "note": note, "replacements": replacements},
    )


def _account(request: Request, web: WebState, user: User, context: dict[str, Any]) -> Response:
    """The account page: who you are, your API tokens, and the form for a new one."""
    tokens = accounts.tokens(web.store, user.username)
    return render(request, "account.html", {"token": None, "tokens": tokens, **context})


@route(router, "GET", "/account", V)
def account_page(request: Request, user: ViewerUser, web: WebDep) -> Response:
    return _account(request, web, user, {})


@route(router, "POST", "/account/tokens", V)
async def account_token(request: Request, user: ViewerUser, web: WebDep) -> Response:
    data = await form_data(request)
    name = (data.get("name") or "api")[:100]
    token = accounts.create_token(web.store, user.username, name, actor=user.username)
    return _account(request, web, user, {"token": token, "token_name": name})


@route(router, "POST", "/account/tokens/{token_id}/revoke", V)
def account_revoke_token(user: ViewerUser, web: WebDep, token_id: int = TokenIdPath) -> Response:
    """Revoke one of your own tokens; someone else's id is "not found", as on the API."""
    revoked = accounts.revoke_token(web.store, token_id, actor=user.username, owner=user.username)
    return back("/account", f"Token “{revoked.name}” revoked: it no longer works.")

"""Server-rendered pages: incident list, the incident page with its forms, sign-in.

Every page reads without JavaScript. Forms post back here, are checked by the same functions as
the API, and on a mistake the page is shown again with the message next to the field.
The incident page and its forms are in pages_incident.py; pages across incidents (follow-up,
metrics, report, public view, account) in pages_kb.py. All share this module's router.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from hindsight.domain.edit import MULTILINE_LISTS, as_text
from hindsight.domain.model import (
    ROOT_CAUSE_CATEGORIES,
    Incident,
    IncidentStatus,
)
from hindsight.errors import Conflict, GateFailed, HindsightError, InvalidInput
from hindsight.incidents import listing, service
from hindsight.store.repo import (
    IncidentSummary,
)
from hindsight.store.search import MAX_QUERY_CHARS
from hindsight.timeutil import format_duration, zone
from hindsight.web.auth import WebState, sign_out, start_session
from hindsight.web.common import editor_of, incident_of, viewer_of
from hindsight.web.deps import (
    EditorUser,
    OptionalUser,
    ViewerUser,
    WebDep,
    csrf_token,
    known_user,
    route,
    web_state,
)
from hindsight.web.errors import PreconditionRequired, TooManyRequests, wants_html
from hindsight.web.users import User

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.auto_reload = False  # templates ship with the package; no stat() per render
V, E = "viewer", "editor"


def trend_words(trend: str | None) -> str:
    """A metric's trend against the period before, as a reader says it ("flat" is no change)."""
    if not trend:
        return ""
    return "same as before" if trend == "flat" else f"{trend} than before"


templates.env.filters["trend"] = trend_words
PAGE_SIZE = 50


# --- template helpers ----------------------------------------------------------------------------


def _when(request: Request) -> Callable[[datetime | None], str]:
    tz = zone(web_state(request).workspace.timezone)

    def fmt(moment: datetime | None) -> str:
        if moment is None:
            return "—"
        local = moment.astimezone(tz)
        return local.strftime("%Y-%m-%d %H:%M") + (
            " UTC" if tz.utcoffset(None) == timedelta(0) else local.strftime(" %Z")
        )

    return fmt


def between(start: datetime | None, end: datetime | None) -> str:
    return format_duration(end - start) if start and end else "—"


def render(
    request: Request, name: str, context: Mapping[str, Any], status_code: int = 200
) -> HTMLResponse:
    base = {
        "user": known_user(request),
        "csrf": csrf_token(request),
        "when": _when(request),
        "between": between,
        "duration": format_duration,
        "workspace": web_state(request).workspace.name,
        "notice": request.query_params.get("done"),
        "path": request.url.path,
    }
    base.update(context)
    return templates.TemplateResponse(request, name, base, status_code=status_code)


def render_error_page(request: Request, status: int, message: str) -> Response:
    titles = {
        401: "Sign in needed",
        403: "Not allowed",
        404: "Not found",
        409: "Conflict",
        413: "Too large",
        422: "Check the input",
        501: "Not available",
    }
    try:
        return render(
            request,
            "error.html",
            {"status": status, "title": titles.get(status, "Error"), "message": message},
            status,
        )
    except Exception:  # the error page must never fail itself
        return HTMLResponse(f"<h1>{status}</h1>", status_code=status)


def back(url: str, notice: str | None = None) -> RedirectResponse:
    """303 to `url` (fragment kept last) with the notice the next page shows."""
    if notice:
        path, _, fragment = url.partition("#")
        path += ("&" if "?" in path else "?") + urlencode({"done": notice})
        url = path + (f"#{fragment}" if fragment else "")
    return RedirectResponse(url, status_code=303)


async def form_data(request: Request) -> dict[str, str]:
    form = await request.form()
    return {
        k: v.strip() if isinstance(v, str) else "" for k, v in form.items() if k != "csrf_token"
    }


# --- sign in / out -----------------------------------------------------------------------------------


@route(router, "GET", "/healthz", "public")
def healthz(web: WebDep) -> dict[str, str]:
    web.store.ping()
    return {"status": "ok"}


@route(router, "GET", "/login", "public")
async def login_page(request: Request, user: OptionalUser, next: str = "/") -> Response:
    if user is not None:
        return back(_safe_next(next))
    return render(request, "login.html", {"next": _safe_next(next), "errors": {}, "username": ""})


def _safe_next(target: str | None) -> str:
    """Only local paths: a sign-in link must not bounce the user to another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@route(router, "POST", "/login", "public")
async def login(request: Request, web: WebDep) -> Response:
    from hindsight.web.auth import check_csrf, client_address, sign_in_off_loop

    await check_csrf(request)
    data = await form_data(request)
    target = _safe_next(data.get("next"))
    username = data.get("username", "")
    # Argon2 takes ~50 ms of CPU: in a worker thread, so other requests go on meanwhile
    result = await sign_in_off_loop(
        web, username, data.get("password", ""), client_address(request)
    )
    if result.user is None or result.secret is None:
        refused = result.refused
        if refused is not None and not wants_html(request):
            raise TooManyRequests(_wait_message(refused.retry_after), refused.retry_after)
        message = _wait_message(refused.retry_after) if refused else "wrong user name or password"
        page = render(
            request,
            "login.html",
            {"next": target, "username": username, "errors": {"password": message}},
            429 if refused else 401,
        )
        if refused:
            page.headers["Retry-After"] = str(refused.retry_after)
        return page
    response = back(target)
    start_session(request, response, result.secret)
    return response


def _wait_message(seconds: int) -> str:
    return f"too many failed sign-ins; try again in {seconds} s"


@route(router, "POST", "/logout", V)
def logout(request: Request, user: ViewerUser) -> Response:
    response = back("/login")
    sign_out(request, response, user)
    return response


# --- incident list -------------------------------------------------------------------------------------


@route(router, "GET", "/", V)
def incident_list(
    request: Request,
    user: ViewerUser,
    web: WebDep,
    q: str = "",
    severity: str = "",
    status: str = "",
    service: str = "",
    category: str = "",
    offset: int = 0,
) -> Response:
    filters = listing.parse_filters(
        web.policy, severity=[severity], status=[status], service=service, category=category
    )
    hits: dict[str, str] = {}
    search_note, status_code, more = None, 200, False
    offset = min(max(offset, 0), 10_000_000)
    viewer = viewer_of(user)
    total: int | None
    if q.strip():  # best match first; counting every match would cost more than the page
        shown, more, search_note, status_code = _search_page(web, user, q, filters, offset, hits)
        total = len(shown) if offset == 0 and not more else None
        services = listing.services_seen(web.store, viewer)
    else:  # newest first, a count and the services facet, in one read
        found = listing.list_page(
            web.store, filters, viewer=viewer, limit=PAGE_SIZE, offset=offset, services=True
        )
        shown, total, services = found.rows, found.total, found.services
        more = offset + PAGE_SIZE < total
    params = {
        k: v
        for k, v in {
            "q": q,
            "severity": severity,
            "status": status,
            "service": service,
            "category": category,
        }.items()
        if v
    }
    return render(
        request,
        "list.html",
        {
            "rows": shown,
            "total": total,
            "more": more,
            "offset": offset,
            "page_size": PAGE_SIZE,
            "q": q,
            "severity": severity,
            "status": status,
            "service": service,
            "category": category,
            "severities": list(web.policy.severities),
            "statuses": [s.value for s in IncidentStatus],
            "categories": ROOT_CAUSE_CATEGORIES,
            "services": services,
            "snippets": hits,
            "search_note": search_note,
            "query": urlencode(params),
        },
        status_code,
    )


def _search_page(
    web: WebState,
    user: User,
    q: str,
    filters: listing.IncidentFilters,
    offset: int,
    hits: dict[str, str],
) -> tuple[list[IncidentSummary], bool, str | None, int]:
    """(one page of summaries matching `q` and the filters, best first; whether more follow;
    a note; the status): `hits` gets each match's snippet. A query over the length cap is a 422
    with the reason as the note."""
    try:
        found = listing.search_summaries(
            web.store, q, filters, viewer=viewer_of(user), page_size=PAGE_SIZE, offset=offset
        )
    except InvalidInput as exc:
        return [], False, exc.message, 422 if len(q) > MAX_QUERY_CHARS else 200
    hits.update(found.snippets)
    return found.rows, found.more, None, 200


# --- creating and editing -------------------------------------------------------------------------------


@route(router, "GET", "/incidents/new", E)
def new_incident_form(request: Request, web: WebDep) -> Response:
    return render(
        request,
        "new.html",
        {
            "values": {"severity": "P2"},
            "errors": {},
            "severities": web.policy.severities,
        },
    )


@route(router, "POST", "/incidents/new", E)
async def create_incident(request: Request, user: EditorUser, web: WebDep) -> Response:
    data = await form_data(request)
    values = {k: v for k, v in data.items() if v}
    values["restricted"] = "yes" if data.get("restricted") else "no"
    try:
        incident = service.open_incident(web.store, values, web.policy, editor_of(user))
    except InvalidInput as exc:
        return render(
            request,
            "new.html",
            {
                "values": data,
                "errors": {exc.field or "title": exc.message},
                "severities": web.policy.severities,
            },
            422,
        )
    return back(f"/incidents/{incident.id}", f"Opened {incident.id}")


@route(router, "POST", "/incidents/import", E)
async def import_form(request: Request, user: EditorUser, web: WebDep) -> Response:
    """Markdown postmortems uploaded from the "open an incident" page: `hindsight import`'s use
    case (all files or none); on a refusal the page comes back naming the file and line."""
    from starlette.datastructures import UploadFile as FormFile

    from hindsight.web.api_incidents import import_uploads

    form = await request.form()
    files = [f for f in form.getlist("files") if isinstance(f, FormFile) and f.filename]
    flags = {name: bool(form.get(name)) for name in ("replace", "strict")}
    try:
        if not files:
            raise InvalidInput("choose markdown postmortems (*.md) to import", field="files")
        result = await import_uploads(web, request, user, files, **flags)
    except HindsightError as exc:
        values = {"severity": "P2", **{k: "yes" for k, v in flags.items() if v}}
        return render(
            request,
            "new.html",
            {
                "values": values,
                "errors": {"files": exc.message},
                "severities": web.policy.severities,
            },
            413 if exc.code == "too_large" else 422,
        )
    imported, warned = result["incidents"], len(result["warnings"])
    notice = f"Imported {len(imported)} postmortem(s)" + (
        f" with {warned} warning(s)" if warned else ""
    )
    return back(f"/incidents/{imported[0]['id']}" if len(imported) == 1 else "/", notice)


EDIT_FIELDS = (
    "title",
    "severity",
    "summary",
    "started_at",
    "detected_at",
    "acknowledged_at",
    "mitigated_at",
    "resolved_at",
    "services",
    "tags",
    "commander",
    "author",
    "participants",
    "root_cause",
    "root_cause_category",
    "technical_details",
    "resolution",
    "went_well",
    "went_wrong",
    "lessons",
    "repeat_of",
)
IMPACT_FIELDS = (
    "users_affected",
    "users_affected_pct",
    "downtime_minutes",
    "money_lost",
    "currency",
    "sla_breached",
    "slo",
    "error_budget_consumed_pct",
    "support_tickets",
    "data_loss",
    "customer_facing",
)
# What the edit form shows for each impact field: a label in plain words and, for the figures whose
# unit is not obvious, a hint. Yes/no fields are drop-downs, so nothing else can be typed there.
IMPACT_LABELS = {
    "users_affected": ("Users affected", "A number, e.g. 18400."),
    "users_affected_pct": ("Users affected (%)", "Share of all users, 0–100."),
    "downtime_minutes": ("Downtime (minutes)", ""),
    "money_lost": ("Money lost", "Amount only; the currency goes in the next field."),
    "currency": ("Currency", "ISO code, e.g. USD or EUR."),
    "sla_breached": ("SLA breached", ""),
    "slo": ("SLO affected", "e.g. “99.9% checkout availability”."),
    "error_budget_consumed_pct": ("Error budget consumed (%)", ""),
    "support_tickets": ("Support tickets", ""),
    "data_loss": ("Data lost", ""),
    "customer_facing": ("Customer facing", ""),
}
YES_NO_FIELDS = ("sla_breached", "data_loss", "customer_facing")


def edit_values(incident: Incident) -> dict[str, str]:
    values: dict[str, str] = {}
    for name in EDIT_FIELDS:
        value = getattr(incident, name)
        if name in MULTILINE_LISTS:
            values[name] = "\n".join(value)
        elif isinstance(value, datetime):
            values[name] = value.isoformat().replace("+00:00", "Z")
        else:
            values[name] = as_text(value, name) or ""
    for name in IMPACT_FIELDS:
        values[f"impact.{name}"] = as_text(getattr(incident.impact, name), name) or ""
    return values


@route(router, "GET", "/incidents/{incident_id}/edit", E)
def edit_form(request: Request, user: EditorUser, web: WebDep, incident_id: str) -> Response:
    incident = incident_of(web.store, user, incident_id)
    return _edit_page(request, web, incident, edit_values(incident), {})


def _edit_page(
    request: Request,
    web: WebState,
    incident: Incident,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "edit.html",
        {
            "incident": incident,
            "values": values,
            "errors": errors,
            "severities": web.policy.severities,
            "categories": ROOT_CAUSE_CATEGORIES,
            "impact_fields": IMPACT_FIELDS,
            "impact_labels": IMPACT_LABELS,
            "yes_no_fields": YES_NO_FIELDS,
        },
        status_code,
    )


@route(router, "POST", "/incidents/{incident_id}/edit", E)
async def save_edit(request: Request, user: EditorUser, web: WebDep, incident_id: str) -> Response:
    data = await form_data(request)
    return await run_in_threadpool(_save_edit, request, web, user, incident_id, data)


def _save_edit(
    request: Request, web: WebState, user: User, incident_id: str, data: dict[str, str]
) -> Response:
    """The edit form's change, in a worker thread (it may wait for another writer's lock)."""
    version = int(data["version"]) if data.get("version", "").isdigit() else None
    changes: dict[str, Any] = {name: data.get(name, "") for name in EDIT_FIELDS if name in data}
    impact = {
        name: data.get(f"impact.{name}", "") for name in IMPACT_FIELDS if f"impact.{name}" in data
    }
    if impact:
        changes["impact"] = impact
    try:
        incident = service.edit_incident(
            web.store, incident_id, service.FieldChanges(values=changes), web.policy,
            editor_of(user), expected_version=version, require_version=True,
        ).incident  # fmt: skip
    except (InvalidInput, Conflict, PreconditionRequired, GateFailed) as exc:
        fresh = incident_of(web.store, user, incident_id)
        if isinstance(exc, Conflict | PreconditionRequired):
            return _edit_page(request, web, fresh, data, {"version": exc.message}, 409)
        problems = exc.problems if isinstance(exc, InvalidInput) else [(exc.field, exc.message)]
        errors = {field or "title": message for field, message in problems}
        return _edit_page(request, web, fresh, data, errors, 422)
    return back(f"/incidents/{incident.id}", "Saved")

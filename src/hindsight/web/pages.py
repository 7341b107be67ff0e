"""Server-rendered pages: incident list, the incident page with its forms, sign-in.

Every page reads without JavaScript. Forms post back here, are checked by the same functions as
the API, and on a mistake the page is shown again with the message next to the field.
Pages across incidents (follow-up, metrics, report, search, public view) are in pages_kb.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import text
from sqlalchemy.orm import Session

from hindsight.domain.lifecycle import parse_status, transition
from hindsight.domain.model import (
    ROOT_CAUSE_CATEGORIES,
    STATUS_ORDER,
    ActionKind,
    ActionStatus,
    EventKind,
    Horizon,
    Incident,
    IncidentStatus,
    Level,
    Milestone,
    PreventionLevel,
    ReviewDecision,
)
from hindsight.errors import Conflict, Forbidden, GateFailed, HindsightError, InvalidInput
from hindsight.store.repo import (
    add_incident,
    audit_log,
    list_evidence,
    next_incident_id,
    record_audit,
    save_incident,
)
from hindsight.timeutil import format_duration, zone
from hindsight.web import edits
from hindsight.web.auth import (
    cached_incident,
    csrf_token,
    end_session,
    optional_user,
    route,
    start_session,
    state,
    visible_incident,
)
from hindsight.web.cache import derived
from hindsight.web.capabilities import capability
from hindsight.web.common import check_version, visible_summaries
from hindsight.web.errors import NotAvailable, NotSignedIn, PreconditionRequired
from hindsight.web.users import User, add_member, authenticate

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.auto_reload = False  # templates ship with the package; no stat() per render
V, E = "viewer", "editor"
PAGE_SIZE = 50
TIMELINE_PREVIEW = 150


# --- template helpers ----------------------------------------------------------------------------


def _when(request: Request) -> Callable[[datetime | None], str]:
    tz = zone(state(request).workspace.timezone)

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
    user = getattr(request.state, "user", None)
    base = {
        "user": user,
        "csrf": csrf_token(request),
        "when": _when(request),
        "between": between,
        "duration": format_duration,
        "workspace": state(request).workspace.name,
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


def _user(request: Request) -> User:
    return request.state.user


# --- sign in / out -----------------------------------------------------------------------------------


@route(router, "GET", "/healthz", "public")
def healthz(request: Request) -> dict[str, str]:
    with state(request).store.session() as s:
        s.execute(text("SELECT 1"))
    return {"status": "ok"}


@route(router, "GET", "/login", "public")
async def login_page(request: Request, next: str = "/") -> Response:
    if await optional_user(request):
        return back(_safe_next(next))
    return render(request, "login.html", {"next": _safe_next(next), "errors": {}, "username": ""})


def _safe_next(target: str | None) -> str:
    """Only local paths: a sign-in link must not bounce the user to another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@route(router, "POST", "/login", "public")
async def login(request: Request) -> Response:
    from hindsight.web.auth import check_csrf

    await check_csrf(request)
    data = await form_data(request)
    target = _safe_next(data.get("next"))
    with state(request).store.session() as s:
        user = authenticate(s, data.get("username", ""), data.get("password", ""))
    if user is None:
        return render(
            request,
            "login.html",
            {
                "next": target,
                "username": data.get("username", ""),
                "errors": {"password": "wrong user name or password"},
            },
            401,
        )
    response = back(target)
    start_session(request, response, user)
    return response


@route(router, "POST", "/logout", V)
def logout(request: Request) -> Response:
    response = back("/login")
    end_session(response)
    return response


# --- incident list -------------------------------------------------------------------------------------


@route(router, "GET", "/", V)
def incident_list(
    request: Request,
    q: str = "",
    severity: str = "",
    status: str = "",
    service: str = "",
    category: str = "",
    offset: int = 0,
) -> Response:
    user = _user(request)
    st = state(request)
    filters: dict[str, Any] = {
        "severity": [severity] if severity else [],
        "status": [status] if status in {s.value for s in IncidentStatus} else [],
        "service": service or None,
        "category": category or None,
    }
    hits: dict[str, str] = {}
    search_note = None
    with st.store.session() as s:
        rows = visible_summaries(s, user, **filters)
        if q.strip():
            try:
                from hindsight.web.api_kb import viewer_of

                run = capability("hindsight.store.search", "search")
                found = run(
                    s,
                    q,
                    capability("hindsight.store.search", "SearchFilters")(limit=200),
                    viewer_of(user),
                )
                hits = {h.incident_id: h.snippet for h in found}
                rows = [r for r in rows if r.id in hits]
                rows.sort(key=lambda r: list(hits).index(r.id))
            except NotAvailable:
                needle = q.lower()
                rows = [r for r in rows if needle in r.title.lower() or needle in r.id.lower()]
                search_note = "full-text search is not installed; matched titles only"
            except InvalidInput as exc:
                search_note = exc.message
                rows = []
        unfiltered = (
            rows if not any(filters.values()) and not q.strip() else visible_summaries(s, user)
        )
        services = sorted({svc for r in unfiltered for svc in r.services})
    offset = max(offset, 0)
    shown = rows[offset : offset + PAGE_SIZE]
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
            "total": len(rows),
            "offset": offset,
            "page_size": PAGE_SIZE,
            "q": q,
            "severity": severity,
            "status": status,
            "service": service,
            "category": category,
            "severities": list(st.policy.severities),
            "statuses": [s.value for s in IncidentStatus],
            "categories": ROOT_CAUSE_CATEGORIES,
            "services": services,
            "snippets": hits,
            "search_note": search_note,
            "query": urlencode(params),
        },
    )


# --- creating and editing -------------------------------------------------------------------------------


@route(router, "GET", "/incidents/new", E)
def new_incident_form(request: Request) -> Response:
    return render(
        request,
        "new.html",
        {
            "values": {"severity": "P2"},
            "errors": {},
            "severities": state(request).policy.severities,
        },
    )


@route(router, "POST", "/incidents/new", E)
async def create_incident(request: Request) -> Response:
    user = _user(request)
    st = state(request)
    data = await form_data(request)
    values = {k: v for k, v in data.items() if v}
    values["restricted"] = "yes" if data.get("restricted") else "no"
    try:
        incident = edits.new_incident(values, st.policy, author=user.username)
        with st.store.session() as s:
            assert incident.started_at is not None
            incident.id = next_incident_id(s, incident.started_at.date())
            add_incident(s, incident, user.username)
            if incident.restricted:
                add_member(s, incident.id, user.username)
    except InvalidInput as exc:
        return render(
            request,
            "new.html",
            {
                "values": data,
                "errors": {exc.field or "title": exc.message},
                "severities": st.policy.severities,
            },
            422,
        )
    return back(f"/incidents/{incident.id}", f"Opened {incident.id}")


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


def edit_values(incident: Incident) -> dict[str, str]:
    values: dict[str, str] = {}
    for name in EDIT_FIELDS:
        value = getattr(incident, name)
        if name in edits.MULTILINE_LISTS:
            values[name] = "\n".join(value)
        elif isinstance(value, datetime):
            values[name] = value.isoformat().replace("+00:00", "Z")
        else:
            values[name] = edits.as_text(value, name) or ""
    for name in IMPACT_FIELDS:
        values[f"impact.{name}"] = edits.as_text(getattr(incident.impact, name), name) or ""
    return values


@route(router, "GET", "/incidents/{incident_id}/edit", E)
def edit_form(request: Request, incident_id: str) -> Response:
    with state(request).store.session() as s:
        incident = visible_incident(s, _user(request), incident_id)
    return _edit_page(request, incident, edit_values(incident), {})


def _edit_page(
    request: Request,
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
            "severities": state(request).policy.severities,
            "categories": ROOT_CAUSE_CATEGORIES,
            "impact_fields": IMPACT_FIELDS,
        },
        status_code,
    )


@route(router, "POST", "/incidents/{incident_id}/edit", E)
async def save_edit(request: Request, incident_id: str) -> Response:
    user = _user(request)
    st = state(request)
    data = await form_data(request)
    version = int(data["version"]) if data.get("version", "").isdigit() else None
    changes: dict[str, Any] = {name: data.get(name, "") for name in EDIT_FIELDS if name in data}
    impact = {
        name: data.get(f"impact.{name}", "") for name in IMPACT_FIELDS if f"impact.{name}" in data
    }
    if impact:
        changes["impact"] = impact
    try:
        with st.store.session() as s:
            incident = visible_incident(s, user, incident_id)
            check_version(incident, version, required=True)
            edits.apply_fields(incident, changes, st.policy)
            save_incident(s, incident, user.username)
    except (InvalidInput, Conflict, PreconditionRequired, GateFailed) as exc:
        with st.store.session() as s:
            fresh = visible_incident(s, user, incident_id)
        field = exc.field or "title"
        if isinstance(exc, Conflict | PreconditionRequired):
            field = "version"
        return _edit_page(
            request, fresh, data, {field: exc.message}, 409 if field == "version" else 422
        )
    return back(f"/incidents/{incident.id}", "Saved")


# --- the incident page ---------------------------------------------------------------------------------


def optional_capability(fn: Callable[[], Any]) -> tuple[Any, str | None]:
    """(result, None), or (None, why) when the capability is missing or refuses."""
    try:
        return fn(), None
    except NotAvailable as exc:
        return None, exc.message
    except HindsightError as exc:
        return None, exc.message


def findings_by_place(findings: list[Any]) -> dict[str, list[Any]]:
    """Lint findings keyed by the section/field they concern, so each shows next to its text."""
    places: dict[str, list[Any]] = {}
    for finding in findings:
        where = (
            getattr(finding, "field", None)
            or getattr(finding, "section", None)
            or getattr(finding, "where", None)
            or getattr(finding, "location", None)
            or "general"
        )
        text = str(where)
        if text.startswith("actions.") and len(text) > len("actions."):
            key = "action:" + text.split(".", 1)[1].split(".")[0]
        else:
            key = text.split("[")[0].split(".")[0].lower()
        places.setdefault(key, []).append(finding)
    return places


def incident_context(
    request: Request, session: Session, incident: Incident, full_timeline: bool = False
) -> dict[str, Any]:
    st = state(request)

    def once(name: str, compute: Callable[[], Any]) -> tuple[Any, str | None]:
        return derived(st.cache, incident, name, lambda: optional_capability(compute))

    findings, lint_note = once(
        "lint", lambda: list(capability("hindsight.quality.lint", "lint")(incident, st.policy))
    )
    card, score_note = once(
        "score", lambda: capability("hindsight.quality.rubric", "score")(incident, st.policy)
    )
    proposals, _ = once(
        "proposals", lambda: list(capability("hindsight.ingest.milestones", "propose")(incident))
    )
    from hindsight.domain.lifecycle import close_blockers
    from hindsight.quality.gate import publish_blockers

    gate = derived(
        st.cache, incident, "publish_blockers", lambda: publish_blockers(incident, st.policy)
    )

    timeline = incident.timeline
    truncated = not full_timeline and len(timeline) > TIMELINE_PREVIEW
    if truncated:
        key = [
            e
            for e in timeline
            if e.key or e.milestone or e.kind in (EventKind.DEPLOY, EventKind.ALERT)
        ]
        timeline = key[:TIMELINE_PREVIEW] if key else timeline[:TIMELINE_PREVIEW]
    board = {s.value: [a for a in incident.actions if a.status == s] for s in ActionStatus}
    current = STATUS_ORDER.index(incident.status)
    nexts = [s.value for s in STATUS_ORDER[current + 1 :]]
    backs = {
        IncidentStatus.MITIGATED: ["open"],
        IncidentStatus.RESOLVED: ["open"],
        IncidentStatus.IN_REVIEW: ["drafting"],
    }.get(incident.status, [])
    return {
        "incident": incident,
        "timeline": timeline,
        "timeline_truncated": truncated,
        "evidence": list_evidence(session, incident.id),
        "findings": findings or [],
        "findings_at": (places := findings_by_place(findings or [])),
        "action_findings": {
            k.split(":", 1)[1]: v for k, v in places.items() if k.startswith("action:")
        },
        "lint_note": lint_note,
        "card": card,
        "score_note": score_note,
        "proposals": proposals or [],
        "board": board,
        "next_statuses": nexts + backs,
        "publish_blockers": gate,
        "close_blockers": close_blockers(incident),
        "deadline": st.policy.postmortem_deadline(incident),
        "postmortem_reasons": st.policy.postmortem_reasons(incident),
        "factor_categories": st.policy.factor_categories,
        "milestones": [m.value for m in Milestone],
        "kinds": [k.value for k in EventKind],
        "action_kinds": [k.value for k in ActionKind],
        "horizons": [h.value for h in Horizon],
        "levels": [lv.value for lv in Level],
        "prevention_levels": [p.value for p in PreventionLevel],
        "action_statuses": [s.value for s in ActionStatus],
        "decisions": [d.value for d in ReviewDecision],
        "audit": audit_log(session, incident.id, limit=20),
        "errors": {},
        "values": {},
    }


@route(router, "GET", "/incidents/{incident_id}", V)
def incident_page(request: Request, incident_id: str, full: bool = False) -> Response:
    with state(request).store.session() as s:
        incident = cached_incident(request, s, _user(request), incident_id)
        context = incident_context(request, s, incident, full_timeline=full)
    return render(request, "incident.html", context)


@contextmanager
def _form_edit(request: Request, incident_id: str) -> Iterator[tuple[Session, Incident]]:
    user = _user(request)
    with state(request).store.session() as s:
        incident = visible_incident(s, user, incident_id)
        yield s, incident
        save_incident(s, incident, user.username)


async def incident_form(
    request: Request,
    incident_id: str,
    form: str,
    change: Callable[[Session, Incident, dict[str, str]], str],
    anchor: str,
) -> Response:
    """Run one incident-page form: on a mistake show the page again with the message at the field."""
    data = await form_data(request)
    try:
        with _form_edit(request, incident_id) as (s, incident):
            notice = change(s, incident, data)
    except (InvalidInput, Forbidden, HindsightError) as exc:
        if isinstance(exc, NotSignedIn):
            raise
        from hindsight.errors import NotFound

        if isinstance(exc, NotFound) and not exc.field and "incident" in exc.message:
            raise
        with state(request).store.session() as s:
            incident = visible_incident(s, _user(request), incident_id)
            context = incident_context(request, s, incident)
        context["errors"] = {form: {exc.field or "_": exc.message}}
        context["values"] = {form: data}
        return render(
            request,
            "incident.html",
            context,
            409 if exc.code in ("conflict", "gate_failed") else 422,
        )
    return back(f"/incidents/{incident.id}#{anchor}", notice)


@route(router, "POST", "/incidents/{incident_id}/status", E)
async def status_form(request: Request, incident_id: str) -> Response:
    user = _user(request)
    st = state(request)

    def change(s: Session, incident: Incident, data: dict[str, str]) -> str:
        override = data.get("override") or None
        if override and not user.is_admin:
            raise Forbidden("only an admin may override the publishing gate", field="override")
        bypassed = transition(
            incident, parse_status(data.get("status", "")), st.policy, override=override
        )
        if bypassed:
            record_audit(s, user.username, incident.id, "override", new=bypassed, reason=override)
        return f"Status: {incident.status.value.replace('_', ' ')}"

    return await incident_form(request, incident_id, "status", change, "top")


@route(router, "POST", "/incidents/{incident_id}/timeline", E)
async def timeline_form(request: Request, incident_id: str) -> Response:
    tz = state(request).workspace.timezone

    def change(_: Session, incident: Incident, data: dict[str, str]) -> str:
        event = edits.add_event(
            incident,
            at=data.get("at", ""),
            text=data.get("text", ""),
            kind=data.get("kind"),
            actor=data.get("actor"),
            key=bool(data.get("key")),
            milestone=data.get("milestone"),
            tz=tz,
        )
        return f"Added event at {event.at:%H:%M}"

    return await incident_form(request, incident_id, "timeline", change, "timeline")


@route(router, "POST", "/incidents/{incident_id}/milestones", E)
async def milestone_form(request: Request, incident_id: str) -> Response:
    tz = state(request).workspace.timezone

    def change(_: Session, incident: Incident, data: dict[str, str]) -> str:
        event_id = int(data["event_id"]) if data.get("event_id", "").isdigit() else None
        edits.confirm_milestone(
            incident, data.get("milestone", ""), at=data.get("at") or None, event_id=event_id, tz=tz
        )
        return f"Confirmed {data.get('milestone')}"

    return await incident_form(request, incident_id, "milestones", change, "milestones")


@route(router, "POST", "/incidents/{incident_id}/whys", E)
async def why_form(request: Request, incident_id: str) -> Response:
    def change(_: Session, incident: Incident, data: dict[str, str]) -> str:
        if data.get("chain"):
            if not data["chain"].isdigit():
                raise InvalidInput("chain: pick a chain", field="chain")
            edits.add_why_step(incident, int(data["chain"]), data.get("answer", ""))
            return "Added a why"
        edits.add_why_chain(incident, data.get("problem", ""), data.get("answers", "").splitlines())
        return "Started a why chain"

    return await incident_form(request, incident_id, "whys", change, "whys")


@route(router, "POST", "/incidents/{incident_id}/factors", E)
async def factor_form(request: Request, incident_id: str) -> Response:
    policy = state(request).policy

    def change(_: Session, incident: Incident, data: dict[str, str]) -> str:
        edits.add_factor(incident, data.get("category", ""), data.get("text", ""), policy)
        return "Added a contributing factor"

    return await incident_form(request, incident_id, "factors", change, "rca")


@route(router, "POST", "/incidents/{incident_id}/actions", E)
async def action_form(request: Request, incident_id: str) -> Response:
    user = _user(request)

    def change(_: Session, incident: Incident, data: dict[str, str]) -> str:
        from hindsight.timeutil import parse_date

        add = capability("hindsight.domain.actions", "add_action")
        item = add(
            incident,
            data.get("title", ""),
            by=user.username,
            owner=data.get("owner") or None,
            due=parse_date(data["due"], field="due") if data.get("due") else None,
            kind=data.get("kind") or "prevent",
            horizon=data.get("horizon") or "short_term",
            verification=data.get("verification") or None,
            prevention_level=data.get("prevention_level") or None,
            impact=data.get("impact") or None,
            effort=data.get("effort") or None,
        )
        return f"Added {item.ref}"

    return await incident_form(request, incident_id, "actions", change, "actions")


@route(router, "POST", "/incidents/{incident_id}/actions/{number}/status", E)
async def action_status_form(request: Request, incident_id: str, number: int) -> Response:
    user = _user(request)

    def change(_: Session, incident: Incident, data: dict[str, str]) -> str:
        move = capability("hindsight.domain.actions", "transition")
        item = incident.action(number)
        move(
            item,
            data.get("status", ""),
            by=user.username,
            reason=data.get("reason"),
            evidence=data.get("evidence"),
            verifier=data.get("verifier"),
        )
        return f"{item.ref} is {item.status.value.replace('_', ' ')}"

    return await incident_form(request, incident_id, f"action-{number}", change, f"A{number}")


@route(router, "POST", "/incidents/{incident_id}/reviews", E)
async def review_form(request: Request, incident_id: str) -> Response:
    def change(_: Session, incident: Incident, data: dict[str, str]) -> str:
        edits.add_review(
            incident,
            data.get("reviewer", ""),
            decision=data.get("decision", "pending"),
            role=data.get("role"),
            comment=data.get("comment"),
        )
        return "Review recorded"

    return await incident_form(request, incident_id, "reviews", change, "reviews")


@route(router, "POST", "/incidents/{incident_id}/upload", E)
async def upload_form(request: Request, incident_id: str) -> Response:
    from hindsight.web.api_incidents import check_length, ingest_file, upload_target

    user = _user(request)
    limit = check_length(request)
    with state(request).store.session() as s:
        incident = visible_incident(s, user, incident_id)
    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return await _upload_error(request, incident.id, "choose a file to upload")
    target = upload_target(request, upload.filename)
    size = 0
    with target.open("wb") as out:
        while chunk := await upload.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                break
            out.write(chunk)
    if size > limit:
        import shutil

        shutil.rmtree(target.parent, ignore_errors=True)
        return await _upload_error(
            request, incident.id, f"{upload.filename} is over the limit of {limit:,} bytes"
        )
    fmt = form.get("format")
    try:
        report = ingest_file(
            request, user, incident.id, target, fmt if isinstance(fmt, str) and fmt else None
        )
    except HindsightError as exc:
        return await _upload_error(request, incident.id, exc.message)
    failed = list(getattr(report, "failed", []) or [])
    if failed:
        reason = getattr(failed[0], "error", None) or "the file could not be read"
        return await _upload_error(request, incident.id, f"{upload.filename}: {reason}")
    added = getattr(report, "events", None)
    note = f"Imported {upload.filename}" + (f": {added} event(s)" if isinstance(added, int) else "")
    return back(f"/incidents/{incident.id}#evidence", note)


async def _upload_error(request: Request, incident_id: str, message: str) -> Response:
    with state(request).store.session() as s:
        incident = visible_incident(s, _user(request), incident_id)
        context = incident_context(request, s, incident)
    context["errors"] = {"upload": {"file": message}}
    return render(request, "incident.html", context, 422)


@route(router, "GET", "/incidents/{incident_id}/events/{event_id}", V)
def event_page(request: Request, incident_id: str, event_id: int) -> Response:
    st = state(request)
    with st.store.session() as s:
        incident = visible_incident(s, _user(request), incident_id)
    event = edits.find_event(incident, event_id)
    lines: list[tuple[str, int, str]] = []
    note = None
    try:
        drill = capability("hindsight.ingest.drill", "raw_lines")
        for line in drill(st.workspace, st.store, event):
            lines.append(line)
            if len(lines) >= 500:
                note = "showing the first 500 lines"
                break
    except HindsightError as exc:
        note = exc.message
    return render(
        request, "event.html", {"incident": incident, "event": event, "lines": lines, "note": note}
    )

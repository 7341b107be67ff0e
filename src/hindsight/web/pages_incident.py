"""The incident page: everything recorded about one incident, its quality panel, and the forms
that change it (timeline, milestones, whys, factors, actions, reviews, status, uploads).

Reading is served from the version-keyed cache; each form loads a fresh copy, applies one change
with the same functions as the API, and saves it as the signed-in user in one transaction.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from hindsight.analysis.fault_tree import parse_tree_yaml
from hindsight.analysis.suspects import rank_suspects
from hindsight.domain.lifecycle import allowed_moves, gate_ahead
from hindsight.domain.model import (
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
    TimelineEvent,
)
from hindsight.errors import Forbidden, HindsightError, InvalidInput, NotFound, Problems
from hindsight.incidents import reading as incident_reads
from hindsight.incidents import service
from hindsight.ingest import registry as ingest_registry
from hindsight.ingest.milestones import propose
from hindsight.ingest.service import IngestReport
from hindsight.kb import service as kb_service
from hindsight.quality.gate import gate_blockers
from hindsight.quality.lint import lint
from hindsight.quality.rubric import score
from hindsight.web import charts
from hindsight.web.auth import WebState
from hindsight.web.cache import derived
from hindsight.web.common import (
    cached_incident,
    editor_of,
    incident_of,
    viewer_of,
)
from hindsight.web.deps import EditorUser, ViewerUser, WebDep, route
from hindsight.web.errors import NotSignedIn
from hindsight.web.pages import E, V, back, form_data, render, router
from hindsight.web.users import User

TIMELINE_PREVIEW = 150


# --- the incident page ---------------------------------------------------------------------------------


def with_note(fn: Callable[[], Any]) -> tuple[Any, str | None]:
    """(result, None), or (None, why) when the stage refuses: one panel's error never hides the
    rest of the page."""
    try:
        return fn(), None
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


def _pull_sources(web: WebState) -> list[Any]:
    """The live sources of hindsight.toml the page offers to pull from (none if misconfigured:
    the pull itself then names the mistake)."""
    from hindsight.ingest.pull import configured_sources

    try:
        return configured_sources(web.workspace)
    except HindsightError:
        return []


def incident_context(
    web: WebState,
    user: User,
    incident: Incident,
    full_timeline: bool = False,
) -> dict[str, Any]:
    """Everything the incident page shows, as `user` may see it (derived parts cached per
    version of the incident)."""
    timeline, truncated = _timeline_shown(incident, full_timeline)
    records = incident_reads.records_of(web.store, incident.id)
    lanes = derived(
        web.cache,
        incident,
        f"lanes:{truncated}",
        lambda: charts.incident_lanes(incident, timeline if truncated else None),
    )
    return {
        "incident": incident,
        "timeline": timeline,
        "lanes": Markup(lanes),
        "timeline_truncated": truncated,
        "evidence": records.evidence,
        "pull_sources": _pull_sources(web),
        **_checks(web, user, incident),
        "board": {s.value: [a for a in incident.actions if a.status == s] for s in ActionStatus},
        "next_statuses": [s.value for s in allowed_moves(incident.status)],
        "deadline": web.policy.postmortem_deadline(incident),
        "postmortem_reasons": web.policy.postmortem_reasons(incident),
        "factor_categories": web.policy.factor_categories,
        "ingest_formats": with_note(ingest_registry.names)[0] or [],
        **FORM_CHOICES,
        "audit": records.audit,
        "errors": {},
        "values": {},
    }


FORM_CHOICES = {
    "milestones": [m.value for m in Milestone],
    "kinds": [k.value for k in EventKind],
    "action_kinds": [k.value for k in ActionKind],
    "horizons": [h.value for h in Horizon],
    "levels": [lv.value for lv in Level],
    "prevention_levels": [p.value for p in PreventionLevel],
    "action_statuses": [s.value for s in ActionStatus],
    "decisions": [d.value for d in ReviewDecision],
}
"""The choices the page's forms offer: every value of each vocabulary."""


def _timeline_shown(incident: Incident, full: bool) -> tuple[list[TimelineEvent], bool]:
    """The events the page lists, and whether that is a preview: past TIMELINE_PREVIEW events
    (unless `full`), the key ones (key, milestone, deploy, alert), else the first ones."""
    timeline = incident.timeline
    truncated = not full and len(timeline) > TIMELINE_PREVIEW
    if truncated:
        key = [
            e
            for e in timeline
            if e.key or e.milestone or e.kind in (EventKind.DEPLOY, EventKind.ALERT)
        ]
        timeline = key[:TIMELINE_PREVIEW] if key else timeline[:TIMELINE_PREVIEW]
    return timeline, truncated


def _checks(web: WebState, user: User, incident: Incident) -> dict[str, Any]:
    """What the analysis and quality stages say of the incident, each computed once per version
    (a stage that fails leaves a note instead): lint, score, milestone proposals, similar
    incidents, suspects and the blockers of the gate ahead."""

    def once(name: str, compute: Callable[[], Any]) -> tuple[Any, str | None]:
        return derived(web.cache, incident, name, lambda: with_note(compute))

    findings, lint_note = once("lint", lambda: list(lint(incident, web.policy)))
    card, score_note = once("score", lambda: score(incident, web.policy, web.workspace.rubric))
    proposals, _ = once("proposals", lambda: list(propose(incident)))
    # what similar() shows depends on the viewer and on every other incident (their titles, who
    # may see them): keyed by both, so any write here, or the cache's time limit, refreshes it
    who = "all" if user.is_admin else user.username
    similar, _ = once(
        f"similar:{who}:{web.store.generation}",
        lambda: kb_service.similar_to(web.store, incident.id, 5, viewer_of(user)),
    )
    suspects, _ = once("suspects", lambda: rank_suspects(incident))
    ahead = gate_ahead(incident.status)  # the gate worth showing now (publish, close or none)
    blockers = (
        derived(
            web.cache,
            incident,
            f"gate:{ahead}",
            lambda: gate_blockers(incident, ahead, web.policy, web.workspace.rubric),
        )
        if ahead is not None
        else []
    )
    places = findings_by_place(findings or [])
    return {
        "findings": findings or [],
        "findings_at": places,
        "action_findings": {
            k.split(":", 1)[1]: v for k, v in places.items() if k.startswith("action:")
        },
        "lint_note": lint_note,
        "card": card,
        "score_note": score_note,
        "proposals": unconfirmed(incident, proposals or []),
        "similar": similar or [],
        "suspects": (suspects.suspects[:3] if suspects is not None else []),
        "publish_blockers": blockers if ahead == IncidentStatus.PUBLISHED else [],
        "close_blockers": blockers if ahead == IncidentStatus.CLOSED else [],
    }


def unconfirmed(incident: Incident, proposals: list[Any]) -> list[Any]:
    """The proposals that would change something: one equal to the recorded time is done."""

    def recorded(p: Any) -> Any:
        name = getattr(p.milestone, "value", p.milestone)
        return getattr(incident, f"{name}_at", None)

    return [p for p in proposals if recorded(p) is None or recorded(p) != getattr(p, "at", None)]


@route(router, "GET", "/incidents/{incident_id}", V)
def incident_page(
    request: Request, user: ViewerUser, web: WebDep, incident_id: str, full: bool = False
) -> Response:
    incident = cached_incident(web.cache, web.store, user, incident_id)
    context = incident_context(web, user, incident, full_timeline=full)
    return render(request, "incident.html", context)


async def incident_form(
    request: Request,
    web: WebState,
    user: User,
    incident_id: str,
    form: str,
    change: Callable[[dict[str, str]], str],
    anchor: str,
) -> Response:
    """Run one incident-page form (`change` calls one use case of hindsight.incidents.service
    with the form's values and returns the notice to show): on a mistake show the page again with the message at the field.
    The form is read on the event loop; loading, changing and saving run in a worker thread
    (a writer may wait for another's lock, and the loop must keep serving meanwhile)."""
    data = await form_data(request)
    return await run_in_threadpool(
        _run_form, request, web, user, incident_id, form, change, anchor, data
    )


def _run_form(
    request: Request,
    web: WebState,
    user: User,
    incident_id: str,
    form: str,
    change: Callable[[dict[str, str]], str],
    anchor: str,
    data: dict[str, str],
) -> Response:
    try:
        notice = change(data)
    except (InvalidInput, Forbidden, HindsightError) as exc:
        if isinstance(exc, NotSignedIn):
            raise
        if isinstance(exc, NotFound) and not exc.field and "incident" in exc.message:
            raise
        context = incident_context(web, user, incident_of(web.store, user, incident_id))
        problems = exc.problems if isinstance(exc, InvalidInput) else [(exc.field, exc.message)]
        context["errors"] = {form: {field or "_": message for field, message in problems}}
        context["values"] = {form: data}
        # The page comes back scrolled to the top while the form may be far below: say up there
        # that nothing was saved and link to the message at the field.
        context["form_error"] = {"anchor": anchor, "message": exc.message}
        return render(
            request,
            "incident.html",
            context,
            409 if exc.code in ("conflict", "gate_failed") else 422,
        )
    return back(f"/incidents/{incident_id.strip().upper()}#{anchor}", notice)


@route(router, "POST", "/incidents/{incident_id}/status", E)
async def status_form(
    request: Request, user: EditorUser, web: WebDep, incident_id: str
) -> Response:

    def change(data: dict[str, str]) -> str:
        moved = service.set_status(
            web.store, incident_id, data.get("status", ""), web.policy, editor_of(user),
            override=data.get("override") or None, rubric=web.workspace.rubric,
        )  # fmt: skip
        return f"Status: {moved.incident.status.value.replace('_', ' ')}"

    return await incident_form(request, web, user, incident_id, "status", change, "top")


@route(router, "POST", "/incidents/{incident_id}/timeline", E)
async def timeline_form(
    request: Request, user: EditorUser, web: WebDep, incident_id: str
) -> Response:
    editor = editor_of(user)

    def change(data: dict[str, str]) -> str:
        event = service.add_event(
            web.store,
            incident_id,
            editor,
            at=data.get("at", ""),
            text=data.get("text", ""),
            kind=data.get("kind"),
            actor=data.get("actor"),
            key=bool(data.get("key")),
            milestone=data.get("milestone"),
            tz=web.workspace.timezone,
        ).item
        return f"Added event at {event.at:%H:%M}"

    return await incident_form(request, web, user, incident_id, "timeline", change, "timeline")


@route(router, "POST", "/incidents/{incident_id}/milestones", E)
async def milestone_form(
    request: Request, user: EditorUser, web: WebDep, incident_id: str
) -> Response:
    editor = editor_of(user)

    def change(data: dict[str, str]) -> str:
        event_id = int(data["event_id"]) if data.get("event_id", "").isdigit() else None
        service.confirm_milestone(
            web.store, incident_id, data.get("milestone", ""), editor, at=data.get("at") or None,
            event_id=event_id, tz=web.workspace.timezone,
        )  # fmt: skip
        return f"Confirmed {data.get('milestone')}"

    return await incident_form(request, web, user, incident_id, "milestones", change, "milestones")


@route(router, "POST", "/incidents/{incident_id}/whys", E)
async def why_form(request: Request, user: EditorUser, web: WebDep, incident_id: str) -> Response:
    editor = editor_of(user)

    def change(data: dict[str, str]) -> str:
        if data.get("chain"):
            if not data["chain"].isdigit():
                raise InvalidInput("chain: pick a chain", field="chain")
            answer = [data.get("answer", "")]
            service.add_why_steps(web.store, incident_id, int(data["chain"]), answer, editor)
            return "Added a why"
        answers = [line for line in data.get("answers", "").splitlines() if line.strip()]
        service.add_why_chain(web.store, incident_id, data.get("problem", ""), answers, editor)
        return "Started a why chain"

    return await incident_form(request, web, user, incident_id, "whys", change, "whys")


@route(router, "POST", "/incidents/{incident_id}/factors", E)
async def factor_form(
    request: Request, user: EditorUser, web: WebDep, incident_id: str
) -> Response:
    editor = editor_of(user)

    def change(data: dict[str, str]) -> str:
        service.add_factor(
            web.store, incident_id, data.get("category", ""), data.get("text", ""), web.policy,
            editor,
        )  # fmt: skip
        return "Added a contributing factor"

    return await incident_form(request, web, user, incident_id, "factors", change, "rca")


@route(router, "POST", "/incidents/{incident_id}/fault-trees", E)
async def fault_tree_form(
    request: Request, user: EditorUser, web: WebDep, incident_id: str
) -> Response:
    """A fault tree written as YAML (the shape `hindsight rca tree --file` reads); a tree of the
    same name is replaced, so the form also edits one."""

    editor = editor_of(user)

    def change(data: dict[str, str]) -> str:
        text = data.get("tree", "")
        if not text.strip():
            raise InvalidInput("tree: write the tree as YAML (see the example)", field="tree")
        try:
            tree = parse_tree_yaml(text, source="tree")
        except InvalidInput as exc:
            raise InvalidInput(exc.message, field="tree") from None
        saved = service.save_fault_tree(web.store, incident_id, editor, tree=tree).item
        return f"{'Replaced' if saved.replaced else 'Added'} fault tree {tree.name!r}"

    return await incident_form(request, web, user, incident_id, "fault_trees", change, "rca")


@route(router, "POST", "/incidents/{incident_id}/fault-trees/{number}/remove", E)
async def fault_tree_remove(
    request: Request, user: EditorUser, web: WebDep, incident_id: str, number: int
) -> Response:
    editor = editor_of(user)

    def change(data: dict[str, str]) -> str:
        tree = service.remove_fault_tree(web.store, incident_id, editor, number=number).item
        return f"Removed fault tree {tree.name!r}"

    return await incident_form(request, web, user, incident_id, "fault_trees", change, "rca")


@route(router, "POST", "/incidents/{incident_id}/actions", E)
async def action_form(
    request: Request, user: EditorUser, web: WebDep, incident_id: str
) -> Response:
    editor = editor_of(user)

    def change(data: dict[str, str]) -> str:
        from hindsight.timeutil import parse_date

        problems = Problems()  # a bad date and a missing title are both named at once
        due = None
        with problems.check():
            due = parse_date(data["due"], field="due") if data.get("due") else None
        with problems.check():
            item = service.add_action(
                web.store,
                incident_id,
                data.get("title", ""),
                editor,
                owner=data.get("owner") or None,
                due=due,
                kind=data.get("kind") or "prevent",
                horizon=data.get("horizon") or "short_term",
                verification=data.get("verification") or None,
                prevention_level=data.get("prevention_level") or None,
                impact=data.get("impact") or None,
                effort=data.get("effort") or None,
            ).item
        problems.raise_any()  # (nothing is saved: the form's transaction ends in the error)
        return f"Added {item.ref}"

    return await incident_form(request, web, user, incident_id, "actions", change, "actions")


@route(router, "POST", "/incidents/{incident_id}/actions/{number}/status", E)
async def action_status_form(
    request: Request, user: EditorUser, web: WebDep, incident_id: str, number: int
) -> Response:
    editor = editor_of(user)

    def change(data: dict[str, str]) -> str:
        item = service.update_action(
            web.store,
            incident_id,
            number,
            editor,
            status=data.get("status", ""),
            reason=data.get("reason"),
            evidence=data.get("evidence"),
            verifier=data.get("verifier"),
        ).item
        return f"{item.ref} is {item.status.value.replace('_', ' ')}"

    return await incident_form(
        request, web, user, incident_id, f"action-{number}", change, f"A{number}"
    )


@route(router, "POST", "/incidents/{incident_id}/reviews", E)
async def review_form(
    request: Request, user: EditorUser, web: WebDep, incident_id: str
) -> Response:
    editor = editor_of(user)

    def change(data: dict[str, str]) -> str:
        service.add_review(
            web.store,
            incident_id,
            data.get("reviewer", ""),
            editor,
            decision=data.get("decision", "pending"),
            role=data.get("role"),
            comment=data.get("comment"),
        )
        return "Review recorded"

    return await incident_form(request, web, user, incident_id, "reviews", change, "reviews")


@route(router, "POST", "/incidents/{incident_id}/upload", E)
async def upload_form(
    request: Request, user: EditorUser, web: WebDep, incident_id: str
) -> Response:
    from hindsight.web.api_incidents import check_length, ingest_file, upload_target

    limit = check_length(web, request)
    incident = incident_of(web.store, user, incident_id)
    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return await _upload_error(request, web, user, incident.id, "choose a file to upload")
    target = upload_target(web, upload.filename)
    size = 0
    with target.open("wb") as out:
        while chunk := await upload.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                break
            out.write(chunk)
    if size > limit:
        shutil.rmtree(target.parent, ignore_errors=True)
        return await _upload_error(
            request,
            web,
            user,
            incident.id,
            f"{upload.filename} is over the limit of {limit:,} bytes",
        )
    fmt = form.get("format")
    try:
        report = await run_in_threadpool(
            ingest_file,
            web,
            user,
            incident.id,
            target,
            (fmt or None) if isinstance(fmt, str) else None,
        )
    except HindsightError as exc:
        return await _upload_error(request, web, user, incident.id, exc.message)
    failed = list(getattr(report, "failed", []) or [])
    if failed:
        reason = str(getattr(failed[0], "error", None) or "the file could not be read")
        named = reason.startswith((f"{upload.filename}:", f"{target.name}:"))  # name it once
        message = reason if named else f"{upload.filename}: {reason}"
        return await _upload_error(request, web, user, incident.id, message)
    return back(f"/incidents/{incident.id}#evidence", _upload_notice(upload.filename, report))


def _upload_notice(filename: str, report: IngestReport) -> str:
    """What the import did, as the CLI says it: the events added or "already imported", the
    malformed lines skipped (one example) and the warnings (times in the future, cut lines)."""
    if not report.files:
        return f"Imported {filename}"
    file = report.files[0]
    if file.status == "already imported":
        held = f" (sha256 {file.sha256[:12]})" if file.sha256 else ""
        return f"{filename}: already imported{held}; nothing was added"
    parts = [f"Imported {filename}: {file.events} event(s)"]
    if file.malformed:
        example = f", e.g. {file.malformed_examples[0]}" if file.malformed_examples else ""
        parts.append(f"{file.malformed:,} malformed line(s) skipped{example}")
    parts.extend(f"warning: {warning}" for warning in file.warnings)
    return "; ".join(parts)


async def _upload_error(
    request: Request, web: WebState, user: User, incident_id: str, message: str
) -> Response:
    return await run_in_threadpool(_upload_error_page, request, web, user, incident_id, message)


def _upload_error_page(
    request: Request, web: WebState, user: User, incident_id: str, message: str
) -> Response:
    context = incident_context(web, user, incident_of(web.store, user, incident_id))
    context["errors"] = {"upload": {"file": message}}
    context["form_error"] = {"anchor": "evidence", "message": message}
    return render(request, "incident.html", context, 422)


@route(router, "GET", "/incidents/{incident_id}/events/{event_id}", V)
def event_page(
    request: Request, user: ViewerUser, web: WebDep, incident_id: str, event_id: int
) -> Response:
    found = incident_reads.drill_down(
        web.store, web.workspace, viewer_of(user), incident_id, event_id
    )
    incident, event = found.incident, found.event
    lines: list[tuple[str, int, str]] = []
    note = None
    try:
        for line in found.lines:
            lines.append(line)
            if len(lines) >= 500:
                note = "showing the first 500 lines"
                break
    except HindsightError as exc:
        note = exc.message
    return render(
        request, "event.html", {"incident": incident, "event": event, "lines": lines, "note": note}
    )

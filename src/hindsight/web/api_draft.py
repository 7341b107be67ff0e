"""Drafting on the web: the API route and the Draft page behind each section's Draft button.

Thin: parse, check that the user may see the incident, call `draft.service.draft_incident`,
present. Typed dependencies (`WebDep`, `EditorUser`, `ViewerUser` from web/deps.py) instead of
request.state.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from hindsight.domain.model import to_plain
from hindsight.draft.claims import SECTIONS, Draft
from hindsight.draft.model import model_config
from hindsight.draft.service import TARGETS, draft_incident, parse_sections
from hindsight.incidents import actions as action_reads
from hindsight.web.auth import WebState
from hindsight.web.common import viewer_of
from hindsight.web.deps import EditorUser, ViewerUser, WebDep, route
from hindsight.web.pages import back, form_data, render
from hindsight.web.users import User

E, V = "editor", "viewer"
router = APIRouter(prefix="/api")
pages_router = APIRouter()


class DraftRequest(BaseModel):
    sections: Annotated[
        list[str] | str | None,
        Field(description=f"Of {', '.join(SECTIONS)}; a list or comma-separated (default: all)."),
    ] = None
    model: Annotated[
        bool, Field(description="Ask the model configured in [draft] of hindsight.toml.")
    ] = False
    apply: Annotated[bool, Field(description="Write the sections the author has not written.")] = (
        False
    )
    force: Annotated[bool, Field(description="With apply: replace what the author wrote.")] = False


def run_draft(web: WebState, user: User, incident_id: str, request: DraftRequest) -> Draft:
    """The one call both routes make (the draft checks visibility as it loads the incident)."""
    names = parse_sections(request.sections)
    return draft_incident(
        web.store, web.workspace, incident_id, user.username, viewer=viewer_of(user),
        sections=names, use_model=request.model, apply=request.apply, force=request.force,
    )  # fmt: skip


@route(router, "POST", "/incidents/{incident_id}/draft", E, summary="Draft sections, cited")
def draft_api(incident_id: str, body: DraftRequest, web: WebDep, user: EditorUser) -> Any:
    """Each sentence with the evidence ids it rests on and its status (verified, inferred,
    unverified); with `apply`, the sections written (`applied`) and what was skipped and why."""
    return to_plain(run_draft(web, user, incident_id, body))


@route(router, "GET", "/incidents/{incident_id}/draft", V, summary="Draft from the facts")
def draft_api_read(
    incident_id: str, web: WebDep, user: ViewerUser, sections: str | None = None
) -> Any:
    """The deterministic draft (no model, nothing written)."""
    return to_plain(run_draft(web, user, incident_id, DraftRequest(sections=sections)))


# --- the page ------------------------------------------------------------------------------------


def _page(request: Request, web: WebState, draft: Draft, names: str, status: int = 200) -> Response:
    configured = model_config(web.workspace.config, {}) if _has_model(web) else None
    return render(
        request,
        "draft.html",
        {"draft": draft, "sections": names, "targets": TARGETS, "model": configured},
        status,
    )


def _has_model(web: WebState) -> bool:
    table = web.workspace.config.get("draft")
    return isinstance(table, dict) and bool(table.get("endpoint"))


@route(pages_router, "GET", "/incidents/{incident_id}/draft", E)
def draft_page(
    request: Request, incident_id: str, web: WebDep, user: EditorUser, sections: str | None = None
) -> Response:
    draft = run_draft(web, user, incident_id, DraftRequest(sections=sections))
    return _page(request, web, draft, ",".join(parse_sections(sections)))


@route(pages_router, "POST", "/incidents/{incident_id}/draft", E)
async def draft_form(request: Request, incident_id: str, web: WebDep, user: EditorUser) -> Response:
    """`action=model` shows the model's draft; `action=apply` writes (model or facts) and returns to
    the incident page when everything asked was written, else shows what was kept and why."""
    data = await form_data(request)
    names = data.get("sections") or None
    action = data.get("action", "apply")
    body = DraftRequest(
        sections=names,
        model=action == "model" or data.get("source") == "model",
        apply=action == "apply",
        force=data.get("force") == "1",
    )
    from starlette.concurrency import run_in_threadpool

    draft = await run_in_threadpool(run_draft, web, user, incident_id, body)
    if (
        body.apply
        and all(s.applied or not s.sentences for s in draft.sections)
        and not draft.skipped
    ):
        written = ", ".join(s.name for s in draft.sections if s.applied) or "nothing"
        return back(f"/incidents/{draft.incident_id}", f"Draft applied: {written}")
    return _page(request, web, draft, ",".join(parse_sections(names)))


@route(router, "GET", "/actions/recurred", V, summary="Verified actions whose incident recurred")
def recurred_api(
    web: WebDep, user: ViewerUser, days: Annotated[int | None, Query(ge=1, le=3650)] = None
) -> Any:
    """Verified actions whose incident class came back within `days` after verification (default:
    the policy's repeat window); only incidents the user may see."""
    window = days or web.policy.repeat_window_days
    found = action_reads.recurred(web.store, window, viewer_of(user))
    return {"window_days": window, "items": to_plain(found)}

"""Pulling evidence on the web: the API route and the incident page's "Pull evidence" form.

Thin: check that the user may see the incident, call `ingest.pull.pull_configured`, present.
Only sources configured in hindsight.toml can be pulled from the web, so a user can never make the
server fetch a URL of their choosing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from hindsight.domain.model import to_plain
from hindsight.ingest.pull import PullReport, configured_sources, pull_configured
from hindsight.web.auth import WebState
from hindsight.web.common import incident_of
from hindsight.web.deps import EditorUser, ViewerUser, WebDep, route
from hindsight.web.pages import back, form_data
from hindsight.web.users import User

router = APIRouter(prefix="/api")
pages_router = APIRouter()


class PullRequest(BaseModel):
    sources: list[str] = Field(
        default_factory=list, description="[sources.NAME] of hindsight.toml (default: all)."
    )
    start: datetime | None = Field(None, description="Window start (default: start − 30 min).")
    end: datetime | None = Field(None, description="Window end (default: resolved + 30 min).")


def run_pull(web: WebState, user: User, incident_id: str, body: PullRequest) -> PullReport:
    """The one call both routes make: visibility first, then the use case."""
    incident = incident_of(web.store, user, incident_id)
    return pull_configured(
        web.workspace, web.store, incident, body.sources,
        start=body.start, end=body.end, actor=user.username,
    )  # fmt: skip


@route(router, "GET", "/sources", "viewer", summary="Live sources configured for pulls")
def sources_api(web: WebDep, user: ViewerUser) -> Any:
    """Names, kinds and servers of `[sources.NAME]`; never credentials (only the variable names)."""
    return [
        {"name": s.name, "kind": s.kind, "url": s.url, "queries": s.queries, "table": s.table}
        for s in configured_sources(web.workspace)
    ]


@route(router, "POST", "/incidents/{incident_id}/pull", "editor", summary="Pull evidence")
def pull_api(incident_id: str, body: PullRequest, web: WebDep, user: EditorUser) -> Any:
    """The incident's window from the configured sources, into its evidence and timeline; each
    result says imported, already imported, no data or failed (with the one-line reason)."""
    return to_plain(run_pull(web, user, incident_id, body))


@route(pages_router, "POST", "/incidents/{incident_id}/pull", "editor")
async def pull_form(request: Request, incident_id: str, web: WebDep, user: EditorUser) -> Response:
    data = await form_data(request)
    chosen = [data["source"]] if data.get("source") else []
    report = await run_in_threadpool(
        run_pull, web, user, incident_id, PullRequest(sources=chosen, start=None, end=None)
    )
    words = [
        f"{r.source}: {r.error or r.status}" if r.status in ("failed", "no data")
        else f"{r.source}: {r.events} events ({r.status})"
        for r in report.results
    ]  # fmt: skip
    return back(f"/incidents/{report.incident_id}#timeline", "Pulled — " + "; ".join(words))

"""REST API: incidents, their status, members, audit trail, timeline, milestones and evidence."""

from __future__ import annotations

import json
import re
import secrets
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Header, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as FormFile

from hindsight.domain.model import to_plain
from hindsight.domain.timeline import parse_kind
from hindsight.errors import Forbidden, HindsightError, InvalidInput
from hindsight.incidents import accounts, listing, service
from hindsight.incidents import reading as incident_reads
from hindsight.incidents.imports import import_postmortems
from hindsight.ingest.milestones import propose
from hindsight.ingest.service import IngestOptions, IngestReport, ingest_paths
from hindsight.web.auth import WebState
from hindsight.web.cache import derived
from hindsight.web.common import (
    LimitQuery,
    OffsetQuery,
    cached_incident,
    editor_of,
    etag,
    incident_json,
    incident_of,
    page,
    parse_if_match,
    plain_dict,
    plain_list,
    viewer_of,
)
from hindsight.web.deps import AdminUser, EditorUser, ViewerUser, WebDep, route
from hindsight.web.errors import TooLarge
from hindsight.web.users import (
    User,
)

router = APIRouter(prefix="/api")
V = "viewer"
E = "editor"
A = "admin"


# --- request bodies ------------------------------------------------------------------------------


class ImpactIn(BaseModel):
    users_affected: int | None = Field(None, ge=0)
    users_affected_pct: float | None = Field(None, ge=0, le=100)
    downtime_minutes: int | None = Field(None, ge=0)
    money_lost: float | None = Field(None, ge=0)
    currency: str | None = Field(None, max_length=3)
    sla_breached: bool | None = None
    slo: str | None = None
    error_budget_consumed_pct: float | None = Field(None, ge=0)
    support_tickets: int | None = Field(None, ge=0)
    data_loss: bool | None = None
    customer_facing: bool | None = None


class ReferenceIn(BaseModel):
    label: str
    url: str


class IncidentFields(BaseModel):
    """Editable fields; times are ISO-8601 (naive ones are read in the workspace time zone)."""

    title: str | None = Field(None, max_length=500)
    severity: str | None = Field(None, description="P0 … P3")
    summary: str | None = None
    started_at: str | None = None
    detected_at: str | None = None
    acknowledged_at: str | None = None
    mitigated_at: str | None = None
    resolved_at: str | None = None
    services: list[str] | None = None
    tags: list[str] | None = None
    commander: str | None = None
    author: str | None = None
    participants: list[str] | None = None
    impact: ImpactIn | None = None
    root_cause: str | None = None
    root_cause_category: str | None = None
    technical_details: str | None = None
    resolution: str | None = None
    went_well: list[str] | None = None
    went_wrong: list[str] | None = None
    lessons: list[str] | None = None
    references: list[ReferenceIn] | None = None
    restricted: bool | None = None
    repeat_of: str | None = None


class IncidentCreate(IncidentFields):
    title: str = Field(..., min_length=1, max_length=500)


class IncidentPatch(IncidentFields):
    version: int | None = Field(None, description="The version you read (or send If-Match).")


class StatusChangeIn(BaseModel):
    status: str = Field(
        ..., description="open, mitigated, resolved, drafting, in_review, published, closed"
    )
    override: str | None = Field(
        None, description="Admin only: publish despite the gate, with a reason."
    )


class MembersIn(BaseModel):
    usernames: list[str]


class EventIn(BaseModel):
    at: str = Field(..., description='ISO-8601, or "HH:MM" on the start date')
    text: str = Field(..., min_length=1)
    kind: str = "note"
    actor: str | None = None
    action: str | None = None
    key: bool = False
    milestone: str | None = None
    service: str | None = None


class EventPatch(BaseModel):
    text: str | None = None
    key: bool | None = None
    kind: str | None = None


class MilestoneIn(BaseModel):
    milestone: str = Field(..., description="started, detected, acknowledged, mitigated, resolved")
    event_id: int | None = None
    at: str | None = None


class UserIn(BaseModel):
    username: str
    password: str = Field(..., min_length=8)
    role: str = "viewer"
    display_name: str | None = None


class TokenIn(BaseModel):
    name: str = Field("api", min_length=1, max_length=100)


# ids are 32-bit on PostgreSQL; a larger number is a 422 naming the field, not a database error
TokenIdPath = PathParam(..., ge=1, le=2**31 - 1, description="The id `GET /api/tokens` lists.")


def _fields(body: BaseModel) -> dict[str, Any]:
    data = body.model_dump(exclude_unset=True)
    data.pop("version", None)
    if data.get("impact") is None:
        data.pop("impact", None)
    return data


# --- who am I, users, tokens -----------------------------------------------------------------------


@route(router, "GET", "/me", V, summary="The signed-in user")
def me(user: ViewerUser) -> dict[str, Any]:
    return {"username": user.username, "role": user.role, "display_name": user.display_name}


@route(router, "POST", "/tokens", V, status_code=201, summary="Create an API token for yourself")
def new_token(user: ViewerUser, web: WebDep, body: TokenIn) -> dict[str, Any]:
    made, token = accounts.issue_token(web.store, user.username, body.name, actor=user.username)
    return {
        "token": token,
        "id": made.id,
        "name": made.name,
        "note": "shown once; only its hash is stored",
    }


@route(
    router,
    "GET",
    "/tokens",
    V,
    summary="List API tokens (yours; an admin may ask for one user's or everyone's)",
)
def tokens(
    caller: ViewerUser,
    web: WebDep,
    user: str | None = Query(None, description="Admin only: this user's tokens."),
    every: bool = Query(False, alias="all", description="Admin only: every user's tokens."),
) -> list[dict[str, Any]]:
    if (every or (user is not None and user != caller.username)) and not caller.is_admin:
        raise Forbidden(
            "only an admin may list the tokens of other users", field="all" if every else "user"
        )
    found = accounts.tokens(web.store, None if every else (user or caller.username))
    return [to_plain(t) for t in found]


@route(
    router,
    "DELETE",
    "/tokens/{token_id}",
    V,
    status_code=204,
    summary="Revoke an API token (yours; an admin may revoke anyone's)",
)
def remove_token(caller: ViewerUser, web: WebDep, token_id: int = TokenIdPath) -> Response:
    accounts.revoke_token(
        web.store, token_id, actor=caller.username,
        owner=None if caller.is_admin else caller.username,
    )  # fmt: skip
    return Response(status_code=204)


@route(router, "GET", "/users", A, summary="List users")
def users(web: WebDep) -> list[dict[str, Any]]:
    return [to_plain(u) for u in accounts.users(web.store)]


@route(router, "POST", "/users", A, status_code=201, summary="Create a user")
def new_user(user: AdminUser, web: WebDep, body: UserIn) -> dict[str, Any]:
    made = accounts.save_user(
        web.store, body.username, body.password, body.role, actor=user.username,
        display_name=body.display_name,
    )  # fmt: skip
    return plain_dict(made)


# --- incidents -----------------------------------------------------------------------------------


@route(router, "GET", "/incidents", V, summary="List incidents (newest first)")
def incidents(
    user: ViewerUser,
    web: WebDep,
    severity: list[str] = Query([]),
    status: list[str] = Query([]),
    service: str | None = None,
    category: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = LimitQuery,
    offset: int = OffsetQuery,
) -> dict[str, Any]:
    filters = listing.parse_filters(
        web.policy, severity=severity, status=status, service=service, category=category,
        since=since, until=until, timezone=web.workspace.timezone,
    )  # fmt: skip
    found = listing.list_page(
        web.store, filters, viewer=viewer_of(user), limit=limit, offset=offset
    )
    rows, total = found.rows, found.total
    return page(rows, total, limit, offset)


@route(router, "POST", "/incidents", E, status_code=201, summary="Open an incident")
def create_incident(user: EditorUser, web: WebDep, body: IncidentCreate) -> JSONResponse:
    incident = service.open_incident(web.store, _fields(body), web.policy, editor_of(user))
    response = incident_json(incident, 201)
    response.headers["Location"] = f"/api/incidents/{incident.id}"
    return response


@route(
    router, "GET", "/incidents/{incident_id}", V, summary="One incident with everything recorded"
)
def get_one(
    user: ViewerUser, web: WebDep, incident_id: str, if_none_match: str | None = Header(None)
) -> Response:
    incident = cached_incident(web.cache, web.store, user, incident_id)
    if if_none_match and if_none_match.strip() == etag(incident):
        return Response(status_code=304, headers={"ETag": etag(incident)})
    body = derived(web.cache, incident, "json", lambda: json.dumps(to_plain(incident)).encode())
    return Response(body, media_type="application/json", headers={"ETag": etag(incident)})


@route(
    router,
    "PATCH",
    "/incidents/{incident_id}",
    E,
    summary="Edit fields (needs If-Match or version)",
)
def patch_incident(
    user: EditorUser,
    web: WebDep,
    incident_id: str,
    body: IncidentPatch,
    if_match: str | None = Header(None),
) -> JSONResponse:
    expected = parse_if_match(if_match)
    if expected is None:
        expected = body.version
    edited = service.edit_incident(
        web.store, incident_id, service.FieldChanges(values=_fields(body)), web.policy,
        editor_of(user), expected_version=expected, require_version=True,
    )  # fmt: skip
    return incident_json(edited.incident)


@route(
    router, "DELETE", "/incidents/{incident_id}", A, status_code=204, summary="Delete an incident"
)
def remove_incident(user: AdminUser, web: WebDep, incident_id: str) -> Response:
    service.remove_incident(web.store, incident_id, editor_of(user))
    web.cache.clear()  # its id may be given to the next incident of that day
    return Response(status_code=204)


@route(router, "POST", "/incidents/{incident_id}/status", E, summary="Move through the lifecycle")
def change_status(
    user: EditorUser,
    web: WebDep,
    incident_id: str,
    body: StatusChangeIn,
    if_match: str | None = Header(None),
) -> JSONResponse:
    change = service.set_status(
        web.store, incident_id, body.status, web.policy, editor_of(user), override=body.override,
        expected_version=parse_if_match(if_match), rubric=web.workspace.rubric,
    )  # fmt: skip
    return incident_json(change.incident, bypassed=change.bypassed)


@route(
    router, "GET", "/incidents/{incident_id}/members", V, summary="Members of a restricted incident"
)
def get_members(user: ViewerUser, web: WebDep, incident_id: str) -> dict[str, Any]:
    incident, names = accounts.members_of(web.store, viewer_of(user), incident_id)
    return {"incident": incident.id, "restricted": incident.restricted, "members": names}


@route(
    router,
    "PUT",
    "/incidents/{incident_id}/members",
    A,
    summary="Set who may see a restricted incident",
)
def put_members(user: AdminUser, web: WebDep, incident_id: str, body: MembersIn) -> dict[str, Any]:
    incident_id, names = accounts.set_members_of(
        web.store, viewer_of(user), incident_id, body.usernames, actor=user.username
    )
    return {"incident": incident_id, "members": names}


@route(router, "GET", "/incidents/{incident_id}/audit", V, summary="Who changed what, when")
def get_audit(
    user: ViewerUser,
    web: WebDep,
    incident_id: str,
    limit: int = LimitQuery,
    offset: int = OffsetQuery,
) -> dict[str, Any]:
    entries, total = incident_reads.audit_page(  # a page and a count, both in SQL
        web.store, viewer_of(user), incident_id, limit=limit, offset=offset
    )
    return page(entries, total, limit, offset)


# --- timeline ------------------------------------------------------------------------------------


@route(
    router, "GET", "/incidents/{incident_id}/timeline", V, summary="Timeline events, oldest first"
)
def timeline(
    user: ViewerUser,
    web: WebDep,
    incident_id: str,
    key_only: bool = False,
    kind: str | None = None,
    limit: int = LimitQuery,
    offset: int = OffsetQuery,
) -> dict[str, Any]:
    events, total = incident_reads.timeline_page(  # a page and a count, both in SQL
        web.store, viewer_of(user), incident_id, key_only=key_only,
        kind=parse_kind(kind) if kind else None, limit=limit, offset=offset,
    )  # fmt: skip
    return page(events, total, limit, offset)


@route(
    router, "POST", "/incidents/{incident_id}/timeline", E, status_code=201, summary="Add an event"
)
def add_event(user: EditorUser, web: WebDep, incident_id: str, body: EventIn) -> JSONResponse:
    tz = web.workspace.timezone
    edited = service.add_event(web.store, incident_id, editor_of(user), tz=tz, **body.model_dump())
    return JSONResponse(
        to_plain(edited.item), status_code=201, headers={"ETag": etag(edited.incident)}
    )


@route(router, "PATCH", "/incidents/{incident_id}/timeline/{event_id}", E, summary="Edit an event")
def patch_event(
    user: EditorUser, web: WebDep, incident_id: str, event_id: int, body: EventPatch
) -> dict[str, Any]:
    edited = service.edit_event(
        web.store, incident_id, event_id, editor_of(user), **body.model_dump()
    )
    return dict(to_plain(edited.item))


@route(
    router,
    "DELETE",
    "/incidents/{incident_id}/timeline/{event_id}",
    E,
    status_code=204,
    summary="Remove an event",
)
def delete_event(user: EditorUser, web: WebDep, incident_id: str, event_id: int) -> Response:
    service.remove_event(web.store, incident_id, event_id, editor_of(user))
    return Response(status_code=204)


@route(
    router,
    "GET",
    "/incidents/{incident_id}/timeline/{event_id}/raw",
    V,
    summary="Drill down to raw lines",
)
def raw_lines(
    user: ViewerUser, web: WebDep, incident_id: str, event_id: int, limit: int = LimitQuery
) -> dict[str, Any]:
    found = incident_reads.drill_down(
        web.store, web.workspace, viewer_of(user), incident_id, event_id
    )
    lines = []
    for file, number, text in found.lines:
        lines.append({"file": file, "line": number, "text": text})
        if len(lines) >= limit:
            break
    return {"event": to_plain(found.event), "evidence": found.event.evidence, "lines": lines}


@route(router, "GET", "/incidents/{incident_id}/milestones", V, summary="Proposed milestones")
def milestone_proposals(user: ViewerUser, web: WebDep, incident_id: str) -> dict[str, Any]:
    incident = incident_of(web.store, user, incident_id)
    proposals = propose(incident)
    current = {
        m: to_plain(getattr(incident, f"{m}_at"))
        for m in ("started", "detected", "acknowledged", "mitigated", "resolved")
    }
    return {"current": current, "proposals": to_plain(list(proposals))}


@route(router, "POST", "/incidents/{incident_id}/milestones", E, summary="Confirm a milestone")
def confirm_milestone(
    user: EditorUser, web: WebDep, incident_id: str, body: MilestoneIn
) -> JSONResponse:
    tz = web.workspace.timezone
    edited = service.confirm_milestone(
        web.store, incident_id, body.milestone, editor_of(user), at=body.at,
        event_id=body.event_id, tz=tz,
    )  # fmt: skip
    return incident_json(edited.incident)


# --- evidence ------------------------------------------------------------------------------------


@route(
    router, "GET", "/incidents/{incident_id}/evidence", V, summary="Imported files and their hashes"
)
def evidence(user: ViewerUser, web: WebDep, incident_id: str) -> list[dict[str, Any]]:
    items = plain_list(incident_reads.visible_evidence(web.store, viewer_of(user), incident_id))
    if not user.is_admin:  # where files sit on the server is the admin's business
        for item in items:
            item["origin"] = shown_origin(item.get("origin"))
    return items


def shown_origin(origin: str | None) -> str | None:
    """An evidence origin without the server's directories: the file name of a path, as is for
    anything else ("upload", "webhook:…")."""
    if origin and (origin.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", origin)):
        return re.split(r"[\\/]", origin)[-1]
    return origin


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str | None) -> str:
    base = Path(name or "upload").name
    cleaned = _SAFE_NAME.sub("_", base).strip("._") or "upload"
    return cleaned[:120]


def upload_target(web: WebState, filename: str | None) -> Path:
    folder = web.upload_dir / secrets.token_hex(8)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / safe_filename(filename)


def check_length(web: WebState, request: Request) -> int:
    """The upload limit in bytes; a declared Content-Length far over it is refused at once."""
    limit = web.settings.max_upload_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise TooLarge(
            f"upload of {int(declared):,} bytes is over the limit of {limit:,} bytes", field="file"
        )
    return limit


def ingest_file(
    web: WebState, user: User, incident_id: str, path: Path, fmt: str | None
) -> IngestReport:
    """Run the ingest service over one stored upload; the temporary copy is removed afterwards.
    Blocking (parsing, hashing, writing): async routes call it through `run_in_threadpool`, so
    the event loop keeps answering other requests (/healthz included) during an upload."""
    options = _ingest_options(user, fmt, path.name)
    try:
        report = ingest_paths(web.workspace, web.store, incident_id, [path], options)
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    failed = report.failed
    if failed:  # the file could not be read (the CLI's exit 2): a 4xx naming file and line
        raise InvalidInput(failed[0].error or f"{path.name}: could not be imported", field="file")
    for file in report.files:  # the temporary copy is gone: name the file as it was sent
        file.path = path.name
    return report


def _ingest_options(user: User, fmt: str | None, filename: str) -> IngestOptions:
    """What an upload tells the ingest service: who, which format (None: detect), one worker,
    and the evidence's origin (the upload, not the temporary copy read on the server)."""
    return IngestOptions(
        actor=user.username,
        format=fmt,
        workers=1,
        origin=f"upload of {filename} by {user.username}",
    )


@route(
    router,
    "POST",
    "/incidents/{incident_id}/evidence",
    E,
    status_code=201,
    summary="Upload a log or export and ingest it",
)
async def upload(
    request: Request,
    user: EditorUser,
    web: WebDep,
    incident_id: str,
    file: UploadFile,
    format: str | None = Query(None),
) -> dict[str, Any]:
    limit = check_length(web, request)
    incident = incident_of(web.store, user, incident_id)
    incident_id = incident.id
    target = upload_target(web, file.filename)
    size = 0
    with target.open("wb") as out:
        while chunk := await file.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                out.close()
                shutil.rmtree(target.parent, ignore_errors=True)
                raise TooLarge(
                    f"{file.filename}: over the upload limit of {limit:,} bytes", field="file"
                )
            out.write(chunk)
    report = await run_in_threadpool(ingest_file, web, user, incident_id, target, format)
    return {"file": file.filename, "bytes": size, "report": to_plain(report)}


@route(
    router,
    "PUT",
    "/incidents/{incident_id}/evidence/{filename}",
    E,
    status_code=201,
    summary="Stream a raw file body and ingest it",
)
async def upload_raw(
    request: Request,
    user: EditorUser,
    web: WebDep,
    incident_id: str,
    filename: str,
    format: str | None = Query(None),
) -> dict[str, Any]:
    limit = check_length(web, request)
    incident = incident_of(web.store, user, incident_id)
    incident_id = incident.id
    target = upload_target(web, filename)
    size = 0
    with target.open("wb") as out:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                out.close()
                shutil.rmtree(target.parent, ignore_errors=True)
                raise TooLarge(
                    f"{filename}: over the upload limit of {limit:,} bytes", field="file"
                )
            out.write(chunk)
    if size == 0:
        shutil.rmtree(target.parent, ignore_errors=True)
        raise InvalidInput(f"{filename}: the body is empty", field="file")
    report = await run_in_threadpool(ingest_file, web, user, incident_id, target, format)
    return {"file": filename, "bytes": size, "report": to_plain(report)}


# --- markdown import -------------------------------------------------------------------------------


@route(
    router,
    "POST",
    "/import",
    E,
    summary="Import postmortems written in markdown (all files one transaction: all or nothing)",
)
async def import_markdown(
    request: Request,
    user: EditorUser,
    web: WebDep,
    files: list[UploadFile],
    replace: bool = Query(False, description="Overwrite incidents that already exist."),
    strict: bool = Query(False, description="Refuse files with any warning."),
    dry_run: bool = Query(False, description="Say what would be stored, store nothing."),
) -> dict[str, Any]:
    """The same use case as `hindsight import`: each file is named in any refusal or warning."""
    return await import_uploads(
        web, request, user, files, replace=replace, strict=strict, dry_run=dry_run
    )


async def import_uploads(
    web: WebState,
    request: Request,
    user: User,
    files: Sequence[FormFile],
    *,
    replace: bool = False,
    strict: bool = False,
    dry_run: bool = False,
) -> dict[str, Any]:
    """Keep the uploaded markdown files in a fresh folder for the import (removed afterwards),
    run the import off the event loop, and name files as uploaded, never by the server's path."""
    limit = check_length(web, request)
    folder = web.upload_dir / secrets.token_hex(8)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        size = 0
        for upload in files:
            name = safe_filename(upload.filename)
            if not name.lower().endswith(".md"):
                raise InvalidInput(f"{upload.filename}: not a markdown file (*.md)", field="files")
            data = await upload.read(limit + 1 - size)
            size += len(data)
            if size > limit:
                raise TooLarge(
                    f"the files are over the upload limit of {limit:,} bytes", field="files"
                )
            (folder / name).write_bytes(data)
        result = await run_in_threadpool(
            import_postmortems, web.store, [folder], web.policy, actor=user.username,
            replace=replace, strict=strict, dry_run=dry_run,
        )  # fmt: skip
    except HindsightError as exc:
        exc.message = exc.message.replace(f"{folder}/", "")
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "stored": result.stored,
        "warnings": [w.replace(f"{folder}/", "") for w in result.warnings],
        "incidents": [
            {
                "file": planned.path.name,
                "id": planned.incident.id,
                "outcome": planned.outcome,
                "title": planned.incident.title,
            }
            for planned in result.planned
        ],
    }

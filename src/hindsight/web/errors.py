"""How errors leave the web edge: one JSON shape for the API, a readable page for a browser.

`{"error": {"code": ..., "message": ..., "field": ...}}` with the status the error class implies.
The logic raises HindsightError subclasses; this module is the only place that picks statuses.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from hindsight.errors import (
    Conflict,
    Forbidden,
    GateFailed,
    HindsightError,
    InvalidInput,
    NotFound,
)
from hindsight.errors import PreconditionRequired as PreconditionRequired  # raised by the logic
from hindsight.store.repo import StaleWrite

log = logging.getLogger("hindsight.web")


class NotSignedIn(HindsightError):
    code = "unauthenticated"


class TooLarge(HindsightError):
    code = "too_large"


class TooManyRequests(HindsightError):
    """Throttled (failed sign-ins): 429 with `Retry-After: retry_after` seconds."""

    code = "too_many_requests"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


STATUS: list[tuple[type[HindsightError], int]] = [
    (NotSignedIn, 401),
    (TooLarge, 413),
    (PreconditionRequired, 428),
    (TooManyRequests, 429),
    (NotFound, 404),
    (InvalidInput, 422),
    (Conflict, 409),
    (GateFailed, 409),
    (Forbidden, 403),
]


def status_of(error: HindsightError) -> int:
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return 400


def error_body(code: str, message: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message, "field": field}
    body.update({k: v for k, v in extra.items() if v is not None})
    return {"error": body}


def wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/hooks/", "/docs", "/openapi")):
        return False
    return "text/html" in request.headers.get("accept", "") or request.method == "GET"


def _html_error(request: Request, status: int, message: str) -> Response:
    from hindsight.web.pages import render_error_page

    return render_error_page(request, status, message)


async def hindsight_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HindsightError)
    status = status_of(exc)
    if isinstance(exc, NotSignedIn) and wants_html(request):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    if wants_html(request):
        return _html_error(request, status, exc.message)
    extra: dict[str, Any] = {}
    if isinstance(exc, Conflict):
        extra["current_version"] = exc.current_version
    if isinstance(exc, InvalidInput) and len(exc.problems) > 1:  # every mistake, each at its field
        extra["problems"] = [{"field": f, "message": m} for f, m in exc.problems]
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if isinstance(exc, TooManyRequests):
        headers = {"Retry-After": str(exc.retry_after)}
        extra["retry_after"] = exc.retry_after
    return JSONResponse(
        error_body(exc.code, exc.message, exc.field, **extra), status_code=status, headers=headers
    )


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {}
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path", "header")]
    field = ".".join(loc) or None
    message = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ()) if p not in ('body',))}: {e.get('msg', 'invalid')}"
        for e in errors[:5]
    )
    if wants_html(request):
        return _html_error(request, 422, message)
    return JSONResponse(
        error_body("invalid_input", message or "invalid request", field), status_code=422
    )


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthenticated", 403: "forbidden"}
    message = str(exc.detail) if exc.detail else "error"
    if exc.status_code == 404 and message == "Not Found":
        message = f"no page or endpoint at {request.url.path}"
    if wants_html(request) and exc.status_code != 405:
        return _html_error(request, exc.status_code, message)
    return JSONResponse(
        error_body(codes.get(exc.status_code, "http_error"), message),
        status_code=exc.status_code,
        headers=getattr(exc, "headers", None),
    )


async def unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return JSONResponse(
        error_body("internal", "unexpected server error; see the server log"), status_code=500
    )


async def stale_write(request: Request, exc: Exception) -> Response:
    """A concurrent save the store did not turn into a Conflict itself: still a 409, never 500."""
    conflict = Conflict("the incident was changed by someone else meanwhile; reload and try again")
    return await hindsight_error(request, conflict)


def install(app: FastAPI) -> None:
    app.add_exception_handler(StaleWrite, stale_write)
    app.add_exception_handler(HindsightError, hindsight_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)

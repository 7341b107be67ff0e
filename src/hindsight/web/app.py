"""The web app: `create_app(workspace_or_store_url)` builds the FastAPI application.

REST API under /api (OpenAPI at /docs), webhooks under /hooks, server-rendered pages elsewhere.
Settings come from `[web]` in hindsight.toml and HINDSIGHT_* environment variables:
HINDSIGHT_SECRET_KEY (cookie signing; else kept in .hindsight/web-secret), HINDSIGHT_WEBHOOK_SECRET,
HINDSIGHT_PAGERDUTY_SECRET, HINDSIGHT_MAX_UPLOAD_MB.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, ClassVar

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hindsight import __version__
from hindsight.ingest.evidence import clean_stale
from hindsight.store.repo import Store
from hindsight.web import errors
from hindsight.web.auth import CSRF_COOKIE, Settings, WebState, set_cookie
from hindsight.workspace import Workspace, find_workspace

STATIC = Path(__file__).parent / "static"


def load_settings(workspace: Workspace, **overrides: Any) -> Settings:
    web = workspace.config.get("web", {}) if workspace.config else {}
    env = os.environ
    secret = (
        overrides.pop("secret_key", None)
        or env.get("HINDSIGHT_SECRET_KEY")
        or web.get("secret_key")
    )
    if not secret:
        secret = _stored_secret(workspace)
    max_mb = float(env.get("HINDSIGHT_MAX_UPLOAD_MB") or web.get("max_upload_mb") or 50)
    settings = Settings(
        secret_key=secret,
        webhook_secret=env.get("HINDSIGHT_WEBHOOK_SECRET") or web.get("webhook_secret"),
        pagerduty_secret=env.get("HINDSIGHT_PAGERDUTY_SECRET") or web.get("pagerduty_secret"),
        max_upload_bytes=int(max_mb * 1024 * 1024),
    )
    for key, value in overrides.items():
        setattr(settings, key, value)
    return settings


def _stored_secret(workspace: Workspace) -> str:
    """A signing key kept in the state dir, so sessions survive a restart."""
    path = workspace.state_dir / "web-secret"
    try:
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        workspace.state_dir.mkdir(parents=True, exist_ok=True)
        value = secrets.token_urlsafe(32)
        path.write_text(value, encoding="utf-8")
        path.chmod(0o600)
        return value
    except OSError:
        return secrets.token_urlsafe(32)


def _workspace_for(target: Workspace | Path | str | None) -> Workspace:
    if isinstance(target, Workspace):
        return target
    if target is None:
        return find_workspace()
    text = str(target)
    if "://" in text:
        return Workspace(Path.cwd().resolve(), {}, database_url=text)
    return find_workspace(Path(text))


class SecurityHeaders:
    """Headers every response carries, plus the CSRF cookie a page handed out (pure ASGI, so it
    adds next to nothing to each request)."""

    COMMON: ClassVar[list[tuple[bytes, bytes]]] = [
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
    ]
    STRICT: ClassVar[list[tuple[bytes, bytes]]] = [
        (b"x-frame-options", b"DENY"),
        (
            b"content-security-policy",
            b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            b"script-src 'self'; frame-ancestors 'none'; form-action 'self'",
        ),
    ]

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope.get("path", "").startswith(("/docs", "/redoc"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.COMMON + ([] if docs else self.STRICT):
                    if name.decode() not in headers:
                        headers.append(name.decode(), value.decode())
                state = scope.get("state") or {}
                fresh = state.get("new_csrf")
                if fresh:
                    request = Request(scope)
                    if request.cookies.get(CSRF_COOKIE) != fresh:
                        carrier = Response()
                        set_cookie(request, carrier, CSRF_COOKIE, fresh)
                        headers.append("set-cookie", carrier.headers["set-cookie"])
            await send(message)

        await self.app(scope, receive, send_with_headers)


def route_table() -> list[tuple[str, str, str]]:
    """(method, path, least role) of every endpoint, pages included, as `route()` declared them."""
    from fastapi.routing import APIRoute

    from hindsight.web import api_incidents, api_kb, api_rca, hooks, pages, pages_incident, pages_kb

    assert pages_kb.router is pages_incident.router is pages.router
    table = []
    for router in (api_incidents.router, api_rca.router, api_kb.router, hooks.router, pages.router):
        for item in router.routes:
            if isinstance(item, APIRoute):
                role = (item.openapi_extra or {}).get("x-min-role", "?")
                for method in sorted(item.methods or ()):
                    table.append((method, item.path, role))
    return table


def create_app(
    workspace_or_store_url: Workspace | Path | str | None = None,
    *,
    store: Store | None = None,
    **settings: Any,
) -> FastAPI:
    """The application for a workspace (or a bare database URL). `settings` override Settings."""
    workspace = _workspace_for(workspace_or_store_url)
    web_settings = load_settings(workspace, **settings)
    app = FastAPI(
        title="Hindsight",
        version=__version__,
        description="Blameless postmortems: incidents, timeline, root cause, actions, reviews. "
        "Authenticate with `Authorization: Bearer <token>` (`hindsight user token NAME`).",
    )
    app.state.hindsight = WebState(workspace, store or workspace.open_store(), web_settings)
    clean_stale(workspace.evidence_dir, app.state.hindsight.upload_dir)  # kill -9 leftovers
    errors.install(app)
    app.add_middleware(SecurityHeaders)

    from hindsight.web import api_incidents, api_kb, api_rca, hooks, pages, pages_incident, pages_kb

    app.include_router(api_incidents.router, tags=["incidents"])
    app.include_router(api_rca.router, tags=["analysis and actions"])
    app.include_router(api_kb.router, tags=["quality, render, knowledge"])
    app.include_router(hooks.router, tags=["webhooks"])
    app.include_router(pages.router)  # pages_incident and pages_kb add to the same router
    assert pages_kb.router is pages_incident.router is pages.router
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app

"""The web app: `create_app(workspace_or_store_url)` builds the FastAPI application.

REST API under /api (OpenAPI at /docs), webhooks under /hooks, server-rendered pages elsewhere.
Settings come from `[web]` in hindsight.toml and HINDSIGHT_* environment variables:
HINDSIGHT_SECRET_KEY (cookie signing; else kept in .hindsight/web-secret), HINDSIGHT_WEBHOOK_SECRET,
HINDSIGHT_PAGERDUTY_SECRET, HINDSIGHT_PAGERDUTY_MAX_AGE (seconds), HINDSIGHT_MAX_UPLOAD_MB.
"""

from __future__ import annotations

import os
import secrets
from importlib.resources import files
from pathlib import Path
from typing import Any, ClassVar

from fastapi import FastAPI, Request, Response
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse
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
# Swagger UI and ReDoc as shipped inside the fastapi-offline wheel: /docs needs no CDN.
DOCS_ASSETS = Path(str(files("fastapi_offline") / "static"))


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
        pagerduty_max_age=int(
            next(
                v
                for v in (env.get("HINDSIGHT_PAGERDUTY_MAX_AGE"), web.get("pagerduty_max_age"), 300)
                if v not in (None, "")
            )
        ),
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

    # Swagger UI and ReDoc run inline start-up scripts and ReDoc a blob worker; everything they
    # load comes from this app (a CDN logo in ReDoc's footer is refused, so docs work offline).
    DOCS: ClassVar[list[tuple[bytes, bytes]]] = [
        (
            b"content-security-policy",
            b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            b"script-src 'self' 'unsafe-inline'; worker-src 'self' blob:; font-src 'self' data:; "
            b"frame-ancestors 'none'",
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
                for name, value in self.COMMON + (self.DOCS if docs else self.STRICT):
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

    from hindsight.web import api_incidents, api_kb, api_rca, hooks, pages
    from hindsight.web import pages_incident as pages_incident  # adds its routes to pages.router
    from hindsight.web import pages_kb as pages_kb  # and so does this one
    from hindsight.web.api_draft import pages_router as draft_pages
    from hindsight.web.api_draft import router as draft_api
    from hindsight.web.api_pull import pages_router as pull_pages
    from hindsight.web.api_pull import router as pull_api

    table = []
    routers = (api_incidents.router, api_rca.router, api_kb.router, hooks.router, pages.router)
    for router in (*routers, draft_api, draft_pages, pull_api, pull_pages):
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
        docs_url=None,  # served below from local assets
        redoc_url=None,
        title="Hindsight",
        version=__version__,
        description="Blameless postmortems: incidents, timeline, root cause, actions, reviews. "
        "Authenticate with `Authorization: Bearer <token>` (`hindsight user token NAME`).",
    )
    app.state.hindsight = WebState(workspace, store or workspace.open_store(), web_settings)
    clean_stale(workspace.evidence_dir, app.state.hindsight.upload_dir)  # kill -9 leftovers
    errors.install(app)
    app.add_middleware(SecurityHeaders)

    from hindsight.web import api_incidents, api_kb, api_rca, hooks, pages
    from hindsight.web import pages_incident as pages_incident  # adds its routes to pages.router
    from hindsight.web import pages_kb as pages_kb  # and so does this one

    app.include_router(api_incidents.router, tags=["incidents"])
    app.include_router(api_rca.router, tags=["analysis and actions"])
    app.include_router(api_kb.router, tags=["quality, render, knowledge"])
    app.include_router(hooks.router, tags=["webhooks"])
    from hindsight.web import api_draft

    app.include_router(api_draft.router, tags=["drafting"])
    app.include_router(api_draft.pages_router)
    from hindsight.web import api_pull

    app.include_router(api_pull.router, tags=["evidence"])
    app.include_router(api_pull.pages_router)
    app.include_router(pages.router)  # pages_incident and pages_kb add to the same router
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> RedirectResponse:
        """Clients that ask for /favicon.ico without reading the page get the page's icon."""
        return RedirectResponse("/static/favicon.svg", status_code=301)

    _add_api_docs(app)
    return app


def _add_api_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc from assets installed with the app, so they work offline."""
    app.mount("/docs-assets", StaticFiles(directory=DOCS_ASSETS), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} API",
            swagger_js_url=f"{root}/docs-assets/swagger-ui-bundle.js",
            swagger_css_url=f"{root}/docs-assets/swagger-ui.css",
            swagger_favicon_url=f"{root}/docs-assets/favicon.png",
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} API",
            redoc_js_url=f"{root}/docs-assets/redoc.standalone.js",
            redoc_favicon_url=f"{root}/docs-assets/favicon.png",
            with_google_fonts=False,
        )

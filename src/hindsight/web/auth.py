"""Who is asking, and may they? Sessions, API tokens, CSRF and the role each route needs.

A browser signs in with a form and gets `hs_session`, a signed cookie (HttpOnly, SameSite=Lax,
Secure over https) naming the user. Scripts send `Authorization: Bearer hs_...`. Unsafe requests
authenticated by cookie must carry the CSRF token (form field `csrf_token` or header
`X-CSRF-Token`) equal to the signed `hs_csrf` cookie: a double-submit that a cross-site page
cannot forge, because it can neither read our cookie nor sign a value of its own.

Every route declares the least role it needs with `route(...)`; the role is also written into the
OpenAPI operation as `x-min-role`, which the authorization tests walk.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from hindsight.domain.model import Incident
from hindsight.domain.policy import Policy
from hindsight.errors import Forbidden, NotFound
from hindsight.store.repo import Store, get_incident
from hindsight.web.cache import TTLCache, current_version, incident_at_version
from hindsight.web.errors import NotSignedIn
from hindsight.web.users import ROLES, User, can_see, get_user, user_for_token
from hindsight.workspace import Workspace

SESSION_COOKIE = "hs_session"
CSRF_COOKIE = "hs_csrf"
SESSION_SECONDS = 12 * 3600
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PUBLIC = "public"


@dataclass
class Settings:
    """Web settings: `[web]` of hindsight.toml, overridden by HINDSIGHT_* environment variables."""

    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    webhook_secret: str | None = None  # X-Hindsight-Token for both webhooks
    pagerduty_secret: str | None = None  # signing secret of the PagerDuty v3 subscription
    max_upload_bytes: int = 50 * 1024 * 1024
    demo: bool = False


@dataclass
class WebState:
    """Everything a request handler needs, built once by create_app."""

    workspace: Workspace
    store: Store
    settings: Settings
    cache: TTLCache = field(default_factory=TTLCache)
    principals: TTLCache = field(default_factory=lambda: TTLCache(size=1024, ttl=10.0))

    @property
    def policy(self) -> Policy:
        return self.workspace.policy

    @property
    def upload_dir(self) -> Path:
        return self.workspace.state_dir / "uploads"


def state(request: Request) -> WebState:
    return request.app.state.hindsight


def _serializer(request: Request, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(state(request).settings.secret_key, salt=salt)


# --- sessions and CSRF ---------------------------------------------------------------------------


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=is_https(request),
        path="/",
    )


def start_session(request: Request, response: Response, user: User) -> None:
    token = _serializer(request, "session").dumps({"u": user.username})
    set_cookie(request, response, SESSION_COOKIE, token)
    set_cookie(request, response, CSRF_COOKIE, new_csrf(request))


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def new_csrf(request: Request) -> str:
    return _serializer(request, "csrf").dumps(secrets.token_urlsafe(16))


def csrf_token(request: Request) -> str:
    """The CSRF token to embed in forms; made (and remembered for the response) when absent."""
    current = request.cookies.get(CSRF_COOKIE)
    if current and _valid_csrf(request, current):
        return current
    fresh = getattr(request.state, "new_csrf", None)
    if fresh is None:
        fresh = new_csrf(request)
        request.state.new_csrf = fresh
    return str(fresh)


def _valid_csrf(request: Request, value: str) -> bool:
    try:
        _serializer(request, "csrf").loads(value, max_age=SESSION_SECONDS * 2)
    except BadSignature:
        return False
    return True


async def check_csrf(request: Request) -> None:
    cookie = request.cookies.get(CSRF_COOKIE)
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if (
        not cookie
        or not sent
        or not hmac.compare_digest(cookie, sent)
        or not _valid_csrf(request, cookie)
    ):
        raise Forbidden(
            "missing or stale CSRF token; reload the page and submit again", field="csrf_token"
        )


def _token_user(st: WebState, token: str) -> User | None:
    """Read on every request, never cached (one indexed lookup, about 0.4 ms): a revoked token
    stops working at once, whichever process (CLI, another worker) revoked it."""
    with st.store.session() as s:
        return user_for_token(s, token, touch=True)


def _session_user(request: Request) -> User | None:
    """The user named by a valid session cookie. Users and roles are re-read every 10 s at most,
    so a role change or a deleted user takes effect within that time."""
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        data = _serializer(request, "session").loads(raw, max_age=SESSION_SECONDS)
    except BadSignature:
        return None
    st = state(request)
    name = str(data.get("u", ""))

    def load() -> User | None:
        with st.store.session() as s:
            return get_user(s, name)

    return st.principals.get_or_compute(("user", name), load)


async def optional_user(request: Request) -> User | None:
    """The signed-in user or None. Cookie-authenticated writes must pass the CSRF check."""
    if hasattr(request.state, "user"):
        cached: User | None = request.state.user
        return cached
    header = request.headers.get("authorization", "")
    st = state(request)
    if header.lower().startswith("bearer "):
        token = header[7:].strip()
        user = await run_in_threadpool(_token_user, st, token)  # a query: off the event loop
        if user is None:
            raise NotSignedIn("the API token is unknown or revoked")
        by_cookie = False
    else:
        user = await run_in_threadpool(_session_user, request)
        by_cookie = user is not None
    if by_cookie and request.method not in SAFE_METHODS:
        await check_csrf(request)
    request.state.user = user
    return user


async def signed_in(request: Request) -> User:
    user = await optional_user(request)
    if user is None:
        raise NotSignedIn("sign in first: a session cookie or `Authorization: Bearer <token>`")
    return user


def require(role: str) -> Callable[[Request], Awaitable[User | None]]:
    async def dependency(request: Request) -> User | None:
        if role == PUBLIC:
            return None
        user = await signed_in(request)
        if not user.at_least(role):
            raise Forbidden(f"this needs the {role} role; {user.username} is {user.role}")
        return user

    dependency.__name__ = f"require_{role}"
    return dependency


REQUIRE = {role: require(role) for role in (*ROLES, PUBLIC)}


def route(
    router: APIRouter, method: str, path: str, role: str, **kwargs: Any
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register an endpoint that needs at least `role` ("public" for none)."""
    extra = dict(kwargs.pop("openapi_extra", None) or {})
    extra["x-min-role"] = role

    def register(endpoint: Callable[..., Any]) -> Callable[..., Any]:
        router.add_api_route(
            path,
            endpoint,
            methods=[method],
            dependencies=[Depends(REQUIRE[role])],
            openapi_extra=extra,
            **kwargs,
        )
        return endpoint

    return register


# --- restricted incidents ------------------------------------------------------------------------


def cached_incident(request: Request, session: Session, user: User, incident_id: str) -> Incident:
    """Like visible_incident, for reading only: the loaded aggregate is shared between requests
    while its version stays the same. Never mutate the result."""
    iid, version, restricted = current_version(session, incident_id)
    if not can_see(session, user, iid, restricted):
        raise NotFound(f"no incident {iid}")
    return incident_at_version(state(request).cache, session, iid, version)


def visible_incident(session: Session, user: User, incident_id: str) -> Incident:
    """The incident, or NotFound when it does not exist or is restricted and `user` is no member
    (a non-member cannot even learn that it exists)."""
    incident = get_incident(session, incident_id)
    if not can_see(session, user, incident.id, incident.restricted):
        raise NotFound(f"no incident {incident_id.strip().upper()}")
    return incident

"""Typed dependencies at the web edge: routes take these instead of `request.state`, so mypy
checks the whole path from route to store (the full-stack-fastapi-template's `SessionDep` /
`CurrentUser`).

This is the one module that reads or writes `request.state` (the user a request resolved, kept
so that it is looked up once per request; a fresh CSRF token for the response's cookie).
Every route declares the least role it needs with `route(...)`; `EditorUser` / `ViewerUser` /
`AdminUser` also enforce their role, so a request without it never reaches the route.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from hindsight.domain.policy import Policy
from hindsight.errors import Forbidden
from hindsight.incidents.service import Editor
from hindsight.store.repo import Store
from hindsight.store.users import ROLES, User
from hindsight.web.auth import (
    CSRF_COOKIE,
    PUBLIC,
    SAFE_METHODS,
    SESSION_COOKIE,
    WebState,
    bound_csrf,
    check_csrf,
    new_csrf,
    session_user,
    state,
    token_user,
    valid_csrf,
)
from hindsight.web.cache import TTLCache
from hindsight.web.common import editor_of
from hindsight.web.errors import NotSignedIn

# --- who is asking -------------------------------------------------------------------------------


async def optional_user(request: Request) -> User | None:
    """The signed-in user or None, looked up once per request. Cookie-authenticated writes must
    pass the CSRF check."""
    if hasattr(request.state, "user"):
        cached: User | None = request.state.user
        return cached
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        token = header[7:].strip()
        user = await run_in_threadpool(token_user, state(request), token)  # off the event loop
        if user is None:
            raise NotSignedIn("the API token is unknown or revoked")
        by_cookie = False
    else:
        user = await run_in_threadpool(session_user, request)
        by_cookie = user is not None
    if by_cookie and request.method not in SAFE_METHODS:
        await check_csrf(request, signed_in=True)
    request.state.user = user
    return user


def known_user(request: Request) -> User | None:
    """The user this request was already signed in as (None: not yet resolved, or nobody) —
    for what renders outside a route's dependencies, such as an error page."""
    user: User | None = getattr(request.state, "user", None)
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
    """Register an endpoint that needs at least `role` ("public" for none); the role is also
    written into the OpenAPI operation as `x-min-role`, which the authorization tests walk."""
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


def _signed(user: User | None) -> User:
    assert user is not None  # the role dependencies only return None for public routes
    return user


async def _viewer(user: Annotated[User | None, Depends(REQUIRE["viewer"])]) -> User:
    return _signed(user)


async def _editor(user: Annotated[User | None, Depends(REQUIRE["editor"])]) -> User:
    return _signed(user)


async def _admin(user: Annotated[User | None, Depends(REQUIRE["admin"])]) -> User:
    return _signed(user)


# --- CSRF tokens for forms -------------------------------------------------------------------------


def csrf_token(request: Request) -> str:
    """The CSRF token to embed in forms: bound to the session cookie when there is one, else a
    double-submit token (made, and remembered for the response's cookie, when absent)."""
    session_secret = request.cookies.get(SESSION_COOKIE)
    if session_secret:
        return bound_csrf(request, session_secret)
    current = request.cookies.get(CSRF_COOKIE)
    if current and valid_csrf(request, current):
        return current
    fresh = getattr(request.state, "new_csrf", None)
    if fresh is None:
        fresh = new_csrf(request)
        request.state.new_csrf = fresh  # app.SecurityHeaders sets the cookie
    return str(fresh)


# --- the application's parts -----------------------------------------------------------------------


def web_state(request: Request) -> WebState:
    """What create_app built: workspace, store, settings, cache (for helpers outside routes)."""
    return state(request)


def _store(request: Request) -> Store:
    return state(request).store


def _cache(request: Request) -> TTLCache:
    return state(request).cache


def _policy(request: Request) -> Policy:
    return state(request).policy


def _incident_editor(user: Annotated[User, Depends(_editor)]) -> Editor:
    return editor_of(user)


WebDep = Annotated[WebState, Depends(web_state)]
StoreDep = Annotated[Store, Depends(_store)]
CacheDep = Annotated[TTLCache, Depends(_cache)]
PolicyDep = Annotated[Policy, Depends(_policy)]
OptionalUser = Annotated[User | None, Depends(optional_user)]
CurrentUser = Annotated[User, Depends(signed_in)]
ViewerUser = Annotated[User, Depends(_viewer)]
EditorUser = Annotated[User, Depends(_editor)]
AdminUser = Annotated[User, Depends(_admin)]
IncidentEditor = Annotated[Editor, Depends(_incident_editor)]
"""An editor as the incident service takes it: the name for the audit log and what they may see."""

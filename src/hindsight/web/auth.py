"""Who is asking, and may they? Sessions, API tokens, CSRF and the role each route needs.

A browser signs in with a form and gets `hs_session`, a cookie (HttpOnly, SameSite=Lax, Secure
over https) holding only a random session secret; the server keeps the session in its `sessions`
table (store/users.py), so logout, a password reset or a role change ends it at once. Scripts
send `Authorization: Bearer hs_...`. Unsafe requests authenticated by cookie must carry the CSRF
token (form field `csrf_token` or header `X-CSRF-Token`): an HMAC of the session secret, so a
token is good for its own session only. Before sign-in (the login form) it is a double-submit of
the signed `hs_csrf` cookie, which a cross-site page can neither read nor forge.

The dependencies routes take (who is signed in, with which role) are in web/deps.py.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import anyio
from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from hindsight.domain.policy import Policy
from hindsight.errors import Forbidden
from hindsight.incidents import accounts
from hindsight.store import users as user_store
from hindsight.store.repo import Store
from hindsight.store.users import User
from hindsight.web.cache import TTLCache
from hindsight.web.replay import DEFAULT_MAX_AGE, ReplayGuard
from hindsight.web.throttle import LoginThrottle, Refusal
from hindsight.workspace import Workspace

SESSION_COOKIE = "hs_session"
CSRF_COOKIE = "hs_csrf"
SESSION_SECONDS = int(user_store.SESSION_LIFETIME.total_seconds())
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PUBLIC = "public"
log = logging.getLogger("hindsight.web.auth")


@dataclass
class Settings:
    """Web settings: `[web]` of hindsight.toml, overridden by HINDSIGHT_* environment variables."""

    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    webhook_secret: str | None = None  # X-Hindsight-Token for both webhooks
    pagerduty_secret: str | None = None  # signing secret of the PagerDuty v3 subscription
    # a signed PagerDuty body is accepted once, within this many seconds of its occurred_at
    # (0: no window and no replay check, e.g. to replay old deliveries on purpose)
    pagerduty_max_age: int = DEFAULT_MAX_AGE
    max_upload_bytes: int = 50 * 1024 * 1024
    demo: bool = False


@dataclass
class WebState:
    """Everything a request handler needs, built once by create_app."""

    workspace: Workspace
    store: Store
    settings: Settings
    cache: TTLCache = field(default_factory=TTLCache)
    throttle: LoginThrottle = field(default_factory=LoginThrottle)
    # password checks at once: each Argon2 check uses 4 lanes and 64 MiB, so more at once only
    # take the CPU from every other request without making sign-in faster overall
    hash_slots: int = field(default_factory=lambda: max(1, (os.cpu_count() or 2) // 2))
    _hash_limiter: anyio.CapacityLimiter | None = None

    def hash_limiter(self) -> anyio.CapacityLimiter:
        """Made on first use, inside the event loop that will use it."""
        if self._hash_limiter is None:
            self._hash_limiter = anyio.CapacityLimiter(self.hash_slots)
        return self._hash_limiter

    replays: ReplayGuard = field(default_factory=ReplayGuard)

    @property
    def policy(self) -> Policy:
        return self.workspace.policy

    @property
    def upload_dir(self) -> Path:
        return self.workspace.state_dir / "uploads"


def state(request: Request) -> WebState:
    """What create_app keeps on the application (routes take `WebDep` from web/deps.py)."""
    found: WebState = request.app.state.hindsight
    return found


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


@dataclass(frozen=True)
class SignIn:
    """What a sign-in attempt came to: a user and the new session's secret, or a refusal."""

    user: User | None = None
    secret: str | None = None
    refused: Refusal | None = None  # locked out (before or because of this attempt)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def sign_in_off_loop(st: WebState, username: str, password: str, address: str) -> SignIn:
    """`sign_in` in a worker thread, at most `hash_slots` at once; a name or address that is
    locked out is refused at once, without waiting for a slot."""
    refused = _locked(st, username, address)
    if refused is not None:
        return SignIn(refused=refused)
    return await anyio.to_thread.run_sync(
        sign_in, st, username, password, address, limiter=st.hash_limiter()
    )


def _locked(st: WebState, username: str, address: str) -> Refusal | None:
    refused = st.throttle.check(username, address)
    if refused is not None:
        # not written to the audit log one by one (a flood must not become a flood of writes):
        # the lockout that caused it was
        log.warning(
            "sign-in refused: %s %r locked for %d s", refused.kind, refused.key[:100],
            refused.retry_after,
        )  # fmt: skip
    return refused


def sign_in(st: WebState, username: str, password: str, address: str) -> SignIn:
    """Check a password (Argon2, ~50 ms of CPU: call it from a worker thread, never the event
    loop), throttle failures per name and address, start a session, and audit each attempt."""
    refused = _locked(st, username, address)
    if refused is not None:
        return SignIn(refused=refused)
    started: list[Refusal] = []

    def failed() -> list[tuple[str, str]]:
        started.extend(st.throttle.failed(username, address))
        return [(f"{lock.kind}:{lock.key[:100]}", f"{lock.retry_after} s") for lock in started]

    result = accounts.sign_in(
        st.store, username, password, address,
        on_failure=failed, on_success=lambda: st.throttle.succeeded(username),
    )  # fmt: skip
    if result.user is None:
        return SignIn(refused=started[0] if started else None)
    return SignIn(user=result.user, secret=result.secret)


def start_session(request: Request, response: Response, secret: str) -> None:
    """Hand the browser its session (the secret from `sign_in`) and the CSRF token bound to it."""
    set_cookie(request, response, SESSION_COOKIE, secret)
    set_cookie(request, response, CSRF_COOKIE, bound_csrf(request, secret))


def sign_out(request: Request, response: Response, user: User | None) -> None:
    """End the session server-side (an old copy of the cookie no longer signs in) and drop the
    cookies; `user` (None: not known) is named in the audit log."""
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        accounts.end_session(state(request).store, secret, user.username if user else None)
    end_session(response)


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


def bound_csrf(request: Request, session_secret: str) -> str:
    """The CSRF token of one session: an HMAC of its secret, useless with any other session."""
    key = state(request).settings.secret_key.encode("utf-8")
    mac = hmac.new(key, b"csrf:" + session_secret.encode("utf-8"), hashlib.sha256)
    return "s." + mac.hexdigest()


def new_csrf(request: Request) -> str:
    return _serializer(request, "csrf").dumps(secrets.token_urlsafe(16))


def valid_csrf(request: Request, value: str) -> bool:
    try:
        _serializer(request, "csrf").loads(value, max_age=SESSION_SECONDS * 2)
    except BadSignature:
        return False
    return True


async def check_csrf(request: Request, *, signed_in: bool = False) -> None:
    """Refuse an unsafe request without the right CSRF token. `signed_in`: the request is
    authenticated by the session cookie, so only that session's bound token will do."""
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    session_secret = request.cookies.get(SESSION_COOKIE)
    if sent and session_secret and hmac.compare_digest(sent, bound_csrf(request, session_secret)):
        return
    cookie = request.cookies.get(CSRF_COOKIE)
    if (
        signed_in
        or not cookie
        or not sent
        or not hmac.compare_digest(cookie, sent)
        or not valid_csrf(request, cookie)
    ):
        raise Forbidden(
            "missing or stale CSRF token; reload the page and submit again", field="csrf_token"
        )


def token_user(st: WebState, token: str) -> User | None:
    """Read on every request, never cached (one indexed lookup, about 0.4 ms): a revoked token
    stops working at once, whichever process (CLI, another worker) revoked it."""
    return accounts.token_user(st.store, token)


def session_user(request: Request) -> User | None:
    """The user of a live server-side session named by the cookie: one indexed lookup, so logout,
    a password reset or a role change is seen on the very next request."""
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret or len(secret) > 200:
        return None
    return accounts.session_user(state(request).store, secret)

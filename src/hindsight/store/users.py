"""Local users, their sessions, API tokens and who may see a restricted incident.

Passwords are hashed with Argon2id (argon2-cffi); hashing and checking take ~50 ms of CPU, so the
web app calls them from a worker thread, never on its event loop. API tokens are random 32-byte secrets shown once;
only their SHA-256 is stored (a token has enough entropy that a slow hash adds nothing but latency
on every request). Revoking a token deletes its row, so it stops working on the next request.
Roles are ordered: viewer < editor < admin.

Browser sessions live in the `sessions` table (see `start_session`): the cookie holds a random
secret, the table its SHA-256. Logout deletes the row; a password reset, a role change or a
deleted user deletes all the user's rows, so an old cookie stops working on its next request.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from hindsight.domain.model import now_utc
from hindsight.errors import Conflict, InvalidInput, NotFound
from hindsight.store.repo import record_audit
from hindsight.store.tables import ApiTokenRow, IncidentMemberRow, SessionRow, UserRow

ROLES = ("viewer", "editor", "admin")
TOKEN_PREFIX = "hs_"
# last_used_at is written at most this often per token: a busy script must not turn every
# request into a write
TOKEN_TOUCH_INTERVAL = timedelta(seconds=60)
# a browser session ends this long after sign-in, whatever happens (absolute, not sliding)
SESSION_LIFETIME = timedelta(hours=12)
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")
_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    username: str
    role: str
    display_name: str | None = None

    def at_least(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class ApiToken:
    """What may be shown of an API token: never the secret, nor its hash."""

    id: int
    username: str
    name: str
    created_at: datetime
    last_used_at: datetime | None  # None: never used; otherwise exact to TOKEN_TOUCH_INTERVAL


def check_role(role: str) -> str:
    key = role.strip().lower()
    if key not in ROLES:
        raise InvalidInput(f"unknown role {role!r}; valid: {', '.join(ROLES)}", field="role")
    return key


def check_username(name: str) -> str:
    if not _USERNAME.match(name or ""):
        raise InvalidInput(
            f"invalid user name {name!r}; use letters, digits and . _ @ - (at most 100)",
            field="username",
        )
    return name


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise InvalidInput("password must have at least 8 characters", field="password")
    return _hasher.hash(password)


def add_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    *,
    actor: str,
    display_name: str | None = None,
    replace: bool = False,
) -> User:
    """Create (or with `replace`, reset the password and role of) a local user."""
    username = check_username(username)
    role = check_role(role)
    row = session.get(UserRow, username)
    if row is not None and not replace:
        raise Conflict(f"user {username} already exists")
    digest = hash_password(password)
    if row is None:
        row = UserRow(username=username, created_at=now_utc(), password_hash=digest, role=role)
        session.add(row)
    else:
        # a reset password or a changed role: whoever holds an old cookie signs in again
        ended = end_sessions(session, username)
        if ended:
            record_audit(session, actor, None, "sessions_ended", field=username, new=ended)
    row.password_hash, row.role = digest, role
    if display_name is not None:
        row.display_name = display_name
    record_audit(session, actor, None, "user", field=username, new=role)
    return User(username, role, row.display_name)


def get_user(session: Session, username: str) -> User | None:
    row = session.get(UserRow, username)
    return User(row.username, row.role, row.display_name) if row else None


def list_users(session: Session) -> list[User]:
    rows = session.execute(select(UserRow).order_by(UserRow.username)).scalars()
    return [User(r.username, r.role, r.display_name) for r in rows]


def count_users(session: Session) -> int:
    return len(list(session.execute(select(UserRow.username)).scalars()))


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The user when `password` is right; None otherwise (same answer for an unknown name)."""
    row = session.get(UserRow, username)
    if row is None:
        # spend the same time as a real check so names cannot be probed by timing
        _verify("$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$" + "A" * 43, password)
        return None
    if not _verify(row.password_hash, password):
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    return User(row.username, row.role, row.display_name)


def _verify(digest: str, password: str) -> bool:
    try:
        return _hasher.verify(digest, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, username: str, name: str, *, actor: str) -> str:
    """A new API token for `username`; the clear text is returned once and never stored."""
    return issue_token(session, username, name, actor=actor)[1]


def issue_token(session: Session, username: str, name: str, *, actor: str) -> tuple[ApiToken, str]:
    """Like create_token, with the stored token (its id is what `revoke_token` takes)."""
    if session.get(UserRow, username) is None:
        raise NotFound(f"no user {username}", field="username")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiTokenRow(
        username=username, name=name, token_hash=token_digest(token), created_at=now_utc()
    )
    session.add(row)
    session.flush()  # assigns the id
    record_audit(session, actor, None, "token", field=username, new=name)
    return _token(row), token


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(row.id, row.username, row.name, row.created_at, row.last_used_at)


def list_tokens(session: Session, username: str | None = None) -> list[ApiToken]:
    """The tokens of `username` (of every user when None), by user then oldest first."""
    query = select(ApiTokenRow).order_by(ApiTokenRow.username, ApiTokenRow.id)
    if username is not None:
        if session.get(UserRow, username) is None:
            raise NotFound(f"no user {username}", field="user")
        query = query.where(ApiTokenRow.username == username)
    return [_token(row) for row in session.execute(query).scalars()]


def revoke_token(
    session: Session, token_id: int, *, actor: str, owner: str | None = None
) -> ApiToken:
    """Delete token `token_id`, so it stops authenticating, and audit it. With `owner`, only a
    token of that user: anyone else's is reported as unknown, so ids of others do not leak."""
    row = session.get(ApiTokenRow, token_id)
    if row is None or (owner is not None and row.username != owner):
        raise NotFound(f"no API token {token_id}", field="token_id")
    revoked = _token(row)
    session.delete(row)
    record_audit(
        session, actor, None, "token_revoked", field=row.username, old=f"{row.name} (id {row.id})"
    )
    return revoked


def user_for_token(session: Session, token: str, *, touch: bool = False) -> User | None:
    """The owner of `token`, or None when it is unknown or revoked. With `touch`, record the use
    (at most once per TOKEN_TOUCH_INTERVAL)."""
    row = session.execute(
        select(ApiTokenRow.id, ApiTokenRow.last_used_at, UserRow)
        .join(UserRow, UserRow.username == ApiTokenRow.username)
        .where(ApiTokenRow.token_hash == token_digest(token))
    ).first()
    if row is None:
        return None
    token_id, last_used, user_row = row
    now = now_utc()
    if touch and (last_used is None or now - last_used >= TOKEN_TOUCH_INTERVAL):
        # a plain UPDATE: a row revoked meanwhile is simply not matched
        session.execute(
            update(ApiTokenRow).where(ApiTokenRow.id == token_id).values(last_used_at=now)
        )
    return User(user_row.username, user_row.role, user_row.display_name)


# --- browser sessions ---------------------------------------------------------------------------


def session_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def start_session(session: Session, username: str, *, address: str | None = None) -> str:
    """A new session for `username`; returns the secret for the cookie (stored only hashed).
    Expired sessions of everyone are deleted on the way (sign-ins are rare, the delete cheap)."""
    now = now_utc()
    session.execute(delete(SessionRow).where(SessionRow.expires_at <= now))
    secret = secrets.token_urlsafe(32)
    session.add(
        SessionRow(
            id_hash=session_digest(secret),
            username=username,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
            address=(address or "")[:100] or None,
        )
    )
    return secret


def user_for_session(session: Session, secret: str) -> User | None:
    """The user of a live session, or None when it is unknown, ended or expired. One lookup by
    primary key joined to the user, so a role change is seen on the next request."""
    row = session.execute(
        select(UserRow)
        .join(SessionRow, SessionRow.username == UserRow.username)
        .where(SessionRow.id_hash == session_digest(secret), SessionRow.expires_at > now_utc())
    ).scalar_one_or_none()
    return User(row.username, row.role, row.display_name) if row else None


def end_session(session: Session, secret: str) -> bool:
    """Delete the session with this cookie secret (logout); False when there was none."""
    result = session.execute(delete(SessionRow).where(SessionRow.id_hash == session_digest(secret)))
    return bool(getattr(result, "rowcount", 0))


def end_sessions(session: Session, username: str) -> int:
    """Delete every session of `username`; how many there were."""
    result = session.execute(delete(SessionRow).where(SessionRow.username == username))
    return int(getattr(result, "rowcount", 0) or 0)


# --- restricted incidents ------------------------------------------------------------------------


def members(session: Session, incident_id: str) -> list[str]:
    query = select(IncidentMemberRow.username).where(IncidentMemberRow.incident_id == incident_id)
    return sorted(session.execute(query).scalars())


def set_members(session: Session, incident_id: str, usernames: list[str], *, actor: str) -> None:
    before = members(session, incident_id)
    session.execute(delete(IncidentMemberRow).where(IncidentMemberRow.incident_id == incident_id))
    for name in sorted(set(usernames)):
        session.add(IncidentMemberRow(incident_id=incident_id, username=check_username(name)))
    record_audit(session, actor, incident_id, "members", old=before, new=sorted(set(usernames)))


def add_member(session: Session, incident_id: str, username: str) -> None:
    if session.get(IncidentMemberRow, (incident_id, username)) is None:
        session.add(IncidentMemberRow(incident_id=incident_id, username=username))


def memberships(session: Session, username: str) -> set[str]:
    """Ids of the restricted incidents `username` is a member of."""
    query = select(IncidentMemberRow.incident_id).where(IncidentMemberRow.username == username)
    return set(session.execute(query).scalars())


DEMO_ADMIN = ("admin", "admin-demo")


def ensure_demo_admin(session: Session) -> bool:
    """The demo workspace's admin (admin / admin-demo); True when it was created now."""
    name, password = DEMO_ADMIN
    if session.get(UserRow, name) is not None:
        return False
    add_user(session, name, password, "admin", actor="hindsight-demo", display_name="Demo admin")
    return True

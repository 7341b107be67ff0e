"""Users, API tokens and web sessions: one function per use case over the `Store`, each one
transaction, called by `hindsight user …` / `hindsight serve` and by the web app alike (the rules
and the SQL are `store.users`'; these group the calls and the audit entries of one use case)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hindsight.domain.model import Incident
from hindsight.errors import NotFound
from hindsight.incidents.service import visible_to
from hindsight.store import users as user_store
from hindsight.store.repo import Store, record_audit
from hindsight.store.users import ApiToken, User
from hindsight.store.visibility import Viewer

LOGIN_ACTOR = "web:login"


def prepare_serving(store: Store, *, demo: bool) -> tuple[bool, int]:
    """Before serving: (whether the demo admin was created — only when `demo`, never for a
    workspace merely named like the demo —, how many users there are)."""
    with store.session() as s:
        created = user_store.ensure_demo_admin(s) if demo else False
        return created, user_store.count_users(s)


def save_user(
    store: Store,
    name: str,
    password: str,
    role: str,
    *,
    actor: str,
    display_name: str | None = None,
    replace: bool = False,
) -> User:
    """Create a user (or, with `replace`, reset an existing one's password and role)."""
    with store.session() as s:
        return user_store.add_user(
            s, name, password, role, actor=actor, display_name=display_name, replace=replace
        )


def users(store: Store) -> list[User]:
    with store.session() as s:
        return user_store.list_users(s)


def end_user_sessions(store: Store, name: str, *, actor: str) -> int:
    """End every web session of `name` (audited); how many. An unknown user is `NotFound`."""
    with store.session() as s:
        if user_store.get_user(s, name) is None:
            raise NotFound(f"no user {name}", field="user")
        ended = user_store.end_sessions(s, name)
        record_audit(s, actor, None, "sessions_ended", field=name, new=ended)
    return ended


def create_token(store: Store, username: str, label: str, *, actor: str) -> str:
    """A new API token for `username`, returned once (only its hash is stored)."""
    with store.session() as s:
        return user_store.create_token(s, username, label, actor=actor)


def issue_token(store: Store, username: str, label: str, *, actor: str) -> tuple[ApiToken, str]:
    """As `create_token`, with the stored token's record."""
    with store.session() as s:
        return user_store.issue_token(s, username, label, actor=actor)


def tokens(store: Store, username: str | None = None) -> list[ApiToken]:
    """The API tokens of `username` (None: everyone's), never their secrets."""
    with store.session() as s:
        return user_store.list_tokens(s, username)


def revoke_token(store: Store, token_id: int, *, actor: str, owner: str | None = None) -> ApiToken:
    """Revoke a token, effective at once; with `owner`, only one of theirs (else `NotFound`)."""
    with store.session() as s:
        return user_store.revoke_token(s, token_id, actor=actor, owner=owner)


def members_of(store: Store, viewer: Viewer, incident_id: str) -> tuple[Incident, list[str]]:
    """The incident as `viewer` may see it and who its members are."""
    with store.session() as s:
        incident = visible_to(s, viewer, incident_id)
        return incident, user_store.members(s, incident.id)


def set_members_of(
    store: Store, viewer: Viewer, incident_id: str, usernames: list[str], *, actor: str
) -> tuple[str, list[str]]:
    """Set who may see a restricted incident (audited under `actor`); its id and members."""
    with store.session() as s:
        iid = visible_to(s, viewer, incident_id).id
        user_store.set_members(s, iid, usernames, actor=actor)
        return iid, user_store.members(s, iid)


def token_user(store: Store, token: str) -> User | None:
    """The user of an API token, its last use stamped (None: no such live token)."""
    with store.session() as s:
        return user_store.user_for_token(s, token, touch=True)


def session_user(store: Store, secret: str) -> User | None:
    """The user of a live server-side session (None: ended, expired or unknown)."""
    with store.session() as s:
        return user_store.user_for_session(s, secret)


def end_session(store: Store, secret: str, actor: str | None) -> bool:
    """End one web session; when it was live, audit the logout under `actor` (None: the
    anonymous "web:logout"). Whether it was live."""
    with store.session() as s:
        ended = user_store.end_session(s, secret)
        if ended:
            name = actor if actor is not None else "web:logout"
            record_audit(s, name, None, "logout", field=name)
    return ended


@dataclass
class PasswordSignIn:
    """A sign-in's outcome: the user and their new session's secret, or neither."""

    user: User | None = None
    secret: str | None = None


def sign_in(
    store: Store,
    username: str,
    password: str,
    address: str,
    *,
    on_failure: Callable[[], Sequence[tuple[str, str]]],
    on_success: Callable[[], None],
) -> PasswordSignIn:
    """Check a password and start a session, auditing the attempt, in one transaction.
    `on_failure` is told of a wrong password and answers the lockouts it started as (audit
    field, audit value) pairs, each audited; `on_success` is told of a right one."""
    name = username[:100]
    with store.session() as s:
        user = user_store.authenticate(s, username, password)
        if user is None:
            locks = on_failure()
            record_audit(s, LOGIN_ACTOR, None, "login_failed", field=name, new=address)
            for field, value in locks:
                record_audit(s, LOGIN_ACTOR, None, "login_lockout", field=field, new=value)
            return PasswordSignIn()
        on_success()
        secret = user_store.start_session(s, user.username, address=address)
        record_audit(s, user.username, None, "login", field=user.username, new=address)
    return PasswordSignIn(user, secret)

"""Issue 18, point 4 and 12c over real HTTP on SQLite and PostgreSQL: a session lives on the
server, so logout, a password reset, a role change or `user sign-out` ends it for every copy of
the cookie; the cookie is an opaque secret; the CSRF token works for its own session only."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from hindsight.domain.model import now_utc
from hindsight.store.repo import audit_log
from hindsight.store.tables import SessionRow
from hindsight.store.users import add_user, issue_token, revoke_token
from hindsight.web.auth import CSRF_COOKIE, SESSION_COOKIE
from tests.security.auth_live import PASSWORDS, RESTRICTED_ID, Live, browser, live
from tests.web.conftest import csrf_from

__all__ = ["live"]  # the fixture, imported so pytest finds it


def replay(live: Live, cookie: str) -> httpx.Client:
    """A second browser holding a stolen or saved copy of the session cookie."""
    return httpx.Client(
        base_url=live.url, timeout=30, cookies={SESSION_COOKIE: cookie}, follow_redirects=False
    )


def reads_restricted(client: httpx.Client) -> int:
    return client.get(f"/api/incidents/{RESTRICTED_ID}").status_code


def test_the_cookie_is_an_opaque_secret_stored_hashed(live: Live) -> None:
    with browser(live, "mo") as client:
        cookie = client.cookies[SESSION_COOKIE]
        assert "mo" not in cookie and "." not in cookie and len(cookie) >= 40
        with live.store.session() as s:
            row = s.get(SessionRow, hashlib.sha256(cookie.encode()).hexdigest())
            assert row is not None and row.username == "mo"
            assert timedelta(hours=11) < row.expires_at - row.created_at <= timedelta(hours=12)
            stored = list(s.execute(select(SessionRow.id_hash)).scalars())
        assert cookie not in stored
        assert reads_restricted(client) == 200


def test_logout_ends_the_session_for_every_copy_of_the_cookie(live: Live) -> None:
    live.fresh_throttle()
    with browser(live, "mo") as client:
        cookie = client.cookies[SESSION_COOKIE]
        token = csrf_from(client.get("/").text)
        assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    with replay(live, cookie) as thief:
        assert reads_restricted(thief) == 401
        page = thief.get(f"/incidents/{RESTRICTED_ID}")
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
    with live.store.session() as s:
        assert any(e.action == "logout" and e.actor == "mo" for e in audit_log(s, limit=2000))


def test_password_reset_and_role_change_end_old_sessions(live: Live) -> None:
    live.fresh_throttle()
    with browser(live, "mo") as first, browser(live, "mo") as second:
        cookies = [first.cookies[SESSION_COOKIE], second.cookies[SESSION_COOKIE]]
    with live.store.session() as s:  # what `hindsight user add mo --replace` does
        add_user(s, "mo", PASSWORDS["mo"], "viewer", actor="admin-cli", replace=True)
    for cookie in cookies:
        with replay(live, cookie) as old:
            assert reads_restricted(old) == 401
    with browser(live, "bob") as editor:
        cookie = editor.cookies[SESSION_COOKIE]
        assert editor.get("/api/me").json()["role"] == "editor"
    with live.store.session() as s:  # `user add bob --role viewer --replace`: a role change
        add_user(s, "bob", PASSWORDS["bob"], "viewer", actor="admin-cli", replace=True)
    with replay(live, cookie) as old:
        assert old.get("/api/me").status_code == 401
    with live.store.session() as s:
        add_user(s, "bob", PASSWORDS["bob"], "editor", actor="test-setup", replace=True)
        ended = [e for e in audit_log(s, limit=2000) if e.action == "sessions_ended"]
    assert {e.field for e in ended} >= {"mo", "bob"}


def test_user_sign_out_from_the_cli_ends_every_session(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hindsight.cli.main import app

    live.fresh_throttle()
    with browser(live, "ada") as client:
        cookie = client.cookies[SESSION_COOKIE]
    monkeypatch.chdir(live.workspace.root)
    if live.backend == "postgresql":
        monkeypatch.setenv("HINDSIGHT_DATABASE_URL", live.workspace.url)
    else:
        monkeypatch.delenv("HINDSIGHT_DATABASE_URL", raising=False)
    monkeypatch.delenv("HINDSIGHT_WORKSPACE", raising=False)
    result = CliRunner().invoke(app, ["user", "sign-out", "ada"])
    assert result.exit_code == 0 and "Ended 1 session(s) of ada" in result.output, result.output
    with replay(live, cookie) as old:
        assert old.get("/api/me").status_code == 401
    unknown = CliRunner().invoke(app, ["user", "sign-out", "nobody"])
    assert unknown.exit_code == 2 and "no user nobody" in unknown.output


def test_an_expired_session_is_refused(live: Live) -> None:
    live.fresh_throttle()
    with browser(live, "mo") as client:
        cookie = client.cookies[SESSION_COOKIE]
        with live.store.session() as s:
            s.execute(
                update(SessionRow)
                .where(SessionRow.id_hash == hashlib.sha256(cookie.encode()).hexdigest())
                .values(expires_at=now_utc() - timedelta(seconds=1))
            )
        assert reads_restricted(client) == 401


def test_a_revoked_api_token_stops_at_once(live: Live) -> None:
    with live.store.session() as s:
        made, secret = issue_token(s, "mo", "laptop", actor="test-setup")
    headers = {"Authorization": f"Bearer {secret}"}
    with httpx.Client(base_url=live.url, timeout=30, headers=headers) as client:
        assert reads_restricted(client) == 200
        with live.store.session() as s:
            revoke_token(s, made.id, actor="test-setup")
        assert reads_restricted(client) == 401


# --- 12c. the CSRF token is bound to its session --------------------------------------------------


def test_a_csrf_token_of_another_session_is_refused(live: Live) -> None:
    live.fresh_throttle()
    with browser(live, "bob") as victim, browser(live, "ada") as attacker:
        victims_token = csrf_from(victim.get("/").text)
        attackers_token = csrf_from(attacker.get("/").text)
        assert victims_token != attackers_token
        # the attacker's own valid token does not work with the victim's session …
        victim.cookies.set(CSRF_COOKIE, attackers_token)
        refused = victim.post("/logout", data={"csrf_token": attackers_token})
        assert refused.status_code == 403
        # … nor does a signed double-submit pair minted before sign-in (the old scheme)
        with httpx.Client(base_url=live.url, timeout=30) as anonymous:
            anonymous_token = csrf_from(anonymous.get("/login").text)
        victim.cookies.set(CSRF_COOKIE, anonymous_token)
        refused = victim.post(
            "/logout", data={"csrf_token": anonymous_token}, headers={"Accept": "application/json"}
        )
        assert refused.status_code == 403 and refused.json()["error"]["field"] == "csrf_token"
        assert victim.get("/api/me").status_code == 200  # still signed in
        # the session's own token works, by form field or header
        version = victim.get(f"/api/incidents/{RESTRICTED_ID}")
        assert version.status_code == 404  # bob is no member: the session is bob's
        assert victim.post("/logout", headers={"X-CSRF-Token": victims_token}).status_code == 303


def test_old_signed_session_cookies_no_longer_sign_in(live: Live, tmp_path: Path) -> None:
    """Cookies of the previous scheme (a signed user name) are not sessions any more."""
    from itsdangerous import URLSafeTimedSerializer

    key = live.app.state.hindsight.settings.secret_key
    forged = URLSafeTimedSerializer(key, salt="session").dumps({"u": "cyd"})
    with replay(live, forged) as client:
        assert client.get("/api/me").status_code == 401

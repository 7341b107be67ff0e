"""Secrets named by a cue near them (hindsight.share.redact_secret_cues)."""

from __future__ import annotations

from hindsight.share.redact import Kind, redact


def _secrets(text: str) -> list[str]:
    return [r.original for r in redact(text).replacements if r.kind is Kind.SECRET]


def test_hex_key_after_a_cue_but_not_a_bare_digest() -> None:
    text = "We revoked the app key 3f9a0c77b1e24d58a6c1f0e2d9b8a7c6e5f4d3c2 at noon."
    assert _secrets(text) == ["3f9a0c77b1e24d58a6c1f0e2d9b8a7c6e5f4d3c2"]
    assert _secrets("Reverted commit 3f9a0c77b1e24d58a6c1f0e2d9b8a7c6e5f4d3c2 at noon.") == []


def test_markup_element_named_for_a_key() -> None:
    xml = '<string name="search_admin_key">7c1e9a0b3d5f7e2a4c6b8d0f1e3a5c7b</string>\n'
    assert _secrets(xml) == ["7c1e9a0b3d5f7e2a4c6b8d0f1e3a5c7b"]
    assert _secrets('<string name="app_name">Ledger Viewer 2</string>') == []


def test_recovery_codes_listed_after_the_cue() -> None:
    text = "Backup codes for the admin account:\n  k2m9-x7qa  p4tz-8wne\n  r5vd-2hcy\nDone."
    assert _secrets(text) == ["k2m9-x7qa", "p4tz-8wne", "r5vd-2hcy"]


def test_quoted_password_in_a_paragraph_about_a_login() -> None:
    text = (
        'The shared login never changed. Ravi wrote in chat ("it\'s Tallinn7781!Sea, use it"). '
        'Later the temporary password was read out as "tmp-korvel-5531".'
    )
    assert _secrets(text) == ["Tallinn7781!Sea", "tmp-korvel-5531"]
    plain = 'The login page shows "v2-release-2026" and the ticket "INC-4411".'
    assert _secrets(plain) == []


def test_json_strings_beside_a_login_key_are_no_quoted_passwords() -> None:
    payload = '{"login": "octo-user", "node_id": "MDQ6VXNlcjE1NjY5OTE4", "type": "User"}'
    assert _secrets(payload) == []


def test_a_word_with_its_punctuation_is_no_password() -> None:
    assert _secrets("vendor says our webhook secret was rotated?? they see failures") == []
    assert _secrets("the password was Qz7!mKp2 until noon") == ["Qz7!mKp2"]


def test_quoted_names_of_services_and_jobs_are_no_passwords() -> None:
    assert _secrets('The login service "auth-gw-2031" failed after the deploy.') == []
    assert _secrets('Credentials rotated via job "rotate-creds-1042".') == []

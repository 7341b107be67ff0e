"""Secret shapes found in a blind set (a key file's private_key_id, a password echoed into a
--*-password-file option, a token named in prose) and the config lines, URLs and file names
that must come through: `existingSecret: <k8s Secret name>`, Terraform's "(sensitive value)",
dates in an internal URL's query, a versioned artifact at the end of an internal URL."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from hindsight.share.redact import Kind, RedactionContext, redact

HEX = st.text("0123456789abcdef", min_size=40, max_size=40).filter(lambda v: len(set(v)) > 8)
PASSWORDS = st.text(string.ascii_letters + string.digits + "%!#", min_size=10, max_size=18).filter(
    lambda v: any(c.isdigit() for c in v) and any(c.isalpha() for c in v)
)


def _secrets(text: str) -> list[str]:
    result = redact(text, RedactionContext())
    return [item.original for item in result.replacements if item.kind is Kind.SECRET]


@settings(max_examples=25, deadline=None)
@given(HEX)
def test_private_key_id_of_a_service_account_key(key_id: str) -> None:
    text = f'{{\n  "type": "service_account",\n  "private_key_id": "{key_id}",\n}}'
    assert key_id in _secrets(text)


@settings(max_examples=25, deadline=None)
@given(PASSWORDS, st.sampled_from(["--vault-password-file", "--password-file", "--token-file"]))
def test_secret_echoed_into_a_file_option(password: str, option: str) -> None:
    text = f"ansible-playbook site.yml {option} <(echo '{password}')\nPLAY [db]"
    assert password in _secrets(text)


@settings(max_examples=25, deadline=None)
@given(st.text("0123456789abcdef", min_size=32, max_size=32).filter(lambda v: len(set(v)) > 6))
def test_token_named_in_prose(token: str) -> None:
    text = f"your message included your auth token {token} in the curl example"
    assert token in _secrets(text)


def test_config_lines_that_name_or_mask_a_secret_come_through() -> None:
    text = (
        "auth:\n  existingSecret: keycloak-db-credentials\n"
        "~ password = (sensitive value)\n"
        "RABBITMQ_DEFAULT_PASS: guest\n"
    )
    assert redact(text, RedactionContext()).text == text


def test_internal_url_keeps_dates_in_its_query_and_versioned_file_names() -> None:
    text = (
        "curl https://reports.internal/api/v2/export?month=2026-01 and "
        "wget https://artifacts.corp.internal/releases/agent-3.2.1.tar.gz and "
        "https://grafana.acme.internal/d/pods?var-ns=checkout"
    )
    out = redact(text, RedactionContext()).text
    assert "?month=2026-01" in out and "agent-3.2.1.tar.gz" in out
    assert "reports.internal" not in out and "/releases/" not in out
    assert "checkout" not in out  # a query value that is more than a date goes with the URL


def test_a_token_in_an_internal_url_query_is_still_a_secret() -> None:
    text = "https://reports.internal/export?month=2026-01&token=Zx81kPq0Lm2Nb7Vc9Rt4"
    out = redact(text, RedactionContext()).text
    assert "Zx81kPq0Lm2Nb7Vc9Rt4" not in out and "reports.internal" not in out

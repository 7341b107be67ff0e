"""Secret shapes found in a blind set (a key file's private_key_id, a password echoed into a
--*-password-file option, a token named in prose) and the config lines, URLs and file names
that must come through: `existingSecret: <k8s Secret name>`, Terraform's "(sensitive value)",
dates in an internal URL's query, a versioned artifact at the end of an internal URL."""

from __future__ import annotations

import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from hindsight.share.redact import Kind, RedactionContext, redact

HEX = st.text("0123456789abcdef", min_size=40, max_size=40).filter(lambda v: len(set(v)) > 8)
PASSWORDS = st.text(string.ascii_letters + string.digits + "%!#", min_size=10, max_size=18).filter(
    lambda v: any(c.isdigit() for c in v) and any(c.isalpha() for c in v)
)


# three character classes and no run of one character ("00000000Aa" reads as a placeholder)
MIXED_PASSWORDS = PASSWORDS.filter(
    lambda v: (
        any(c.isupper() for c in v)
        and any(c.islower() for c in v)
        and len(set(v)) > 6
        and not re.search(r"(.)\1{3}", v)
    )
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


@settings(max_examples=25, deadline=None)
@given(HEX)
def test_presigned_url_signatures_are_secrets(hex_part: str) -> None:
    signature = hex_part + hex_part[:24]
    text = f"GET https://files.example.net/x.csv?X-Amz-Signature={signature}&X-Amz-Expires=300"
    assert signature in _secrets(text)
    assert "X-Amz-Expires=300" in redact(text).text


@settings(max_examples=25, deadline=None)
@given(MIXED_PASSWORDS)
def test_a_password_named_in_prose_without_a_verb(value: str) -> None:
    """(Runs of one character read as placeholders, "oN00000000", and are left alone.)"""
    text = f"He was given the break-glass password {value} over the phone."
    assert value in _secrets(text)


def test_a_password_word_before_an_ordinary_word_is_no_secret() -> None:
    assert _secrets("The password reset flow and password rotation policy changed.") == []


@settings(max_examples=25, deadline=None)
@given(st.text(string.ascii_letters + string.digits, min_size=40, max_size=40))
def test_a_long_random_token_alone_is_a_secret(value: str) -> None:
    mixed = sum(c.isdigit() for c in value) >= 4 and any(c.isupper() for c in value)
    if not (mixed and any(c.islower() for c in value) and len(set(value)) > 20):
        return
    text = f"the value {value} of secrets.DEPLOY_KEY is visible in run 88213"
    assert value in _secrets(text)
    public = f"ssh-ed25519 {value} ops@bastion"
    assert _secrets(public) == []


def test_htpasswd_with_options_before_the_file() -> None:
    text = "htpasswd -b -c /etc/nginx/.htpasswd admin Xk8!qLm2Pz"
    assert _secrets(text) == ["Xk8!qLm2Pz"]


@settings(max_examples=20, deadline=None)
@given(MIXED_PASSWORDS)
def test_secrets_in_more_commands_and_sentences(value: str) -> None:
    for text in (
        f"He typed his password, {value}, into the chat by mistake.",
        f"The new root password is: {value}",
        f"Login: admin / {value}",
        f"ssh-keygen -p -P old -N {value} -f id_rsa",
        f"az storage blob list --account-name logs --account-key {value}",
    ):
        assert value in _secrets(text), text


def test_passwords_named_in_other_languages() -> None:
    for text in (
        "Das Passwort ist Xk8!qLm2Pz",
        "la contraseña es Xk8!qLm2Pz",
        "le mot de passe est Xk8!qLm2Pz",
        "senha=Xk8!qLm2Pz",
        "hasło: Xk8!qLm2Pz",
        "пароль: Xk8!qLm2Pz",
        "パスワード: Xk8!qLm2Pz",
    ):
        assert _secrets(text) == ["Xk8!qLm2Pz"], text
    assert _secrets("The passwordless login rollout and password_min_length: 12") == []


def test_a_value_that_starts_like_a_copula_is_still_the_password() -> None:
    assert _secrets("He was given the break-glass password ER0000123a over the phone.") == [
        "ER0000123a"
    ]

"""Redaction of single texts: each kind of finding, typed and stable tokens, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from hindsight.errors import InvalidInput
from hindsight.share.redact import Kind, RedactionContext, mask, redact, redact_file
from hindsight.share.redact_pii import iban_ok, luhn_ok

PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi3ZqK4bNNkQxT1f0aV1r8XyBvC\n"
    "q8r0ZyV2lmsKcqfZCkq6e1yqkpR0d0h2WkXaQp+8dWfJ5D3kzPz0Y6b9r2qk3NMb\n"
    "-----END RSA PRIVATE KEY-----"
)


def kinds(text: str, context: RedactionContext | None = None) -> list[tuple[str, str]]:
    return [(r.kind.value, r.original) for r in redact(text, context).replacements]


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("export AWS_ACCESS_KEY_ID=AKIAQ7ZK2M4NX3RWP5TB", "AKIAQ7ZK2M4NX3RWP5TB"),
        (
            "token ghp_R8wq2XbY7kLmN3pQ9sT1vU4xZ6aC8dE0fG2h in chat",
            "ghp_R8wq2XbY7kLmN3pQ9sT1vU4xZ6aC8dE0fG2h",
        ),
        (
            "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx leaked",
            "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        ),
        ("stripe: sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
        ("postgres://app:S3cr3t!pw@db.example.com/orders", "S3cr3t!pw"),
        ("DB_PASSWORD=hunter2-Tr0ub4dor", "hunter2-Tr0ub4dor"),
        ('password: "correct horse battery staple"', "correct horse battery staple"),
        ("curl -u deploy:Zx9!kq2LmP https://ci.example.com", "Zx9!kq2LmP"),
        ("the temp admin password was Autumn2025! for the drill", "Autumn2025!"),
    ],
)
def test_secrets_are_replaced_by_an_unnumbered_token(text: str, secret: str) -> None:
    result = redact(text)
    assert secret not in result.text
    assert "[SECRET]" in result.text
    assert all(r.token == "[SECRET]" for r in result.replacements if r.kind is Kind.SECRET)


def test_a_private_key_block_goes_whole() -> None:
    result = redact(f"bundle had\n{PEM}\nand more")
    assert result.text == "bundle had\n[SECRET]\nand more"


def test_a_jwt_is_a_secret_but_its_header_alone_is_not() -> None:
    jwt = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ."
        "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
    )
    assert kinds(f"token={jwt}") == [("SECRET", jwt)]
    assert kinds("header eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 only") == []


def test_a_secret_seen_once_is_redacted_wherever_it_repeats() -> None:
    text = "db_pass = Qw3rty!Uiop9 was posted; later someone typed Qw3rty!Uiop9 alone."
    assert "Qw3rty!Uiop9" not in redact(text).text


def test_personal_data_gets_numbered_typed_tokens() -> None:
    text = (
        "Mail jane.doe@example.com or call +44 20 7946 0958; client 203.0.113.45 and "
        "2001:db8::7 paid with 4111 1111 1111 1111 from DE89 3704 0044 0532 0130 00."
    )
    result = redact(text)
    assert result.text == (
        "Mail [EMAIL-1] or call [PHONE-1]; client [IP-1] and [IP-2] paid with [CARD-1] from [IBAN-1]."
    )


def test_the_same_value_gets_the_same_token_and_a_new_value_the_next_number() -> None:
    text = "a@example.com wrote to b@example.com, then A@example.com again"
    assert redact(text).text == "[EMAIL-1] wrote to [EMAIL-2], then [EMAIL-1] again"


def test_tokens_stay_stable_across_calls_sharing_a_context() -> None:
    context = RedactionContext()
    first = redact("from 198.51.100.7", context).text
    second = redact("again 198.51.100.9 and 198.51.100.7", context).text
    assert (first, second) == ("from [IP-1]", "again [IP-2] and [IP-1]")


def test_checksums_keep_cards_and_ibans_precise() -> None:
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert iban_ok("GB82 WEST 1234 5698 7654 32") and not iban_ok("GB82 WEST 1234 5698 7654 33")
    assert kinds("order 4111 1111 1111 1112 and ref GB82WEST12345698765433") == []


def test_ops_text_without_sensitive_data_is_left_alone() -> None:
    text = (
        "At 14:02 UTC p99 rose from 120 ms to 4 500 ms after commit "
        "3f9a2c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39 (v2.31.0); request_id="
        "7c9e6679-7425-40de-944b-e07fc1f77f0a; 12,430 orders failed on 2024-03-05; "
        "max_tokens: 4096; token: expired; we rotated the API key."
    )
    assert redact(text).text == text


def test_roster_names_handles_and_name_parts_become_people() -> None:
    context = RedactionContext.for_names(["Priya Natarajan", "mmorales", "sam.okoro"])
    text = "Priya paged @mmorales; Natarajan and Sam Okoro agreed. priya.natarajan signed off."
    result = redact(text, context)
    assert (
        result.text
        == "[PERSON-1] paged [PERSON-2]; [PERSON-1] and [PERSON-3] agreed. [PERSON-1] signed off."
    )


def test_name_parts_match_only_when_capitalised() -> None:
    context = RedactionContext.for_names(["Will Grant"])
    assert redact("we will grant access; Will approved", context).text == (
        "we will grant access; [PERSON-1] approved"
    )


def test_mentions_are_people_even_off_the_roster_but_not_channel_pings() -> None:
    assert redact("@dana.k fixed it, @here FYI").text == "[PERSON-1] fixed it, @here FYI"


def test_systems_on_the_roster_are_not_people() -> None:
    context = RedactionContext.for_names(["argocd", "deploy-bot", "alertmanager"])
    assert redact("argocd synced; alertmanager fired", context).replacements == []


def test_workspace_patterns_redact_hosts_urls_and_customer_ids() -> None:
    context = RedactionContext(
        patterns={
            "internal_hosts": [r"\b[a-z0-9-]+\.acme-int\.net\b"],
            "customer_ids": [r"\bcus_[A-Za-z0-9]{8,}\b"],
            "internal_urls": [r"https://wiki\.acme\.com/\S+"],
        }
    )
    text = (
        "cache-01.acme-int.net dropped cus_8HxQ2mLp4Z; see https://wiki.acme.com/runbooks/cache "
        "and https://grafana.acme-int.net/d/x?org=1"
    )
    # the query of an internal URL stays (secrets in it are the secret rules' business)
    assert (
        redact(text, context).text == "[HOST-1] dropped [CUSTOMER-1]; see [URL-1] and [URL-2]?org=1"
    )


def test_builtin_internal_domains_are_always_hosts() -> None:
    text = "etl-07.internal and payments.svc.cluster.local but not api.stripe.com"
    assert redact(text).text == "[HOST-1] and [HOST-2] but not api.stripe.com"


def test_an_invalid_workspace_pattern_names_the_pattern() -> None:
    with pytest.raises(InvalidInput) as caught:
        RedactionContext(patterns={"internal_hosts": ["ok\\.corp", "db-(primary"]})
    assert "'db-(primary'" in caught.value.message
    assert "internal_hosts" in caught.value.message


def test_redaction_is_idempotent() -> None:
    text = "key AKIAQ7ZK2M4NX3RWP5TB from ops@example.com at 10.0.0.12, password=Zx9!kq2LmP"
    once = redact(text).text
    assert redact(once).replacements == []


def test_secrets_are_masked_for_review_screens() -> None:
    result = redact("AWS_ACCESS_KEY_ID=AKIAQ7ZK2M4NX3RWP5TB")
    assert result.replacements[0].shown == "AKIA…(20 chars)"
    assert "AKIAQ7ZK2M4NX3RWP5TB" not in mask("AKIAQ7ZK2M4NX3RWP5TB")


def test_replacements_carry_rule_and_line() -> None:
    item = redact("first line\nmail ops@example.com").replacements[0]
    assert (item.line, item.rule, item.kind, item.original) == (
        2,
        "email",
        Kind.EMAIL,
        "ops@example.com",
    )


def test_a_file_is_redacted_without_being_changed(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("ping ops@example.com\n", encoding="utf-8")
    assert redact_file(source).text == "ping [EMAIL-1]\n"
    assert source.read_text(encoding="utf-8") == "ping ops@example.com\n"


def test_binary_and_undecodable_files_are_refused_by_name(tmp_path: Path) -> None:
    binary = tmp_path / "dump.bin"
    binary.write_bytes(b"\x7fELF\x00\x01\x02")
    with pytest.raises(InvalidInput, match=r"dump\.bin: binary file"):
        redact_file(binary)
    latin = tmp_path / "latin1.log"
    latin.write_bytes(b"ok\ncaf\xe9 au lait\n")
    with pytest.raises(InvalidInput, match=r"latin1\.log:2: not UTF-8"):
        redact_file(latin)


@pytest.mark.parametrize("unit", ["a.b", "eyJ", "://a:", "a_", "password = ", "1 "])
def test_pathological_input_stays_linear(unit: str) -> None:
    import time

    text = unit * (20000 // len(unit))
    started = time.perf_counter()
    redact(text)
    assert time.perf_counter() - started < 5.0


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"internal_host": ["x"]}, "unknown key 'internal_host'; accepted: internal_hosts"),
        ({"internal_hosts": "db\\.corp"}, "internal_hosts: expected a list of regex strings"),
    ],
)
def test_a_misconfigured_redaction_table_is_refused_not_ignored(table: dict, message: str) -> None:
    from hindsight.share.redact import workspace_patterns

    with pytest.raises(InvalidInput, match=message):
        workspace_patterns({"redaction": table})


def test_system_words_on_the_roster_do_not_redact_ordinary_prose() -> None:
    context = RedactionContext.for_names(["deploy", "security", "Jo"])
    assert redact("the deploy and the security review; jo-jo; Jo agreed", context).text == (
        "the deploy and the security review; jo-jo; [PERSON-1] agreed"
    )

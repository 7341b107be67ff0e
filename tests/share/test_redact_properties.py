"""Properties of redaction over generated ops chatter with secrets and e-mails mixed in."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hindsight.share.redact import TOKEN_RE, Kind, RedactionContext, redact

ALNUM = string.ascii_letters + string.digits


def _token(prefix: str, size: int, alphabet: str = ALNUM) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=size, max_size=size).map(lambda body: prefix + body)


SECRETS = st.one_of(
    _token("AKIA", 16, string.ascii_uppercase + "234567"),
    _token("ghp_", 36),
    _token("glpat-", 20),
    _token("sk_live_", 24),
    _token("npm_", 36),
    _token("hf_", 34),
    st.tuples(_token("SG.", 22), _token(".", 43)).map("".join),
)
EMAILS = st.tuples(
    st.from_regex(r"[a-z][a-z0-9.]{1,12}[a-z0-9]", fullmatch=True),
    st.sampled_from(["example.com", "acme.io", "mail.example.org"]),
).map(lambda p: f"{p[0]}@{p[1]}")
WORDS = st.sampled_from(
    [
        "the",
        "deploy",
        "rolled",
        "back",
        "at",
        "14:02",
        "UTC",
        "p99",
        "rose",
        "to",
        "4",
        "500",
        "ms",
        "checkout-api",
        "error",
        "rate",
        "12%",
        "we",
        "paged",
        "on-call",
        "restarted",
        "pods",
        "commit",
        "v2.31.0",
        "request_id=",
        "ticket",
        "OPS-4821",
        ";",
        ",",
        ".",
        ":",
    ]
)
SEPARATORS = st.sampled_from([" ", " ", "\n", "=", ": ", " key ", " token ", "\t"])


@st.composite
def chatter(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    """(text, secrets in it, e-mails in it)."""
    parts: list[str] = []
    secrets: list[str] = []
    emails: list[str] = []
    for _ in range(draw(st.integers(1, 12))):
        choice = draw(st.integers(0, 5))
        if choice == 0:
            value = draw(SECRETS)
            secrets.append(value)
        elif choice == 1:
            value = draw(EMAILS)
            emails.append(value)
        else:
            value = draw(WORDS)
        parts += [value, draw(SEPARATORS)]
    return "".join(parts), secrets, emails


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(chatter())
def test_no_original_secret_or_email_survives(case: tuple[str, list[str], list[str]]) -> None:
    text, secrets, emails = case
    out = redact(text).text
    for value in secrets:
        assert value not in out
    for value in emails:
        assert value not in out


@SETTINGS
@given(chatter())
def test_redacting_the_output_finds_no_further_secrets_or_emails(
    case: tuple[str, list[str], list[str]],
) -> None:
    once = redact(case[0]).text
    again = redact(once)
    assert [r for r in again.replacements if r.kind in {Kind.SECRET, Kind.EMAIL}] == []
    assert again.text == once


@SETTINGS
@given(chatter())
def test_the_same_value_always_gets_the_same_token(case: tuple[str, list[str], list[str]]) -> None:
    text = case[0]
    result = redact(text + "\n" + text, RedactionContext())
    seen: dict[tuple[Kind, str], str] = {}
    for item in result.replacements:
        if item.kind is Kind.SECRET:
            assert item.token == "[SECRET]"
            continue
        key = (item.kind, item.original.lower())
        assert seen.setdefault(key, item.token) == item.token
    tokens = TOKEN_RE.findall(result.text)
    assert len(tokens) == len(result.replacements)


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes_and_offsets_are_exact(text: str) -> None:
    result = redact(text)
    for item in result.replacements:
        assert text[item.start : item.end] == item.original

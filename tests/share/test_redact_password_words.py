"""One list of the words for a password (`redact_secrets.PASSWORD_WORDS`) serves the three rules
that look for a password named in prose: the direct "password: X", a value a few words on,
and a chat window. A word any one of them knew is now known to all three. Values of our own."""

from __future__ import annotations

import re

import pytest

from hindsight.share.redact import redact
from hindsight.share.redact_secret_cues import PASSWORD_WORD
from hindsight.share.redact_secrets import (
    NEARBY_CUE_RE,
    PASSWORD_WORDS,
    PASSWORD_WORDS_UNSPACED,
    PROSE_PASSWORD_DIRECT_RE,
)

VALUE = "Tq7#vLm2pXz9"

# one spelling of each language's word (inflected forms are in the list too)
WORDS = [
    "password", "passwort", "kennwort", "contraseña", "mot de passe", "senha", "wachtwoord",
    "hasło", "lösenordet", "adgangskode", "passordet", "salasana", "heslo", "jelszó", "geslo",
    "parola", "şifresi", "lykilorð", "lozinka", "лозинка", "пароль", "паролем", "κωδικός",
    "mật khẩu", "kata sandi", "nywila", "нууц үг", "პაროლი", "գաղտնաբառ", "סיסמה",
    "كلمة المرور", "رمز عبور", "पासवर्ड",
]  # fmt: skip


@pytest.mark.parametrize("word", WORDS)
def test_every_rule_knows_every_word(word: str) -> None:
    for rule in (PROSE_PASSWORD_DIRECT_RE, NEARBY_CUE_RE, PASSWORD_WORD):
        match = rule.search(f"the {word} {VALUE}")
        assert match is not None and match.group().startswith(word.split()[0]), rule.pattern[:40]


@pytest.mark.parametrize("word", [*WORDS, "パスワード", "비밀번호", "密码"])
def test_a_password_named_in_any_language_is_redacted(word: str) -> None:
    redacted = redact(f"ok, {word}: {VALUE} (only for tonight)").text
    assert VALUE not in redacted
    assert "only for tonight" in redacted


def test_the_word_inside_a_longer_word_is_no_cue() -> None:
    assert (
        re.search(rf"(?i)(?<![\w\-])(?:{PASSWORD_WORDS})(?![\w\-])", "passwordless login") is None
    )
    assert PASSWORD_WORD.search("the passwords_table_v2 migration") is None
    assert re.fullmatch(PASSWORD_WORDS_UNSPACED, "パスワード")

"""Secrets named by a cue rather than by a key: a hex key a few words after "app key" or
"token", the text of a markup element whose name says key or secret (`<string
name="algolia_admin_key">…</string>`), one-time recovery codes listed after "recovery codes",
and a password quoted in the same paragraph as the word "password" or "login" ("read it out as
"tmp-anvste-7976"").

Hex alone is usually a digest (a commit, a checksum), so hex counts only after a cue; a quoted
value counts only when it is shaped like a password and not like a word, path or version.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hindsight.share.redact import Kind, Span
from hindsight.share.redact_people import plain_word
from hindsight.share.redact_secrets import (
    DIGEST_WORDS,
    _credible,
    password_shaped,
    shannon_entropy,
)

# "app key 56b1…", "secret token: 9f4…", "admin_key=…" (a short gap of words allowed)
HEX_CUE = re.compile(
    r"(?i)(?<![\w\-])(?:(?:api|app|application|admin|access|secret|signing|master|private|auth|"
    r"client|server|license|encryption)[ _\-]?key|token|secret)(?![\w\-])"
    r"(?:[ \t]+(?:is|was|of|for|=|:)?[ \t]*){0,2}[:=]?[ \t]*[\"'`]?"
    r"(?P<v>[0-9a-fA-F]{32,128})(?![\w\-])"
)
# markup element named for a secret: <string name="mailgun_api_key">…</string>
MARKUP_SECRET = re.compile(
    r"(?i)<(?P<tag>[\w:\-]+)[^<>\n]*\bname=[\"'][\w.\-]*(?:key|secret|token|password|passwd)"
    r"[\w.\-]*[\"'][^<>\n]*>(?P<v>[^<>\s]{8,200})</(?P=tag)>"
)
NOT_SECRET_NAME = re.compile(r"(?i)name=[\"'][\w.\-]*(?:public|publishable|id|name|url|_ttl)[\"']")
# "recovery codes …:" then codes in groups: "nd3v-sg7a  e4yk-su2q", "1234 5678", "a8f3k2q9"
CODES_CUE = re.compile(
    r"(?i)\b(?:recovery|backup|scratch|one-time|emergency|break-glass)[ \t]+codes?\b"
)
CODE = re.compile(
    r"(?<![\w\-])(?=[a-z0-9\-]*\d)(?=[a-z0-9\-]*[a-z])(?:[a-z0-9]{4,5}-[a-z0-9]{4,5}|[a-z0-9]{8,10})"
    r"(?![\w\-])|(?<![\w\-])\d{4}[ \-]\d{4}(?![\w\-])"
)
# a quoted value in a paragraph about a password or login
STRUCTURED_BEFORE = re.compile(r"[:=\[,{][ \t]*$")
STRUCTURED_AFTER = re.compile(r"[ \t]*[:,\]}]")
PARAGRAPH_CUE = re.compile(
    r"(?i)(?<![\w\-\"'])(?:password|passphrase|passcode|passwort|login|log-in|credentials?)(?![\w\-])"
)
# what introduces a value rather than names a thing: "has it as "…"", "was reset to "…""
VALUE_BEFORE = re.compile(r"(?i)\b(?:as|is|was|to|now|reads?)[ \t]*$|:[ \t]*$")
QUOTED = re.compile(r"[\"“`](?P<q>[^\"”`\n]{6,120})[\"”`]")
QUOTED_TOKEN = re.compile(r"[^\s,;()\"”`]{8,64}")


# "token for the bank API, pasted here because vault is down: 41d93b…": the cue, a clause
# ending in a colon on the same line, then hex (not when the clause names a digest or an id)
HEX_AFTER_CLAUSE = re.compile(
    r"(?i)(?<![\w\-])(?:token|secret|api[ _\-]?key|access[ _\-]?key|signing[ _\-]?key)(?![\w\-])"
    r"(?P<clause>[^\n:=]{1,80}):[ \t]*[\"'`]?(?P<v>[0-9a-fA-F]{32,128})(?![\w\-])"
)
# a cookie whose name says it carries a session or a token: "Cookie: sid=…; csrftoken=…"
COOKIE_LINE = re.compile(r"(?i)\b(?:set-)?cookie\b[\"']?(?:,\s*\"value\")?\s*[:=]\s*[\"']?")
COOKIE_PAIR = re.compile(
    r"(?i)(?P<name>[\w.\-]*(?:sess|sid|token|csrf|xsrf|auth|jwt|remember|login|secret)[\w.\-]*)"
    r"=(?P<v>[A-Za-z0-9%+/_.\-]{16,}={0,2})"
)


def _hex_spans(text: str) -> Iterator[Span]:
    for match in [*HEX_CUE.finditer(text), *HEX_AFTER_CLAUSE.finditer(text)]:
        value = match.group("v")
        if "clause" in match.groupdict() and DIGEST_WORDS.search(match.group("clause")):
            continue
        if shannon_entropy(value) >= 3.0 and len(set(value)) > 8:
            yield Span(match.start("v"), match.end("v"), Kind.SECRET, "named-hex")


def _cookie_spans(text: str) -> Iterator[Span]:
    for line in COOKIE_LINE.finditer(text):
        end = text.find("\n", line.end())
        end = len(text) if end < 0 else end
        for pair in COOKIE_PAIR.finditer(text, line.end(), end):
            yield Span(pair.start("v"), pair.end("v"), Kind.SECRET, "cookie-value")


def _markup_spans(text: str) -> Iterator[Span]:
    for match in MARKUP_SECRET.finditer(text):
        if NOT_SECRET_NAME.search(match.group()) or not _credible(match.group("v")):
            continue
        yield Span(match.start("v"), match.end("v"), Kind.SECRET, "markup-secret")


def _code_lines(text: str, cue: re.Match[str]) -> list[tuple[int, int]]:
    """The rest of the cue's line after its colon, then up to six following lines."""
    line_end = text.find("\n", cue.end())
    line_end = len(text) if line_end < 0 else line_end
    colon = text.find(":", cue.end(), line_end)
    segments = [(colon + 1, line_end)] if colon >= 0 else []
    position = line_end + 1
    while position < len(text) and len(segments) < 7:
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        segments.append((position, end))
        position = end + 1
    return segments


def _code_spans(text: str) -> Iterator[Span]:
    for cue in CODES_CUE.finditer(text):
        for index, (start, end) in enumerate(_code_lines(text, cue)):
            line = text[start:end]
            words = [w for w in line.split() if w not in ("-", "*", "•")]
            codes = list(CODE.finditer(line))
            if not codes or len(codes) < len(words):
                if index == 0:
                    continue  # text after the cue's colon; the codes may follow below
                break
            for code in codes:
                yield Span(start + code.start(), start + code.end(), Kind.SECRET, "recovery-code")


def _quoted_spans(text: str) -> Iterator[Span]:
    for paragraph in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", text):
        body = paragraph.group()
        if PARAGRAPH_CUE.search(body) is None:
            continue
        for quote in QUOTED.finditer(body):
            if STRUCTURED_BEFORE.search(body, 0, quote.start()) or STRUCTURED_AFTER.match(
                body, quote.end()
            ):
                continue  # a JSON or YAML string ("node_id": "MDEw…"), not a quotation
            inner = quote.group("q")
            if "@" in inner:
                continue
            base = paragraph.start() + quote.start("q")
            if QUOTED_TOKEN.fullmatch(inner):
                introduced = VALUE_BEFORE.search(body, max(0, quote.start() - 16), quote.start())
                if _quoted_password(inner, introduced=introduced is not None):
                    yield Span(base, base + len(inner), Kind.SECRET, "quoted-password")
                continue
            for token in QUOTED_TOKEN.finditer(inner):
                value = token.group().rstrip(".!?")
                if password_shaped(value) and _credible(value):
                    start = base + token.start()
                    yield Span(start, start + len(value), Kind.SECRET, "quoted-password")


def _quoted_password(value: str, *, introduced: bool) -> bool:
    """A whole quotation that is one password: shaped like one (`Winter2026!`), or, when the
    words before it introduce a value ("has it as", "reset to"), letters and digits mixed with
    no path, URL, version, ticket or setting (`tmp-anvste-7976`, not `INC-4411` or `v2.3.1`)."""
    if password_shaped(value):
        return _credible(value)
    if not introduced or not (re.search(r"[A-Za-z]", value) and re.search(r"\d", value)):
        return False
    if re.search(r"[/\\:@=.]", value) or re.fullmatch(r"[A-Z]+-\d+", value):
        return False
    letters = re.findall(r"[A-Za-z]+", value)
    return (
        _credible(value)
        and value.count("-") >= 1
        and re.search(r"\d{3,}", value) is not None
        and any(len(w) >= 4 and not plain_word(w) for w in letters)  # "anvste", not "release"
    )


def cue_secret_spans(text: str) -> list[Span]:
    """Every secret found by a cue near it (may overlap other findings)."""
    return [
        *_hex_spans(text),
        *_cookie_spans(text),
        *_markup_spans(text),
        *_code_spans(text),
        *_quoted_spans(text),
    ]

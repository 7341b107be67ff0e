"""Secrets named by a cue rather than by a key: a hex key a few words after "app key" or
"token", the text of a markup element whose name says key or secret (`<string
name="algolia_admin_key">…</string>`), one-time recovery codes listed after "recovery codes",
and a password quoted in the same paragraph as the word "password" or "login" ("read it out as
"tmp-anvste-7976"").

Hex alone is usually a digest (a commit, a checksum), so hex counts only after a cue; a quoted
value counts only when it is shaped like a password and not like a word, path or version.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator

from hindsight.share.redact import Kind, Span
from hindsight.share.redact_identity import column_cells, sql_cells
from hindsight.share.redact_people import plain_word
from hindsight.share.redact_secrets import (
    DATA_KEY,
    DIGEST_WORDS,
    PASSWORD_WORDS,
    PASSWORD_WORDS_UNSPACED,
    _credible,
    generated_secret,
    harmless_base64,
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
    r"(?i)(?<![\w\-])(?:[^\W\d_]{3,}-)?(?:token|secret|api[ _\-]?key|access[ _\-]?key|signing[ _\-]?key|"
    r"(?P<owner>[^\W\d_]{3,})[ _\-]key)(?![\w\-])"
    r"(?P<clause>[^\n:=]{1,80}):[ \t]*[\"'`]?(?P<v>[0-9a-fA-F]{32,128})(?![\w\-])"
)
# keys that are no secrets beyond those that index data (DATA_KEY): "the public key …: 9f2c…"
NOT_SECRET_KEY_OWNERS = frozenset(
    ["public", "routing", "dictionary", "the", "a", "this", "that", "same", "new", "old"]
)
# where a value was pasted is no digest cue: "steht noch im Ticket:", "left in the issue:"
WHERE_PASTED = re.compile(
    r"(?i)\b(?:in|im|into|on|dans|en|no|na|w)[ \t]+(?:the[ \t]+|le[ \t]+|der[ \t]+|dem[ \t]+|"
    r"o[ \t]+|el[ \t]+)?(?:ticket|issue|pr|job)\b"
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
        owner = match.groupdict().get("owner")
        if owner is not None and (
            owner.lower() in NOT_SECRET_KEY_OWNERS or DATA_KEY.search(f"{owner}_key")
        ):
            continue
        if "clause" in match.groupdict() and DIGEST_WORDS.search(
            WHERE_PASTED.sub(" ", match.group("clause"))
        ):
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


# A stored password hash is as good as the password to anyone with a GPU: bcrypt, argon2 and
# the crypt(3) SHA/MD5 forms are distinctive enough to stand alone.
PASSWORD_HASH = re.compile(
    r"(?<![\w$])(?:\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}"
    r"|\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]{8,}\$[A-Za-z0-9+/]{16,}"
    r"|\$(?:1|5|6)\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,86})(?![\w$])"
)
# FreeRADIUS with `auth_badpass`/`auth_goodpass` logs the password: "Login incorrect (…):
# [user/password] (from client …)"
RADIUS_LOGIN = re.compile(
    r"\bLogin (?:incorrect|OK)\b[^\n\[]{0,120}\[(?P<user>[^/\]\n]{1,128})/(?P<v>[^\]\n<][^\]\n]{0,127})\]"
)
# "login ist dispo-dui / Elbe!Kran#2026", "Wi-Fi (GL-VIP-S8 / Lotus5588lddt)", "SMTP login
# (postmaster@mg.example / 9f4c…-Mg2026)": a user and a password either side of a slash
LOGIN_PAIR = re.compile(
    r"(?i)(?<![\w\-])(?:[^\W\d_]{2,}-)?(?:login|log-in|logon|credentials?|creds|zugang(?:sdaten)?|anmeldung|"
    r"identifiants|acceso|wi-?fi|wlan|ssid)(?![\w\-])[^\n/]{0,40}?[\s(:]"
    r"(?P<user>[\w.@\\\-]{2,64})[ \t]+/[ \t]+(?P<v>[^\s)\]\"'`,;/]{6,64})"
)
# a column of a CSV, a table or an SQL INSERT named for a password or a secret (not its hash,
# hint, id, expiry or policy; "pass" and "pin" only as a whole part of the name)
SECRET_COLUMN = re.compile(
    r"(?i)(?![\w\-]*[_\-](?:id|name|hint|hash|changed|expires?|expiry|type|policy|length|reset|"
    r"date|at|url|set|required|age|count|used|hashed)$)"
    r"(?:[\w\-]*(?:password|passwd|passwort|pwd|secret|api[_\-]?key|token|totp)[\w\-]*"
    r"|(?:[\w]+[_\-])?(?:pass|pin)(?:[_\-]\w+)?)"
)


# a session id in a log or JSON: sid=…, "session":"…", JSESSIONID=… (a live session is a
# bearer credential); a Twilio SID or a UUID is an identifier
SESSION_ID = re.compile(
    r"(?i)(?<![\w.\-])[\"']?(?:sid|session|session_?id|sess_?id|jsessionid|phpsessid|"
    r"session_?token|sess)[\"']?[ \t]*(?:=|:)[ \t]*[\"']?(?P<v>[A-Za-z0-9_\-]{24,128})(?![\w\-])"
)
# a BitLocker recovery key: eight groups of six digits, each a multiple of 11
BITLOCKER_KEY = re.compile(r"(?<![\d\-])\d{6}(?:-\d{6}){7}(?![\d\-])")


def _session_spans(text: str) -> Iterator[Span]:
    for match in SESSION_ID.finditer(text) if "s" in text else ():
        value = match.group("v")
        if re.fullmatch(
            r"[A-Z]{2}[0-9a-f]{32}|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}", value, re.I
        ):
            continue  # a Twilio SID (AC…, SM…) or a UUID: identifiers, not bearer tokens
        if generated_secret(value) or (
            re.fullmatch(r"[A-Za-z0-9_\-]{32,}", value) and shannon_entropy(value) >= 3.5
        ):
            yield Span(match.start("v"), match.end("v"), Kind.SECRET, "session-id")
    for match in BITLOCKER_KEY.finditer(text) if "-" in text else ():
        if all(int(group) % 11 == 0 for group in match.group().split("-")):
            yield Span(match.start(), match.end(), Kind.SECRET, "bitlocker-recovery-key")


def _login_value(value: str) -> bool:
    """A password after a user and a slash: letters and digits mixed, not a path, a date or
    a ticket."""
    value = value.rstrip(".")
    if not (re.search(r"[A-Za-z]", value) and re.search(r"\d", value)):
        return False
    if re.fullmatch(r"[A-Z]+-\d+|v?\d+(?:\.\d+)+\S*|[\d:.\-]+\w{0,3}", value):
        return False
    return _credible(value) and (password_shaped(value) or len(value) >= 8)


def _pair_spans(text: str) -> Iterator[Span]:
    for match in PASSWORD_HASH.finditer(text) if "$" in text else ():
        yield Span(match.start(), match.end(), Kind.SECRET, "password-hash")
    for match in RADIUS_LOGIN.finditer(text) if "Login " in text else ():
        if _credible(match.group("v")):
            yield Span(match.start("v"), match.end("v"), Kind.SECRET, "radius-logged-password")
    for match in LOGIN_PAIR.finditer(text):
        value = match.group("v").rstrip(".")
        if _login_value(value) and not re.fullmatch(r"\d+", match.group("user")):
            yield Span(match.start("v"), match.start("v") + len(value), Kind.SECRET, "login-pair")


def _field_names(cells: list[str]) -> bool:
    """A header line of field names, not a line of keywords or values that holds "token"."""
    names = [c.strip().strip("\"'`") for c in cells]
    names = [n for n in names if n]  # a Markdown table's outer pipes
    return len(names) >= 3 and all(re.fullmatch(r"[A-Za-z_][\w .\-]{0,39}", n) for n in names)


def _column_spans(text: str) -> Iterator[Span]:
    """Cells under a password or secret column: what the header says is a secret is one,
    unless it is a placeholder, masked or empty."""
    lowered = text.lower()
    if not any(w in lowered for w in ("pass", "pwd", "secret", "key", "token", "pin")):
        return
    sql = ((start, value) for start, value, _ in sql_cells(text, SECRET_COLUMN))
    for start, raw in [*column_cells(text, SECRET_COLUMN, _field_names), *sql]:
        value = raw.strip().strip("\"'`")
        if not _secret_cell(value):
            continue
        begin = start + raw.index(value)
        yield Span(begin, begin + len(value), Kind.SECRET, "secret-column")


def _csv_secret_spans(text: str) -> Iterator[Span]:
    """Cells under a password or TOTP column of a CSV export (Bitwarden, 1Password, KeePass)
    read as CSV, quoted cells with commas and comment lines included."""
    if "," not in text or not any(w in text.lower() for w in ("password", "totp", "secret")):
        return
    lines = text.splitlines(keepends=True)
    offsets = list(itertools.accumulate([0] + [len(line) for line in lines[:-1]]))
    header: tuple[int, list[int]] | None = None
    for number, line in enumerate(lines):
        body = line.rstrip("\r\n")
        if header is None:
            cells = body.split(",")
            wanted = [i for i, c in enumerate(cells) if SECRET_COLUMN.fullmatch(c.strip())]
            if len(cells) >= 4 and wanted and _field_names(cells):
                header = (len(cells), wanted)
            continue
        if body.lstrip().startswith("#"):
            continue  # a comment line under the header
        if not body.strip():
            header = None
            continue
        row = next(csv.reader([body]))
        if len(row) != header[0]:
            header = None
            continue
        position = 0
        for index, cell in enumerate(row):
            found = body.find(cell, position) if cell else -1
            if found < 0:
                continue
            position = found + len(cell)
            value = cell.strip()
            if index not in header[1] or not _secret_cell(value):
                continue
            start = offsets[number] + found + cell.index(value)
            yield Span(start, start + len(value), Kind.SECRET, "secret-column")


def _secret_cell(value: str) -> bool:
    if len(value) < 4 or " " in value or re.fullmatch(r"[*x•\-#.]+|null|none|n/a", value, re.I):
        return False
    return _credible(value) and not re.fullmatch(r"\d{1,3}|true|false|yes|no", value, re.I)


# a request's header or variable in a Postman or HAR export: {"key": "X-Api-Key", "value": "…"}
POSTMAN_PAIR = re.compile(
    r"\"(?:key|name)\"[ \t]*:[ \t]*\"(?P<name>[^\"\n]{1,60})\"[ \t]*,[ \t]*\"value\"[ \t]*:[ \t]*"
    r"\"(?:(?:Bearer|Basic|Token)[ ]+)?(?P<v>[^\"\n\s{}]{8,400})\""
)
POSTMAN_SECRET_NAME = re.compile(
    r"(?i)(?:api|subscription|access|secret|private|auth|client|app|master|account|function)[\-_ ]?"
    r"key|token|secret|password|passwd|signature|authorization|cookie|apikey"
)
# a Google or Apple app password: four groups of four lower-case letters after a password key
APP_PASSWORD = re.compile(
    r"(?i)(?:pass(?:word|wd)?|pwd)[\w\-]*[\"']?[ \t]*[=:][ \t]*[\"']?"
    r"(?P<v>(?-i:[a-z]{4}(?: [a-z]{4}){3}))(?![\w])"
)
# "HMAC `7EE1…`", "HMAC key: …": hex named by the word for a keyed hash
HMAC_HEX = re.compile(
    r"(?i)(?<![\w\-])hmac(?:[ _\-]?(?:key|secret))?[ \t]*[:=]?[ \t]*[\"'`]?(?P<v>[0-9a-fA-F]{32,128})(?![\w\-])"
)


def _more_named_spans(text: str) -> Iterator[Span]:
    for match in POSTMAN_PAIR.finditer(text) if '"value"' in text else ():
        if POSTMAN_SECRET_NAME.search(match["name"]) and _credible(match["v"]):
            yield Span(match.start("v"), match.end("v"), Kind.SECRET, "request-header")
    for regex, rule in ((APP_PASSWORD, "app-password"), (HMAC_HEX, "named-hex")):
        for match in regex.finditer(text):
            yield Span(match.start("v"), match.end("v"), Kind.SECRET, rule)


# the word for a password in the languages a chat is written in: "Passordet … byttet til X",
# "heslo … je teď X", "รหัส admin … คือ X", "a senha do painel?" … "YGQ0+nI6sYUc"
PASSWORD_WORD = re.compile(
    rf"(?i)(?<![\w\-])(?:{PASSWORD_WORDS}|creds|credentials)(?![\w\-])|{PASSWORD_WORDS_UNSPACED}"
    # "la pass es …", "the pass is …": a pass said to be something
    r"|(?<![\w\-])pass(?=[ \t]+(?:es|is|est|é|ist|era|was|:)[ \t])"
)
CHAT_TOKEN = re.compile(r"(?<![^\s(\[\"'`:])[^\s\"'`,;()\[\]<>]{8,64}(?![^\s\"'`,;()\[\]<>])")
# what stands before a value in an aligned `vault token lookup` or `kubectl describe` listing
ALIGNED_LABEL = re.compile(r"[ \t]*[\w.\-]+[ \t]{2,}")
# a log-in told as a pair in chat: "user rahbar_otp / pass Rhb@Otp#2025!March", "usr: x, pw: y"
USER_THEN_PASS = re.compile(
    r"(?i)\b(?:user(?:name)?|usr|login)[ \t]*[:=]?[ \t]+[^\s/,;|]{2,40}[ \t]*[/,;|][ \t]*"
    r"(?:pass|pw|pwd)[ \t]*[:=]?[ \t]+(?P<v>[^\s\"'`,;()]{6,64})"
)
# "kilele_ops / knFMe6^%aoQ=E+", "billing_ro / ku+bl1jSrfZG+DwQ": an account, a slash, a password
ACCOUNT_SLASH_PASSWORD = re.compile(
    r"(?<![\w./\-])(?P<user>[a-z][\w.\-]{2,40})[ \t]+/[ \t]+(?P<v>[^\s\"'`,;()]{8,64})"
)


def _strong_password(value: str) -> bool:
    """Shaped like a chosen password and holding a symbol or many digits: `Hradcany4874#iZ5`,
    `YGQ0+nI6sYUc`; not a path, URL, address, variable or key=value setting."""
    if re.search(r"[/\\$]|@[\w\-]+\.|://|^[=&?]|\w=\w+&", value) or not password_shaped(value):
        return False
    if re.fullmatch(r"[0-9a-f]{8,}-[A-Z]{2,4}", value) or harmless_base64(value):
        return False  # a Cloudflare Ray id ("31d0c66d5ffadc49-FRA"), a certificate in base64
    if re.match(r"[\w.\-]+[=:]|[^\w!#%*+]", value) or re.search(r"\.[a-z]{2,4}$|:\w", value):
        return False  # a setting (key=value), a pgpass line, a file name: other rules judge those
    symbol = any(not c.isalnum() and c not in "._" for c in value)
    return _credible(value) and (symbol or sum(c.isdigit() for c in value) >= 4)


def _chat_password_spans(text: str) -> Iterator[Span]:
    """A strong password a few lines after (or on the line of) a word for a password, and one
    after an account and a slash."""
    windows: list[list[int]] = []  # the 300 characters after each cue, overlapping ones merged
    for cue in PASSWORD_WORD.finditer(text):
        if windows and cue.start() <= windows[-1][1]:
            windows[-1][1] = cue.start() + 300
        else:
            windows.append([cue.start(), cue.start() + 300])
    for start, end in windows:
        for token in CHAT_TOKEN.finditer(text, start, min(len(text), end + 128)):
            if token.start() > end:
                break
            line_start = text.rfind("\n", 0, token.start()) + 1
            if re.search(r"\w:$", text[max(0, token.start() - 2) : token.start()]):
                continue  # "data:q8Zt…" inside sops' ENC[…]: a key's value, judged by its key
            if ALIGNED_LABEL.fullmatch(text, line_start, token.start()):
                continue  # "token_accessor   IbE7…": a listing's labelled value, judged by its key
            value = token.group().rstrip(".:")  # "…yjgkG1!" keeps its "!"; "…G1." loses the dot
            if not _strong_password(value):
                value = value.rstrip("!?")
            if _strong_password(value):
                yield Span(token.start(), token.start() + len(value), Kind.SECRET, "chat-password")
    for match in USER_THEN_PASS.finditer(text):
        value = match.group("v").rstrip(".,:")
        if "://" not in value and password_shaped(value) and _credible(value):
            yield Span(match.start("v"), match.start("v") + len(value), Kind.SECRET, "login-pair")
    for match in ACCOUNT_SLASH_PASSWORD.finditer(text) if " / " in text else ():
        value = match.group("v").rstrip(".!?:")
        if _strong_password(value) and any(not c.isalnum() for c in value):
            yield Span(match.start("v"), match.start("v") + len(value), Kind.SECRET, "login-pair")


def cue_secret_spans(text: str) -> list[Span]:
    """Every secret found by a cue near it (may overlap other findings)."""
    return [
        *_hex_spans(text),
        *_cookie_spans(text),
        *_markup_spans(text),
        *_code_spans(text),
        *_quoted_spans(text),
        *_pair_spans(text),
        *_column_spans(text),
        *_session_spans(text),
        *_csv_secret_spans(text),
        *_more_named_spans(text),
        *_chat_password_spans(text),
    ]

"""Secrets printed by tools rather than assigned to a name: a network device's running-config
(SNMP communities, TACACS+/RADIUS keys, type-7 passwords, Juniper's `$9$` secrets), the line a
secret-fetching command prints (`vault kv get -field=password …`, `… | base64 -d`), and the rows
of a storage-account key table (`key1  FULL  <88 characters>`).

Each rule reads the tool's own syntax, so the value is found by its position, not its look: a
community string or a fetched password may be a plain word an entropy test would pass over.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator

from hindsight.share.redact import Kind, Span
from hindsight.share.redact_secrets import (
    CREDENTIAL_KEY_ID,
    NOT_A_SECRET_KEY,
    WORDISH,
    _credible,
    _looks_random,
    _public_material,
    generated_secret,
    harmless_base64,
    password_shaped,
)

_VALUE = r"(?:\"(?P<q>[^\"\n]+)\"|(?P<v>[^\s\"]+))"
_TYPE = r"(?:[0-9][ \t]+)?"  # IOS's encryption type before the value: 0 plain, 7, 5, 8, 9 hashed
# (rule, regex): Cisco IOS / NX-OS / ASA and Juniper lines that carry a credential
DEVICE_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "snmp-community",
        re.compile(
            r"(?im)^[ \t]*snmp-server[ \t]+community[ \t]+" + _VALUE + r"(?=[ \t]|$)"
            r"|^[ \t]*set[ \t]+snmp[ \t]+community[ \t]+"
            + _VALUE.replace("P<", "P<j")
            + r"(?=[ \t]*(?:$|authorization|clients|view|routing-instance))"
        ),
    ),
    # snmp-server host <host> [informs|traps] [version 1|2c] <community> …; with version 3 the
    # word there is a user name, and the lookahead leaves it
    (
        "snmp-community",
        re.compile(
            r"(?im)^[ \t]*snmp-server[ \t]+host[ \t]+\S+(?:[ \t]+(?:informs|traps|"
            r"(?:use-)?vrf[ \t]+\S+))*(?:[ \t]+version[ \t]+(?:1|2c))?[ \t]+"
            r"(?!(?:version|informs|traps|vrf|use-vrf|udp-port)\b)" + _VALUE
        ),
    ),
    # the shared key of a TACACS+ or RADIUS server, on its line or in its block
    (
        "device-server-key",
        re.compile(
            r"(?im)^[ \t]*(?:server-private|tacacs-server|radius-server|tacplus-server|aaa-server)\b[^\n]*?"
            r"[ \t](?:key|secret)[ \t]+"
            + _TYPE
            + _VALUE
            + r"|^[ \t]*(?:tacacs|radius)[ \t]+server[ \t]+\S+[ \t]*\n(?:[ \t]+[^\n]*\n){0,6}?"
            r"[ \t]+key[ \t]+" + _TYPE + _VALUE.replace("P<", "P<b")
        ),
    ),
    # password 7 0822455D0A16, secret 9 $9$…, enable secret …, username x secret 5 $1$…,
    # neighbor 10.0.0.2 password …, a `password …` line alone under `line vty`
    (
        "device-password",
        re.compile(
            r"(?im)(?<![\w\-])(?:password|secret)[ \t]+[0-9][ \t]+"
            + _VALUE
            + r"|^[ \t]*(?:enable[ \t]+(?:secret|password)(?:[ \t]+level[ \t]+\d+)?|username[ \t]+"
            r"\S+(?:[ \t]+(?:privilege[ \t]+\d+|role[ \t]+\S+|view[ \t]+\S+))*[ \t]+"
            r"(?:secret|password)|neighbor[ \t]+\S+[ \t]+password|[ \t]+password)[ \t]+"
            r"(?![0-9][ \t])" + _VALUE.replace("P<", "P<u") + r"[ \t]*$"
        ),
    ),
    # keys of routing protocols, NTP, IKE and wireless: key-string 7 …, ip ospf
    # message-digest-key 1 md5 …, ntp authentication-key 1 md5 … 7, crypto isakmp key … address
    (
        "device-key",
        re.compile(
            r"(?im)(?<![\w\-])(?:key-string|message-digest-key[ \t]+\d+[ \t]+md5|"
            r"authentication-key[ \t]+\d+[ \t]+(?:md5|sha1|sha256|cmac)|isakmp[ \t]+key|"
            r"pre-shared-key(?:[ \t]+ascii-text)?|wpa-psk[ \t]+(?:ascii|hex)|"
            r"authentication-key|hello-authentication-key|simple-password)[ \t]+" + _TYPE + _VALUE
        ),
    ),
    # Juniper: secret "$9$…", encrypted-password "$6$…" (a reversible or crackable form)
    (
        "device-password",
        re.compile(r"(?i)(?<![\w\-])(?:secret|encrypted-password)[ \t]+\"(?P<q>\$\d+\$[^\"\n]+)\""),
    ),
]
DEVICE_HINTS = ("snmp", "server", "password", "secret", "key", "psk")
# A group that holds the value, whichever alternative matched.
VALUE_GROUPS = ("q", "v", "jq", "jv", "bq", "bv", "uq", "uv")
DEFAULT_COMMUNITIES = frozenset({"public", "private"})


def _device_spans(text: str, lowered: str) -> Iterator[Span]:
    if not any(hint in lowered for hint in DEVICE_HINTS):
        return
    for rule, regex in DEVICE_RULES:
        for match in regex.finditer(text):
            name = next(
                (g for g in VALUE_GROUPS if g in regex.groupindex and match.group(g) is not None),
                None,
            )
            if name is None:
                continue
            value = match.group(name).rstrip(";")
            if rule == "snmp-community" and value.lower() in DEFAULT_COMMUNITIES:
                continue
            if not _credible(value) or (rule != "snmp-community" and WORDISH.fullmatch(value)):
                continue  # "tacacs-server key rotation": prose; a community may be any word
            start = match.start(name)
            yield Span(start, start + len(value), Kind.SECRET, rule)


# Commands whose output is a secret's value. Each is (regex on the command line, whether the
# line must also say the output is plain text).
FETCH_COMMANDS = re.compile(
    r"(?i)\bvault[ \t]+(?:kv[ \t]+get|read)\b[^\n]*?[ \t]-field[= ](?P<field>[\w.\-]+)"
    r"|\bbase64[ \t]+(?:-d|-D|--decode)\b"
    r"|\baws[ \t]+secretsmanager[ \t]+get-secret-value\b(?=[^\n]*SecretString)"
    r"(?=[^\n]*--output[ \t=]+text)"
    r"|\bgcloud[ \t]+secrets[ \t]+versions[ \t]+access\b"
    r"|\baz[ \t]+keyvault[ \t]+secret[ \t]+show\b(?=[^\n]*(?:-o|--output)[ \t=]+tsv)"
    r"|\bop[ \t]+read[ \t]+[\"']?op://"
    # a key or token picked out of JSON: `jq -r .private_key_id`, `jq -r '.data.token'`
    r"|\bjq[ \t]+(?:-r[ \t]+)?[\"']?\.(?:[\w]+\.)*(?P<field2>[\w]+)[\"']?(?:[ \t]+[\w./\-]+)?[ \t]*(?=\n|\||<|$)"
    # a file named for a secret printed: `cat ~/.vault_pass.txt`, `cat /run/secrets/db_password`
    r"|\bcat[ \t]+(?P<field4>[^\s|;&<>]*(?:pass|secret|token|cred|pwd)[^\s|;&<>]*)[ \t]*(?=\r?\n)"
    # a variable printed: `echo $SMS_FALLBACK_KEY`, `printenv DB_PASSWORD`
    r"|\b(?:echo[ \t]+[\"']?\$\{?|printenv[ \t]+)(?P<field3>[A-Za-z_][A-Za-z0-9_]*)\}?[\"']?[ \t]*(?=\r?\n)"
    # a Kubernetes Secret's field printed still in base64: `kubectl get secret db -o
    # jsonpath='{.data.password}'` (base64 of a password is as good as the password)
    r"|\b(?:kubectl|oc)\b[^\n|]*\bsecrets?\b[^\n|]*jsonpath=[\"']?\{\.data\.(?P<field5>[\w\-]+)\}[\"']?[ \t]*(?=\r?\n)"
)
FETCH_HINTS = (
    "vault",
    "base64",
    "secretsmanager",
    "gcloud",
    "keyvault",
    "op://",
    "jq",
    "echo",
    "printenv",
    "cat ",
    "jsonpath",
)
SECRET_FIELD = re.compile(r"(?i)pass|pwd|token|secret|key|credential|psk|auth|csrf|session|refresh")
# the decoded value of a Kubernetes Secret: `kubectl get secret … jsonpath='{.data.x}' | base64 -d`
DECODED_SECRET = re.compile(r"(?i)\bsecrets?\b|\.data\.")
PROMPT = re.compile(r"^(?:[$#%>❯]|PS[ \t]|\S+@\S+[:$#]|\[\S+@|[\w.\-]+[$#>][ \t])")
OUTPUT_VALUE = re.compile(r"[ \t]*(?P<v>[^\s{\[][^\s]{3,255})[ \t]*\r?$")


# `echo Y0Nk… | base64 -d`: the value echoed, and a secret's key before it elsewhere in the text
ECHOED = re.compile(r"\becho[ \t]+(?:-n[ \t]+)?[\"']?(?P<v>[A-Za-z0-9+/]{8,}={0,2})[\"']?[ \t]*\|")


def _echoes_a_stored_secret(text: str, start: int, end: int) -> bool:
    """The line decodes a value that the text shows elsewhere under a secret's key ("password:
    Y0Nk…" in a Secret's YAML, then `echo Y0Nk… | base64 -d`)."""
    echoed = ECHOED.search(text, start, end)
    if echoed is None:
        return False
    value = echoed.group("v")
    for found in re.finditer(re.escape(value), text):
        if found.start() == echoed.start("v"):
            continue
        key = re.search(
            r"([\w.\-]+)[\"']?[ \t]*[:=][ \t]*[\"']?$",
            text[max(0, found.start() - 60) : found.start()],
        )
        if key is not None and SECRET_FIELD.search(key.group(1)):
            return True
    return False


def _fetched_spans(text: str, lowered: str) -> Iterator[Span]:
    """The single line a secret-fetching command prints, not the prompt or the next command."""
    if not any(hint in lowered for hint in FETCH_HINTS):
        return
    for command in FETCH_COMMANDS.finditer(text):
        field = (
            command.group("field")
            or command.group("field2")
            or command.group("field3")
            or command.group("field5")
        )
        line_start = text.rfind("\n", 0, command.start()) + 1
        line_end = text.find("\n", command.end())
        if line_end < 0:
            continue
        if field in ("value", "data") and "secret" in text[command.end() : line_end]:
            field = None  # vault kv get -field=value secret/…: the path says what it is
        if field is not None and (
            not SECRET_FIELD.search(field)
            or (NOT_A_SECRET_KEY.search(field) and not CREDENTIAL_KEY_ID.search(field))
        ):
            continue  # `jq -r .private_key_id` prints half a credential; `.key_file` a path
        if command.group("field4") is not None and command.group("field4").endswith(".pub"):
            continue
        if "base64" in command.group().lower() and not (
            DECODED_SECRET.search(text, line_start, line_end)
            or _echoes_a_stored_secret(text, line_start, command.start())
        ):
            continue
        next_end = text.find("\n", line_end + 1)
        next_end = len(text) if next_end < 0 else next_end
        first = line_end + 1
        if text.startswith("#", line_start) and text.startswith("#", first):
            first += 1  # a shell session pasted as comments: "# cat ~/.vault_pass.txt"
        output = OUTPUT_VALUE.fullmatch(text, first, next_end)
        if output is None or PROMPT.match(output.group("v")):
            continue
        value = output.group("v")
        if _credible(value) and not WORDISH.fullmatch(value):
            yield Span(output.start("v"), output.end("v"), Kind.SECRET, "fetched-secret")


# A storage account key is 64 random bytes: 86 base64 characters and `==`. A SHA-512 digest has
# the same length, so the row must name a key and must not name a digest.
KEY_64_BYTES = re.compile(r"(?<![A-Za-z0-9+/=\-:])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])")
KEY_ROW_CUE = re.compile(r"(?i)\b(?:key\d?|keys|primary|secondary|full|read)\b|key[\"']?[ \t]*[:=]")
DIGEST_CUE = re.compile(
    r"(?i)sha-?512|sha384|integrity|digest|checksum|hash|fingerprint|signature|cert|public|sri"
)


def _key_table_spans(text: str) -> Iterator[Span]:
    if "==" not in text:
        return
    for match in KEY_64_BYTES.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[line_start : match.start()]
        cue = KEY_ROW_CUE
        if re.fullmatch(r"[\s#/;*\-]*", before) and line_start > 0:
            # the key alone on its line, under a line naming it ("# primary_access_key:")
            before = text[text.rfind("\n", 0, line_start - 1) + 1 : line_start]
            cue = SECRET_FIELD
        if not cue.search(before) or DIGEST_CUE.search(before):
            continue
        if _public_material(text, match.start()):
            continue
        try:
            if len(base64.b64decode(match.group(), validate=True)) != 64:
                continue
        except (ValueError, binascii.Error):
            continue
        yield Span(match.start(), match.end(), Kind.SECRET, "storage-account-key")


def _secret_pair(key: str, value: str) -> bool:
    """A listed key that names a secret (not `token_ttl`, `*_hint`) with a credible value: the
    test of every key/value printout below."""
    return bool(SECRET_FIELD.search(key)) and not NOT_A_SECRET_KEY.search(key) and _credible(value)


# redis-cli's HGETALL reply: field and value on numbered lines, `3) "csrf"` then `4) "a38…"`
REDIS_PAIR = re.compile(
    r'(?m)^[ \t]*(?P<n>\d+)\)[ \t]+"(?P<k>[^"\n]{1,60})"[ \t]*\r?\n'
    r'[ \t]*(?P<m>\d+)\)[ \t]+"(?P<v>[^"\n]{6,512})"'
)


def _redis_pair_spans(text: str) -> Iterator[Span]:
    for match in REDIS_PAIR.finditer(text) if '1) "' in text else ():
        if int(match.group("m")) != int(match.group("n")) + 1 or int(match.group("n")) % 2 == 0:
            continue
        key, value = match.group("k"), match.group("v")
        if _secret_pair(key, value):
            yield Span(match.start("v"), match.end("v"), Kind.SECRET, "redis-hash-secret")


# A key/value listing as `vault kv get`, `vault read` and `consul kv` print it: a "Key  Value"
# header, then one key a line, its value after a run of spaces ("pg_replica_password  uY3Q…").
KEY_VALUE_HEADER = re.compile(r"(?m)^[ \t]*Key[ \t]{2,}Value[ \t]*\r?$")
KEY_VALUE_ROW = re.compile(r"(?P<key>[A-Za-z0-9_.\-/]{2,80})[ \t]{2,}(?P<v>[^\s]{4,255})[ \t]*\r?$")


def _listing_spans(text: str) -> Iterator[Span]:
    """The values of a key/value listing whose key names a secret, until a blank line."""
    for header in KEY_VALUE_HEADER.finditer(text) if "Value" in text else ():
        position = header.end() + 1
        while position < len(text):
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
            if not text[position:end].strip():
                break
            row = KEY_VALUE_ROW.match(text, position, end)
            if row is not None:
                key, value = row.group("key"), row.group("v")
                if _secret_pair(key, value) and not set(value) <= set("*xX•-"):
                    yield Span(row.start("v"), row.end("v"), Kind.SECRET, "listed-secret")
            position = end + 1


# The same listing with a pipe between key and value: psql's expanded display (`\x`:
# "api_key | sk_live_…"), a Markdown table's row ("| api_key | … |").
PIPED_ROW = re.compile(
    r"(?m)^[ \t]*\|?[ \t]*(?P<key>[A-Za-z_][\w.\-]{1,60})[ \t]*\|[ \t]*[\"'`]?(?P<v>[^\s|\"'`]{4,255})"
    r"[\"'`]?[ \t]*(?:\|[ \t]*)?\r?$"
)


def _piped_listing_spans(text: str) -> Iterator[Span]:
    for row in PIPED_ROW.finditer(text) if "|" in text else ():
        key, value = row.group("key"), row.group("v")
        if _secret_pair(key, value) and (
            password_shaped(value) or _looks_random(value, min_length=12)
        ):
            yield Span(row.start("v"), row.end("v"), Kind.SECRET, "listed-secret")


# Terraform state: a `random_password` resource keeps the password it made in `result` (and
# its `bcrypt_hash`), in plain text, whatever the resource is called.
TF_RANDOM_PASSWORD = re.compile(r'"type"[ \t]*:[ \t]*"random_password"')
TF_NEXT_RESOURCE = re.compile(r'"type"[ \t]*:[ \t]*"')
TF_RESULT = re.compile(r'"(?:result|bcrypt_hash)"[ \t]*:[ \t]*"(?P<v>[^"\n]{4,512})"')


def _terraform_state_spans(text: str) -> Iterator[Span]:
    for resource in TF_RANDOM_PASSWORD.finditer(text) if "random_password" in text else ():
        following = TF_NEXT_RESOURCE.search(text, resource.end())
        end = following.start() if following else len(text)
        for value in TF_RESULT.finditer(text, resource.end(), min(end, resource.end() + 4000)):
            yield Span(value.start("v"), value.end("v"), Kind.SECRET, "terraform-state-password")


# A Kubernetes Secret manifest: its `data:` block holds base64 of secret material by definition,
# whatever each key is called ("DATABASE_URL: cG9zdGdyZXM6Ly91…", "tls.key: LS0tLS1…").
SECRET_KIND = re.compile(r"(?m)^kind:[ \t]*[\"']?Secret[\"']?[ \t]*$")
YAML_DOCUMENT_END = re.compile(r"(?m)^---[ \t]*$")
DATA_BLOCK = re.compile(r"(?m)^data:[ \t]*\r?\n(?P<block>(?:[ \t]+[^\n]*(?:\n|$))+)")
DATA_ITEM = re.compile(
    r"(?m)^[ \t]+[\"']?(?P<key>[\w.\-]+)[\"']?:[ \t]*[\"']?(?P<v>[A-Za-z0-9+/]{4,}={0,2})[\"']?[ \t]*$"
)
CREDENTIALS_IN_URL = re.compile(r"://[^/\s:@]+:[^/\s@]+@")


def _manifest_data_spans(text: str) -> Iterator[Span]:
    """The values of a Kubernetes Secret's `data:` that decode to secret material."""
    for kind in SECRET_KIND.finditer(text) if "Secret" in text else ():
        start = max((m.end() for m in YAML_DOCUMENT_END.finditer(text, 0, kind.start())), default=0)
        end_of = YAML_DOCUMENT_END.search(text, kind.end())
        end = end_of.start() if end_of else len(text)
        for block in DATA_BLOCK.finditer(text, start, end):
            for item in DATA_ITEM.finditer(text, block.start("block"), block.end("block")):
                if _secret_material(item.group("key"), item.group("v")):
                    yield Span(item.start("v"), item.end("v"), Kind.SECRET, "k8s-secret-data")


def _secret_material(key: str, value: str) -> bool:
    """A connection string with a password, a private key, or a password- or key-shaped value;
    not a user name, an id or a certificate (a Secret holds those too: `DB_USER: Y2FyZV9w…`)."""
    if value.startswith("LS0tLS1CRUdJTi"):  # "-----BEGIN": judged by its header line alone
        header = base64.b64decode(value[:64]).decode("utf-8", "replace").split("\n", 1)[0]
        return "PRIVATE" in header
    try:
        plain = base64.b64decode(value, validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return len(value) >= 24 and not NOT_A_SECRET_KEY.search(key)  # binary key material
    if CREDENTIALS_IN_URL.search(plain):
        return True
    if NOT_A_SECRET_KEY.search(key) or harmless_base64(value):
        return False
    word = plain.strip()
    return password_shaped(word) or _looks_random(word, min_length=12) or generated_secret(word)


def output_secret_spans(text: str) -> list[Span]:
    """Every secret a tool printed: device configs, fetched values, key tables, the data of a
    Kubernetes Secret."""
    lowered = text.lower()
    return [
        *_device_spans(text, lowered),
        *_fetched_spans(text, lowered),
        *_key_table_spans(text),
        *_redis_pair_spans(text),
        *_manifest_data_spans(text),
        *_listing_spans(text),
        *_piped_listing_spans(text),
        *_terraform_state_spans(text),
    ]

"""People named by the account they log in with, and by the display name of their e-mail.

A user name sits in a few fixed places of system records: a home directory (`/home/mtremblay`),
a `user:` or `username=` field of a config or a JSON log line, an LDAP `uid=`, an Apache log
("user cvlad not found", `1.2.3.4 - jdoe [`), an inventory's `ansible_user=`, the user part of a
URL, and "… by kenta.mori". The shape of the record says "account", so no names list is needed;
what stays is a service account (`postgres`, `claims_app`, `ledger-export`): a name made only of
ordinary or technical words. A display name is the name in `Ana Ruiz <ana.ruiz@…>` and in a
calendar's `CN=Ana Ruiz:mailto:…`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hindsight.quality.person_names import name_index
from hindsight.share.redact import Kind, Span
from hindsight.share.redact_identity import table_cells
from hindsight.share.redact_people import (
    HANDLER_WORDS,
    NOT_SPEAKERS,
    ROLE_WORDS,
    blocked_word,
    known_name,
    plain_word,
)
from hindsight.share.redact_records import SERVICE_ACCOUNTS

_HANDLE = r"[a-z][a-z0-9]*(?:[._\-][a-z][a-z0-9]*){0,3}"
# (a word the text must hold, lower-cased; what comes before the account name)
_BEFORE_ACCOUNT = [
    (
        "",
        r"(?i:\b(?:uid|user_?id|user))[\"']?[ \t]*[:=][ \t]*[\"']?",  # fields of configs and logs
    ),
    ("://", rf"://(?={_HANDLE}(?::[^@\s/]+)?@)"),  # https://user:password@host, sftp://user@host
    ("sudo:", rf"\bsudo:[ \t]+(?={_HANDLE}[ \t]+:)"),  # sudo:  jdoe : TTY=pts/0 ; …
    ("su ", rf"\bsu[ \t]+-l?[ \t]+(?={_HANDLE}(?:\s|$))"),  # su - rkapoor
    ("user", r"(?m:^[ \t]*User[ \t]+)"),  # ssh_config
    ("user ", rf"\buser[ \t]+(?={_HANDLE}(?::[ \t]| not found))"),  # Apache: user x not found
    (" - ", rf"(?m:^\S+[ \t]+-[ \t]+)(?={_HANDLE}[ \t]+\[)"),  # common log format
    ("by", r"\bby[ \t]+(?=[a-z]+[._][a-z]+(?![\w@:/\-]|\.\w))"),  # "override by kenta.mori"
    # "committed by lfquintero in a91f03c", "(run by cfitzgerald; …)": one word after "by"
    ("by", r"\bby[ \t]+(?=[a-z][a-z0-9]{3,}(?<!ing)(?![\w@/\-]|[.:]\w))"),
    # a router's local user: "username rduplessis privilege 15"
    (
        "username",
        rf"(?m:^[ \t]*username[ \t]+)(?={_HANDLE}[ \t]+(?:privilege|password|secret|role)\b)",
    ),
    ("(", r"\b(?:TODO|FIXME|XXX|HACK)\((?=[a-z][\w.\-]*\))"),  # TODO(nkeita): …
    # a comment's author: "# rpena: the cert is public", "# … — hsandhu 2026-05-11"
    ("#", r"(?m:^[ \t]*#[ \t]*)(?=[a-z][a-z0-9._\-]{2,30}:[ \t])"),
    (
        "#",
        r"(?m:^[ \t]*#[^\n]*?[ \t](?:—|--|–)[ \t]*)"
        r"(?=[a-z][a-z0-9._\-]{2,30}(?:[ \t]+\d{4}-\d\d-\d\d)?[ \t]*(?m:$))",
    ),
    # a command's user flag: docker login -u ana.ruiz, curl -u jdoe:…, ssh -l mtremblay
    (
        "-",
        r"(?<![\w\-])(?:-u|-l|--user(?:name)?|--login|--ssh-user|--remote-user)(?:[ \t]+|=)[\"']?",
    ),
    # "usuario rsalazar", "utilisateur mtremblay": the word for a user in other languages
    (
        "",
        r"(?i:\b(?:usuario|usuário|utilisateur|benutzer|kullanıcı|użytkownik|utente|gebruiker|"
        r"felhasználó|χρήστης)[ \t]+)",
    ),
    ("-!-", rf"-!-[ \t]+(?={_HANDLE}[ \t]+(?:\[[^\]\n]*\][ \t]+)?has[ \t]+(?:joined|quit|left))"),
    (
        "known as",
        rf"(?m:^[ \t]*(?:\[?\d{{1,2}}:\d\d(?::\d\d)?\]?[ \t]+)?\*[ \t]+)(?={_HANDLE}[ \t]+is now known as)",
    ),
]
# Places only a log-in stands in, where a name no list knows is still a person's account: a home
# directory, a shell prompt ("kvenkat@jump-blr:~$", "[lkondapalli@db-hyd-03 ~]$"), a log-in field
_BEFORE_LOGIN = [
    ("", r"(?<![\w.])/(?:home|Users)/|(?i:\\Users\\)"),  # home directories (Windows too)
    (
        "",
        r"(?i:\b(?:ansible_user|ansible_ssh_user|remote_user|user_?name|username|login|user))"
        r"[\"']?[ \t]*[:=][ \t]*[\"']?",
    ),
    (
        "@",
        rf"(?m:^[ \t]*(?:\([\w.\-]+\)[ \t]*)?\[?)"
        rf"(?={_HANDLE}@[\w.\-]+(?::|[ \t][^\n\]]*\]|[ \t]+~[\w/.\-]*[ \t]*[%$#>]))",
    ),
    # the session name of an assumed AWS role: "UserId": "AROA4XHQ…:j.devries"
    ("aroa", r"\bAROA[A-Z0-9]{12,}:"),
    # the account an authenticator app holds: otpauth://totp/NaqdPay-Ops:ayesha.siddiqui?secret=
    ("otpauth", r"\botpauth://[th]otp/(?:[^:/?\s]+(?::|%3A))?"),
    # who a Vault token belongs to: `vault token lookup` prints "display_name   ldap-dalexiou"
    ("display_name", r"\bdisplay_name[ \t]+(?:ldap|oidc|userpass|okta|github|radius|cert)-"),
    # who is logged in: `who` and `last` print the log-in first, then its terminal
    ("pts/", rf"(?m:^)(?={_HANDLE}[ \t]+pts/\d)"),
    # a log's user field named in words: "User 'rhuaman' logged in", "User <ts.bolormaa>",
    # "driver=dragan.petrovic", "operator=nsfeir", "cashier": "ngkk", "Autor: s.luedtke"
    ("user", r"\b(?i:user)[ \t]+['\"<](?=[a-z][\w.\-]*['\">])"),
    (
        "",
        r"(?i:\b(?:driver|cashier|teller|agent_?id))"
        r"[\"']?[ \t]*[:=][ \t]*[\"']?",
    ),
    # who a client logs in as: "docker login ghcr.io -u elinhafg", "mysql -u dkaur -p"
    (
        "-u",
        r"\b(?:login|mysql|mysqldump|psql|pg_dump|mongosh?|redis-cli|mariadb|sudo)\b[^\n|;&]*?"
        r"[ \t](?:-u|-U|--user(?:name)?)(?:[ \t]+|=)",
    ),
    # a log-in named in prose: "on batch-waw-02, user wmazur", "logged in as user jkowalski"
    # (the log-in test keeps out "user accounts", "user data", "user root")
    (
        "user ",
        r"(?<![\w\-])user[ \t]+"
        r"(?=[a-z][a-z0-9._\-]{2,30}?(?:[ \t]*[,;)]|\.(?!\w)|[ \t]+[a-z]|[ \t]*(?m:$)))",
    ),
    # what `whoami` prints on the next line
    ("whoami", r"\bwhoami[ \t]*\r?\n[ \t]*"),
    # who ran a command: "(run by arulmozhi from puppetmaster-maa", "-- ran by ayo during INC-3351"
    (
        " by ",
        r"(?i:\b(?:run|ran|executed|started|triggered|committed|pushed|merged|applied|"
        r"reverted|edited)[ \t]+by[ \t]+)",
    ),
    # a kubeconfig's user: "users:\n- name: riaan"
    ("users:", r"(?m:^users:[ \t]*\n-[ \t]+name:[ \t]+)"),
    # a chat export's speaker line: "jedda.walker  10:14", "khoa.tran 14:02: …"
    (".", r"(?m:^)(?=[a-z]+[._][a-z]+[ \t]+\d{1,2}:\d\d\b)"),
    # the owner column of `ls -l`: "-rw-r--r-- 1 lpanganiban wfm 2.1M Mar  4 02:10 roster.csv"
    ("", r"(?m:^[\-dlcbps][rwxsStT\-]{9}[.@+]?[ \t]+\d+[ \t]+)"),
    # the user an access log names (Common Log Format's third field):
    # "144.124.57.203 - ost22 [06/Oct/2026:09:11:58 +0100] "GET …"
    ("[", rf"(?m:^[^\s\[\]]+[ ][^\s\[\]]+[ ])(?={_HANDLE}[ ]\[\d{{1,2}}/[A-Z][a-z]{{2}}/\d{{4}}:)"),
    # the user of a git remote that carries a token: "https://limxy:ghp_…@github.com/…"
    (
        "://",
        r"\bhttps?://(?=[\w.\-]+:[^@\s/]{8,}@(?:github\.com|gitlab\.|bitbucket\.org|"
        r"dev\.azure\.com|git\.))",
    ),
]
# where only a person at a terminal stands (a shell prompt, an access log's user): any log-in
# but a system's, however short ("bao@bastion:~$", "jp@farol-ops:~$", "- ost22 [06/Oct/…")
TERMINAL_RULES = frozenset(["@", "["])
SYSTEM_LOGIN_END = re.compile(r"(?:admin|root|ops|core|deploy|user|svc|bot)\d*$")
SYSTEM_LOGINS = SERVICE_ACCOUNTS | frozenset(
    # the log-ins a distribution, a cloud image or a dev container sets up, beside the services
    [
        "almalinux", "alpine", "anonymous", "api", "app", "arch", "azureuser", "backup",
        "bitnami", "build", "cloud-user", "coder", "codespace", "core", "demo", "dev", "devops",
        "docker", "fedora", "ftp", "gitpod", "guest", "kali", "mail", "nixos", "node", "opc",
        "ops", "oracle", "pi", "prod", "rocky", "runner", "stage", "staging", "sys", "test",
        "tmp", "user", "vagrant", "vscode", "web",
    ]
)  # fmt: skip
# every user@host of an ssh, scp or rsync line, the jump host's too: "ssh -J a.b@bastion c@10.2.1.5"
REMOTE_LOGIN_LINE = re.compile(r"(?m)^[^\n]*(?<![\w\-])(?:ssh|scp|sftp|rsync|mosh)(?![\w\-])[^\n]*")
REMOTE_LOGIN = re.compile(rf"(?<![\w.\-@/])(?P<v>{_HANDLE})@[\w.\-]+(?=[:\s]|$)")
_AFTER_ACCOUNT = rf"(?P<v>{_HANDLE})(?![\w@\-]|\.\w|/(?!\.|\w))"
_AFTER_PROMPT_USER = (
    rf"(?P<v>{_HANDLE})@[\w.\-]+(?::[^\s$#%>]*|[ \t][^\n\]]*\]|[ \t]+~[\w/.\-]*)"
    r"[^\n$#%>]{0,40}[$#%>](?:[ \t]|$)"
)  # bash "user@host:~$", "[user@host ~]$"; zsh "user@host ~ %"
ACCOUNT_RULES = [
    (word, re.compile(f"(?:{before}){_AFTER_ACCOUNT}")) for word, before in _BEFORE_ACCOUNT
]
# "by" in Spanish, Portuguese, French, German, Dutch, Polish and the Nordic languages before a
# log-in: "créé par hajar.o", "merge … por jpojeda.". Prose follows these words far more often
# than English "by" ("por ejemplo", "von meinem", "door middel"), so a log-in of one word
# counts only after "por", "par" and "przez", and only initials and a surname run together.
FOREIGN_BY_DOTTED = re.compile(
    r"\b(?:por|par|von|door|przez|av|af)[ \t]+"
    r"(?P<v>[a-z][a-z0-9]*[._][a-z][a-z0-9]*)(?![\w@/\-]|[.:]\w)"
)
FOREIGN_BY_WORD = re.compile(
    r"\b(?:por|par|przez)[ \t]+(?P<v>[a-z][a-z0-9]{3,})(?![\w@/\-]|[.:]\w)"
)


# the author before a commit in a timeline: "(fherrera, commit `e4b91d07`)"
AUTHOR_BEFORE_COMMIT = re.compile(r"\((?P<v>[a-z][a-z0-9._\-]{2,30}),[ \t]*(?:commit|sha|PR|MR)\b")


def _initials_and_surname(value: str) -> bool:
    """ "jpojeda", "fherrera": initials and a surname run together, not a given name alone."""
    letters = _account_letters(value)
    return letters is not None and _joined_name(value) and name_index().first_rank(value) is None


LOGIN_RULES = [
    (word, re.compile(f"(?:{before}){_AFTER_PROMPT_USER if word == '@' else _AFTER_ACCOUNT}"))
    for word, before in _BEFORE_LOGIN
] + [
    # a home directory named with its closing slash: "ls -la /home/lpanganiban/", "cd /Users/ana/"
    ("/", re.compile(rf"(?<![\w.])/(?:home|Users)/(?P<v>{_HANDLE})/(?=[\s\"'`,;)]|$)")),
]
NOT_ACCOUNT_SUFFIX = re.compile(
    r"(?:^|[._\-])(?:svc|sa|bot|app|ro|rw|admin|user|ci|test|reader|writer|exporter|agent|"
    r"worker|daemon|sync|collector|scraper|service|monitor)\d*$"
)
SERVICE_OU = re.compile(r"(?i),ou=(?:svc|services?|system|apps?|applications?|bots?|robots?)\b")
PLACEHOLDER_ACCOUNT = re.compile(r"(?:j|john|jane)?[._\-]?doe|(?:j|john|jane)smith|user\d*|test\w*")
TLD_OR_TECH = frozenset({"com", "net", "org", "io", "internal", "local", "svc", "cluster", "dev"})

# "Ana Ruiz <ana.ruiz@example.org>", "CN=Ana Ruiz:mailto:" (iCalendar), "CN=Ana Ruiz," (LDAP)
_CAP = r"[A-ZÀ-ÞĀ-Ž][^\W\d_]+(?:['’\-][^\W\d_]+)*"
_PARTICLE = r"(?:van|von|de|der|den|da|do|dos|del|di|du|la|le|te|bin|ibn|al|el|ter)"
_DISPLAY = rf"{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_CAP}){{0,3}}"
# a person's key, then a full name: "reporter=Rangi Parata", "owner = 'Ana Ruiz'"
PERSON_KEY_NAME = re.compile(
    r"(?i:\b(?:assignee|reporter|owner|author|approver|(?:created|requested|approved|reported)_?by))"
    rf"[ \t]*=[ \t]*[\"']?(?P<v>{_CAP}(?:[ ](?:{_PARTICLE}[ ]){{0,2}}{_CAP}){{1,2}})"
)
# a JSON string that is a full name of words no dictionary knows: "customfield_1": "Ana Ruiz"
JSON_NAME = re.compile(
    rf"\"[\w.\-]{{1,40}}\"[ \t]*:[ \t]*\"(?P<v>{_CAP}(?:[ ](?:{_PARTICLE}[ ]){{0,2}}{_CAP}){{1,2}})\""
)
# a cardholder's or a sender's name in capitals as a log writes it: name="HIRA JAVED"
UPPER_KEY_NAME = re.compile(
    r"(?i:\b(?:name|card_?holder(?:_?name)?|holder_?name|sender_?name|receiver_?name|"
    r"beneficiary(?:_?name)?|customer_?name|full_?name|payer_?name|payee_?name))"
    r"[ \t]*[=:][ \t]*[\"']?(?P<v>[A-Z][A-Z'\-]+(?:[ ][A-Z][A-Z'\-]+){1,3})(?![\w])"
)
DISPLAY_NAME = re.compile(
    rf"(?<![\w\-])[\"']?(?P<v>{_DISPLAY})[\"']?[ \t]*<(?P<local>[^\s<>@]+)@[^\s<>]+>|"
    rf"\b(?i:cn)=(?P<cn>{_DISPLAY})(?=:mailto:|,(?i:ou|dc|o)=)"
)


def _account_letters(low: str) -> list[str] | None:
    """The letter parts of a lower-case log-in ("j.devries2" → j, devries), or None for a
    placeholder or service account, or one with too few letters to be a person's."""
    if PLACEHOLDER_ACCOUNT.fullmatch(low) or low in SERVICE_ACCOUNTS or low.startswith("svc"):
        return None
    if NOT_ACCOUNT_SUFFIX.search(low):
        return None
    letters = [re.sub(r"\d+$", "", p) for p in re.split(r"[._\-]", low) if p]
    if any(not p.isalpha() for p in letters) or sum(len(p) for p in letters) < 4:
        return None
    return letters


def _personal_account(value: str) -> bool:
    """A user name a person logs in with: not a service account, not only ordinary words."""
    low = value.lower()
    letters = _account_letters(low)
    if letters is None or any(p in TLD_OR_TECH for p in re.split(r"[._\-]", low)):
        return False
    index = name_index()
    if any(known_name(index, p) and not blocked_word(p) for p in letters if len(p) > 2):
        return not all(plain_word(p) or blocked_word(p) for p in letters)
    return len(letters) == 1 and _joined_name(letters[0])


# user names a vendor fixes for everybody (SendGrid's "apikey", a registry's "oauth2accesstoken")
LITERAL_LOGINS = frozenset(
    [
        "apikey",
        "api_key",
        "token",
        "oauth2",
        "oauth2accesstoken",
        "x-access-token",
        "_json_key",
        "aws",
    ]
)
SERVICE_PARTS = frozenset(
    ["ci", "cd", "svc", "sa", "bot", "app", "ops", "build", "runner", "robot", "rec", "ussd"]
)


JOINED_SERVICE_SUFFIX = re.compile(
    r"[a-z]{2,}(?:ci|cd|bot|build|builder|deploy|deployer|robot|svc|ops|sync|rec|ussd)\d*$"
)


def _two_words(word: str) -> bool:
    """Two ordinary words run together ("readonly", "datawriter")."""
    return any(plain_word(word[:cut]) and plain_word(word[cut:]) for cut in range(3, len(word) - 2))


def _login(value: str) -> bool:
    """A log-in where only a log-in stands: a person's unless it is a service account or made of
    ordinary, technical or host words ("hkgill", "mtawhiri" are people; "postgres", "ci-runner",
    "backup" are not)."""
    if _personal_account(value):
        return True
    low = value.lower()
    letters = _account_letters(low)
    if letters is None:
        return False
    if JOINED_SERVICE_SUFFIX.search(low):
        return False  # "corvidci", "naqdpaybot", "glbuild": a machine's account run together
    if low in LITERAL_LOGINS or any(p in SERVICE_ACCOUNTS or p in SERVICE_PARTS for p in letters):
        return False  # "username = apikey" (SendGrid), "ci-deployer"
    if any(_two_words(p) for p in letters):
        return False  # "readonly", "backupuser"
    return not any(
        plain_word(p) or blocked_word(p) or p in TLD_OR_TECH for p in letters if len(p) > 2
    )


def _terminal_login(value: str) -> bool:
    """A log-in at a shell prompt or in an access log: a person's unless a system's or a
    service's, even of two or three letters."""
    low = value.lower()
    if low in SYSTEM_LOGINS or low in LITERAL_LOGINS:
        return False
    if PLACEHOLDER_ACCOUNT.fullmatch(low) or NOT_ACCOUNT_SUFFIX.search(low):
        return False
    if SYSTEM_LOGIN_END.search(low):
        return False  # "gzadmin", "ta-core", "webops"
    if _login(value):
        return True
    parts = [p for p in re.split(r"[._\-\d]+", low) if p]
    if not parts or sum(len(p) for p in parts) < 2 or JOINED_SERVICE_SUFFIX.search(low):
        return False
    if any(p in SERVICE_PARTS or p in SERVICE_ACCOUNTS or p in TLD_OR_TECH for p in parts):
        return False
    return not any(
        _two_words(p) or (len(p) > 4 and (plain_word(p) or blocked_word(p))) for p in parts
    )


def _handler_login(value: str) -> bool:
    """A log-in in a who-handled-it field ("hkgill"), or a dotted one of two unknown words
    ("wiremu.tawhai"); one with a hyphen must hold a name ("ananya-iyer"), since teams are
    written so too ("owner: ai-npc")."""
    if _account_or_dotted(value):
        return True
    return _login(value) and ("-" not in value or _personal_account(value))


def _joined_name(word: str) -> bool:
    """One word made of a name: initials and a surname ("mtremblay", "cvlad"), or a given name
    and a surname run together ("ngozichukwu"); not a dictionary word ("reporting", "apikey")."""
    if plain_word(word) or blocked_word(word) or PLACEHOLDER_ACCOUNT.fullmatch(word):
        return False
    index = name_index()
    if (index.first_rank(word) or 10**6) <= 2000:
        return True  # "thabo", a given name alone
    for initials in (1, 2):
        rest = word[initials:]
        rank = index.last_rank(rest) or 10**6
        if len(rest) > 3 and rank <= 2000 and (not plain_word(rest) or rank <= 500):
            return True  # "cfitzgerald"; "hkgill", "jbaker": a common surname that is a word too
    return any(
        (index.first_rank(word[:cut]) or 10**6) <= 1000
        and (index.last_rank(word[cut:]) or 10**6) <= 2000
        for cut in range(3, len(word) - 2)
    )


def _display_name(name: str, local: str | None) -> bool:
    words = name.split()
    if any(w.lower() in ROLE_WORDS or blocked_word(w) for w in words):
        return False
    if local is not None:
        folded = re.sub(r"[^a-z]", "", local.lower())
        if any(len(w) > 2 and w.lower() in folded for w in words):
            return True  # "Aroha Te Whare <aroha.tewhare@…>"
    index = name_index()
    return len(words) > 1 and any(known_name(index, w) for w in words)


def _full_name_value(value: str) -> bool:
    """Every word a name or a word no dictionary, product list or place list knows, and a
    given name or an unknown word first: "Keala Kahale", not "Grafana Loki" or "In Progress"."""
    index = name_index()
    words = [w for w in value.split() if not w.islower()]
    if any(blocked_word(w) or w.lower() in ROLE_WORDS for w in words):
        return False
    return all((not plain_word(w)) or known_name(index, w) for w in words) and not plain_word(
        words[0]
    )


def _account_or_dotted(value: str) -> bool:
    """An account field's value: a known name in it, or a dotted log-in of two words no
    dictionary knows ("owner: wiremu.tawhai")."""
    if _personal_account(value):
        return True
    parts = value.lower().split(".")
    return (
        len(parts) == 2
        and all(p.isalpha() for p in parts)
        and (len(parts[0]) >= 3 or len(parts[0]) == 1)  # "wiremu.tawhai", "g.batmunkh"
        and len(parts[1]) >= (4 if len(parts[0]) == 1 else 3)
        and not any(
            plain_word(p) or blocked_word(p) or p in SERVICE_PARTS for p in parts if len(p) > 1
        )
        and not any(p in TLD_OR_TECH or p in SERVICE_ACCOUNTS for p in parts)
    )


def account_spans(text: str) -> Iterator[Span]:
    """Every account name and e-mail display name of a person in `text`."""
    handles: set[str] = set()
    words: set[str] = set()
    lower = text.lower()
    matches = [
        (m, _account_or_dotted)
        for word, rule in ACCOUNT_RULES
        if word in lower
        for m in rule.finditer(text)
    ]
    matches += [
        (m, _terminal_login if word in TERMINAL_RULES else _login)
        for word, rule in LOGIN_RULES
        if word in lower
        for m in rule.finditer(text)
    ]
    matches += [(m, _account_or_dotted) for m in FOREIGN_BY_DOTTED.finditer(text)]
    matches += [(m, _initials_and_surname) for m in FOREIGN_BY_WORD.finditer(text)]
    matches += [(m, _login) for m in AUTHOR_BEFORE_COMMIT.finditer(text)]
    # who handled it, named in a field: "Assignee: jtremblay", "Спостерігачі: a.b, c.d"
    for field in PERSON_FIELD.finditer(text) if ":" in text or "=" in text else ():
        items = FIELD_ITEM.finditer(text, field.start("v"), field.end("v"))
        matches += [(m, _handler_login) for m in items]
    # every account an ssh, scp or rsync line logs in as, the jump host's too:
    # "scp f.csv mfocampo@172.20.8.12:", "ssh -J a.b@bastion c@10.2.1.5"
    for line in REMOTE_LOGIN_LINE.finditer(text) if "@" in text else ():
        matches += [(m, _login) for m in REMOTE_LOGIN.finditer(text, line.start(), line.end())]
    for match, personal in matches:
        value = match.group("v")
        if SERVICE_OU.match(text, match.end("v")):
            continue  # uid=grafana,ou=services
        if personal(value):
            yield Span(
                match.start("v"), match.end("v"), Kind.PERSON, "account", value.lower(), 0.85
            )
            if re.search(r"[._\-]", value):
                handles.add(value)
            elif personal in (_login, _handler_login) and LOGIN_SHAPE.fullmatch(value):
                words.add(value)
    # "wei.lin.tan" found as a `user:` is him too as `- name: wei.lin.tan`; a log-in of one word
    # ("/home/lpanganiban/") is him as the owner in `ls -l`, though not as a part of a path
    for found, path_too in ((handles, True), (words, False)):
        if not found:
            continue
        alternatives = "|".join(re.escape(h) for h in sorted(found, key=len, reverse=True))
        edge = r"[\w@.\-]" if path_too else r"[\w@./\-]"
        after = r"[\w@\-]" if path_too else r"[\w@/\-]"
        for match in re.finditer(rf"(?<!{edge})(?:{alternatives})(?!{after}|\.\w)", text):
            yield Span(match.start(), match.end(), Kind.PERSON, "account", match.group(), 0.8)
    keyed = (
        [*JSON_NAME.finditer(text), *PERSON_KEY_NAME.finditer(text)]
        if '"' in text or "=" in text
        else []
    )
    if "=" in text:
        for match in UPPER_KEY_NAME.finditer(text):
            if _full_name_value(match.group("v").title()):
                yield Span(
                    match.start("v"),
                    match.end("v"),
                    Kind.PERSON,
                    "key-name-upper",
                    match.group("v").lower(),
                    0.8,
                )
    for match in keyed:
        if _full_name_value(match.group("v")):
            yield Span(
                match.start("v"),
                match.end("v"),
                Kind.PERSON,
                "json-name",
                match.group("v").lower(),
                0.8,
            )
    for match in DISPLAY_NAME.finditer(text) if "<" in text or "cn=" in lower else ():
        group = "v" if match.group("v") is not None else "cn"
        name = match.group(group)
        if _display_name(name, match.group("local")):
            yield Span(
                match.start(group),
                match.end(group),
                Kind.PERSON,
                "display-name",
                name.lower(),
                0.85,
            )


# "blame says t.nguyen", "# lassi.korhonen's personal token", "scp x serkan.ozturk@10.1.2.3:~":
# a given name (or an initial) and a surname joined by a dot, standing alone, not a host, a key
# or a path
DOTTED_NAME = re.compile(
    r"(?<![\w@.\-/:=])(?P<v>(?P<first>[a-z](?:[a-z]{2,19})?)\.(?P<last>[a-z]{4,25}))"
    r"(?![\w\-(]|\.\w|@[a-z]|[ \t]*[:=][ \t\n])"
)
# an action item's owner at the start of a checklist line: "- [ ] burak: …", "- [x] mert's …"
CHECKLIST_OWNER = re.compile(r"(?m)^[ \t]*[-*][ \t]+\[[ xX]\][ \t]+(?P<v>[a-z]{3,20})(?=:|'s\b)")


FILE_TYPES = frozenset(
    ["yaml", "json", "conf", "toml", "html", "lock", "java", "class", "jsonl", "properties",
     "service", "socket", "timer", "mount", "crt", "pem", "tfvars", "tfstate", "gradle", "swift",
     "kotlin", "scala", "proto", "parquet", "backup", "bak", "orig", "sqlite", "dump"]
)  # fmt: skip


def _dotted_name(first: str, last: str) -> bool:
    index = name_index()
    if plain_word(last) or blocked_word(last) or last in TLD_OR_TECH:
        return False
    surname = (index.last_rank(last) or 10**6) <= (500 if len(first) == 1 else 3000)
    given = len(first) == 1 or (
        (index.first_rank(first) or 10**6) <= 1000 and not blocked_word(first)
    )
    if given and not surname and len(first) > 2 and not plain_word(first):
        # "pieter.vdmerwe": a common given name, then a surname no list knows (not a word, a
        # file type or a host's part)
        rank = index.first_rank(first) or 10**6
        return rank <= 500 and len(last) >= 5 and not _two_words(last) and last not in FILE_TYPES
    return surname and given


# a player's or member's chosen name: "in-game name AyseNurWarlock", "gamertag: xXKostasXx", and
# the people of a JSON list named for them: "party":["xXKostasXx","nefeli_plays"]
NICKNAME = re.compile(
    r"(?i:\b(?:in-game[ \t]+name|ign|gamer[ \t]?tag|nick(?:name)?|screen[ \t]+name|player[ \t]+name|"
    r"apodo|apelido|kullanıcı[ \t]+adı|oyun[ \t]+içi[ \t]+ad[ıi]?|pseudo)\b)[ \t]*(?:is|was|:|=)?[ \t]*"
    r"[\"'`]?(?P<v>[A-Za-z][\w.\-]{2,30}[A-Za-z0-9_])(?![\w\-])"
)
PEOPLE_LIST = re.compile(
    r"(?i)[\"'](?:party|friends|members|players|squad|participants|teammates|attendees|"
    r"invitees|followers|blocked_users)[\"'][ \t]*:[ \t]*\[(?P<list>[^\]\n]{1,400})\]"
)
QUOTED_ITEM = re.compile(r"[\"'](?P<v>[A-Za-z][\w.\-]{2,30}[A-Za-z0-9_])[\"']")


def _chosen_name(value: str) -> bool:
    """A handle a person chose: not one ordinary or technical word."""
    low = value.lower()
    if low in SERVICE_ACCOUNTS or NOT_ACCOUNT_SUFFIX.search(low):
        return False
    shaped = bool(re.search(r"[\d_.\-]|[a-z][A-Z]", value))
    return shaped or not (plain_word(low) or blocked_word(low))


def chosen_names(text: str) -> Iterator[Span]:
    for match in NICKNAME.finditer(text):
        if _chosen_name(match.group("v")):
            yield Span(match.start("v"), match.end("v"), Kind.PERSON, "nickname", match["v"], 0.8)
    for listed in PEOPLE_LIST.finditer(text) if "[" in text else ():
        for item in QUOTED_ITEM.finditer(text, listed.start("list"), listed.end("list")):
            if _chosen_name(item.group("v")):
                yield Span(item.start("v"), item.end("v"), Kind.PERSON, "nickname", item["v"], 0.8)


# a ticket's or a record's field naming the person who handled it, in several languages:
# "Aberto por: gsilveira", "Responsável: fcosta", "Виконавець: b.tkachuk", "Wakala: m.said",
# "Assigné à : jtremblay", "DEPLOYER: ananya-iyer", "Спостерігачі: o.hnatiuk, n.beridze"
PERSON_FIELD = re.compile(
    rf"(?i)(?<![\w\-])(?:{HANDLER_WORDS}|account[ _]name)"
    r"[\"']?[ \t]*[:=][ \t]*[\"']?"
    r"(?-i:(?P<v>[a-z][\w.\-]*[a-z0-9](?:[ \t]*,[ \t]*[a-z][\w.\-]*[a-z0-9])*))(?![\w@])"
)
FIELD_ITEM = re.compile(r"(?P<v>[^,\s]+)")
# `git blame`: "4e1a90c (vtavares   2026-03-13 18:41:09 -0300 12)   lockTtlMs: 800"
GIT_BLAME = re.compile(
    r"(?m)^\^?[0-9a-f]{7,40}[ \t]+(?:[\w./\-]+[ \t]+)?\((?P<v>[^\n()]{2,40}?)[ \t]+"
    r"\d{4}-\d\d-\d\d[ \t]"
)
# a column of a table whose header names who handled a row: "analista", "verified_by", "login"
LOGIN_COLUMN = re.compile(
    rf"(?i)(?:\w+[_ ])?(?:login|username|user_?name|user|uid|handle|who|by|{HANDLER_WORDS})"
)


def _handled_by(text: str) -> Iterator[Span]:
    """Accounts in `git blame` lines and login columns."""
    for match in GIT_BLAME.finditer(text) if "(" in text else ():
        who = match.group("v").strip()
        if (who.islower() and _login(who)) or (not who.islower() and _full_name_value(who)):
            start = match.start("v")
            yield Span(start, start + len(who), Kind.PERSON, "account", who.lower(), 0.8)
    for start, value in table_cells(text, LOGIN_COLUMN):
        if re.fullmatch(_HANDLE, value) and (_personal_account(value) or _joined_name(value)):
            yield Span(start, start + len(value), Kind.PERSON, "account", value, 0.8)


# a machine named after its owner: "kwame-mbp", "mac-jihoon", "anas-macbook-pro", "lt-dkaur"
_DEVICE = r"(?:mbp|mba|macbook|imac|mac|laptop|lt|pc|desktop|ws|wks|nb|thinkpad|surface)"
DEVICE_HOST = re.compile(
    rf"(?i)(?<![\w.\-]){_DEVICE}-(?P<a>[a-z]{{3,20}})(?![\w\-])"
    rf"|(?<![\w.\-])(?P<b>[a-z]{{3,20}}?)s?-{_DEVICE}(?:-(?:pro|air|\d+))?(?![\w\-])"
)


_DEVICE_WORDS = frozenset(["mini", "pro", "air", "book", "studio", "max", "ultra", "plus", "win"])


def _owner_name(word: str) -> bool:
    low = word.lower()
    if (
        low in _DEVICE_WORDS
        or plain_word(low)
        or blocked_word(low)
        or low in TLD_OR_TECH
        or low in SERVICE_PARTS
    ):
        return False
    return (name_index().first_rank(low) or 10**6) <= 2000 or _joined_name(low)


def device_owners(text: str) -> Iterator[Span]:
    """The owner's name in a laptop's host name ("jihoon@mac-jihoon ~ %")."""
    for match in DEVICE_HOST.finditer(text) if "-" in text else ():
        group = "a" if match.group("a") else "b"
        if _owner_name(match.group(group)):
            yield Span(
                match.start(group),
                match.end(group),
                Kind.PERSON,
                "device-owner",
                match[group],
                0.75,
            )


def name_shaped_handles(text: str) -> Iterator[Span]:
    """Dotted first.last handles and checklist owners named by a given name (see above)."""
    for match in DOTTED_NAME.finditer(text) if "." in text else ():
        if _dotted_name(match.group("first"), match.group("last")):
            yield Span(match.start("v"), match.end("v"), Kind.PERSON, "account", match["v"], 0.8)
    for match in CHECKLIST_OWNER.finditer(text) if "[" in text else ():
        word = match.group("v")
        rank = name_index().first_rank(word)
        if rank is not None and rank <= 500 and not plain_word(word) and not blocked_word(word):
            yield Span(match.start("v"), match.end("v"), Kind.PERSON, "account", word, 0.8)
    yield from chosen_names(text)
    yield from device_owners(text)
    yield from _handled_by(text)


HANDLE_SHAPE = re.compile(r"[a-z][a-z0-9]*(?:[._][a-z0-9]+)+")
# a log-in found in an auth log or command ("Accepted password for mkipchumba") is a handle
# wherever else it stands, dotted or not
LOGIN_SHAPE = re.compile(r"[a-z][a-z0-9\-]{3,30}")


def _personal_login(text: str, login: Span) -> bool:
    """A log-in worth following through the text: not a guess in a brute-force run ("Invalid
    user uucp"), not a daemon's own name that also heads log lines ("sshd[24460]:")."""
    value = text[login.start : login.end]
    if login.rule != "login" or not LOGIN_SHAPE.fullmatch(value):
        return False
    if re.search(r"(?i)invalid\s+user\s+$", text[max(0, login.start - 16) : login.start]):
        return False
    return re.search(rf"(?<![\w\-]){re.escape(value)}\[\d", text) is None


def repeated_handles(text: str, people: list[Span]) -> Iterator[Span]:
    """Every other occurrence of a user handle found once ("tanvir_h" as a chat speaker is him
    in "-!- tanvir_h has joined" too)."""
    handles = {
        text[p.start : p.end]
        for p in people
        if HANDLE_SHAPE.fullmatch(text[p.start : p.end]) or _personal_login(text, p)
    }
    if not handles:
        return
    alternatives = "|".join(re.escape(h) for h in sorted(handles, key=len, reverse=True))
    for match in re.finditer(rf"(?<![\w@.\-])(?:{alternatives})(?![\w@\-]|\.\w)", text):
        yield Span(match.start(), match.end(), Kind.PERSON, "same-handle", match.group(), 0.8)


# an untimed chat paste in lower case: "bronwyn: claims failing since 10:00" / "callum: is it
# the cert?"; the speaker is a given name or a log-in, the line is prose
LOWER_SPEAKER = re.compile(
    r"(?m)^[ \t]*@?(?P<v>(?![A-Z])[^\W\d_][\w.\-]{1,30}[^\W_])"
    r"(?:[ \t]{1,4}\d{1,2}:\d\d(?::\d\d)?)?:?[ \t]+(?P<said>[^\n]+)"
)


def _said(line: str) -> bool:
    """What a person types: three or more words, not a value ("nginx:1.25", "true")."""
    return len(re.findall(r"[^\W\d_]{2,}", line)) >= 3 and not line.lstrip().startswith(("{", "["))


def _spoken(match: re.Match[str]) -> bool:
    """A chat line's speaker ends with a colon, or with the time it spoke ("otieno  10:03  …")."""
    head = match.group()[: match.start("said") - match.start()]
    return head.rstrip().endswith(":") or bool(re.search(r"\d:\d\d[ \t]", head))


def _lower_speaker(who: str) -> bool:
    if who in SERVICE_ACCOUNTS or NOT_ACCOUNT_SUFFIX.search(who) or "-" in who:
        return False
    if re.search(r"[._]", who):
        parts = [p for p in re.split(r"[._]", who) if len(p) > 2]
        plain = any(plain_word(p) or blocked_word(p) for p in parts)
        return _login(who) and not plain
    index = name_index()
    if plain_word(who) or blocked_word(who) or who in TLD_OR_TECH:
        return False
    return (index.first_rank(who) or 10**6) <= 2000 or _joined_name(who)


# a part of a word that names a machine speaking, not a person: "alertbot", "deploy-notifier"
MACHINE_PART = re.compile(
    r"bot|alert|hook|monitor|notif|daemon|svc|deploy|cron|status|system|sync|relay|runner|pager"
    r"|watch|probe|scheduler|pipeline|build|backup|report"
)


def _another_speaker(who: str) -> bool:
    """A speaker in a chat whose other speakers are people: anyone but a bot, a service
    account, a tool or a label word ("note", "impact"); a word of the language only when it is
    also a common given name ("jarrah", "grace")."""
    if who in SERVICE_ACCOUNTS or NOT_ACCOUNT_SUFFIX.search(who) or NOT_SPEAKERS.fullmatch(who):
        return False
    if blocked_word(who) or who in TLD_OR_TECH or len(who) < 3 or MACHINE_PART.search(who):
        return False
    if re.search(r"[._]", who):
        return _login(who)
    if "-" in who:
        return False
    return not plain_word(who) or (name_index().first_rank(who) or 10**6) <= 2000


def lowercase_speakers(text: str) -> Iterator[Span]:
    """The speakers of a lower-case chat paste of three lines or more with two people or more,
    and the same names where the chat mentions them ("harpreet is the cert …", "jarrah's notes")."""
    lines = [
        m
        for m in LOWER_SPEAKER.finditer(text)
        if m.group("v").islower() and _said(m.group("said")) and _spoken(m)
    ]
    if len(lines) < 3:
        return
    people = {m.group("v") for m in lines if _lower_speaker(m.group("v"))}
    if len(people) < 2:
        return
    # once two speakers are people, the chat's other speakers are too, whatever list knows them
    # ("jarrah", "kiprotich"): a speaker is a slot, like a column, not a word to look up
    people |= {m.group("v") for m in lines if _another_speaker(m.group("v"))}
    for match in lines:
        if match.group("v") in people:
            yield Span(
                match.start("v"), match.end("v"), Kind.PERSON, "chat-speaker", match["v"], 0.8
            )
    alternatives = "|".join(re.escape(p) for p in sorted(people, key=len, reverse=True))
    mention = re.compile(rf"(?<![\w@./\-])(?i:{alternatives})(?![\w@\-]|\.\w|:[ \t])")
    for match in mention.finditer(text):
        yield Span(
            match.start(), match.end(), Kind.PERSON, "same-handle", match.group().lower(), 0.75
        )

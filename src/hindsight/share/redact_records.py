"""People named by the shape of a record rather than by prose: fields whose key says "a
person's name" (`holder="…"`, `customer_name=…`, a `first_name,last_name` CSV column), airline
names (`SCHNEIDER/KLAUS`), log-ins in auth and CI logs (`Accepted publickey for ekowalczyk`,
`Started by GitHub push by oyelaran-m`), labelled header lines (`From: …`, `Attendees: …`,
`고객명: …`), chat speakers of more than one word (`[20:41:15] Wanjiku Mwangi: …`), and a name
written again in another script beside one already found (`Abdullah Al-Qahtani / عبدالله …`).

These shapes say "person" whatever the name is, so no names list is needed: that is what lets
them catch names no dictionary knows (Kiprono, Oyelaran, 김민준).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from hindsight.quality.person_names import name_index
from hindsight.share.redact import Kind, Span
from hindsight.share.redact_people import (
    ARABIC,
    ETHIOPIC,
    NOT_SPEAKERS,
    PARTICLES,
    ROLE_WORDS,
    blocked_word,
    known_name,
    plain_word,
)

_NAME_WORD = r"[^\W\d_][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*"
# key=value / key: value fields that hold a person's name
PERSON_KEY = (
    r"(?:(?:customer|client|card|pax|passenger|patient|contact|display|full|first|"
    r"last|given|family|middle|holder|cardholder|account_holder|beneficiary|payee|driver|"
    r"recipient|sender|owner|employee|member|guest|traveller|traveler|sur)[_\-]?name|"
    r"holder|cardholder|account_holder|beneficiary|surname|payee|passenger|"
    r"name_?on_?card|card_?holder_?name|embossed_?name|"
    # a prefixed key ("p_firstname"), FHIR's HumanName parts, Lithuanian name keys
    r"[a-z]{1,3}_(?:first|last)_?name|vardas|pavard[eė])"
)
PERSON_FIELD = re.compile(
    rf"(?i)(?<![\w.\-])[\"']?{PERSON_KEY}[\"']?\s*[=:]\s*(?:\"(?P<dq>[^\"\n]{{2,60}})\"|"
    rf"'(?P<sq>[^'\n]{{2,60}})'|(?P<bare>{_NAME_WORD}(?:/{_NAME_WORD})?"
    # surname, given name: "beneficiary=Schmidt, Anna", not "holder=bob, priority=high"
    r"(?-i:,[ ][A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž]+(?:[ \-][A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž]+)?(?![\w=:\-@.]))?))"
)
# airline passenger names SURNAME/GIVEN (PNR, APIS, boarding passes), after name= or a pax cue
AIRLINE_NAME = re.compile(
    r"(?i:\bname|\bpax|\bpassenger|\bnm)[=:\s]\s*(?P<v>[A-Z][A-Z'\-]+/[A-Z][A-Z'\- ]*?[A-Z])"
    r"(?:\s+(?:MR|MRS|MS|MSTR|MISS))?(?![A-Z/])"
)
CSV_NAME_COLUMN = re.compile(
    r"(?i)^(?:first|last|given|family|full|customer|middle|sur|display|holder|contact)?[_ \-]?"
    r"(?:name|surname)$"
)
# log-ins in auth and CI logs
LOGIN = re.compile(
    r"(?:(?:Accepted|Failed)\s+(?:publickey|password|keyboard-interactive\S*)\s+for\s+"
    r"(?:invalid\s+user\s+)?|session\s+opened\s+for\s+user\s+|Invalid\s+user\s+|"
    r"Started\s+by\s+(?:GitHub\s+push\s+by|user|upstream\s+project\s+\S+\s+by)\s+|"
    r"(?:disabled|enabled|approved|deleted|changed|updated|created|triggered|merged)\s+by\s+)"
    r"(?P<v>[a-z][a-z0-9._\-]{2,30}[a-z0-9])(?![\w@.\-])"
)
HYPHENATED_WORD = re.compile(r"(?:e|re|co|pre|non|self|x)-[a-z]{3,}")
SERVICE_ACCOUNTS = frozenset(
    [
        "root",
        "admin",
        "administrator",
        "ubuntu",
        "ec2-user",
        "centos",
        "debian",
        "git",
        "deploy",
        "deployer",
        "jenkins",
        "ci",
        "postgres",
        "mysql",
        "nobody",
        "daemon",
        "www-data",
        "nginx",
        "system",
        "cron",
        "bot",
        "automation",
        "terraform",
        "ansible",
        "github",
        "gitlab",
        "renovate",
        "dependabot",
        "svc",
        "service",
    ]
)
# header labels that introduce people: "From: X   To: Y", "Attendees: A, B and C"
PEOPLE_LABEL = re.compile(
    r"(?im)(?:^|[\s·|])(?:from|to|cc|outgoing|incoming|attendees|participants|present|"
    r"customer|cliente|klient|klientka|kunde|kundin|client|caller|reporter|assignee|"
    r"handled\s+by|on-?call|ic|scribe|name|patient|contact|owner|author|bcc|agent|engineer|"
    r"(?:reported|requested|approved|signed\s+off|escalated)\s+by|nombre|nome|nom|naam|"
    r"ansprechpartner|kontakt|imię\s+i\s+nazwisko|ad\s+soyad|titular|passageiro|"
    # who asked, who committed, who went out, who the letter is for
    r"requester|requestor|committer|tech|technician|attn|solicitante|"
    r"contact\s+person|responsable(?:\s+del?\s+\w+)?|"
    # round 25: who reviewed, approved or supervises
    r"reviewers?|approvers?|supervisor)"
    r"(?:[ \t]*:|[ \t]*\.{3,})[ \t]*"  # "Full name ............ Sione Fifita": a dotted leader
)
_CAP_NAME = r"[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž][^\W\d_]*(?:['’\-][^\W\d_]+)*"  # Ana, DeShawn; not UTC
_PARTICLE = r"(?:van|von|de|der|den|da|do|dos|das|del|di|du|la|le|bin|binti|binte|ibn|al|el|ter)"
FULL_NAME = re.compile(rf"{_CAP_NAME}(?: (?:{_PARTICLE} ){{0,2}}{_CAP_NAME}){{1,3}}(?![\w@.])")
# chat speakers of two to four words after a time stamp: "[2026-02-12 20:41:15] Wanjiku Mwangi:"
CHAT_FULL_NAME = re.compile(
    r"(?m)^[ \t]*(?:\[[^\]\n]{0,20}\d:\d\d[^\]\n]{0,12}\]|(?:\d{4}-\d\d-\d\d[ T])?\d{1,2}:\d\d"
    rf"(?::\d\d)?)[ \t]+(?P<v>{_CAP_NAME}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_CAP_NAME}){{1,3}}):"
)
# a speaker or author named in parentheses before a colon: "Internal note (Kyle): …"
PAREN_SPEAKER = re.compile(rf"\((?P<v>{_CAP_NAME}(?:[ \t]+{_CAP_NAME})?)\)[ \t]*:")
# names in scripts without case, after a label: "고객명: 김민준", "상담원 메모(박서연)", "氏名: 山田太郎"
LABELLED_SCRIPT_NAME = re.compile(
    r"(?:고객명|이름|성명|담당자|상담원(?:\s*메모)?|氏名|名前|担当者?|姓名|客户|联系人|司机|乘客|"
    r"driver|passenger|customer)[ \t]*[:：(（][ \t]*(?P<v>[가-힣]{2,4}|[\u4e00-\u9fff]{2,4})"
    r"(?![가-힣\u4e00-\u9fff])"
)
# another script right after or before a name in Latin letters: "… / عبدالله القحطاني", "王伟 (…)"
_OTHER_SCRIPT = r"[^\x00-\u024f\s\d()/,.;:]"
ALIAS_AFTER = re.compile(
    rf"[ \t]*(?:/|\()[ \t]*(?P<v>{_OTHER_SCRIPT}+(?:[ \t]+{_OTHER_SCRIPT}+){{0,3}})[ \t]*\)?"
)
ALIAS_BEFORE = re.compile(rf"(?P<v>{_OTHER_SCRIPT}{{2,12}})[ \t]*\([ \t]*$")
# a title before a surname with particles: "meneer van den Berg", "Herr von Stein"
TITLED_PARTICLE_NAME = re.compile(
    rf"(?i:\b(?:meneer|mevrouw|dhr\.?|mevr\.?|herr|herrn|frau|mr\.?|mrs\.?|ms\.?|dr\.?|"
    rf"monsieur|madame|señor|señora|sr\.?|sra\.?))[ \t]+(?P<v>(?:{_PARTICLE} ){{1,2}}{_CAP_NAME})"
)
NOT_NAMES = re.compile(
    r"(?i)^(?:n/?a|none|null|unknown|test|redacted|\[.*\]|<.*>|\$\{.*|\{\{.*|\*+|x+|"
    r"(?:test|sample|demo|dummy|card|john|jane)[ _\-](?:card|user|holder|customer|doe|name|payee"
    r"|payer|patient|member|account|person))$"
)


def name_like(value: str) -> bool:
    """Words that could all be a name: none a stop word, product or place, and a plain English
    word only when some country uses it as a name ("Young", "Rose")."""
    index = name_index()
    words = [w for w in value.split() if w.lower() not in PARTICLES]
    if (
        not words
        or blocked_word(words[0])
        or (plain_word(words[0]) and not known_name(index, words[0]))
    ):
        return False
    # later words may be surnames that are also words or products (Sarah Jenkins, Ada Young)
    return all(known_name(index, w) or not (blocked_word(w) or plain_word(w)) for w in words[1:])


def _span(start: int, value: str, rule: str, confidence: float = 0.9) -> Span:
    return Span(start, start + len(value), Kind.PERSON, rule, value.lower(), confidence=confidence)


# a bare "name" key holding a full name: {"name": "Jane Doe", …}, name=Jane Doe
NAME_KEY_FULL_NAME = re.compile(
    rf"(?i:[\"']?\bname[\"']?)[ \t]*[:=][ \t]*[\"']?(?P<v>(?:[A-Z]\.[ ]?){{0,3}}{FULL_NAME.pattern})"
)


# FHIR's HumanName: "family": "Baxter" (its "given" list is read as names in prose)
FHIR_FAMILY = re.compile(r"\"family\"[ \t]*:[ \t]*\"(?P<v>[A-ZÀ-ÞĀ-Ž][^\"\n\d]{1,40})\"")
# ... or in capitals, as card payloads and bank files print it: {"name": "NORMA B QUIROGA"}
NAME_KEY_CAPS = re.compile(
    r"(?i:[\"']?\b(?:name|full_?name|holder_?name)[\"']?)[ \t]*[:=][ \t]*[\"']"
    r"(?P<v>[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž'’\-]+(?:[ ][A-Z]\.?)?(?:[ ][A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž'’\-]+){1,2})[\"']"
)


def _fields(text: str) -> Iterator[Span]:
    for match in PERSON_FIELD.finditer(text):
        group = next(g for g in ("dq", "sq", "bare") if match.group(g) is not None)
        value = match.group(group).strip()
        if group == "bare" and ", " in value and not name_like(value.split(", ", 1)[1]):
            value = value.split(",", 1)[0]  # "holder=Schmidt, Status …": the given name is none
        if re.search(r"[^\W\d_]", value) and not NOT_NAMES.match(value):
            yield _span(match.start(group), value, "person-field")
    for match in NAME_KEY_FULL_NAME.finditer(text):
        if name_like(match.group("v")):
            yield _span(match.start("v"), match.group("v"), "person-field")
    for match in FHIR_FAMILY.finditer(text) if '"given"' in text else ():
        yield _span(match.start("v"), match.group("v"), "person-field")
    for match in NAME_KEY_CAPS.finditer(text):
        words = [w for w in match.group("v").split() if len(w.rstrip(".")) > 1]
        if name_like(" ".join(w.title() for w in words)):
            yield _span(match.start("v"), match.group("v"), "person-field")
    for match in AIRLINE_NAME.finditer(text):
        yield _span(match.start("v"), match.group("v"), "airline-name")


def _csv_columns(text: str) -> Iterator[Span]:
    """Values of name columns in comma-separated rows under a header line."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    columns: list[int] = []
    width = 0
    for number, line in enumerate(lines):
        cells = line.split(",")
        if len(cells) >= 3 and any(CSV_NAME_COLUMN.match(c.strip()) for c in cells):
            columns = [i for i, c in enumerate(cells) if CSV_NAME_COLUMN.match(c.strip())]
            width = len(cells)
            continue
        if not columns or len(cells) < width:
            columns = [] if len(cells) < 2 else columns
            continue
        row = next(csv.reader([line]))
        position = offsets[number]
        for index in columns:
            if index < len(row):
                value = row[index].strip()
                at = line.find(value, sum(len(c) + 1 for c in cells[:index]))
                if value and at >= 0 and re.search(r"[^\W\d_]", value):
                    yield _span(position + at, value, "person-column")


def _logins(text: str) -> Iterator[Span]:
    for match in LOGIN.finditer(text):
        value = match.group("v")
        if value in SERVICE_ACCOUNTS or value.startswith(("svc", "sa-", "system")):
            continue
        if value.isalpha() and (plain_word(value) or blocked_word(value)):
            continue  # "disabled by changes", "triggered by human error"
        if HYPHENATED_WORD.fullmatch(value) and plain_word(value.split("-", 1)[1]):
            continue  # "merged by e-mail only", "triggered by re-run": a word, not a log-in
        yield _span(match.start("v"), value, "login", 0.85)


def _labelled(text: str) -> Iterator[Span]:
    for label in PEOPLE_LABEL.finditer(text):
        line_end = text.find("\n", label.end())
        line_end = len(text) if line_end < 0 else line_end
        position = label.end()
        while position < line_end:
            match = FULL_NAME.match(text, position, line_end)
            if match is None:
                break
            if name_like(match.group()):
                yield _span(match.start(), match.group(), "labelled-name", 0.8)
            gap = re.match(
                r"[ \t]*(?:,|and|&|·|;)[ \t]*(?:and[ \t]+)?", text[match.end() : line_end]
            )
            if gap is None or not gap.group():
                break
            position = match.end() + gap.end()


# The speaker slot of a chat app's export, whatever the name: WhatsApp ("20/08/2026 08:05 - Koto
# Tsiry: …", "[14/03/2025 07:51] Sreypov 🌸: …"), a Telegram desktop export ("Bat-Ochir S.,
# [12.03.2026 09:33]" on a line of its own), a Slack or Teams copy ("Tāne Te Whata 8:43 AM" on a
# line of its own, the message below) and a time-first line with a nickname ("10:02 Nattapong
# (Nat): …"). The export writes a contact's name there, so it needs no names list.
_STAMP_DATE = r"\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?,?[ \t]+"
_STAMP_TIME = r"\d{1,2}:\d\d(?::\d\d)?(?:[ \t]?[AaPp]\.?[ \t]?[Mm]\.?)?"
DATED_CHAT_SPEAKER = re.compile(
    rf"(?m)^[ \t]*(?:\[{_STAMP_DATE}{_STAMP_TIME}\][ \t]*(?:[-–][ \t]*)?|{_STAMP_DATE}{_STAMP_TIME}"
    r"[ \t]+[-–][ \t]+)(?P<v>[^\n:\[\]<>]{1,48}?)[ \t]*:[ \t]"
)
TIMED_CHAT_SPEAKER = re.compile(
    rf"(?m)^[ \t]*\[?{_STAMP_TIME}\]?[ \t]+(?P<v>[^\W\d_][^\n:\[\]<>()]{{0,40}}?)[ \t]*"
    r"(?:\([^()\n]{1,24}\)[ \t]*)?:[ \t]"
)
TELEGRAM_SPEAKER = re.compile(
    r"(?m)^(?P<v>[^\W\d_][^\n,\[\]:<>]{1,48}?),[ ]\[\d{1,2}\.\d{1,2}\.\d{2,4}[ ]\d{1,2}:\d\d"
    r"(?::\d\d)?\][ \t]*$"
)
COPIED_CHAT_SPEAKER = re.compile(
    r"(?m)^(?P<v>[^\W\d_][^\n:\[\]<>|#*=]{0,48}?)[ \t]+\d{1,2}:\d\d(?:[ \t]?[AP]M)?[ \t]*$"
    r"(?=\n[ \t]*\S)"
)
# what follows the name in the slot: a role in brackets, a team's acronym, an emoji
_SPEAKER_TAIL = re.compile(
    r"(?:[ \t]*\([^()\n]*\)|[ \t]+[A-Z]{2,4}|[ \t]*[^\w\s.'’\-]+|[ \t]+[-–—][^\n]*)+$"
)


# what a heading with a time names (a meeting, a window, a shift), not who spoke
EVENT_WORDS = frozenset(
    [
        "standup",
        "stand-up",
        "meeting",
        "sync",
        "call",
        "review",
        "window",
        "cutover",
        "break",
        "lunch",
        "start",
        "end",
        "kickoff",
        "kick-off",
        "demo",
        "retro",
        "huddle",
        "bridge",
        "go-live",
        "deadline",
        "launch",
        "release",
        "deploy",
        "deployment",
        "freeze",
        "maintenance",
        "backup",
        "rollout",
        "update",
        "planning",
        "session",
        "workshop",
        "training",
        "interview",
        "check-in",
        "checkpoint",
        "handover",
        "shift",
        "daily",
        "weekly",
        "nightly",
        "morning",
        "evening",
        "jefe",
        "turno",
        "guardia",
        "supervisor",
        "supervisora",
        "operador",
        "operadora",
        "go",
        "live",
        "all-hands",
        "hall",
        "sprint",
        "change",
        "outage",
        "downtime",
        "restore",
        "cutoff",
        "eta",
        "wrap",
        "close",
        "open",
    ]
)


# the desk a contact is saved with in a phone: "Hajar Support", "Lucía Soporte", "Ana CS"
DESK_WORDS = frozenset([
    "support", "soporte", "suporte", "helpdesk", "help", "desk", "it", "ops", "sre", "noc", "soc",
    "cs", "cx", "team", "equipo", "admin", "atención", "atencion", "sac", "service", "servicio",
    "kundenservice", "billing", "finance", "facturación", "hr", "rh", "office", "oficina", "work",
    "trabajo"
])  # fmt: skip


def _speaker(value: str, *, strict: bool) -> str | None:
    """The name in a chat's speaker slot, or None for a bot, a role, a label or a phrase: its
    words capitalised (particles aside), none a stop word, a technology, a place or an event,
    and one at least no English word or a name some country uses. `strict` (a copied Slack line,
    where a heading may look the same) allows at most four words, and one only if it is a
    given name some country uses."""
    value = _SPEAKER_TAIL.sub("", value).strip()
    if not value or re.search(r"\d", value) or value.startswith("@"):
        return None
    words = value.split()
    low = value.lower()
    if len(words) > (4 if strict else 5) or NOT_SPEAKERS.search(low):
        return None
    if (
        1 < len(words) <= 3
        and words[0].lower() not in ROLE_WORDS
        and not blocked_word(words[0])
        and (name_index().first_rank(words[0].lower()) or 10**6) <= 2000
        and all(w.lower() in ROLE_WORDS or w.lower() in DESK_WORDS for w in words[1:])
    ):
        return value  # "Hajar Support": a person saved in the phone with the desk they work at
    if any(w.lower() in ROLE_WORDS for w in words):
        return None  # "Agent", "Jefe Turno": a role speaks
    latin = [w for w in words if re.fullmatch(r"[A-Za-zÀ-ÿĀ-žƀ-ɏ'’.\-/]+", w)]
    if not latin:
        return None if all(blocked_word(w) for w in words) else value
    index = name_index()
    if not all(w[:1].isupper() or w.lower() in PARTICLES for w in latin):
        return None  # "Server restarted:", a log line
    if any(
        (blocked_word(w) and not known_name(index, w)) or w.lower() in EVENT_WORDS for w in latin
    ):
        return None
    if all(plain_word(w) and not known_name(index, w) for w in latin if len(w) > 2):
        return None
    if strict and len(words) == 1 and (index.first_rank(low) or 10**6) > 2000:
        return None
    return value


def chat_export_speakers(text: str) -> Iterator[Span]:
    """Who speaks in a chat app's export (see DATED_CHAT_SPEAKER)."""
    if ":" not in text:
        return
    for regex, strict in (
        (DATED_CHAT_SPEAKER, False),
        (TIMED_CHAT_SPEAKER, False),
        (TELEGRAM_SPEAKER, False),
        (COPIED_CHAT_SPEAKER, True),
    ):
        for match in regex.finditer(text):
            if regex is TIMED_CHAT_SPEAKER and not (
                match.group("v")[:1].isupper() or not re.match(r"[A-Za-z]", match.group("v"))
            ):
                continue  # "10:02 deploy finished:": lower-case speakers are the log-in rules'
            name = _speaker(match.group("v"), strict=strict)
            if name is not None:
                yield _span(match.start("v"), name, "chat-speaker", 0.85)


# A family name in capitals before the given names, as francophone Africa, France, Vietnam and
# forms write a person ("AHLONSOU Abla Dzifa", "BALDÉ Thierno Amadou", "GAONA DE LEZCANO
# Mirna"), standing alone where a record holds one value: a quoted string, a delimited cell, or
# after a name label.
_CAPS_WORD = r"[A-ZÀ-ÞĀ-Ž]{2,}(?:['’\-][A-ZÀ-ÞĀ-Ž]{2,})?"
_TITLE_WORD = r"[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž]+(?:-[A-ZÀ-ÞĀ-Ž]?[a-zß-ÿā-ž]+)?"
_FAMILY_FIRST = rf"(?P<v>{_CAPS_WORD}(?:[ ]{_CAPS_WORD}){{0,2}}(?:[ ]{_TITLE_WORD}){{1,3}})"
FAMILY_FIRST = (
    re.compile(rf"[\"'“«][ ]?{_FAMILY_FIRST}[ ]?[\"'”»]"),
    re.compile(rf"(?m:^|(?<=[,;|\t]))[ \t]*{_FAMILY_FIRST}[ \t]*(?=[,;|\t]|$)", re.MULTILINE),
    re.compile(
        r"(?i:\b(?:nom(?:\s+et\s+pr[ée]noms?)?|noms?|name|client|payer|payee|customer|titulaire|"
        rf"b[ée]n[ée]ficiaire|assur[ée]|patient)[ \t]*[:=][ \t]*){_FAMILY_FIRST}(?=[ \t]*(?:$|[,;|\n]))",
        re.MULTILINE,
    ),
)
NOT_FAMILY = frozenset([
    "info", "warn", "warning", "error", "debug", "trace", "fatal", "critical", "notice", "todo",
    "fixme", "note", "http", "https", "api", "sre", "dns", "tls", "ssl", "sql", "aws", "gcp",
    "iam", "vpn", "ci", "cd", "pr", "mr", "qa", "uat", "prod", "dev", "ops", "it", "hr", "id",
    "ok", "na", "usa", "uk", "eu", "ceo", "cto", "cfo", "dpo", "dsi", "sa", "sas", "sarl", "ltd",
    "llc", "inc", "gmbh", "ag", "bv", "nv", "noc", "soc", "imf"
])  # fmt: skip


# what follows a brand in capitals, not a given name: "EVE Online", "ACME Labs"
COMPANY_WORDS = frozenset([
    "online", "games", "studio", "studios", "labs", "lab", "cloud", "software", "systems",
    "group", "bank", "energy", "mobile", "services", "solutions", "technologies", "technology",
    "networks", "media", "digital", "pay", "payments", "express", "holdings", "partners",
    "capital", "ventures", "international", "global"
])  # fmt: skip


def family_first_names(text: str) -> Iterator[Span]:
    """PERSON spans for a family name in capitals and the given names after it (FAMILY_FIRST):
    no capitals word an acronym, a log level or a plain word that is no surname, and no given
    name an ordinary word unless some country uses it as a name."""
    index = name_index()
    for match in (m for regex in FAMILY_FIRST for m in regex.finditer(text)):
        value = match.group("v")
        words = value.split()
        caps = [w for w in words if w.isupper()]
        titles = [w for w in words if not w.isupper()]
        if any(len(w) < 4 and not known_name(index, w.title()) for w in caps):
            continue  # "NOC Brasil", "IMF Mahavotra": an acronym before a name
        if any(
            w.lower() in NOT_FAMILY
            or blocked_word(w.title())
            or (plain_word(w.lower()) and not known_name(index, w.title()))
            for w in caps
            if w.lower() not in PARTICLES
        ):
            continue
        if any(
            blocked_word(w)
            or w.lower() in COMPANY_WORDS
            or (plain_word(w.lower()) and (index.first_rank(w.lower()) or 10**6) > 5000)
            for w in titles
        ):
            continue
        yield _span(match.start("v"), value, "family-first", 0.8)


def record_person_spans(text: str) -> list[Span]:
    """Every person found by the shape of the record around the name."""
    found = [*_fields(text), *_csv_columns(text), *_logins(text), *_labelled(text)]
    found += family_first_names(text)
    found += chat_export_speakers(text)
    for regex, rule in (
        (CHAT_FULL_NAME, "chat-speaker"),
        (PAREN_SPEAKER, "named-speaker"),
        (LABELLED_SCRIPT_NAME, "labelled-name"),
        (TITLED_PARTICLE_NAME, "titled-name"),
    ):
        found += [
            _span(m.start("v"), m.group("v"), rule, 0.85)
            for m in regex.finditer(text)
            if regex in (LABELLED_SCRIPT_NAME, TITLED_PARTICLE_NAME) or name_like(m.group("v"))
        ]
    return found


def alias_spans(text: str, people: list[Span]) -> Iterator[Span]:
    """A name written in another script right beside a person already found."""
    for person in people:
        if not re.search(r"[A-Za-z]", text[person.start : person.end]):
            continue
        after = ALIAS_AFTER.match(text, person.end)
        if (
            after is not None
            and re.search(r"[^\W\d_]", after.group("v"))  # not "〒153-0063"
            and not all(blocked_word(w) for w in after.group("v").split())
        ):
            yield _span(after.start("v"), after.group("v"), "name-alias", 0.8)
        before = ALIAS_BEFORE.search(text, max(0, person.start - 16), person.start)
        if before is not None and not all(blocked_word(w) for w in before.group("v").split()):
            yield _span(before.start("v"), before.group("v"), "name-alias", 0.8)  # not "فروردین"


# Scripts without capitals that separate words by spaces: Ethiopic, Arabic (Persian, Dari, Urdu)
ETHIOPIC_WORD = re.compile(f"[{ETHIOPIC}]+")
ARABIC_WORD = re.compile(f"[{ARABIC}]+")


def repeated_name_parts(text: str, people: list[Span]) -> Iterator[Span]:
    """Each word of a name found in Ethiopic or Arabic script, wherever else it stands as a word
    of its own: "ወ/ሪት ትዕግስት ሙሉጌታ" found by its title is "ትዕግስት" two lines on. These scripts
    have no capitals to find the given name alone by; words of two letters are left."""
    parts = {
        word
        for person in people
        for word in text[person.start : person.end].split()
        if len(word) >= 3
        and not blocked_word(word)
        # an Arabic-script word only when some country gives it as a name: a rule that took
        # "سلام" (hello) with a name must not spread it
        and (
            ETHIOPIC_WORD.fullmatch(word)
            or (ARABIC_WORD.fullmatch(word) and known_name(name_index(), word))
        )
    }
    if not parts:
        return
    alternatives = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    for match in re.finditer(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])", text):
        yield _span(match.start(), match.group(), "same-name", 0.75)


def repeated_full_names(text: str, people: list[Span]) -> Iterator[Span]:
    """Every other occurrence of a full name found once: a name that the context gave away in
    one place ("attendees: Sarah Jenkins") is the same person where the words around it are
    weaker ("Sarah Jenkins restarted the Jenkins controller")."""
    names = {text[p.start : p.end] for p in people if " " in text[p.start : p.end].strip()}
    if not names:
        return
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    for match in re.finditer(rf"(?<![\w@.])(?:{alternatives})(?![\w@])", text):
        yield _span(match.start(), match.group(), "same-name", 0.8)

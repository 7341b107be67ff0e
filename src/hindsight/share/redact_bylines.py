"""People named by where they stand rather than by what their names are: the name before an
e-mail address (`Ana Lima <ana.lima@…>`, `ATTENDEE;CN=Ana Lima;…:mailto:…`), the author after
"by" (`copied into the doc by Ana Lima`), logfmt and config values under a key that holds a
person (`user=Ana Lima`, `escalation_contact = "Ana Lima +351 …"`), the name columns of SQL
dumps (`COPY t (id, full_name, …) FROM stdin;` and its tab-separated rows), and log-ins written
as an initial and a surname (`ssh alima@bastion`).

The position says "person", so these rules do not need the name in a names list; that is what
catches names the index covers weakly (Kahananui, Castellví i Puig, Nguyễn Thị Thu Hà). They
still refuse teams, roles, products and ordinary words in the same positions ("Support Team
<support@…>", "approved by Change Advisory Board").
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator

from hindsight.quality.person_names import name_index
from hindsight.share.redact import Kind, Span
from hindsight.share.redact_identity import sql_cells
from hindsight.share.redact_people import (
    CORPORATE,
    NOT_SPEAKERS,
    PARTICLES,
    ROLE_WORDS,
    blocked_word,
    known_name,
    place_word,
    plain_word,
)
from hindsight.share.redact_records import SERVICE_ACCOUNTS

# a capitalised name word: Ana, DeShawn, Nguyễn, Castellví, O'Halloran, Adebayo-Martins
_CAP = r"[A-ZÀ-ÞĀ-Ỹ][a-zß-ÿā-ỹ][^\W\d_]*(?:['’\-][^\W\d_]+)*"
# words that join the parts of a name: "de", "van der", Catalan "i", Malay "a/p", "bin"
_JOIN = (
    r"(?:van|von|de|der|den|da|do|dos|das|del|della|di|du|la|le|bin|binti|binte|ibn|al|el|ter|"
    r"i|y|e|a/p|a/l|s/o|d/o)"
)
# later parts may carry an elided particle: "de Wouters d'Oplinter"
NAME = rf"{_CAP}(?:[ \t]+(?:{_JOIN}[ \t]+){{0,2}}(?:[dl]['’])?{_CAP}){{0,4}}"
JOIN_WORDS = frozenset(["i", "y", "e", "a/p", "a/l", "s/o", "d/o", "della"]) | PARTICLES
NOT_PEOPLE = frozenset(
    [
        "team",
        "teams",
        "support",
        "bot",
        "admin",
        "admins",
        "service",
        "desk",
        "helpdesk",
        "ops",
        "noreply",
        "notifications",
        "alerts",
        "billing",
        "security",
        "board",
        "committee",
        "council",
        "department",
        "office",
        "crew",
        "squad",
        "rotation",
        "robot",
        "daemon",
        "scheduler",
        "pipeline",
        "account",
        "mailbox",
    ]
)


def _fold(word: str) -> str:
    """Lower case without accents: "Nguyễn" → "nguyen", so names meet e-mail local parts."""
    decomposed = unicodedata.normalize("NFKD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


def name_words(value: str) -> list[str]:
    return [re.sub(r"^[dl]['’]", "", w) for w in value.split() if w.lower() not in JOIN_WORDS]


def placed_name(value: str, *, alone: bool = False) -> bool:
    """Words in a person's position that could be a name: no team, role or company word, no
    product or stop word unless a country uses it as a name (Paris, Georgia), and no ordinary
    English word that is no name. One word passes only with `alone` (the position is that
    strong)."""
    words = name_words(value)
    if not words or (len(words) < 2 and not alone):
        return False
    index = name_index()
    for word in words:
        low = word.lower()
        if low in NOT_PEOPLE or low in ROLE_WORDS or low in CORPORATE:
            return False
        if blocked_word(word) and not known_name(index, word):
            return False
    # every word a name some country uses or no English word: "Northwind Traders" is a shop
    return all(known_name(index, w) or not plain_word(w) for w in words)


def local_part_matches(value: str, local: str) -> bool:
    """The e-mail local part spells the name: "georgia.w", "thuha.nguyen", "phadjidakis"."""
    parts = [p for p in re.split(r"[._\-+]", _fold_local(local)) if p]
    folded = [_fold(w) for w in name_words(value)]
    if not parts or not folded:
        return False
    for word in folded:
        if len(word) >= 3 and any(p == word or (len(p) > 3 and p[1:] == word) for p in parts):
            return True
    joined = "".join(parts)
    return len(folded) >= 2 and joined in ("".join(folded), folded[0] + folded[-1])


def _fold_local(local: str) -> str:
    return local.lower()


def _span(start: int, value: str, rule: str, confidence: float = 0.85) -> Span:
    return Span(start, start + len(value), Kind.PERSON, rule, value.lower(), confidence=confidence)


# "Ana Lima <ana.lima@x.io>", "De: Nuria Castellví i Puig <…>", "Ana Lima · ana.lima@x.io"
EMAIL_BYLINE = re.compile(
    rf"(?<![\w@.\-])(?P<v>{NAME})[ \t]*(?:(?P<angle><)|[·,|(\-–—][ \t]*|[ \t])(?:mailto:)?"
    r"(?P<local>[A-Za-z0-9][\w.+\-]{0,63})@[A-Za-z0-9][\w\-]*(?:\.[\w\-]+)+"
)
# iCal and LDAP: "ATTENDEE;CN=Ana Lima;ROLE=…:mailto:ana@…", "CN=Ana Lima,OU=People"
COMMON_NAME = re.compile(rf"(?<![\w])CN=(?P<v>{NAME})(?=[;:,\n\"]|$)")


def email_bylines(text: str) -> Iterator[Span]:
    for match in EMAIL_BYLINE.finditer(text):
        value = match.group("v")
        words = name_words(value)
        # the name may start mid-phrase ("From Ana Lima"): try dropping leading words
        for drop in range(len(words)):
            tail = " ".join(value.split()[_skip(value, drop) :])
            if not tail:
                break
            matches_local = local_part_matches(tail, match.group("local"))
            angle = match.group("angle") is not None
            if (angle and placed_name(tail)) or (matches_local and placed_name(tail, alone=angle)):
                yield _span(match.end("v") - len(tail), tail, "email-byline")
                break
    for match in COMMON_NAME.finditer(text):
        line_end = text.find("\n", match.end())
        line = text[match.start() : line_end if line_end >= 0 else len(text)]
        value = match.group("v")
        if placed_name(value, alone="mailto:" in line):
            yield _span(match.start("v"), value, "common-name")


def _skip(value: str, drop: int) -> int:
    """Index into value.split() after dropping `drop` name words (and the joins before them)."""
    seen = 0
    parts = value.split()
    for position, word in enumerate(parts):
        if word.lower() in JOIN_WORDS:
            continue
        if seen == drop:
            return position
        seen += 1
    return len(parts)


# "copied into the postmortem by Ana Lima", "ran by Ana Lima", "(pasted by Ana Lima)"
AUTHOR_VERBS = (
    r"(?:ran|run|copied|pasted|written|wrote|approved|reported|added|owned|prepared|posted|"
    r"captured|filed|opened|raised|signed|sent|shared|exported|edited|authored|reviewed|"
    r"created|requested|escalated|acknowledged|assigned|confirmed|handled|submitted|uploaded|"
    r"committed|pushed|drafted|compiled|collected|noted|taken|recorded|issued|generated|"
    r"comment|commented|note|update|updated|reply|replied|message|entry|edit|merged|triggered|"
    r"started)"
)
BY_NAME = re.compile(
    rf"(?i:\b{AUTHOR_VERBS}(?:[ \t]+[\w\-]+){{0,5}}?[ \t]+by(?:[ \t]+user)?)[ \t]+"
    rf"(?P<v>{NAME})(?![\w@]|\.\w)"
)


# a tracker's comment header: "*Ana Lima* commented on OPS-12:", "Ana Lima commented:"
COMMENTER = re.compile(
    rf"(?m)^[ \t]*(?P<star>\*?)(?P<v>{NAME})(?P=star)[ \t]+(?:commented|replied|wrote|added a comment)"
    r"(?:[ \t]+on[ \t]+[A-Z][A-Z0-9]*-\d+)?[ \t]*:"
)


def author_names(text: str) -> Iterator[Span]:
    for match in BY_NAME.finditer(text):
        value = match.group("v")
        if placed_name(value):
            yield _span(match.start("v"), value, "author")
    for match in COMMENTER.finditer(text) if ":" in text else ():
        value = match.group("v")
        if placed_name(value):
            yield _span(match.start("v"), value, "author")


# logfmt: user=Ana Lima pesel=… (the value runs to the next key); config: contact = "Ana Lima …"
PERSON_KEYS = (
    r"(?:user|username|author|assignee|reporter|owner|contact|requester|customer|employee|"
    r"approver|reviewer|requested_by|approved_by|created_by|updated_by|submitted_by|on_?call)"
)
LOGFMT_PERSON = re.compile(
    rf"(?i:(?<![A-Za-z0-9.]){PERSON_KEYS})=(?P<v>{NAME})(?=[ \t]+[\w.\-]+=|[ \t]*$)",
    re.MULTILINE,
)
QUOTED_PERSON = re.compile(
    rf"(?i:(?<![A-Za-z0-9.])[\"']?{PERSON_KEYS}(?:[_\-]?name)?[\"']?)[ \t]*[:=][ \t]*"
    rf"\\?[\"'](?P<v>{NAME})(?=[ \t]*(?:\\?[\"',<(]|[ \t]\+?\d))"
)
# a bare "name" key, also in JSON escaped inside a string: {\"name\":\"Ana Lima\"}
ESCAPED_NAME = re.compile(rf"\\\"(?:full_?|display_?)?name\\\":[ \t]*\\\"(?P<v>{NAME})\\\"")


# YAML and header lines: "  assignee: Ana Lima", "- reporter: Ana Lima"
YAML_PERSON = re.compile(
    rf"(?im)^[ \t]*(?:-[ \t]+)?(?:[\w\-]+[_\-])?{PERSON_KEYS}(?:[_\-]?name)?:[ \t]+(?P<v>{NAME})[ \t]*$"
)


def keyed_names(text: str) -> Iterator[Span]:
    for regex in (LOGFMT_PERSON, QUOTED_PERSON, ESCAPED_NAME, YAML_PERSON):
        for match in regex.finditer(text):
            value = match.group("v")
            if placed_name(value):
                yield _span(match.start("v"), value, "person-key")


# SQL dumps: COPY t (id, full_name, …) FROM stdin; rows follow, tab-separated, until "\."
SQL_COPY = re.compile(r"(?im)^COPY[ \t]+[\w.\"]+[ \t]*\((?P<cols>[^)\n]+)\)[ \t]+FROM[ \t]+stdin;")
SQL_NAME_COLUMN = re.compile(
    r"(?i)^\"?(?:(?:first|last|given|family|full|customer|middle|sur|display|holder|contact|"
    r"owner|author|employee|patient|applicant|user)_?)?(?:name|surname)\"?$"
)


def sql_insert_names(text: str) -> Iterator[Span]:
    """Names under a name column of an SQL INSERT's rows (INSERT INTO t (id, full_name, …) VALUES
    (1, 'Ana Lima', …), …)."""
    for start, value, quoted in sql_cells(text, SQL_NAME_COLUMN):
        if quoted and re.search(r"[^\W\d_]", value):
            yield _span(start, value, "person-column", 0.9)


def sql_copy_names(text: str) -> Iterator[Span]:
    for match in SQL_COPY.finditer(text):
        columns = [c.strip() for c in match.group("cols").split(",")]
        wanted = [i for i, c in enumerate(columns) if SQL_NAME_COLUMN.match(c)]
        if not wanted:
            continue
        position = text.find("\n", match.end()) + 1
        while 0 < position < len(text):
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
            line = text[position:end]
            if line.startswith("\\.") or "\t" not in line:
                break
            cells = line.split("\t")
            offset = 0
            for index, cell in enumerate(cells):
                if index in wanted and cell not in ("\\N", "") and re.search(r"[^\W\d_]", cell):
                    yield _span(position + offset, cell, "person-column", 0.9)
                offset += len(cell) + 1
            position = end + 1


# log-ins that spell an initial and a surname: "ssh akowalczyk@bastion", "login -u tkahale"
LOGIN_POSITION = re.compile(
    r"(?:\bssh[ \t]+(?:-\S+[ \t]+)*|\bscp[ \t][^\n]*?[ \t]|(?<![\w-])(?:-u|--user(?:name)?)[ =\t]+)"
    r"(?P<v>[a-z][a-z0-9]{3,30})(?=@|[ \t]|$)"
)


def _initial_surname(handle: str, surnames: set[str]) -> bool:
    """ "akowalczyk", "mbrown": an initial and a surname found in the text, a common surname
    (even one that is a word: Brown, Martin), or a known one that is no word."""
    body = handle.rstrip("0123456789")
    if len(body) < 5 or body in SERVICE_ACCOUNTS or blocked_word(body) or plain_word(body):
        return False  # ubuntu, apache, backup: accounts named for a system or a job
    rest = body[1:]
    if rest in surnames:
        return True
    rank = name_index().last_rank(rest)
    return len(rest) >= 4 and (
        (rank is not None and rank <= 500)
        or (known_name(name_index(), rest) and not plain_word(rest))
    )


def initial_surname_logins(text: str, people: list[Span]) -> Iterator[Span]:
    """A log-in in a command's user position that is an initial and a surname: the surname of
    someone found in the text, or a surname the index knows that is no English word."""
    surnames = set()
    for person in people:
        words = name_words(text[person.start : person.end])
        if len(words) >= 2:
            surnames.add(_fold(words[-1]))
    for match in LOGIN_POSITION.finditer(text):
        handle = match.group("v")
        if _initial_surname(handle, surnames):
            yield _span(match.start("v"), handle, "login", 0.8)


def _handle_forms(first: str, middle: list[str], last: str, initials: str = "") -> set[str]:
    """The log-ins a company makes from a name: "zaksoy", "zeynep.aksoy", "aksoyz", "zeynepa";
    "jprautio" from the initials of a joined given name (Jukka-Pekka); "huynh.gia.linh" and
    "dang-hoang-phuc" from every word of a name of three."""
    forms = {
        first[0] + last,
        f"{first}.{last}",
        f"{first}_{last}",
        f"{first}-{last}",
        first + last,
        last + first[0],
        f"{first[0]}.{last}",
        f"{last}.{first}",
    }
    if middle:
        forms.add(first[0] + middle[0][0] + last)
        forms |= {sep.join([first, *middle, last]) for sep in (".", "-", "_")}
    if len(initials) > 1:
        forms |= {initials + last, f"{initials}.{last}"}
    return {f for f in forms if len(f) >= 5}


# a word that could be a log-in: letters, digits and . _ - inside, standing alone
LOGIN_TOKEN = re.compile(r"(?<![\w@.\-])[A-Za-z][A-Za-z0-9._\-]*[A-Za-z0-9](?![\w@\-]|\.\w)")


def derived_logins(text: str, people: list[Span]) -> Iterator[Span]:
    """A log-in made from the name of someone found in the text, wherever it stands: "Zeynep
    Aksoy (zaksoy)", "Daniel Whitfield  dwhitfield", "JGARCIA4" beside "Garcia, Jennifer"."""
    forms: set[str] = set()
    values = [text[p.start : p.end] for p in people]
    ordered = sorted(people, key=lambda p: p.start)
    for one, two in itertools.pairwise(ordered):
        if text[one.end : two.start] == ", " and " " not in text[one.start : two.end].replace(
            ", ", ""
        ):
            values.append(text[one.start : two.end])  # "Garcia, Jennifer" found as two words
    for value in values:
        words = [_fold(w) for w in name_words(value.replace(",", " "))]
        words = [w for w in words if w.isalpha()]
        if len(words) < 2 or not all(len(w) >= 2 for w in words):
            continue
        if "," in value:  # "Garcia, Jennifer": surname first
            words = [*words[1:], words[0]]
        first, last = words[0], words[-1]
        given = name_words(value.replace(",", " "))[1 if "," in value else 0]
        initials = "".join(_fold(part)[:1] for part in given.split("-"))
        if len(last) >= 3:
            forms |= {
                f
                for f in _handle_forms(first, words[1:-1], last, initials)
                if not plain_word(f) or len(re.split(r"[._\-]", f)) >= 3  # "dang-hoang-phuc"
            }
    if not forms:
        return
    for match in LOGIN_TOKEN.finditer(text):
        if re.sub(r"\d{1,2}$", "", match.group().lower()) not in forms:
            continue
        token = re.search(r"\S*$", text[max(0, match.start() - 200) : match.start()])
        if token is not None and "://" in token.group():
            continue  # a public URL's path ("github.com/keiichishima/templateminer") stays whole
        yield _span(match.start(), match.group(), "derived-login", 0.8)


# labels of the person a notice or a ticket is about
SUBJECT_LABEL = re.compile(
    rf"(?i:\b(?:complainant|claimant|requester|applicant|data\s+subject|account\s+holder|"
    rf"policy\s*holder|beneficiary|(?:requested|raised|opened|submitted|created)\s+(?:for|by)|"
    # the caller or the customer of a call note, in the languages of a contact centre
    rf"caller|appelant|appelante|llamante|anrufer(?:in)?|chiamante|chamador|demandeur|demandeuse|"
    rf"solicitante|titulaire|titular|kontoinhaber(?:in)?|inhaber(?:in)?|attn|attention|z\.?\s?hd\.?))(?:[ \t]+\w+)?[ \t]*:[ \t]*(?P<v>{NAME})(?![\w@]|\.\w)"
)
# "Ana Lima (Lisbon) confirms …": a full name with the town the person sits in
NAME_WITH_PLACE = re.compile(
    rf"(?<![\w@.\-])(?P<v>{NAME})[ \t]+\((?P<place>[A-Z][\w .\-]{{2,30}})\)"
)
# a hand-over between two people: "from Ana Lima to Rui Costa"
HANDOVER = re.compile(rf"\bfrom[ \t]+(?P<a>{NAME})[ \t]+to[ \t]+(?P<b>{NAME})(?![\w@]|\.\w)")


# "M. Lavoie", "M. Fiddler souhaite …": the French "Monsieur" cut short, before a surname; not
# a middle initial ("Jean M. Roy": a capitalised word before it), not "M. Sc."
MONSIEUR = re.compile(
    r"(?<![\w.])M\.[ \t]+(?P<v>[A-Z][a-zà-ÿ'’\-]{2,}(?:[ \t]+[A-Z][a-zà-ÿ'’\-]{2,})?)"
)


def subject_names(text: str) -> Iterator[Span]:
    for match in MONSIEUR.finditer(text) if "M. " in text else ():
        value = match.group("v")
        if re.search(r"[A-Z][a-zà-ÿ]+[ \t]$", text[max(0, match.start() - 30) : match.start()]):
            continue  # "Jean M. Roy": a middle initial
        if placed_name(value, alone=True):
            yield _span(match.start("v"), value, "labelled-name", 0.75)
    for match in SUBJECT_LABEL.finditer(text):
        if placed_name(match.group("v")):
            yield _span(match.start("v"), match.group("v"), "labelled-name", 0.8)
    for match in NAME_WITH_PLACE.finditer(text):
        value = match.group("v")
        if (
            place_word(match.group("place").split()[0])
            and placed_name(value)
            and not any(place_word(w) and not known_name(name_index(), w) for w in value.split())
        ):
            yield _span(match.start("v"), value, "name-with-place", 0.8)
    for match in HANDOVER.finditer(text):
        first, second = match.group("a"), match.group("b")
        if placed_name(first) and placed_name(second):
            yield _span(match.start("a"), first, "handover", 0.8)
            yield _span(match.start("b"), second, "handover", 0.8)


# a plain-text table whose columns are aligned with runs of spaces, under a header naming people
ALIGNED_HEADER = re.compile(
    r"(?i)^(?:card\s?holder|holder|customer|name|full\s+name|owner|assignee|reporter|requester|"
    r"contact|employee|patient|passenger|applicant|user)$"
)


def aligned_columns(text: str) -> Iterator[Span]:
    lines = text.split("\n")
    offset = 0
    header: list[tuple[int, int]] = []  # (start, end) of the people columns
    for line in lines:
        cells = [(m.start(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", line)]
        if header and len(cells) >= 3:
            for start, end in header:
                value = line[start:end].strip() if len(line) > start else ""
                if value and (start == 0 or line[start - 1] == " ") and placed_name(value):
                    yield _span(offset + line.index(value, start), value, "person-column", 0.8)
        elif len(cells) >= 3 and re.search(r"\S {2,}\S", line):
            starts = [c[0] for c in cells] + [10**6]
            header = [
                (starts[i], starts[i + 1])
                for i, (_, cell) in enumerate(cells)
                if ALIGNED_HEADER.match(cell)
            ]
        else:
            header = []
        offset += len(line) + 1


# a registry's or a tax office's way: "GIMÉNEZ, LAUTARO EZEQUIEL", "BENÍTEZ ROJAS, MARÍA"
_UPPER_WORD = r"[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž'’\-]+"
SURNAME_COMMA_GIVEN = re.compile(
    rf"(?<![\w,])(?P<last>{_UPPER_WORD}(?:[ ]{_UPPER_WORD}){{0,2}}),[ ]"
    rf"(?P<first>{_UPPER_WORD}(?:[ ]{_UPPER_WORD}){{0,2}})(?![\w,]|[ ][A-ZÀ-ÞĀ-Ž])"
)


def surname_comma_given(text: str) -> Iterator[Span]:
    index = name_index()
    for match in SURNAME_COMMA_GIVEN.finditer(text):
        lasts, firsts = match.group("last").split(), match.group("first").split()
        if any(blocked_word(w) or w.lower() in ROLE_WORDS for w in [*lasts, *firsts]):
            continue
        first_ok = (index.first_rank(firsts[0].lower()) or 10**6) <= 2000
        last_ok = any((index.last_rank(w.lower()) or 10**6) <= 5000 for w in lasts)
        if first_ok and last_ok:
            yield _span(match.start(), match.group(), "surname-comma-given", 0.8)


# an airline's passenger name: SURNAME/GIVEN NAMES and a title (PNRs, manifests, boarding
# passes): "OZTURK/GOKHAN MR", "NGUYEN/THI THU HA MS", "KILIC/AYSEGUL MS"
PASSENGER = re.compile(
    r"(?<![\w/])(?P<v>[A-Z][A-Z'\-]{1,30}/[A-Z][A-Z'\-]{0,30}(?: [A-Z][A-Z'\-]{0,30}){0,3})"
    r"[ \t]+(?:MR|MRS|MS|MISS|MSTR|DR|PROF|CHD|INF)(?![\w/])"
)
# a nickname in quotes between a given name and a surname: Terrence "Terry" Vandermolen,
# Temitope ("Tope") Akinola
NICKNAMED = re.compile(
    rf"(?<![\w])(?P<given>{_CAP})[ \t]+\(?[\"“'‘](?P<nick>{_CAP})[\"”'’]\)?[ \t]+(?P<family>{_CAP})"
)


# a name with a Japanese honorific: "Hayashi様", "Sato Kenta さん", "田中様", "鈴木さん"
HONORIFIC_NAME = re.compile(
    r"(?<![\w\u3040-\u30ff\u4e00-\u9fff])(?P<v>[A-Z][a-z]+(?: [A-Z][a-z]+)?|[\u4e00-\u9fff]{2,4})"
    r"[ \t]?(?:様|さま|さん|殿|くん|氏)"
)
# nouns taking the same honorific: customers, everyone, the person in charge
NOT_HONORED = frozenset(
    ["お客", "皆", "担当者", "関係者", "利用者", "会員", "顧客", "各位", "皆様"]
)


def honorific_names(text: str) -> Iterator[Span]:
    for match in HONORIFIC_NAME.finditer(text) if re.search("[様さ殿く氏]", text) else ():
        value = match.group("v")
        if value in NOT_HONORED or text[max(0, match.start() - 1) : match.start()] in ("お", "ご"):
            continue
        if value[0].isascii() and not placed_name(value, alone=True):
            continue
        yield _span(match.start("v"), value, "honorific-name")


def passenger_and_nicknamed(text: str) -> Iterator[Span]:
    for match in PASSENGER.finditer(text) if "/" in text else ():
        yield _span(match.start("v"), match.group("v"), "passenger-name")
    for match in NICKNAMED.finditer(text):
        name = f"{match.group('given')} {match.group('family')}"
        if placed_name(name):
            for group in ("given", "nick", "family"):
                yield _span(match.start(group), match.group(group), "nicknamed")


def byline_person_spans(text: str) -> list[Span]:
    """Every person found by the position their name stands in."""
    return [
        *passenger_and_nicknamed(text),
        *honorific_names(text),
        *email_bylines(text),
        *author_names(text),
        *keyed_names(text),
        *sql_copy_names(text),
        *sql_insert_names(text),
        *subject_names(text),
        *aligned_columns(text),
        *keyed_handles(text),
        *vietnamese_names(text),
        *surname_comma_given(text),
    ]


POSITION_RULES = frozenset(
    [
        "email-byline",
        "common-name",
        "author",
        "person-key",
        "person-column",
        "labelled-name",
        "name-with-place",
        "handover",
    ]
)


def parts_of_placed_names(text: str, people: list[Span]) -> Iterator[Span]:
    """The given name or surname of a full name found by its position, written alone
    elsewhere ("Tupac" after "… to Tupac Huamán"): the prose rules only know the parts of the
    names they found themselves. Parts that are places, products or words stay."""
    parts: dict[str, str] = {}
    for person in people:
        if person.rule not in POSITION_RULES:
            continue
        words = name_words(text[person.start : person.end])
        if len(words) < 2:
            continue
        for word in (words[0], words[-1]):
            if len(word) > 2 and not (blocked_word(word) or plain_word(word)):
                parts.setdefault(word, person.key)
    if not parts:
        return
    alternatives = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    for match in re.finditer(rf"(?<![\w@.\-'’])(?:{alternatives})(?![\w@\-]|\.\w)", text):
        yield Span(match.start(), match.end(), Kind.PERSON, "name-part", parts[match.group()], 0.75)


# a handle under a person key with that person's e-mail address beside it:
# {"name": "ana-l", "email": "ana.lima@…"}
KEYED_HANDLE = re.compile(
    r"(?i:[\"']?(?:name|login|username|user|author|pusher|committer|sender|owner)[\"']?)"
    r"[ \t]*[:=][ \t]*[\"']?(?P<v>[a-z][a-z0-9._\-]{2,30})(?![\w@])"
)
NEAR_EMAIL_LOCAL = re.compile(r"(?P<local>[A-Za-z0-9][\w.+\-]{0,63})@[A-Za-z0-9][\w\-]*\.")


def handle_spells_local(handle: str, local: str) -> bool:
    """ "ana-l", "alima", "ana_lima" for "ana.lima": the same person's two spellings."""
    mine = [p for p in re.split(r"[._\-]", handle.lower()) if p]
    theirs = [p for p in re.split(r"[._\-+]", local.lower()) if p]
    if not mine or len(theirs) < 2:
        return False
    if "".join(mine) in ("".join(theirs), theirs[0][0] + theirs[-1], theirs[0] + theirs[-1][0]):
        return True
    return (
        len(mine) == 2
        and len(mine[0]) >= 3
        and mine[0] == theirs[0]
        and theirs[-1].startswith(mine[1])
    )


def keyed_handles(text: str) -> Iterator[Span]:
    for match in KEYED_HANDLE.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        handle = match.group("v")
        if any(
            handle_spells_local(handle, m.group("local")) for m in NEAR_EMAIL_LOCAL.finditer(line)
        ):
            yield _span(match.start("v"), handle, "login", 0.8)


HANDLE_FIRST_PART = re.compile(r"@?(?P<first>[a-z]{3,15})[._\-][a-z][\w.\-]*")


def given_names_of_handles(text: str, people: list[Span]) -> Iterator[Span]:
    """The given name a person's handle starts with, written capitalised elsewhere: "Sky" in
    a chat where @sky.olafsdottir speaks, though "sky" alone is a word."""
    names: dict[str, str] = {}
    for person in people:
        match = HANDLE_FIRST_PART.fullmatch(text[person.start : person.end])
        if match is not None and not NOT_SPEAKERS.search(match.group("first")):
            # (not "jenkins-aleksi": a tool's prefix before the person's name)
            names.setdefault(match.group("first").title(), person.key)
    if not names:
        return
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    for match in re.finditer(rf"(?<![\w@.\-'’])(?:{alternatives})(?![\w@\-]|\.\w)", text):
        yield Span(
            match.start(), match.end(), Kind.PERSON, "handle-given-name", names[match.group()], 0.75
        )


# Vietnamese names put the family name first and a middle name second: "Nguyễn Văn An",
# "Tran Thi Thu Ha". The pair is distinctive enough to mark a name the index does not know.
VIETNAMESE_FAMILY = frozenset(
    [
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "huynh",
        "phan",
        "vu",
        "vo",
        "dang",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "ly",
        "dinh",
        "truong",
    ]
)
VIETNAMESE_MIDDLE = frozenset(
    [
        "van",
        "thi",
        "duc",
        "huu",
        "dinh",
        "ngoc",
        "minh",
        "quang",
        "thanh",
        "xuan",
        "thu",
        "cong",
        "quoc",
        "bao",
        "gia",
        "hoai",
        "kim",
        "manh",
        "tuan",
        "hong",
        "anh",
        "thuy",
    ]
)
_VI = r"[A-ZÀ-ÞĀ-Ỹ][a-zß-ÿā-ỹ]*"
VIETNAMESE_NAME = re.compile(rf"(?<![\w@.\-])({_VI})[ ]({_VI})(?:[ ]{_VI}){{1,2}}(?![\w@\-])")


def vietnamese_names(text: str) -> Iterator[Span]:
    position = 0
    while (match := VIETNAMESE_NAME.search(text, position)) is not None:
        position = match.start(2)  # "Later Tran Thi Thu Ha": try again from the next word
        if _fold(match.group(1)) not in VIETNAMESE_FAMILY:
            continue
        if _fold(match.group(2)) not in VIETNAMESE_MIDDLE:
            continue
        given = match.group().split()[2:]
        if all(known_name(name_index(), w) or not plain_word(w) for w in given):
            yield _span(match.start(), match.group(), "vietnamese-name", 0.85)
            position = match.end()

"""Personal-data and internals detectors: e-mail addresses, phone numbers (Google's
`phonenumbers` metadata for national formats), IPv4/IPv6 addresses, payment card numbers
(Luhn-checked, or named as a card), IBANs (mod-97 and each country's format, via `schwifty`),
the people on the incident's roster, @handles and names in prose (`redact_people`), addresses
and identity numbers (`redact_identity`), and the workspace's internal hostnames, URLs and
customer identifiers.

Checksums keep card and IBAN detection precise; phone numbers have no checksum, so a weak shape
(`467 3395`) counts only next to a word that says it is a phone number.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from stdnum.za import idnr as za_idnr

from hindsight.share.redact import Kind, Person, RedactionContext, Span
from hindsight.share.redact_accounts import (
    account_spans,
    lowercase_speakers,
    name_shaped_handles,
    repeated_handles,
)
from hindsight.share.redact_bylines import (
    byline_person_spans,
    derived_logins,
    given_names_of_handles,
    initial_surname_logins,
    parts_of_placed_names,
)
from hindsight.share.redact_columns import column_spans
from hindsight.share.redact_identity import address_spans, id_spans, table_cells
from hindsight.share.redact_people import (
    initial_surnames,
    nicknames,
    prose_person_spans,
    signoff_initials,
    surname_after,
    with_particles,
    world_cities,
)
from hindsight.share.redact_postal import (
    BUILDING_BEFORE,
    STATE_CODE_AFTER,
    chain_end,
    country_end,
    postal_address_spans,
    town_line_end,
)
from hindsight.share.redact_records import (
    alias_spans,
    record_person_spans,
    repeated_full_names,
    repeated_name_parts,
)

EMAIL_RE = re.compile(
    r"(?<![\w.+\-])[A-Za-z0-9._%+\-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,24}(?![\w\-])"
)
IPV4_RE = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w]|\.\d)")
IPV6_RE = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{0,4}|(?:\d{1,3}\.){3}\d{1,3})"
    r"(?:%[\w]+)?(?:/\d{1,3})?(?![\w:\-])"
)
CARD_RE = re.compile(r"(?<![\w\-.])\d(?:[ \-]?\d){11,18}(?![\w\-]|\.\d)")
IBAN_RE = re.compile(
    r"(?<![\w])(?:[A-Z]{2}\d{2}(?:[ \-]?[A-Z0-9]){11,30}|[a-z]{2}\d{2}[a-z0-9]{11,30})(?![a-z])"
)
PHONE_RE = re.compile(
    r"(?<![\w+\-./:])(?:(?:\+|00)\d{1,3}[ .\-]?|\(\+\d{1,3}\)[ .\-]?)?(?:(?:8[ ]?)?\((?:\d{1,5}|0[ \-]\d{1,4})\)[ .\-]?)?"
    r"(?:\(0\)[ ]?)?"
    r"\d{1,12}(?:[ .\-]\d{1,10}){0,5}(?:[ ]?(?:x|ext\.?)[ ]?\d{1,6})?(?![\w]|-\d|\.\d|:\d)"
)
# Words that make a weak digit group a phone number: nouns of phones anywhere just before it,
# verbs only right before it ("call me at", "answering at"), never "number of orders".
PHONE_CONTEXT = re.compile(
    r"(?i)(?:\b(?:phone|mobile|cell|tel|telephone|fax|desk|sms|whatsapp|dial|hotline|landline|"
    r"call-?back|callback number|"
    r"pager|bridge(?: line)?|ph|mob|n[uú]mero|nummer|rufnummer|telefon|telefono|teléfono|fono|"
    r"téléphone|tél|telefone|telemóvel|celular|cel|móvil|movil|handy|mobil|portable|cellulare|"
    r"cell\.|tlf|puhelin|telefonnummer|gsm|電話|전화|телефон|тел|моб|утас|sími|simu|"
    r"تلفن|موبایل|همراه|شماره(?: تماس)?|تماس|هاتف|جوال|الهاتف|الجوال|رقم|sđt|sdt|đt|no\.?\s*hp)"
    r"\b\W{0,20}(?:\w+\W+){0,3}"
    # Hindi "number", "mobile", "phone"; Amharic and Tigrinya "phone", Lao "phone number",
    # Khmer "telephone number" (their vowel signs are no word characters to `re`)
    r"|(?:नंबर|नम्बर|मोबाइल|फ़ोन|फोन|ስልክ|ስልኪ|ቁጽሪ|ເບີໂທ|ເບີ|លេខទូរស័ព្ទ|ទូរស័ព្ទ)\W{0,20}"
    r"|(?:號碼|号码|電話|电话|手機|手机|携帯|연락처|전화번호)\W{0,20}"
    r"|\b(?:call|text|ring|reach|contact|phone|dial|sms)(?:ed|ing|d)?\b(?:\s+(?:me|us|him|her|"
    r"them|back|someone|the \w+))?\s+(?:at|on|from)\s+"
    r"|\bmessages?\s+to\s+|\banswering\s+at\s+|\bregistered\s+(?:number\s+)?|"
    r"\b(?:phone |contact |mobile )?number(?:\s+is|:)\s*)$"
)
# A thousands-grouped figure followed by a unit counts things, it is not a phone number.
QUANTITY_AFTER = re.compile(
    r"(?i)^\s*(?:%|[a-z]*bytes|[kmgt]i?b|ms|s|sec|seconds|min|minutes|h|hours|rps|qps|req|"
    r"requests|users|customers|orders|rows|records|messages|events|errors|calls|items|accounts|"
    r"eur|usd|gbp|\$|€|times|per|of)\b"
)
PHONE_AFTER = re.compile(r"(?i)^[\s\-\\,]{0,3}(?:office|fax|mobile|cell|home|work|phone|desk)\b")
# not an npm scope ("@acme/ui", "@acme:registry=…")
HANDLE_RE = re.compile(
    r"(?<![\w@./:\]}])@([A-Za-z][\w.\-]{0,38}[A-Za-z0-9_])(?![\w@]|/\w|:registry\b)"
)
SLACK_LABEL_RE = re.compile(r"<@[UW][A-Z0-9]{6,12}\|(?P<name>[^>|\n]{2,60})>")
NOT_HANDLES = frozenset({"here", "channel", "everyone", "all", "oncall", "on-call", "team"})
URL_RE = re.compile(r"(?i)\b(?:https?|wss?|ftp)://[^\s<>\"'`)\]]+")

# Hostnames no customer should ever see, whatever the workspace configures.
HOSTNAME_RE = re.compile(r"(?i)(?<![\w.\-])[a-z0-9][a-z0-9.\-]{0,252}[a-z0-9](?![\w\-])")
BUILTIN_INTERNAL_SUFFIX = re.compile(
    r"(?i)\.(?:internal|intranet|corp|lan|local|svc|svc\.cluster\.local|cluster\.local)$"
)

# Roster entries that are systems, not people.
NOT_PEOPLE = re.compile(
    r"(?i)(?:bot|\[bot\]|-ci|pipeline|system|automation|alertmanager|pagerduty|opsgenie|argocd|"
    r"argo|flux|jenkins|github|gitlab|kubernetes|k8s|prometheus|grafana|datadog|manual|unknown|"
    r"hindsight|slack|cron|scheduler|"
    # a file given to a command (curl -d @release.json), not a person
    r"\.(?:json|ya?ml|txt|csv|xml|sh|py|js|ts|env|conf|cfg|ini|log|toml|md|sql|gz|zip|tar|pem|"
    r"key|crt|bin|dat|html?))$"
)
NAME_STOPWORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "team",
        "oncall",
        "on-call",
        "sre",
        "ops",
        "dev",
        "admin",
        "root",
        "user",
        "service",
        "support",
        "staff",
        "eng",
        "engineering",
        "infra",
        "platform",
        "lead",
        "manager",
        "incident",
        "commander",
        "users",
        "deploy",
        "deployer",
        "release",
        "ci",
        "cd",
        "build",
        "monitor",
        "monitoring",
        "alert",
        "alerts",
        "alerting",
        "pager",
        "webhook",
        "import",
        "importer",
        "cli",
        "api",
        "web",
        "app",
        "kube",
        "terraform",
        "ansible",
        "puppet",
        "chef",
        "spinnaker",
        "buildkite",
        "circleci",
        "travis",
        "sentry",
        "honeycomb",
        "newrelic",
        "statuspage",
        "zapier",
        "none",
        "nobody",
        "everyone",
        "customer",
        "customers",
        "vendor",
        "security",
        "network",
        "database",
        "db",
        "backend",
        "frontend",
        "mobile",
        "data",
        "sales",
    ]
)


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def iban_ok(candidate: str) -> bool:
    """Mod-97 checksum, country code and the country's length and BBAN format (schwifty)."""
    value = re.sub(r"[ \-]", "", candidate).upper()
    if not 15 <= len(value) <= 34 or not value[2:4].isdigit():
        return False
    rearranged = value[4:] + value[:4]
    try:
        if int("".join(str(int(char, 36)) for char in rearranged)) % 97 != 1:
            return False
    except ValueError:
        return False
    try:
        from schwifty import IBAN
        from schwifty.exceptions import SchwiftyException
    except ImportError:  # pragma: no cover - declared dependency
        return True
    try:
        IBAN(value)
    except SchwiftyException:
        return False
    return True


def _iban_prefix(value: str) -> str | None:
    """The longest prefix of a candidate run that is a valid IBAN ("DE89 3704 … 00 and")."""
    positions = [i for i, char in enumerate(value) if char.isalnum()]
    for count in range(min(len(positions), 34), 14, -1):
        prefix = value[: positions[count - 1] + 1]
        if iban_ok(prefix):
            return prefix
    return None


def people_from_names(names: Iterable[str | None]) -> list[Person]:
    """One Person per distinct roster entry; "alice.martin" also answers to Alice Martin."""
    people: dict[str, Person] = {}
    for raw in names:
        if not raw:
            continue
        name = raw.strip().lstrip("@")
        if "@" in name:  # an e-mail address: the e-mail rule covers it, its local part is a name
            name = name.split("@", 1)[0]
        if len(name) < 2 or NOT_PEOPLE.search(name):
            continue
        key = re.sub(r"[\s._\-]+", " ", name).strip().lower()
        if key in people or key in NAME_STOPWORDS:
            continue
        spellings = {name}
        words = key.split()
        if len(words) > 1:
            spellings.add(" ".join(w.capitalize() for w in words))
            spellings.update(w for w in (name, ".".join(words), "_".join(words), "-".join(words)))
        people[key] = Person(key=key, names=sorted(spellings, key=len, reverse=True))
    return list(people.values())


def _people_regex(people: list[Person]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One alternation over every spelling; single words of multi-word names match only
    capitalised (so "Will Grant" does not redact "we will grant access")."""
    lookup: dict[str, str] = {}
    full: list[str] = []
    parts: list[str] = []
    for person in people:
        for spelling in person.names:
            lookup.setdefault(spelling.lower(), person.key)
            if " " in spelling or len(spelling) < 3:  # "Will Grant" as written, not "will grant"
                parts += [
                    re.escape(spelling),
                    re.escape(spelling.title()),
                    re.escape(spelling.upper()),
                ]
            else:  # user names: any case
                full.append(re.escape(spelling))
        words = person.key.split()
        if len(words) > 1:
            for word in words:
                if len(word) >= 3 and word not in NAME_STOPWORDS:
                    lookup.setdefault(word, person.key)
                    parts.append(re.escape(word.capitalize()))
                    parts.append(re.escape(word.upper()))
    if not full and not parts:
        return None, lookup
    full.sort(key=len, reverse=True)
    parts.sort(key=len, reverse=True)
    alternatives = []
    if parts:
        alternatives.append("|".join(parts))
    if full:
        alternatives.append(f"(?i:{'|'.join(full)})")
    pattern = rf"(?<![\w@])(?:{'|'.join(alternatives)})(?![\w]|@[\w])"
    return re.compile(pattern), lookup


# Mailboxes of a function or a machine, not of a person: redacted (they are internal), but
# with a low confidence, since they are not personal data.
ROLE_MAILBOX = re.compile(
    r"(?i)^(?:no-?reply|do-?not-?reply|bounces?|mailer-daemon|postmaster|hostmaster|webmaster|"
    r"abuse|security|privacy|support|help|helpdesk|info|billing|status|alerts?|incidents?|"
    r"incident-review|oncall|on-call|sre|ops|devops|platform|noc|soc)@"
    r"|@(?:[\w\-]+\.)*(?:gserviceaccount\.com|users\.noreply\.github\.com)$"
)


def _emails(text: str) -> Iterator[Span]:
    for match in EMAIL_RE.finditer(text):
        if ROLE_MAILBOX.search(match.group()):  # still internal: redacted, flagged as a guess
            yield Span(match.start(), match.end(), Kind.EMAIL, "email", match.group().lower(), 0.5)
            continue
        yield Span(match.start(), match.end(), Kind.EMAIL, "email", match.group().lower())
    if "%40" in text:
        for match in ENCODED_EMAIL_RE.finditer(text):  # receipt_email=ana.lima%40example.org
            key = match.group().replace("%40", "@").lower()
            guess = 0.5 if ROLE_MAILBOX.search(key) else 1.0
            yield Span(match.start(), match.end(), Kind.EMAIL, "email-encoded", key, guess)


# an address percent-encoded in a URL query or a form body
ENCODED_EMAIL_RE = re.compile(
    r"(?<![\w.+\-])[A-Za-z0-9._+\-]{1,64}%40(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,24}(?![\w\-])"
)
DOCUMENTATION_NETS = tuple(
    ipaddress.IPv4Network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")
)


def _ips(text: str) -> Iterator[Span]:
    for match in IPV4_RE.finditer(text):
        value = match.group()
        address = value.split("/", 1)[0]
        try:
            parsed = ipaddress.IPv4Address(address)
        except ValueError:
            continue
        if parsed.is_unspecified or parsed.is_loopback:
            continue  # 0.0.0.0/0 ("anywhere") and 127.0.0.1 (this machine) name no one
        if "/" in value and any(parsed in net for net in DOCUMENTATION_NETS):
            continue  # 198.51.100.0/24: a documentation range (RFC 5737), no one's address
        before = text[max(0, match.start() - 12) : match.start()].lower()
        if re.search(r"(?:version|v|release|tag)[\s:=]*$", before):  # "v1.2.3.4"
            continue
        product = text[max(0, match.start() - 24) : match.start()]
        if re.search(r"(?<![\w.\-])[A-Z][A-Za-z]+/$", product):  # a version: "WhatsApp/2.24.21.88"
            continue
        yield Span(match.start(), match.end(), Kind.IP, "ipv4", address)
    for match in IPV6_RE.finditer(text):
        value = match.group()
        address = value.split("/", 1)[0].split("%", 1)[0]
        if address.count(":") < 2 or (re.fullmatch(r"[\d:]+", address) and address.count(":") < 4):
            continue  # 12:30:45 is a time, not an address
        try:
            parsed6 = ipaddress.IPv6Address(address)
        except ValueError:
            continue
        if parsed6.is_loopback or parsed6.is_unspecified:
            continue  # ::1 and :: name no one
        canonical = parsed6.compressed
        yield Span(match.start(), match.end(), Kind.IP, "ipv6", canonical)


CARD_CONTEXT = re.compile(
    r"(?i)\b(?:card|carte|tarjeta|cartão|carta|karte|kaart|kort|karta|visa|mastercard|amex|"
    r"pan|cc|credit|debit)\b[^\n\d]{0,20}$"
)


# a card masked as PCI DSS allows, first six and last four digits kept: 5105-80**-****-2190,
# 625001******7761 (a fully masked card names no one and stays)
MASKED_CARD_RE = re.compile(
    r"(?<![\w\-.*])[2-6]\d{3}(?P<s>[ \-]?)\d{2}[*Xx•]{2}(?P=s)[*Xx•]{4}(?P=s)\d{4}(?![\w\-*])"
)

MASKED_KEY_BEFORE = re.compile(
    r"(?i)masked[\w\-]*[\"']?[ \t]*[=:][ \t]*[\"']?$|_masked[\"']?[ \t]*[=:][ \t]*[\"']?$"
)


# a number the text calls a payment provider's published test number: "(Stripe test numbers)"
TEST_CARD_CUE = re.compile(
    r"(?i)\b(?:stripe|adyen|braintree|paypal|documented|published|sandbox)(?:'s)?[ \t]+"
    r"test[ \-](?:cards?|numbers?|pans?)\b"
)


# Stripe's documented test numbers (docs.stripe.com/testing, every brand): they open no one's account,
# whatever the text around them says.
DOCUMENTED_TEST_CARDS = frozenset(
    {
        "4242424242424242", "4000056655665556", "5555555555554444", "2223003122003222",
        "5200828282828210", "6200000000000005", "4000002500003155",
        "4000002760003184", "378282246310005", "371449635398431", "6011111111111117",
        "6011000990139424", "3056930009020004", "36227206271667", "3566002020360505",
        "5105105105105100",
    }
)  # fmt: skip
# Stripe's outcome cards: 4000 0000 0000 0002 (declined), …0069 (expired), …9995 (funds)
STRIPE_OUTCOME_CARD = re.compile(r"4000000000\d{6}")


def documented_test_card(digits: str) -> bool:
    return digits in DOCUMENTED_TEST_CARDS or STRIPE_OUTCOME_CARD.fullmatch(digits) is not None


def card_issuer_prefix(digits: str) -> bool:
    """Opens like a card the networks issue: Visa 4, Mastercard 51–55 and 2221–2720, Amex,
    Diners and JCB 3, Discover, Maestro, UnionPay, RuPay and Verve 5/6 (not an order number
    "2026073100418832" that happens to pass Luhn); and the domestic networks of Russia (Mir
    2200–2204), Vietnam (Napas 9704), Türkiye (Troy 9792) and Uzbekistan (Humo 9860, Uzcard
    8600)."""
    if digits[0] in "3456":
        return True
    if digits[:4] in DOMESTIC_CARD_PREFIXES and len(digits) == 16:
        return True
    return digits[0] == "2" and 2221 <= int(digits[:4]) <= 2720


DOMESTIC_CARD_PREFIXES = frozenset(
    {"2200", "2201", "2202", "2203", "2204", "9704", "9792", "9860", "8600"}
)


def _cards(text: str) -> Iterator[Span]:
    for match in MASKED_CARD_RE.finditer(text):
        if MASKED_KEY_BEFORE.search(text, max(0, match.start() - 30), match.start()):
            continue  # masked_pan=…: the form a gateway logs by design, kept as its field says
        if not match.group("s") and match.group().count("*") == 6:
            continue  # 535522******4410: the PCI truncation a gateway logs (first six, last four)
        yield Span(match.start(), match.end(), Kind.CARD, "card-masked", match.group(), 0.9)
    for match in CARD_RE.finditer(text):
        if text[max(0, match.start() - 1) : match.start()] == "+":
            continue  # +20 10 1234 5678 is a phone number whatever Luhn says
        if text[max(0, match.start() - 1) : match.start()] == "/" and re.search(
            r"://\S*$", text[max(0, match.start() - 200) : match.start()]
        ):
            continue  # a path segment of a URL (a project or object id), not a card
        digits = re.sub(r"\D", "", match.group()).translate(ASCII_DIGITS)  # Persian, Arabic digits
        if not (12 <= len(digits) <= 19 and len(set(digits)) > 1):
            continue
        if documented_test_card(digits) or TEST_CARD_CUE.search(
            text, max(0, match.start() - 80), min(len(text), match.end() + 80)
        ):
            continue  # a payment provider's published test number opens no one's account
        if text[max(0, match.start() - 2) : match.start()] == "::":
            continue  # arn:aws:iam::319004417782:role/…: an AWS account id
        if luhn_ok(digits) and not card_issuer_prefix(digits) and za_idnr.is_valid(digits):
            # a South African identity number (birth date, Luhn) where no card network opens
            yield Span(match.start(), match.end(), Kind.ID, "za-id-number", digits)
        elif luhn_ok(digits) and (
            card_issuer_prefix(digits)
            or CARD_CONTEXT.search(text, max(0, match.start() - 30), match.start())
        ):
            yield Span(match.start(), match.end(), Kind.CARD, "card-luhn", digits)
        elif CARD_CONTEXT.search(text, max(0, match.start() - 30), match.start()):
            # a mistyped or masked card number is still one when the text says so
            yield Span(
                match.start(), match.end(), Kind.CARD, "card-context", digits, confidence=0.7
            )


def _ibans(text: str) -> Iterator[Span]:
    for match in IBAN_RE.finditer(text):
        value = _iban_prefix(match.group())
        if value is not None:
            key = re.sub(r"[ \-]", "", value).upper()
            yield Span(match.start(), match.start() + len(value), Kind.IBAN, "iban-checksum", key)


TEL_URI = re.compile(r"(?i)\b(?:tel|callto|sms|whatsapp):/{0,2}(?P<v>\+?\d[\d\-.() ]{5,20}\d)")


# a subscriber's number as a path segment or query value of an API call:
# /v2/subscribers/+918989704804/balance, ?msisdn=%2B27821234567
URL_PHONE = re.compile(r"(?<=[/=])(?:\+|%2B)(?P<d>\d{8,15})(?=[/?&#\s\\\"']|$)")


# the same without its plus, where the key or the path names a recipient: ?to=2126…,
# "phones=7985…", {"to":"5025…"}, /subscribers/9955…/balance
KEYED_PHONE = re.compile(
    r"(?i)(?:[?&]|\b)(?:to|phones?|msisdn|mobile|recipients?|receiver|destination|dest|"
    r"number)[\"']?[ \t]*[=:][ \t]*[\"']?(?P<d>[1-9]\d{9,13})(?![\w.\-])"
    r"|/(?:subscribers?|msisdns?|phones?|numbers?|mobiles?)/(?P<p>[1-9]\d{9,13})(?=[/?#\s\"']|$)"
)


def _url_phones(text: str) -> Iterator[Span]:
    import phonenumbers

    for match in KEYED_PHONE.finditer(text) if "/" in text or "=" in text or ":" in text else ():
        group = "d" if match.group("d") else "p"
        digits = match.group(group)
        try:
            number = phonenumbers.parse("+" + digits, None)
        except phonenumbers.NumberParseException:
            continue
        mobile = phonenumbers.number_type(number) in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )
        if phonenumbers.is_valid_number(number) and mobile:
            yield Span(match.start(group), match.end(group), Kind.PHONE, "phone-in-url", digits)

    for match in URL_PHONE.finditer(text) if "/" in text or "=" in text else ():
        try:
            number = phonenumbers.parse("+" + match.group("d"), None)
        except phonenumbers.NumberParseException:
            continue
        value = "+" + match.group("d")
        if phonenumbers.is_valid_number(number) and not _business_or_fictional(value, "", ""):
            yield Span(match.start(), match.end(), Kind.PHONE, "phone-in-url", match.group("d"))


CASE_BEFORE = re.compile(
    r"(?i)\b(?:case|ticket|order|incident|request|ref)[ \t]*(?:#|no\.?|nr\.?)?[ \t]*$"
    # a customer's or a service's number with a utility or a carrier, in its own words
    r"|(?i:\b(?:service|customer|contract|meter|account|invoice|vendor|supplier)[ \t_\-]?"
    r"(?:number|no\.?|nr\.?|#)|n[úu]mero de (?:servicio|cliente|contrato|cuenta|medidor|factura)|"
    r"num[ée]ro de (?:client|contrat|compte|facture)|kundennummer|vertragsnummer|"
    r"z[áa]kazn[íi]cke [čc][íi]slo|lifnr|kunnr)[ \t]*[:#]?[ \t]*$"
)


# a table column of phone numbers: "rut,nombre,cargo,faena,celular,correo"
PHONE_COLUMN = re.compile(
    r"(?i)(?:phone|mobile|cell|tel|telephone|msisdn|celular|cel|m[óo]vil|telefone|tel[ée]fono|s[íi]mi|"
    r"telefon(?:nummer)?|handy|mobil|portable|whatsapp)(?:[ _\-]?(?:no|nr|number|n[úu]mero))?"
)


def _column_phones(text: str) -> Iterator[Span]:
    """National numbers under a phone column, valid where the text's countries dial them."""
    for start, value in table_cells(text, PHONE_COLUMN):
        value = value.strip().strip("\"'")
        digits = re.sub(r"\D", "", value)
        if not 7 <= len(digits) <= 15 or not re.fullmatch(r"[+(]?[\d][\d ().\-]{5,20}", value):
            continue
        if (
            _dialable(value)
            or _valid_where_named(text, value, min_digits=7)
            or _mobile_somewhere(value)
            or (len(digits) >= 11 and _dialable("+" + digits))  # 905321234567: no plus
        ):
            offset = text.index(value, start)
            yield Span(offset, offset + len(value), Kind.PHONE, "phone-column", digits, 0.85)


def _phones(text: str) -> Iterator[Span]:
    yield from _url_phones(text)
    yield from _column_phones(text)
    for match in TEL_URI.finditer(text):  # tel:+442079460958
        digits = re.sub(r"\D", "", match.group("v"))
        yield Span(match.start("v"), match.end("v"), Kind.PHONE, "phone", digits)
    for match in PHONE_RE.finditer(text):
        value = match.group().strip().translate(ASCII_DIGITS)  # "۰۹۱۲ ۷۵۹ ۵۱۸۵": one length
        start = match.start() + (len(match.group()) - len(match.group().lstrip()))
        digits = re.sub(r"\D", "", value.split("x")[0].split("ext")[0])
        if not 7 <= len(digits) <= 15:
            continue
        if digits.count("0") >= len(digits) - 3:
            continue  # "000000000820", "00000000 0000": a device id or hash padding, not a number
        if digits.startswith("000"):
            continue  # "LIFNR 0000481223": a zero-padded record number; no dialling starts so
        if re.fullmatch(r"\d{4}[\-./]\d{2}[\-./]\d{2}|\d{2}[\-./]\d{2}[\-./]\d{4}", value):
            continue  # a date
        if re.match(
            r"\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[ T](?:[01]\d|2[0-3])[0-5]\d[0-5]\d\b",
            value,
        ):
            continue  # "081109 204453 34": yyMMdd HHmmss and a thread id (HDFS), not a number
        if re.fullmatch(r"\d{5}-\d{3}|\d{4}-\d{3}", value):
            continue  # a Brazilian CEP or a Portuguese código postal, not a phone number
        if re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", value):
            continue  # a dotted quad: an IP address (or a range) even where that rule keeps it
        grouped = len(re.findall(r"\d+", value)) > 1
        strong = bool(
            (re.match(r"(?:\+|00|\(\+)\d", value) and len(digits) >= 8)
            or re.fullmatch(
                r"(?:1[ .\-])?\(?\d{3}\)?[ .\-]?\d{3}[ .\-]\d{4}(?:[ ]?(?:x|ext\.?)[ ]?\d+)?", value
            )
            or re.fullmatch(r"\(\d{3}\)\d{3}-\d{4}(?:x\d+)?", value)
        )
        before = text[max(0, start - 60) : start]
        after = text[match.end() : match.end() + 20]
        if QUANTITY_AFTER.match(after):
            continue
        if CASE_BEFORE.search(before):
            continue  # "[Case 00471823]", "ticket #00471823": a case number
        if _business_or_fictional(value, text[max(0, start - 40) : start], after):
            continue
        context = bool(PHONE_CONTEXT.search(before) or PHONE_AFTER.match(after))
        if strong or (context and (grouped or len(digits) >= 8)):
            yield Span(start, start + len(value), Kind.PHONE, "phone", digits)
        elif grouped and not MONTH_BEFORE.search(before) and _dialable(value):
            yield Span(start, start + len(value), Kind.PHONE, "phone-valid", digits, confidence=0.7)
        elif (
            not grouped
            and len(digits) == 10
            and digits[0] in "06789"  # a trunk 0 or a mobile range; not 1…/2… ids and epochs
            and RECORD_BEFORE.search(before)
            and RECORD_AFTER.match(after)
            and _mobile_somewhere(value)
        ):  # "| 6887138651 |", "Gallagher — 0415511568": a mobile number in a record
            yield Span(
                start, start + len(value), Kind.PHONE, "phone-record", digits, confidence=0.7
            )
        elif (
            (grouped or len(digits) >= 9)
            and (
                LOOSE_PHONE_CUE.search(before[-40:])
                or _record_cell(before, after)
                or (grouped and _own_line(before, after))
            )
            and _valid_where_named(text, value, min_digits=7 if grouped else 8)
        ):  # "mobile if all else fails: 987 654 321 (Lima)", "| 9123 4567 |" in Singapore rows
            yield Span(
                start, start + len(value), Kind.PHONE, "phone-region", digits, confidence=0.7
            )
        elif (
            not grouped
            and 11 <= len(digits) <= 13
            and (LOOSE_PHONE_CUE.search(before[-40:]) or RECORD_BEFORE.search(before))
            and RECORD_AFTER.match(after)
            and _international_where_named(text, digits)
        ):  # "next of kin: …, 256712345678": a country code without its plus
            yield Span(
                start, start + len(value), Kind.PHONE, "phone-region", digits, confidence=0.7
            )
    for match in SLASH_PHONE_RE.finditer(text):  # 0160/2918510: German-style area code slash
        if _dialable(match.group().replace("/", " ")):
            digits = re.sub(r"\D", "", match.group())
            yield Span(
                match.start(), match.end(), Kind.PHONE, "phone-valid", digits, confidence=0.7
            )


# North American toll-free prefixes: a business's line, not a person's
TOLL_FREE = re.compile(r"(?:\+?1[ .\-]?)?\(?8(?:00|33|44|55|66|77|88)\)?[ .\-]?\d{3}[ .\-]?\d{4}")
# a meeting's dial-in line belongs to the conferencing service, not to a person
CONFERENCE_BEFORE = re.compile(
    r"(?i)\b(?:dial[- ]?in|conference\s+(?:line|number|dial-in)|meeting\s+dial-in)\b"
    r"(?:\s+(?:number|no\.?|line))?[:\s]*$"
)
FICTIONAL_555 = re.compile(r"(?:\+?1[ .\-]?)?\(?[2-9]\d\d\)?[ .\-]?555[ .\-]?01\d\d")
FICTIONAL_BEFORE = re.compile(r"(?i)\b(?:fictional|fictitious|made-up)\b[^\n\d]{0,20}$")
FICTIONAL_AFTER = re.compile(r"(?i)^[ \t]*\((?:fictional|fictitious|made-up)\b")


def _business_or_fictional(value: str, before: str, after: str) -> bool:
    """A toll-free number (+1 800 …) or a meeting's dial-in line, or a 555-01xx number the text
    calls fictional where it stands ("the fictional 212-555-0142", "212-555-0142 (fictional)")."""
    if TOLL_FREE.fullmatch(value) or CONFERENCE_BEFORE.search(before):
        return True
    return bool(
        FICTIONAL_555.fullmatch(value)
        and (FICTIONAL_BEFORE.search(before) or FICTIONAL_AFTER.match(after))
    )


# A field of a record: a table cell, a CSV/list field, or the value after a dash.
RECORD_BEFORE = re.compile(r"(?:[|,;]|\s[—–-])[ \t]*$")
RECORD_AFTER = re.compile(r"[ \t]*(?:[|,;]|$)", re.MULTILINE)
SLASH_PHONE_RE = re.compile(r"(?<![\w/.\-])0\d{2,4}/\d{3,4}[ \-]?\d{2,5}(?![\w/.\-])")


def _mobile_somewhere(value: str) -> bool:
    """Ten ungrouped digits that are a mobile number of one of PHONE_REGIONS."""
    import phonenumbers

    # MOBILE only: FIXED_LINE_OR_MOBILE (US, CA) would take any ten digits with an area code
    mobile = (phonenumbers.PhoneNumberType.MOBILE,)
    for region in PHONE_REGIONS:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in mobile:
            return True
    return False


# Where a national number (no +country code) is tried; the first that accepts it wins.
PHONE_REGIONS = (
    "US", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "PT", "IE", "CH", "AT", "SE", "NO", "DK",
    "FI", "PL", "CZ", "IN", "BR", "MX", "JP", "KR", "CN", "AU", "NZ", "ZA", "NG", "KE", "EG",
    "AE", "SA", "TR", "SG", "CA", "AR", "CO", "CL", "HU", "RO", "LT", "UA", "RU", "KZ", "BY",
    "IL", "TH", "VN", "ID", "PH", "MY", "PK", "BD", "LK", "TW", "PE", "VE", "EC", "UY", "GR",
    "HR", "SI", "RS", "BG", "SK", "IR", "IQ", "MA", "DZ", "TN", "GH", "UG", "TZ", "ET",
)  # fmt: skip


def _dialable(value: str) -> bool:
    """A grouped digit string that is a valid phone number by Google's metadata: with its
    country code, or as a national number (leading 0 or area code in brackets) of a country."""
    try:
        import phonenumbers
    except ImportError:  # pragma: no cover - declared dependency
        return False
    if value.startswith(("+", "00")):
        candidate = "+" + value.lstrip("+").removeprefix("00") if value.startswith("00") else value
        try:
            return phonenumbers.is_valid_number(phonenumbers.parse(candidate, None))
        except phonenumbers.NumberParseException:
            return False
    if not re.match(r"\(?0|\(\d|8[ ]?\(\d|8[ \-]9\d\d[ \-]", value):  # 8 (912) …: RU, KZ, BY trunk
        return _mobile_without_trunk_prefix(phonenumbers, value)
    for region in PHONE_REGIONS:
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(value, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


# "April 21-22 2020", "Mar 3 2024 14": a date, not a phone number
MONTH_BEFORE = re.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$"
)


def _mobile_without_trunk_prefix(phonenumbers: Any, value: str) -> bool:
    """A mobile number of a country that dials no leading 0 ("612 345 678" in Spain, "312 345
    6789" in Italy, "512 345 678" in Poland), written in three or more groups: a mobile range
    of the metadata, not just any valid number, so thousands ("1 234 567") do not count."""
    groups = re.findall(r"\d+", value)
    if len(groups) < 3 or len(groups[0]) < 2 or sum(map(len, groups)) < 8:
        return False
    for region in TRUNKLESS_REGIONS:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            continue
        mobile = phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
        if mobile and phonenumbers.is_valid_number(number):
            return True
    return False


# a phone's noun a few words before a digit group, looser than PHONE_CONTEXT: the region check
# (`_valid_where_named`) carries the rest of the evidence
LOOSE_PHONE_CUE = re.compile(
    r"(?i)\b(?:mobile|cell|phone|number|tel|t[ée]l|whatsapp|reach(?:able)?|call|ring|tried|celular|"
    # round 22: the call told as done ("called the customer back on 70 123 45 67")
    r"called|calling|calls|rang|dialled|dialed|texted|sms(?:ed)?|reached|"
    r"m[óo]vil|tel[ée]fono|telefone|telem[óo]vel|telefon|numer\w*|n[úu]mero|numara|τηλ|κινητό|fono|"
    r"dzwo[nń]\w*|zadzwo[nń]\w*|llam\w*|ligue|ligar|arayın|hívj\w*|"
    # Malay and Indonesian: "no hp", "nombor telefon", "HP:", "ponsel"
    r"no\.?[ ]?(?:hp|h/p|tel)|nombor|nomor|handphone|bimbit|ponsel|hp(?=[ \t]*:)|"
    # round 23: a call or a phone in more languages (Estonian, Lithuanian, Latvian, Croatian,
    # Russian, Kyrgyz and Mongolian, Arabic, French, German, Turkish, Swahili, Filipino,
    # Malagasy, Indonesian)
    r"helista\w*|numbril\w*|lauatelefon\w*|mobiil\w*|skambin\w*|paskamb\w*|telefono|zvanī\w*|tālr\w*|"
    r"nazva\w*|zvao|zvala|mob|телефон\w*|тел|утас\w*|звон\w*|позвон\w*|номер\w*|"
    r"الرقم|رقم|هاتف\w*|الهاتف|جوال\w*|موبايل|اتصل\w*|الاتصال|appel\w*|joindre|joignable|"
    r"portable|anruf\w*|handy|festnetz|aradı|simu|tumawag|niantso|finday|telepon|menelepon|"
    r"comunicarse|comun[ií]quese|llamar|llame|marque|"
    r"يتصل\w*|تتصل\w*|اتصلوا)(?!\w)"
)


def _own_line(before: str, after: str) -> bool:
    """A number alone on its line: a signature's or a contact block's."""
    return bool(re.search(r"\n[ \t>]*$", before) and re.match(r"[ \t]*(?:\n|$)", after))


def _record_cell(before: str, after: str) -> bool:
    return bool(re.search(r"\|[ \t]*$", before) and re.match(r"[ \t]*\|", after))


# a town this big is named to say which country's numbers a text may hold ("Dakar")
CITY_NAMES_COUNTRY = 150_000


@lru_cache(maxsize=1)
def _region_names() -> dict[str, frozenset[str]]:
    """Country and subdivision names (pycountry), lower case, to the regions they name: "lima"
    → PE, "georgia" → US and GE."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover - declared dependency
        return {}
    names: dict[str, set[str]] = {}
    for subdivision in pycountry.subdivisions:
        names.setdefault(subdivision.name.lower(), set()).add(subdivision.country_code)
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None)):
            if name:
                names.setdefault(name.lower(), set()).add(country.alpha_2)
    # round 22: a big city names its country too ("Dakar", "Port Louis", "Muscat")
    for city in world_cities():
        if city["population"] >= CITY_NAMES_COUNTRY:
            names.setdefault(city["name"].lower(), set()).add(city["countrycode"])
    return {name: frozenset(regions) for name, regions in names.items()}


# a country-code domain ("yahoo.gr", "ansd.gob.pe"), an international number's calling code, an
# IBAN's country: each says which country's national numbers the text may hold
CC_DOMAIN = re.compile(r"(?<=[a-z0-9])\.(?P<cc>[a-z]{2})(?![\w\-.]|\.[a-z])")
GENERIC_CC_DOMAINS = frozenset({"io", "co", "ai", "me", "tv", "ly", "so", "gg", "fm", "sh", "to"})
CALLING_CODE = re.compile(r"(?<![\w+])\+(?P<cc>[1-9]\d{0,2})[ \-]?\(?\d")
IBAN_COUNTRY = re.compile(r"\b(?P<cc>[A-Z]{2})\d\d(?: ?[A-Z0-9]{4}){3,7}")


def _regions_from_codes(text: str) -> set[str]:
    import phonenumbers

    regions: set[str] = set()
    for match in CC_DOMAIN.finditer(text):
        if match["cc"] not in GENERIC_CC_DOMAINS:
            regions.add("GB" if match["cc"] == "uk" else match["cc"].upper())
    for match in CALLING_CODE.finditer(text):
        regions.update(phonenumbers.region_codes_for_country_code(int(match["cc"])))
    regions.update(match["cc"] for match in IBAN_COUNTRY.finditer(text))
    return regions & phonenumbers.SUPPORTED_REGIONS


@lru_cache(maxsize=4)  # asked once per candidate number of the same text
def _named_regions(text: str) -> frozenset[str]:
    names = _region_names()
    regions: set[str] = _regions_from_codes(text)
    # every run of up to four capitalised words within a run of them: "Our Senegal agent" names
    # Senegal, "Our Hong Kong agent" Hong Kong, "Papua New Guinea" itself (round 22)
    for match in re.finditer(r"[A-Z][^\W\d_]+(?:[ \-][A-Z][^\W\d_]+)*", text):
        words = re.split(r"(?<=[^\W\d_])(?=[ \-])", match.group())
        for first in range(len(words)):
            for last in range(first + 1, min(first + 4, len(words)) + 1):
                candidate = "".join(words[first:last]).strip(" -")
                regions |= names.get(candidate.lower(), frozenset())
    return frozenset(regions)


def _valid_where_named(text: str, value: str, *, min_digits: int = 8) -> bool:
    """A national number (no country code) valid in a country the text names, by its own name
    or a province's or city's: "987 654 321" beside "Lima" is a Peruvian mobile. Seven-digit
    numbers (Iceland, Fiji) only where a column or a cue already says phone (`min_digits`)."""
    try:
        import phonenumbers
    except ImportError:  # pragma: no cover - declared dependency
        return False
    if value.startswith(("+", "00")) or len(re.sub(r"\D", "", value)) < min_digits:
        return False
    for region in sorted(_named_regions(text)):
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(value, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


def _international_where_named(text: str, digits: str) -> bool:
    """Digits that are a mobile number once a plus is put before them, of a country the text
    names (its name, a city, a calling code, a domain or an IBAN)."""
    import phonenumbers

    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return False
    region = phonenumbers.region_code_for_number(number)
    mobile = phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    return mobile and region in _named_regions(text) and phonenumbers.is_valid_number(number)


# Arabic-Indic and Persian digits, read as the ASCII digits phone metadata is written in
ASCII_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


# Countries whose national numbers start without a trunk 0.
TRUNKLESS_REGIONS = (
    "ES", "PT", "IT", "PL", "GR", "NO", "DK", "CZ", "SK", "LU", "MT", "CY", "CN", "CO", "LV", "EE",
    "IS", "LB", "TN",
)  # fmt: skip


def _people(text: str, context: RedactionContext) -> Iterator[Span]:
    regex, lookup = _people_regex(context.people)
    if regex is not None:
        for match in regex.finditer(text):
            key = lookup.get(match.group().lower(), match.group().lower())
            yield Span(match.start(), match.end(), Kind.PERSON, "roster-name", key)
    for match in SLACK_LABEL_RE.finditer(text):  # <@U02AB3CD|jane.doe>: the label is the name
        name = match.group("name")
        key = lookup.get(re.sub(r"[\s._\-]+", " ", name).strip().lower(), name.lower())
        yield Span(match.start("name"), match.end("name"), Kind.PERSON, "mention", key)
    for match in HANDLE_RE.finditer(text):
        handle = match.group(1)
        if handle.lower() in NOT_HANDLES or NOT_PEOPLE.search(handle):
            continue
        norm = re.sub(r"[\s._\-]+", " ", handle).strip().lower()
        key = lookup.get(norm, lookup.get(handle.lower(), norm))
        end = match.end()
        if handle[:1].isupper() and handle.isalpha():
            end = surname_after(text, end, handle)
        yield Span(match.start(), end, Kind.PERSON, "mention", key)


def _internals(text: str, context: RedactionContext) -> Iterator[Span]:
    host_spans: list[Span] = []
    for kind, family, regex in context.compiled:
        for match in regex.finditer(text):
            if match.end() > match.start():
                span = Span(match.start(), match.end(), kind, f"workspace:{family}", match.group())
                (host_spans if kind is Kind.HOST else []).append(span)
                yield span
    for match in HOSTNAME_RE.finditer(text):
        if "." in match.group() and BUILTIN_INTERNAL_SUFFIX.search(match.group()):
            span = Span(
                match.start(), match.end(), Kind.HOST, "internal-host", match.group().lower()
            )
            host_spans.append(span)
            yield span
    # A URL on an internal host reveals its path too: host and path go. Its query string and a
    # versioned file name at the end stay ("?month=2026-01", "agent-3.2.1.tar.gz"); secrets in a
    # query are the secret rules' business ("?token=…").
    for match in URL_RE.finditer(text):
        url = internal_url_part(match.group().rstrip(".,;:!?"))
        end = match.start() + len(url)
        if any(match.start() <= h.start and h.start < end for h in host_spans):
            yield Span(match.start(), end, Kind.URL, "internal-url", url)


ARTIFACT_NAME = re.compile(
    r"/(?P<name>[\w.\-]*\d[\w.\-]*\.(?:tar\.gz|tgz|tar|zip|gz|jar|war|whl|deb|rpm|apk|exe|msi|"
    r"dmg|iso|img|bin|sha256|sig|asc))$"
)


SECRET_QUERY_KEY = re.compile(r"(?i)token|key|secret|pass|sig|auth|code|credential")
HARMLESS_QUERY_VALUE = re.compile(r"[\d\-:.TZ+%]*")  # dates, times, numbers, versions


def internal_url_part(url: str) -> str:
    """The part of an internal URL to hide: all of it up to the last query parameter whose value
    is more than a date or a number, so "?month=2026-01" and a trailing artifact file name stay
    while "?var-ns=checkout" goes with the host."""
    base, _, query = url.partition("?")
    base = base.split("#", 1)[0]
    end = len(base)
    offset = len(base) + 1
    for parameter in query.split("#", 1)[0].split("&") if query else []:
        key, _, value = parameter.partition("=")
        secret = SECRET_QUERY_KEY.search(key)  # hidden by the secret rules on their own
        if not secret and not HARMLESS_QUERY_VALUE.fullmatch(value):
            end = offset + len(parameter)
        offset += len(parameter) + 1
    if end == len(base):
        artifact = ARTIFACT_NAME.search(base)
        end = artifact.start("name") if artifact else end
    return url[:end]


# a street named in prose, without a house number ("met on Calle Mayor", "Rua Augusta is
# closed"): the street word opens it, so it is no person's name
STREET_NAME = re.compile(
    r"(?:Calle|Carrera|Avenida|Calzada|Rua|Travessa|Praça|Via|Viale|Piazza|Corso|Largo|Ulica|"
    r"Aleja|Rue|Paseo|Plaza|Alameda|Camino|Rambla|Ruta|Boulevard)[ \t]+[A-ZÀ-Þ]"
)


def _street_name(text: str, span: Span) -> bool:
    return span.rule == "name-in-prose" and bool(STREET_NAME.match(text, span.start, span.end))


def pii_spans(text: str, context: RedactionContext) -> list[Span]:
    """Every personal-data and internals finding in `text` (may overlap)."""
    columns = list(column_spans(text))
    people = [
        *_people(text, context),
        *prose_person_spans(text),
        *record_person_spans(text),
        *byline_person_spans(text),
        *account_spans(text),
        *name_shaped_handles(text),
        *lowercase_speakers(text),
        *(s for s in columns if s.kind is Kind.PERSON),
    ]
    people = [s for s in people if not _street_name(text, s)]
    people = with_particles(text, people)
    people += nicknames(text, people)
    people += initial_surname_logins(text, people)
    people += derived_logins(text, people)
    people += parts_of_placed_names(text, people)
    people += given_names_of_handles(text, people)
    found = [
        *_emails(text),
        *_ips(text),
        *_cards(text),
        *_ibans(text),
        *_phones(text),
        *people,
        *with_particles(text, [*alias_spans(text, people), *repeated_full_names(text, people)]),
        *repeated_name_parts(text, people),
        *repeated_handles(text, people),
        *initial_surnames(text),
        *signoff_initials(text),
        *address_spans(text),
        *postal_address_spans(text),
        *_address_fields(text),
        *_labelled_address_lines(text),
        *_msisdns(text),
        *(s for s in columns if s.kind in (Kind.ADDRESS, Kind.ID)),
        *id_spans(text),
        *_internals(text, context),
    ]
    found += _repeated_ids(text, found)
    return _address_edges(text, _addresses_without_phones(text, found))


def _repeated_ids(text: str, found: list[Span]) -> Iterator[Span]:
    """An identity number found once is the same number wherever else it stands: in an API
    path (`/members/XQH884102637/`), a file name (`XQH884102637_EOB.pdf`), a later sentence."""
    values = {
        text[s.start : s.end]
        for s in found
        if s.kind is Kind.ID
        and s.end - s.start >= 7
        and sum(c.isdigit() for c in text[s.start : s.end]) >= 5
    }
    for value in values:
        pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(value)}(?![A-Za-z0-9])")
        for match in pattern.finditer(text):
            yield Span(match.start(), match.end(), Kind.ID, "same-id", value, 0.85)


# Mexican states as addresses abbreviate them
REGION_ABBREVIATIONS = (
    "Ags", "Camp", "Chih", "Chis", "Coah", "Dgo", "Edo. Méx", "Gro", "Gto", "Hgo", "Jal", "Méx",
    "Mich", "Mor", "Nay", "Oax", "Pue", "Qro", "Tamps", "Tlax", "Yuc", "Zac",
)  # fmt: skip


# What an address found from its postcode often leaves out: the state after the town
# (", CDMX", ", NSW") and the house number with its French suffix ("207 bis [boulevard …]").
STATE_AFTER = re.compile(
    r",[ \t]?(?!(?:IBAN|BIC|SWIFT|SSN|PAN|NIE|DNI|CPF|VAT|TEL|FAX|PIN|SIN|NINO|BSN)\b)"
    r"[A-Z]{2,5}(?![\w\-@]|\.\w)"
    # a state written with dots: "Tijuana, B.C.", "Guadalajara, Jal."
    r"|,[ \t]?(?:[A-Z]\.[ ]?){2,3}(?![\w])|,[ \t]?(?:" + "|".join(REGION_ABBREVIATIONS) + r")\."
    r"(?![\w])"
)
# an Italian province in brackets after the CAP and town: "20127 Milano (MI)"
ITALIAN_TOWN_END = re.compile(r"(?<![\w\-])\d{5}[ \t]+[^\W\d_][^\d,\n]{1,30}$")
PROVINCE_AFTER = re.compile(r"[ \t]\([A-Z]{2}\)(?![\w])")
# what trails a Latin American town: "Bogotá D.C. 110221", "São Paulo - SP, CEP 01304-001"
TOWN_TAIL_AFTER = re.compile(
    r"(?:[ \t]+D\.[ \t]?[CF]\.)?(?:[ \t]*[,\-][ \t]*[A-Z]{2})?"
    r"(?:,?[ \t]+(?:CEP|C\.P\.|CP)?[ \t]?\d{5,6}(?:-\d{3})?(?![\w\-]|[.,]\d|[ \t]\d))"
    r"|[ \t]+D\.[ \t]?[CF]\.(?![\w])"
)
# a Turkish neighbourhood before its street: "Atatürk Mah. Cumhuriyet Cad. No: 15"
NEIGHBOURHOOD_BEFORE = re.compile(r"(?:[A-ZÇĞİÖŞÜ][^\W\d_]+[ \t]+){1,3}Mah(?:allesi|\.)?[ \t,]*$")
# the flat, unit or building before a street address: "Plot 1234 …", "Apartment 1203, …"
UNIT_BEFORE = re.compile(
    r"(?i:\b(?:plot|flat|apt\.?|apartment|unit|suite|ste\.|office|shop|villa|bât\.|bâtiment|level|"
    r"oficina|depto\.?|piso))[ \t]+(?:#?[A-Z0-9][\w\-/]{0,6}(?:,[ \t]*|[ \t]+))?$"
)
# a Japanese address written in Latin ends on its block number: "…, Jingumae 1-2-3"
JAPANESE_AREA = re.compile(r"-(?:ku|shi|to|fu|ken|cho|machi|gun)\b|〒|\bChome\b")
JAPANESE_BLOCK_AFTER = re.compile(r"[ \t]\d{1,4}(?:-\d{1,4}){1,2}(?![\w\-])")
HOUSE_BEFORE = re.compile(r"(?<![\w.\-])\d{1,5}[ ]?(?:bis|ter|quater|[A-Za-z])?[ ]$")


# A logged or configured field named for a postal address: billing_address="Flat 1105, …".
ADDRESS_FIELD = re.compile(
    r"(?i)(?<![\w.])(?P<key>[\w.\-]{0,30}(?:address|anschrift|adresse|direcci[oó]n|endere[cç]o))"
    r"[\"']?[ \t]*[=:][ \t]*(?P<q>[\"'])(?P<v>[^\"'\n]{8,200})(?P=q)"
)
NOT_POSTAL_KEY = re.compile(
    r"(?i)(?:e-?mail|ip|mac|remote|bind|listen|server|host|web|wallet|"
    r"contract|memory|base|return|from|to|reply|node|peer|mail)[_.\-]?address$"
)


def _address_fields(text: str) -> Iterator[Span]:
    for match in ADDRESS_FIELD.finditer(text):
        value = match.group("v")
        if NOT_POSTAL_KEY.search(match.group("key")) or "@" in value or "://" in value:
            continue
        if (
            re.search(r"\d", value)
            and re.search(r"[^\W\d_]{3}", value)
            and re.search(r"[ ,]", value)
        ):
            yield Span(
                match.start("v"), match.end("v"), Kind.ADDRESS, "address-field", value.lower()
            )
    for match in STREET_LINE_FIELD.finditer(text):
        value = match.group("v").strip()
        if re.search(r"\d", value) and re.search(r"[^\W\d_]{3}", value) and "@" not in value:
            start = match.start("v")
            yield Span(start, start + len(value), Kind.ADDRESS, "address-field", value.lower())


# the street line of an address object, also in JSON escaped inside a string:
# {"line1": "Korenmarkt 3", …}, {\"address_line_1\":\"12 Rua Augusta\"}
# a labelled line of a form or record: "Adres: Kuştepe Mah. … 34387 Şişli/İstanbul",
# "Dirección: …", "Địa chỉ: …" — the rest of the line, when it holds a number and words
ADDRESS_LABEL_LINE = re.compile(
    r"(?im)^[ \t]*(?:[-*•][ \t]+)?(?:home |postal |mailing |billing |shipping |delivery )?"
    r"(?:address|adres|adresse|anschrift|dirección|direccion|endereço|endereco|indirizzo|"
    r"địa chỉ|dia chi|adresa|osoite|adress|cím|διεύθυνση|адрес)[ \t]*:[ \t]*"
    r"(?P<v>[^\n]{8,160}?)[ \t.]*$"
)
# a subscriber's number without its plus under a column or key named for it:
# msisdn IN ('2348044204966', …), "msisdn": "254712345678"
MSISDN_VALUE = re.compile(r"(?<![\w+])(?P<d>[1-9]\d{9,14})(?!\w)")
# …and under the other names records give a phone number: mention_mobiles = ["8613961516779"],
# "payer":"254798175861", wa_id, phone_numbers
PHONE_KEY = re.compile(
    r"(?i)(?<![^\W_])(?:msisdns?|mobiles?|mobile_?(?:no|number)s?|phones?|phone_?(?:no|number)s?|"
    r"tel|telephones?|cell(?:phone)?s?|whatsapp|wa_?id|payer|payee|sms_?to)(?![^\W_])"
)


LABEL_VALUE_END = re.compile(
    r"\.[ \t]|;|[ \t]\(|[ \t]+(?:and|but|who|which|where|y|e|ve|und|et|va)[ \t]"
)


def _labelled_address_lines(text: str) -> Iterator[Span]:
    for match in ADDRESS_LABEL_LINE.finditer(text):
        # the address ends where the sentence or a clause after it begins
        value = LABEL_VALUE_END.split(match.group("v"), maxsplit=1)[0].rstrip(" .,")
        if "@" in value or "://" in value or not re.search(r"\d", value):
            continue
        if not re.search(r"[^\W\d_]{3}", value) or not re.search(r"[ ,]", value):
            continue
        if re.fullmatch(r"[\d.:/\-\s]+|(?:[0-9a-fA-F]{1,4}:){2,}.*", value):
            continue  # an IP or MAC address, a time
        start = match.start("v")
        yield Span(start, start + len(value), Kind.ADDRESS, "address-label", value.lower())


def _msisdns(text: str) -> Iterator[Span]:
    import phonenumbers

    for cue in PHONE_KEY.finditer(text):
        line_end = text.find("\n", cue.end())
        end = len(text) if line_end < 0 else line_end
        for match in MSISDN_VALUE.finditer(text, cue.end(), min(end, cue.end() + 200)):
            try:
                number = phonenumbers.parse("+" + match.group("d"), None)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                yield Span(match.start(), match.end(), Kind.PHONE, "msisdn", match.group("d"))


STREET_LINE_FIELD = re.compile(
    r"(?i)\\?[\"'](?:(?:address|billing|shipping)?_?line_?1|address_?1|street(?:_?address)?|"
    r"street_?line_?1)\\?[\"'][ \t]*:[ \t]*\\?[\"'](?P<v>[^\"'\\\n]{3,120})\\?[\"']"
)


# the province in brackets and a Canadian postcode after the town: "Montréal (Québec) H2K 1B8"
PROVINCE_POSTCODE_AFTER = re.compile(
    r"[ \t]+\([A-ZÀ-Þ][^\W\d_]+(?:[ \-][A-ZÀ-Þ]?[^\W\d_]+)?\)"
    r"[ \t]+[A-Z]\d[A-Z][ ]?\d[A-Z]\d(?![\w\-])"
)


FLOOR_AFTER = re.compile(
    r"[ \t]*[,—–\-][ \t]*\d{1,3}(?:º|°|ª|st|nd|rd|th|e|er|\.)?[ \t]+"
    r"(?i:andar|piso|floor|étage|etage|stock|og|kat)\b"
)
# a parish's letters read as a state, its digits left after: "Hamilton HM" + " 10"
PARISH_CODE_END = re.compile(r"[a-z'’][ ][A-Z]{2}$")
PARISH_DIGITS = re.compile(r"[ ]\d{2}(?![\w\-]|[.,:]\d)")


def _address_edges(text: str, spans: list[Span]) -> list[Span]:
    out = []
    for span in spans:
        if span.kind is Kind.ADDRESS:
            state = STATE_AFTER.match(text, span.end) or PROVINCE_POSTCODE_AFTER.match(
                text, span.end
            )
            if state is None and ITALIAN_TOWN_END.search(text, span.start, span.end):
                state = PROVINCE_AFTER.match(text, span.end)
            if state is not None:
                span = dataclasses.replace(span, end=state.end())
            tail = TOWN_TAIL_AFTER.match(text, span.end)
            if tail is not None and tail.end() > span.end:
                span = dataclasses.replace(span, end=tail.end())
            area = NEIGHBOURHOOD_BEFORE.search(text, max(0, span.start - 60), span.start)
            if area is not None:
                span = dataclasses.replace(span, start=area.start())
            block = JAPANESE_BLOCK_AFTER.match(text, span.end)
            if block is not None and JAPANESE_AREA.search(text, span.start, span.end):
                span = dataclasses.replace(span, end=block.end())
            unit = UNIT_BEFORE.search(text, max(0, span.start - 24), span.start)
            if unit is not None:
                span = dataclasses.replace(span, start=unit.start())
            span = dataclasses.replace(span, end=country_end(text, span.end))
            if PARISH_CODE_END.search(text, span.start, span.end):
                digits = PARISH_DIGITS.match(text, span.end)
                if digits is not None:
                    span = dataclasses.replace(span, end=digits.end())  # "Hamilton HM" + " 10"
            floor = FLOOR_AFTER.match(text, span.end)
            if floor is not None:
                span = dataclasses.replace(span, end=floor.end())  # "…, 3477 — 14º andar"
            state_code = STATE_CODE_AFTER.match(text, span.end)
            if state_code is not None:
                span = dataclasses.replace(span, end=state_code.end())
            further = max(town_line_end(text, span.end), chain_end(text, span.end))
            if further > span.end:
                span = dataclasses.replace(span, end=further)
            building = BUILDING_BEFORE.search(text, max(0, span.start - 60), span.start)
            if building is not None:
                span = dataclasses.replace(span, start=building.start())
            house = HOUSE_BEFORE.search(text, max(0, span.start - 12), span.start)
            if house is not None and text[span.start : span.start + 1].islower():
                span = dataclasses.replace(span, start=house.start())
        out.append(span)
    return out


def _addresses_without_phones(text: str, spans: list[Span]) -> list[Span]:
    """An address walked over a comma list can swallow a phone number next to it ("BS6 5WD,
    07524 352 587", "(571) 303-1641, 542 Maple Avenue"): the address ends (or starts) where the
    phone number begins (or ends), and the phone number is a finding of its own."""
    phones = [s for s in spans if s.kind is Kind.PHONE]
    if not phones:
        return spans
    out = []
    for span in spans:
        if span.kind is Kind.ADDRESS:
            for phone in phones:
                if phone.start <= span.start < phone.end < span.end:
                    rest = text[phone.end : span.end]
                    span = dataclasses.replace(
                        span, start=phone.end + len(rest) - len(rest.lstrip(" ,;\t"))
                    )
                elif span.start < phone.start < span.end <= phone.end:
                    span = dataclasses.replace(
                        span, end=span.start + len(text[span.start : phone.start].rstrip(" ,;\t"))
                    )
        out.append(span)
    return out

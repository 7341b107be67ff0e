"""Redaction for anything that leaves the company: secrets, personal data, people and internals.

`redact(text, context)` finds every sensitive span (the detectors live in `redact_secrets` and
`redact_secret_cues`, `redact_pii`, `redact_identity` for addresses and identity numbers,
`redact_people` for names in prose, `redact_records` and `redact_bylines` for names by the
shape of a record or the position they stand in), resolves overlaps, and replaces each one with a typed token: `[EMAIL-1]`,
`[PERSON-2]`, `[ADDRESS-1]`, `[ID-1]`, `[IP-1]`, `[HOST-1]` … and `[SECRET]` for credentials (a
secret is never numbered: nothing about it should be inferable). Each replacement carries the
detector's confidence: 1.0 for checksums and token formats, less for guesses such as a name
found by its shape and context. The same value gets the same token everywhere in one
document because the `RedactionContext` keeps one `TokenBook` for all the calls that build it.

Only rendered or exported text is redacted; evidence blobs are never read or altered here.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from hindsight.errors import InvalidInput


class Kind(StrEnum):
    SECRET = "SECRET"
    EMAIL = "EMAIL"
    PHONE = "PHONE"
    IP = "IP"
    CARD = "CARD"
    IBAN = "IBAN"
    ID = "ID"
    ADDRESS = "ADDRESS"
    PERSON = "PERSON"
    URL = "URL"
    HOST = "HOST"
    CUSTOMER = "CUSTOMER"


# When two findings overlap, the earlier kind in this order wins (a secret inside a URL stays a
# secret; an e-mail address is not also a person's name).
PRIORITY: tuple[Kind, ...] = (
    Kind.SECRET,
    Kind.IBAN,
    Kind.CARD,
    Kind.EMAIL,
    Kind.CUSTOMER,
    Kind.URL,
    Kind.HOST,
    Kind.IP,
    Kind.ID,
    Kind.ADDRESS,
    Kind.PHONE,
    Kind.PERSON,
)
_RANK = {kind: index for index, kind in enumerate(PRIORITY)}

PERSONAL_DATA = frozenset(
    {Kind.EMAIL, Kind.PHONE, Kind.IP, Kind.CARD, Kind.IBAN, Kind.ID, Kind.ADDRESS, Kind.PERSON}
)

# Workspace pattern families ([redaction] in hindsight.toml) and the kind each one produces.
PATTERN_KINDS = {
    "internal_hosts": Kind.HOST,
    "internal_urls": Kind.URL,
    "customer_ids": Kind.CUSTOMER,
}

TOKEN_RE = re.compile(
    r"\[(?:SECRET|(?:EMAIL|PHONE|IP|CARD|IBAN|ID|ADDRESS|PERSON|URL|HOST|CUSTOMER)-\d+)\]"
)


@dataclass(frozen=True)
class Span:
    """One finding: `text[start:end]` is sensitive. `key` identifies the value for numbering
    (two spans with the same kind and key get the same token); `rule` says which detector fired;
    `confidence` (0–1) is below 1 where the detector guesses (a capitalised word that is a
    common given name, a digit group that parses as a phone number)."""

    start: int
    end: int
    kind: Kind
    rule: str
    key: str = ""
    confidence: float = 1.0


@dataclass
class Replacement:
    """What a reviewer approves: the original value, its token, the rule, where it was."""

    kind: Kind
    rule: str
    original: str
    token: str
    start: int
    end: int
    line: int
    confidence: float = 1.0

    @property
    def shown(self) -> str:
        """The original as a review screen may print it: secrets are never shown in full."""
        if self.kind is Kind.SECRET:
            return mask(self.original)
        return self.original


def mask(value: str) -> str:
    """`AKIA…(20 chars)`: enough for a reviewer to recognise a secret, too little to use it."""
    first_line = value.splitlines()[0] if value else ""
    head = first_line[:4] if len(value) >= 12 else ""
    return f"{head}…({len(value)} chars)"


def masked_original(text: str, replacements: list[Replacement]) -> str:
    """`text` with only its secrets masked: the "before" side of a review diff."""
    parts: list[str] = []
    cursor = 0
    for item in sorted(replacements, key=lambda r: r.start):
        if item.kind is Kind.SECRET:
            parts += [text[cursor : item.start], mask(item.original)]
            cursor = item.end
    parts.append(text[cursor:])
    return "".join(parts)


@dataclass
class TokenBook:
    """The numbering of one document: the same (kind, value) always maps to the same token."""

    tokens: dict[tuple[Kind, str], str] = field(default_factory=dict)
    counters: dict[Kind, int] = field(default_factory=dict)
    secrets: set[str] = field(default_factory=set)  # every secret value seen, to catch repeats

    def token(self, kind: Kind, key: str) -> str:
        if kind is Kind.SECRET:
            return "[SECRET]"
        found = self.tokens.get((kind, key))
        if found is None:
            number = self.counters.get(kind, 0) + 1
            self.counters[kind] = number
            found = f"[{kind.value}-{number}]"
            self.tokens[(kind, key)] = found
        return found


@dataclass
class Person:
    """Someone on the incident's roster, under every spelling that may appear in prose."""

    key: str
    names: list[str]


@dataclass
class RedactionContext:
    """What redaction needs beyond the text: the roster and the workspace patterns.

    `patterns` is `Workspace.patterns` (internal_hosts, internal_urls, customer_ids: regexes);
    an invalid regex raises InvalidInput naming the pattern. Reuse one context for all the
    pieces of one document so tokens stay stable across them.
    """

    people: list[Person] = field(default_factory=list)
    patterns: dict[str, list[str]] = field(default_factory=dict)
    book: TokenBook = field(default_factory=TokenBook)
    rules_only: bool = False  # leave the learned name tagger out (to measure what it adds)

    def __post_init__(self) -> None:
        self.compiled: list[tuple[Kind, str, re.Pattern[str]]] = compile_patterns(self.patterns)

    @classmethod
    def for_names(
        cls, names: Iterable[str], patterns: dict[str, list[str]] | None = None
    ) -> RedactionContext:
        from hindsight.share.redact_pii import people_from_names

        return cls(people=people_from_names(names), patterns=dict(patterns or {}))


def workspace_patterns(config: dict[str, Any]) -> dict[str, list[str]]:
    """The [redaction] table of hindsight.toml, checked: a typo or a bare string must not
    silently switch a pattern family off."""
    raw = config.get("redaction", {})
    if not isinstance(raw, dict):
        raise InvalidInput("hindsight.toml: [redaction] must be a table", field="redaction")
    patterns: dict[str, list[str]] = {}
    for family, value in raw.items():
        if family not in PATTERN_KINDS:
            accepted = ", ".join(PATTERN_KINDS)
            raise InvalidInput(
                f"hindsight.toml [redaction]: unknown key {family!r}; accepted: {accepted}",
                field=f"redaction.{family}",
            )
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidInput(
                f"hindsight.toml [redaction] {family}: expected a list of regex strings, "
                f"got {value!r}",
                field=f"redaction.{family}",
            )
        patterns[family] = list(value)
    return patterns


def compile_patterns(patterns: dict[str, list[str]]) -> list[tuple[Kind, str, re.Pattern[str]]]:
    compiled = []
    for family, regexes in patterns.items():
        kind = PATTERN_KINDS.get(family)
        if kind is None:
            continue
        for regex in regexes:
            try:
                compiled.append((kind, family, re.compile(regex)))
            except re.error as exc:
                raise InvalidInput(
                    f"hindsight.toml [redaction] {family}: {regex!r} is not a valid regex ({exc})",
                    field=f"redaction.{family}",
                ) from exc
    return compiled


@dataclass
class Redaction:
    text: str
    replacements: list[Replacement]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for item in self.replacements:
            out[item.kind.value] = out.get(item.kind.value, 0) + 1
        return out


def ascii_digits(text: str) -> str:
    """`text` with every decimal digit of another script as its ASCII digit, one character for
    one so offsets hold: a phone or id number written "۰۹۱۲…" (Persian), "٠١٠…" (Arabic) or
    "०९८…" (Devanagari) is checked like "0912…"."""
    if text.isascii():
        return text
    table = {
        ord(c): str(unicodedata.decimal(c)) for c in set(text) if c.isdecimal() and not c.isascii()
    }
    return text.translate(table) if table else text


# psql's expanded display (\\x): "-[ RECORD 1 ]--+------" and then one "column | value" a line
RECORD_HEADER = re.compile(r"(?m)^-\[ RECORD \d+ \]-*\+-*[ \t]*$")
RECORD_FIELD = re.compile(r"([ \t]*[^\W\d][\w.\-]*)([ \t]*\|[ \t]?)(?=\S)")


def expanded_records(text: str) -> str:
    """`text` with each field of a psql expanded record written as a key/value line, one
    character for one so offsets hold: "national_id        | 79812507" is read like
    "national_id:         79812507", so every reader of `key: value` fields reads it. A record
    ends at the first line that is no field (a blank line, "(1 row)", the next prompt)."""
    if "-[ RECORD" not in text:
        return text
    out = list(text)
    for header in RECORD_HEADER.finditer(text):
        position = header.end() + 1
        while position < len(text):
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
            field = RECORD_FIELD.match(text, position, end)
            if field is None:
                break
            bar = field.start(2)
            out[bar : field.end(2)] = ":" + " " * (field.end(2) - bar - 1)
            position = end + 1
    return "".join(out)


def detect(text: str, context: RedactionContext) -> list[Span]:
    """Every sensitive span in `text`, non-overlapping, in text order."""
    from hindsight.share.redact_pii import pii_spans
    from hindsight.share.redact_secrets import known_secret_spans, secret_spans

    view = expanded_records(text)  # what the field readers read; offsets are the text's
    found = secret_spans(view)
    if "[" in text:  # a value holding a token we wrote ("at=[EMAIL-1]") is no secret: idempotence
        found = [s for s in found if not TOKEN_RE.search(text, s.start, s.end)]
    values = {text[s.start : s.end] for s in found} | context.book.secrets
    found += known_secret_spans(text, values)
    found += pii_spans(ascii_digits(view), context)
    taken = resolve(found, text)
    if not context.rules_only:
        from hindsight.share.redact_people import with_name_edges
        from hindsight.share.redact_tagger import tagged_people

        tagged = with_name_edges(text, tagged_people(text, taken))
        if tagged:  # names the learned tagger finds where no rule found anything
            taken = resolve([*taken, *tagged], text)
    from hindsight.share.redact_people import family_names

    people = [s for s in taken if s.kind is Kind.PERSON]
    family = list(family_names(text, people)) if people else []
    if family:  # "O'DONOGHUE, Shane Patrick": the family name before given names found
        taken = resolve([*taken, *family], text)
    from hindsight.share.redact_record_ids import record_ids

    ids = list(record_ids(text, [*people, *family], taken))
    if ids:  # the passport or account number in the same row as a person found
        taken = resolve([*taken, *ids], text)
    return taken


def resolve(spans: list[Span], text: str) -> list[Span]:
    """Keep the strongest finding where findings overlap; overlapping secrets merge into one,
    and a secret that cuts into another finding (half an e-mail address) grows to cover it."""
    merged = _merge(sorted((s for s in spans if s.kind is Kind.SECRET), key=lambda s: s.start))
    grown = False
    ends = [s.end for s in merged]
    for span in spans:
        if span.kind is Kind.SECRET:
            continue
        index = bisect.bisect_right(ends, span.start)
        while index < len(merged) and merged[index].start < span.end:
            secret = merged[index]
            inside = secret.start <= span.start and span.end <= secret.end
            around = span.start <= secret.start and secret.end <= span.end
            if not inside and not around:
                start, end = min(secret.start, span.start), max(secret.end, span.end)
                merged[index] = Span(start, end, Kind.SECRET, secret.rule)
                grown = True
            index += 1
    if grown:
        merged = _merge(sorted(merged, key=lambda s: s.start))
    others = sorted(
        (s for s in _join_addresses(spans, text) if s.kind is not Kind.SECRET),
        key=lambda s: (_RANK[s.kind], -(s.end - s.start), s.start),
    )
    taken: list[Span] = list(merged)
    occupied = bytearray(len(text) + 1)  # 1 where an accepted finding already sits
    for span in merged:
        occupied[span.start : span.end] = b"\x01" * (span.end - span.start)
    for span in others:
        if span.end <= span.start or occupied.find(1, span.start, span.end) >= 0:
            continue
        if span.kind is Kind.PERSON and (_mark(text, span.end) or _mark(text, span.start - 1)):
            span = _whole_words(text, span)  # "…চট্টোপাধ্যা" + "য়": the word's last vowel sign
            if occupied.find(1, span.start, span.end) >= 0:
                continue
        if _inside_token(text, span):
            continue
        occupied[span.start : span.end] = b"\x01" * (span.end - span.start)
        taken.append(span)
    return sorted(taken, key=lambda s: s.start)


def _join_addresses(spans: list[Span], text: str) -> list[Span]:
    """Two readers of one address that disagree on where it starts or ends ("lives at Flat 3,
    …" and "22 Hill St, …") give their union: keeping only the longer would leave the other's
    house number or town in the clear. The parts stay as they were, for where the union cuts
    into a finding that outranks it (an id number inside the longer reading)."""
    addresses = sorted((s for s in spans if s.kind is Kind.ADDRESS), key=lambda s: s.start)
    if len(addresses) < 2:
        return spans
    joined: list[tuple[Span, bool]] = []  # (reading, whether it is a union of several)
    for span in addresses:
        if joined and span.start < joined[-1][0].end:
            last = joined[-1][0]
            longer = last if last.end - last.start >= span.end - span.start else span
            end = max(last.end, span.end)
            union = replace(longer, start=last.start, end=end, key=text[last.start : end].lower())
            joined[-1] = (union, True)
        else:
            joined.append((span, False))
    unions = [span for span, grown in joined if grown]
    return [*spans, *unions] if unions else spans


def _merge(secrets: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in secrets:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.start, max(last.end, span.end), Kind.SECRET, last.rule)
        else:
            merged.append(span)
    return merged


def _mark(text: str, index: int) -> bool:
    """True when text[index] is a combining mark: a vowel sign of an abugida is no word
    character to `re`, so a rule's match may stop, or start, inside a word."""
    return 0 <= index < len(text) and unicodedata.category(text[index]).startswith("M")


def _letter_or_mark(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalpha() or _mark(text, index))


def _whole_words(text: str, span: Span) -> Span:
    """The span grown to the ends of the words it cuts: a name found in pieces of a Tamil or
    Hindi word goes whole, not as "र" of "मेरे" or a stray vowel sign."""
    start, end = span.start, span.end
    while _letter_or_mark(text, start - 1):
        start -= 1
    while _letter_or_mark(text, end):
        end += 1
    return Span(start, end, span.kind, span.rule, span.key, span.confidence)


def _inside_token(text: str, span: Span) -> bool:
    """True when the span is (part of) a token we wrote earlier: redaction is idempotent."""
    for match in TOKEN_RE.finditer(text, max(0, span.start - 12), min(len(text), span.end + 12)):
        if match.start() <= span.start and span.end <= match.end():
            return True
    return False


def redact(text: str, context: RedactionContext | None = None) -> Redaction:
    """`text` with every sensitive span replaced by its token, and the list of replacements."""
    context = context or RedactionContext()
    spans = detect(text, context)
    parts: list[str] = []
    replacements: list[Replacement] = []
    cursor = 0
    line = 1
    for span in spans:
        line += text.count("\n", cursor, span.start)
        original = text[span.start : span.end]
        if span.kind is Kind.SECRET:
            context.book.secrets.add(original)
        token = context.book.token(span.kind, span.key or original)
        parts.append(text[cursor : span.start])
        parts.append(token)
        replacements.append(
            Replacement(
                kind=span.kind,
                rule=span.rule,
                original=original,
                token=token,
                start=span.start,
                end=span.end,
                line=line,
                confidence=span.confidence,
            )
        )
        line += original.count("\n")
        cursor = span.end
    parts.append(text[cursor:])
    return Redaction("".join(parts), replacements)


def read_text_file(path: Path) -> str:
    """A UTF-8 text file, or InvalidInput naming it when it is binary or not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror})") from exc
    if b"\x00" in data[:8192]:
        raise InvalidInput(f"{path}: binary file; redaction works on UTF-8 text only")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start});"
            " convert it to UTF-8 first"
        ) from exc


def redact_file(path: Path, context: RedactionContext | None = None) -> Redaction:
    """Redact a text file's content; the file itself is never modified."""
    return redact(read_text_file(path), context)

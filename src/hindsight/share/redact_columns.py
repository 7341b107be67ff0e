"""People and addresses in the columns of a table whose header names them.

A CSV export, a `mysql>` result or a Markdown table says what each column holds in its header:
every cell under "Last Name", `surname` or `full_name` is a person, every cell under "Postal
Code" or `physical_address` an address, whatever the value — which is what catches names and
postcodes no list knows ("Brennan-Whitlock", "S4P 3C6"). Cells may be quoted (`"1200 Bay Street,
Suite 400"`); rule lines of drawn tables (`+-----+`) do not end the table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hindsight.share.redact import Kind, Span
from hindsight.share.redact_identity import (
    delimited_rows,
    identity_key,
    identity_shaped,
    split_cells,
)
from hindsight.share.redact_national_ids import SCHEME_CUES, checked_cell, header_checks
from hindsight.share.redact_people import NAME_COLUMN_WORDS, blocked_word
from hindsight.share.redact_records import NOT_NAMES, name_like

NAME_HEADER = re.compile(rf"(?i)(?:{NAME_COLUMN_WORDS})")
ADDRESS_HEADER = re.compile(
    r"(?i)(?:street|postal|physical|mailing|billing|shipping|ship|home|delivery|residential|"
    r"customer|pickup|dropoff|drop|supply|service|site|installation|registered|permanent|"
    r"current|present|correspondence|residence|patient|member|employee|contact|recipient|"
    r"sender|consignee|shipper|receiver|property|premises|return)?[ _\-]?(?:address|addr)"
    r"(?:[ _\-]?(?:line)?[ _\-]?\d)?|street|stra(?:ss|ß)e|"
    # "địa chỉ", "주소", "地址", "alamat", "tirahan", "पता"
    r"địa[ _]chỉ|주소|地址|住所|alamat|tirahan|पता|"
    r"adresse|anschrift|rue|calle|via|indirizzo|direcci[oó]n|endere[cç]o|adres|straat|"
    r"post(?:al)?[ _\-]?code|zip(?:[ _\-]?code)?|plz|postleitzahl|code[ _]postal|"
    r"c[oó]digo[ _]postal|postnummer|postcode"
)
# a town column joins the address cells beside it (street;zip;city is one address), alone it stays
TOWN_HEADER = re.compile(
    r"(?i)city|town|ort|stadt|ville|ciudad|cidade|citt[aà]|plaats|suburb|locality"
)
PERSON, ADDRESS, POSTCODE, TOWN, IDENTITY = "person", "address", "postcode", "town", "id"
IDENTITY_SHAPED = "id-shaped"  # a header that names an identity number no scheme's check reads
# a PostgreSQL dump's table: its columns in the COPY line, its rows tab-separated below
COPY_HEADER = re.compile(r"(?i)^COPY[ ]+[\w.\"]+[ ]*\((?P<cols>[^()]*)\)[ ]+FROM[ ]+stdin;?[ ]*$")
POSTCODE_HEADER = re.compile(
    r"(?i)post(?:al)?[ _\-]?code|zip(?:[ _\-]?code)?|plz|postleitzahl|"
    r"code[ _]postal|c[oó]digo[ _]postal|postnummer|cap"
)
# a cheap look before splitting a line into cells: could it name a person or address column?
HEADER_HINT = re.compile(
    r"(?i)name|nom|naam|vorname|apellido|addr|adress|anschrift|street|stra|rue|calle|via|"
    r"indirizzo|direcci|endere|post(?:al)?[ _\-]?code|zip|plz|cap|imi|nazwisk|soyad|isim|jméno|"
    r"příjmení|nimi|namn|navn|nume|név|όνομα|επώνυμο|имя|фамилия|nama|tên|địa|주소|地址|住所|alamat|tirahan|पता|"
    r"id|no|number|nr|passport|dni|nie|nric|fin|tin|licen|documento|"
    + "|".join(words for words, _ in SCHEME_CUES)
)
RULE_LINE = re.compile(r"[+|:\-=\s]*")
DELIMITERS = (";", "\t", "|", ",")
_NAME_CELL = re.compile(
    r"(?:(?:van|von|de|der|den|da|do|dos|del|di|du|la|le|al|el|bin|ter)[ ])*"
    r"[A-ZÀ-ÞĀ-Ž][^\W\d_]*(?:['’\-][^\W\d_]+)*"
    r"(?:[ ](?:(?:van|von|de|der|den|da|do|dos|del|di|du|la|le|al|el|bin|ter)[ ])*"
    r"[A-ZÀ-ÞĀ-Ž][^\W\d_]*(?:['’\-][^\W\d_]+)*){0,3}"
)


def _header(line: str) -> tuple[str, int, dict[int, str]] | None:
    for delimiter in DELIMITERS:
        cells = split_cells(line, delimiter)
        if len(cells) < 3:
            continue
        columns: dict[int, str] = {}
        for number, (start, end) in enumerate(cells):
            label = line[start:end].strip().strip("'\"")
            if not label:
                continue
            if NAME_HEADER.fullmatch(label):
                columns[number] = PERSON
            elif POSTCODE_HEADER.fullmatch(label):
                columns[number] = POSTCODE
            elif ADDRESS_HEADER.fullmatch(label):
                columns[number] = ADDRESS
            elif TOWN_HEADER.fullmatch(label):
                columns[number] = TOWN
            elif header_checks(label) is not None:
                columns[number] = IDENTITY
            elif identity_key(label):
                columns[number] = IDENTITY_SHAPED
        if columns:
            return delimiter, len(cells), columns
    return None


def _person_cell(value: str, strict: bool) -> bool:
    if not _NAME_CELL.fullmatch(value) or NOT_NAMES.match(value):
        return False
    if strict:  # a bare "name" column also names services and teams
        return name_like(value)
    return not all(blocked_word(w) for w in value.split())


def _address_cell(value: str) -> bool:
    return bool(re.search(r"\d", value)) and "@" not in value and "://" not in value


def column_spans(text: str) -> Iterator[Span]:
    """Every person and address in a delimited table under a header naming them."""
    if not HEADER_HINT.search(text):
        return
    for offset, body, cells, (columns, labels) in delimited_rows(text, _header_of, RULE_LINE):
        for number, kind in columns.items():
            if kind == PERSON:
                yield from _person_span(body, cells[number], labels[number], offset)
            elif kind == IDENTITY:
                yield from _id_span(body, cells[number], labels[number], offset)
            elif kind == IDENTITY_SHAPED:
                raw = body[cells[number][0] : cells[number][1]]
                value = raw.strip()
                if value and identity_shaped(value):
                    start = offset + cells[number][0] + raw.index(value)
                    yield Span(start, start + len(value), Kind.ID, "id-column", value, 0.8)
        yield from _address_spans(body, cells, columns, offset)


def _header_of(body: str) -> tuple[str, int, tuple[dict[int, str], dict[int, str]]] | None:
    """A header line's delimiter, cell count, column kinds and lower-cased labels."""
    copy = COPY_HEADER.match(body) if body[:4].upper() == "COPY" else None
    if copy is not None:
        body = "\t".join(c.strip().strip('"') for c in copy["cols"].split(","))
    if body.count(";") + body.count(",") + body.count("|") + body.count("\t") < 2:
        return None
    # a Jira or Confluence header doubles its bars: "||name||tfn||" over "|Ana|123|"
    head = body.replace("||", "| ") if body.lstrip().startswith("||") else body
    header = _header(head) if HEADER_HINT.search(head) else None
    if header is None:
        return None
    delimiter, count, columns = header
    labels = {
        n: head[s:e].strip().strip("'\"").lower()
        for n, (s, e) in enumerate(split_cells(head, delimiter))
    }
    return delimiter, count, (columns, labels)


def _person_span(body: str, cell: tuple[int, int], label: str, offset: int) -> Iterator[Span]:
    raw = body[cell[0] : cell[1]]
    value = raw.strip()
    if value and _person_cell(value, strict=label == "name"):
        start = offset + cell[0] + raw.index(value)
        yield Span(start, start + len(value), Kind.PERSON, "person-column", value.lower(), 0.85)


def _id_span(body: str, cell: tuple[int, int], label: str, offset: int) -> Iterator[Span]:
    raw = body[cell[0] : cell[1]]
    value = raw.strip()
    checks = header_checks(label)
    if value and (
        (checks is not None and checked_cell(value, checks))
        or (identity_key(label) and identity_shaped(value))
    ):
        start = offset + cell[0] + raw.index(value)
        yield Span(start, start + len(value), Kind.ID, "id-column", value, 0.85)


def _address_spans(
    body: str, cells: list[tuple[int, int]], columns: dict[int, str], offset: int
) -> Iterator[Span]:
    """One address per run of neighbouring address columns of a row; a town joins the run only
    right after a postcode ("street;zip;city" is one address, as "Street 8, 60313 Town" is)."""
    run: list[int] = []
    for number in [
        *sorted(n for n, k in columns.items() if k not in (PERSON, IDENTITY, IDENTITY_SHAPED)),
        -2,
    ]:
        joins = number == run[-1] + 1 if run else True
        if run and columns.get(number) == TOWN and columns[run[-1]] != POSTCODE:
            joins = False
        if run and not joins:
            parts = [n for n in run if body[cells[n][0] : cells[n][1]].strip()]
            values = [body[cells[n][0] : cells[n][1]] for n in parts if columns[n] != TOWN]
            while parts and columns[parts[0]] == TOWN:
                parts = parts[1:]
            if parts and any(_address_cell(v.strip()) for v in values):
                first, last = body[cells[parts[0]][0] : cells[parts[0]][1]], cells[parts[-1]]
                start = cells[parts[0]][0] + len(first) - len(first.lstrip())
                end = last[0] + len(body[last[0] : last[1]].rstrip())
                value = body[start:end]
                yield Span(
                    offset + start,
                    offset + end,
                    Kind.ADDRESS,
                    "address-column",
                    value.lower(),
                    0.85,
                )
            run = []
        run.append(number)

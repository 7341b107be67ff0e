"""Numbers that sit in a person's record: the cells of a delimited row (a CSV line, a psql or
Markdown table row, an SQL tuple) that holds a person found by another rule. A cell shaped like
papers or an account (seven digits or more, with spaces, dashes, dots or slashes, at most two
letters before and a check letter after) is an identity or account number (a passport, a
national id, a medical record number, a bank account), whatever the country's scheme, unless it
reads as something else: a date, a week or a time, an amount, a version, an IP address, a Unix
time, or the row's own key in its first cell. Where the table has a header, a column whose label
says what its numbers are (an order, an invoice, a ticket, a till, a record's own number) is
left alone.

Run after the other rules, over what they left: a phone, a card or an IBAN already found in the
row keeps its own kind."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hindsight.share.redact import Kind, Span

DELIMITERS = (";", "|", "\t", ",")
_CELL_EDGE = " \t'\"()[]"
# what a cell holds that is no identity number
DATE_OR_TIME = re.compile(
    r"\d{4}[-./]\d\d[-./]\d\d.*|\d\d?[-./]\d\d?[-./]\d{2,4}.*|\d\d?:\d\d.*|\d{8}T\d{4,6}.*"
)
AMOUNT = re.compile(
    r"[-+]?\d{1,3}(?:[.,' ]\d{3})+(?:[.,]\d{1,2})?|[-+]?\d+[.,]\d{1,2}|\d*000|[-+]?\d+\.\d+"
)
IP_ADDRESS = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?(?:/\d+)?")
EPOCH = re.compile(r"1\d{9}(?:\d{3})?(?:\.\d+)?")  # Unix time, 2001-2033, in s or ms
# a command line that holds a list ("mysql … in (88120455, 88120471)"): no row of a record
SHELL_LINE = re.compile(r"[$#%>][ \t]|\b(?:select|where|in)[ \t]*\(", re.IGNORECASE)
VERSION = re.compile(r"\d{1,4}\.\d{1,2}\.\d{1,3}")
BIRTH_DATE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
YEAR_SERIAL = re.compile(r"(?:19|20)\d\d-(?:W\d\d|\d{3,4})")
# a number as papers and accounts are written: digits with spaces, dashes, dots or slashes, at
# most a letter or two before ("AB1234567") and a check letter after ("204 118 392K")
NUMBER_SHAPE = re.compile(r"(?:[A-Z]{1,2}[ ]?)?\d[\d \-./]{5,22}[\dA-Z]")
# headers that say what a column's numbers are, when that is no person's papers: a record's
# own key or number, an order, an invoice, a ticket, an amount
NOT_IDENTITY_HEADER = re.compile(
    r"(?i).*(?:order|invoice|ticket|amount|total|price|qty|quantity|count|ref|reference|txn|"
    r"tx|transaction|case|booking|pnr|tracking|shipment|parcel|sku|product|item|balance|fee|"
    r"score|version|build|port|pid|session|request|trace|job|row|line|seq|index|monto|montant|"
    r"betrag|importe|valor|cantidad|pedido|commande|factura|facture|rechnung|bestellung|date|"
    r"time|ts|dob|birth|fecha|datum|transit|routing|sort[ _]?code|swift|bic|ifsc|aba|bsb|"
    r"clearing|till|paybill|merchant|terminal)s?|(?:.*[ _\-])?(?:id|no|nr|number|num|key|code|#)|"
    r"(?:member|customer|client|employee|staff|user|account|contract|policy|patient|"
    r"student|record|registration|branch|store|terminal|device|agent|route)[ _\-]?\w*"
)


def _cells(line: str, delimiter: str) -> list[tuple[int, int]]:
    """(start, end) of each cell's value in `line`, quotes, brackets and padding left out."""
    cells = []
    start = 0
    for part in line.split(delimiter):
        end = start + len(part)
        a, b = start, end
        while a < b and line[a] in _CELL_EDGE:
            a += 1
        while b > a and line[b - 1] in _CELL_EDGE:
            b -= 1
        cells.append((a, b))
        start = end + len(delimiter)
    return cells


def _identity_cell(value: str) -> bool:
    if not NUMBER_SHAPE.fullmatch(value) or sum(c.isdigit() for c in value) < 7:
        return False
    return not any(
        pattern.fullmatch(value)
        for pattern in (DATE_OR_TIME, AMOUNT, IP_ADDRESS, EPOCH, BIRTH_DATE, YEAR_SERIAL, VERSION)
    )


def _row_delimiter(line: str, person: tuple[int, int]) -> str | None:
    """The delimiter that makes the person found one cell of three or more."""
    for delimiter in DELIMITERS:
        if line.count(delimiter) < 2:
            continue
        for a, b in _cells(line, delimiter):
            if a <= person[0] and person[1] <= b and not SHELL_LINE.search(line, a, b):
                return delimiter
    return None


RULE_LINE = re.compile(r"[+|:\-=\s]*")
HEADER_REACH = 200  # lines above a row where its header may stand
# for each row read: its delimiter and width, and the line and labels of its header
_Headers = dict[int, tuple[str, int, tuple[int, list[str]] | None]]


def _header(
    lines: list[str], index: int, delimiter: str, width: int, known: _Headers
) -> list[str] | None:
    """The labels of the table row `index` belongs to: the first line above it, within
    HEADER_REACH lines, with as many cells and no digits in them; None where a line of another
    width comes first. The rows passed over on the way share a definite answer (a header or a
    line of another width), which `known` keeps, so a table of many rows is read once."""
    # a row is passed over on the way up only if it holds a digit: one without is a header
    passed = [index] if re.search(r"\d", lines[index]) else []
    found: tuple[int, list[str]] | None = None
    for above in range(index - 1, max(-1, index - HEADER_REACH), -1):
        if above in known and known[above][:2] == (delimiter, width):
            found = known[above][2]
            break
        line = lines[above]
        if not line.strip() or RULE_LINE.fullmatch(line):
            continue
        cells = _cells(line, delimiter)
        if len(cells) != width:
            break
        values = [line[a:b] for a, b in cells]
        if not any(re.search(r"\d", value) for value in values):
            found = (above, [value.lower() for value in values])
            break
        passed.append(above)
    else:
        return None  # nothing within reach: the rows passed may reach further, keep no answer
    for row in passed:
        known[row] = (delimiter, width, found)
    if found is None or index - found[0] >= HEADER_REACH:
        return None  # a header further up than the reach is no header of this row
    return found[1]


def record_ids(text: str, people: list[Span], taken: list[Span]) -> Iterator[Span]:
    """ID spans for the identity-shaped cells of rows that hold a person found."""
    if not people:
        return
    occupied = bytearray(len(text) + 1)
    for span in taken:
        occupied[span.start : span.end] = b"\x01" * (span.end - span.start)
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    done: set[int] = set()
    headers: _Headers = {}
    line_index = 0
    for person in sorted(people, key=lambda s: s.start):
        while line_index + 1 < len(starts) and starts[line_index + 1] <= person.start:
            line_index += 1
        if line_index in done:
            continue
        line, offset = lines[line_index], starts[line_index]
        if person.end > offset + len(line):
            continue
        done.add(line_index)  # one reading per line, whoever else it names
        if len(line) > 4000:
            continue  # no record's row
        found = line[person.start - offset : person.end - offset]
        # "Whitaker, Brandon" in a comma row is two cells: the given name's cell stands for it
        given = found.rfind(",") + 1
        given += len(found[given:]) - len(found[given:].lstrip())
        delimiter = _row_delimiter(line, (person.start - offset + given, person.end - offset))
        if delimiter is None:
            continue
        if '":' in line or "{" in line or "=" in line:
            continue  # JSON or key=value: not a row of cells
        cells = _cells(line, delimiter)
        labels = _header(lines, line_index, delimiter, len(cells), headers)
        first = next((n for n, (a, b) in enumerate(cells) if b > a), 0)
        for number, (a, b) in enumerate(cells):
            if number <= first:
                continue  # the first cell is the row's own key
            value = line[a:b]
            if not _identity_cell(value) or occupied.find(1, offset + a, offset + b) >= 0:
                continue
            if labels is not None and NOT_IDENTITY_HEADER.fullmatch(labels[number]):
                continue
            yield Span(offset + a, offset + b, Kind.ID, "record-id", value, 0.7)

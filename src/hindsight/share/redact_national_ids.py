"""National identity and tax numbers found by the word that names their scheme and the scheme's
check digits (python-stdnum), in any country's wording and script.

A word such as "CPF", "ЕГН", "ΑΜΚΑ", "mã số thuế", "adószám", "Aadhaar", "TFN" or a record key
such as `identityNumber` says which scheme to expect; a number in the same paragraph shortly
after it that passes that scheme's check is the number, even with words between ("O CNPJ do
órgão parceiro (38.857.716/0001-82)") or several listed ("CPFs: a, b e c"). A number that fails
every check the word allows is left alone, so the window can be wider than a bare label's.
"""

from __future__ import annotations

import importlib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from hindsight.share.redact import Kind, Span
from hindsight.share.redact_identity import split_cells

# (cue, stdnum modules whose check the number must pass); cues match case-insensitively (but
# "SIN", not Spanish "sin"), with the words of a cue joined by spaces, "_", "-" or nothing
# (record keys: tc_kimlik_no, taxId)
SCHEME_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"cpfs?", ("br.cpf",)),
    (r"cnpjs?", ("br.cnpj",)),
    (r"егн|egn", ("bg.egn",)),
    (r"αμκα|amka", ("gr.amka",)),
    (r"αφμ|afm", ("gr.vat",)),
    (r"m[ãa] s[ốo] thu[ếe]|mst", ("vn.mst",)),
    (r"ad[óo]sz[áa]m|ad[óo]azonos[íi]t[óo](?: jel)?", ("hu.anum",)),
    (r"dav[čc]na [šs]tevilka|id za ddv", ("si.ddv",)),
    (r"(?-i:TIC)|tax identification code|αριθμός φορολογικής ταυτότητας", ("cy.vat",)),
    (r"nuit", ("mz.nuit",)),
    (r"em[šs]o", ("si.emso",)),
    (r"i[čc] dph", ("sk.dph",)),
    (r"national register(?: number)?|rijksregisternummer|registre national|insz", ("be.nn",)),
    (r"統一編號|统一编号|ubn", ("tw.ubn",)),
    (r"统一社会信用代码|統一社會信用代碼|uscc", ("cn.uscc",)),
    (r"身份证(?:号码?)?|居民身份证", ("cn.ric",)),
    (r"身分證(?:字號)?", ("taiwan_id",)),
    (r"t\.?c\.? kimlik(?: no)?|kimlik numaras[ıi]|tckn|(?-i:TC)", ("tr.tckimlik",)),
    (r"aadhaa?r(?: no| number)?|uidai", ("in_.aadhaar",)),
    (r"gstin?", ("in_.gstin",)),
    (r"epic(?: no)?|voter id", ("in_.epic",)),
    (r"tfn|tax file number", ("au.tfn",)),
    (r"medicare(?: card)?(?: no| number)?", ("medicare",)),
    (r"abn|australian business number", ("au.abn",)),
    (r"acn", ("au.acn",)),
    (r"uen", ("sg.uen",)),
    (r"curp", ("mx.curp",)),
    (r"rfc", ("mx.rfc",)),
    (r"nit", ("co.nit",)),
    (r"cnp", ("ro.cnp",)),
    (r"isikukood", ("ee.ik",)),
    (r"pesel", ("pl.pesel",)),
    (r"nip", ("pl.nip",)),
    (r"nif|contribuinte", ("pt.nif", "es.nif")),
    (r"(?-i:RUTs?|RUN|Rut)", ("cl.rut", "uy.rut")),  # not "workflow_run", "run 2894…"
    (r"cuit|cuil", ("ar.cuit",)),
    (r"ruc", ("pe.ruc", "ec.ruc")),
    (r"c[ée]dula", ("ec.ci", "co.nit")),
    (r"cpr(?: nummer)?", ("dk.cpr",)),
    (r"f[øo]dselsnummer", ("no.fodselsnummer",)),
    (r"bsn|burgerservicenummer", ("nl.bsn",)),
    (r"(?-i:SIN|NAS)|social insurance(?: number)?|assurance sociale", ("ca.sin",)),
    (r"steuer id|steuer identifikationsnummer|idnr", ("de.idnr",)),
    (r"ssn|social security(?: number)?", ("us.ssn",)),
    (r"ppsn?", ("ie.pps",)),
    (r"sa id|rsa id|south african id", ("za.idnr",)),
    # Thailand's citizen id (in Thai: "national id card number"), Portugal's citizen card
    (r"thai id|เลขประจำตัวประชาชน|บัตรประชาชน|เลขบัตร(?:ประชาชน)?", ("th.pin",)),
    (r"cart[ãa]o de cidad[ãa]o|(?-i:CC) n\.?[ºo°]", ("pt.cc",)),
    (
        r"identity(?: card)? (?:no|number)|id(?:entity)? number|national id(?: number)?|"
        r"personal (?:id|number)",
        ("za.idnr", "tr.tckimlik", "in_.aadhaar", "bg.egn", "ro.cnp", "ee.ik", "pl.pesel"),
    ),
)
# up to twenty-five characters of digits (and capitals) with single separators: 555.713.192-24,
# 38.857.716/0001-82, 8507 0716 47, ABCDE1234F
CANDIDATE = re.compile(
    r"(?<![\w\-.+/@#])[A-Z0-9](?:[A-Z0-9]|[ .\-/](?=[A-Z0-9])){5,24}(?![\w\-]|[.,]\d)"
)
PHONE_BEFORE = re.compile(r"(?:\+|\b00)\d{0,3}[ \-]?\(?$")
ISO_DATE = re.compile(r"(?:19|20)\d\d-[01]\d-[0-3]\d")
WINDOW = 160


def medicare_valid(value: str) -> bool:
    """An Australian Medicare card number: ten digits (an eleventh, the person's place on the
    card, may follow), the first 2–6, the ninth a weighted check of the first eight."""
    digits = re.sub(r"[ \-/]", "", value)
    if not digits.isdigit() or len(digits) not in (10, 11) or digits[0] not in "23456":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], (1, 3, 7, 9, 1, 3, 7, 9), strict=True))
    return total % 10 == int(digits[8])


# the two digits each letter of a Taiwanese national id stands for (I, O, W … out of order)
TW_LETTERS = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True))


def taiwan_id_valid(value: str) -> bool:
    """A Taiwanese national id (身分證字號): a letter, 1 or 2 (8 or 9 for residents), eight
    digits, the last a weighted check."""
    if not re.fullmatch(r"[A-Z][1289]\d{8}", value):
        return False
    code = TW_LETTERS[value[0]]
    digits = [code // 10, code % 10, *(int(d) for d in value[1:])]
    weights = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
    return sum(d * w for d, w in zip(digits, weights, strict=True)) % 10 == 0


def _check(module: str) -> Callable[[str], bool]:
    """A scheme's check: python-stdnum's, or ours where stdnum has none (Medicare, Taiwan)."""
    if module == "medicare":
        return medicare_valid
    if module == "taiwan_id":
        return taiwan_id_valid
    check: Callable[[str], bool] = importlib.import_module(f"stdnum.{module}").is_valid
    return check


def _cue_pattern(words: str) -> str:
    return words.replace(" ", r"[\s_\-]?")


def _cue_table(
    cues: Iterable[tuple[str, tuple[str, ...]]], bounded: bool
) -> tuple[tuple[re.Pattern[str], tuple[Callable[[str], bool], ...]], ...]:
    """Each cue's pattern with its scheme checks; `bounded` cues must stand as whole words
    (a column header), unbounded ones may touch the id or the script around them."""
    left, right = (r"(?<![^\W_])", r"(?![^\W_])") if bounded else ("", "")
    return tuple(
        (
            re.compile(rf"(?i){left}(?:{_cue_pattern(words)}){right}"),
            tuple(_check(m) for m in modules),
        )
        for words, modules in cues
    )


@lru_cache(maxsize=1)
def _cues() -> tuple[
    re.Pattern[str], tuple[tuple[re.Pattern[str], tuple[Callable[[str], bool], ...]], ...]
]:
    """One pattern finding any cue (one pass over the text), and each cue with its checks."""
    table = _cue_table(SCHEME_CUES, bounded=False)
    alternatives = "|".join(_cue_pattern(words) for words, _ in SCHEME_CUES)
    return re.compile(rf"(?i)(?<![^\W_])(?:{alternatives})(?![^\W_])"), tuple(table)


def _parts(candidate: str) -> Iterator[tuple[int, str]]:
    """The candidate, then its prefixes cut at a separator (78522398-1-41 → 78522398), then its
    space-separated pieces."""
    yield 0, candidate
    for cut in reversed([m.start() for m in re.finditer(r"[ .\-/]", candidate)]):
        yield 0, candidate[:cut]
    if " " in candidate:
        offset = 0
        for piece in candidate.split(" "):
            yield offset, piece
            offset += len(piece) + 1


# numbers published as stand-ins for everybody: Mexico's generic RFCs for the general public and
# for foreigners, the Woolworth wallet SSN and the textbook 123-45-6789
PUBLIC_PLACEHOLDERS = frozenset(["XAXX010101000", "XEXX010101000", "078051120", "123456789"])


def _checked(value: str, checks: tuple[Callable[[str], bool], ...]) -> bool:
    if sum(c.isdigit() for c in value) < 6 or ISO_DATE.fullmatch(value[:10]):
        return False
    if re.sub(r"[ .\-/]", "", value).upper() in PUBLIC_PLACEHOLDERS:
        return False
    return any(check(value) for check in checks)


# national id schemes whose check digits are strong enough that a column of them, every cell
# passing the same one, is a column of ids whatever its header says ("doc", "ref", "외국인")
COLUMN_SCHEMES = (
    "pl.pesel", "ro.cnp", "bg.egn", "lt.asmens", "cz.rc", "gr.amka", "no.fodselsnummer",
    "dk.cpr", "se.personnummer", "fi.hetu", "ee.ik", "th.pin", "jp.in_", "il.idnr", "ua.rntrc",
    "ie.pps", "za.idnr", "tr.tckimlik", "in_.aadhaar", "br.cpf", "cl.rut", "kr.rrn", "es.dni",
    "it.codicefiscale", "mx.curp", "fr.nir", "ca.sin", "nl.bsn", "my.nric", "pk.cnic",
    "taiwan_id",
)  # fmt: skip
MIN_COLUMN_CELLS = 3


@lru_cache(maxsize=1)
def _column_checks() -> tuple[Callable[[str], bool], ...]:
    return tuple(_check(module) for module in COLUMN_SCHEMES)


# a date or a time stamp passes some checks by chance (2025-02-08 is a valid Czech birth number)
DATE_CELL = re.compile(
    r"\d{4}[-/.]\d\d[-/.]\d\d(?:[ T]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?|\d\d[-/.]\d\d[-/.]\d{4}"
)


def checked_column_spans(text: str) -> Iterator[Span]:
    """Every cell of a delimited table's column whose cells (at least three) all pass one and
    the same national id check (one cell may fail: a typo)."""
    lines = [line.rstrip("\r\n") for line in text.splitlines(keepends=True)]
    starts = list(itertools.accumulate([0] + [len(line) for line in text.splitlines(True)]))
    for delimiter in (",", ";", "\t", "|"):
        if text.count(delimiter) < 2 * MIN_COLUMN_CELLS:
            continue  # no table of three rows of three cells
        cells = [split_cells(line, delimiter) if delimiter in line else [] for line in lines]
        row = 0
        while row < len(lines):
            end = row
            while end < len(lines) and len(cells[end]) >= 3 and len(cells[end]) == len(cells[row]):
                end += 1
            if end - row >= MIN_COLUMN_CELLS:
                block = [(starts[n], lines[n], cells[n]) for n in range(row, end)]
                yield from _checked_columns(block)
            row = max(end, row + 1)


def _checked_columns(block: list[tuple[int, str, list[tuple[int, int]]]]) -> Iterator[Span]:
    """The cells of each column of one block of equal-width rows, when they pass one check."""
    for column in range(len(block[0][2])):
        candidates = []
        for offset, body, spans in block:
            raw = body[spans[column][0] : spans[column][1]]
            value = raw.strip()
            if sum(c.isdigit() for c in value) >= 6 and not DATE_CELL.fullmatch(value):
                candidates.append((offset + spans[column][0] + raw.index(value), value))
        if len(candidates) < MIN_COLUMN_CELLS:
            continue
        for check in _column_checks():
            passing = [(o, v) for o, v in candidates if _safe(check, v)]
            if len(passing) >= MIN_COLUMN_CELLS and len(passing) >= len(candidates) - 1:
                for start, value in passing:
                    yield Span(start, start + len(value), Kind.ID, "id-column-checked", value, 0.8)
                break


def _safe(check: Callable[[str], bool], value: str) -> bool:
    try:
        return check(value)
    except Exception:  # a checker may choke on a shape it does not expect
        return False


def scheme_checked_id_spans(text: str) -> Iterator[Span]:
    """Numbers after the word naming their scheme that pass its check (see the module doc), the
    numbers listed after those, and numbers printed in the grouping of a scheme the document
    names."""
    any_cue, table = _cues()
    for cue in any_cue.finditer(text):
        for cue_re, checks in table:
            if cue_re.fullmatch(cue.group()):
                for span in _checked_after(text, cue.end(), checks):
                    yield span
                    yield from listed_after(text, span, checks)
    yield from _printed_in_scheme_grouping(text)
    if text.count("\n") >= MIN_COLUMN_CELLS:
        yield from checked_column_spans(text)


# what joins the items of a list: "a, b and c", "a / b", "a; b", "a e b", "a oraz b"
LIST_JOINER = re.compile(
    r"[ \t]*(?:[,;/&]|(?<=[ \t])(?:and|or|y|e|o|und|oder|et|ou|en|of|og|eller|och|i|oraz|lub|ve|"
    r"veya|и|или)(?=[ \t]))[ \t]*(?:(?:and|or|y|e|und|et|en|i|oraz)[ \t]+)?"
)


def _shape(value: str) -> str:
    """A number's shape: 9 for a digit, A for a letter, separators as written ("999.999.999-99")."""
    return re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", value.upper()))


def listed_after(
    text: str, first: Span, checks: tuple[Callable[[str], bool], ...]
) -> Iterator[Span]:
    """The numbers listed after an identity number found by its scheme's word ("Medicare numbers
    such as A and B", "A / B", "A, B and C"): each keeps the cue while it has the first's shape
    and passes the same check, however long the list."""
    shape = _shape(text[first.start : first.end])
    cursor = first.end
    while True:
        joiner = LIST_JOINER.match(text, cursor)
        if joiner is None:
            return
        candidate = CANDIDATE.match(text, joiner.end())
        if candidate is None:
            return
        value = candidate.group()
        if _shape(value) != shape:  # "…, 4977 40353 3 and 2 more": the longer group, cut
            value = value[: len(shape)]
            if _shape(value) != shape or re.match(r"\w", text[joiner.end() + len(value) :]):
                return
        if not _checked(value, checks):
            return
        start = joiner.end()
        yield Span(start, start + len(value), Kind.ID, "id-scheme-listed", value)
        cursor = start + len(value)


# Schemes printed in a grouping of their own: a number in that grouping that passes the check is
# the scheme's wherever it stands once the document names the scheme ("medicare online claiming
# rejecting …" … "look at these rejects: 2432 95025 9").
PRINTED_GROUPINGS: tuple[tuple[str, str, str], ...] = (
    (r"medicare", r"[2-6]\d{3}[ ]\d{5}[ ]\d(?:[ \-]?[1-9])?", "medicare"),  # 10 (+IRN) digits
    (r"aadhaa?r|uidai", r"[2-9]\d{3}[ ]\d{4}[ ]\d{4}", "in_.aadhaar"),
)


@lru_cache(maxsize=1)
def _groupings() -> tuple[tuple[re.Pattern[str], re.Pattern[str], Callable[[str], bool]], ...]:
    return tuple(
        (
            re.compile(rf"(?i)(?<![^\W_])(?:{words})(?![^\W\d_])"),
            re.compile(rf"(?<![\w\-.+/@#:]){grouping}(?![\w\-]|[.,:]\d|[ ]\d)"),
            _check(module),
        )
        for words, grouping, module in PRINTED_GROUPINGS
    )


def _printed_in_scheme_grouping(text: str) -> Iterator[Span]:
    for named, grouping, check in _groupings():
        if not named.search(text):
            continue
        for match in grouping.finditer(text):
            if PHONE_BEFORE.search(text, max(0, match.start() - 6), match.start()):
                continue
            if _checked(match.group(), (check,)):
                value = match.group()
                yield Span(match.start(), match.end(), Kind.ID, "id-scheme-grouping", value)


def _checked_after(
    text: str, begin: int, checks: tuple[Callable[[str], bool], ...]
) -> Iterator[Span]:
    paragraph_end = text.find("\n\n", begin)
    end = min(len(text), begin + WINDOW)
    end = end if paragraph_end < 0 else min(end, paragraph_end)
    for match in CANDIDATE.finditer(text, begin, end):
        if PHONE_BEFORE.search(text, max(0, match.start() - 6), match.start()):
            continue  # +90 510 543 05 55: a phone number after its country code
        for offset, value in _parts(match.group()):
            if _checked(value, checks):
                start = match.start() + offset
                yield Span(start, start + len(value), Kind.ID, "id-scheme-checked", value)
                break


# A table column named for a scheme ("rfc_receptor", "aadhaar_no", "uid_no", "PESEL") holds
# that scheme's numbers; a column named for an identity document with no check digits
# ("passport_no", "national_id", "tax_id", "dni") holds numbers of the document's shape.
HEADER_ONLY_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"uid(?: no| number)?", ("in_.aadhaar",)),
)
GENERIC_ID_HEADER = re.compile(
    r"(?i)(?:(?:national|personal|citizen|tax|taxpayer|voter|resident|identity|document|doc|"
    r"social)[ _\-]?(?:id|no|number|num|nr|card|code)|passport(?:[ _\-]?(?:id|no|number|num|nr))?|"
    r"dni|nie|nric|fin|mykad|documento|n[uú]mero[ _\-]?(?:de[ _\-]?)?documento|tin|itin|"
    r"bvn|nin|nuban|kra[ _\-]?pin|sin|ssn|cccd|cmnd|"
    r"(?:bank[ _\-]?)?(?:account|acct)[ _\-]?(?:no|number|num|nr)|bank[ _\-]?account|"
    r"s[ốo][ _]t[àa]i[ _]kho[ảa]n|hesap[ _\-]?no|n[uú]mero[ _\-]?(?:de[ _\-]?)?(?:cuenta|conta)|"
    r"(?:driver|driving)[ _\-]?licen[cs]e(?:[ _\-]?(?:no|number|id))?|licen[cs]e[ _\-]?(?:no|number)|"
    r"dl[ _\-]?(?:no|number))"
)
ID_SHAPE = re.compile(r"[A-Z0-9](?:[A-Z0-9]|[ .\-/](?=[A-Z0-9])){5,24}")


def _id_shaped(value: str) -> bool:
    """A document number with no check digits: six to twenty-five capitals and digits, at least
    five of them digits, not a date."""
    return (
        bool(ID_SHAPE.fullmatch(value))
        and sum(c.isdigit() for c in value) >= 5
        and not ISO_DATE.fullmatch(value[:10])
    )


@lru_cache(maxsize=1)
def _header_cues() -> tuple[tuple[re.Pattern[str], tuple[Callable[[str], bool], ...]], ...]:
    return _cue_table((*SCHEME_CUES, *HEADER_ONLY_CUES), bounded=True)


def header_checks(label: str) -> tuple[Callable[[str], bool], ...] | None:
    """The checks a column's cells must pass when its header names an id scheme, else None."""
    for cue, checks in _header_cues():
        if cue.search(label):
            return checks or (_id_shaped,)
    return (_id_shaped,) if GENERIC_ID_HEADER.fullmatch(label.strip()) else None


def checked_cell(value: str, checks: tuple[Callable[[str], bool], ...]) -> bool:
    """A table cell under an id column: the whole value passes one of the column's checks."""
    if re.sub(r"[ .\-/]", "", value).upper() in PUBLIC_PLACEHOLDERS:
        return False
    if _id_shaped in checks:
        return _id_shaped(value) or _checked(value, checks)
    return _checked(value, checks)


# --- machine-readable zones and numbers whose written form and check stand alone -----------

# The data line of a passport's (TD3, 44 characters), a visa's or an old id card's (TD2, 36) and
# an id card's (TD1, 30) machine-readable zone, as an OCR log or a KYC payload prints it.
MRZ_TD3 = re.compile(r"(?<![A-Z0-9<])[A-Z0-9<]{9}\d[A-Z<]{3}\d{7}[MFX<]\d{7}[A-Z0-9<]{14}[\d<]\d")
MRZ_TD2 = re.compile(r"(?<![A-Z0-9<])[A-Z0-9<]{9}\d[A-Z<]{3}\d{7}[MFX<]\d{7}[A-Z0-9<]{7}\d")
MRZ_TD1_NUMBER = re.compile(r"(?<![A-Z0-9<])[ACI][A-Z<][A-Z<]{3}[A-Z0-9<]{9}\d[A-Z0-9<]{15}")
MRZ_TD1_DATES = re.compile(r"\d{7}[MFX<]\d{7}[A-Z<]{3}[A-Z0-9<]{11}\d")
# the name line: a document code, the issuing state and SURNAME<<GIVEN<NAMES, padded with <
MRZ_NAME = re.compile(r"[A-Z0-9<]{30,44}")
MRZ_LINE_BEFORE = re.compile(r"(?<![A-Z0-9<])[A-Z0-9<]{30,44}$")


def _mrz_check(field: str, digit: str) -> bool:
    """ICAO 9303's check digit: weights 7, 3, 1 over digits, letters (A = 10) and < (0)."""
    values = [0 if c == "<" else int(c) if c.isdigit() else ord(c) - 55 for c in field]
    total = sum(v * (7, 3, 1)[i % 3] for i, v in enumerate(values))
    return digit.isdigit() and total % 10 == int(digit)


def _mrz_line_around(text: str, start: int, end: int, above: bool) -> tuple[int, int] | None:
    """The next line above or below a data line when it is a line of the same zone (letters,
    digits and at least one <); a line break may be a JSON string's escaped one."""
    if above:
        sep = next((s for s in ("\n", "\\n") if text.endswith(s, 0, start)), None)
        line = (
            None
            if sep is None
            else MRZ_LINE_BEFORE.search(text, max(0, start - len(sep) - 44), start - len(sep))
        )
    else:
        sep = next((s for s in ("\n", "\\n") if text.startswith(s, end)), None)
        line = None if sep is None else MRZ_NAME.match(text, end + len(sep))
    if line is None or "<" not in line.group():
        return None
    return line.start(), line.end()


def mrz_spans(text: str) -> Iterator[Span]:
    """A machine-readable zone whose document number and birth date pass their check digits:
    the whole zone (number, dates, names) is one identity document."""
    if "<" not in text:
        return
    for regex in (MRZ_TD3, MRZ_TD2):
        for match in regex.finditer(text):
            line = match.group()
            if not (_mrz_check(line[0:9], line[9]) and _mrz_check(line[13:19], line[19])):
                continue
            start, end = match.start(), match.end()
            name = _mrz_line_around(text, start, end, above=True)
            if name is not None:
                start = name[0]
            yield Span(start, end, Kind.ID, "mrz", text[start:end], 0.95)
    for match in MRZ_TD1_NUMBER.finditer(text):
        line = match.group()
        if not _mrz_check(line[5:14], line[14]):
            continue
        start, end = match.start(), match.end()
        below = _mrz_line_around(text, start, end, above=False)
        if below is None or not MRZ_TD1_DATES.fullmatch(text[below[0] : below[1]]):
            continue
        dates = text[below[0] : below[1]]
        if not _mrz_check(dates[0:6], dates[6]):
            continue
        end = below[1]
        names = _mrz_line_around(text, below[0], below[1], above=False)
        if names is not None:
            end = names[1]
        yield Span(start, end, Kind.ID, "mrz", text[start:end], 0.95)


def _hkid_valid(value: str) -> bool:
    """A Hong Kong identity card number: one or two letters, six digits and a check digit (or
    A for ten) in brackets."""
    match = re.fullmatch(r"([A-Z]{1,2})(\d{6})\(?([0-9A])\)?", value)
    if match is None:
        return False
    letters, digits, check = match.groups()
    values = [36] * (2 - len(letters)) + [ord(c) - 55 for c in letters] + [int(d) for d in digits]
    remainder = sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True)) % 11
    expected = (11 - remainder) % 11
    return check == ("A" if expected == 10 else str(expected))


# banks of Mexico's interbank account number (CLABE), by their three-digit code
CLABE_BANKS = frozenset(
    {
        "002", "006", "009", "012", "014", "019", "021", "030", "032", "036", "037", "042", "044",
        "058", "059", "060", "062", "072", "102", "103", "106", "108", "110", "112", "113", "116",
        "124", "126", "127", "128", "129", "130", "131", "132", "133", "134", "135", "136", "137",
        "138", "139", "140", "141", "143", "145", "147", "148", "149", "150", "151", "152", "154",
        "155", "156", "157", "158", "166", "168", "600", "601", "602", "605", "606", "607", "608",
        "610", "614", "616", "617", "618", "619", "620", "621", "622", "623", "626", "627", "628",
        "629", "630", "631", "632", "633", "634", "636", "637", "638", "640", "642", "646", "647",
        "648", "649", "651", "652", "653", "655", "656", "659", "670", "677", "680", "683", "684",
        "685", "686", "689", "699", "703", "706", "710", "715", "722", "723", "728", "901", "902",
    }
)  # fmt: skip


def clabe_valid(value: str) -> bool:
    """A CLABE: a listed bank, then a weighted (3, 7, 1) check of the first seventeen digits."""
    if len(value) != 18 or not value.isdigit() or value[:3] not in CLABE_BANKS:
        return False
    total = sum(int(d) * (3, 7, 1)[i % 3] % 10 for i, d in enumerate(value[:17]))
    return (10 - total % 10) % 10 == int(value[17])


def uy_ci_valid(value: str) -> bool:
    """Uruguay's cédula de identidad (1.234.567-2): seven digits and a weighted check."""
    digits = re.sub(r"\D", "", value).rjust(8, "0")
    total = sum(int(d) * w for d, w in zip(digits[:7], (2, 9, 8, 7, 6, 3, 4), strict=True))
    return (10 - total % 10) % 10 == int(digits[7])


def ir_national_code_valid(value: str) -> bool:
    """Iran's national code (کد ملی, 170-802487-5): ten digits, the last a mod-11 check."""
    digits = re.sub(r"\D", "", value)
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    remainder = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11
    return int(digits[9]) == (remainder if remainder < 2 else 11 - remainder)


def emirates_id_valid(value: str) -> bool:
    """The UAE's Emirates ID (784-1985-1234567-1): 784, a birth year, a Luhn check last."""
    from stdnum import luhn

    digits = value.replace("-", "")
    return 1900 <= int(digits[3:7]) <= 2030 and luhn.is_valid(digits)


def lk_old_nic_valid(value: str) -> bool:
    """Sri Lanka's old national identity card (853400937V): birth year, day of the year (plus
    500 for women), four digits, V or X."""
    day = int(value[2:5])
    return 1 <= day <= 366 or 501 <= day <= 866


def snils_valid(value: str) -> bool:
    """Russia's SNILS (112-233-445 95): nine digits and a two-digit weighted check."""
    digits = re.sub(r"\D", "", value)
    total = sum(int(d) * (9 - i) for i, d in enumerate(digits[:9]))
    check = total if total < 100 else 0 if total in (100, 101) else total % 101 % 100
    return int(digits[9:]) == check


def br_cns_valid(value: str) -> bool:
    """Brazil's health card (Cartão Nacional de Saúde, 898 0012 3456 7890): fifteen digits
    whose weighted sum (15 down to 1) is a multiple of 11."""
    digits = re.sub(r"\D", "", value)
    return sum(int(d) * (15 - i) for i, d in enumerate(digits)) % 11 == 0


def br_pis_valid(value: str) -> bool:
    """Brazil's PIS/PASEP/NIS (120.12345.67-8): ten digits and a weighted mod-11 check."""
    digits = re.sub(r"\D", "", value)
    total = sum(
        int(d) * w for d, w in zip(digits[:10], (3, 2, 9, 8, 7, 6, 5, 4, 3, 2), strict=True)
    )
    check = 11 - total % 11
    return int(digits[10]) == (0 if check >= 10 else check)


def _stdnum(module: str) -> Callable[[str], bool]:
    return lambda value: _safe(_check(module), value)


# (rule, written form, check, confidence): forms distinctive enough, with a check strong enough,
# to stand without a word before them
WRITTEN_IDS: tuple[tuple[str, re.Pattern[str], Callable[[str], bool], float], ...] = (
    # Argentina's CUIT/CUIL of a person (20, 23, 24, 27), as written: 20-26756539-3
    ("ar-cuil", re.compile(r"(?<![\w\-/])2[0347]-\d{8}-\d(?![\w\-/])"), _stdnum("ar.cuit"), 0.9),
    # Thailand's citizen id as printed on the card: 1-1017-00230-70-8
    ("th-citizen-id", re.compile(r"(?<![\w\-])[1-8]-\d{4}-\d{5}-\d\d-\d(?![\w\-])"), _stdnum("th.pin"), 0.95),
    # Hong Kong's identity card with its bracketed check digit: A123456(3)
    ("hk-hkid", re.compile(r"(?<![\w\-])[A-Z]{1,2}\d{6}\([0-9A]\)"), _hkid_valid, 0.95),
    # Portugal's citizen card as printed: 10955633 1 JE8
    ("pt-citizen-card", re.compile(r"(?<![\w\-])\d{8} \d [A-Z]{2}\d(?![\w\-])"), _stdnum("pt.cc"), 0.95),
    # South Africa's id: a birth date, a citizenship digit, 8 (or 9) and a Luhn check
    ("za-id", re.compile(r"(?<![\w\-.:/])\d{10}[01][89]\d(?![\w\-]|[.,]\d)"), _stdnum("za.idnr"), 0.9),
    # Turkey's citizen number: eleven digits, never starting with 0, two check digits
    ("tr-tc-kimlik", re.compile(r"(?<![\w\-.:/+])[1-9]\d{10}(?![\w\-]|[.,]\d)"), _stdnum("tr.tckimlik"), 0.8),
    # a New Zealand bank account as written: bank, branch, account and suffix (12-3140-0876542-00)
    ("nz-bank-account", re.compile(r"(?<![\w\-])\d\d-\d{4}-\d{7}-\d{2,3}(?![\w\-])"), _stdnum("nz.bankaccount"), 0.9),
    # a Mexican interbank account (CLABE): eighteen digits, a bank's code first, a check last
    ("mx-clabe", re.compile(r"(?<![\w\-.:/])\d{18}(?![\w\-]|[.,]\d)"), clabe_valid, 0.85),
    # Argentina's bank account (CBU): twenty-two digits, two check digits
    ("ar-cbu", re.compile(r"(?<![\w\-.:/])\d{22}(?![\w\-]|[.,]\d)"), _stdnum("ar.cbu"), 0.9),
    # Colombia's NIT as written, with dots and its check digit (900.373.913-4)
    ("co-nit", re.compile(r"(?<![\w\-.])\d{3}\.\d{3}\.\d{3}-\d(?![\w\-])"), _stdnum("co.nit"), 0.9),
    ("uy-ci", re.compile(r"(?<![\w\-.])\d\.\d{3}\.\d{3}-\d(?![\w\-])"), uy_ci_valid, 0.9),
    ("ir-national-code", re.compile(r"(?<![\w\-])\d{3}-\d{6}-\d(?![\w\-])"), ir_national_code_valid, 0.9),
    ("ae-emirates-id", re.compile(r"(?<![\w\-])784-\d{4}-\d{7}-\d(?![\w\-])"), emirates_id_valid, 0.95),
    ("lk-nic", re.compile(r"(?<![\w\-])\d{9}[VX](?![\w\-])"), lk_old_nic_valid, 0.85),
    # Ghana's card: GHA-003918274-2
    ("gh-card", re.compile(r"(?<![\w\-])GHA-\d{9}-\d(?![\w\-])"), lambda value: True, 0.95),
    # the US tax number of someone with no SSN: 9XX-7X-XXXX
    ("us-itin", re.compile(r"(?<![\w\-])9\d\d-[5-9]\d-\d{4}(?![\w\-])"), _stdnum("us.itin"), 0.9),
    # Denmark's CPR number (211062-5629): a birth date and four digits, as written
    ("dk-cpr", re.compile(r"(?<![\w\-.])[0-3]\d[01]\d\d\d-\d{4}(?![\w\-])"), _stdnum("dk.cpr"), 0.8),
    ("ru-snils", re.compile(r"(?<![\w\-])\d{3}-\d{3}-\d{3}[ \-]\d\d(?![\w\-])"), snils_valid, 0.9),
    ("br-cns", re.compile(r"(?<![\w\-])[1-2789]\d\d \d{4} \d{4} \d{4}(?![\w\-]| \d)"), br_cns_valid, 0.85),
    ("br-pis", re.compile(r"(?<![\w\-.])\d{3}\.\d{5}\.\d\d-\d(?![\w\-])"), br_pis_valid, 0.9),
    # Poland's tax number as written, in groups (123-456-32-18)
    ("pl-nip", re.compile(r"(?<![\w\-])\d{3}-\d{3}-\d\d-\d\d(?![\w\-])"), _stdnum("pl.nip"), 0.9),
    # Belarus's personal number: birth date, region letter, three digits, two letters, a check
    ("by-personal-number", re.compile(r"(?<![\w\-])[1-6]\d{6}[ABCHKEM]\d{3}(?:PB|BA|BI|GB)\d(?![\w\-])"), lambda value: True, 0.9),
    # France's SIRET as written (852 469 626 93351): a sole trader's register number
    ("fr-siret", re.compile(r"(?<![\w\-])\d{3} \d{3} \d{3} \d{5}(?![\w\-]| \d)"), _stdnum("fr.siret"), 0.85),
    # Ireland's PPS number: seven digits, a check letter, and a second letter on newer ones
    ("ie-pps", re.compile(r"(?<![\w\-/.])\d{7}[A-W][ABHW]?(?![\w\-])"), _stdnum("ie.pps"), 0.85),
)  # fmt: skip


# Japan's My Number as printed on the card, four by four (1234 5678 9018), in a Japanese text:
# the shape is Aadhaar's too, and a check of one digit in eleven is weak on its own
JP_MY_NUMBER = re.compile(r"(?<![\w\-])(?<!\d )\d{4} \d{4} \d{4}(?![\w\-]| \d)")
JAPANESE = re.compile(r"[\u3040-\u30ff]")
_MY_NUMBER_VALID = _stdnum("jp.in_")


def written_id_spans(text: str) -> Iterator[Span]:
    yield from mrz_spans(text)
    if JAPANESE.search(text):
        for match in JP_MY_NUMBER.finditer(text):
            if _MY_NUMBER_VALID(match.group()):
                yield Span(match.start(), match.end(), Kind.ID, "jp-my-number", match.group(), 0.85)
    for rule, regex, valid, confidence in WRITTEN_IDS:
        for match in regex.finditer(text):
            if valid(match.group()):
                yield Span(match.start(), match.end(), Kind.ID, rule, match.group(), confidence)

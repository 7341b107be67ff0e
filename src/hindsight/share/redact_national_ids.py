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

"""Builds redaction_postmortem_dev2.jsonl, redaction_postmortem_dev2_aside.jsonl and (rows of
build_postmortem_dev3_rows.py, written later) redaction_postmortem_dev3_aside.jsonl (issue 12).

Written by hand before the redactor was run on any of it. The prose is ours; the numbers in it
are made valid by the libraries that define them (phone numbers by `phonenumbers`, IBANs by
`schwifty`, national identity numbers by `python-stdnum`), drawn at random with a fixed seed,
so a checksum rule cannot pass them by luck and a shape rule cannot fail them by accident.

In a template, ⟦KIND:value⟧ marks a value that must be redacted (every occurrence of it in the
text counts, see REDACTION_LABELS.md) and ⟪value⟫ a hard negative that must come through intact.
Every fourth row (index % 4 == 3) goes to the aside file: written at the same time, kept apart,
and only its totals are looked at until the end of a round of work.

Usage: python tests/data/share/build_postmortem_dev2.py [dev2] [dev2_aside] [dev3_aside]
"""

from __future__ import annotations

import json
import random
import re
import string
import sys
from pathlib import Path

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType
from schwifty import IBAN
from stdnum import luhn
from stdnum.au import tfn as au_tfn
from stdnum.br import cpf
from stdnum.ca import sin
from stdnum.ch import ssn as ch_ssn
from stdnum.cn import ric
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fi import hetu
from stdnum.fr import nir as fr_nir
from stdnum.ie import pps
from stdnum.in_ import aadhaar
from stdnum.it import codicefiscale
from stdnum.kr import rrn as kr_rrn
from stdnum.mx import curp
from stdnum.nl import bsn
from stdnum.no import fodselsnummer
from stdnum.pl import pesel
from stdnum.se import personnummer
from stdnum.tr import tckimlik
from stdnum.za import idnr as za_idnr

HERE = Path(__file__).resolve().parent
RNG = random.Random(20261205)


def _digits(count: int) -> str:
    return "".join(RNG.choice(string.digits) for _ in range(count))


def _until(valid, make):  # type: ignore[no-untyped-def]
    for _ in range(100_000):
        value = make()
        if valid(value):
            return value
    raise RuntimeError("no valid value drawn")


# --- phone numbers ------------------------------------------------------------------------
KINDS = {"M": PhoneNumberType.MOBILE, "F": PhoneNumberType.FIXED_LINE}


def ph(region: str, kind: str = "M", fmt: str = "intl") -> str:
    """A valid number of `region`: "intl" +44 7400 123456, "nat" 07400 123456, "e164",
    "00" 0044 7400 123456, "dots" 415.555.0132 style (national digits with dots)."""
    example = phonenumbers.example_number_for_type(region, KINDS[kind])
    assert example is not None, region
    national = str(example.national_number)

    def draw() -> phonenumbers.PhoneNumber:
        keep = max(2, len(national) - 5)
        number = national[:keep] + _digits(len(national) - keep)
        return phonenumbers.parse("+" + str(example.country_code) + number, None)

    number = _until(phonenumbers.is_valid_number, draw)
    if fmt == "intl":
        return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    if fmt == "e164":
        return phonenumbers.format_number(number, PhoneNumberFormat.E164)
    if fmt == "00":
        return "00" + phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)[1:]
    national_text = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    if fmt == "dots":
        return re.sub(r"[\s\-()]+", ".", national_text).strip(".")
    return national_text


# --- IBANs --------------------------------------------------------------------------------
def iban(country: str, spaced: bool = True) -> str:
    value = _until(lambda v: v is not None, lambda: _try_iban(country))
    return value.formatted if spaced else value.compact


def _try_iban(country: str) -> IBAN | None:
    try:
        return IBAN.random(country_code=country)
    except Exception:  # noqa: BLE001 - some draws do not validate
        return None


# --- identity numbers ---------------------------------------------------------------------
def ssn() -> str:
    area = RNG.choice([n for n in range(1, 900) if n != 666])
    return f"{area:03d}-{RNG.randint(1, 99):02d}-{RNG.randint(1, 9999):04d}"


def cpf_number(formatted: bool = True) -> str:
    value = _until(cpf.is_valid, lambda: _digits(11))
    return cpf.format(value) if formatted else value


def aadhaar_number() -> str:
    value = _until(aadhaar.is_valid, lambda: str(RNG.randint(2, 9)) + _digits(11))
    return f"{value[:4]} {value[4:8]} {value[8:]}"


def pan_number() -> str:
    letters = string.ascii_uppercase
    return (
        "".join(RNG.choice(letters) for _ in range(3))
        + "P"
        + RNG.choice(letters)
        + _digits(4)
        + RNG.choice(letters)
    )


def dni_number() -> str:
    body = _digits(8)
    return body + dni.calc_check_digit(body)


def nie_number() -> str:
    body = RNG.choice("XYZ") + _digits(7)
    return body + nie.calc_check_digit(body)


def bsn_number() -> str:
    return _until(bsn.is_valid, lambda: str(RNG.randint(1, 9)) + _digits(8))


def sin_number() -> str:
    body = str(RNG.choice([1, 2, 3, 4, 5, 6, 7, 9])) + _digits(7)
    value = body + luhn.calc_check_digit(body)
    return f"{value[:3]} {value[3:6]} {value[6:]}"


def steuer_id() -> str:
    value = _until(idnr.is_valid, lambda: str(RNG.randint(1, 9)) + _digits(10))
    return f"{value[:2]} {value[2:5]} {value[5:8]} {value[8:]}"


def personalausweis() -> str:
    """German ID card number: 9 characters and an ICAO 7-3-1 check digit."""
    alphabet = "CFGHJKLMNPRTVWXYZ0123456789"
    body = RNG.choice("CFGHJKLMNPRTVWXYZ") + "".join(RNG.choice(alphabet) for _ in range(8))
    weights = (7, 3, 1)
    total = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * weights[i % 3] for i, c in enumerate(body)
    )
    return body + str(total % 10)


def nino() -> str:
    first = RNG.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = RNG.choice("ABCEGHJKLMNPRSTWXYZ")
    digits = _digits(6)
    return f"{first}{second} {digits[:2]} {digits[2:4]} {digits[4:]} {RNG.choice('ABCD')}"


def codice_fiscale() -> str:
    letters = string.ascii_uppercase
    body = (
        "".join(RNG.choice(letters) for _ in range(6))
        + _digits(2)
        + RNG.choice("ABCDEHLMPRST")
        + f"{RNG.randint(1, 28):02d}"
        + RNG.choice(letters)
        + _digits(3)
    )
    return body + codicefiscale.calc_check_digit(body)


def pesel_number() -> str:
    body = f"{RNG.randint(60, 99):02d}{RNG.randint(1, 12):02d}{RNG.randint(1, 28):02d}" + _digits(4)
    return body + pesel.calc_check_digit(body)


def personnummer_se() -> str:
    body = f"{RNG.randint(60, 99):02d}{RNG.randint(1, 12):02d}{RNG.randint(1, 28):02d}" + _digits(3)
    value = body + luhn.calc_check_digit(body)
    assert personnummer.is_valid(value[:6] + "-" + value[6:])
    return value[:6] + "-" + value[6:]


def fodselsnummer_no() -> str:
    def make() -> str:
        return (
            f"{RNG.randint(1, 28):02d}{RNG.randint(1, 12):02d}{RNG.randint(60, 99):02d}"
            + _digits(5)
        )

    return _until(fodselsnummer.is_valid, make)


def hetu_fi() -> str:
    def make() -> str:
        date = f"{RNG.randint(1, 28):02d}{RNG.randint(1, 12):02d}{RNG.randint(60, 99):02d}"
        serial = f"{RNG.randint(2, 899):03d}"
        check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(date + serial) % 31]
        return f"{date}-{serial}{check}"

    return _until(hetu.is_valid, make)


def ahv() -> str:
    value = _until(ch_ssn.is_valid, lambda: "756" + _digits(10))
    return f"{value[:3]}.{value[3:7]}.{value[7:11]}.{value[11:]}"


def ric_number() -> str:
    def make() -> str:
        body = (
            f"{RNG.randint(110000, 659999)}{RNG.randint(1960, 2004)}"
            f"{RNG.randint(1, 12):02d}{RNG.randint(1, 28):02d}{_digits(3)}"
        )
        return body + ric.calc_check_digit(body)

    return _until(_ric_ok, make)


def _ric_ok(value: str) -> bool:
    try:
        return bool(ric.is_valid(value))
    except KeyError:  # stdnum's region table has holes
        return False


def curp_number() -> str:
    def make() -> str:
        letters = string.ascii_uppercase
        body = (
            RNG.choice("BCDFGHJLMNPRSTVZ")
            + RNG.choice("AEIOU")
            + "".join(RNG.choice(letters) for _ in range(2))
            + f"{RNG.randint(60, 99):02d}{RNG.randint(1, 12):02d}{RNG.randint(1, 28):02d}"
            + RNG.choice("HM")
            + RNG.choice(["DF", "JC", "NL", "PL", "GT"])
            + "".join(RNG.choice("BCDFGHJKLMNPRSTVWXZ") for _ in range(3))
            + "0"
        )
        return body + curp.calc_check_digit(body)

    return _until(curp.is_valid, make)


def tc_kimlik() -> str:
    def make() -> str:
        body = str(RNG.randint(1, 9)) + _digits(8)
        return body + tckimlik.calc_check_digits(body)

    return _until(tckimlik.is_valid, make)


def za_id() -> str:
    def make() -> str:
        body = (
            f"{RNG.randint(60, 99):02d}{RNG.randint(1, 12):02d}{RNG.randint(1, 28):02d}"
            + _digits(4)
            + "08"
        )
        return body + luhn.calc_check_digit(body)

    return _until(za_idnr.is_valid, make)


def my_number_jp() -> str:
    """Japanese Individual Number: 11 digits and a check digit (weights 2-7 from the right)."""
    body = _digits(11)
    total = sum(int(d) * (n + 1 if n <= 6 else n - 5) for n, d in enumerate(reversed(body), 1))
    check = 0 if total % 11 <= 1 else 11 - total % 11
    value = body + str(check)
    return f"{value[:4]} {value[4:8]} {value[8:]}"


def ppsn() -> str:
    return _until(pps.is_valid, lambda: _digits(7) + RNG.choice("ABCDEFGHW") + "A")


def tfn() -> str:
    value = _until(au_tfn.is_valid, lambda: str(RNG.randint(1, 9)) + _digits(8))
    return f"{value[:3]} {value[3:6]} {value[6:]}"


def rrn() -> str:
    def make() -> str:
        date = f"{RNG.randint(60, 99):02d}{RNG.randint(1, 12):02d}{RNG.randint(1, 28):02d}"
        return date + "-" + str(RNG.randint(1, 2)) + _digits(6)

    return _until(lambda v: kr_rrn.is_valid(v.replace("-", "")), make)


def nric() -> str:
    """Singapore NRIC: S, seven digits, a check letter."""
    digits = _digits(7)
    total = sum(int(d) * w for d, w in zip(digits, (2, 7, 6, 5, 4, 3, 2), strict=True))
    return "S" + digits + "JZIHGFEDCBA"[total % 11]


def nir() -> str:
    def make() -> str:
        body = (
            str(RNG.randint(1, 2))
            + f"{RNG.randint(60, 99):02d}{RNG.randint(1, 12):02d}"
            + f"{RNG.randint(1, 95):02d}"
            + _digits(6)
        )
        key = 97 - int(body) % 97
        return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"

    return _until(lambda v: fr_nir.is_valid(v.replace(" ", "")), make)


def passport(country: str) -> str:
    """Passport numbers in the shape each country prints them."""
    letters = string.ascii_uppercase
    shapes = {
        "US": lambda: str(RNG.randint(5, 6)) + _digits(8),
        "GB": lambda: _digits(9),
        "DE": lambda: RNG.choice("CFGHJK") + "".join(RNG.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(8)),
        "FR": lambda: _digits(2) + RNG.choice(letters) + RNG.choice(letters) + _digits(5),
        "IN": lambda: RNG.choice("JKLMNPRSTUVWZ") + _digits(7),
        "CN": lambda: "E" + _digits(8),
        "JP": lambda: RNG.choice(["TK", "TR", "MZ", "TZ"]) + _digits(7),
        "BR": lambda: RNG.choice(["FT", "GA", "YB"]) + _digits(6),
        "CA": lambda: RNG.choice(["AB", "GK", "HM"]) + _digits(6),
        "AU": lambda: RNG.choice(["PA", "PE", "N"]) + _digits(7),
        "NG": lambda: "A" + _digits(8),
        "ES": lambda: "".join(RNG.choice(letters) for _ in range(3)) + _digits(6),
        "IT": lambda: "Y" + RNG.choice(letters) + _digits(7),
        "NL": lambda: "N" + RNG.choice("PRSTUVWXY") + "".join(RNG.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(6)) + _digits(1),
        "MX": lambda: "G" + _digits(8),
        "KR": lambda: "M" + _digits(8),
    }  # fmt: skip
    return shapes[country]()


def driving_licence_uk() -> str:
    letters = string.ascii_uppercase
    return (
        "".join(RNG.choice(letters) for _ in range(5))
        + _digits(6)
        + "".join(RNG.choice(letters) for _ in range(2))
        + _digits(1)
        + "".join(RNG.choice(letters) for _ in range(2))
    )


# --- secrets ------------------------------------------------------------------------------
def token(length: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(length))


def password(length: int = 14) -> str:
    value = token(length - 3) + RNG.choice("!$%&*#@") + _digits(1) + RNG.choice("QWZKX")
    chars = list(value)
    RNG.shuffle(chars)
    return "".join(chars)


def hexs(length: int) -> str:
    return token(length, "0123456789abcdef")


def uuid() -> str:
    h = hexs(32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


from build_postmortem_dev2_rows import rows  # noqa: E402  (the templates use the helpers)

MARK = re.compile(r"⟦([A-Z]+):(.+?)⟧|⟪(.+?)⟫")


def build(index: int, row_id: str, template: str, roster: list[str]) -> dict[str, object]:
    expect: list[dict[str, str]] = []
    keep: list[str] = []
    for match in MARK.finditer(template):
        if match.group(1):
            item = {"kind": match.group(1), "value": match.group(2)}
            if item not in expect:
                expect.append(item)
        elif match.group(3) not in keep:
            keep.append(match.group(3))
    text = MARK.sub(lambda m: m.group(2) or m.group(3), template)
    return {"id": row_id, "text": text, "roster": roster, "expect": expect, "keep": keep}


def main(parts: list[str]) -> None:
    """Write the named files (all three by default). schwifty's IBAN draws are not
    reproducible, so the committed files are the reference; rewrite one only when its rows
    change."""
    dev, aside = [], []
    for index, (row_id, template, roster) in enumerate(rows(sys.modules[__name__])):
        row = build(index, row_id, template, roster)
        (aside if index % 4 == 3 else dev).append(row)
    from build_postmortem_dev3_rows import rows as dev3_rows  # written after round 2's rules

    dev3 = [build(0, i, t, r) for i, t, r in dev3_rows(sys.modules[__name__])]
    for name, part in (("dev2", dev), ("dev2_aside", aside), ("dev3_aside", dev3)):
        if parts and name not in parts:
            continue
        path = HERE / f"redaction_postmortem_{name}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for row in part:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(path.name, len(part))


if __name__ == "__main__":
    main(sys.argv[1:])

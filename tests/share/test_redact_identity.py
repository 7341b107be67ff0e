"""Postal addresses of many countries and identity numbers by their label or checksum, in
generated sentences: the whole address goes (street, flat, postcode, town), the number after
its label goes, and the sentence around them comes through."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hindsight.share.redact import Kind, RedactionContext, redact
from hindsight.share.redact_identity import cn_ric_ok


def _hidden(text: str, value: str) -> bool:
    """Every letter and digit of `value` (first occurrence) is inside a replacement."""
    result = redact(text, RedactionContext())
    start = text.index(value)
    hidden = {i for item in result.replacements for i in range(item.start, item.end)}
    return all(i in hidden for i in range(start, start + len(value)) if text[i].isalnum())


STREET_NAMES = st.sampled_from(["Alcalá", "Augusta", "Mallorca", "Corrientes", "Marszałkowska"])
HOUSE = st.integers(1, 2999).map(str)
TOWNS = st.sampled_from(["Madrid", "Barcelona", "São Paulo", "Warszawa", "Hamburg", "Porto"])
LEADS = st.sampled_from(["Billing address: ", "The customer lives at ", "Ship to: ", "adres "])
TAILS = st.sampled_from(["\nPhone: on file", ". Refund pending.", " and was called back."])


@st.composite
def romance_addresses(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from(["Calle de", "Rua", "Carrer de", "Av.", "ul.", "Via"]))
    flat = draw(st.sampled_from(["", ", 4º B", ", apto 72", ", 3r 2a", ", piso 6 B", ", m. 15"]))
    postcode = draw(st.sampled_from(["28028", "01304-001", "00-514", "C1045AAA", "08013"]))
    return f"{word} {draw(STREET_NAMES)} {draw(HOUSE)}{flat}, {postcode} {draw(TOWNS)}"


@st.composite
def english_addresses(draw: st.DrawFn) -> str:
    unit = draw(st.sampled_from(["", "Flat 12, Ashdown House, ", "Apt 5, "]))
    street = draw(
        st.sampled_from(["Queen St W", "Sunset Blvd", "Kingsland Road", "Glebe Point Rd"])
    )
    tail = draw(
        st.sampled_from([", Toronto, ON M5H 2M9", ", Los Angeles, CA 90026", ", London E2 8AA"])
    )
    return f"{unit}{draw(HOUSE)} {street}{tail}"


@settings(max_examples=40, deadline=None)
@given(st.one_of(romance_addresses(), english_addresses()), LEADS, TAILS)
def test_whole_addresses_are_hidden_with_their_flat_postcode_and_town(
    address: str, lead: str, tail: str
) -> None:
    text = f"{lead}{address}{tail}"
    assert _hidden(text, address), redact(text, RedactionContext()).text
    assert redact(text, RedactionContext()).text.endswith(tail.rstrip())


@pytest.mark.parametrize(
    "address",
    [
        "Eppendorfer Landstraße 112, 20251 Hamburg",
        "Bağdat Cad. No:215 D:6, 34728 Kadıköy/İstanbul",
        "Blk 123 Toa Payoh Lorong 1, #08-456, Singapore 310123",
        "Villa 14, Street 23, Al Barsha 2, Dubai",
        "No. 42, 3rd Cross, Indiranagar, Bengaluru 560038",
        "Av. Presidente Masaryk 111, Polanco V Secc, Miguel Hidalgo, 11560 Ciudad de México",
        "서울특별시 강남구 테헤란로 152, 12층",
    ],
)
def test_addresses_of_more_countries(address: str) -> None:
    text = f"Anschrift / address: {address}\nNext line stays."
    assert _hidden(text, address), redact(text, RedactionContext()).text
    assert redact(text, RedactionContext()).text.endswith("\nNext line stays.")


def test_an_address_does_not_swallow_the_phone_number_before_it() -> None:
    text = "Yusuf, tel. +34 722 852 459, Carrer de Mallorca 401, 3r 2a, 08013 Barcelona"
    kinds = {item.original: item.kind for item in redact(text, RedactionContext()).replacements}
    assert kinds["+34 722 852 459"] is Kind.PHONE
    assert kinds["Carrer de Mallorca 401, 3r 2a, 08013 Barcelona"] is Kind.ADDRESS


LABELS = st.sampled_from(
    [
        "PPSN",
        "TFN",
        "BVN",
        "SIN",
        "n° de sécurité sociale",
        "Personalausweisnummer",
        "resident ID",
        "주민등록번호(마스킹 누락):",
        "passport no.",
        "ID number",
    ]
)
ID_VALUES = st.one_of(
    st.from_regex(r"[0-9]{7}[A-W]{1,2}", fullmatch=True),  # Irish PPSN shape
    st.from_regex(r"[0-9]{3} [0-9]{3} [0-9]{3}", fullmatch=True),  # SIN, TFN
    st.from_regex(r"[0-9]{11}", fullmatch=True),  # BVN, PESEL, TC kimlik
    st.from_regex(r"[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{7}[0-9]", fullmatch=True),  # DE
)


@settings(max_examples=60, deadline=None)
@given(LABELS, ID_VALUES, st.sampled_from([" ", " on file ", " (shown unmasked): "]))
def test_identity_numbers_after_their_label_are_hidden(label: str, value: str, gap: str) -> None:
    text = f"Customer record: {label}{gap}{value}. Ticket closed."
    assert _hidden(text, value), redact(text, RedactionContext()).text
    assert "Ticket closed." in redact(text, RedactionContext()).text


def _cn_ric(body: str) -> str:
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    total = sum(int(c) * w for c, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


@settings(max_examples=30, deadline=None)
@given(st.from_regex(r"[1-6][0-9]{5}(19[5-9][0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}",
                     fullmatch=True))  # fmt: skip
def test_chinese_resident_ids_are_hidden_by_their_checksum_alone(body: str) -> None:
    number = _cn_ric(body)
    assert cn_ric_ok(number)
    assert _hidden(f"driver profile showed {number} in the app", number)
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    assert not cn_ric_ok(wrong)


def test_travel_documents_in_airline_messages() -> None:
    text = "pax=1 name=SCHNEIDER/KLAUS doc=P/DEU/FTL85F3MG/DOB 1971-04-12 status=REJECTED"
    result = redact(text, RedactionContext())
    assert "FTL85F3MG" not in result.text and "SCHNEIDER/KLAUS" not in result.text
    assert "1971-04-12 status=REJECTED" in result.text


def test_korean_resident_number_needs_a_real_birth_date() -> None:
    assert not _hidden("build 721399-2987102 failed", "721399-2987102")
    assert _hidden("registered 720304-2987102 in the CRM", "720304-2987102")


def _dni(number: int, prefix: str = "") -> str:
    digits = str(number).zfill(7 if prefix else 8)
    value = int(str("XYZ".index(prefix)) + digits) if prefix else number
    return prefix + digits + "TRWAGMYFPDXBNJZSQVHLCKE"[value % 23]


@settings(max_examples=30, deadline=None)
@given(st.integers(1_000_000, 99_999_999), st.sampled_from(["", "X", "Y", "Z"]))
def test_spanish_dni_and_nie_by_their_check_letter_alone(number: int, prefix: str) -> None:
    if prefix:
        number %= 10_000_000
    value = _dni(number, prefix)
    assert _hidden(f"ticket from {value} about billing", value)
    wrong = value[:-1] + ("A" if value[-1] != "A" else "B")
    if wrong[-1] != _dni(number, prefix)[-1]:
        assert not _hidden(f"ticket from {wrong} about billing", wrong)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 2), st.integers(0, 99), st.integers(1, 12), st.integers(1, 95),
       st.integers(1, 999), st.integers(1, 999))  # fmt: skip
def test_french_nir_by_its_key_alone(sex: int, year: int, month: int, dept: int, town: int,
                                      order: int) -> None:  # fmt: skip
    body = f"{sex}{year:02d}{month:02d}{dept:02d}{town:03d}{order:03d}"
    key = 97 - int(body) % 97
    value = f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"
    assert _hidden(f"l'assuré, {value}, a appelé", value)


# --- round 5: cue words as record keys, more check-digit schemes, bank accounts ------------


@settings(max_examples=30, deadline=None)
@given(st.integers(1_000_000, 25_999_999))
def test_chilean_rut_by_its_check_digit_alone(body: int) -> None:
    from stdnum.cl import rut

    number = f"{body:,}".replace(",", ".") + "-" + rut.calc_check_digit(str(body))
    assert _hidden(f"reembolso pendiente para {number} desde ayer", number)
    assert _hidden(f'{{"run": "{number}", "plan": "pro"}}', number)


@settings(max_examples=30, deadline=None)
@given(st.integers(100_000_000, 999_999_999), st.integers(1, 8))
def test_turkish_and_romanian_numbers_in_record_fields(body: int, sex: int) -> None:
    from stdnum.ro import cnp
    from stdnum.tr import tckimlik

    kimlik = str(body) + tckimlik.calc_check_digits(str(body))
    stem = f"{sex}850412{body % 40 + 1:02d}{body % 1000:03d}"
    romanian = stem + cnp.calc_check_digit(stem)
    assert _hidden(f"Deniz;Aksoy;{kimlik};Ankara", kimlik)
    assert _hidden(f"| Ioana Pop | {romanian} | Iași |", romanian)


def test_cue_words_written_as_record_keys() -> None:
    assert _hidden('"tc_kimlik_no": "48151623420"', "48151623420")
    assert _hidden('my_number="4821 0093 1178"', "4821 0093 1178")
    assert _hidden("Versicherte: SV-Nr. 1237 010180", "1237 010180")
    assert _hidden("ID on file (Teudat Zehut 039337423) for the refund", "039337423")
    assert _hidden("run=48213", "48213") is False  # a CI run, not a Chilean RUN
    assert (
        _hidden("| job | run | status |\n|---|---|---|\n| lint | 7731208 | ok |", "7731208")
        is False
    )


def test_psql_output_columns_named_for_an_id() -> None:
    table = (
        " given | tckn        | city\n"
        "-------+-------------+--------\n"
        " Deniz | 48151623420 | Ankara\n"
        "(1 row)"
    )
    assert _hidden(table, "48151623420")


def test_bank_accounts_need_a_bank_on_the_line() -> None:
    assert _hidden("Refund to Access Bank, NUBAN 0123456789, today", "0123456789")
    assert _hidden("Bank: Kookmin, account 412-19-0081273", "412-19-0081273")
    assert _hidden("Kontonummer 1234567890 bei der Sparkasse", "1234567890")
    assert not _hidden("the AWS account 123456789012 hit its quota", "123456789012")


def test_a_business_licence_is_not_a_persons_number() -> None:
    assert not _hidden("The shop's trade licence no. DX-7781203 was renewed.", "DX-7781203")
    assert _hidden("Her driver's licence no. D7781203 was on the form.", "D7781203")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Applicant CNIC 61101-4455667-3, verified by NADRA", "61101-4455667-3"),
        ("Steuernummer 143/204/55012 laut Bescheid", "143/204/55012"),
        ("the contractor's UTR 9876543210 was on the invoice", "9876543210"),
        ("número de la seguridad social 08 76543210 12 en la nómina", "08 76543210 12"),
        ("QID 29163400017 for the Doha customer", "29163400017"),
        ("Civil ID 290041201234 (Kuwait)", "290041201234"),
        ("ИИН 900315450127 клиента", "900315450127"),
        ("NPWP 01.234.567.8-901.000 pelanggan", "01.234.567.8-901.000"),
        ("asmens kodas 49002101234 buvo žurnale", "49002101234"),
        ("Refund: sort code 40-11-62, account 71234567", "71234567"),
        ("CBU 0110599520000001234567 del cliente", "0110599520000001234567"),
    ],
)
def test_more_cue_words_and_bank_accounts(text: str, value: str) -> None:
    assert _hidden(text, value), text


def test_hyphenated_malaysian_and_pakistani_numbers_by_their_shape_and_check() -> None:
    assert _hidden("walk-in customer 900315-08-5522 asked for a refund", "900315-08-5522")
    assert _hidden("form scan showed 42101-9876543-1 twice", "42101-9876543-1")
    assert not _hidden("build 202611-99-0001 shipped", "202611-99-0001")


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 99), st.integers(1, 12), st.integers(1, 28), st.integers(0, 999))
def test_polish_pesel_in_a_record_field_by_its_check(
    year: int, month: int, day: int, serial: int
) -> None:
    from stdnum.pl import pesel

    stem = f"{year:02d}{month + 20:02d}{day:02d}{serial:03d}1"
    number = stem + pesel.calc_check_digit(stem)
    assert _hidden(f"Nowak;Ewa;{number};Kraków", number)

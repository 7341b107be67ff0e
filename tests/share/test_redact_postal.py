"""Addresses found from their postcode and town and walked back to the house number, identity
numbers by check digits or cue words of many languages, and phone numbers dialled without a
trunk 0 — with the counts, versions and dates that look like them left alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn

from hindsight.share.redact import Kind, RedactionContext, redact


def _hidden(text: str, value: str) -> bool:
    result = redact(text, RedactionContext())
    start = text.index(value)
    hidden = {i for item in result.replacements for i in range(item.start, item.end)}
    return all(i in hidden for i in range(start, start + len(value)) if text[i].isalnum())


def _kinds(text: str) -> set[Kind]:
    return {item.kind for item in redact(text, RedactionContext()).replacements}


ADDRESSES_WITHOUT_A_STREET_WORD = [
    "Am Waldrand 7, 50667 Köln",
    "Im Winkel 3, 79098 Freiburg im Breisgau",
    "Overtoom 301, 1054 HW Amsterdam",
    "Vodičkova 36, 110 00 Praha 1",
    "Bredgade 30, 1260 København K",
    "Karl Johans gate 22, 0159 Oslo",
    "1187 Sycamore Ridge Trace, Franklin, TN 37064",
    "Flat 302, Sai Residency, 14th Cross Road, Indiranagar, Bengaluru 560038",
    "B-12, Sector 62, Noida 201301",
    "Rose Cottage, 3 Church Lane, Horsforth, Leeds LS18 5LA",
    "Carrera 7 # 71-21, Bogotá",
    "Av. Corrientes 1234, C1043 Buenos Aires",
]


@pytest.mark.parametrize("address", ADDRESSES_WITHOUT_A_STREET_WORD)
@pytest.mark.parametrize("lead", ["The customer lives at ", "Ship to ", "We wrote to "])
def test_addresses_are_found_from_their_postcode_and_town(address: str, lead: str) -> None:
    text = f"{lead}{address} and waited for a reply."
    assert _hidden(text, address), redact(text).text
    assert "waited for a reply" in redact(text).text


@pytest.mark.parametrize(
    "text",
    [
        "Sprint 12, 2026 Planning is on Monday.",
        "Node 14, 10000 Pods were rescheduled.",
        "Postgres 15, 8000 Connections max.",
        "Step 3, 10115 Berlin region was drained.",
        "Windows 11, 2024 Update broke drivers.",
        "Phase 2, 3000 Customers in Berlin were migrated.",
    ],
)
def test_counts_and_versions_before_a_number_are_no_address(text: str) -> None:
    assert Kind.ADDRESS not in _kinds(text)


@pytest.mark.parametrize(
    ("cue", "value"),
    [
        ("burgerservicenummer", "111222333"),
        ("Ausweisnummer", "L01X00T47"),
        ("paspoort", "NW42MLNV0"),
        ("passaporte", "FT525827"),
        ("旅券番号", "TR2730324"),
        ("여권번호", "M75693349"),
        ("numéro fiscal", "3498997431512"),
        ("AHV number", "756.9217.0769.85"),
    ],
)
def test_identity_numbers_after_cue_words_of_many_languages(cue: str, value: str) -> None:
    for text in (f"Her {cue} is {value} per the form.", f"She sent her {cue} ({value}) by mail."):
        assert _hidden(text, value), redact(text).text


@settings(max_examples=40, deadline=None)
@given(st.integers(10**10, 10**11 - 1))
def test_aadhaar_numbers_by_their_verhoeff_check_alone(body: int) -> None:
    from stdnum import verhoeff
    from stdnum.in_ import aadhaar

    digits = str(body)
    if digits[0] in "01":
        digits = "2" + digits[1:]
    number = digits + verhoeff.calc_check_digit(digits)
    if not aadhaar.is_valid(number):  # stdnum also refuses palindromes such as 9999 9999 9999
        return
    spaced = f"{number[:4]} {number[4:8]} {number[8:]}"
    assert _hidden(f"The upload held {spaced} and nothing else.", spaced)
    wrong = f"{spaced[:-1]}{(int(spaced[-1]) + 1) % 10}"
    assert Kind.ID not in _kinds(f"The upload held {wrong} and nothing else.")


@pytest.mark.parametrize(
    "value", ["756.9217.0769.85", "131052-308T", "S1234567D", "85.07.30-033.28"]
)
def test_checked_identity_numbers_without_a_word(value: str) -> None:
    assert _hidden(f"The attachment contained {value} and nothing else.", value)


def test_short_cue_words_that_are_ordinary_words_count_only_as_acronyms() -> None:
    assert Kind.ID not in _kinds("It is visible in run #88213 of workflow deploy.yml.")
    assert Kind.ID in _kinds("RUN 12.345.678-5 was on the form.")


@pytest.mark.parametrize(
    "phone", ["612 345 678", "312 345 6789", "512 345 678", "131 2345 6789", "8 (912) 345-67-89"]
)
def test_mobile_numbers_dialled_without_a_trunk_zero(phone: str) -> None:
    assert _hidden(f"In the export: {phone}, among others.", phone)


def test_a_date_range_is_no_phone_number() -> None:
    assert Kind.PHONE not in _kinds("Flowdock was down between April 21-22 2020 for a day.")


def test_a_canadian_sin_needs_its_word_but_not_its_check_digit_to_be_right() -> None:
    body = "04645428"
    number = body + luhn.calc_check_digit(body)
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    assert _hidden(f"Her SIN ({spaced}) was on the slip.", spaced)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Send it to:\nJane Whitfield\n42 Larkspur Lane\nBristol BS8 1TH\n", "42 Larkspur Lane\nBristol BS8 1TH"),
        ("The invoice address is 1 Microsoft Way, Redmond, WA 98052, USA.", "1 Microsoft Way, Redmond, WA 98052, USA"),
        ("Адрес: ул. Тверская, д. 7, кв. 12, Москва, 125009.", "ул. Тверская, д. 7, кв. 12, Москва, 125009"),
        ("Οδός Ερμού 25, 105 63 Αθήνα was the billing address.", "Οδός Ερμού 25, 105 63 Αθήνα"),
        ("住所は東京都渋谷区渋谷2-21-1です。", "東京都渋谷区渋谷2-21-1"),
        ("The parcel went to PO Box 4821, Nairobi 00100 instead.", "PO Box 4821, Nairobi 00100"),
    ],
)  # fmt: skip
def test_address_blocks_countries_and_other_scripts(text: str, address: str) -> None:
    assert _hidden(text, address), redact(text).text


@pytest.mark.parametrize(
    "text",
    [
        "Release 42\nBerlin 10115 was fine",
        "In Tokyo 12345 errors were logged, see ticket 7.",
        "Traffic from London, 10000 requests per second, Node 3 of 5.",
    ],
)
def test_a_city_next_to_a_count_is_no_address(text: str) -> None:
    assert Kind.ADDRESS not in _kinds(text)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Apartment 5B, 300 E 57th St, New York, NY 10022 was the delivery address.", "Apartment 5B, 300 E 57th St, New York, NY 10022"),
        ("Kundin wohnt in der Goethestraße 12 in 60313 Frankfurt am Main.", "Goethestraße 12 in 60313 Frankfurt am Main"),
        ("El cliente vive en la Calle Serrano 41, 2º izquierda, Madrid.", "Calle Serrano 41, 2º izquierda, Madrid"),
    ],
)  # fmt: skip
def test_flats_and_joining_words_stay_with_their_address(text: str, address: str) -> None:
    assert _hidden(text, address), redact(text).text


@pytest.mark.parametrize(
    "text",
    [
        "net user ops Xk8!qLm2Pz /add",
        "docker secret create db_pw - <<< Xk8!qLm2Pz",
        "The ops mailbox password was changed to Xk8!qLm2Pz and announced.",
        "Reisepassnummer: C01X00T47",
    ],
)
def test_more_commands_and_compound_cue_words(text: str) -> None:
    value = text.split()[-1] if "Reisepass" in text else "Xk8!qLm2Pz"
    assert value not in redact(text).text


@pytest.mark.parametrize(
    "kept",
    ["0.0.0.0/0", "ami-0abcd1234ef567890", "https://o1.ingest.example.io/4504696556198945"],
)
def test_resource_ids_any_address_and_url_paths_stay(kept: str) -> None:
    text = f"Note: {kept} was recorded."
    assert kept in redact(text).text


def test_an_eircode_after_the_town_goes_with_the_address() -> None:
    text = "Address: 14 Griffith Avenue, Drumcondra, Dublin 9, D09 K2P3\nPhone: on file"
    assert _hidden(text, "14 Griffith Avenue, Drumcondra, Dublin 9, D09 K2P3")


def test_a_ticket_key_after_an_id_word_is_no_identity_number() -> None:
    text = "| Ravi | Mask PAN in logs | SEC-311 |"
    assert "SEC-311" in redact(text).text


def test_a_password_for_something_changed_to_a_value() -> None:
    text = "The password for the shared ops mailbox was changed to s&UqZUEPu0En8 and announced."
    assert "s&UqZUEPu0En8" not in redact(text).text


def test_identity_numbers_listed_after_one_cue_word() -> None:
    text = "Passport numbers YA1234567, YB7654321 and BQA600477 were scanned; see OPS-12."
    hidden = redact(text).text
    assert all(v not in hidden for v in ("YA1234567", "YB7654321", "BQA600477"))
    assert "OPS-12" in hidden


@pytest.mark.parametrize(
    "phone", ["tel:+442079460958", "(+44) 20 7946 0958", "415-555-0132 ext. 22"]
)
def test_phone_uris_bracketed_country_codes_and_extensions(phone: str) -> None:
    text = f"Contact: {phone}"
    digits = [c for c in phone.removeprefix("tel:") if c.isdigit()]
    assert not any(run in redact(text).text for run in ("".join(digits[:6]), phone))


@pytest.mark.parametrize(
    "text",
    ["CUIL 20-12345678-3 del cliente", "паспорт 4510 123456 выдан", "Hộ chiếu C1234567 đã hết hạn",
     "СНИЛС 112-233-445 95", "KRA PIN A012345678Z"],
)  # fmt: skip
def test_identity_cue_words_of_more_countries(text: str) -> None:
    assert Kind.ID in _kinds(text)
    assert Kind.ID not in _kinds("the inn 123456 at the corner")


@pytest.mark.parametrize(
    "address",
    [
        "12 Bongeunsa-ro 68-gil, Gangnam-gu, Seoul 06153",
        "Sejong-daero 110, Jung-gu, Seoul 04524",
        "Strada Florilor 7, ap. 12, 010101 București",
        "Calea Victoriei 5, bl. B2, sc. 3, ap. 41, 010061 București",
        "Herzl St 14, Haifa 3303114",
        "Office 908, Marina Plaza, PO Box 500212, Dubai",
        "PO Box 2310, Polokwane, 0700",
        "P.O. Box 9012-00200, Nairobi",
        "Postfach 1120, 80335 München",
    ],
)
def test_addresses_of_korea_romania_israel_the_gulf_and_po_boxes(address: str) -> None:
    assert _hidden(f"Customer address: {address}.", address)


@pytest.mark.parametrize(
    "text",
    ["Sprint 12, Release 44521 shipped", "we saw 123456 Errors after build 4, Version 12345"],
)
def test_counts_after_words_are_no_postcodes(text: str) -> None:
    assert Kind.ADDRESS not in _kinds(text)


@pytest.mark.parametrize(
    "address",
    [
        "Prinsengracht 263-II, 1016 GV Amsterdam",
        "Rua da Prata 80, 3º Dto., 1100-415 Lisboa",
        "Vesterbrogade 41, 2. tv., 1620 København V",
        "Bulevardul Unirii 20, sector 3, 030167 București",
        "〒530-0001 Osaka-fu, Kita-ku, Umeda 3-1-1",
    ],
)
def test_floors_sides_sectors_and_japanese_blocks_stay_inside_the_address(address: str) -> None:
    assert _hidden(f"Deliver to {address} please.", address)


@pytest.mark.parametrize(
    "address",
    [
        "Level 2, 15 Victoria Street, Wellington Central, Wellington 6011",
        "PO Box 3021, Te Aro, Wellington 6142",
        "Singel 250bis, 1016 AB Amsterdam",
        "Laan van Nieuw Oost-Indië 12, 2593 BN Den Haag",
        "Moda Mah. 2034. Sok. No: 8/3, 34710 Kadıköy/İstanbul",
        "Plot 77 Adetokunbo Ademola Street, Victoria Island, Lagos",
        "Bât. C, 4 rue des Lilas, 33000 Bordeaux",
        "Unit 9, Gold Souq Building, Deira, PO Box 4411, Dubai",
        "1-chōme-9-2 Ginza, Chuo City, Tokyo 104-0061",
        "Osaka-fu Kita-ku Umeda 2-4-9, 〒530-0001",
        "7, Sejong-daero 23-gil, Jongno-gu, Seoul 03184",
        "Ibn Gabirol St 30, Tel Aviv-Yafo 6407801",
    ],
)
def test_addresses_with_units_in_front_boxes_after_streets_and_more_postcode_shapes(
    address: str,
) -> None:
    assert _hidden(f"Please ship it to {address}.", address)


def test_a_country_code_before_an_iban_does_not_end_an_address() -> None:
    text = "Branch: Rue Haute 12, 1000 Bruxelles, BE71 0961 2345 6769."
    assert _hidden(text, "Rue Haute 12, 1000 Bruxelles")
    assert "IBAN" in {k.value for k in _kinds(text)}

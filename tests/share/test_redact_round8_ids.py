"""Round 8: identity numbers in table columns named for their scheme, Medicare numbers after
their name, Latin American and Turkish address edges, a phone number in a URL — in values of
our own."""

from __future__ import annotations

import pytest

from hindsight.share.redact import redact
from hindsight.share.redact_national_ids import medicare_valid


def _kinds(text: str) -> dict[str, str]:
    return {r.original: r.kind.value for r in redact(text).replacements}


def test_a_psql_column_named_for_a_scheme_holds_its_numbers() -> None:
    table = (
        " folio  | rfc_cliente   | total\n"
        "--------+---------------+--------\n"
        " B-1201 | VECJ880326XY1 | 310.00\n"
        " B-1202 | XAXX010101000 |  99.00\n"
    )
    kinds = _kinds(table)
    assert kinds.get("VECJ880326XY1") == "ID"
    # the generic RFC for the general public is public and stays
    assert "XAXX010101000" not in kinds
    assert "B-1201" not in kinds


def test_an_aadhaar_column_by_its_header_and_verhoeff_check() -> None:
    from stdnum import verhoeff

    body = "23456789012"
    number = body + verhoeff.calc_check_digit(body)
    wrong = body + str((int(verhoeff.calc_check_digit(body)) + 1) % 10)
    table = f"msisdn | uid_no | plan\n+911234567890 | {number} | PREPAID\nx | {wrong} | POSTPAID\n"
    result = redact(table)
    assert number not in result.text
    assert wrong in result.text


def test_a_passport_column_holds_document_numbers_without_check_digits() -> None:
    table = "name;passport_no;nationality\nTemitope Adeyemi;A08316624;NG\n"
    result = redact(table)
    assert "A08316624" not in result.text
    assert ";NG" in result.text


@pytest.mark.parametrize(("number", "valid"), [("2428 77813 1", True), ("2428 77814 1", False)])
def test_medicare_check_digit(number: str, valid: bool) -> None:
    assert medicare_valid(number) is valid


def test_medicare_numbers_listed_after_their_name() -> None:
    text = "Logs held Medicare numbers such as 2428 77813 1 and 3950 26184 2 for two hours."
    result = redact(text)
    assert "2428 77813 1" not in result.text
    assert "3950 26184 2" not in result.text


@pytest.mark.parametrize(
    "address",
    [
        "Carrera 15 # 88-64, Apto 1202, Bogotá D.C. 110221",
        "Av. Insurgentes Sur 1602, Col. Crédito Constructor, Benito Juárez, 03940 Ciudad de México, CDMX",
        "Rua Augusta, 1508, apto 52, Consolação, São Paulo - SP, CEP 01304-001",
        "Atatürk Mah. Cumhuriyet Cad. No: 15 Daire: 4, 34000 Kadıköy/İstanbul",
    ],
)
def test_an_address_keeps_its_district_state_and_postcode(address: str) -> None:
    text = f"Entregar en {address}.\n\nSiguiente paso: avisar al cliente."
    assert address not in redact(text).text
    assert "Siguiente paso" in redact(text).text


def test_a_phone_number_in_an_api_path_or_query() -> None:
    text = (
        "curl https://api.example.in/v2/subscribers/+919845012345/balance\n"
        "GET /lookup?msisdn=%2B27821234567&page=2\n"
        "GET /support/+18005550199/hours\n"
    )
    result = redact(text)
    assert "+919845012345" not in result.text
    assert "27821234567" not in result.text
    assert "+18005550199" in result.text  # toll-free stays

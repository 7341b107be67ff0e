"""Round 9: forms found on the seventh writer's set (heldout12), in values of our own."""

from __future__ import annotations

import pytest

from hindsight.share.redact import redact


def _kinds(text: str) -> dict[str, str]:
    return {r.original: r.kind.value for r in redact(text).replacements}


def test_a_member_id_after_its_cue_and_again_in_a_path_and_a_file_name() -> None:
    text = (
        "Caller: Odalys Brennan-Iwu, member KTB553019824, asked for a new card.\n"
        '10.2.3.4 - - "GET /api/v2/members/KTB553019824/id-card.pdf HTTP/1.1" 200\n'
        "2026/03/06/KTB553019824_EOB_20260306.pdf\n"
    )
    result = redact(text)
    assert "KTB553019824" not in result.text
    assert "HTTP/1.1" in result.text
    assert "20260306" in result.text


def test_a_birth_date_after_a_member_id_is_no_second_id() -> None:
    kinds = _kinds("Mrs. Ilse Varga, member KTB553019824, DOB 1958-11-30, called twice.")
    assert kinds.get("KTB553019824") == "ID"
    assert not any("1958" in value for value in kinds)


def test_an_id_card_file_name_before_the_protocol_is_no_number() -> None:
    assert (
        redact('"GET /files/id-card.pdf HTTP/1.1" 200').text
        == '"GET /files/id-card.pdf HTTP/1.1" 200'
    )


@pytest.mark.parametrize(
    "line",
    [
        "passengers: OKAFOR/CHIDINMA MS  and  VAN DER BERG/PIETER MR",
        '{"pax":[{"name":"DEMIR/SELIN MRS","seat":"14C"}]}',
    ],
)
def test_an_airline_passenger_name_is_a_person(line: str) -> None:
    people = {r.original for r in redact(line).replacements if r.kind.value == "PERSON"}
    assert any("/" in p for p in people)


def test_a_nickname_between_given_name_and_surname() -> None:
    text = 'Customer: Bartholomew "Bart" Okonkwo-Lindqvist called about the refund.'
    result = redact(text)
    for part in ("Bartholomew", "Bart", "Okonkwo-Lindqvist"):
        assert part not in result.text


def test_a_jenkins_build_started_by_a_user() -> None:
    text = "Started by user Wanjiku Otieno-Mbeki\n[Pipeline] node"
    assert "Wanjiku Otieno-Mbeki" not in redact(text).text


def test_a_slack_export_with_speakers_before_their_times() -> None:
    text = (
        "cheruiyot.k  10:02  payouts stuck in PENDING since 09:40, about 3k transactions\n"
        "atieno.w  10:03  the gateway returns 401 for every callback now\n"
        "cheruiyot.k  10:05  @atieno.w can you check the egress addresses\n"
    )
    result = redact(text)
    assert "cheruiyot.k" not in result.text
    assert "atieno.w" not in result.text
    assert "payouts stuck" in result.text


def test_a_labelled_address_line_in_a_record() -> None:
    text = (
        "Ad Soyad: Deniz Arıkan\nAdres: Moda Mah. Bahariye Cad. No:41/3, 34710 Kadıköy/İstanbul\n"
    )
    assert "Bahariye Cad. No:41/3" not in redact(text).text


def test_an_address_label_with_an_ip_address_is_no_postal_address() -> None:
    text = "Address: 10.20.30.40\nMAC address: 00:1a:2b:3c:4d:5e\n"
    assert all(r.kind.value != "ADDRESS" for r in redact(text).replacements)


def test_msisdns_without_their_plus_under_the_word() -> None:
    text = "SELECT * FROM kyc WHERE msisdn IN ('2348031234567', '254712345678');"
    result = redact(text)
    assert "2348031234567" not in result.text
    assert "254712345678" not in result.text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (
            "Mehmet Bey panel şifresini telefonda verdi: Galata!Kule2031 (sonra değişti)",
            "Galata!Kule2031",
        ),
        ("mật khẩu mới của máy chủ là Hoan#Kiem2031 — đổi lại chiều nay", "Hoan#Kiem2031"),
        (
            'curl -H "Authorization: GenieKey 8b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" https://api.example.com',
            "8b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        ),
    ],
)
def test_passwords_named_in_turkish_and_vietnamese_and_a_geniekey(text: str, secret: str) -> None:
    assert secret not in redact(text).text


def test_a_turkish_id_after_tc_by_its_check_digits() -> None:
    from stdnum.tr import tckimlik

    body = "1234567890"[:9]
    valid = body + tckimlik.calc_check_digits(body)
    text = f"Yolcu (TC {valid}) ve (TC 12345678901) kayıtları"
    result = redact(text)
    assert valid not in result.text
    assert "12345678901" in result.text


def test_an_account_number_column_and_label() -> None:
    table = "name | account_no | bank\nAdaeze Nwachukwu | 0123456789 | Wema\n"
    assert "0123456789" not in redact(table).text
    assert "0412298735" not in redact("Account: 0412298735 (Wema)").text


def test_zero_padded_device_ids_are_no_phone_numbers() -> None:
    text = (
        "kernel[0]: USBMSC Identifier (non-unique): 000000000820 0x5ac 0x8406\n"
        "sharingd[302]: BTLE discovered device with hash <01faa200 00000000 0000>\n"
        "call the desk on +44 20 7946 0958\n"
    )
    result = redact(text)
    assert "000000000820" in result.text
    assert "00000000 0000" in result.text
    assert "+44 20 7946 0958" not in result.text

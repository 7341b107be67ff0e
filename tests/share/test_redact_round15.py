"""Round 15: one reader for every table shape (quoted CSV cells, SQL, fixed-width and aligned
reports), Vietnamese, Indian and Korean addresses, banks named before an account, names in
scripts without capitals, Korean honorifics and accounts named by the tool handling them.
Values of our own."""

from __future__ import annotations

import pytest

from hindsight.share.redact import redact
from hindsight.share.redact_identity import nz_nhi_ok, split_cells, table_cells


def _found(text: str, kind: str) -> set[str]:
    return {r.original for r in redact(text).replacements if r.kind.value == kind}


def test_a_quoted_cell_with_commas_does_not_end_the_table() -> None:
    text = (
        "customer_no,name,nhi,phone,home_address\n"
        'K-1001,Aroha Ngata,ZAC5361,021 555 0143,"9 Rimu Street, Riccarton, Christchurch 8041"\n'
        'K-1002,Wiremu Pene,"PRP1163",027 555 0187,"2/14 Beach Road, Castor Bay, Auckland 0620"\n'
    )
    assert {"ZAC5361", "PRP1163"} <= _found(text, "ID")
    assert "9 Rimu Street, Riccarton, Christchurch 8041" in _found(text, "ADDRESS")
    assert split_cells('a,"b, c",d', ",") == [(0, 1), (3, 7), (9, 10)]


def test_nz_nhi_check_digit() -> None:
    assert nz_nhi_ok("ZAC5361") and nz_nhi_ok("PRP1163")
    assert (
        not nz_nhi_ok("ZAC5362")
        and not nz_nhi_ok("PRP1165")
        and not nz_nhi_ok("IOA1234")
        and not nz_nhi_ok("ZAC53611")
    )


def test_table_cells_reads_every_shape() -> None:
    import re

    named = re.compile(r"(?i)phone|mobile")
    csv = "id,name,phone\n1,Ana,0912 345 678\n"
    sql = "INSERT INTO t (id, name, phone) VALUES (1, 'Ana', '0912345678');\n"
    aligned = "SAMPLE_ID   PATIENT_NAME   AGE SEX MOBILE      TEST\nS-1         RAVI KUMAR     41  M   9876501234  CBC\n"
    assert [v for _, v in table_cells(csv, named)] == ["0912 345 678"]
    assert [v for _, v in table_cells(sql, named)] == ["0912345678"]
    assert [v for _, v in table_cells(aligned, named)] == ["9876501234"]


def test_a_report_in_capitals_gives_each_word_its_column() -> None:
    text = (
        "LAB REPORT — PUNE — 03/03/2026\n"
        "SAMPLE_ID        PATIENT_NAME        AGE SEX MOBILE        TEST\n"
        "LAB-PN-0001      MEERA JOSHI         38  F   9823012345    CBC\n"
        "LAB-PN-0002      ROHAN GADGIL        52  M   7020123456    LIPID\n"
    )
    assert {"9823012345", "7020123456"} <= _found(text, "PHONE")
    assert {"MEERA JOSHI", "ROHAN GADGIL"} <= _found(text, "PERSON")
    assert "LAB-PN-0001" in redact(text).text and "CBC" in redact(text).text


@pytest.mark.parametrize(
    "address",
    [
        "14 Trần Hưng Đạo, Phường Phạm Ngũ Lão, Quận 1, TP. Hồ Chí Minh",
        "Số 21 ngõ 90 Láng Hạ, Phường Láng Hạ, Quận Đống Đa, Hà Nội",
        "Thôn 2, Xã Hòa Ninh, Huyện Hòa Vang, Đà Nẵng",
    ],
)
def test_vietnamese_addresses_by_ward_and_district(address: str) -> None:
    text = f"Khách hàng báo giao sai địa chỉ: {address}\nĐơn đã hoàn."
    assert address not in redact(text).text
    assert "Khách hàng báo giao sai" in redact(text).text


def test_a_floor_and_an_indian_locality_stay_with_the_address() -> None:
    text = (
        "Regards,\nMeera\n2nd Floor, 12 Residency Road, Ashok Nagar 3rd Block, Bengaluru 560025\n"
    )
    assert "2nd Floor, 12 Residency Road, Ashok Nagar 3rd Block, Bengaluru 560025" in _found(
        text, "ADDRESS"
    )


def test_a_korean_road_address_keeps_its_postcode() -> None:
    text = "본사: 부산광역시 해운대구 센텀중앙로 97, 12층 (48058)\n"
    assert "(48058)" not in redact(text).text


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("환불 계좌: 토스뱅크 1000-1234-5678 (예금주 본인)", "1000-1234-5678"),
        ("Anh chuyển giúp vào TK Techcombank 19034455667788 nhé", "19034455667788"),
        ("Reimburse to HDFC a/c 50100412345678 by Friday", "50100412345678"),
    ],
)
def test_a_named_bank_before_a_number_makes_it_an_account(line: str, value: str) -> None:
    assert value in _found(line, "ID")


def test_no_bank_account_in_sizes_or_versions() -> None:
    text = "heap grew to 512 MB 20260301 build; SBI gateway v2.14.1 is up; ACB-1234 closed"
    assert _found(text, "ID") == set()


def test_aadhaar_and_abha_cues() -> None:
    assert "4521 7788 9012" in _found("मेरा आधार 4521 7788 9012 है", "ID")
    assert "91-1234-5678-9012" in _found('{"abhaNumber":"91-1234-5678-9012"}', "ID")


def test_hindi_number_word_makes_a_phone() -> None:
    assert "98220 14567" in _found("मेरे भाई का नंबर 98220 14567 है", "PHONE")


def test_a_name_in_a_caseless_script_under_a_name_column() -> None:
    text = "id,name,name_native,city\nP-7,Lakshmi Narayanan,லக்ஷ்மி நாராயணன்,Chennai\n"
    assert "லக்ஷ்மி நாராயணன்" in _found(text, "PERSON")
    assert "Chennai" in redact(text).text


def test_a_person_span_never_cuts_a_word_of_an_abugida() -> None:
    text = "मेरे पापा Nirmal का नंबर बाद में भेजूंगा, सुनीता"
    out = redact(text).text
    for replacement in redact(text).replacements:
        start, end = replacement.start, replacement.end
        assert start == 0 or (not text[start - 1].isalpha() and text[start - 1] != "े")
        assert end == len(text) or not (text[end].isalpha() or text[end] in "ेािीुूो")
    assert "े[" not in out and "]े" not in out


def test_korean_honorifics_name_people_but_not_roles() -> None:
    text = (
        "서준님, 보상 지급 확인 부탁드려요. 고객님께는 팀장님이 연락드립니다. 지아 씨도 참고하세요."
    )
    people = _found(text, "PERSON")
    assert {"서준", "지아"} <= people
    assert not people & {"고객", "팀장"}


def test_filipino_ma_abbreviation_opens_a_name() -> None:
    assert "Ma. Luisa Ramos" in _found("Approved by Ma. Luisa Ramos (HR) on 3 March.", "PERSON")


def test_accounts_named_by_ad_cmdlets_and_postgres_log_lines() -> None:
    ps = 'PS C:\\> Set-ADAccountPassword -Identity "jc.santos" -Reset\n'
    pg = (
        "2026-03-01 10:00:01.120 UTC [4411] r.mehta@billing LOG:  statement: SELECT 1\n"
        "2026-03-01 10:00:02.130 UTC [4412] migrator@billing LOG:  statement: ALTER TABLE t\n"
        "2026-03-01 10:00:03.140 UTC [4413] postgres@billing FATAL:  terminating connection\n"
    )
    assert "jc.santos" in _found(ps, "PERSON")
    people = _found(pg, "PERSON")
    assert "r.mehta" in people
    assert not people & {"migrator", "postgres"}


def _secrets(text: str) -> set[str]:
    return _found(text, "SECRET")


def test_a_secret_header_in_a_postman_export() -> None:
    text = (
        '"header": [\n'
        '  {"key": "X-Functions-Key", "value": "q8Wm2RtZ4vKp7LsY1nXc3BdE", "type": "text"},\n'
        '  {"key": "Authorization", "value": "Bearer hT5kP9wQ2zX7mN4vB8cR1yL6", "type": "text"},\n'
        '  {"key": "Content-Type", "value": "application/json"},\n'
        '  {"key": "X-Request-Id", "value": "3f2b9c1e-5a7d-4e8f-9b0c-1d2e3f4a5b6c"},\n'
        '  {"key": "api_key", "value": "{{apiKey}}"}\n'
        "]"
    )
    assert _secrets(text) == {"q8Wm2RtZ4vKp7LsY1nXc3BdE", "hT5kP9wQ2zX7mN4vB8cR1yL6"}


def test_an_app_password_in_four_groups_goes_whole() -> None:
    text = "SMTP_USER=noreply@example.org\nSMTP_PASSWORD=qwfp gjlu yrst arsd\nSMTP_PORT=587\n"
    assert "qwfp gjlu yrst arsd" in _secrets(text)
    assert "587" in redact(text).text


def test_hmac_hex_and_a_shared_secret_setting() -> None:
    hexkey = "9C4E2A7B1D3F5E6A8B0C2D4E6F8A1B3C5D7E9F0A2B4C6D8E0F1A3B5C7D9E1F2A"
    assert hexkey in _secrets(f"the webhook HMAC `{hexkey}` was in the runbook")
    text = 'iap_shared_sec = "7d1e4b9a2c6f8e3d5a0b1c7e9f2d4a6b"\npoll_interval_sec = 30\n'
    assert _secrets(text) == {"7d1e4b9a2c6f8e3d5a0b1c7e9f2d4a6b"}
    sha = "f852d3004801551a713cc53edc34351016a8b7a0"
    assert _secrets(f"deployed commit {sha} after the HMAC check") == set()


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("Карта для переводов: 2200 1234 5678 9019", "2200 1234 5678 9019", "CARD"),
        ("thẻ Napas 9704 0000 0000 0018 bị trừ tiền hai lần", "9704 0000 0000 0018", "CARD"),
        ("از کارت ۵۸۹۲-۱۰۱۲-۳۴۵۶-۷۸۹۵ پرداخت شد", "۵۸۹۲-۱۰۱۲-۳۴۵۶-۷۸۹۵", "CARD"),
        ("GET /api/invoices?cin=ZB481273&year=2026 HTTP/1.1", "ZB481273", "ID"),
        ("Cartão BIR: 1234567(3), morada em Macau", "1234567(3)", "ID"),
        ("получатель: счёт 40817810500000012345 в банке", "40817810500000012345", "ID"),
    ],
)
def test_domestic_cards_query_ids_macau_bir_and_cis_accounts(
    text: str, value: str, kind: str
) -> None:
    assert value in _found(text, kind)


def test_order_numbers_and_standards_stay() -> None:
    text = "order 2026073100418832 shipped; RFC 7231(4) applies; run=48213 passed"
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("kwame@kwame-mbp ~ % cat ~/.aws/credentials\n", "kwame"),
        ("echo $CR_PAT | docker login ghcr.io -u tmensah --password-stdin\n", "tmensah"),
        ("$ whoami\nabena.owusu\n$ id\n", "abena.owusu"),
        ("Jan  9 02:25:10 fw-01 : action = deny : user = k.asante\n", "k.asante"),
    ],
)
def test_accounts_at_zsh_prompts_client_logins_whoami_and_user_fields(
    text: str, account: str
) -> None:
    assert account in _found(text, "PERSON")


@pytest.mark.parametrize(
    "text",
    [
        "mysql -u root -p\n",
        "docker login registry.example.org -u corvidci --password-stdin\n",
        "echo $T | docker login ghcr.io -u acmebot --password-stdin\n",
        "user: postgres\nuser = deploy\n",
        "see the 40 ~ % share\n",
    ],
)
def test_machine_accounts_stay(text: str) -> None:
    assert _found(text, "PERSON") == set()


def _valid(module: str, shape: str, count: int, seed: int) -> list[str]:
    import importlib
    import random

    check = importlib.import_module(f"stdnum.{module}").is_valid
    rng = random.Random(seed)
    found: list[str] = []
    while len(found) < count:
        value = "".join(rng.choice("0123456789") if c == "d" else c for c in shape)
        if check(value) and value not in found:
            found.append(value)
    return found


def test_a_column_whose_cells_all_pass_one_national_id_check_is_ids() -> None:
    pesels = _valid("pl.pesel", "ddddddddddd", 3, seed=3)
    text = "order;who;ref;total\n" + "".join(
        f"A-{i};Osoba {i};{v};{i}00\n" for i, v in enumerate(pesels)
    )
    assert set(pesels) <= _found(text, "ID")


def test_a_column_of_skus_or_two_lucky_cells_stays() -> None:
    skus = "order,qty,sku,total\nA-1,3,40012345678,10\nA-2,4,40012345685,20\nA-3,5,40012345692,30\n"
    assert _found(skus, "ID") == set()
    two = _valid("pl.pesel", "ddddddddddd", 2, seed=5)
    text = f"order,qty,ref\nA-1,3,{two[0]}\nA-2,4,{two[1]}\n"
    assert _found(text, "ID") == set()


def test_thai_and_portuguese_citizen_ids_by_their_words() -> None:
    (thai,) = _valid("th.pin", "ddddddddddddd", 1, seed=11)
    assert thai in _found(f"เลขประจำตัวประชาชน {thai} ของลูกค้า", "ID")
    assert "51854544 9 CK9" in _found("Cartão de Cidadão n.º 51854544 9 CK9 (cliente)", "ID")


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("Führerschein-Nr.", "B072XYZ4L81"),
        ("num_doc", "52941077"),
        ("nro_documento", "1032498870"),
        ("doc", "43567281"),
    ],
)
def test_an_identity_document_column_by_its_number_word(header: str, value: str) -> None:
    text = f"pnr,apellidos,{header},estado\nKQ4T7M,QUINTERO ARBOLEDA,{value},NO_SHOW\n"
    assert value in _found(text, "ID")


def test_a_run_number_column_stays() -> None:
    text = "run_no,job,docs,status\n48213,build,README.md,passed\n48214,test,CHANGELOG.md,failed\n"
    assert _found(text, "ID") == set()


@pytest.mark.parametrize(
    "address",
    ["Mariahilfer Straße 88/3/14, 1070 Wien", "Dunajska cesta 156, 1000 Ljubljana"],
)
def test_stair_and_door_numbers_and_slovene_cesta(address: str) -> None:
    assert address in _found(f"Naslov: {address}\nTelefon: keiner", "ADDRESS")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Potwierdziliśmy to dopiero po rozmowie z Agnieszką.", "Agnieszką"),
        ("Tomaszu, możesz zerknąć na logi?", "Tomaszu"),
        ("jā, Jānim jau zvanīju vakar.", "Jānim"),
    ],
)
def test_given_names_in_their_case_forms(text: str, name: str) -> None:
    assert name in _found(text, "PERSON")


def test_english_words_are_not_read_as_case_forms() -> None:
    assert _found("The Totem and the Orbit Item were at the Summit.", "PERSON") == set()

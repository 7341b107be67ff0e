"""Round 11: forms found on the tenth blind writer's set (heldout16), in values of our own."""

from __future__ import annotations

import pytest

from hindsight.share.redact import redact
from hindsight.share.redact_national_ids import taiwan_id_valid


def _found(text: str, kind: str) -> set[str]:
    return {r.original for r in redact(text).replacements if r.kind.value == kind}


@pytest.mark.parametrize(
    "line, secret",
    [
        ("    access-key-id: LTAI5tQ9vWm2xKp7RzYb4Hn8", "LTAI5tQ9vWm2xKp7RzYb4Hn8"),
        (
            "ENV COS_SECRET_ID=AKIDa8Kx2mPq9Rt4Vw7Yz3Bc6Df1Gh5Jk0Ln",
            "AKIDa8Kx2mPq9Rt4Vw7Yz3Bc6Df1Gh5Jk0Ln",
        ),
        (
            "GET /router/rest?method=trade.get&sign=3C6E0B8A1D4F7E2C9B5A8D3F6E1C4B7A&app_key=1200",
            "3C6E0B8A1D4F7E2C9B5A8D3F6E1C4B7A",
        ),
        ('export const ECPAY_HASH_KEY = "pK7wq2ZxLm9vRt4N";', "pK7wq2ZxLm9vRt4N"),
        ('NEWEBPAY_HASH_IV = "Qa3Vn8Ty5Ks1Wd6E"', "Qa3Vn8Ty5Ks1Wd6E"),
    ],
)
def test_cloud_keys_of_chinese_providers_and_payment_gateway_secrets(
    line: str, secret: str
) -> None:
    assert secret not in redact(line).text


def test_a_token_named_in_the_sentence_goes_even_when_it_is_hex_or_a_uuid() -> None:
    text = (
        "Please rotate your Auth Token; the one pasted in the chat (9f2c61ab04d87e3519ca6b20fe4d7c88) "
        "is exposed.\nThe Consul ACL token, kept only in a laptop's notes: "
        "1b7e4c2a-93d0-4f6e-b8a1-5c2d9e7f3a60. It is in Vault now."
    )
    out = redact(text).text
    assert "9f2c61ab04d87e3519ca6b20fe4d7c88" not in out
    assert "1b7e4c2a-93d0-4f6e-b8a1-5c2d9e7f3a60" not in out


def test_a_digest_or_request_id_near_the_word_token_stays() -> None:
    text = (
        "The token refresh fix landed in commit 4e1d2b9c8a7f6e5d4c3b2a1908f7e6d5c4b3a291 today.\n"
        "Token errors spiked; request id 1b7e4c2a-93d0-4f6e-b8a1-5c2d9e7f3a60 shows the first one."
    )
    out = redact(text).text
    assert "4e1d2b9c8a7f6e5d4c3b2a1908f7e6d5c4b3a291" in out
    assert "1b7e4c2a-93d0-4f6e-b8a1-5c2d9e7f3a60" in out


@pytest.mark.parametrize(
    "text, number",
    [
        ("Lastnik (davčna številka 81147104) je klical.", "81147104"),
        ("Odberateľ: Servis Orava s.r.o., IČ DPH SK8924402685, Žilina.", "SK8924402685"),
        ("callback payload: national_register_number: 85011931039, birthdate", "85011931039"),
        ("Mon NAS est 140 199 530 si vous en avez besoin.", "140 199 530"),
        ("統一編號：62527601\n地址：另行通知", "62527601"),
        ("seller uscc=91310115MA1H8X2Q0H legal_rep=unknown", "91310115MA1H8X2Q0H"),
        ("顧客：身分證 C137887623 需要嗎？", "C137887623"),
    ],
)
def test_national_and_tax_numbers_after_their_names(text: str, number: str) -> None:
    assert number not in redact(text).text


def test_a_taiwanese_id_is_checked_by_its_check_digit() -> None:
    assert taiwan_id_valid("A123456789") and taiwan_id_valid("C137887623")
    assert not taiwan_id_valid("A123456788") and not taiwan_id_valid("a123456789")
    assert "A123456788" in redact("身分證 A123456788 (a typo)").text


@pytest.mark.parametrize(
    "address",
    ["台中市西屯區臺灣大道三段99號12樓", "407台中市西屯區市政路386號", "上海市浦东新区张杨路500号"],
)
def test_addresses_in_traditional_and_simplified_characters(address: str) -> None:
    assert address not in redact(f"收件地址：{address}，請於週五前送達。").text


def test_chinese_names_told_by_a_cue_in_text_written_in_chinese() -> None:
    text = "顧客：你好，我是陳美玲，訂單付款兩次。\n客服：陳小姐您好。\n內部備註：周建華確認退款。一小时内处理。"
    people = _found(text, "PERSON")
    assert {"陳美玲", "陳", "周建華"} <= people
    assert not people & {"顧客", "小时", "一小时"}


def test_a_name_after_a_malay_form_of_address() -> None:
    text = "Pemandu Encik Faizal Rahman ambil saya di lobi, kemudian Puan Nurul Aini menelefon."
    assert {"Faizal Rahman", "Nurul Aini"} <= _found(text, "PERSON")


def test_towns_of_two_words_are_no_people_but_people_named_like_small_towns_are() -> None:
    text = "Riders in Kota Kinabalu, Johor Bahru and Shah Alam saw fares doubled for an hour."
    assert not _found(text, "PERSON") & {"Kota Kinabalu", "Johor Bahru", "Shah Alam", "Shah"}
    person = "Marcos Juárez wrote the rollback plan and Ana Ruiz reviewed it."
    assert "Marcos Juárez" in _found(person, "PERSON")

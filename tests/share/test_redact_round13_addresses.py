"""Round 13 (addresses and phone numbers): labelled addresses in more languages, Belgian boxes,
Lithuanian avenues, Korean road addresses, the post-Soviet postcode first, HL7 carets; phone
numbers under more cues, without their plus where a key or a column names them, in Persian
digits. Every value here is invented."""

from __future__ import annotations

import pytest

from hindsight.share.redact import Kind, RedactionContext, detect, redact


def _found(text: str) -> list[tuple[Kind, str]]:
    return [(s.kind, text[s.start : s.end]) for s in detect(text, RedactionContext())]


def _redacted(text: str) -> str:
    return redact(text, RedactionContext()).text


@pytest.mark.parametrize(
    ("text", "address"),
    [
        # Belgian box numbers and Lithuanian avenues between the house and the postcode
        ("Levering naar Brugsesteenweg 417 bus 12, 8500 Kortrijk morgen.", None),
        ("Retour à Chaussée de Wavre 88 bte 2, 1050 Ixelles svp.", None),
        ("Siuntos adresas: Ukmergės pr. 14-3, LT-09110 Vilnius.", "Ukmergės pr. 14-3"),
        # Azerbaijani street and flat, postcode with its country letters
        ("Ünvan: Füzuli küçəsi 21, mənzil 4, AZ1025 Bakı", "Füzuli küçəsi 21, mənzil 4"),
        # Macedonian street, entrance and flat
        ("Адреса: ул. Илинденска бр. 31, влез 1, стан 6, 1200 Тетово", "ул. Илинденска"),
        # Albanian street in a part of its own before "Nr."
        ("Adresa: Rr. Myslym Shyri, Nr. 44, 1001 Tiranë", "Rr. Myslym Shyri"),
        # Icelandic three-digit postcode
        ("Sendist á Laugavegur 56, 101 Reykjavík fyrir föstudag.", "Laugavegur 56"),
    ],
)
def test_addresses_with_unit_words_and_national_postcodes(text: str, address: str | None) -> None:
    out = _redacted(text)
    assert "[ADDRESS-1]" in out, out
    for word in (address or "").split():
        assert word not in out, out
    assert not any(ch.isdigit() for ch in out.split("[ADDRESS-1]")[0][-3:]), out


@pytest.mark.parametrize(
    "address",
    [
        "서울특별시 송파구 올림픽로 300, 105동 2201호 (신천동) 05551",
        "대구광역시 수성구 달구벌대로 2450",
        "630099, г. Новосибирск, ул. Ленина, д. 12, кв. 48",
        "220004, г. Мінск, вул. Кальварыйская, 17-3",
    ],
)
def test_addresses_ordered_by_their_own_convention(address: str) -> None:
    text = f"Доставка / 배송지 — {address}\nthanks"
    assert (Kind.ADDRESS, address) in _found(text)


def test_an_address_in_an_hl7_segment() -> None:
    text = (
        "MSH|^~\\&|LAB|X|Y|Z|202601011200||ADT^A01|1|P|2.5.1\n"
        "PID|1||777^^^X||DOE^JANE||19800101|F|||42 Orchard Hill Rd^Unit 7^Dayton^OH^45402||x\n"
    )
    assert (Kind.ADDRESS, "42 Orchard Hill Rd^Unit 7^Dayton^OH^45402") in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Хаяг: Дархан хот, 5-р баг, Сэлэнгийн гудамж 14, 8 тоот",
        "მისამართი: ჭავჭავაძის გამზ. 12, ბ. 3, თბილისი 0179",
        "Anwani: Mtaa wa Lumumba, Nyumba Na. 9, Mwanza",
        "Dirección: Cantón Paxixil, Aldea Xecam, Sololá",
    ],
)
def test_a_labelled_address_in_more_languages(text: str) -> None:
    out = _redacted(text)
    assert out.endswith("[ADDRESS-1]"), out


@pytest.mark.parametrize(
    "text",
    [
        "IP address: 10.0.4.1, 10.0.4.2, 10.0.4.3",
        "email address: see the ticket",
        "Address: see below, as usual, thanks",
        "bind address: 0.0.0.0:8080",
        "xinetd: can't get client address: Connection refused by host,E204,retry",
    ],
)
def test_labels_that_are_no_postal_address(text: str) -> None:
    assert all(kind is not Kind.ADDRESS for kind, _ in _found(text))


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("POST /sms/send?user=ops&to=905321234567&text=hi", "905321234567"),
        ('{"messaging_product":"whatsapp","to":"254712345678"}', "254712345678"),
        ("GET /v1/subscribers/995591234567/usage", "995591234567"),
        ('{"key": "qa_msisdn", "value": "233241234567"}', "233241234567"),
        ("zamu,name,msisdn\n1,Ama,233241234567\n", "233241234567"),
        ("Naomba mnipigie, namba yangu ya simu ni 0754123456.", "0754123456"),
        ("کاربر گفت: تلفن همراه: 09121234567 است", "09121234567"),
        ("آره، ۰۹۱۲ ۳۴۵ ۶۷۸۹ — زنگ بزن", "۰۹۱۲ ۳۴۵ ۶۷۸۹"),
        ("佢香港號碼 6123 4567 今晚打", "6123 4567"),
        ("ажилтан, утас 9911-2233, Улаанбаатар", "9911-2233"),
        ("mobile 08031234567 not verified", "08031234567"),
        ("Иванов;8 916 123-45-67;ivanov@example.ru", "8 916 123-45-67"),
        ("Mobile: +679 990 1234     Home: 331 9876", "331 9876"),
        ("Tél : +216 22 123 456 / 71 234 567", "71 234 567"),
    ],
)
def test_phone_numbers_by_cue_key_and_column(text: str, phone: str) -> None:
    assert (Kind.PHONE, phone) in _found(text)


def test_a_phone_column_of_national_numbers() -> None:
    text = "id,nombre,celular,correo\n1,Ana,987 654 321,ana@example.pe\n2,Luis,912 345 678,l@x.pe\n"
    found = _found(text)
    assert (Kind.PHONE, "987 654 321") in found
    assert (Kind.PHONE, "912 345 678") in found


def test_a_country_code_without_its_plus_in_a_record() -> None:
    text = "Kampala office.\nNext of kin: Sarah (sister), 256772123456\n"
    assert (Kind.PHONE, "256772123456") in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "order_id=905321234567 status=ok",
        "batch 20260912345 finished, 12 rows",
        "GET /v1/orders/447700900123/items",
    ],
)
def test_long_ids_are_no_phone_numbers(text: str) -> None:
    assert all(kind is not Kind.PHONE for kind, _ in _found(text))


def test_a_labelled_address_inside_a_json_string_stops_at_its_quote() -> None:
    text = '{"full_text": "Ana gave me her address:\\n\\n4821 Calle Luna 17, Sevilla", "id": 3}'
    found = [value for kind, value in _found(text) if kind is Kind.ADDRESS]
    assert found and all('"' not in value and "\\n" not in value for value in found), found

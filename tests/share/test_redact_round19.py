"""Round 19: an SQL string with a prefix (SQL Server's N'…', PostgreSQL's E'…') keeps its prefix
and quotes around the placeholder; an Irish surname written with O' is still a name; an address
after "lives at" and its like in other languages, or after "address" in more of them; two
address readings that overlap give their union. Values of our own."""

from __future__ import annotations

import pytest

from hindsight.share.redact import Kind, Span, redact, resolve


@pytest.mark.parametrize(
    "text, name, redacted",
    [
        (
            "INSERT INTO callers (id, full_name) VALUES (7, N'Tomasz Wielgosz');",
            "Tomasz Wielgosz",
            "VALUES (7, N'[PERSON-1]');",
        ),
        (
            "INSERT INTO callers (id, full_name) VALUES (7, E'Renata Okafor', E'x');",
            "Renata Okafor",
            "VALUES (7, E'[PERSON-1]', E'x');",
        ),
        (
            "UPDATE callers SET full_name = N'Tomasz Wielgosz' WHERE id = 7;",
            "Tomasz Wielgosz",
            "= N'[PERSON-1]' WHERE",
        ),
    ],
)
def test_a_prefixed_sql_string_keeps_its_prefix_and_quotes(
    text: str, name: str, redacted: str
) -> None:
    result = redact(text)
    assert name in {r.original for r in result.replacements}
    assert redacted in result.text


def test_an_o_apostrophe_surname_is_still_one_name() -> None:
    result = redact("Escalated to Siobhan O'Malley, who paged the storage on-call.")
    assert "Siobhan O'Malley" in {r.original for r in result.replacements}


@pytest.mark.parametrize(
    "text, address",
    [
        (
            "Per the caller, she lives at Plot 88, Kanyama Road, Lusaka, and asked for a refund.",
            "Plot 88, Kanyama Road, Lusaka",
        ),
        (
            "El titular, domiciliado en Calle Sucre 412, Cochabamba, pidió la baja.",
            "Calle Sucre 412, Cochabamba",
        ),
        ("Klient, wohnhaft in Lindenweg 7, 4051 Basel, hat angerufen.", "Lindenweg 7, 4051 Basel"),
        (
            "Mteja anaishi Mtaa wa Jamhuri, Nyumba Na. 9, Dodoma.",
            "Mtaa wa Jamhuri, Nyumba Na. 9, Dodoma",
        ),
        (
            "Naslov: Cankarjeva ulica 5, 1000 Ljubljana\nTelefon: 01 234 5678",
            "Cankarjeva ulica 5, 1000 Ljubljana",
        ),
        ("Alamat: Jl. Merdeka No. 21, Bandung 40111", "Jl. Merdeka No. 21, Bandung 40111"),
    ],
)
def test_an_address_after_where_someone_lives_or_its_label_is_taken(
    text: str, address: str
) -> None:
    taken = {r.original for r in redact(text).replacements if r.kind.value == "ADDRESS"}
    assert address in taken


@pytest.mark.parametrize(
    "text",
    [
        "The cluster state lives at /var/lib/etcd, 3 nodes, on local disks.",
        "The config lives at settings.py, line 40, in the repo root.",
        "She lives in Lusaka and joined the night shift in March.",
        "The primary resides at db-1.internal.example, port 5432, as before.",
    ],
)
def test_where_data_lives_is_no_address(text: str) -> None:
    assert not [r for r in redact(text).replacements if r.kind.value == "ADDRESS"]


def test_two_overlapping_address_readings_hide_their_union() -> None:
    text = "Caller lives at Flat 3, 22 Hill Street, Leeds LS6 2QT today."
    flat = text.index("Flat")
    street = text.index("22 Hill")
    end = text.index(" today")
    residence = Span(flat, text.index(", Leeds"), Kind.ADDRESS, "address-residence", "", 0.85)
    postal = Span(street, end, Kind.ADDRESS, "address-street", "", 0.95)
    taken = resolve([residence, postal], text)
    assert [(s.start, s.end, s.kind) for s in taken] == [(flat, end, Kind.ADDRESS)]
    assert taken[0].key == "flat 3, 22 hill street, leeds ls6 2qt"


def test_a_union_that_cuts_into_an_id_leaves_the_address_parts_to_resolve() -> None:
    text = "Lives at Block 9, Plot 4411-2290, Main Road, Accra. Card 4411-2290."
    number = Span(text.index("4411"), text.index(", Main"), Kind.ID, "id-number", "", 0.9)
    block = Span(text.index("Block"), number.start - 1, Kind.ADDRESS, "address-residence", "")
    road = Span(text.index("Plot"), text.index(". Card"), Kind.ADDRESS, "address-street", "")
    taken = resolve([block, road, number], text)
    # the union (Block … Accra) cuts into the id and gives way; "Block 9, Plot" is still taken
    assert [(s.start, s.end, s.kind) for s in taken] == [
        (block.start, block.end, Kind.ADDRESS),
        (number.start, number.end, Kind.ID),
    ]


# Identity numbers by their written form and check digits, without a word before them; values of
# our own that pass (or, one digit changed, fail) each scheme's check.
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("rf_1;Petr Novák;616103/8411;CZK", "616103/8411"),
        ("cliente 27-12516291-1 llamó dos veces", "27-12516291-1"),
        ("ผู้แจ้ง 3-1812-38977-15-8 โทรมา", "3-1812-38977-15-8"),
        ("holder K575198(5) on the form", "K575198(5)"),
        ("caller 8886633G on file", "8886633G"),
        ("NIF: 225363097   CC: 21332589 3 ZP9", "21332589 3 ZP9"),
        ("row 8508131391082 rejected", "8508131391082"),
        ("マイナンバー照合失敗 4597 2542 7525 のまま", "4597 2542 7525"),
        ("kyc row 29755583712 failed", "29755583712"),
        ("CLM-1,Mere Ngata,02-1254-4691411-00,refund", "02-1254-4691411-00"),
        ("  2026-10-05 10:14  072606611833377103  $1,482.00", "072606611833377103"),
        ("transferencia a 1522179323162426045971 rechazada", "1522179323162426045971"),
        ("proveedor 842.553.273-1 sin factura", "842.553.273-1"),
        ("socio 4.141.484-0 sin acceso", "4.141.484-0"),
        ("| 2203 | Shirin Ghasemi | 378-451242-9 | Tehran |", "378-451242-9"),
        ("applicant 784-1975-7841023-1 pending", "784-1975-7841023-1"),
        ("nic 853400937V on the claim", "853400937V"),
        ('{"cardNumber":"GHA-003918274-2"}', "GHA-003918274-2"),
        ("filer 993-71-8892 has no SSN", "993-71-8892"),
        ("borger 180980-3632 ringede", "180980-3632"),
        ('snils="111-314-173 83"', "111-314-173 83"),
        ("paciente 743 7865 4836 3282 sem cadastro", "743 7865 4836 3282"),
        ("trabalhador 131.75296.31-8 sem vínculo", "131.75296.31-8"),
        ("kontrahent 474-449-70-77 bez faktury", "474-449-70-77"),
        ("auto-entrepreneur, SIRET 112 579 834 35572, TVA", "112 579 834 35572"),
        ('ocr ident="3140583A001PB6" name=', "3140583A001PB6"),
    ],
)
def test_an_identity_number_is_known_by_its_written_form_and_check(text: str, value: str) -> None:
    taken = {r.original for r in redact(text).replacements if r.kind.value == "ID"}
    assert value in taken


@pytest.mark.parametrize(
    "text",
    [
        "cliente 27-12516291-2 llamó",  # the CUIL's check digit is wrong
        "holder K575198(6) on the form",
        "row 8508131391083 rejected",
        "  2026-10-05 10:14  072606611833377104  $1,482.00",
        "| 2203 | Shirin Ghasemi | 378-451242-8 | Tehran |",
        "rf_1;Petr Novák;616103/8412;CZK",
        "trace 1733567890123 and span 17335678901 in the log",  # epoch milliseconds, an id
        "build 112 579 834 35573 passed",
    ],
)
def test_the_same_shape_failing_its_check_is_no_identity_number(text: str) -> None:
    assert not [r for r in redact(text).replacements if r.kind.value == "ID"]


PASSPORT_ZONE = (
    "P<NZLTEMATAGI<<ROSE<ANAHERA<<<<<<<<<<<<<<<<<\nK4Q7T2M907NZL9103144F3102282<<<<<<<<<<<<<<<4"
)
ID_CARD_ZONE = (
    "I<NZLXA29318459<<<<<<<<<<<<<<<\n8807054M3008111NZL<<<<<<<<<<<2\nTEMATAGI<<ROSE<ANAHERA<<<<<<<<"
)


@pytest.mark.parametrize(
    "text",
    [
        f"ocr:\n{PASSPORT_ZONE}\nend",
        '{"mrz": "' + PASSPORT_ZONE.replace("\n", "\\n") + '"}',
        f"scan:\n{ID_CARD_ZONE}\ndone",
    ],
)
def test_a_machine_readable_zone_is_one_identity_document(text: str) -> None:
    result = redact(text)
    assert "TEMATAGI" not in result.text
    assert "K4Q7T2M90" not in result.text and "XA2931845" not in result.text
    assert [r.kind.value for r in result.replacements] == ["ID"]


def test_a_zone_whose_check_digits_fail_is_left() -> None:
    broken = PASSPORT_ZONE.replace("K4Q7T2M907", "K4Q7T2M908")
    assert "K4Q7T2M908" in redact(f"ocr:\n{broken}\nend").text


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ('mention_mobiles = ["8613961516779", "8613977535603"]', "8613961516779"),
        ('{"payer":"254798175861","amount":50}', "254798175861"),
    ],
)
def test_a_number_without_its_plus_under_a_phone_key_is_a_phone(text: str, number: str) -> None:
    assert number in {r.original for r in redact(text).replacements if r.kind.value == "PHONE"}


def test_a_number_under_no_phone_key_stays() -> None:
    assert not redact('{"order":"254798175861","amount":50}').replacements


@pytest.mark.parametrize(
    ("text", "login"),
    [
        (
            "2c94b2b (Jukka-Pekka Rautio 2025-03-12 16:20:44 +0200 42)  # TODO -- jprautio",
            "jprautio",
        ),
        ('Đặng Hoàng Phúc owns it. "phoenix 5.2.0 released by dang-hoang-phuc"', "dang-hoang-phuc"),
    ],
)
def test_a_login_made_from_a_name_the_text_gives_is_that_person(text: str, login: str) -> None:
    assert login in {r.original for r in redact(text).replacements if r.kind.value == "PERSON"}

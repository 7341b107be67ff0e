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

"""People and addresses in the columns of tables whose header names them: quoted CSV, CSV with
semicolons, and drawn `mysql>` tables."""

from __future__ import annotations

from hindsight.share.redact import Kind, redact


def _found(text: str, kind: Kind) -> list[str]:
    return [r.original for r in redact(text).replacements if r.kind is kind]


def test_quoted_csv_name_and_postcode_columns() -> None:
    text = (
        '"Id","First Name","Last Name","Street Address","City","Postal Code"\n'
        '"1","Aiyana","Running-Water","88 King St W, Unit 5","Saskatoon","L8P 1A1"\n'
        '"2","Mateus","Quaresma","PO Box 77","Halifax","B3H 2Y9"\n'
    )
    people = _found(text, Kind.PERSON)
    assert {"Running-Water", "Quaresma"} <= set(people)
    addresses = " ".join(_found(text, Kind.ADDRESS))
    assert "L8P 1A1" in addresses and "PO Box 77" in addresses and "B3H 2Y9" in addresses
    assert "Saskatoon" in redact(text).text  # a town before the postcode is no part of it


def test_semicolon_rows_join_street_postcode_and_town() -> None:
    text = (
        "kunde;vorname;nachname;strasse;plz;ort;telefon\n"
        "K-1;Liesel;Obermaier;Lindenweg 4;93047;Regensburg;0941 123456\n"
    )
    assert "Obermaier" in _found(text, Kind.PERSON)
    assert "Lindenweg 4;93047;Regensburg" in _found(text, Kind.ADDRESS)


def test_a_drawn_table_keeps_its_columns_across_rule_lines() -> None:
    text = (
        "+----+-----------------+-------+\n"
        "| id | full_name       | state |\n"
        "+----+-----------------+-------+\n"
        "| 1  | Kawika Palakiko | HI    |\n"
        "+----+-----------------+-------+\n"
    )
    assert "Kawika Palakiko" in _found(text, Kind.PERSON)


def test_a_bare_name_column_of_services_stays() -> None:
    text = "name;replicas;status\ncheckout;3;Running\nGrafana;1;Running\n"
    assert _found(text, Kind.PERSON) == []

"""Round 14: identity numbers named by a field's suffix, in SQL INSERTs and fixed-width reports,
in values of our own."""

from __future__ import annotations

import pytest

from hindsight.share.redact import redact


def _ids(text: str) -> set[str]:
    return {r.original for r in redact(text).replacements if r.kind.value == "ID"}


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("ird_number: 049-091-850", "049-091-850"),
        ("Führerschein-Nr.: B072RRE2I55", "B072RRE2I55"),
        ("SV-Nummer 65170839J003", "65170839J003"),
        ("national code 0499370899", "0499370899"),
        ("register no. УП94031712", "УП94031712"),
        ("SNILS 112-233-445 95", "112-233-445 95"),
        ("NSSF Na. 208811347", "208811347"),
    ],
)
def test_a_cue_word_with_a_number_suffix_names_an_id(line: str, value: str) -> None:
    text = f"Customer record pasted into the ticket:\n{line}\nThe export job was stopped."
    assert value in _ids(text)


def test_hong_kong_identity_card_keeps_its_bracketed_check_digit() -> None:
    text = "The agent read out the caller's HKID R780790(1) on the recorded line."
    assert "R780790(1)" in _ids(text)


def test_arabic_national_card_with_a_proclitic_is_a_cue() -> None:
    text = "طلب الموظف رقم البطاقة الوطنية 29801011234567 في المحادثة."
    redacted = redact(text).text
    assert "29801011234567" not in redacted


def test_sql_insert_cells_under_an_id_column_are_ids_quoted_or_bare() -> None:
    text = (
        "INSERT INTO customers (id, full_name, tax_id, created_at) VALUES\n"
        "  (1, 'Dana Whitfield', '8812930417', '2026-03-01'),\n"
        "  (2, 'Omar Haddad', 7730192846, '2026-03-02'),\n"
        "  (3, 'Lena Brandt', NULL, '2026-03-03');\n"
    )
    ids = _ids(text)
    assert {"8812930417", "7730192846"} <= ids
    assert "NULL" not in ids
    assert "2026-03-01" in redact(text).text


def test_fixed_width_report_column_named_an_id() -> None:
    text = (
        "name              passport_no   country\n"
        "----------------  ------------  -------\n"
        "Harriet Okafor    A09318827     NG\n"
        "Tomasz Wilk       EX4471930     PL\n"
        "\n"
        "2 rows selected.\n"
    )
    ids = _ids(text)
    assert {"A09318827", "EX4471930"} <= ids


@pytest.mark.parametrize(
    "text",
    [
        "job      run_no   status\n-------  -------  ------\nbuild    1843201  passed\n",
        "INSERT INTO ci_runs (run_no, status) VALUES (1843201, 'passed');\n",
        "The CI run number 1843201 failed on the lint step.",
    ],
)
def test_a_run_number_is_no_identity_number(text: str) -> None:
    assert "1843201" not in _ids(text)
    assert "1843201" in redact(text).text


def test_an_aligned_report_without_a_rule_gives_its_id_columns() -> None:
    text = (
        "Name                    IRD number    Bank account            Tax code\n"
        "Aroha Ngata             049-091-850   12-3140-0123456-00      M\n"
        "Tevita Lolo             136-410-132   02-0500-0987654-01      ME\n"
    )
    ids = _ids(text)
    assert {"049-091-850", "136-410-132", "12-3140-0123456-00", "02-0500-0987654-01"} <= ids


def test_a_sentence_with_double_spaces_is_no_report_header() -> None:
    text = "We checked  the account number  twice today.\nOrder  1234567  shipped.\n"
    assert not _ids(text)


@pytest.mark.parametrize(
    ("header", "value"),
    [("BSB", "062-000"), ("Salary a/c", "50100234567812"), ("MemberNo", "77812093"),
     ("Số tài khoản", "0071000123456")],
)  # fmt: skip
def test_bank_account_columns_where_there_is_no_iban(header: str, value: str) -> None:
    text = f"id,name,{header},note\n1,Mai Lan,{value},ok\n"
    assert value in _ids(text) or value.replace("-", "") in _ids(text)


def test_a_bare_account_column_is_left_alone() -> None:
    text = "id,account,region,owner\n1,123456789012,eu-west-1,platform\n"
    assert "123456789012" in redact(text).text


def test_an_indian_upi_address_is_an_id_not_an_email() -> None:
    ids = _ids("Refund sent to meera.k91@okaxis and 9876501234@ybl; receipt to meera@example.com")
    assert {"meera.k91@okaxis", "9876501234@ybl"} <= ids

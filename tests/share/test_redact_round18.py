"""Round 18: secrets in a key/value listing with a pipe (psql's expanded display, a Markdown
table row) and in Terraform state's random_password; identity cards named in Vietnamese, Dari
and Amharic; an id cue that ends with its sentence. Values of our own."""

from __future__ import annotations

import pytest

from hindsight.share.redact import redact


def _taken(text: str, kind: str) -> set[str]:
    return {r.original for r in redact(text).replacements if r.kind.value == kind}


@pytest.mark.parametrize(
    "text, secret",
    [
        # psql \x output
        (
            "-[ RECORD 1 ]+-------------\nid | 4411\nwebhook_secret | p7Rk2vQz9XwL4mTn8sYd\n",
            "p7Rk2vQz9XwL4mTn8sYd",
        ),
        (
            "api_key       | fk_live_Nw82hPqRt5ZvYk3LmX7cBd\nregion        | sa-east-1\n",
            "fk_live_Nw82hPqRt5ZvYk3LmX7cBd",
        ),
        # a Markdown table row
        ("| field | value |\n|---|---|\n| db_password | Zq8!vR2#pLx9 |\n", "Zq8!vR2#pLx9"),
    ],
)
def test_a_secret_in_a_piped_listing_is_taken(text: str, secret: str) -> None:
    assert secret in _taken(text, "SECRET")


@pytest.mark.parametrize(
    "text",
    [
        "| auth_method | oauth2-client-credentials |\n",
        "| password_policy | strict |\n",
        "| session_id | 7f3a9c2e1b |\n",
        "| token_count | 1234567890123 |\n",
        "| secret_ref | vault:kv/app#db |\n",
    ],
)
def test_ordinary_rows_of_a_listing_stay(text: str) -> None:
    assert not _taken(text, "SECRET")


def test_terraform_state_keeps_the_generated_password_in_result() -> None:
    state = (
        '{ "resources": [\n'
        '  { "type": "random_password", "name": "replica",\n'
        '    "instances": [{ "attributes": { "result": "q}W4t!Lr9@Zp2mVx", "length": 16,\n'
        '      "bcrypt_hash": "$2a$10$Wc1oPzQm3nYhK7rT2vB8eO" } }] },\n'
        '  { "type": "random_pet", "name": "suffix",\n'
        '    "instances": [{ "attributes": { "result": "brave-otter" } }] }\n'
        "] }\n"
    )
    taken = _taken(state, "SECRET")
    assert "q}W4t!Lr9@Zp2mVx" in taken
    assert "$2a$10$Wc1oPzQm3nYhK7rT2vB8eO" in taken
    assert "brave-otter" not in taken  # another resource's result


@pytest.mark.parametrize(
    "text, number",
    [
        ("Chị ấy gửi ảnh số căn cước 079193004512 qua Zalo.", "079193004512"),
        ("نمبر تذکره: 1401-0507-22318\n", "1401-0507-22318"),
        ("የፋይዳ ቁጥሬን (4921 7730 5812 0046) ጠየቁኝ።", "4921 7730 5812 0046"),
        ("passport number (e.g. 533187942 for a US passport)", "533187942"),
    ],
)
def test_identity_numbers_named_in_other_languages(text: str, number: str) -> None:
    assert number in _taken(text, "ID")


def test_an_id_word_does_not_reach_into_the_next_sentence() -> None:
    text = "She asked whether her SIN can be corrected. Callback: (867) 525-9749, after 10:00."
    assert not _taken(text, "ID")
    assert "(867) 525-9749" in _taken(text, "PHONE")


def test_an_arabic_ticket_is_no_tazkira() -> None:
    # Dari تذکره (Persian kaf) is the identity card; Arabic تذكرة (Arabic kaf) is a ticket
    assert not _taken("تذكرة: 48213907 بخصوص انقطاع الخدمة", "ID")


def test_sql_server_national_strings_keep_their_columns() -> None:
    # N'…' is one cell: before, the "N" counted as a cell of its own and every later value moved
    # one column left (a national code read as the phone, the phone missed)
    text = (
        "INSERT INTO riders (id, full_name, national_code, mobile) VALUES\n"
        " (7, N'Parisa Karimi', '0067749828', '09121234567'),\n"
        " (8, N'Omid Rahimi', '0084575948', '09351234567');\n"
    )
    phones = _taken(text, "PHONE")
    assert phones == {"09121234567", "09351234567"}

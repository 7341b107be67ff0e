"""Round 17 (tidy): one rule for the accounts an ssh, scp or rsync line logs in as, which both
redacts every `user@host` of the line and follows each log-in through the rest of the text;
one reader for delimited tables. Values of our own."""

from __future__ import annotations

import re

import pytest

from hindsight.share.redact import redact
from hindsight.share.redact_identity import DELIMITED_RULES, delimited_rows


def _found(text: str) -> set[str]:
    return {r.original for r in redact(text).replacements if r.kind.value == "PERSON"}


def test_every_login_of_an_ssh_line_is_taken() -> None:
    text = "ssh -J kmbatha@bastion-01 nokwanda@10.2.1.5 'uptime'\n"
    assert {"kmbatha", "nokwanda"} <= _found(text)


def test_a_login_from_the_jump_host_is_followed_through_the_text() -> None:
    text = (
        "ssh -J kmbatha@bastion.example.net nokwanda@10.2.1.5\n"
        "14:02 nokwanda restarted the exporter; kmbatha watched the graphs\n"
    )
    redacted = redact(text).text
    assert "nokwanda" not in redacted
    assert "kmbatha" not in redacted


def test_a_key_comment_and_a_public_address_are_no_logins() -> None:
    text = "ssh-keygen -C build@ci.example.com\nscp release.tgz deploy@10.0.0.8:/srv/\n"
    found = _found(text)
    assert "deploy" not in found
    assert "build" not in found


def test_one_reader_for_delimited_tables() -> None:
    text = (
        " login    | team\n"
        "----------+------\n"
        " nokwanda | sre\n"
        "| --- | --- |\n"
        " kmbatha  | dba\n"
        "\n"
        " tshabalala | ops\n"
    )

    def header_of(body: str) -> tuple[str, int, str] | None:
        return ("|", 2, "logins") if re.fullmatch(r"\s*login\s*\|\s*team\s*", body) else None

    rows = [
        (offset, body.split("|")[0].strip(), reading)
        for offset, body, _, reading in delimited_rows(text, header_of, DELIMITED_RULES)
    ]
    # rule lines are passed over; the blank line ends the table, so the last row is not in it
    assert [(value, reading) for _, value, reading in rows] == [
        ("nokwanda", "logins"),
        ("kmbatha", "logins"),
    ]
    assert all(text[offset:].startswith(" " + value) for offset, value, _ in rows)


def test_one_list_of_words_for_who_handled_it() -> None:
    # a field ("Author:", "Responsável:"), a column of log-ins and a column of names share it
    text = (
        "Author: tkwarteng <tkwarteng@users.noreply.example.com>\n"
        "    Co-authored-by: tkwarteng\n"
        "Responsável: fcosta\n"
        "owner: ai-npc\n"
    )
    found = _found(text)
    assert {"tkwarteng", "fcosta"} <= found
    assert "ai-npc" not in found
    assert "tkwarteng" not in redact(text).text


SECRET_MANIFEST = """apiVersion: v1
kind: Secret
metadata:
  name: ledger-db
type: Opaque
data:
  DATABASE_URL: cG9zdGdyZXM6Ly9sZWRnZXJfYXBwOlFtNy12VDJwWHc5a0w0ckBwZy1sZWRnZXIuaW50ZXJuYWw6NTQzMi9sZWRnZXI=
  DB_USER: bGVkZ2VyX2FwcA==
  POOL_SIZE: MjU=
  ca.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJzekNDQVZtZ0F3SUJBZ0lVUWs1d1lYSjBMV3hsWkdkbGNpMWpZVEFlRncweU5qQXhNREV3TURBd01EQmFGdzB6TmpBeE1ERXdNREF3TURCYQo=
"""


def test_a_kubernetes_secret_holds_secret_material_whatever_the_key_is_called() -> None:
    result = redact(SECRET_MANIFEST)
    rules = {r.original[:12]: r.rule for r in result.replacements if r.kind.value == "SECRET"}
    # the connection string with its password, in base64 under a key that names no secret
    assert rules.get("cG9zdGdyZXM6") == "k8s-secret-data"
    # a user name, a number and a public certificate stay
    for value in ("bGVkZ2VyX2FwcA==", "MjU=", "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0t"):
        assert value in result.text
    # outside a Secret the rule does not apply
    config_map = SECRET_MANIFEST.replace("kind: Secret", "kind: ConfigMap")
    assert all(r.rule != "k8s-secret-data" for r in redact(config_map).replacements)


def test_a_vault_listing_names_its_secrets_by_key() -> None:
    text = (
        "$ vault kv get secret/ledger/prod\n"
        "====== Data ======\n"
        "Key                  Value\n"
        "---                  -----\n"
        "api_key              sk_live_Tq7vLm2pXz9Wb4Nc8Rd1\n"
        "replica_password     Vb8#qLm2-Zt4xR!w\n"
        "token_ttl            3600\n"
        "region               eu-west-1\n"
        "\n"
        "password_hint        see the runbook\n"
    )
    redacted = redact(text).text
    assert "Vb8#qLm2-Zt4xR!w" not in redacted
    assert "sk_live_Tq7vLm2pXz9Wb4Nc8Rd1" not in redacted
    assert "3600" in redacted and "eu-west-1" in redacted


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ከ: ወ/ሮ መሰረት ታደሰ\nጤና ይስጥልኝ።", "መሰረት ታደሰ"),  # Amharic: From: Mrs …
        ("ካብ: ኣቶ ሃይለ ወልደ\nሰላም፣", "ሃይለ ወልደ"),  # Tigrinya: From: Mr …
        ("آقای مهندس بهرام توکلی هنگام رفع خطا توکن را فرستاد", "بهرام توکلی"),  # Persian: Mr Eng.
        ("فرستنده: کامران نیک‌پور\nمتن: سلام", "کامران نیک‌پور"),  # Sender:, a ZWNJ inside
        ("ຜູ້ແຈ້ງ: ທ້າວ ບຸນມີ ພົມມະຈັນ\nສະບາຍດີ", "ບຸນມີ ພົມມະຈັນ"),  # Lao: Reporter: Mr …
        ("ឈ្មោះ សុខ ចាន់ថា លេខទូរស័ព្ទ", "សុខ ចាន់ថា"),  # Khmer: name …
    ],
)
def test_a_title_or_a_label_names_a_person_in_a_script_without_capitals(
    text: str, name: str
) -> None:
    assert name not in redact(text).text


def test_a_title_before_a_role_or_a_month_is_no_name() -> None:
    assert redact("السيد المدير، تحية طيبة").replacements == []
    text = "Fiscal freeze from ۲۵ اسفند to ۱۵ فروردین (Nowruz)."
    assert "اسفند" in redact(text).text and "فروردین" in redact(text).text


def test_digits_of_other_scripts_are_read_as_digits() -> None:
    # a valid Iranian national code and mobile number written in Persian digits
    assert "۰۰۷۳۴۵۱۲۸۲" not in redact("کد ملی: ۰۰۷۳۴۵۱۲۸۲").text
    assert "۰۹۱۲۳۴۵۶۷۸۹" not in redact("شماره همراه: ۰۹۱۲۳۴۵۶۷۸۹").text
    assert "0911 234 567" not in redact("ስልክ 0911 234 567").text  # Amharic "phone"


def test_a_name_column_in_the_local_script() -> None:
    text = (
        "appointment_id,patient,patient_geez,clinic\n"
        "A-1001,Meseret Tadesse,መሰረት ታደሰ,clinic-4\n"
        "A-1002,Haile Welde,ሃይለ ወልደ,clinic-9\n"
    )
    redacted = redact(text).text
    assert "መሰረት ታደሰ" not in redacted and "ሃይለ ወልደ" not in redacted
    assert "clinic-4" in redacted


def test_one_list_of_name_column_headers() -> None:
    from hindsight.share.redact_columns import NAME_HEADER
    from hindsight.share.redact_people import PEOPLE_COLUMN

    for header in ("Nachname", "patient_name", "name_en", "full_name_geez", "nazwisko", "ስም"):
        assert NAME_HEADER.fullmatch(header) and PEOPLE_COLUMN.fullmatch(header), header
    for header in ("patient_id", "member_no", "customer_ts", "hostname"):
        assert not NAME_HEADER.fullmatch(header) and not PEOPLE_COLUMN.fullmatch(header), header
    text = "payee_name;iban;amount\nTest Payee;NL91ABNA0417164300;10.00\n"
    assert "Test Payee" in redact(text).text  # a placeholder, not a person


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hola, me llamo Inés Ortega y trabajo en soporte", "Inés Ortega"),
        ("Меня зовут Олег Петров, я дежурный", "Олег Петров"),
        ("dzień dobry, nazywam się Aleksandra Nowak.", "Aleksandra Nowak"),
        ("ጤና ይስጥልኝ። ስሜ ትዕግስት ነው። ትናንት", "ትዕግስት"),
        ("سلام، اسم من فرهاد است", "فرهاد"),
    ],
)
def test_my_name_is_in_many_languages(text: str, name: str) -> None:
    assert name not in redact(text).text


def test_my_name_as_a_noun_is_no_introduction() -> None:
    assert redact("Hi, my name is support and I can help").replacements == []
    text = "وصلتني رسالة فيها اسمي ورقم هاتفي"  # "a message with my name and my number"
    assert "ورقم" in redact(text).text


def test_a_name_found_in_ethiopic_script_is_found_again_alone() -> None:
    text = "ካብ: ኣቶ ሃይለማርያም ወልደ\nሰላም፣ ኣነ ሃይለማርያም እየ። ቆጸራ ተሰሪዙ።\n"
    redacted = redact(text).text
    assert "ሃይለማርያም" not in redacted
    assert "ቆጸራ" in redacted  # the other words stay
    # a greeting taken with a name is not spread through the text
    assert "سلام" in redact("سلام علی جان\nسلام به همه").text.split("\n")[1]

"""Round 12: forms found on the ninth blind writer's set (heldout15), in values of our own."""

from __future__ import annotations

import pytest

from hindsight.share.redact import redact
from hindsight.share.redact_pii import card_issuer_prefix


def _found(text: str, kind: str) -> set[str]:
    return {r.original for r in redact(text).replacements if r.kind.value == kind}


@pytest.mark.parametrize(
    "text, secret",
    [
        (
            "ops@jump:~$ echo $SMS_FALLBACK_KEY\nc41f0a9be2d85e7763a1f09bd2e4c6a8\nops@jump:~$ ",
            "c41f0a9be2d85e7763a1f09bd2e4c6a8",
        ),
        ("$ printenv DB_PASSWORD\nTr0ub4dor-Horse-88\n$ exit", "Tr0ub4dor-Horse-88"),
        ('hsm_pin: "Kq82xZ"\nretry: 3', "Kq82xZ"),
        (
            "I pasted the header by mistake: `SSWS 00aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7b`.",
            "00aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7b",
        ),
        (
            "mosquitto_pub -h broker -p 8883 \\\n    -u sensor-writer -P 'Wq7!zR2pLm' -t a/b -m 1",
            "Wq7!zR2pLm",
        ),
        ("the SFTP password\nwas changed today to Hm4-pQ9zT2wx (do not forward)", "Hm4-pQ9zT2wx"),
        (
            "Someone posted the old AppKey (`8E1F0C3B5A7D9E2F4C6B8A0D1E3F5A7C`) in the channel.",
            "8E1F0C3B5A7D9E2F4C6B8A0D1E3F5A7C",
        ),
    ],
)
def test_secrets_printed_named_or_passed_to_tools(text: str, secret: str) -> None:
    assert secret not in redact(text).text


def test_a_storage_key_alone_under_a_comment_naming_it() -> None:
    key = "Qm9ndXNLZXlGb3JUZXN0aW5nT25seTAxMjM0NTY3ODlBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWjAxMjM0NQ=="
    text = f'# primary_access_key (from `terraform state show`):\n#   {key}\nresource "x" {{}}'
    assert key not in redact(text).text
    digest = f"# sha512 of the release tarball:\n#   {key}\n"
    assert key in redact(digest).text


def test_a_kenyan_kra_pin_is_an_id_not_a_secret() -> None:
    kinds = {r.kind.value for r in redact("KRA PIN: P051234567Q for the payroll file").replacements}
    assert "SECRET" not in kinds


@pytest.mark.parametrize(
    "text, name",
    [
        ('ldapsearch -D "cn=Ursina Caflisch,ou=IT,dc=bank,dc=ch" -w x', "Ursina Caflisch"),
        ('tokenizer ERROR plaintext log: pan=… exp=04/28 name="TAHIRA QURESHI"', "TAHIRA QURESHI"),
        (
            "otpauth://totp/Wallet-Ops:zainab.malik?secret=JBSWY3DPEHPK3PXP&issuer=Wallet-Ops",
            "zainab.malik",
        ),
        ("display_name        ldap-kpapadakis\nttl                 767h", "kpapadakis"),
        ("Marker: volal som pánovi Kováčovi včera", "Kováčovi"),
    ],
)
def test_people_in_directory_names_logs_and_authenticator_accounts(text: str, name: str) -> None:
    assert name not in redact(text).text


def test_capital_words_under_a_name_key_that_are_no_names_stay() -> None:
    assert 'name="ORDER SERVICE"' in redact('level=INFO name="ORDER SERVICE" msg=ok').text


@pytest.mark.parametrize(
    "text, number",
    [
        ("He read me his TIC (10234567S) so I could find his account.", "10234567S"),
        ("Sr. Celso Mabunda, NUIT 400123454, residente na Av. 24 de Julho", "400123454"),
    ],
)
def test_cypriot_and_mozambican_tax_numbers_after_their_names(text: str, number: str) -> None:
    from stdnum.cy import vat
    from stdnum.mz import nuit

    assert vat.is_valid("10234567S") and nuit.is_valid("400123454")
    assert number not in redact(text).text


def test_phone_numbers_in_a_phone_column_and_after_callback() -> None:
    table = (
        "rut,nombre,cargo,celular,correo\n"
        "16.700.780-5,Hernán Rojas,Jefe de turno,9 4892 2371,hrojas@minera.cl\n"
        "24.992.516-0,Paula Soto,Operadora SCADA,9 3075 9933,psoto@minera.cl\n"
    )
    found = _found(table, "PHONE")
    assert {"9 4892 2371", "9 3075 9933"} <= found
    assert not _found(table, "PERSON") & {"Jefe", "Operadora"}
    assert "22 205423" in _found(
        "Caller: Kyriakos, Limassol\nCallback: 22 205423 (office)", "PHONE"
    )


def test_numbers_that_pass_luhn_but_open_no_card() -> None:
    assert card_issuer_prefix("4539101340332327") and card_issuer_prefix("2221000000000009")
    assert not card_issuer_prefix("2026073100418832")
    text = "order 2026073100418832 shipped; role arn:aws:iam::319004417782:role/wallet-core"
    assert not _found(text, "CARD")
    assert "8912075327088" in _found("ID number 8912075327088 on the claim form", "ID")


def test_languages_titles_and_service_log_ins_are_no_people() -> None:
    text = (
        "Complaints came in Urdu and Bangla; Mag. Brunner and Ing. Hofer reviewed them.\n"
        "ops@host:~$ mosquitto_sub -u telemetry-reader -P x -t a"
    )
    people = _found(text, "PERSON")
    assert not people & {"Urdu", "Bangla", "Mag", "Ing", "telemetry-reader"}
    assert {"Brunner", "Hofer"} <= people

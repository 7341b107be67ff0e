"""Round 14: secrets in pairs, columns, hashes and printed files, in values of our own."""

from __future__ import annotations

import pytest

from hindsight.share.redact import redact


def _secrets(text: str) -> set[str]:
    return {r.original for r in redact(text).replacements if r.kind.value == "SECRET"}


@pytest.mark.parametrize(
    "value",
    [
        "$2b$12$abcdefghijklmnopqrstuuJ1Kx3m8QpL0wRz7YcVn5TgHs2FdEaBi",
        "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$Vq3uOaXbp0ryl6Ch0TQ1QmJqgjG1ZkHX1pSu1ZWxIMI",
        "$6$rounds=5000$saltsalt$Wk0x9yX5F0uO3lR8m2Xc7a1v4BqZ6nJ0pK9sT3dW8hE5gY2rL7cM1fN4iU6oA3zQ",
    ],
)
def test_a_stored_password_hash_is_a_secret(value: str) -> None:
    assert value in _secrets(f"2026-03-02 19:06:18 DEBUG auth user=41 hash={value} node=api-3")


def test_freeradius_logs_the_password_of_a_failed_login() -> None:
    line = (
        "Fri Apr 17 08:21:19 2026 : Auth: (88214) Login incorrect (rlm_pap: Cleartext password "
        "does not match): [mira.holt@isp/Quartz1977!] (from client bras-2 port 77)"
    )
    assert _secrets(line) == {"Quartz1977!"}
    assert "Login incorrect" in redact(line).text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Das Admin-Login ist dispo-hh / Alster!Boot#2031 bis morgen.", "Alster!Boot#2031"),
        ("Guest Wi-Fi (CAFE-5G / Mocha7741brew) was shared in the channel.", "Mocha7741brew"),
        (
            "the relay's SMTP login (relay@mg.example.org / 7c1e90aa42-Relay2031), still live",
            "7c1e90aa42-Relay2031",
        ),
    ],
)
def test_a_user_and_password_either_side_of_a_slash_after_a_login_cue(
    text: str, value: str
) -> None:
    assert value in _secrets(text)


@pytest.mark.parametrize(
    "text",
    ["See the login page / 2026 redesign notes.", "Login: 09:00 / 17:30 shifts this week."],
)
def test_a_slash_after_login_without_a_password_is_left(text: str) -> None:
    assert not _secrets(text)


def test_cells_under_a_password_column_are_secrets_but_not_hashes_or_hints() -> None:
    text = (
        "title,url,username,password,password_hint,notes\n"
        "Payroll portal,https://payroll.example.com,ops-admin,Gx!7tQ-payroll#31,cat name,shared\n"
        "Status page,https://status.example.com,ops-admin,********,n/a,masked\n"
    )
    assert _secrets(text) == {"Gx!7tQ-payroll#31"}
    assert "cat name" in redact(text).text


def test_a_password_header_with_a_value_below_is_no_single_secret() -> None:
    text = "user,password\nbob,Hunter2!x9\n"
    assert "bob,Hunter2!x9" not in _secrets(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("и пароль от Grafana заодно: Ryb4_Kit!2031", "Ryb4_Kit!2031"),
        ("The new client cert pass is Banksia-Wombat-4412 if you need it", "Banksia-Wombat-4412"),
        ("DB password-ը դեռ հինն է, mIrt0-Aragats-2031", "mIrt0-Aragats-2031"),
        ('AUTH = ("svc-fish", "Hal1but-Cod-Skate-7")\n', "Hal1but-Cod-Skate-7"),
        (
            "Fleet-Token steht noch im Ticket: 0f9a3c57e2b14d68a9c0e1f2b3d4a5c6",
            "0f9a3c57e2b14d68a9c0e1f2b3d4a5c6",
        ),
    ],
)
def test_passwords_and_tokens_named_before_them(text: str, value: str) -> None:
    assert value in _secrets(text)


@pytest.mark.parametrize(
    "text",
    [
        "pass is INC-2026-0042",
        "the password for Postgres-Prod-01 was rotated",
        "password reset ticket: SEC-1182",
        "The build commit: 0f9a3c57e2b14d68a9c0e1f2b3d4a5c6 is the token rotation fix",
    ],
)
def test_names_tickets_and_digests_near_a_password_word_are_left(text: str) -> None:
    assert not _secrets(text)


def test_the_line_a_printed_secret_file_shows_is_a_secret() -> None:
    text = (
        "vault_password_file: ~/.vault_pass.txt\n"
        "# cat ~/.vault_pass.txt\n"
        "# Tundra-Vault-55q\n"
        "ntp_servers: [ntp1.example.org]\n"
    )
    assert _secrets(text) == {"Tundra-Vault-55q"}


def test_vault_field_value_under_a_secret_path_is_a_secret() -> None:
    text = (
        "$ vault kv get -field=value secret/team/app/partner-api\n"
        "Lq8WmZr2Xv9TcNb4Hs7Kd1Pf3Gy6Jw\n"
        "$ vault token lookup\n"
    )
    assert "Lq8WmZr2Xv9TcNb4Hs7Kd1Pf3Gy6Jw" in _secrets(text)


def test_a_printed_public_key_or_readme_is_no_secret() -> None:
    assert not _secrets("$ cat deploy_token.pub\nssh-ed25519 AAAAC3Nza\n$ cat README.md\nhello\n")


def test_a_password_manager_csv_export_with_comments_and_quoted_commas() -> None:
    text = (
        "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,"
        "login_password,login_totp\n"
        "# export found on a shared desktop\n"
        "Ops,,login,Payroll,,,0,https://payroll.example.com,ops-admin,k7#Vw2qLz!9x,\n"
        'Ops,,note,Guest Wi-Fi,"SSID Lobby / posted at reception",,0,,,,\n'
        "Ops,,login,Rota,,,0,https://rota.example.net,r.lee,ember-quartz-lagoon-mint,"
        "otpauth://totp/Rota?secret=JBSWY3DPEHPK3PXPJBSWY3DP\n"
    )
    secrets = _secrets(text)
    assert {"k7#Vw2qLz!9x", "ember-quartz-lagoon-mint"} <= secrets
    assert any(s.startswith("otpauth://") for s in secrets)
    assert "posted at reception" in redact(text).text


def test_powershell_plain_text_secure_string() -> None:
    text = 'PS C:\\> $pw = ConvertTo-SecureString "Tq9!mZr#42vk" -AsPlainText -Force'
    assert _secrets(text) == {"Tq9!mZr#42vk"}


def test_a_session_id_is_a_secret_but_a_uuid_is_not() -> None:
    token = "Qm3vT8xLr2Zp9KwY4nB7cHs1Dj6Fg0Ae_RtUiOp5LkJh"
    text = (
        f'level=info msg="session issued" sid={token}\n'
        '{"session":"6f1c2b9e-0d7a-4c33-9f5e-2a8b7c6d5e4f","sid":"ORCL"}'
    )
    assert _secrets(text) == {token}


def test_a_bitlocker_recovery_key_needs_groups_divisible_by_eleven() -> None:
    good = "123453-000011-654324-111111-222222-333333-444444-555555"
    bad = "123456-000011-654323-111111-222222-333333-444444-555555"
    assert good in _secrets(f"BitLocker recovery key: {good}")
    assert not _secrets(f"order reference {bad}")


def test_provider_formats_discord_webhook_and_razorpay_live_key() -> None:
    hook = (
        "https://discord.com/api/webhooks/1234567890123456789/"
        "aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7bC9dE1fG3hI5jK7lM9nO1pQ3r"
    )
    assert hook in _secrets(f"DISCORD_HOOK={hook}\n")
    assert "rzp_live_Ab3De5Fg7Hi9Jk" in _secrets("RAZORPAY_KEY_ID=rzp_live_Ab3De5Fg7Hi9Jk\n")


def test_camel_case_key_names_in_prose_and_a_diceware_passphrase() -> None:
    text = "The sample config held our `secretKey` (Zq8Lm3Nv7Rt2Wx5Yb9Kc4Pd6Hf1Gj0Sa) in public."
    assert "Zq8Lm3Nv7Rt2Wx5Yb9Kc4Pd6Hf1Gj0Sa" in _secrets(text)
    assert "lantern-pepper-walrus-tide" in _secrets(
        "bagong admin pw na: lantern-pepper-walrus-tide"
    )

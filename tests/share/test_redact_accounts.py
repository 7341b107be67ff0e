"""People named by the accounts they log in with and by their e-mail display names, while
service accounts, placeholders and products in the same places stay."""

from __future__ import annotations

import pytest

from hindsight.share.redact import Kind, redact


def people(text: str) -> list[str]:
    return [r.original for r in redact(text).replacements if r.kind is Kind.PERSON]


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("the dump was left in /home/lpetrova/backups by the cron job", "lpetrova"),
        ("PASSWORD_STORE_DIR=/home/hwang/.password-store", "hwang"),
        ("[web]\nweb-ams-02 ansible_host=10.1.2.3 ansible_user=rbakker", "rbakker"),
        ("contexts:\n- context:\n    cluster: prod-fra1\n    user: ingrid.holm\n", "ingrid.holm"),
        ('{"ts": "1757400000.1", "user_name": "tariq.haddad", "text": "on it"}', "tariq.haddad"),
        ("Your account is ready.\nUsername: dmoreau\nTemporary password: sent by SMS", "dmoreau"),
        ("dn: uid=asokolova,ou=people,dc=example,dc=org", "asokolova"),
        ("AH01618: user pnowak not found: /admin", "pnowak"),
        ('AH01617: user marta.rossi: authentication failure for "/admin"', "marta.rossi"),
        (
            '203.0.113.9 - lucia.ferri [08/Nov/2026:03:14:30 +0200] "GET / HTTP/1.1" 200',
            "lucia.ferri",
        ),
        ("index-url = https://olu-adeyemi:s3cr3tPass@pkgs.example.internal/simple", "olu-adeyemi"),
        ('reason="manual override by kofi.mensah"', "kofi.mensah"),
    ],
)
def test_accounts_in_system_records_are_people(text: str, account: str) -> None:
    assert account in people(text)


def test_an_account_found_once_is_found_wherever_it_is_named_again() -> None:
    text = "users:\n- name: ingrid.holm\n  user:\n    token: x\ncontexts:\n- context:\n    user: ingrid.holm\n"
    assert people(text).count("ingrid.holm") == 2


@pytest.mark.parametrize(
    "text",
    [
        "psql -h db -U postgres\nuser: postgres",
        "uid=grafana,ou=services,dc=example,dc=org",
        "git clone https://oauth2:glpat-aaaaaaaaaaaaaaaaaaaa@gitlab.example.com/x.git",
        "[smtp]\nusername = apikey",
        "mongodb+srv://reporting:pw@cluster0.example.net/db",
        '{"user": "U04QK7N2P", "user_name": "claims_app"}',
        "user: ledger-export",
        '198.51.100.23 - jdoe [21/Sep/2026:03:15:02 +0000] "GET /"',
        "/home/ubuntu/.ssh/authorized_keys",
    ],
)
def test_service_accounts_placeholders_and_words_stay(text: str) -> None:
    assert people(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ON_CALL_CONTACT=Mele Fifita <mele.fifita@example.to> +676 12345", "Mele Fifita"),
        ("From: Oisín Mac Giolla <oisin@example.ie>", "Oisín Mac Giolla"),
        ("ORGANIZER;CN=Tupac Quispe:mailto:tquispe@example.pe", "Tupac Quispe"),
        ("ATTENDEE;CN=Zanele Mokoena:mailto:zanele@example.co.za", "Zanele Mokoena"),
    ],
)
def test_display_names_of_e_mail_addresses_are_people(text: str, name: str) -> None:
    assert name not in redact(text).text


def test_a_role_mailbox_display_name_stays() -> None:
    assert people("Reply-To: Support <support@example.com>") == []


def test_an_npm_scope_is_no_mention() -> None:
    assert people("@acme:registry=https://npm.pkg.github.com\n@acme/ui@2.1.0") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Nov  8 03:12:45 bastion sudo:   hrasmussen : TTY=pts/0 ; USER=root", "hrasmussen"),
        ("created_by: tnakamura\nstatus: open", "tnakamura"),
        ('{"assignee": "amara.diallo", "priority": "P2"}', "amara.diallo"),
        (
            '{"key": "SUP-1", "customfield_10311": "Makana Kealoha", "status": "Open"}',
            "Makana Kealoha",
        ),
    ],
)
def test_accounts_after_more_keys_and_full_names_as_json_values(text: str, name: str) -> None:
    assert name in people(text)


def test_json_values_that_are_products_states_or_places_stay() -> None:
    text = (
        '{"status": "In Progress", "component": "Grafana Loki", "team": "Platform Team", '
        '"city": "Buenos Aires", "name": "Kafka Connect", "author": "dependabot"}'
    )
    assert people(text) == []


def test_su_to_a_person_and_a_person_key_with_a_full_name() -> None:
    assert "rkowalczyk" in people("$ su - rkowalczyk\nPassword:")
    assert "Hemi Walker" in people("reporter=Hemi Walker priority=P2")
    assert people("la clienta reporta un cargo en su cuenta bancaria") == []


def test_irc_joins_and_nick_changes_name_people_and_a_handle_is_found_everywhere() -> None:
    text = "-!- rangi_p has joined #ops\n* lena.k is now known as lena_away\n10:02 <dev.ops> hi"
    found = people(text)
    assert "rangi_p" in found and "lena.k" in found
    chat = "09:00 <wiremu.t> on it\nlater wiremu.t wrote the summary"
    assert people(chat).count("wiremu.t") == 2


def test_todo_owners_are_people_and_tool_accounts_stay() -> None:
    assert "nkeita" in people("# TODO(nkeita): remove the debug flag")
    assert people("# TODO(perf): cache it\nuser: kube\nusername = icinga\nuser: otel") == []

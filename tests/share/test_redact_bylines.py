"""People found by the position their name stands in (hindsight.share.redact_bylines)."""

from __future__ import annotations

import pytest

from hindsight.share.redact import Kind, redact


def _people(text: str) -> list[str]:
    return [r.original for r in redact(text).replacements if r.kind is Kind.PERSON]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("a1b2c3d Keoni Makanani <keoni.m@example.org> 2026-01-02 fix: retry", "Keoni Makanani"),
        ("From: Laia Ferrer i Soler <laia.ferrer@example.net>", "Laia Ferrer i Soler"),
        ("Requester: Tama Herangi · tama.herangi@example.com · ticket 4411", "Tama Herangi"),
        (
            "ATTENDEE;CN=Aroha Tapsell;ROLE=REQ-PARTICIPANT:mailto:aroha@example.org",
            "Aroha Tapsell",
        ),
    ],
)
def test_name_before_an_email_address_is_a_person(text: str, name: str) -> None:
    assert name in _people(text)


@pytest.mark.parametrize(
    "text",
    [
        "Support Team <support@example.org> answered the ticket.",
        "Release Bot <release-bot@example.org> tagged v1.2.",
        "CN=Domain Admins,OU=Groups,DC=example,DC=org",
    ],
)
def test_teams_and_bots_before_an_email_address_are_not_people(text: str) -> None:
    assert not any(" " in p for p in _people(text))


def test_author_after_by_is_a_person() -> None:
    text = "The config below was copied into the review by Makoa Kealamakia on Tuesday."
    assert "Makoa Kealamakia" in _people(text)
    assert _people("The change was approved by Change Advisory Board.") == []


def test_person_keys_in_logfmt_and_config() -> None:
    log = 'level=info msg="doc uploaded" user=Tomasz Wilk-Zając doc=passport'
    assert "Tomasz Wilk-Zając" in _people(log)
    config = 'escalation_contact = "Hemi Walker +64 21 555 0101"'
    assert "Hemi Walker" in _people(config)
    escaped = '"{\\"uid\\":7,\\"name\\":\\"Leilani Kapule\\"}"'
    assert "Leilani Kapule" in _people(escaped)


def test_sql_copy_name_column() -> None:
    dump = (
        "COPY public.members (id, full_name, joined) FROM stdin;\n"
        "1\tKahu Rangihuna\t2024-01-01\n"
        "2\tPham Thi Lan\t2024-02-01\n"
        "\\.\n"
    )
    people = _people(dump)
    assert "Kahu Rangihuna" in people and "Pham Thi Lan" in people


def test_initial_and_surname_login_and_its_repeats() -> None:
    text = "ssh pkowalczyk@bastion-1\nscp dump.sql pkowalczyk@backup-1:/home/pkowalczyk/"
    assert _people(text).count("pkowalczyk") == 3
    auth = "Accepted password for jkiprotich from 10.1.2.3\n(to root) jkiprotich on pts/1"
    assert _people(auth).count("jkiprotich") == 2
    assert "deploy" not in _people("ssh deploy@bastion-1")


def test_titles_in_dutch_and_portuguese() -> None:
    assert "Hoekstra" in _people("Het BSN van meneer Hoekstra stond in de logs.")
    assert "Verhoeven" in _people("Notitie: mevrouw Verhoeven heeft bevestigd.")


def test_malay_patronymic_in_a_people_column() -> None:
    table = (
        "| Customer | Phone | Notes |\n|---|---|---|\n"
        "| Devi a/l Krishnan | 012-345 6789 | called |\n"
    )
    assert "Devi a/l Krishnan" in _people(table)


def test_space_aligned_table_under_a_cardholder_header() -> None:
    table = (
        "case      card                    cardholder               reason\n"
        "CB-1      XXXX-XXXX-XXXX-0021     Sora Ahmadi              not received\n"
        "CB-2      XXXX-XXXX-XXXX-0022     Kalea Akana              duplicate\n"
    )
    people = _people(table)
    assert "Sora Ahmadi" in people and "Kalea Akana" in people


def test_subject_labels_handovers_and_name_with_town() -> None:
    assert "Tyrese Washington" in _people(
        "Representative complainant: Tyrese Washington, 12 Main St"
    )
    handover = "Handover from Ana Quispe Mamani to Inti Huamani. Inti is on call now."
    people = _people(handover)
    assert "Inti Huamani" in people and people.count("Inti") == 1
    assert "Tama Ruatapu" in _people("| 07:30 | Tama Ruatapu (Auckland) confirms the totals |")


def test_elided_particle_ends_a_name() -> None:
    assert "Jean-Claude de Wouters d'Oplinter" in _people(
        "1. Jean-Claude de Wouters d'Oplinter — refund 412.50"
    )


def test_handle_beside_the_same_persons_email() -> None:
    line = '  "pusher": {"name": "kahu-r", "email": "kahu.rangi@example.org"},'
    assert "kahu-r" in _people(line)
    assert _people('{"name": "deploy-bot", "email": "ops@example.org"}') == []


def test_requested_for_labels_a_person() -> None:
    assert "Keola Akana" in _people("Requested for: Keola Akana\nRequested by: Marcus Hill")


def test_daemon_names_and_brute_force_guesses_are_not_followed() -> None:
    log = (
        "host sshd[24460]: Failed password for sshd from 10.1.2.3 port 5 ssh2\n"
        "host sshd[24461]: Connection closed by 10.1.2.3\n"
    )
    assert _people(log).count("sshd") <= 1


def test_given_name_a_handle_starts_with() -> None:
    chat = (
        "[09:04] @sky.halvorsen: on the bridge\n[09:11] Hope Mwangi: thanks, and Sky ping me later"
    )
    assert "Sky" in _people(chat)
    assert "Sky" not in _people("The sky is clear; deploys resume at noon.")


def test_vietnamese_family_and_middle_name_mark_a_name() -> None:
    text = "08:04 Phạm Văn Khoa acked. Later Tran Thi Thu Ha joined the bridge."
    people = _people(text)
    assert "Phạm Văn Khoa" in people and "Tran Thi Thu Ha" in people
    assert _people("Dinner at Le Van Restaurant was booked.") == []


def test_sql_insert_name_column_and_yaml_person_keys() -> None:
    sql = (
        "INSERT INTO public.members (id, full_name, joined) VALUES "
        "(1, 'Kahu Rangihuna', '2024-01-01'), (2, 'Aoife O''Brien', '2024-02-01');"
    )
    people = _people(sql)
    assert "Kahu Rangihuna" in people and "Aoife O''Brien" in people
    yaml = "issue:\n  assignee: Makoa Kealamakia\n  reporter: Platform Team\n"
    assert _people(yaml) == ["Makoa Kealamakia"]


def test_a_company_named_by_an_english_word_is_no_author() -> None:
    assert _people("The doc was written by Northwind Logistics last year.") == []


def test_system_accounts_in_a_login_position_stay() -> None:
    for command in ("ssh ubuntu@bastion-1", "ssh apache@web-1", "mysql -u report -p"):
        assert _people(command) == [], command
    assert _people("docker login -u mbrown --password-stdin") == ["mbrown"]

"""Round 24: people found by the shape of what they are written in, not by a names list. The
speaker slot of chat apps' exports (WhatsApp, Telegram, a Slack copy, a time-first line with a
nickname); the user at a shell prompt however short, in an access log and in a git remote that
carries a token; a name's edges (initials before it, a generation, a trailing initial, a
connector and the family's or father's name after it); a nickname in brackets or quotes after
a name, there and wherever else it stands; more labels that name a person (Requester, Tech,
Attn). And what stays: headings with a time, log lines, system log-ins, a role in brackets.
Values of our own."""

from __future__ import annotations

import pytest

from hindsight.share.redact import redact


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("20/08/2026 08:05 - Koto Tsiry: Toy izany koa eto Antsirabe.", "Tsiry"),
        ("20/08/2026 08:06 - Voahangy R.: Misaotra.", "Voahangy"),
        ("[14/03/2025 07:51] Sreypov 🌸: ok, note in the ticket", "Sreypov"),
        ("[02/04/2026, 21:16] 何家豪: 唔該晒", "何家豪"),
        ("Tsetsgee SRE, [12.03.2026 09:31]\nЗалуусаа яаралтай", "Tsetsgee"),
        ("Bat-Ochir S., [12.03.2026 09:33]\nshalgaj bn", "Bat-Ochir"),
        ("Nyamdorj (dispatch), [12.03.2026 09:41]\nHotline", "Nyamdorj"),
        ("Tāne Te Whata 8:43 AM\nOn it. Need the SES creds", "Whata"),
        ("10:02 Nattapong (Nat): the admin password changed", "Nattapong"),
    ],
)
def test_chat_export_speakers_are_hidden(text: str, value: str) -> None:
    assert value not in redact(text).text


@pytest.mark.parametrize(
    "text",
    [
        "Daily Standup 9:30 AM\nNotes follow below",
        "Go Live 18:00\nAll teams on the bridge",
        "12/03/2026 10:15 - Deploy: started",
        "[12/03/2026, 10:15:22] Server restarted: ok",
        "[12/03/2026, 10:15:22] Grafana: alert resolved",
        "[12/03/2026, 10:15:22] Jefe Turno: reinicio completado",
    ],
)
def test_headings_logs_and_roles_in_the_speaker_slot_stay(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("bao@bastion-sgn:~$ kubectl -n hoa get secret", "bao"),
        ("jp@farol-ops:~$ az storage account keys renew", "jp@"),
        ("tane@tpw-jump-wlg:~$ psql", "tane"),
        (
            '144.124.57.203 - ost22 [06/Oct/2026:09:11:58 +0100] "GET /v2/s HTTP/1.1" 200 12',
            "ost22",
        ),
        ("git clone https://limxy:ghp_777yhDuYBxBMpWnzQ4RZUwCMTAt0t7rQVfu@github.com/a/b", "limxy"),
    ],
)
def test_log_ins_at_a_terminal_are_hidden(text: str, value: str) -> None:
    assert value not in redact(text).text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ubuntu@ip-10-0-1-5:~$ ls", "ubuntu@"),
        ("root@3f2a9c1b:/app# ls", "root@"),
        ("gzadmin@gw-01:~$ uptime", "gzadmin@"),
        (
            '10.0.0.1 - prometheus [06/Oct/2026:09:12:03 +0100] "GET /metrics HTTP/1.1" 200 31',
            "prometheus",
        ),
        (
            "https://x-access-token:ghp_777yhDuYBxBMpWnzQ4RZUwCMTAt0t7rQVfu@github.com/a/b",
            "x-access-token",
        ),
    ],
)
def test_system_log_ins_stay(text: str, value: str) -> None:
    assert value in redact(text).text


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("CC to Dwayne K. Marshall II.", "II", "CC to"),
        ("Nobody talks to the bank except Thomas J. Hargrove III.", "III", "bank"),
        ("From: Raymond E. Whitfield Jr. <rw@example-law.com>", "Jr", "From:"),
        ("Chargeback filed by Brandon T. Whitaker Sr. on 5/7.", "Sr", "Chargeback"),
        ("Rajesh a/l Subramaniam: who has access to the driver pay?", "Subramaniam", "driver"),
        ("| 06:15 | Konstantin v. d. Heyde | übernimmt Incident Command |", "Heyde", "06:15"),
        ("Responsable del runbook: José Ernesto Barrios de León.", "León", "runbook"),
        ("Atentamente,\nF. Quisbert L.", "F.", "Atentamente"),
        ("Salamat,\nKJ Bautista\nHR Business Partner", "KJ", "Partner"),
    ],
)
def test_a_names_edges_go_with_it(text: str, gone: str, kept: str) -> None:
    out = redact(text).text
    assert gone not in out
    assert kept in out


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('11:35 Toluwalope Adeyemi ("Tolu") opens the bucket. Later Tolu closed it.', "Tolu"),
        ("10:02 Nattapong Srisuk (Nat): the admin password changed", "Nat"),
    ],
)
def test_a_nickname_after_a_name_is_hidden_everywhere(text: str, value: str) -> None:
    out = redact(text).text
    assert value not in out.replace("[", " ")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Jane Smith (Finance) and Omar Haddad (SRE) joined.", ["(Finance)", "(SRE)"]),
        ("Ana Ruiz (Kenya) called.", ["(Kenya)"]),
    ],
)
def test_roles_places_and_teams_in_brackets_are_no_nicknames(text: str, kept: list[str]) -> None:
    out = redact(text).text
    assert all(k in out for k in kept)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Requester: Charity Alcoseba (charity.alcoseba@islacore.example)", "Charity"),
        ("FIELD JOB FJ-220931 · Meter exchange · Tech: Sione Taufa (027 924 5164)", "Sione"),
        ("Attn: Hone Kereama, Payroll & Tax", "Kereama"),
    ],
)
def test_labels_that_name_a_person(text: str, value: str) -> None:
    assert value not in redact(text).text


def test_a_technology_after_a_label_stays() -> None:
    assert redact("Tech: Kubernetes Engine").text == "Tech: Kubernetes Engine"


# --- round 24, part 2: identity numbers by the record they sit in --------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"name":"Bùi Thanh Tâm","idNumber":"079201296884","phone":"0706779737"}', "079201296884"),
        ('sender_name="Mohammad Abdul Karim" kyc_level=2 nid=8208810203', "8208810203"),
        ('{"kyc_name":"RAKOTOMALALA Andry Nirina","kyc_cin":"101197337422"}', "101197337422"),
        ('{"passportNo": "C03K7L2M9", "orderId": "123456789"}', "C03K7L2M9"),
        ('{"nationalId": "19800101-1234", "documentNumber": "X1234567"}', "X1234567"),
    ],
)
def test_a_key_that_names_an_identity_number_hides_its_value(text: str, value: str) -> None:
    assert value not in redact(text).text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ('{"passportNo": "C03K7L2M9", "orderId": "123456789"}', "123456789"),
        ('{"requestId": "99887766554", "created": "2026-01-02 10:00:00"}', "99887766554"),
        ('{"passenger_name": "x", "passport_expiry": "2031-04-30"}', "2031-04-30"),
    ],
)
def test_other_keys_keep_their_numbers(text: str, kept: str) -> None:
    assert kept in redact(text).text


def test_a_passport_key_is_no_password_key() -> None:
    replacements = redact('{"passportNo": "C03K7L2M9"}').replacements
    assert [r.kind.value for r in replacements] == ["ID"]


def test_a_postgresql_dump_is_read_by_its_copy_line() -> None:
    text = (
        "COPY public.customers (id, full_name, id_number, mobile, suburb) FROM stdin;\n"
        "220417\tHelvi Iipinge\t91121500652\t+264814527730\tMondesa\n"
        "\\.\n"
    )
    out = redact(text).text
    assert "91121500652" not in out
    assert "Iipinge" not in out
    assert "220417" in out


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            " matricule | nom | prenom | nas | courriel\n"
            " E-0211 | Lévesque | Gabrielle | 479902512 | gaby@example.com\n",
            "Lévesque",
        ),
        (
            "ref;beneficiaire;cin;montant\nRB-2608-0041;RAZANAMPARANY Lalao;101 235 560 575;12000\n",
            "RAZANAMPARANY",
        ),
    ],
)
def test_more_name_columns(text: str, value: str) -> None:
    assert value not in redact(text).text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            " (9823487, 2, 'Jóannes Poulsen', NULL, '170482-129', 'FO', '+298 524 913'),",
            "170482-129",
        ),
        (
            "| Nguyễn Hữu Thắng | 0202787929 | 0451000382917 | Vietcombank | +84 980 445 130 |",
            "0451000382917",
        ),
        (
            '2025-06-08 07:02:11,JGARCIA4,"Garcia, Jennifer",172.18.225.31,E9852059,Chart Review',
            "E9852059",
        ),
    ],
)
def test_a_number_in_a_persons_row_is_hidden(text: str, value: str) -> None:
    assert value not in redact(text).text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # the row's own key, an amount, a date, a version, a week, a code with letters
        (" (9823487, 2, 'Jóannes Poulsen', NULL, '170482-129', 'FO'),", "9823487"),
        ("1234567;Ana Ruiz;1.350.000;2026-03-10;20260310", "1.350.000"),
        ("1234567;Ana Ruiz;1.350.000;2026-03-10;20260310", "20260310"),
        ("1234567;Ana Ruiz;v2;2025.02.1;2026-W14;HDFC0000053", "2025.02.1"),
        ("1234567;Ana Ruiz;v2;2025.02.1;2026-W14;HDFC0000053", "HDFC0000053"),
        # a column whose header says what its numbers are
        ("order_id,customer,invoice_no\n1234567,Ana Ruiz,88776655\n", "88776655"),
    ],
)
def test_what_a_persons_row_holds_besides_papers_stays(text: str, kept: str) -> None:
    assert kept in redact(text).text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Hej Per,\n\nTack för att du hörde av dig.", "Per,"),
        ("Hi Will, thanks for the quick call.", "Will,"),
        ("Talofa Sefo, pausing now.", "Sefo"),
    ],
)
def test_a_greeted_name_that_is_also_a_stop_word(text: str, value: str) -> None:
    assert value not in redact(text).text


def test_greeting_everyone_names_nobody() -> None:
    text = "Hi all, hi there, thanks again, hi team,"
    assert redact(text).text == text


def test_a_csv_headers_labels_are_no_surname_and_given_name() -> None:
    """ "cin;iban" in a header was read as the surname and given name "Iban Cin" (both are names
    somewhere); the record rule now wants them capitalised, as a row writes a person."""
    text = "ref;beneficiaire;cin;iban;montant\nRB-2608-0041;RAZANAMPARANY Lalao;101 235 560 575;MG46 0000 5749 6749 3804 2165 680;12000\n"
    out = redact(text).text
    assert out.startswith("ref;beneficiaire;cin;iban;montant\n")
    assert "Lalao" not in out

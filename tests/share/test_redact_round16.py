"""Round 16: a one-word log-in followed through the text (the owner column of `ls -l`), chat
speakers with one space before the time, the owner's name in a laptop's host name, and a key
word standing where a secret's value would. Values of our own."""

from __future__ import annotations

import pytest

from hindsight.share.redact import redact


def _found(text: str, kind: str) -> set[str]:
    return {r.original for r in redact(text).replacements if r.kind.value == kind}


def test_a_login_from_a_home_directory_is_also_the_owner_in_ls() -> None:
    text = (
        "$ ls -la /home/tmakgoba/exports/\n"
        "-rw-r--r-- 1 tmakgoba wfm  2.1M Mar  4 02:10 roster.csv\n"
        "-rw-r--r-- 1 root root 12 Mar  4 02:11 motd\n"
    )
    redacted = redact(text).text
    assert "tmakgoba" not in redacted
    assert "root root" in redacted


def test_ls_owner_column_alone_names_a_person_but_not_a_daemon() -> None:
    text = (
        "drwxr-x--- 2 nkhumalo staff 4096 Mar  4 02:10 Downloads\n"
        "-rw-r----- 1 postgres postgres 8192 Mar  4 02:10 pg_hba.conf\n"
    )
    assert _found(text, "PERSON") == {"nkhumalo"}


def test_a_one_word_login_is_not_followed_into_paths_or_urls() -> None:
    text = (
        "-rw-r--r-- 1 leopold staff 10 Mar  4 02:10 a.txt\n"
        "keystore: /etc/leopold/keystore.pass, docs at https://git.example.org/leopold/wiki\n"
    )
    redacted = redact(text).text
    assert "/etc/leopold/keystore.pass" in redacted
    assert "https://git.example.org/leopold/wiki" in redacted


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("lieke.s 15:07 — klant belt al twee keer\n", "lieke.s"),
        ("khoa.tran 14:02: mật khẩu mới đã đổi\n", "khoa.tran"),
    ],
)
def test_chat_speaker_with_one_space_before_the_time(text: str, speaker: str) -> None:
    assert speaker in _found(text, "PERSON")


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("jihoon@mac-jihoon ~ % ls\n", "jihoon"),
        ("seen from lt-dkaur over the VPN\n", "dkaur"),
        ("kwame@kwame-mbp ~ % cat x\n", "kwame"),
    ],
)
def test_owner_name_in_a_laptop_host_name(text: str, owner: str) -> None:
    redacted = redact(text).text
    assert owner not in redacted


def test_device_host_names_without_a_person_stay() -> None:
    text = "build-pc, dev-laptop, mac-mini, pc-01, office-pc, win-pc and Mac-Studio were patched\n"
    assert redact(text).text == text


def test_a_key_word_where_a_value_would_stand_is_not_a_secret() -> None:
    text = 'date=2026-01-01 msg="Invalid password : server = 172.21.1.5"\n'
    assert "server" in redact(text).text
    assert _found("password: sesame\n", "SECRET") == {"sesame"}


@pytest.mark.parametrize(
    ("text", "accounts"),
    [
        ("Aberto por: gsilveira (Gabriel)   Responsável: fcosta\n", {"gsilveira", "fcosta"}),
        (
            "Автор: t.melnyk   Спостерігачі: o.hnatiuk, n.beridze\n",
            {"t.melnyk", "o.hnatiuk", "n.beridze"},
        ),
        ("Assigné à : jtremblay (Équipe Portail)\n", {"jtremblay"}),
        ("  DEPLOYER: ananya-iyer\n", {"ananya-iyer"}),
    ],
)
def test_person_fields_of_tickets_in_several_languages(text: str, accounts: set[str]) -> None:
    assert accounts <= _found(text, "PERSON")


def test_a_person_field_with_a_full_name_keeps_the_name_whole() -> None:
    text = "llamada 0800 — agente: Yupanqui Ccoa\n"
    assert "Yupanqui" not in _found(text, "PERSON")


def test_git_blame_authors() -> None:
    text = (
        "4e1a90c (vtavares   2026-03-13 18:41:09 -0300 12)   lockTtlMs: 800\n"
        "11c9e08 (Ana Ruiz   2026-02-27 10:15:55 -0300 13)   lockRetry: 3\n"
    )
    found = _found(text, "PERSON")
    assert "vtavares" in found and "Ana Ruiz" in found


def test_every_login_of_an_ssh_line_but_not_a_public_key_comment() -> None:
    text = "otieno@laptop-otieno:~$ ssh -J ochieng.jump@bastion.example.org ochieng@10.20.1.5\n"
    redacted = redact(text).text
    assert "ochieng" not in redacted and "otieno" not in redacted
    key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI7JP5qbMlxXLfH7oWF wparata@jump-wlg\n"
    assert "wparata" in redact(key).text


def test_a_column_of_logins_under_a_who_header() -> None:
    text = (
        "data;portador;valor;analista\n"
        "2026-03-14;Cliente mascarado;1250,00;fcosta\n"
        "2026-03-15;Cliente mascarado;89,90;amacedo\n"
        "2026-03-15;Teste;1,00;qa-bot\n"
    )
    found = _found(text, "PERSON")
    assert {"fcosta", "amacedo"} <= found and "qa-bot" not in found


def test_sudo_as_another_user() -> None:
    assert "jtremblay" in _found("$ sudo -l -U jtremblay | tail -1\n", "PERSON")
    assert _found("$ sudo -u postgres psql\n", "PERSON") == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Оксано, подивись логи.\n", "Оксано"),
        ("Богдане, Тарасе — дякую за швидкий фікс.\n", "Тарасе"),
        ("Передай звіт Ірині Сидоренко вчора.\n", "Ірині Сидоренко"),
        ("Поговорив з Оксаною Гнатюк.\n", "Оксаною Гнатюк"),
        ("Виконавець: Мельничук Тарас Ігорович\n", "Мельничук Тарас Ігорович"),
    ],
)
def test_ukrainian_names_in_their_cases_and_with_a_patronymic(text: str, name: str) -> None:
    assert name in _found(text, "PERSON")


def test_a_job_beside_a_patronymic_is_no_given_name() -> None:
    text = "ФИО;Должность;ИНН\nХабибуллина Гульназ Рамилевна;PM;842374718768\n"
    assert "PM" in redact(text).text


@pytest.mark.parametrize(
    ("text", "login"),
    [
        ("Handläggare:   Zeynep Aksoy (zaksoy)\nBeskrivning: se ärendet. /zaksoy\n", "zaksoy"),
        ("Caller:   Tiffany Broussard\nCaller ID:   tbroussard\n", "tbroussard"),
        ("Daniel Whitfield     dwhitfield      Sr. Integration Engineer   True\n", "dwhitfield"),
    ],
)
def test_a_login_made_from_the_name_of_someone_in_the_text(text: str, login: str) -> None:
    assert login not in redact(text).text


def test_a_login_form_that_is_an_english_word_is_not_taken() -> None:
    assert "grantaccess" in redact("Grant Access went to grantaccess today\n").text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Zgłoszenie przekazano Agnieszce Wróblewskiej.\n", "Agnieszce Wróblewskiej"),
        ("Rozmawiałem z Pawłem Zielińskim wczoraj.\n", "Pawłem Zielińskim"),
        ("Rozmawiałem z Ewą o tym.\n", "Ewą"),
    ],
)
def test_polish_names_in_their_cases(text: str, name: str) -> None:
    assert name in _found(text, "PERSON")


def test_a_label_ending_like_a_case_form_stays() -> None:
    assert "Morada" in redact("Morada: consultar o cadastro do cliente\n").text


def test_dates_in_a_column_are_not_birth_numbers() -> None:
    text = (
        "rodne_cislo;datum;stav\n"
        "610221/4514;2025-02-08;ok\n"
        "705507/1870;2025-02-08;ok\n"
        "736028/5163;2025-02-08;ok\n"
    )
    assert "2025-02-08" in redact(text).text

"""Round 16: a one-word log-in followed through the text (the owner column of `ls -l`), chat
speakers with one space before the time, the owner's name in a laptop's host name, and a key
word standing where a secret's value would. Values of our own."""

from __future__ import annotations

import pytest

from hindsight.share.redact import redact
from hindsight.share.redact_secret_cues import _chat_password_spans


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


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (
            "Passordet til staging-admin er byttet til Fjordlys-qkwpR7! etter i går\n",
            "Fjordlys-qkwpR7!",
        ),
        ("ok, heslo do konzole je teď Vltava8821#pQ4 (změním po incidentu)\n", "Vltava8821#pQ4"),
        (
            "Rodrigo: e a senha do painel?\nCamila: ZQx7+mT2pLw9\nCamila: apaga depois\n",
            "ZQx7+mT2pLw9",
        ),
        ("tumia account ya ops: mpesa_ops / wq8Ze^%aoT=K+\n", "wq8Ze^%aoT=K+"),
    ],
)
def test_a_password_given_in_chat_in_any_language(text: str, secret: str) -> None:
    assert secret in _found(text, "SECRET")


@pytest.mark.parametrize(
    "text",
    [
        "the password policy needs 12 chars\nsee INC-4411, v2.3.1 and PaymentSvcV2\n",
        "password reset failed\nCloudflare Ray 31d0c66d5ffadc49-FRA\n",
        "vault token lookup (password auth)\ntoken_accessor         IbE7o1dX1pQ3TqWcYhYmN2aR\n",
        "the password is in the attachment\nCSD_SEN920406U95_20261004.zip\n",
        "the password was passed as --set auth.password=HEN#3Xft03R8 --set replicaCount=3\n",
    ],
)
def test_the_chat_rule_leaves_ids_names_and_settings_near_a_password_word(text: str) -> None:
    assert list(_chat_password_spans(text)) == []


def test_a_secret_field_printed_in_base64_by_kubectl() -> None:
    text = (
        "$ kubectl -n payments get secret settle-db -o jsonpath='{.data.password}'\n"
        "eEVZQmhNYlVDYVJpRkNxRyU=\n"
        "$ kubectl get secret settle-db -o jsonpath='{.data.username}'\n"
        "c2V0dGxl\n"
    )
    assert _found(text, "SECRET") == {"eEVZQmhNYlVDYVJpRkNxRyU="}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Appelant : Ziigwan Fiddler, pour sa grand-mère\n", "Ziigwan Fiddler"),
        ("Kontoinhaber: Maximilian zu Dohna\n", "Maximilian zu Dohna"),
        ("le courriel de son voisin, M. Lavoie, est corrigé.\n", "Lavoie"),
        ("\tAccount Name:\t\tamonroe\n\tAccount Domain:\t\tLHP\n", "amonroe"),
        ('2025-06-08 07:02:11,JGARCIA4,"Garcia, Jennifer",172.18.225.31\n', "JGARCIA4"),
    ],
)
def test_callers_holders_monsieur_windows_accounts_and_surname_first_logins(
    text: str, name: str
) -> None:
    assert name in _found(text, "PERSON")


@pytest.mark.parametrize(
    "text",
    [
        "Caller: Unknown\nCaller: Front Desk\n",
        "Jean M. Roy signe; M. Sc. in CS\n",
        "Elle demande que le courriel soit corrigé.\n",
        "\tAccount Name:\t\tSYSTEM\n",
    ],
)
def test_no_person_in_labels_initials_pronouns_or_system_accounts(text: str) -> None:
    found = _found(text, "PERSON")
    assert not found & {"Unknown", "Front Desk", "Sc", "Elle", "SYSTEM"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Kan noen sjekke kunden med fnr 26116701137?\n", "26116701137"),
        ('"kyc":{"ghanaCard":"GHA-308543874-9"}\n', "GHA-308543874-9"),
        ("Kitambulisho (ID): 53526871\n", "53526871"),
        ('{"payee_nin":"CM51482173VUK8","citizen_hn":"5511-150-939-XL"}\n', "CM51482173VUK8"),
        ('{"payee_nin":"CM51482173VUK8","citizen_hn":"5511-150-939-XL"}\n', "5511-150-939-XL"),
        ("use my NPI 1859215091 as the treating provider\n", "1859215091"),
        ("old PHN 9230 108 045 — link it\n", "9230 108 045"),
    ],
)
def test_more_id_cues_and_keys(text: str, value: str) -> None:
    assert value in _found(text, "ID")


def test_a_facility_npi_stays() -> None:
    assert "2894209099" in redact("the facility NPI is 2894209099 (Lakeshore North)\n").text


def test_hl7_patient_id_and_clinician() -> None:
    text = (
        "MSH|^~\\&|EPIC|NORTH|HERMES|RAD|20250607231409||ADT^A08|MSG0048812|P|2.5.1\n"
        "PID|1||E4236233^^^LHPMRN^MR||HOLLOWAY^MARGARET^ANNE||19480312|F\n"
        "PV1|1|I|4NW^412^B|||||2369459187^PATEL^RAJ^K^^^MD\n"
    )
    assert {"E4236233", "2369459187"} <= _found(text, "ID")
    assert "PATEL^RAJ^K" in _found(text, "PERSON")
    assert "MSG0048812" in redact(text).text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('"GET /api/v2/members/XQH884102637/id-card.pdf HTTP/1.1" 200\n', "XQH884102637"),
        ('"GET /v2/students/240177652/contacts HTTP/1.1" 404\n', "240177652"),
        ("Müşteri: Fatma Yalçın (şahıs şirketi, VKN 9661882205)\n", "9661882205"),
        ("  Income tax ref: 3526239854\n", "3526239854"),
    ],
)
def test_ids_in_person_paths_and_tax_references(text: str, value: str) -> None:
    assert value in _found(text, "ID")


def test_paths_without_a_person_id_stay() -> None:
    text = '"GET /v2/members/me/settings HTTP/1.1" 200; /api/orders/20260604118/items\n'
    assert _found(text, "ID") == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ลูกค้า: นางสาวพิมพ์ชนก ศรีสวัสดิ์ (ชื่อเล่น: แพรว)\n", "พิมพ์ชนก ศรีสวัสดิ์"),
        ("ลูกค้า: นางสาวพิมพ์ชนก ศรีสวัสดิ์ (ชื่อเล่น: แพรว)\n", "แพรว"),
        ("From: राहुल वर्मा <rahul.verma@example.in>\n", "राहुल वर्मा"),
        ('"body": "सुरेश जी, हमने आपका मामला भेज दिया"\n', "सुरेश"),
    ],
)
def test_thai_and_hindi_names_by_the_words_that_introduce_them(text: str, name: str) -> None:
    assert name in _found(text, "PERSON")


def test_thai_words_that_start_like_a_title_stay() -> None:
    assert _found("นายกรัฐมนตรี พูดวันนี้ และนายจ้าง ตอบ\n", "PERSON") == set()


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("(run by arulmozhi from puppetmaster-maa, Puppet 7.29.1)\n", "arulmozhi"),
        ("# rpena: the cert is public anyway, rotate the key\n", "rpena"),
        ("# scripts/reimport-cert.sh — hsandhu 2026-05-11\n", "hsandhu"),
        ("users:\n- name: riaan\n  user:\n    token: x\n", "riaan"),
        ("  annotations:\n    tautua.co.nz/owner: wiremu.tawhai\n", "wiremu.tawhai"),
    ],
)
def test_who_ran_wrote_or_owns_it(text: str, account: str) -> None:
    assert account in _found(text, "PERSON")


@pytest.mark.parametrize(
    "text",
    [
        "#payroll-incidents — exported 2026-03-09\n",
        '# respuesta: {"messages": []}\n',
        "owner: data.team\nowner: acme.platform\n",
        "the outage was caused by timeouts\n",
    ],
)
def test_channel_headers_comments_and_team_owners_stay(text: str) -> None:
    assert _found(text, "PERSON") == set()


def test_turkish_names_with_a_case_ending_and_xml_name_parts() -> None:
    text = "Burak'ın mesajını siliyorum. Ebru'ya iletin. Grafana'ya bak, Ankara'da.\n"
    found = _found(text, "PERSON")
    assert {"Burak", "Ebru"} <= found and not found & {"Grafana", "Ankara"}
    xml = "<Name><Last>Okonjo</Last><First>Adaeze</First><Middle>N</Middle></Name>\n"
    assert {"Okonjo", "Adaeze"} <= _found(xml, "PERSON")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Tautua Mutual Ltd\nAttn: Hone Kereama, Payroll & Tax\n", "Hone Kereama"),
        ("  -- copied into ticket AKH-IT-3307 by g.batmunkh\n", "g.batmunkh"),
        ("Re-enrolled 2026-03-03 10:12 by ghassan.zein.\n", "ghassan.zein"),
        ('  annotations:\n    owner: "sukhbat.enkhtuya"\n', "sukhbat.enkhtuya"),
    ],
)
def test_attention_lines_and_dotted_logins_after_by_or_owner(text: str, name: str) -> None:
    assert name in _found(text, "PERSON")


def test_config_keys_after_by_stay() -> None:
    assert _found("see the docs; set by k.config and a.b\n", "PERSON") == set()


def test_a_home_directory_with_its_closing_slash() -> None:
    text = "$ ls -la /home/lpanganiban/\nls /Users/ana.ruiz/\ncd /home/ubuntu/ && ls\n"
    found = _found(text, "PERSON")
    assert {"lpanganiban", "ana.ruiz"} <= found and "ubuntu" not in found

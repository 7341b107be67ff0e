"""Round 8: people named by where a log-in stands, lower-case chat pastes, tracker comment
headers and regions that read like names — in sentences of our own."""

from __future__ import annotations

import pytest

from hindsight.share.redact import redact


def _people(text: str) -> set[str]:
    return {r.original for r in redact(text).replacements if r.kind.value == "PERSON"}


@pytest.mark.parametrize(
    ("line", "login"),
    [
        ("okowalczyk@bastion-waw:~$ kubectl get pods -n checkout", "okowalczyk"),
        ("[tbergqvist@db-sto-02 ~]$ psql -h 10.1.2.3 orders", "tbergqvist"),
        ("ewinterbottom@cloudshell:~ (shop-prod)$ gcloud sql instances list", "ewinterbottom"),
        ("PS C:\\Users\\rjhooper> az account show", "rjhooper"),
        ("$ vault login -method=userpass username=tpaewai", "tpaewai"),
    ],
)
def test_a_log_in_in_a_prompt_home_or_log_in_field_is_a_person(line: str, login: str) -> None:
    result = redact(line)
    assert login not in result.text
    assert login in _people(line)


@pytest.mark.parametrize(
    "line",
    [
        "root@web-01:~# systemctl restart nginx",
        "[ec2-user@ip-10-0-0-5 ~]$ df -h",
        "deploy@ci-runner-3:~$ ./release.sh",
        "postgres@db-1:~$ pg_dump orders > /tmp/o.sql",
        "username = apikey",
        "user_name: ci-deployer",
        "login: readonly",
    ],
)
def test_service_accounts_and_vendor_fixed_log_ins_stay(line: str) -> None:
    assert _people(line) == set()


def test_a_handle_after_by_is_a_person_when_it_is_built_from_a_name() -> None:
    text = (
        "The key was committed by mfitzpatrick in 3f2a9c1 and the job was run by "
        "hkbaker; both commits were triggered by renovate, created by terraform and "
        "opened by thanking the reviewers."
    )
    people = _people(text)
    assert {"mfitzpatrick", "hkbaker"} <= people
    assert not people & {"renovate", "terraform", "thanking"}


def test_a_routers_local_user_is_a_person() -> None:
    config = "username tlindqvist privilege 15 secret 9 $9$abc\nusername admin privilege 15\n"
    assert _people(config) == {"tlindqvist"}


def test_a_lower_case_chat_paste_names_its_speakers_and_their_mentions() -> None:
    chat = (
        "#inc-payments-down\n"
        "siobhan: card auth failing for everyone since 09:40\n"
        "declan: is it the gateway cert that rotated last night?\n"
        "siobhan: checking now, declan can you look at the dashboards\n"
        "declan: on it, pinging the vendor as well\n"
    )
    result = redact(chat)
    assert "siobhan" not in result.text
    assert "declan" not in result.text
    assert "gateway cert" in result.text


def test_a_yaml_block_is_no_chat() -> None:
    config = (
        "image: registry.example.com/shop/api:1.4.2\n"
        "command: run the migrations before the web server starts\n"
        "description: serves the public checkout pages for all stores\n"
        "owner: platform team in the central region\n"
    )
    assert _people(config) == set()


def test_a_tracker_comment_header_names_its_author() -> None:
    text = (
        "*Teodora Vasilescu-Marin* commented on OPS-4411:\n"
        "The tunnel config is below.\n\n"
        "Comment by Hemi Te Rangi:\nrotated the pre-shared key at 10:05.\n"
    )
    result = redact(text)
    assert "Teodora Vasilescu-Marin" not in result.text
    assert "Hemi Te Rangi" not in result.text
    assert "OPS-4411" in result.text


@pytest.mark.parametrize(
    "sentence",
    [
        "Traffic from Tamil Nadu and Uttar Pradesh doubled after the campaign.",
        "The Kuala Lumpur and Buenos Aires offices saw no errors.",
    ],
)
def test_regions_of_two_words_are_no_people(sentence: str) -> None:
    assert redact(sentence).text == sentence


def test_a_given_name_alone_is_the_full_name_found_before_whatever_follows_it() -> None:
    text = (
        "- 09:05 Graciela Benavides abre el ticket.\n"
        "- 09:40 Graciela llama al cliente y confirma el error.\n"
    )
    result = redact(text)
    assert "Graciela" not in result.text
    assert "llama al cliente" in result.text


def test_a_dotted_handle_with_a_common_given_name_and_an_unknown_surname() -> None:
    assert "joost.vdberghe" in _people("joost.vdberghe pasted the token into the channel")


@pytest.mark.parametrize(
    "text",
    [
        "restore from daniel.backup and compare with maria.yaml",
        "open james.config in the editor",
    ],
)
def test_a_given_name_before_a_file_type_or_word_is_no_handle(text: str) -> None:
    assert _people(text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            'The SMS read ("Hi Tamatea, your appointment is confirmed") for the wrong patient.',
            "Tamatea",
        ),
        ("Hola Xiomara, te escribo por el cobro duplicado.", "Xiomara"),
        ("Cześć Bożydar, przesyłam logi z wczoraj.", "Bożydar"),
        ("Merhaba Nurcihan, ödeme hatası düzeldi mi?", "Nurcihan"),
    ],
)
def test_a_name_after_a_greeting_in_quotes_or_another_language(text: str, name: str) -> None:
    assert name not in redact(text).text


def test_a_greeting_to_a_group_names_nobody() -> None:
    text = "Hola equipo, el despliegue terminó. Hej Team, all green."
    assert redact(text).text == text


def test_a_jira_table_header_with_doubled_bars_names_its_columns() -> None:
    table = "||name||team||\n|Ruaridh Kilbride|payments|\n|Tūī Ngata-Hohaia|ledger|\n"
    result = redact(table)
    assert "Ruaridh Kilbride" not in result.text
    assert "Tūī Ngata-Hohaia" not in result.text
    assert "|payments|" in result.text

"""Round 13: forms found on the thirteenth to twentieth blind writers' sets (heldout19, 20 and
23-26), in values of our own."""

from __future__ import annotations

import pytest

from hindsight.share.redact import redact
from hindsight.share.redact_secrets import generated_secret


def _found(text: str, kind: str) -> set[str]:
    return {r.original for r in redact(text).replacements if r.kind.value == kind}


@pytest.mark.parametrize(
    "text, secret",
    [
        # the word for a key or token in another language, then a generated value
        ("Elle a collé la clé `Zt7qP2xK9vLm4RwB8nYc3HdF` dans le canal.", "Zt7qP2xK9vLm4RwB8nYc3HdF"),
        ("Przyczyną był klucz API (`5f0c9a2e81b74d36a0e1c7b95d2f4a68`).", "5f0c9a2e81b74d36a0e1c7b95d2f4a68"),
        ("결제 시크릿 키(`Qm3xT8vW2zR7pK4nL9sB`)를 채널에 붙여넣었다.", "Qm3xT8vW2zR7pK4nL9sB"),
        ("디스코드 봇 토큰 Kx9Pq2Lm7Tz4.Wb8Rn3.Hc6Vd1Fs5Gj0Yt2Ue7Ia 바로 지워주세요", "Kx9Pq2Lm7Tz4.Wb8Rn3.Hc6Vd1Fs5Gj0Yt2Ue7Ia"),
        ("RADIUS shared secret'ı kontrol ettim: `WpLq?Hz*Vn-Rt+Xk!Bm`", "WpLq?Hz*Vn-Rt+Xk!Bm"),
        ("also the sftp password inline: `KQPZ%mrdGwW^eJNQZ`", "KQPZ%mrdGwW^eJNQZ"),
        ("webhook HMAC key is 7c1e9a04b3d25f68e0a7c4b1d9f23e56a8b0c7d4e2f19a3b5c6d8e0f1a2b3c4d", "7c1e9a04b3d25f68e0a7c4b1d9f23e56a8b0c7d4e2f19a3b5c6d8e0f1a2b3c4d"),
        # a URL password that holds an '@'
        ("DATABASE_URL=postgres://app_rw:Zq4#tRm8Lw2Kp@@db-01.internal:5432/app", "Zq4#tRm8Lw2Kp@"),
        # commands
        ("$ vault operator unseal 3fH8kLq2Vw9Zx1Nc7Rb4Tm6Yp0Ds5Ga8Je2Ui3Ko4Q=", "3fH8kLq2Vw9Zx1Nc7Rb4Tm6Yp0Ds5Ga8Je2Ui3Ko4Q="),
        ("#   echo 'hV3!kPz9Qw@mT2rL' > ~/.vault_pass && ansible-vault view x.yml", "hV3!kPz9Qw@mT2rL"),
        ('resp = session.post(url, auth=("svc-export", "Lr8#wQz!Tm2Kp"))', "Lr8#wQz!Tm2Kp"),
        ("GET /v1/summary?key=9B2E7C4A1F6D8E3B5C0A7D9F2E4B6C8A&id=4 HTTP/1.1", "9B2E7C4A1F6D8E3B5C0A7D9F2E4B6C8A"),
        ("APP_P4USER                 kim.min\nAPP_P4PASSWD               q7*Zk2Lm+Rw9T", "q7*Zk2Lm+Rw9T"),
        # providers' documented prefixes
        ("Toss: live_sk_Xq7bN2kLm9Pz4Rt8Wv3Yc1Hd", "live_sk_Xq7bN2kLm9Pz4Rt8Wv3Yc1Hd"),
        ("Old key live_pQ2rS7tU9vW3xY5zA8bC1dE4fG6hJ0 was in Slack", "live_pQ2rS7tU9vW3xY5zA8bC1dE4fG6hJ0"),
        # settings named for a secret in more ways, and outputs that print one
        ('{"key": "partnerApiKey", "value": "7d2e9c41-0b8a-4f6e-a3d5-91c7e2b4f608", "enabled": true}', "7d2e9c41-0b8a-4f6e-a3d5-91c7e2b4f608"),
        ("  --from-literal=LDAP_BIND_PW=Jq7ZkP2xWm9RtL4b \\", "Jq7ZkP2xWm9RtL4b"),
        ("GET /sys/send.php?login=crm&psw=3c9a1f7e5b2d8046a1c3e5f7092b4d6e&phones=1", "3c9a1f7e5b2d8046a1c3e5f7092b4d6e"),
        ("  Unseal Key 1: Qk7Zm2Xp9Lw4Rt8Vb3Nc6Hd1Fs5Gj0Yt2Ue7Ia4Ko=", "Qk7Zm2Xp9Lw4Rt8Vb3Nc6Hd1Fs5Gj0Yt2Ue7Ia4Ko="),
        ("creds in the README: AKIAQX7ZK2LM9RT4VB3N / Zq8+kL2mW7xR4tV9bN3cH6dF1sG5jY0uE2iA7oP4", "Zq8+kL2mW7xR4tV9bN3cH6dF1sG5jY0uE2iA7oP4"),
        ("Tímabundið lykilorð á Grafana: Hq8Tgw3dKx6!! — breyta strax.", "Hq8Tgw3dKx6!!"),
        ("ახალი პაროლია kW4!pLm9sQz — ჩაწერე", "kW4!pLm9sQz"),
    ],
)  # fmt: skip
def test_secrets_named_in_other_languages_or_passed_to_tools(text: str, secret: str) -> None:
    assert secret not in redact(text).text


@pytest.mark.parametrize(
    "text, kept",
    [
        # public keys, in French and Korean too
        (
            "clé publique WireGuard du VPN de facturation vl77bJ7bPxK5OjXQYUrnm0rDr3S8VdFuyZn/XLiWCFA= à noter",
            "vl77bJ7bPxK5OjXQYUrnm0rDr3S8VdFuyZn/XLiWCFA=",
        ),
        ("clé publique WireGuard du VPN : Pk7mQ2xZ9vLw4RtB8nYc3HdF1sG5jU0iE2oA7kL4bN8= à noter", "Pk7mQ2xZ9vLw4RtB8nYc3HdF1sG5jU0iE2oA7kL4bN8="),
        ("배포 키 교체 완료. 새 공개키: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKq`", "AAAAC3NzaC1lZDI1NTE5AAAAIKq"),
        # references made of words and numbers, not generated values
        ("Run without no_log on the password task — fixed in ansible-infra!2231.", "ansible-infra!2231"),
        ("found by the secret scanner (GHSA-internal-0142)", "GHSA-internal-0142"),
        ("token handling moved to AWS.SharedIniFileCredentials last year", "AWS.SharedIniFileCredentials"),
        ("the token for ActivityRecord{<*> is refreshed", "ActivityRecord{<*>"),
        # a company after the word for a key is not the key
        ("klucz CRC Przelewy24 (`1d038c2c68c13b8007d5f390a53fb4ba`)", "Przelewy24"),
    ],
)  # fmt: skip
def test_public_keys_references_and_names_after_the_cue_are_kept(text: str, kept: str) -> None:
    assert kept in redact(text).text


def test_generated_secret_is_a_made_value_not_words() -> None:
    assert generated_secret("UdVmQU?HlA*?o-Vdt*+P")
    assert generated_secret("c74e148b3fb2cd626c626dd93c8aa8c6")
    assert not generated_secret("OpenShift/Kubernetes")
    assert not generated_secret("release-2026-11-04")
    assert not generated_secret("authentication\\n#RUN")
    assert not generated_secret("https://x.example/AbC123dEf456")


@pytest.mark.parametrize(
    "text, number",
    [
        ("Eden pacient, insistira, EMBG 0806995493181. Da mu zapisham?", "0806995493181"),
        ("ЕМБГ: 1204983451231\nАдреса: ул. Широк Сокак", "1204983451231"),
        ("პირადი ნომერი: 01024058321\nნომერი: +995 577 54 59 30", "01024058321"),
        ("Unë jam abonente, numri personal 1209384756, telefoni", "1209384756"),
        ("اینجانب به کد ملی 4272803808 پرداخت کردم", "4272803808"),
        ("Namba yangu ya NIDA ni 19880214-11101-00023-25.", "19880214-11101-00023-25"),
        ("Reported by a second-year (student no. 220418397) through the chatbot.", "220418397"),
        ("nom;prenom;cin;montant\nBENNANI;Khadija;BK312904;418.75\n", "BK312904"),
    ],
)
def test_identity_numbers_named_by_their_scheme_in_more_languages(text: str, number: str) -> None:
    assert number not in redact(text).text


def test_a_run_column_stays_a_run() -> None:
    text = "job;run;status\nbuild;48213377;ok\ndeploy;48213378;ok\n"
    assert "48213377" in redact(text).text


@pytest.mark.parametrize(
    "text, login",
    [
        ("ops@jump-01:~$ who\ntkereama pts/0  2026-03-02 21:56 (203.0.113.7)", "tkereama"),
        ("2051  scp manifest.csv lvillacis@172.20.8.12:/srv/in/", "lvillacis"),
        ("05:12:07 | I [GatewayAuth] User 'qhuaranca' logged in from 10.77.4.2", "qhuaranca"),
        ("%ASA-6-722022: Group <VPN> User <b.tserendorj> IP <203.0.113.9>", "b.tserendorj"),
        ("INFO TourAssign tour=DUI-07 driver=milos.jovanovic device=ZT-3341", "milos.jovanovic"),
        (
            "[Slack #ops]\nkirra.tjungurrayi  10:14\nbus 8123 is off route again",
            "kirra.tjungurrayi",
        ),
    ],
)
def test_log_ins_in_more_places(text: str, login: str) -> None:
    assert login not in redact(text).text


@pytest.mark.parametrize(
    "text, family",
    [
        ("V100217  O'SULLIVAN, Aoife Brid   043829117    VIC", "O'SULLIVAN"),
        ("PID|1||12345^^^MRN||HARTWELL^MARGARET^ANNE||19500101|F", "HARTWELL"),
        ('GLM7731902,"YIP, Chun-bong",HKG', "Chun-bong"),
    ],
)
def test_family_names_written_before_given_names(text: str, family: str) -> None:
    assert family not in redact(text).text


def test_a_role_in_capitals_before_a_name_is_kept() -> None:
    assert "the DBA" in redact("I asked the DBA, Anna Kowalczyk, to check the replica.").text

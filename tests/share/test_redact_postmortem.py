"""Issue 12: redaction that holds on postmortem prose nobody tuned to.

People named anywhere in prose (not only on the roster), postal addresses, identity numbers,
IBANs of every country by checksum, phone numbers of every country, secrets on command lines —
and no damage to front matter, versions, SHAs, timestamps, UUIDs or public URLs. The labelled
set (tests/data/share/redaction_postmortem_*.jsonl, guide in REDACTION_LABELS.md) has a
development part and a held-out part; both bars are asserted here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hindsight.share.redact import Kind, RedactionContext, redact
from hindsight.share.redact_eval import POSTMORTEM_PERSONAL, read_jsonl, score_postmortem
from tests.conftest import TEST_DATA


def _kinds(text: str) -> dict[str, str]:
    return {r.original: r.kind.value for r in redact(text).replacements}


def test_front_matter_versions_shas_timestamps_and_public_urls_survive() -> None:
    text = (
        "format: hindsight-postmortem/1\n"
        "version: 4.12.3\n"
        "schema: v3\n"
        "api_version: 2024-06-20\n"
        "commit: 3f9a1c2e7b4d5f60a1b2c3d4e5f60718293a4b5c\n"
        "image: registry.example.com/shop/api:2026.03.14-9b2f4e7\n"
        "started: 2026-03-14T09:21:44Z\n"
        "request: 7c9e6679-7425-40de-944b-e07fc1f90ae7\n"
        "token_ttl: 3600\n"
        "password_min_length: 16\n"
        "status: https://status.acme-shop.com/incidents/8841\n"
    )
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("command", "secret"),
    [
        ("aws configure set aws_secret_access_key 9fJx2Lq8ZvT0rWmB4nHcKp7YsEa3Ud6GiQo1Xl5N", None),
        ("aws configure set aws_session_token FwoGZXIvYXdzEJr8Lm9Qz2Rv4Tn8Wb3Y", None),
        ("mysql -h db -u root -pQz7!vR2mTx9w -e 'select 1'", "Qz7!vR2mTx9w"),
        ("mysql -uroot -p'Sup3r$ecret' orders", "Sup3r$ecret"),
        ("./migrate --db-password 'Hk5&zQw2Lx9t' --dry-run=false", "Hk5&zQw2Lx9t"),
        ("redis-cli -h cache-1 -a 8Gx2pLq7Vm4z ping", "8Gx2pLq7Vm4z"),
        ('sshpass -p "Wq8#zLm2Xv5r" ssh backup@db', "Wq8#zLm2Xv5r"),
        ("sqlcmd -S sql-prod-01 -U sa -P Gm9#tLw4Qx7z -Q x", "Gm9#tLw4Qx7z"),
        ("ldapsearch -x -D cn=svc -w 'Pn3!rXq8Zv2k' '(uid=*)'", "Pn3!rXq8Zv2k"),
        ("openssl pkcs12 -export -out b.p12 -passout pass:Yt6@qWz1Lk9m", "Yt6@qWz1Lk9m"),
        ("rabbitmqctl change_password orders_app 'Tp3%kW9zQe1r'", "Tp3%kW9zQe1r"),
        ('echo "Dq4!vRk9Wx2p" | docker login ghcr.io -u ci --password-stdin', "Dq4!vRk9Wx2p"),
        ("export GITHUB_TOKEN=ghp_7Hc2LmQ9xZr4TnV8bWk1Ys3Pd6Fg0JaE5uNi", None),
        ("psql postgresql://billing:Hn4kP9wLz2q@pg-billing:5432/billing", "Hn4kP9wLz2q"),
        ("login with admin / Adm1n!2024 on the router", "Adm1n!2024"),
    ],
)
def test_secrets_passed_to_commands_are_redacted(command: str, secret: str | None) -> None:
    result = redact(command)
    assert any(r.kind is Kind.SECRET for r in result.replacements), result.text
    if secret:
        assert secret not in result.text


def test_the_aws_secret_in_the_space_separated_form_goes() -> None:
    result = redact(
        "aws configure set aws_secret_access_key 9fJx2Lq8ZvT0rWmB4nHcKp7YsEa3Ud6GiQo1Xl5N"
    )
    assert result.text == "aws configure set aws_secret_access_key [SECRET]"


def test_default_credentials_in_docs_are_not_secrets() -> None:
    text = "The AMQP URL amqp://guest:guest@localhost:5672 in the README is the default."
    assert redact(text).text == text


@pytest.mark.parametrize(
    "iban",
    [
        "ES91 2100 0418 4502 0005 1332",
        "DE89 3704 0044 0532 0130 00",
        "FR7630006000011234567890189",
        "NL91 ABNA 0417 1643 00",
        "PL61109010140000071219812874",
        "CH93 0076 2011 6238 5295 7",
        "NO93 8601 1117 947",
        "IT60X0542811101000000123456",
        "gb29nwbk60161331926819",
    ],
)
def test_ibans_of_every_country_are_found_by_checksum(iban: str) -> None:
    result = redact(f"Refund went to {iban} yesterday.")
    assert [r.kind for r in result.replacements] == [Kind.IBAN]
    assert result.replacements[0].original == iban


def test_a_spanish_iban_is_an_iban_not_a_card() -> None:
    result = redact("Spanish IBAN ES42 0199 2931 3473 3024 7148 missed.")
    assert result.text == "Spanish IBAN [IBAN-1] missed."


def test_an_iban_with_a_wrong_checksum_is_left_alone() -> None:
    text = "Reference ES92 2100 0418 4502 0005 1332 is not an account."
    assert not any(r.kind is Kind.IBAN for r in redact(text).replacements)


@pytest.mark.parametrize(
    "phone",
    [
        "+44 7400 318562",
        "+33 6 48 21 77 09",
        "+34 612 874 309",
        "+91 98765 43210",
        "+55 11 97834-2210",
        "(415) 555-0182",
        "090-3812-4476",
        "0412 557 903",
        "07911 123456",
    ],
)
def test_phone_numbers_of_every_country_are_found(phone: str) -> None:
    result = redact(f"Call back on {phone} tonight.")
    assert [r.kind for r in result.replacements] == [Kind.PHONE], result.text


@pytest.mark.parametrize(
    "text",
    [
        "Numbers of affected orders: 4 812 and 12 045.",
        "We saw 3 412 errors and 12 000 timeouts on 2026-03-14.",
        "Latency went from 120 ms to 4 500 ms.",
        "The port range 30000-32767 was exhausted.",
    ],
)
def test_counts_and_ranges_are_not_phone_numbers(text: str) -> None:
    assert redact(text).text == text


def test_people_named_in_prose_are_redacted_without_a_roster() -> None:
    text = (
        "Dolores Ibáñez noticed the key and paged Kenji Watanabe. Thanks to Siobhan, Mehmet and "
        "Chloé. Ms Oyelaran called; Zhang Wei and Sanne de Vries reviewed. Sven from the "
        "payments team rolled back."
    )
    result = redact(text)
    people = {r.original for r in result.replacements if r.kind is Kind.PERSON}
    assert people == {
        "Dolores Ibáñez",
        "Kenji Watanabe",
        "Siobhan",
        "Mehmet",
        "Chloé",
        "Oyelaran",
        "Zhang Wei",
        "Sanne de Vries",
        "Sven",
    }


def test_a_given_name_seen_in_a_full_name_gets_the_same_token() -> None:
    result = redact("Sven Lindqvist joined. Later, Sven found the stuck consumer.")
    assert result.text == "[PERSON-1] joined. Later, [PERSON-1] found the stuck consumer."


def test_products_places_months_and_words_are_not_people() -> None:
    text = (
        "Cassandra repaired itself, Athena kept working and the Phoenix cluster in Frankfurt "
        "never saw the bad config. Jenkins and Argo CD rolled back. In May and June, Paris and "
        "Austin need headroom. Will the autoscaler cope? Grant access via break-glass. Mark "
        "the runbook. Valve's connection to Level 3 dropped. Reason was a bad config. "
        "Amazon Web Services, New Relic and Terraform Cloud were healthy on Black Friday."
    )
    assert redact(text).text == text


def test_addresses_and_identity_numbers_are_redacted() -> None:
    text = (
        "The courier lives at Calle de Alcalá 187, 3º B, 28009 Madrid; the customer at "
        "42 Larkspur Lane, Bristol BS8 1TH. Passport no. X4829173, DNI 48291736K, "
        "SSN 412-67-9031, PESEL 44051401359."
    )
    kinds = _kinds(text)
    assert kinds == {
        "Calle de Alcalá 187, 3º B, 28009 Madrid": "ADDRESS",
        "42 Larkspur Lane, Bristol BS8 1TH": "ADDRESS",
        "X4829173": "ID",
        "48291736K": "ID",
        "412-67-9031": "ID",
        "44051401359": "ID",
    }


def test_uncertain_findings_carry_a_confidence() -> None:
    result = redact("Thanks, Yasmin. Refund to DE89 3704 0044 0532 0130 00 went out.")
    by_kind = {r.kind: r.confidence for r in result.replacements}
    assert by_kind[Kind.IBAN] == 1.0  # checksum: certain
    assert 0 < by_kind[Kind.PERSON] < 1.0  # a name by its shape and context: a guess


def test_roster_names_still_work_alongside_names_in_prose() -> None:
    context = RedactionContext.for_names(["alice.martin"])
    result = redact("alice.martin and Bongani Dlamini restarted the pods.", context)
    assert result.text == "[PERSON-1] and [PERSON-2] restarted the pods."


@pytest.fixture(scope="module", params=["dev", "heldout", "heldout2"])
def postmortem_set(request: pytest.FixtureRequest) -> tuple[str, dict]:
    rows = read_jsonl(TEST_DATA / "share" / f"redaction_postmortem_{request.param}.jsonl")
    return request.param, score_postmortem(rows).as_dict(with_misses=request.param == "dev")


def test_postmortem_set_bars(postmortem_set: tuple[str, dict]) -> None:
    """Bars of issue 12 on every part: development, the first held-out part (read after two
    runs, so now development too) and the second held-out part (scored once, after tuning)."""
    part, score = postmortem_set
    assert score["secrets"]["positives"] >= 15
    assert score["personal_data"]["positives"] >= 60
    assert score["secrets"]["recall"] >= 0.99, part
    assert score["personal_data"]["recall"] >= 0.97, part
    assert score["false_positive_count"] <= 3, score["false_positives"]
    assert score["hard_negatives_damaged"] <= 2, score["damaged"]


def test_third_set_written_blind_is_now_met_without_damage() -> None:
    """heldout3 was written blind and scored once (secrets 0.9516, personal data 0.8742); its
    misses were then fixed by general rules. Internal hosts are redacted by design, so only the
    other false positives are bounded."""
    rows = read_jsonl(TEST_DATA / "share" / "redaction_postmortem_heldout3.jsonl")
    score = score_postmortem(rows).as_dict()
    assert score["secrets"]["recall"] >= 0.99
    assert score["personal_data"]["recall"] >= 0.97
    assert score["hard_negatives_damaged"] == 0, score["damaged"]
    other = [fp for fp in score["false_positives"] if fp["kind"] not in ("HOST", "URL")]
    assert len(other) <= 3, other


# heldout4 and heldout5 (tests/data/share/REDACTION_HELDOUT45.md), written blind for round 4 and
# scored once, totals only, by the writer's own scorer after the round's rules were final: on
# main before the round secrets 50/52 and 53/54, personal data 521/558 and 532/567; after it
# 50/52 and 53/54, 534/558 and 548/567 (this project's stricter scorer, which counts a partly
# hidden value as missed: 525/558 and 545/567). Below the bar of issue 12; kept as floors so the
# next round can only improve on them (their rows are development data from now on). Round 5
# (redgen3) fixed their misses by general rules, tuned on these rows (in-sample, not held out):
# secrets 52/52 and 54/54, personal data 558/558 and 567/567.
FLOORS = {"heldout4": (52, 558), "heldout5": (54, 567)}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_round_four_blind_sets_do_not_fall_below_their_one_scoring(name: str) -> None:
    rows = read_jsonl(TEST_DATA / "share" / f"redaction_postmortem_{name}.jsonl")
    score = score_postmortem(rows).as_dict()
    secrets, personal = FLOORS[name]
    assert score["secrets"]["caught"] >= secrets
    assert score["personal_data"]["caught"] >= personal
    assert score["secrets"]["recall"] >= 0.99
    assert score["personal_data"]["recall"] >= 0.97
    other = [fp for fp in score["false_positives"] if fp["kind"] not in ("HOST", "URL", "IP")]
    assert len(other) <= 8, other


# heldout6 (tests/data/share/REDACTION_HELDOUT6.md), written blind by a second writer during
# round 4 and scored by totals only: main before the round secrets 49/49, personal data 420/436
# (writer's scorer); after the round's first rules 424/436; after the fixes of heldout4/5's
# misses 425/436 (this project's scorer: 422/436). Its rows were never read; from now on they
# are development data, and this floor keeps the last scoring. Written before the labelling
# policy, it labels three of Stripe's documented test cards (Amex 3782 822463 10005, Mastercard
# 5105105105105100, Discover 6011111111111117) as cards; the policy keeps them (round 11), so
# its floor is 434 - 3.
def test_round_four_second_writer_set_does_not_fall_below_its_scoring() -> None:
    rows = read_jsonl(TEST_DATA / "share" / "redaction_postmortem_heldout6.jsonl")
    score = score_postmortem(rows).as_dict()
    assert score["secrets"]["caught"] >= 49
    assert score["personal_data"]["caught"] >= 431
    assert score["hard_negatives_damaged"] <= 7, score["damaged"]


# heldout8 (tests/data/share/REDACTION_HELDOUT8.md), written blind during round 5 by a writer who
# read neither the code nor earlier sets, and scored by totals only: before round 5 secrets 98/111,
# personal data 436/496; after it 103/111 and 453/496 (34 false positives, 14 protected strings
# touched). Its rows were never read while the rules changed; from now on they are development
# data, and this floor keeps that scoring (heldout6's floor rises to the same round's 432/436).
# Round 6 (people by position, secrets by cue) worked on its misses as development data:
# 111/111 and 491/496, 22 false positives, 8 protected strings touched.
def test_round_five_held_out_set_does_not_fall_below_its_scoring() -> None:
    rows = read_jsonl(TEST_DATA / "share" / "redaction_postmortem_heldout8.jsonl")
    score = score_postmortem(rows).as_dict()
    assert score["secrets"]["caught"] >= 111
    assert score["personal_data"]["caught"] >= 491
    assert len(score["false_positives"]) <= 22
    # 9 since round 14: a Discord webhook URL goes whole, and this writer kept its numeric id
    # (heldout9's writer labelled the whole URL, heldout32's the id with the token)
    assert score["hard_negatives_damaged"] <= 9, score["damaged"]


# heldout9 (tests/data/share/REDACTION_HELDOUT9.md), written blind by a fifth writer and scored
# once (98/108, 599/651, 23 false positives, 11 protected strings touched); development data in
# round 7, which took it to 107/108 and 644/651 with 6 false positives and 1 touched. The one
# secret left, a Discord webhook URL labelled whole, is caught since round 14.
def test_round_seven_development_set_keeps_its_scoring() -> None:
    rows = read_jsonl(TEST_DATA / "share" / "redaction_postmortem_heldout9.jsonl")
    score = score_postmortem(rows).as_dict()
    assert score["secrets"]["caught"] >= 107
    assert score["personal_data"]["caught"] >= 644
    assert len(score["false_positives"]) <= 6
    assert len(score["damaged"]) <= 1, score["damaged"]


def test_second_development_set_of_many_countries() -> None:
    """dev2 (our own round-2 set: addresses, identity numbers, phones and IBANs of many
    countries, valid by their libraries). Internal hosts and private IPs are redacted by design;
    the other false positives are bounded. Its aside part is scored by the bench only."""
    rows = read_jsonl(TEST_DATA / "share" / "redaction_postmortem_dev2.jsonl")
    score = score_postmortem(rows).as_dict()
    assert score["rows"] >= 80
    assert score["secrets"]["recall"] >= 0.99
    assert score["personal_data"]["recall"] >= 0.97
    assert score["hard_negatives_damaged"] <= 2, score["damaged"]
    other = [fp for fp in score["false_positives"] if fp["kind"] not in ("HOST", "URL", "IP")]
    assert len(other) <= 2, other


def test_postmortem_set_covers_every_personal_data_kind() -> None:
    rows = read_jsonl(TEST_DATA / "share" / "redaction_postmortem_dev.jsonl")
    labelled = {e["kind"] for row in rows for e in row["expect"]}
    assert labelled >= set(POSTMORTEM_PERSONAL) | {"SECRET"}


def test_the_names_index_cache_round_trips(tmp_path: Path) -> None:
    from hindsight.quality.person_names import _read, _write_atomically

    path = tmp_path / "sub" / "names.pickle"
    _write_atomically(path, {"amara": 470}, {"okafor": 33})
    index = _read(path)
    assert index.first_rank("Amara") == 470 and index.last_rank("OKAFOR") == 33
    assert index.first_rank("Okafor") is None


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("~/.pgpass:\npg-main.internal:5432:app:app_rw:99Uukgok*3IclY0k\n", "99Uukgok*3IclY0k"),
        ("pagerduty_configs:\n  - routing_key: 44455f86b788da99984e3fd56f1ef87a\n", None),
        ("authorization:\n  credentials: 8141c1b6db2e55a1aecf9b72b6da9a49ae26433e\n", None),
    ],
)
def test_pgpass_lines_routing_keys_and_credentials_under_a_header_key(
    text: str, secret: str | None
) -> None:
    result = redact(text)
    values = [r.original for r in result.replacements if r.kind is Kind.SECRET]
    assert values, result.text
    assert all(not v.startswith("credentials") for v in values), values
    if secret:
        assert secret not in result.text


@pytest.mark.parametrize(
    "text",
    [
        "export API_KEY=<your key here>",
        "aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE",
        "From the CI run #48213 log",
        "+ @corvid/sdk@4.2.0 published",
        "Detected by Macie finding SensitiveData:S3Object/Personal.",
        "The payment went through Wells Fargo overnight.",
        "Since then the Rosetta translation queue is starving.",
        "Mir wurde der Betrag von meinem Konto abgebucht.",
    ],
)
def test_placeholders_build_runs_scopes_services_and_nouns_stay(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Bearbeitet von Priyanka Chatterjee am Mittwoch.", "Priyanka Chatterjee"),
        ("Sander van der Velden disagreed. Later Van der Velden checked.", "Van der Velden"),
        ("Ji-woo is off until Tuesday; Ó Briain covers reviews.", "Ó Briain"),
        ("Bajwa covers reviews this week.", "Bajwa"),
        ("My partner Yang got the same letter.", "Yang"),
        ("rotating both. DM Reed Marlowe next time", "Reed Marlowe"),
        ("I'm the on-call, Iris can you ping Thabo?", "Iris"),
        ("the user محمد الفارسي complained that the invoice showed the name 김서연.", "김서연"),
        ("the user محمد الفارسي complained that the invoice showed another name.", "محمد الفارسي"),
        (
            "The mix-up came from the font fallback; 田中 さくら signed off the copy in Tokyo.",
            "田中 さくら",
        ),
        ("complained that the invoice PDF showed the name 王伟 after the font fallback.", "王伟"),
        (
            "Ayşe: who touched the config?\nPenelope: me, sorry\nAyşe: Layla says it is slow\n"
            "Layla: yep",
            "Penelope",
        ),
        ("| Time | Who | What |\n|---|---|---|\n| 14:02 | Robin | alert fires |", "Robin"),
        ("> my name is Omar Abdel-Rahman and I was charged.\n> Regards, Omar\n", "Omar"),
        (
            "Q to Sterling: what did you see?\nSterling: the monitor fired.\nNowak: the calendar.\n",
            "Sterling",
        ),
    ],
)
def test_names_in_more_shapes_are_redacted(text: str, name: str) -> None:
    assert name not in redact(text).text


def test_a_who_column_keeps_bots_teams_and_words() -> None:
    text = (
        "| Time | Who | What |\n|---|---|---|\n| 14:02 | Team Falcon | alert |\n"
        "| 14:05 | PagerDuty | page |\n| 14:09 | Automation | retry |"
    )
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("| Brandon Fairweather | passport FJ63RW8J9 | 0160/2918510 |", "0160/2918510", Kind.PHONE),
        ("| Andrei Popescu | Aadhaar 2808-7408-5143 | 6887138651 |", "6887138651", Kind.PHONE),
        ("5. Sean Gallagher — 0415511568\n", "0415511568", Kind.PHONE),
        ("Flat 1, 89 Harcourt Road, Bristol BS6 5WD, 07524 352 587, sort", "07524 352 587", Kind.PHONE),
        ("Khadija, k@uol.com.br, (571) 303-1641, 542 Maple Avenue, Columbus, OH 43215", "(571) 303-1641", Kind.PHONE),
        ("name;steuer_id;iban\nMegan Hunter;10413069867;DE95 3828 9243 0437 7350 35\n", "10413069867", Kind.ID),
    ],
)  # fmt: skip
def test_phones_and_ids_in_records(text: str, value: str, kind: Kind) -> None:
    found = {r.original: r.kind for r in redact(text).replacements}
    assert found.get(value) is kind, found


def test_ten_digit_ids_and_epochs_in_a_table_are_no_phones() -> None:
    text = "| order | 2026120501 | shipped |\n| trace | 1733395200 | ok |"
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "Send it to Av. Álvaro Obregón 224, Col. Roma Norte, 03100 Ciudad de México, CDMX today.",
            "Av. Álvaro Obregón 224, Col. Roma Norte, 03100 Ciudad de México, CDMX",
        ),
        (
            "Mon adresse est 207 bis boulevard Voltaire, 69003 Lyon. Le prélèvement",
            "207 bis boulevard Voltaire, 69003 Lyon",
        ),
        (
            "My address is 1025 W 84th Street #221, Columbus, OH 43217 and my cell",
            "1025 W 84th Street #221, Columbus, OH 43217",
        ),
    ],
)
def test_addresses_with_state_after_town_house_suffix_and_numbered_streets(
    text: str, address: str
) -> None:
    found = {r.original: r.kind for r in redact(text).replacements}
    assert found.get(address) is Kind.ADDRESS, found


def test_a_field_named_for_an_address_holds_one_and_network_addresses_stay() -> None:
    text = (
        'DEBUG billing_address="Flat 1105, Lotus Residency, 1th Cross, Andheri West, Mumbai 400082"'
    )
    found = {r.original: r.kind for r in redact(text).replacements}
    assert Kind.ADDRESS in found.values(), found
    kept = 'listen_address="0.0.0.0:8080" email_address="ops team 12"'
    assert redact(kept).text == kept


# dev7 (tests/data/share/REDACTION_LABELS.md), written blind by a third writer and scored once
# before reading: secrets 102/116, ID 29/42, 39 false positives, 21 keep strings damaged. Round 5
# fixed its secret and identity-number misses by general rules (in-sample: these rows were read).
# This floor keeps secrets, ids and the false positives of every kind but PERSON and ADDRESS
# (internal hosts by design, documented test cards, loopback IPs and e-mail-shaped URL user
# parts remain); people and addresses have their own floor.
def test_third_writer_set_secrets_ids_and_false_positives_floor() -> None:
    rows = read_jsonl(TEST_DATA / "share" / "redaction_postmortem_dev7.jsonl")
    score = score_postmortem(rows).as_dict()
    assert score["secrets"]["caught"] >= 116, score["kinds"]["SECRET"]["misses"]
    assert score["kinds"]["ID"]["caught"] >= 42, score["kinds"]["ID"]["misses"]
    mine = [fp for fp in score["false_positives"] if fp["kind"] not in ("PERSON", "ADDRESS")]
    assert not [fp for fp in mine if fp["kind"] in ("SECRET", "ID")], mine
    assert len(mine) <= 14, mine
    assert score["hard_negatives_damaged"] <= 11, score["damaged"]


# dev7 (tests/data/share/redaction_postmortem_dev7.jsonl), written blind for round 5 and now
# development data: before the round PERSON 328/380 and ADDRESS 35/51; the round's general rules
# (accounts in system records, e-mail display names, table columns named for people and
# addresses, greetings, hyphenated given names, PO boxes and more countries' postal tails) bring
# them to 379/380 and 51/51. The floor keeps that; person and address false positives stay few.
def test_round_five_people_and_addresses_do_not_fall_below_their_scoring() -> None:
    rows = read_jsonl(TEST_DATA / "share" / "redaction_postmortem_dev7.jsonl")
    score = score_postmortem(rows).as_dict()
    assert score["kinds"]["PERSON"]["caught"] >= 379
    assert score["kinds"]["ADDRESS"]["caught"] >= 51
    assert score["kinds"]["PHONE"]["recall"] == 1.0
    assert score["kinds"]["EMAIL"]["recall"] == 1.0
    ours = [fp for fp in score["false_positives"] if fp["kind"] in ("PERSON", "ADDRESS")]
    assert len(ours) <= 5, ours


# heldout10, heldout11, heldout12, heldout15 and heldout16 (tests/data/share/REDACTION_HELDOUT1*.md),
# written blind by a sixth, an eighth, a seventh, a ninth and a tenth writer and scored by totals
# only while sealed (README); development data since rounds 8 (heldout10), 9 (heldout12), 10
# (heldout11), 11 (heldout16) and 12 (heldout15). These floors are their scores after the round
# that used them, so a later round cannot lose what they catch. heldout19 and heldout20 (a
# thirteenth and a fourteenth writer, scored once sealed: 91/103, 471/521 and 88/99, 462/504 with
# the first tagger) are training data of the name tagger and round 13's development data, as are
# heldout23-26 (a seventeenth to a twentieth writer, scored once sealed on b30f3f8: 91/101,
# 468/533; 87/99, 556/688; 89/98, 460/573; 86/99, 419/551; REDACTION_HELDOUT2*.md).
@pytest.mark.parametrize(
    ("name", "secrets", "personal", "false_positives", "damaged"),
    [
        ("heldout10", 104, 496, 5, 1),
        ("heldout11", 102, 482, 8, 5),
        # 16 damaged: round 14 takes a Discord webhook URL whole (ID and token), as three of
        # five writers label it; heldout12's writer kept the ID.
        ("heldout12", 107, 576, 30, 16),
        ("heldout15", 99, 499, 45, 20),
        ("heldout16", 100, 556, 22, 2),  # round 19 (addresses in prose): 549 -> 551
        ("heldout19", 103, 511, 36, 22),  # round 13: 91 -> 102, 481 -> 494; r15 502, r16 504
        ("heldout20", 98, 489, 15, 10),  # 88 -> 97, 478 -> 484
        ("heldout23", 101, 522, 43, 28),  # 91/101, 468/533 sealed; r14 96 -> 101; r15 516
        # round 23: "socio Diamante" (a member's tier) is read as a name after "socio"
        ("heldout24", 98, 652, 53, 23),  # 87/99, 556/688 sealed; round 14 93 -> 96, 620 -> 630
        ("heldout25", 98, 540, 76, 31),  # 89/98, 460/573 sealed; round 14 93 -> 96, 515 -> 523
        ("heldout26", 99, 526, 38, 15),  # 86/99, 419/551 sealed; round 14 95 -> 99, 488 -> 508
        ("heldout32", 118, 792, 60, 22),  # 94/119, 679/850 sealed (ebf14e8); r14-15 in-sample
        ("heldout43", 57, 440, 29, 20),  # 52/57, 399/472 unread on 0665d1e; r16 in-sample
        ("heldout44", 66, 487, 63, 34),  # 61/67, 418/522 unread on 0665d1e; r16 in-sample
        ("heldout49", 64, 655, 81, 29),  # 60/70, 612/721 unread on 8677a6d; r17-18 in-sample
        # round 23: written as sealed60/61 (countries of their writers' choosing, none used
        # before); scored once unread on 6581f73 and after the round's first rules (52/55,
        # 383 -> 384/469 and 73/74, 391 -> 392/469), then read (round-23 in-sample)
        ("heldout60", 52, 425, 94, 29),  # round 24: a dump's account_no column (COPY) +1 FP
        ("heldout61", 73, 427, 61, 15),
        # round 25: written blind (five countries each from a random draw), scored once unread
        # on 3bbcf7f (49/51, 444/491 and 58/62, 540/582), then read (round-25 in-sample)
        ("heldout72", 51, 463, 49, 14),
        ("heldout73", 59, 569, 76, 15),
        # round 25, part 2: written blind, scored once unread on b284ce8 (58/62, 589/655 and
        # 69/71, 504/571), then read (in-sample)
        ("heldout77", 58, 602, 97, 19),
        ("heldout78", 70, 527, 75, 17),
    ],
)
def test_later_blind_sets_keep_their_scoring(
    name: str, secrets: int, personal: int, false_positives: int, damaged: int
) -> None:
    rows = read_jsonl(TEST_DATA / "share" / f"redaction_postmortem_{name}.jsonl")
    score = score_postmortem(rows).as_dict()
    assert score["secrets"]["caught"] >= secrets
    assert score["personal_data"]["caught"] >= personal
    assert len(score["false_positives"]) <= false_positives, score["false_positives"]
    assert len(score["damaged"]) <= damaged, score["damaged"]


# sealed17 and sealed18 (tests/data/share/REDACTION_LABELS.md), written blind on 2026-12-06 by an
# eleventh and a twelfth writer and never read: not by the rules' authors, not by the name tagger's
# training (redact_tagger.NOT_TRAINING). Scored by totals only: before rounds 11 and 12 (d3189aa)
# 96/100, 422/497 and 93/101, 426/478; after them 97/100, 424/497 and 93/101, 426/478; with the
# name tagger 97/100, 435/497 (41 false positives) and 93/101, 434/478 (49). These floors keep
# the last scoring; a failure names totals only.
# sealed21 and sealed22 (a fifteenth and a sixteenth writer, same day): before this round's work
# 94/100, 514/585 and 92/99, 415/483; rules after rounds 11-12 95/100, 513/585 and 93/99, 415/483;
# with the tagger trained on 18 sets 520/585 and 429/483, on 20 sets 521/585, 430/483.
# Round 13 (rules from heldout19/20 and heldout23-26, the tagger retrained on 24 sets): sealed17
# 97/100, 439/497; sealed18 93/101, 443/478; sealed21 95/100, 523/585; sealed22 94/99, 435/483.
# sealed31 (a twenty-first writer, round 10): on ebf14e8 92/110, 709/823; after round 14's rules
# 102/110, 709/823 (a tagger retrained on 25 sets would give 707/823; it was not kept); after
# round 15 102/110, 719/823. sealed35 and sealed36 (a twenty-third and a twenty-fourth writer,
# REDACTION_SEALED35.md, REDACTION_SEALED36.md): on 151ac36 108/116, 812/905 and 103/115,
# 811/945; after round 15 113/116, 826/905 and 106/115, 835/945. sealed37 and sealed38 (a
# twenty-fifth and a twenty-sixth writer): on 151ac36 108/114, 934/987 and 105/108, 841/979;
# after round 15 111/114, 936/987 and 105/108, 861/979 (sealed38: 77 -> 85 false positives).
# Round 15 moved sealed31 to 727/823, sealed17 to 442/497 (39 -> 43 false positives), sealed18
# to 445/478, sealed21 to 528/585. sealed39 and sealed40 (a twenty-seventh and a twenty-eighth
# writer) were scored once before round 15 (93/97, 736/774; 81/85, 582/621) and once at its end
# (96/97, 739/774; 81/85, 588/621), after every rule of the round was written. Round 16 (rules
# from heldout43/44 and older development sets): sealed17 448, sealed18 446, sealed21 531,
# sealed22 436, sealed31 732, sealed35 827, sealed36 840, sealed37 937, sealed38 863 (85 -> 81
# false positives), sealed39 741. sealed41 and sealed42 (a thirty-first and a thirty-second
# writer) were scored on 0665d1e, before round 16 (31/33, 311/336; 34/36, 440/466), and at its
# end (31/33, 311/336; 34/36, 445/466). Round 16's second and third parts (chat passwords, more
# id cues, HL7, Thai/Hindi/Turkish names, more log-in cues): sealed45 and sealed46 (a thirty-fifth
# and a thirty-sixth writer) were scored on 0665d1e and on 5cbe5fd (the same: 35/35, 434/481;
# 43/45, 347/381) and after the second part (35/35, 436/481; 43/45, 347/381); sealed47 and
# sealed48 (a thirty-seventh and a thirty-eighth) on d462a60 and after the third part (the same:
# 34/34, 487/517; 37/37, 483/526). sealed18 lost two (446 -> 444) in the second part; the cause
# was not looked for, to keep the set sealed. Round 17 (this session: one list of password and
# handler words, Kubernetes Secret data, vault listings, titled names in Ethiopic, Arabic, Lao
# and Khmer script, digits of other scripts): sealed22 437, sealed31 736, sealed35 828, sealed38
# 864, sealed47 489, the rest unchanged. sealed50 (a fortieth writer: Armenia/Georgia/Azerbaijan,
# Sri Lanka, the Netherlands/Suriname/Belgium, Finland/Iceland/Sápmi, the Caribbean) was scored
# on 8677a6d before the round and once at its end: 50/54, 553/675 both times. One list of
# name-column headers for both column rules then gave sealed37 939, sealed38 866, sealed42 446
# (the development sets identical); its first form lost sealed47 three (489 -> 486) by
# narrowing "name_xx" to listed languages, and was put back to any two letters. Round 18
# (psql and Markdown key/value listings, Terraform state, id cards in Vietnamese, Dari and
# Amharic): sealed31 737, the rest unchanged; its first form took Arabic "تذكرة" (a ticket) for
# the Dari tazkira and gave sealed42 and sealed48 one false positive each, which the round
# corrected (the word is Dari only with the Persian kaf). sealed51 (a forty-first writer:
# Myanmar/Thai border, Sudan/South Sudan, Haiti/Dominican Republic, Tajikistan/Uzbekistan,
# Papua New Guinea/Solomon Islands) on 792d637 before the round and once at its end: 69/71,
# 639/745 both times. Round 19 (an address said in a sentence: "lives at", "domiciliado en",
# "wohnhaft", "القاطن ب"; address labels in 18 more languages; two address readers that
# overlap give their union), scored by totals only: sealed17 450, sealed21 535, sealed35 830,
# sealed36 842, sealed38 867, sealed45 438, sealed48 484, sealed50 554, sealed51 640, no false
# positive added. Its first form lost sealed40 one address (588 -> 587: a "lives at" reading
# that outranked a longer street reading but stopped short of its end), which the union fixed.
# Its second part (ids and bank accounts by written form and check digits, phone keys, log-ins
# from hyphenated names): sealed17 451, sealed18 446, sealed22 440, sealed35 842, sealed36 856,
# sealed38 871, sealed39 745, sealed40 590, sealed42 449, sealed46 352, sealed47 491, sealed50
# 560, by totals only, no false positive added. Round 20's last part (names in scripts without
# capitals by their known parts, key ids and decoded values as secrets): sealed22 445, sealed31
# 738, sealed35 846, sealed39 746, sealed40 596, sealed42 450, sealed45 439, sealed46 355,
# sealed50 561, sealed51 641, secrets sealed31 104, sealed41 32, sealed46 44 (false positives
# +8 over the sets, damaged +1). sealed52 and sealed53 (a forty-second and a forty-third
# writer, five settings each of their own choice) scored once on 8b21f06 and once at the end
# of round 20: 67/78, 522/584 -> 68/78, 524/584; 62/66, 490/545 both times. The vocative rule
# after them gave sealed17 452 and sealed48 486 (false positives +2 over the older sets) and
# left sealed52 and sealed53 unchanged. Round 21 (a psql expanded record read as key/value
# lines, a chat's other speakers once two are people, a log-in after "user" in prose, a
# surname a tool also bears after a given name): sealed35 847, the rest unchanged. sealed54
# and sealed55 (a forty-fourth and a forty-fifth writer) scored by totals on b114137, after the
# round's first commit and at its end: 49/50, 361/419 and 58/58, 364/408 all three times.
# Round 22 (ids and accounts of ten countries' schemes, a Chinese name set apart by spaces, a
# name after "paging", accounts with money paid into them): sealed35 848, sealed36 859,
# sealed37 949, sealed45 441, sealed48 487, sealed54 363, no false positive added. sealed56 and
# sealed57 (countries assigned in the brief, then rules written for those countries' schemes):
# 47/50, 379/413 -> 385 and 53/59, 434/513 -> 458. sealed58 and sealed59 (their writers chose
# the countries; scored before the round and after its rules): 46/46, 398/454 and 45/50,
# 323/385, the same after; 324 at the end, with a cue ("NIC No.") written after its countries
# were known. Round 23 (identity papers, accounts and addresses of countries no set had used,
# from their schemes' own words; names inflected, in capitals, after an initial or with a
# Central Asian patronymic; birth-date ids with no word before them; phone words in more
# languages): sealed21 540, sealed22 448, sealed31 750, sealed35 852, sealed36 864, sealed38
# 874, sealed39 747, sealed41 312, sealed46 359, sealed47 496, sealed48 488, sealed50 562,
# sealed51 646, sealed53 491, sealed54 367, sealed55 367, sealed56 388, sealed57 461, sealed59
# 328, sealed17 453, sealed45 442 (+70 over the twenty-seven; false positives +7, damaged +5).
# sealed62 and sealed63: 52/53, 387/466 and 59/63, 413/467 before the round; 395 and 417 on the
# rules written before they were scored; 396 and 417 at the end (false positives 105 -> 106,
# 77). sealed64 and sealed65 (two more, written during the round): 55/56, 427/469 and 59/60,
# 429/470 on 6581f73; 434 and 438 at the end (false positives 94 and 73 -> 72).
# Round 24 (people by the shape they are written in: chat apps' speaker slots, log-ins at a
# prompt or in an access log, a name's edges, nicknames, more person labels): +88 over the
# thirty-one (false positives 1,631 -> 1,654, damaged 577 -> 585). sealed66, sealed67 (countries
# drawn at random) and sealed68 (the ordinary case: software companies in the US, the UK,
# Germany, Spain and the Netherlands), scored on 12ad919 and at the round's end: 40/41, 458 ->
# 466/526; 37/40, 467 -> 468/551; 37/38, 480 -> 485/519.
# Round 24's second part (an identity number under a key or header that names it in any case
# style, a PostgreSQL dump read by its COPY line, more name columns, an identity-shaped number in
# the row of a person found, greetings): +197 over the thirty-four (false positives 1,758 ->
# 1,774, damaged 621 -> 625). sealed69, sealed70 (random draws) and sealed71 (the ordinary case),
# scored on 7987c47 and at the end: 43/45, 484 -> 488/549; 41/44, 509 -> 516/548; 35/36, 522 ->
# 526/565.
# Round 25 (an address's and a person's edges: the town line under a labelled street, localities
# on lines of their own, the chain to a postcode, a building before the street, initials before a
# surname, a surname before a comma; bank accounts after a bank's name; more cues): +34 over the
# thirty-seven (secrets +3, false positives 1,957 -> 1,963, damaged 686 -> 688). sealed74,
# sealed75 (random draws) and sealed76 (the ordinary case), scored on 3bbcf7f and at the end:
# 73/74, 635 -> 642/753; 61/62, 622 -> 631/680; 59/61, 653 -> 658/703.
# Round 25's second part (a family name in capitals before the given names, a post-office box
# with the places before it, "BP", blocks that end on a postcode line, a given name and an
# initial, a dotted leader after a name label, FHIR's family name): +6 over the thirty-seven
# (false positives 1,963 -> 1,967), sealed74-76 645, 632, 660. sealed79 (a random draw) and
# sealed80 (the ordinary case), scored on b284ce8 and at the end: 42/43, 499 -> 500/545;
# 55/58, 590 -> 591/627.
@pytest.mark.parametrize(
    ("name", "secrets", "personal"),
    [
        ("sealed17", 97, 457),
        ("sealed18", 93, 449),
        ("sealed21", 96, 549),
        ("sealed22", 95, 449),
        ("sealed31", 104, 764),
        ("sealed35", 114, 865),
        ("sealed36", 107, 888),
        ("sealed37", 111, 954),
        ("sealed38", 106, 887),
        ("sealed39", 96, 755),
        ("sealed40", 82, 597),
        ("sealed41", 32, 320),
        ("sealed42", 35, 452),
        ("sealed45", 35, 457),
        ("sealed46", 44, 362),
        ("sealed47", 34, 500),
        ("sealed48", 37, 492),
        ("sealed50", 50, 597),
        ("sealed51", 69, 665),
        ("sealed52", 68, 534),
        ("sealed53", 62, 500),
        ("sealed54", 49, 380),
        ("sealed55", 58, 373),
        ("sealed56", 47, 391),
        ("sealed57", 53, 465),
        ("sealed58", 46, 412),
        ("sealed59", 45, 344),
        # round 23: two writers chose five countries each from those no set had used (and not
        # heldout60/61's); scored by totals on 6581f73 and after the round's rules
        ("sealed62", 52, 413),
        ("sealed63", 59, 425),
        # sealed64 and sealed65: written during the round, scored only after all its rules
        ("sealed64", 55, 440),
        ("sealed65", 59, 440),
        # round 24: two random draws of countries and the ordinary case, scored before and after
        ("sealed66", 40, 473),
        ("sealed67", 37, 482),
        ("sealed68", 37, 494),
        # round 24, part 2: a random draw (sealed69, sealed70) and the ordinary case again
        # (sealed71: Canada, Australia, France, Italy, the UK), scored before and after part 2
        ("sealed69", 43, 488),
        ("sealed70", 42, 517),
        ("sealed71", 35, 527),
        # round 25: two random draws (sealed74, sealed75) and the ordinary case (sealed76: the
        # US, the UK, Germany and two countries of the writer's choice), scored before and after
        ("sealed74", 73, 645),
        ("sealed75", 61, 632),
        ("sealed76", 59, 660),
        # round 25, part 2: a random draw (sealed79) and the ordinary case (sealed80: the US,
        # the UK and three countries of the writer's choice), scored on b284ce8 and at the end
        ("sealed79", 42, 500),
        ("sealed80", 55, 591),
    ],
)
def test_sealed_sets_keep_their_totals(name: str, secrets: int, personal: int) -> None:
    rows = read_jsonl(TEST_DATA / "share" / f"redaction_postmortem_{name}.jsonl")
    score = score_postmortem(rows).as_dict(with_misses=False)
    assert score["secrets"]["caught"] >= secrets, score["secrets"]["caught"]
    assert score["personal_data"]["caught"] >= personal, score["personal_data"]["caught"]

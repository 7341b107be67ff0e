"""People no names list knows, found by the record around them (fields, CSV columns, airline
names, log-ins, header labels, chat speakers), by titles and particles, by a person's verb, and
again wherever the same full name recurs. Names are generated from syllables, so no dictionary
can be what catches them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hindsight.share.redact import Kind, RedactionContext, redact
from hindsight.share.redact_people import blocked_word, plain_word

SYLLABLES = ["ki", "pro", "no", "lan", "gat", "wa", "nji", "ku", "zu", "ma", "tem", "bo", "ri"]


def _name_word(parts: list[str]) -> str:
    return "".join(parts).capitalize()


NAME_WORDS = (
    st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=3)
    .map(_name_word)
    .filter(lambda w: not plain_word(w) and not blocked_word(w))  # "Kiki" is an English word
)
FULL_NAMES = st.tuples(NAME_WORDS, NAME_WORDS).filter(lambda p: p[0] != p[1]).map(" ".join)


def _people(text: str) -> list[str]:
    result = redact(text, RedactionContext())
    return [item.original for item in result.replacements if item.kind is Kind.PERSON]


def _hidden(text: str, value: str) -> bool:
    result = redact(text, RedactionContext())
    hidden = {i for item in result.replacements for i in range(item.start, item.end)}
    start = text.find(value)
    while start >= 0:
        if not all(i in hidden for i in range(start, start + len(value)) if text[i].isalnum()):
            return False
        start = text.find(value, start + 1)
    return True


@settings(max_examples=30, deadline=None)
@given(FULL_NAMES)
def test_names_in_person_fields_and_csv_name_columns(name: str) -> None:
    given_name, surname = name.split()
    log = f'fallback used, holder="{name.upper()}" exp=09/28 customer_name="{name}" status=ok'
    assert _hidden(log, name.upper()) and _hidden(log, name)
    assert "status=ok" in redact(log, RedactionContext()).text
    table = f"id,first_name,last_name,email\nC-1,{given_name},{surname},x@example.com\n"
    assert _hidden(table, given_name) and _hidden(table, surname)
    assert "id,first_name,last_name,email" in redact(table, RedactionContext()).text


@settings(max_examples=30, deadline=None)
@given(FULL_NAMES, st.sampled_from(["[2026-02-12 20:41:15] ", "2026-02-17 10:32 ", "14:03 "]))
def test_chat_speakers_of_two_words_and_who_they_mention(name: str, stamp: str) -> None:
    text = f"{stamp}{name}: the reversal console was used from an unknown IP\n"
    assert _hidden(text, name), redact(text, RedactionContext()).text


@settings(max_examples=30, deadline=None)
@given(FULL_NAMES, FULL_NAMES)
def test_labelled_headers_and_repeated_full_names(first: str, second: str) -> None:
    if set(first.split()) & set(second.split()):
        return  # two people sharing a word are one key; not what this test is about
    text = f"On-call handover\nFrom: {first}   To: {second}\n\n* {first} restarted the controller."
    assert _hidden(text, first) and _hidden(text, second), redact(text, RedactionContext()).text
    assert "restarted the controller." in redact(text, RedactionContext()).text


@settings(max_examples=30, deadline=None)
@given(FULL_NAMES, st.sampled_from(["confirms it wasn't him", "said the alert was noise"]))
def test_an_unlisted_full_name_with_a_persons_verb(name: str, tail: str) -> None:
    text = f"Ops update: {name} {tail}."
    assert _hidden(text, name), redact(text, RedactionContext()).text


@settings(max_examples=20, deadline=None)
@given(NAME_WORDS.map(str.lower))
def test_log_ins_in_auth_and_ci_logs(login: str) -> None:
    for text in (
        f"sshd[41990]: Accepted publickey for {login} from 41.59.86.160 port 60122 ssh2",
        f"Started by GitHub push by {login}-m\nRunning on agent-3",
        f"PCI debug logging disabled by {login} (flag payments.debug=false)",
    ):
        assert _hidden(text, login), redact(text, RedactionContext()).text


def test_service_accounts_are_not_people() -> None:
    text = "sshd[1]: Accepted publickey for deploy from 10.0.0.1 port 22 ssh2"
    assert "deploy" not in _people(text)


def test_titles_inside_a_run_of_capitalised_words_and_particles() -> None:
    assert _hidden("Ansprechpartner Herr Dietrich laut Ticket", "Dietrich")
    assert _hidden("die Abschläge ihres Nachbarn Herrn Yilmaz.", "Yilmaz")
    text = "burger Pieter van den Berg, BSN 343680531. Bel jij meneer van den Berg even op?"
    assert _hidden(text, "Pieter van den Berg") and _hidden(text, "van den Berg")
    assert _hidden("Incoming: Nurul Aisyah binte Rahman", "Nurul Aisyah binte Rahman")


def test_a_name_in_another_script_beside_a_name_found() -> None:
    text = "Customer: Abdullah Al-Qahtani / عبدالله القحطاني\nNational ID on file"
    assert _hidden(text, "عبدالله القحطاني")
    assert _hidden("고객명: 김민준\n연락처: 없음", "김민준")


def test_things_and_labels_are_not_people() -> None:
    text = (
        "Internal note (UTC): Zur Identifikation nannte sie nichts.\n"
        "Sakura Datacenter K.K. replied. username=payments role=ro\n"
        "From: Grafana Alerting\n"
    )
    assert _people(text) == []


@settings(max_examples=20, deadline=None)
@given(FULL_NAMES, st.sampled_from(["Nombre: ", "Reported by: ", "Ad Soyad: ", '{"name": "']))
def test_a_full_name_under_a_name_label_in_several_languages(name: str, label: str) -> None:
    text = f"{label}{name}\nformat: hindsight-postmortem/1\nname: Payments Service\n"
    assert _hidden(text, name), redact(text, RedactionContext()).text
    assert (
        "format: hindsight-postmortem/1\nname: Payments Service"
        in redact(text, RedactionContext()).text
    )


def test_a_hyphenated_word_after_by_is_no_log_in() -> None:
    assert _people("Rows were merged by e-mail only and later triggered by re-run.") == []
    assert _people("Started by GitHub push by adeyemi-k") == ["adeyemi-k"]

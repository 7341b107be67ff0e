"""Round 21: three shapes that say "a person" or "this field" whatever the value is. A psql
expanded record (`\\x`) is read field by field like `key: value` lines; once two speakers of a
lower-case chat are people, its other speakers are too, even names no list knows; a log-in
named after "user" in prose; a surname that a tool also bears after a given name ("Harold
Jenkins"). Values of our own."""

from __future__ import annotations

from hindsight.share.redact import Kind, expanded_records, redact

RECORD = """payouts=> SELECT * FROM b2c_payouts WHERE id = 91022871;
-[ RECORD 1 ]------+--------------------------------------
id                 | 91022871
msisdn             | 254711482093
customer_name      | AKINYI WANJALA OTIENO
national_id        | 31177204
db_password        | Zq8!vernal-Tusker
amount             | 4500.00
created_at         | 2026-04-19 07:45:51.882+03
"""


def test_a_psql_expanded_record_is_read_field_by_field() -> None:
    result = redact(RECORD)
    kinds = {r.original: r.kind for r in result.replacements}
    assert kinds["AKINYI WANJALA OTIENO"] is Kind.PERSON
    assert kinds["31177204"] is Kind.ID
    assert kinds["Zq8!vernal-Tusker"] is Kind.SECRET
    assert kinds["254711482093"] is Kind.PHONE
    for kept in ("91022871", "4500.00", "2026-04-19 07:45:51.882+03", "b2c_payouts"):
        assert kept in result.text


def test_the_record_view_keeps_every_offset() -> None:
    view = expanded_records(RECORD)
    assert len(view) == len(RECORD)
    assert "national_id:" in view and "31177204" in view
    assert view.splitlines()[0] == RECORD.splitlines()[0]  # only the record's fields change
    plain = "a | b\nname | value\n"
    assert expanded_records(plain) is plain  # no record header: the text itself
    after = RECORD + "(1 row)\n\n id | customer_name\n----+--------------\n  1 | A. Otieno\n"
    assert " id | customer_name" in expanded_records(after)  # the record ends; the table stays


CHAT = """bronwyn: claims are rejecting since ten this morning
callum: harpreet is the cert the one that expired?
harpreet: checking now, kiprotich did the renewal last month
kiprotich: it is not the cert, look at the patient data
alertbot: firing for the claims service again
summary: claims were rejected for two hours
"""


def test_a_chats_other_speakers_are_people_once_two_are() -> None:
    result = redact(CHAT)
    people = {r.original for r in result.replacements if r.kind is Kind.PERSON}
    assert {"bronwyn", "callum", "harpreet", "kiprotich"} <= people
    assert "kiprotich did the renewal" not in result.text  # the mention too
    assert "alertbot:" in result.text and "summary:" in result.text


def test_one_known_speaker_is_not_enough() -> None:
    text = "bronwyn: claims are rejecting since ten\nzxqv: the gateway is timing out again\n"
    text += "mwub: retry budget is exhausted on the proxy\n"
    result = redact(text)
    assert "zxqv:" in result.text and "mwub:" in result.text


def test_a_log_in_after_user_in_prose() -> None:
    text = (
        "The file was copied on batch-waw-02 by user wmazur, and the SIM swap was done by agent "
        "user lsokhela.\nThe user accounts were locked; user root and user postgres kept their "
        "sessions, and user requests spiked."
    )
    result = redact(text)
    people = {r.original for r in result.replacements if r.kind is Kind.PERSON}
    assert people == {"wmazur", "lsokhela"}


def test_a_surname_that_a_tool_also_bears() -> None:
    text = (
        "Full SSNs were exposed (e.g. 628-71-0285 for patient Harold Jenkins).\n"
        "Configure Jenkins to retry; the Jenkins job stays as it is."
    )
    result = redact(text)
    people = [r.original for r in result.replacements if r.kind is Kind.PERSON]
    assert people == ["Harold Jenkins"]
    assert "Configure Jenkins to retry; the Jenkins job" in result.text


def test_a_time_of_day_after_a_named_token_is_no_user_and_password() -> None:
    # found by hypothesis in CI: "14:" was read as the user of a user:password pair, but only
    # once the token itself had been replaced, so redacting the output found a new "secret"
    for text in ("the token abc 14:02=request_id= ", "the token AKIA222233445567BCDE 14:02=x= "):
        once = redact(text)
        assert "14:02" in once.text
        assert [r for r in redact(once.text).replacements if r.kind is Kind.SECRET] == []

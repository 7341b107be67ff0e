"""Round 10: forms found on the eighth writer's set (heldout11), in values of our own."""

from __future__ import annotations

import pytest

from hindsight.share.redact import redact


def _people(text: str) -> set[str]:
    return {r.original for r in redact(text).replacements if r.kind.value == "PERSON"}


def test_korean_nouns_with_their_particles_are_no_names() -> None:
    text = (
        "The on-call engineer pasted the customer's message into the ticket for translation. "
        "고객님 서버가 인증서 문제를 보고했습니다. 담당자는 김민서 입니다."
    )
    people = _people(text)
    assert not people & {"고객님", "서버가", "인증서", "문제를"}
    assert "김민서" in people


@pytest.mark.parametrize("label", ["Van", "Aan", "Onderwerp", "Från", "Ämne", "Betreff", "Konu"])
def test_mail_header_labels_in_other_languages_are_no_names(label: str) -> None:
    text = f"{label}: status update on the outage\n\nThe queue drained at 14:05."
    assert label not in _people(text)


def test_a_customer_service_sender_is_no_person() -> None:
    text = "Kundservice Nordlys <kundservice@nordlys.example>\nHej Ingvild,\n"
    people = _people(text)
    assert "Kundservice Nordlys" not in people
    assert "Ingvild" in people


def test_a_japanese_honorific_marks_a_name_but_not_the_customer() -> None:
    text = "Kobayashi様\n\nお世話になっております。山口さんが対応し、お客様に連絡しました。"
    people = _people(text)
    assert {"Kobayashi", "山口"} <= people
    assert not any("客" in p for p in people)


def test_a_cue_written_straight_after_kana_still_names_the_number() -> None:
    text = "フォームにマイナンバー (123456789018) を記入。"
    from stdnum.jp import in_

    number = "12345678901" + in_.calc_check_digit("12345678901")
    text = text.replace("123456789018", number)
    assert number not in redact(text).text


def test_an_italian_driving_licence_after_patente() -> None:
    assert "TO7312845Z" not in redact("Federica Conti, patente TO7312845Z, cell.").text


def test_a_case_number_with_a_leading_zero_is_no_phone_number() -> None:
    text = "件名: Re: [Case 00518244] packet loss at the Osaka POP"
    assert "00518244" in redact(text).text


def test_a_secret_field_of_a_redis_hash_reply() -> None:
    text = (
        '10.1.2.3:6379> HGETALL sess:77\n1) "user"\n2) "kato"\n3) "csrf"\n'
        '4) "9e1f0c3b7a2d4e5f8a9b0c1d2e3f4a5b6c7d8e9f"\n5) "ttl"\n6) "3600"\n'
    )
    result = redact(text)
    assert "9e1f0c3b7a2d4e5f8a9b0c1d2e3f4a5b6c7d8e9f" not in result.text
    assert '6) "3600"' in result.text


def test_the_session_name_of_an_assumed_aws_role() -> None:
    text = '{"UserId": "AROA4XHQZ7YB2KQMVN3TL:m.okonkwo", "Account": "123456789012"}'
    result = redact(text)
    assert "m.okonkwo" not in result.text
    assert "123456789012" in result.text

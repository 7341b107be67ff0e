"""Partly masked cards and national phone numbers valid where the text says (redact_pii)."""

from __future__ import annotations

from hindsight.share.redact import Kind, redact


def _kinds(text: str, kind: Kind) -> list[str]:
    return [r.original for r in redact(text).replacements if r.kind is kind]


def test_card_masked_to_six_and_four_digits() -> None:
    rows = "INV-7,Ana Lima,4111 11** **** 1111,visa\nCB-8  5500-00**-****-0004  dispute"
    assert _kinds(rows, Kind.CARD) == ["4111 11** **** 1111", "5500-00**-****-0004"]


def test_fully_masked_and_by_design_masked_cards_stay() -> None:
    assert _kinds("card **** **** **** 4417 and XXXX-XXXX-XXXX-0021", Kind.CARD) == []
    assert _kinds("authorise masked_pan=411111******1111 result=OK", Kind.CARD) == []


def test_national_number_valid_in_the_named_region() -> None:
    text = "Her mobile if the bridge drops: 987 654 321 (she is in Lima this week)."
    assert _kinds(text, Kind.PHONE) == ["987 654 321"]
    table = "| Wei | 9123 4567 | Ang Mo Kio, Singapore 560123 |"
    assert _kinds(table, Kind.PHONE) == ["9123 4567"]
    assert _kinds("The batch held 987 654 321 rows in Lima.", Kind.PHONE) == []


def test_cards_the_text_calls_provider_test_numbers_stay() -> None:
    text = "The repro used 4242 4242 4242 4242 and 4000 0000 0000 0002 (Stripe test numbers)."
    assert _kinds(text, Kind.CARD) == []
    real = "my test card was 4111 1111 1111 1111 — real, my own"
    assert _kinds(real, Kind.CARD) == ["4111 1111 1111 1111"]


def test_percent_encoded_email_in_a_form_body() -> None:
    body = "amount=12&receipt_email=ana.lima%40example.org&currency=eur"
    assert _kinds(body, Kind.EMAIL) == ["ana.lima%40example.org"]

"""Values that look personal or secret but name no one and open nothing: they stay."""

from __future__ import annotations

from hindsight.share.redact import Kind, redact


def _found(text: str) -> list[tuple[Kind, str]]:
    return [(r.kind, r.original) for r in redact(text).replacements]


def test_loopback_and_documentation_ranges_stay_private_ranges_go() -> None:
    text = "Connected to localhost (127.0.0.1) and ::1; allow 203.0.113.0/24; the pod is 10.4.2.9"
    assert _found(text) == [(Kind.IP, "10.4.2.9")]


def test_toll_free_and_marked_fictional_numbers_stay() -> None:
    text = "From=+18005550199 To=+1 415 555 2671; the fictional 212-555-0142 is in the runbook."
    assert _found(text) == [(Kind.PHONE, "+1 415 555 2671")]


def test_a_title_alone_and_sentence_openers_are_not_people() -> None:
    people = [v for k, v in _found("Ji-ho Park, Dr. Amara Osei (vendor). Wiki page cleaned.")]
    assert "Dr" not in people and "Wiki" not in people
    assert _found("Er schrieb: „Auf meiner Rechnung steht eine falsche Summe.“") == []


def test_a_time_stamp_after_an_id_word_is_no_id_number() -> None:
    log = "doc=passport\ntime=2026-09-26T09:41:14.006+02:00 level=error msg=timeout"
    assert not [v for k, v in _found(log) if k is Kind.ID]


def test_connection_string_of_identifiers_is_no_secret() -> None:
    entry = (
        '{"name": "APPLICATIONINSIGHTS_CONNECTION_STRING", "value": "InstrumentationKey='
        '0f8e2a71-5c3d-4b9e-a1f6-7d2c9e8b4a10;IngestionEndpoint=https://in.example.com/"}'
    )
    assert _found(entry) == []
    secret = 'DB_CONNECTION_STRING="Server=db1;Database=ledger;Password=Qx7!mZ2pLk9w;"'
    assert [k for k, _ in _found(secret)] == [Kind.SECRET]


def test_checked_number_a_clause_after_its_type_is_named() -> None:
    text = "The letter says my SIN was exposed. It is 130 692 544, is that the one you had?"
    assert (Kind.ID, "130 692 544") in _found(text)
    phone = "Her TFN is on file. We called her on +61 412 143 306 to confirm."
    assert (Kind.PHONE, "+61 412 143 306") in _found(phone)


def test_address_runs_to_the_province_and_postcode() -> None:
    text = "My address is 88 rue Saint-Denis, app. 4, Montréal (Québec) H2X 3K8. Thanks"
    assert (Kind.ADDRESS, "88 rue Saint-Denis, app. 4, Montréal (Québec) H2X 3K8") in _found(text)
    assert (Kind.ADDRESS, "12 Main St, Springfield") in _found(
        "Ship to 12 Main St, Springfield (HQ)."
    )


def test_street_name_with_an_elided_particle() -> None:
    text = "Delivery to 18 Boulevard d'Oran, 20250 Casablanca failed twice."
    assert (Kind.ADDRESS, "18 Boulevard d'Oran, 20250 Casablanca") in _found(text)


def test_street_line_of_an_address_object() -> None:
    body = '{"address": {"line1": "Kouter 9", "postal_code": "9000", "city": "Gent"}}'
    assert (Kind.ADDRESS, "Kouter 9") in _found(body)
    assert not [v for k, v in _found('{"line1": "Main"}') if k is Kind.ADDRESS]


def test_a_meetings_dial_in_line_stays() -> None:
    assert _found("DESCRIPTION:Dial-in +44 20 7946 0321, meeting ID 555 1220 9913") == []
    assert (Kind.PHONE, "+44 20 7946 0321") in _found("call her on +44 20 7946 0321")


def test_towns_listed_in_a_sentence_about_places_are_not_people() -> None:
    text = "Owner: Urs Aebischer. City offices on the list (Basel, Graz) were not involved."
    people = [v for k, v in _found(text) if k is Kind.PERSON]
    assert people == ["Urs Aebischer"]

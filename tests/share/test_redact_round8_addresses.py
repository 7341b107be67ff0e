"""Round 8 (addresses, national ids, phones): addresses written street-type first, identity
numbers listed after one cue or printed in their scheme's grouping, phone numbers after a Malay
or Indonesian cue. Every value here is invented."""

from __future__ import annotations

import pytest

from hindsight.share.redact import Kind, RedactionContext, detect, redact


def _found(text: str) -> list[tuple[Kind, str]]:
    return [(s.kind, text[s.start : s.end]) for s in detect(text, RedactionContext())]


def _redacted(text: str) -> str:
    return redact(text, RedactionContext()).text


@pytest.mark.parametrize(
    "address",
    [
        # Spanish and Latin American
        "Calz. de Tlalpan 2190, Col. Campestre Churubusco, 04200 Coyoacán, CDMX",
        "Calzada Independencia Norte 3201, Col. Independencia, 44340 Guadalajara, Jal.",
        "Blvd. Agua Caliente 10440, 22420 Tijuana, B.C.",
        "Av. Revolución 1267 Int. 4, Col. Los Alpes, Álvaro Obregón, 01040 CDMX",
        "Calle 93 # 12-45, Oficina 302, Bogotá D.C.",
        "Cl. 26 Sur # 48-21, Medellín",
        "C/ Mayor 12, 3º B, 28013 Madrid",
        # Portuguese and Brazilian
        "Al. Santos 200, cj. 31, São Paulo",
        "Rua Haddock Lobo 595, apto 42, Cerqueira César, São Paulo - SP, CEP 01414-001",
        # Italian
        "Viale Monza 140, 20127 Milano (MI)",
        "P.zza Garibaldi 7, 80142 Napoli NA",
        "V.le Europa 21, 40126 Bologna BO",
        # Polish, Dutch, Nordic
        "ul. Piotrkowska 104 m. 12, 90-004 Łódź",
        "Laan van Meerdervoort 52, 2517 AK Den Haag",
        "Storgatan 12 lgh 1102, 411 38 Göteborg",
        "Nørrebrogade 20, 2. tv, 2200 København N",
        "Aleksanterinkatu 52 B 12, 00100 Helsinki",
        # Turkish
        "Atatürk Mah. Cumhuriyet Sok. No: 12 Daire: 4, 06420 Çankaya/Ankara",
        "Bahçelievler Mah. 1453. Sok. No: 8 D: 3 Esenler/İstanbul",
    ],
)
def test_street_type_first_address_is_one_value(address: str) -> None:
    text = f"The courier took the parcel to {address} on Friday."
    assert (Kind.ADDRESS, address) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "The team met on Calle Mayor for coffee and walked to Via Roma later.",
        "Rua Augusta is a nice street in Lisboa.",
        "We moved the cluster from Bogotá to São Paulo and Warszawa.",
        "Kafka 3.7 via Strimzi 0.41 was upgraded on 12 March.",
        "Traffic routed via Cloudflare 1.1 edge to Frankfurt.",
        "We pinned Corso 2 and Viale 3 images; Piazza 1.4 is our UI kit.",
        "The Drottninggatan office and the Mannerheimintie office both lost power.",
        "Version 12/4 of the chart was deployed to Amsterdam; see OPS-1203.",
        "Av. latency was 120 ms at p99 for 2 hours.",
    ],
)
def test_places_streets_versions_and_tickets_stay(text: str) -> None:
    assert _redacted(text) == text


def test_a_province_in_brackets_needs_an_italian_postcode_before_it() -> None:
    assert (Kind.ADDRESS, "12 Main St, Springfield") in _found(
        "Ship to 12 Main St, Springfield (HQ)."
    )


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        (
            "The export leaked Aadhaar numbers such as 7260 1815 9082 and 5016 6131 8603.",
            ["7260 1815 9082", "5016 6131 8603"],
        ),
        ("Rejected BSN values: 127684268 / 595711777 were valid.", ["127684268", "595711777"]),
        ("SIN 934-461-799 or 462-042-078 showed up in traces.", ["934-461-799", "462-042-078"]),
    ],
)
def test_numbers_listed_after_one_cue(text: str, numbers: list[str]) -> None:
    found = _found(text)
    for number in numbers:
        assert (Kind.ID, number) in found


def test_a_long_list_keeps_its_cue_past_the_window() -> None:
    pesels = ["28831436676", "85900314491"] * 8
    text = "PESEL numbers in the dump: " + ", ".join(pesels) + " and 45678 rows."
    found = [value for kind, value in _found(text) if kind is Kind.ID]
    assert found.count("85900314491") == 8
    assert "45678" in _redacted(text)


def test_a_list_stops_at_a_number_of_another_shape_or_failing_the_check() -> None:
    text = "TFN 440 995 902, 123 456 789 and 1200 were logged."
    found = _found(text)
    assert (Kind.ID, "440 995 902") in found
    assert "1200" in _redacted(text)


def test_a_number_in_the_grouping_of_a_scheme_the_document_names() -> None:
    text = (
        "bronwyn: medicare online claims failing since 10:00\n"
        "kim: cert rotated last week, valid till 2027-03-01, unrelated\n"
        "ash: the bad rows are 4284 26969 3 / 4977 40353 3 - both drop the IRN\n"
    )
    found = _found(text)
    assert (Kind.ID, "4284 26969 3") in found
    assert (Kind.ID, "4977 40353 3") in found


def test_a_grouped_number_failing_the_check_or_without_the_scheme_stays() -> None:
    assert _redacted("Medicare batch processed 4123 45678 1 rows in 3 min.") == (
        "Medicare batch processed 4123 45678 1 rows in 3 min."
    )
    text = "Aadhaar OTP service v2.3.1 failed for INC-4821 and INC-4822; 3 / 4 pods restarted."
    assert _redacted(text) == text
    assert (Kind.ID, "4284 26969 3") not in _found("batch ids 4284 26969 3 in the queue")


def test_a_phone_number_after_a_malay_or_indonesian_cue() -> None:
    assert "[PHONE-1]" in _redacted("Visitor from Singapore: no hp 9123 4567 kalau perlu")
    assert "[PHONE-1]" in _redacted("Pelanggan di Jakarta, HP: 0812 3456 7890")
    text = "Our HP ProLiant 9677 7300 servers in Singapore"
    assert _redacted(text) == text

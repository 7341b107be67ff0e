"""Round 22: identity and bank numbers of countries no rule read yet, by their written form and
check digits where they have one (a Taiwanese national id without a word before it, a Hungarian
giro account, a Polish NRB, a Zambian NRC as printed), or by the word that names them (Zambia's
TPIN, Pakistan's NTN, Peru's CCI, Chilean and Peruvian account words, Hungary's TAJ and
personal tax id, Bangladesh's national id in Bengali); an account with money paid into it; a
Romanian street with "nr."; "Domiciliu:". And what stays: failed checks, a cloud's account.
Values of our own, generated with their check digits."""

from __future__ import annotations

import pytest

from hindsight.share.redact import redact


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Applicant ID A101661311 was logged in plain text by the HR portal.", "A101661311"),
        ('{"emp":"Chen","national_id":"E209139090","dept":"FAB12"}', "E209139090"),
        ("Bankszámlaszám: 19935182-19093789-65797541 (OTP)", "19935182-19093789-65797541"),
        ("utalás a 32319486-75749116-86252760 számlára sikertelen", "32319486-75749116-86252760"),
        ("a 11773016-11111018 számla", "11773016-11111018"),
        ("Adóazonosító jel: 8628194827, lakcím Debrecen", "8628194827"),
        ("przelew na konto 93280385280841485253888539 nie doszedł", "93280385280841485253888539"),
        ("NRB: 67 0139 6245 9571 1777 7412 1547", "0139 6245 9571"),
        ("NRC 482915/61/1 was shown on the payslip export", "482915/61/1"),
        ("Employee M. B., NRC No. 305117/10/1, TPIN 1002345678", "305117/10/1"),
        ("Employee M. B., NRC No. 305117/10/1, TPIN 1002345678", "1002345678"),
        ("Zanaco account 0123456789012 for salary", "0123456789012"),
        ("CCI: 563-212-233079244026-85", "233079244026"),
        ("cuenta interbancaria 99528907866661760313", "99528907866661760313"),
        ("Cuenta corriente N° 00-123-45678-09 Banco de Chile", "00-123-45678-09"),
        ("NTN 1234567-8 of the dealer", "1234567-8"),
        ("জাতীয় পরিচয়পত্র নম্বর ৭৮৯৪৫৬১২৩০", "৭৮৯৪৫৬১২৩০"),
        ("CNP 1800101123456, str. Memorandumului nr. 12, bl. A3, Cluj-Napoca", "Memorandumului"),
        ("Domiciliu: Str. Avram Iancu 7, Cluj-Napoca", "Avram Iancu 7"),
    ],
)
def test_numbers_and_addresses_of_round_22_are_hidden(text: str, value: str) -> None:
    assert value not in redact(text).text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # fails the Taiwanese check; fails the 9-7-3-1 check; a placeholder of one digit
        ("Applicant ID A123456788 was logged", "A123456788"),
        ("request 12345678-12345678 retried", "12345678-12345678"),
        ("giro 11111111-11111111 placeholder", "11111111-11111111"),
        # a cloud's account, even beside money words
        ("AWS account 4012888888 refund request for the payout stack", "4012888888"),
        # a Polish-shaped number that fails the IBAN check
        ("ticket 12 3456 7890 1234 5678 9012 3456", "12 3456 7890 1234 5678 9012 3456"),
    ],
)
def test_look_alikes_of_round_22_stay(text: str, kept: str) -> None:
    assert kept in redact(text).text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a full Chinese name set apart by spaces before an act, at a line's start or after a comma
        ("陳志明 回報 MES 系統當機，林怡君 負責聯絡客戶。", "陳志明"),
        ("陳志明 回報 MES 系統當機，林怡君 負責聯絡客戶。", "林怡君"),
        # a name after "paging" in a chat line
        ("14:02 <ops> ok, paging Kondwani now", "Kondwani"),
        ("paid to employee Kondwani Zulu twice", "Kondwani Zulu"),
    ],
)
def test_people_of_round_22_are_hidden(text: str, value: str) -> None:
    assert value not in redact(text).text


@pytest.mark.parametrize(
    "text",
    [
        "paging PagerDuty now",
        "pinging Redis from the pod",
        "Employee Portal failed.",
        "Patient Portal failed after the upgrade.",
        "Employee Self Service was down.",
    ],
)
def test_what_is_paged_is_no_person(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a national number valid where the text names the country, the call told as done
        (
            "Our Senegal agent called the customer back on 70 123 45 67 after the outage.",
            "70 123 45 67",
        ),
        ("Our Hong Kong agent called the customer back on 5123 4567.", "5123 4567"),
        ("The Dakar desk rang her on 77 412 33 90 twice.", "77 412 33 90"),
        ("Our Papua New Guinea office called him on 7012 3456.", "7012 3456"),
    ],
)
def test_national_numbers_where_the_country_is_named(text: str, value: str) -> None:
    assert value not in redact(text).text


@pytest.mark.parametrize(
    "text",
    [
        "We operate in Costa Rica and Panama.",
        "Our Costa Rica agent called.",
        "the El Salvador office",
        "Cabo Verde and Việt Nam are new markets.",
    ],
)
def test_countries_are_no_people(text: str) -> None:
    assert redact(text).text == text

"""Round 17 (tidy): one rule for the accounts an ssh, scp or rsync line logs in as, which both
redacts every `user@host` of the line and follows each log-in through the rest of the text;
one reader for delimited tables. Values of our own."""

from __future__ import annotations

import re

from hindsight.share.redact import redact
from hindsight.share.redact_identity import DELIMITED_RULES, delimited_rows


def _found(text: str) -> set[str]:
    return {r.original for r in redact(text).replacements if r.kind.value == "PERSON"}


def test_every_login_of_an_ssh_line_is_taken() -> None:
    text = "ssh -J kmbatha@bastion-01 nokwanda@10.2.1.5 'uptime'\n"
    assert {"kmbatha", "nokwanda"} <= _found(text)


def test_a_login_from_the_jump_host_is_followed_through_the_text() -> None:
    text = (
        "ssh -J kmbatha@bastion.example.net nokwanda@10.2.1.5\n"
        "14:02 nokwanda restarted the exporter; kmbatha watched the graphs\n"
    )
    redacted = redact(text).text
    assert "nokwanda" not in redacted
    assert "kmbatha" not in redacted


def test_a_key_comment_and_a_public_address_are_no_logins() -> None:
    text = "ssh-keygen -C build@ci.example.com\nscp release.tgz deploy@10.0.0.8:/srv/\n"
    found = _found(text)
    assert "deploy" not in found
    assert "build" not in found


def test_one_reader_for_delimited_tables() -> None:
    text = (
        " login    | team\n"
        "----------+------\n"
        " nokwanda | sre\n"
        "| --- | --- |\n"
        " kmbatha  | dba\n"
        "\n"
        " tshabalala | ops\n"
    )

    def header_of(body: str) -> tuple[str, int, str] | None:
        return ("|", 2, "logins") if re.fullmatch(r"\s*login\s*\|\s*team\s*", body) else None

    rows = [
        (offset, body.split("|")[0].strip(), reading)
        for offset, body, _, reading in delimited_rows(text, header_of, DELIMITED_RULES)
    ]
    # rule lines are passed over; the blank line ends the table, so the last row is not in it
    assert [(value, reading) for _, value, reading in rows] == [
        ("nokwanda", "logins"),
        ("kmbatha", "logins"),
    ]
    assert all(text[offset:].startswith(" " + value) for offset, value, _ in rows)


def test_one_list_of_words_for_who_handled_it() -> None:
    # a field ("Author:", "Responsável:"), a column of log-ins and a column of names share it
    text = (
        "Author: tkwarteng <tkwarteng@users.noreply.example.com>\n"
        "    Co-authored-by: tkwarteng\n"
        "Responsável: fcosta\n"
        "owner: ai-npc\n"
    )
    found = _found(text)
    assert {"tkwarteng", "fcosta"} <= found
    assert "ai-npc" not in found
    assert "tkwarteng" not in redact(text).text

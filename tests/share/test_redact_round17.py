"""Round 17 (tidy): one rule for the accounts an ssh, scp or rsync line logs in as, which both
redacts every `user@host` of the line and follows each log-in through the rest of the text.
Values of our own."""

from __future__ import annotations

from hindsight.share.redact import redact


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

"""Round 19: an SQL string with a prefix (SQL Server's N'…', PostgreSQL's E'…') keeps its prefix
and quotes around the placeholder; an Irish surname written with O' is still a name. Values of
our own."""

from __future__ import annotations

import pytest

from hindsight.share.redact import redact


@pytest.mark.parametrize(
    "text, name, redacted",
    [
        (
            "INSERT INTO callers (id, full_name) VALUES (7, N'Tomasz Wielgosz');",
            "Tomasz Wielgosz",
            "VALUES (7, N'[PERSON-1]');",
        ),
        (
            "INSERT INTO callers (id, full_name) VALUES (7, E'Renata Okafor', E'x');",
            "Renata Okafor",
            "VALUES (7, E'[PERSON-1]', E'x');",
        ),
        (
            "UPDATE callers SET full_name = N'Tomasz Wielgosz' WHERE id = 7;",
            "Tomasz Wielgosz",
            "= N'[PERSON-1]' WHERE",
        ),
    ],
)
def test_a_prefixed_sql_string_keeps_its_prefix_and_quotes(
    text: str, name: str, redacted: str
) -> None:
    result = redact(text)
    assert name in {r.original for r in result.replacements}
    assert redacted in result.text


def test_an_o_apostrophe_surname_is_still_one_name() -> None:
    result = redact("Escalated to Siobhan O'Malley, who paged the storage on-call.")
    assert "Siobhan O'Malley" in {r.original for r in result.replacements}

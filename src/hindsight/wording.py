"""Counts that read right in messages: "1 record", "2 records", "1 time looks wrong"."""

from __future__ import annotations


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """`n` and the noun (or phrase) that agrees with it, with thousands separators: `plural`
    defaults to `singular` + "s" ("1 file", "1,204 files"; "1 time looks", "2 times look")."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"

"""JSON documents in a file: one document, JSON lines, or objects back to back (kubectl -w).

Document formats are small (API responses, webhook bodies), so the file is read whole (capped by
`Source.read_bytes`); each document comes with the line it starts on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from hindsight.ingest.records import Malformed, Sample, Source

_decoder = json.JSONDecoder()


def documents(source: Source) -> Iterator[tuple[int, Any] | Malformed]:
    text = source.read_bytes().decode("utf-8", "replace")
    yield from split(text)


def split(text: str) -> Iterator[tuple[int, Any] | Malformed]:
    position, line, length = 0, 1, len(text)
    while True:
        start = position
        while position < length and text[position] in " \t\r\n\ufeff":
            position += 1
        line += text.count("\n", start, position)
        if position >= length:
            return
        try:
            value, end = _decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            yield Malformed(line + text.count("\n", position, exc.pos), f"not JSON ({exc.msg})")
            return
        yield line, value
        line += text.count("\n", position, end)
        position = end


def sample_documents(sample: Sample) -> list[Any]:
    """Documents readable from the sample; a document cut by the sample end is parsed leniently."""
    found: list[Any] = []
    for item in split(sample.text):
        if isinstance(item, Malformed):
            break
        found.append(item[1])
    return found


def head_keys(sample: Sample) -> str:
    """The start of the sample with whitespace removed, for cheap key checks on cut documents."""
    return "".join(sample.text[:8192].split())

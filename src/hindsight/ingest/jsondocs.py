"""JSON documents in a file: one document, JSON lines, or objects back to back (kubectl -w).

Document formats are small (API responses, webhook bodies), so the file is read whole (capped by
`Source.read_bytes`); each document comes with the line it starts on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from hindsight.ingest.records import Malformed, Sample, Source
from hindsight.limits import MAX_JSON_DEPTH

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
        except RecursionError:
            yield Malformed(line, f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
            return
        if too_deep(value, text, position, end):
            yield Malformed(line, f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
            return
        yield line, value
        line += text.count("\n", position, end)
        position = end


def too_deep(value: Any, text: str = "", start: int = 0, end: int = -1) -> bool:
    """Whether `value` nests objects and arrays deeper than MAX_JSON_DEPTH. Walked without
    recursion, and only when its text (if given) holds enough brackets to be that deep."""
    if text and text.count("[", start, end) + text.count("{", start, end) <= MAX_JSON_DEPTH:
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return True
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values() if type(child) in _NESTS)
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item if type(child) in _NESTS)
    return False


_NESTS = (dict, list)


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

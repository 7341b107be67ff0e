"""Log template mining: masking of variable parts, then a Brain-style grouping of messages.

Two steps, both generic (no per-system rules):

1. `mask(message)` replaces what is obviously variable — times, host names, UUIDs, IPs with
   ports, MACs, hex, quantities with units, numbers — by placeholders (`<IP>`, `<NUM>` …), so
   "upstream connect error to 10.0.3.7:8080" and "… to 10.0.9.1:443" become one masked message.
   A bracketed quantity ("(12 KB)") is dropped: it is an annotation that some lines of a
   statement have and others lack, and would otherwise change the message's length.
2. `mine(weighted masked messages)` groups what masking cannot see: words that vary (user names,
   hosts, states). Following Brain (Yu et al., TSC 2023), messages of equal length are first grouped
   by their *longest common pattern* — the words whose (position, word) frequency is the most
   common frequency in the message — and each group is then split on columns with few distinct
   values, while columns with many distinct values become `<*>`.

`mine` works on distinct masked messages with their line counts, so its cost depends on the
variety of messages, not on the number of lines.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping

WILDCARD = "<*>"

_DAYS = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
# Order matters: times and hosts before IPs, IPs before numbers, numbers last.
_MASKS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            rf"\b(?:{_DAYS},?\s+)?{_MONTHS}\s+\d{{1,2}},?\s+(?:\d{{4}}\s+)?\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s+\d{{4}})?"
        ),
        "<TIME>",
    ),
    (
        re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?"),
        "<TIME>",
    ),
    (
        re.compile(r"(?<![\w.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+\.[a-z]{2,6}\b(?![.\w])"),
        "<HOST>",
    ),
    (
        re.compile(
            r"(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|edu|gov|io|mx|br|eu|om|de|uk|cn|jp|ru|fr|nl|it|in|au|ca|local|internal|lan)\b(?!\.\w)"
        ),
        "<HOST>",
    ),
    (
        re.compile(
            r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
        ),
        "<UUID>",
    ),
    (re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}:\d{1,5}\b"), "<IP>:<PORT>"),
    (re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}\b"), "<IP>"),
    (re.compile(r"(?<![\w.-])[A-Za-z][\w-]*(?:\.[\w-]+)+:\d{1,5}\b"), "<HOST>:<PORT>"),
    (re.compile(r"\b(?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}\b"), "<MAC>"),
    (re.compile(r"\b0[xX][0-9a-fA-F]+\b"), "<HEX>"),
    (re.compile(r"\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}\b"), "<HEX>"),
    (
        re.compile(
            r"<?[-+]?(?<!\d)\d++(?:\.\d++)?\s?(?:ms|us|ns|s|secs?|seconds?|mins?|minutes?|h|hours?|[KMGT]i?B|bytes)\b"
        ),
        "<QTY>",
    ),
    (re.compile(r"(?<![A-Za-z])[-+]?\d+(?:[.,:]\d+)*(?![A-Za-z])"), "<NUM>"),
    (re.compile(r"\s\(\s*<(?:NUM|QTY)>\s*\)"), ""),
]
# A pattern cannot match a message that lacks every one of its literal characters, and most
# messages lack "." or "-" or ":" — testing that (`in`, a memchr) skips most of the regex passes,
# which sre would otherwise try at every position: masking costs half as much, same output.
_MONTH_NAMES = tuple(_MONTHS[3:-1].split("|"))
_NEEDS: list[tuple[str, ...]] = [
    _MONTH_NAMES,  # "Dec 15 22:47:03"
    ("-",),  # ISO-8601 date
    (".",),  # host name
    (".",),  # host name with a known TLD
    ("-",),  # UUID
    (".",),  # IP:port
    (".",),  # IP
    (".",),  # host:port
    (":",),  # MAC
    ("0x", "0X"),  # 0x hex
    (),  # hex words
    (),  # quantities
    (),  # numbers
    ("(",),  # a bracketed quantity
]
_MASK_STEPS = [
    (pattern, placeholder, needs)
    for (pattern, placeholder), needs in zip(_MASKS, _NEEDS, strict=True)
]
_PLACEHOLDER = re.compile(r"<[A-Z]+>|<\*>")
_SPACES = re.compile(r"\s+")
_KEY_VALUE = re.compile(r"""^([A-Za-z_][\w.-]*=)(?!<\*>)(?=.*["'{}\[\]()/.]).+$""")


def mask(message: str) -> str:
    """`message` with ids, IPs, hex and numbers replaced by placeholders; whitespace collapsed."""
    for pattern, placeholder, needs in _MASK_STEPS:
        if not needs or any(need in message for need in needs):
            message = pattern.sub(placeholder, message)
    return _SPACES.sub(" ", message).strip()


def is_variable(token: str) -> bool:
    """A token that cannot be a constant word: a placeholder, or no letters beside placeholders."""
    if "<" in token:
        token = _PLACEHOLDER.sub("", token)
        return not any(c.isalpha() for c in token)
    return False


def tokens(masked: str) -> list[str]:
    """Words of a masked message, every placeholder generalised to `<*>` for comparison."""
    return [_KEY_VALUE.sub(r"\1<*>", t) for t in _PLACEHOLDER.sub(WILDCARD, masked).split(" ")]


def mine(messages: Mapping[str, int], *, split_threshold: int = 4) -> dict[str, str]:
    """Map each masked message to its template (variable words as `<*>`).

    `messages` maps a masked message to how many lines had it (the weight). Columns with more than
    `split_threshold` distinct words inside a group are variables; fewer distinct words split the
    group (they are different statements sharing a prefix).
    """
    by_length: dict[int, list[tuple[str, list[str], int]]] = defaultdict(list)
    for message, weight in messages.items():
        toks = tokens(message)
        by_length[len(toks)].append((message, toks, weight))
    result: dict[str, str] = {}
    for items in by_length.values():
        result.update(_mine_equal_length(items, split_threshold))
    return result


def _mine_equal_length(
    items: list[tuple[str, list[str], int]], split_threshold: int
) -> dict[str, str]:
    freq: Counter[tuple[int, str]] = Counter()
    for _, toks, weight in items:
        for position, tok in enumerate(toks):
            freq[(position, tok)] += weight
    groups: dict[tuple[tuple[int, str], ...], list[tuple[str, list[str]]]] = defaultdict(list)
    for message, toks, _ in items:
        counts = [freq[(i, t)] for i, t in enumerate(toks)]
        tally = Counter(c for c, t in zip(counts, toks, strict=True) if not is_variable(t))
        if not tally:
            groups[()].append((message, toks))
            continue
        root = max(tally.items(), key=lambda kv: (kv[1], kv[0]))[0]
        pattern = tuple(
            (i, t) for i, (t, c) in enumerate(zip(toks, counts, strict=True)) if c == root
        )
        groups[pattern].append((message, toks))
    result: dict[str, str] = {}
    for pattern, members in groups.items():
        fixed = {i for i, _ in pattern}
        _split(members, fixed, split_threshold, result)
    return result


def _split(
    members: list[tuple[str, list[str]]],
    fixed: set[int],
    threshold: int,
    result: dict[str, str],
) -> None:
    """Split `members` on their low-variety columns, then write their template to `result`."""
    width = len(members[0][1])
    varied: list[tuple[int, int]] = []
    for position in range(width):
        if position in fixed:
            continue
        values = {toks[position] for _, toks in members}
        if len(values) == 1:
            continue
        if any(is_variable(v) for v in values) or len(values) > threshold:
            continue
        varied.append((len(values), position))
    if varied:
        _, position = min(varied)
        parts: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
        for member in members:
            parts[member[1][position]].append(member)
        for part in parts.values():
            _split(part, fixed | {position}, threshold, result)
        return
    shown = [message.split(" ") for message, _ in members]
    template = list(shown[0])
    for position in range(width):
        if len({words[position] for words in shown}) > 1:
            same = len({toks[position] for _, toks in members}) == 1
            template[position] = members[0][1][position] if same else WILDCARD
    text = " ".join(template)
    for message, _ in members:
        result[message] = text

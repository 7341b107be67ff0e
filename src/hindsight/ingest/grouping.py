"""The grouping step the fused readers (`jsonl.aggregate`, `textlog.aggregate`) share.

A line already read — its number, time, level, service and message — is counted into its
(level, service, shape) group exactly as `Aggregate.add_all` counts a Record, without building
the Record: over millions of lines the tuple and the generator step are measurable, a call is
not. Each reader keeps only what is its own (the parsing of its format).
"""

from __future__ import annotations

from collections.abc import Callable

from hindsight.ingest.condense import SEEN_CAP, SHAPE, Aggregate

CountLine = Callable[[int, float, str | None, str | None, str], None]


def line_counter(into: Aggregate) -> CountLine:
    """`count(number, at, level, service, text)`: one line into `into.groups`.

    `at` is epoch seconds with the clock offset already taken off (and checked for
    plausibility by the caller); `text` is at most MAX_LINE_CHARS long (a longer message takes
    the reader's slow path, where `add_all` cuts it). Messages are first looked up as written
    (see condense.SEEN_CAP: the cache is exact, so it changes the speed, never the result).
    """
    groups = into.groups
    shape_of = SHAPE.sub
    seen: dict[str, str] = {}  # message as written → shape
    use_seen, repeats = True, 0

    def count(number: int, at: float, level: str | None, service: str | None, text: str) -> None:
        nonlocal use_seen, repeats
        shape = seen.get(text) if use_seen else None
        if shape is None:
            shape = shape_of("0", text)
            if use_seen:
                seen[text] = shape
                if len(seen) >= SEEN_CAP:  # full: keep it only if lines did repeat
                    use_seen = repeats >= SEEN_CAP
        elif repeats < SEEN_CAP:
            repeats += 1
        key = (level, service, shape)
        group = groups.get(key)
        if group is None:
            into.open_group(key, number, at, text)
            return
        group[0] += 1
        if at > group[2]:
            group[2] = at
        elif at < group[1]:
            group[1] = at
        if text > group[5]:
            group[5] = text
        minute = at // 60
        counts = group[4]
        known = counts.get(minute)
        if known is None:
            counts[minute] = 1
            group[3][minute] = number
        else:
            counts[minute] = known + 1

    return count

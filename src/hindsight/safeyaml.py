"""YAML from users (front matter, fault trees, rubrics, policy), loaded within limits.

PyYAML's safe loaders build no objects of arbitrary classes, but they still expand aliases: nine
anchors of nine aliases each ("billion laughs") make a document of a few hundred bytes stand for
hundreds of millions of nodes, and whatever walks the result (rendering, storing, `str()`) runs
out of memory. Deep nesting makes the pure-Python loader and the code after it recurse past
Python's limit. So the document's events are read first (no objects built): more aliases than
`MAX_YAML_ALIASES`, an expanded size over `MAX_YAML_NODES`, nesting deeper than `MAX_YAML_DEPTH`,
an alias to a collection that contains it, or text over `MAX_YAML_BYTES` is refused with
`YAMLLimitError` — a `yaml.MarkedYAMLError`, so callers that already report bad YAML (with its
line) report this too.
"""

from __future__ import annotations

from typing import Any

import yaml

from hindsight.limits import MAX_YAML_ALIASES, MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YAMLLimitError(yaml.MarkedYAMLError):
    """A YAML document refused for its shape (aliases, size, depth), not its syntax."""

    def __init__(self, problem: str, mark: Any = None) -> None:
        super().__init__(problem=problem, problem_mark=mark)


def load(text: str) -> Any:
    """`text` as plain data (dicts, lists, scalars) through libyaml when present, else PyYAML;
    YAMLLimitError when it breaks a limit, yaml.YAMLError when it is not YAML. A document
    libyaml refuses is retried with PyYAML, whose errors carry the line."""
    check(text)
    try:
        if _LOADER is not yaml.SafeLoader:
            try:
                return yaml.load(text, Loader=_LOADER)
            except yaml.YAMLError:
                pass
        return yaml.load(text, Loader=yaml.SafeLoader)
    except RecursionError:  # (check() bounds the depth; this is a last guard)
        raise YAMLLimitError(f"nested deeper than {MAX_YAML_DEPTH} levels") from None
    except (ValueError, OverflowError) as exc:  # a date such as 2025-13-01 passes the scanner
        raise yaml.YAMLError(f"a value is not a valid date or number ({exc})") from None


def check(text: str) -> None:
    """Refuse a document over the limits without building it (see the module docstring)."""
    if len(text) > MAX_YAML_BYTES:
        raise YAMLLimitError(f"longer than {MAX_YAML_BYTES // 1024} KiB of YAML")
    if "&" not in text and _depth_bound(text) <= MAX_YAML_DEPTH:
        return  # no anchor, so no alias; and too few brackets, lines and dashes to nest deep
    _scan(text)


def _depth_bound(text: str) -> int:
    """An upper bound of the nesting depth: each level needs a line, a bracket, a dash or a '?'."""
    return sum(text.count(c) for c in "\n[{-?") + 1


def _scan(text: str) -> None:
    try:
        _scan_events(text, _LOADER)
    except YAMLLimitError:
        raise
    except yaml.YAMLError:
        if _LOADER is yaml.SafeLoader:
            return  # not YAML: load() reports it, with the line, as it always did
        # libyaml refuses some documents (nesting over 1000) before the limits are reached:
        # PyYAML's event parser does not recurse, so it finds the limit — or the syntax error
        try:
            _scan_events(text, yaml.SafeLoader)
        except YAMLLimitError:
            raise
        except yaml.YAMLError:
            return


def _scan_events(text: str, loader: Any) -> None:
    sizes: dict[str, int] = {}  # anchor → expanded node count, once its node is complete
    open_anchors: set[str] = set()  # anchors of collections not closed yet (an alias to one loops)
    stack: list[tuple[str | None, int]] = []  # open collections: anchor, nodes so far
    total = aliases = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                if len(stack) >= MAX_YAML_DEPTH:
                    raise YAMLLimitError(
                        f"nested deeper than {MAX_YAML_DEPTH} levels", event.start_mark
                    )
                if event.anchor is not None:
                    open_anchors.add(event.anchor)
                stack.append((event.anchor, 1))
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                anchor, size = stack.pop()
                if anchor is not None:
                    open_anchors.discard(anchor)
                    sizes[anchor] = size
                if stack:  # (its values are in `total` already)
                    parent, inner = stack[-1]
                    stack[-1] = (parent, inner + size)
                continue
            if isinstance(event, yaml.ScalarEvent):
                size = 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_YAML_ALIASES:
                    raise YAMLLimitError(
                        f"more than {MAX_YAML_ALIASES:,} aliases", event.start_mark
                    )
                if event.anchor in open_anchors:
                    raise YAMLLimitError("an alias inside its own anchor", event.start_mark)
                size = sizes.get(event.anchor or "", 1)
            else:
                continue
            if stack:
                anchor, inner = stack[-1]
                stack[-1] = (anchor, inner + size)
            total += size
            if total > MAX_YAML_NODES:
                raise YAMLLimitError(
                    f"aliases expand to more than {MAX_YAML_NODES:,} values (an alias bomb?)",
                    event.start_mark,
                )
    except RecursionError:
        raise YAMLLimitError(f"nested deeper than {MAX_YAML_DEPTH} levels") from None

"""Markdown text primitives shared by the postmortem renderer and parser.

Two kinds of text live in a postmortem:

* *plain* text (titles, list items, table cells, timeline events) is escaped so every character
  survives: markdown punctuation gets a backslash, a newline becomes `<br>`;
* *prose* (summary, technical details, resolution) is markdown the author wrote; only lines that
  would be mistaken for structure (a leading `#` or `\\`) get a backslash.

`escape_*` and `unescape_*` are exact inverses, which is what makes `parse(render(x)) == x`.
Hidden per-row data travels in `<!--hs {json}-->` comments: invisible on GitHub, and the JSON is
written so that it never contains `|`, `<`, `>` or a newline.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

from hindsight import safeyaml

_PLAIN_SPECIAL = set("\\`*_[]<>|#&~")
_UNESCAPE = re.compile(r"\\(.)|<br\s*/?>|&(#?[A-Za-z0-9]+);", re.DOTALL | re.IGNORECASE)
META = re.compile(r"\s*(?<!\\)<!--hs (\{[^<>\n]*\})-->\s*$")


def escape_plain(text: str, extra: str = "") -> str:
    """Plain text as inline markdown that shows exactly `text` (newlines become `<br>`)."""
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == "\n":
            out.append("<br>")
        elif ch in _PLAIN_SPECIAL or ch in extra or (i == 0 and ch in "-+=!:"):
            out.append("\\" + ch)
        elif ch == "." and i > 0 and text[:i].isdigit():
            out.append("\\.")  # "1. x" would start an ordered list
        else:
            out.append(ch)
    return "".join(out)


def unescape_plain(text: str) -> str:
    """Inverse of `escape_plain`; also reads HTML entities and `<br>` as hand-written files use."""

    def one(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return match.group(1)
        if match.group(2) is not None:
            return html.unescape(match.group(0))
        return "\n"

    return _UNESCAPE.sub(one, text)


PROSE_HEADING = re.compile(r"^#{4,6}(?:[ \t]|$)")  # headings prose may use: below our level 3


def escape_prose(text: str) -> str:
    """Markdown prose with structure-looking lines neutralised by a leading backslash.

    Headings of level 4-6 stay headings: they sit below the document's own (levels 1-3) and the
    parser folds them back into the prose.
    Escaped: lines starting with `#` or `\\`, and the opening line of a code fence that is never
    closed (it would swallow the headings after it).
    """
    lines = [
        "\\" + line if line.startswith(("#", "\\")) and not PROSE_HEADING.match(line) else line
        for line in text.split("\n")
    ]
    while (opener := _unclosed_fence(lines)) is not None:
        lines[opener] = "\\" + lines[opener]
    return "\n".join(lines)


def _unclosed_fence(lines: list[str]) -> int | None:
    fence: str | None = None
    start = 0
    for i, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None and match:
            fence, start = match.group(1), i
        elif fence is not None and match and closes(fence, line):
            fence = None
    return start if fence is not None else None


def closes(fence: str, line: str) -> bool:
    """Whether `line` closes a code block opened by `fence` (same character, at least as long)."""
    text = line.strip()
    return text.startswith(fence) and not text.strip(fence[0])


def unescape_prose(lines: list[str]) -> str:
    """Inverse of `escape_prose` over the lines of a section body (outer blank lines dropped)."""
    lines = [line[1:] if line.startswith("\\") else line for line in lines]
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return "\n".join(lines)


def split_unescaped(text: str, sep: str) -> list[str]:
    """Split escaped inline text on `sep` where it is not preceded by a backslash escape."""
    parts, buf, i = [], [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            buf.append(text[i : i + 2])
            i += 2
            continue
        if text.startswith(sep, i):
            parts.append("".join(buf))
            buf = []
            i += len(sep)
            continue
        buf.append(text[i])
        i += 1
    parts.append("".join(buf))
    return parts


def dump_meta(data: dict[str, Any]) -> str:
    """A hidden `<!--hs {...}-->` comment, empty when there is nothing to carry."""
    if not data:
        return ""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=str)
    for ch, code in (("|", "\\u007c"), ("<", "\\u003c"), (">", "\\u003e")):
        raw = raw.replace(ch, code)
    return f" <!--hs {raw}-->"


def take_meta(cell: str) -> tuple[str, dict[str, Any]]:
    """Split a hidden comment off a cell or list item: (rest, data)."""
    match = META.search(cell)
    if not match:
        return cell, {}
    try:
        data = json.loads(match.group(1))
    except ValueError:
        return cell, {}
    if not isinstance(data, dict):
        return cell, {}
    return (cell[: match.start()] + cell[match.end() :]).strip(), data


def load_yaml(text: str) -> Any:
    """YAML through libyaml when it is there (ten times faster), else PyYAML; both are safe
    loaders, and `safeyaml` refuses alias bombs and deep nesting (a yaml.YAMLError with a line)."""
    return safeyaml.load(text)


def fence_for(body: str) -> str:
    """A backtick fence longer than any backtick run inside `body`."""
    longest = max((len(m) for m in re.findall(r"`+", body)), default=0)
    return "`" * max(3, longest + 1)


# ---- reading: sections, tables, lists ------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$|^(#{1,6})[ \t]*$")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")


@dataclass
class Section:
    """A heading and the lines under it up to the next heading of the same or higher level."""

    level: int
    title: str  # unescaped heading text
    line: int  # 1-based line of the heading (0 for the preamble)
    raw: str = ""  # the heading line as written
    body: list[tuple[int, str]] = field(default_factory=list)  # (line number, text) before children
    children: list[Section] = field(default_factory=list)

    def text_lines(self) -> list[str]:
        return [text for _, text in self.body]

    def all_lines(self) -> list[tuple[int, str]]:
        """Body and every child, headings included, as written (for preserving unknown parts)."""
        out = list(self.body)
        for child in self.children:
            out.append((child.line, child.raw or "#" * child.level + " " + child.title))
            out.extend(child.all_lines())
        return out

    def prose_lines(self) -> tuple[list[tuple[int, str]], list[Section]]:
        """The section's prose with its level 4-6 sub-headings folded back in, and the
        sub-sections of level 1-3 (document structure) left for the caller."""
        lines = list(self.body)
        structure = []
        for child in self.children:
            if child.level >= 4:
                lines.append((child.line, child.raw))
                lines.extend(child.all_lines())
            else:
                structure.append(child)
        return lines, structure


def split_sections(lines: list[str], first_line: int = 1) -> Section:
    """A heading tree; headings inside fenced code blocks are left in the body."""
    root = Section(level=0, title="", line=0)
    stack = [root]
    fence: str | None = None
    for offset, raw in enumerate(lines):
        number = first_line + offset
        fence_match = _FENCE.match(raw)
        if fence is not None:
            if fence_match and closes(fence, raw):
                fence = None
            stack[-1].body.append((number, raw))
            continue
        if fence_match:
            fence = fence_match.group(1)
            stack[-1].body.append((number, raw))
            continue
        heading = _HEADING.match(raw)
        if heading:
            level = len(heading.group(1) or heading.group(3))
            title = unescape_plain((heading.group(2) or "").strip())
            section = Section(level=level, title=title, line=number, raw=raw)
            while stack[-1].level >= level:
                stack.pop()
            stack[-1].children.append(section)
            stack.append(section)
            continue
        stack[-1].body.append((number, raw))
    return root


def split_row(line: str) -> list[str] | None:
    """The raw (still escaped) cells of a markdown table row, or None if it is not a row."""
    text = line.strip()
    if not text.startswith("|"):
        return None
    cells = split_unescaped(text[1:], "|")
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return [c.strip() for c in cells]


def is_separator(cells: list[str]) -> bool:
    return bool(cells) and all(re.fullmatch(r":?-{1,}:?", c.replace(" ", "")) for c in cells)


@dataclass
class Table:
    header: list[str]  # unescaped, lower-case
    rows: list[tuple[int, list[str]]]  # (line number, raw cells)
    line: int


def read_tables(body: list[tuple[int, str]]) -> tuple[list[Table], list[tuple[int, str]]]:
    """Tables found in a section body, and the lines that are not part of a table."""
    tables: list[Table] = []
    rest: list[tuple[int, str]] = []
    i = 0
    while i < len(body):
        number, line = body[i]
        cells = split_row(line)
        nxt = split_row(body[i + 1][1]) if i + 1 < len(body) else None
        if cells is not None and nxt is not None and is_separator(nxt):
            header = [unescape_plain(c).strip().lower() for c in cells]
            table = Table(header=header, rows=[], line=number)
            i += 2
            while i < len(body) and (row := split_row(body[i][1])) is not None:
                table.rows.append((body[i][0], row))
                i += 1
            tables.append(table)
            continue
        rest.append((number, line))
        i += 1
    return tables, rest


@dataclass
class Row:
    """One table row with its hidden data taken off, cells looked up by column name."""

    line: int
    cells: list[str]  # raw (still escaped)
    meta: dict[str, Any]
    columns: dict[str, int]

    def get(self, name: str) -> str:
        index = self.columns.get(name)
        return self.cells[index] if index is not None and index < len(self.cells) else ""


def rows(table: Table, columns: dict[str, int]) -> list[Row]:
    out = []
    for number, cells in table.rows:
        meta: dict[str, Any] = {}
        clean = []
        for cell in cells:
            text, more = take_meta(cell)
            meta.update(more)
            clean.append(text)
        clean += [""] * (len(table.header) - len(clean))
        out.append(Row(number, clean, meta, columns))
    return out


_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")


@dataclass
class ListItem:
    line: int
    text: str  # raw (still escaped), continuation lines joined with a space
    depth: int
    marker: str


def read_list(body: list[tuple[int, str]]) -> tuple[list[ListItem], list[tuple[int, str]]]:
    """Bullet and numbered items (nested ones flattened, `depth` kept) and the other lines.

    An indented line under an item continues it (joined with a space), as in markdown.
    """
    items: list[ListItem] = []
    rest: list[tuple[int, str]] = []
    in_item = False
    for number, line in body:
        match = _BULLET.match(line)
        if match and match.group(2).strip():
            depth = len(match.group(1).replace("\t", "    ")) // 2
            marker = line.strip().split(None, 1)[0]
            items.append(ListItem(number, match.group(2).strip(), depth, marker))
            in_item = True
        elif not line.strip():
            rest.append((number, line))
        elif in_item and line[:1] in " \t":
            items[-1].text += " " + line.strip()
        elif re.fullmatch(r"[-*+]|\d{1,3}[.)]", line.strip()):
            continue  # an empty bullet, as templates leave them
        else:
            rest.append((number, line))
            in_item = False
    return items, rest


def paragraphs(body: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Non-blank lines grouped into paragraphs, each joined with spaces: (first line, text)."""
    out: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in [*body, (0, "")]:
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            out.append((start, " ".join(current)))
            current = []
    return out

"""Reading markdown postmortems from disk: which files under the paths given, and their text.

`hindsight import` (render/mdimport.py) and the round trip of `hindsight export` read files
through these; a refusal names the file and the line.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from hindsight.errors import InvalidInput, NotFound
from hindsight.render.markdown import ParsedPostmortem, parse_markdown


def read_text(path: Path) -> str:
    """A file's text as UTF-8: the one reader of postmortem files (import, lint, score). A missing
    file raises NotFound; an unreadable, binary or undecodable one InvalidInput naming the line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"{path}: no such file") from None
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror})", field="file") from exc
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InvalidInput(
            f"{path}:{line}: binary data (NUL byte); expected a UTF-8 markdown postmortem",
            field="file",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            f"{path}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            field="file",
        ) from None


def postmortem_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named directly (any extension) and every `*.md` under named directories, sorted."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*.md") if p.is_file() and not p.name.startswith(".")
            )
        elif path.is_file():
            found.append(path)
        else:
            raise InvalidInput(f"{path}: no such file or directory", field="paths")
    return found


def import_files(paths: Iterable[str | os.PathLike[str]]) -> list[ParsedPostmortem]:
    """Parse every postmortem file under `paths` (files, or directories searched for *.md)."""
    return [parse_markdown(read_text(path), source=str(path)) for path in postmortem_files(paths)]

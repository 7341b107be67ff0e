"""Importing markdown postmortems: which files are postmortems, read and checked.

`plan_import()` reads and checks every file before anything is stored (so an import is all or
nothing); storing the plan is the incident stage's (`incidents/imports.py`), which both
`hindsight import` and the web's upload call.

A file is refused — InvalidInput naming the file and line, nothing imported — when it is empty,
binary or not UTF-8, when its YAML front matter is opened by `---` but never closed or is not a
mapping of fields, when it has neither front matter nor a `# Title` heading (a plain text file
is not a postmortem), when it is a config, data or code file by its extension (`NOT_POSTMORTEMS`),
or when its severity or incident id is not valid.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hindsight.domain.model import Incident
from hindsight.errors import InvalidInput
from hindsight.render.markdown import parse_markdown
from hindsight.render.mdfiles import postmortem_files, read_text

INCIDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
NOTHING = "nothing was imported"
# warnings of the markdown reader that mean the file's header could not be read at all
_UNREADABLE_HEADER = ("front matter is not closed", "not valid YAML", "not a mapping of fields")


@dataclass
class PlannedImport:
    """One postmortem file, read and checked, and what storing it will do."""

    path: Path
    incident: Incident
    explicit_id: bool  # the file names its incident_id (else the next free id of its day)
    warnings: list[str] = field(default_factory=list)
    outcome: str = "new"  # new | replaces | renumbered (an id taken: the next free one)
    # (decided against the store by incidents.imports.resolve_ids)


def plan_import(
    paths: Iterable[str | os.PathLike[str]], severities: Mapping[str, Any]
) -> list[PlannedImport]:
    """Every postmortem under `paths`, parsed and checked; InvalidInput for the first file that
    is not a postmortem (see the module docstring)."""
    names = [str(p) for p in paths]
    files = postmortem_files(names)
    if not files:
        raise InvalidInput(f"no markdown postmortems (*.md) in {', '.join(names)}", field="paths")
    return [_read_one(path, severities) for path in files]


def _line_of(text: str, pattern: str) -> int:
    found = re.search(pattern, text, re.MULTILINE)
    return text[: found.start()].count("\n") + 1 if found else 1


# Files named directly may have any extension (a postmortem kept as .txt), but not these: their
# "# comment" lines would pass for a `# Title` (hindsight.toml became an incident).
NOT_POSTMORTEMS = frozenset(
    {".toml", ".yaml", ".yml", ".json", ".jsonl", ".ini", ".cfg", ".conf", ".env", ".py", ".sh"}
    | {".log", ".csv", ".tsv", ".sql", ".db"}
)


def check_shape(path: Path, text: str, consequence: str = NOTHING) -> None:
    """InvalidInput unless `text` looks like a postmortem: front matter or a `# Title`. The
    message ends with `consequence` (what the command did not do)."""
    if not text.strip():
        raise InvalidInput(f"{path}:1: empty file; expected a markdown postmortem — {consequence}")
    if path.suffix.lower() in NOT_POSTMORTEMS:
        raise InvalidInput(
            f"{path}:1: not a postmortem: a {path.suffix.lower()} file; expected a markdown "
            f"postmortem (.md) such as `hindsight render` writes — {consequence}",
            field="file",
        )
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if lines[first].strip() == "---":
        if not any(line.rstrip() in ("---", "...") for line in lines[first + 1 :]):
            raise InvalidInput(
                f"{path}:{first + 1}: the YAML front matter opened here is never closed by a "
                f"'---' line; expected '---', the fields, '---', then the postmortem — {consequence}",
                field="front_matter",
            )
        return
    fence = False
    for line in lines:
        if re.match(r"^\s{0,3}(`{3,}|~{3,})", line):
            fence = not fence
        elif not fence and re.match(r"^#\s+\S", line):
            return
    raise InvalidInput(
        f"{path}:1: not a postmortem: no YAML front matter (---) and no '# Title' heading; "
        f"expected a markdown postmortem such as `hindsight render` writes — {consequence}",
        field="file",
    )


def _read_one(path: Path, severities: Mapping[str, Any]) -> PlannedImport:
    text = read_text(path)
    check_shape(path, text)
    # Hand-written files without an incident_id get the next free id of their day.
    explicit = re.search(r"^incident_id:", text.split("\n---", 1)[0], re.MULTILINE) is not None
    item = parse_markdown(text, source=str(path))
    broken = next((w for w in item.warnings if any(s in w for s in _UNREADABLE_HEADER)), None)
    if broken is not None:
        raise InvalidInput(f"{broken.removesuffix('; ignored')} — {NOTHING}", field="front_matter")
    incident = item.incident
    if incident.severity not in severities:
        raise InvalidInput(
            f"{path}:{_line_of(text, r'^severity:')}: severity {incident.severity!r} is not one of "
            f"the policy's ({', '.join(severities)}) — {NOTHING}",
            field="severity",
        )
    if not INCIDENT_ID.fullmatch(incident.id):
        raise InvalidInput(
            f"{path}:{_line_of(text, r'^incident_id:')}: incident_id {incident.id!r} is not an id; "
            "expected letters, digits, '.', '_' or '-' (at most 40), e.g. INC-2025-12-15 — "
            f"{NOTHING}",
            field="incident_id",
        )
    return PlannedImport(path, incident, explicit, list(item.warnings))

"""The postmortems-as-code tree: one markdown file per incident, filed by date
(`postmortems/2025/12-december/2025-12-15-disk-full.md`). Reading such files back is
render/mdfiles.py (the markdown reader's side).

Pure functions over incidents and paths: no database; the CLI wires them to the store.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from hindsight.domain.model import Incident
from hindsight.domain.policy import Policy
from hindsight.render.markdown import render_markdown

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")  # fmt: skip


def slugify(text: str, *, limit: int = 60) -> str:
    """ "Disk full on db-1 (EU)" → "disk-full-on-db-1-eu"; accents folded, at most `limit` chars."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-")


def incident_day(incident: Incident) -> date | None:
    moment = incident.started_at or incident.created_at or incident.resolved_at
    return moment.date() if moment else None


def tree_path(incident: Incident) -> Path:
    """Where an incident's postmortem lives, relative to the export directory."""
    day = incident_day(incident)
    slug = slugify(incident.title) or slugify(incident.id) or "incident"
    if day is None:
        return Path("postmortems", "undated", f"{slugify(incident.id) or 'incident'}-{slug}.md")
    month = f"{day.month:02d}-{MONTHS[day.month - 1]}"
    return Path("postmortems", f"{day.year}", month, f"{day.isoformat()}-{slug}.md")


def export_tree(
    incidents: Iterable[Incident], directory: str | os.PathLike[str], policy: Policy | None = None
) -> list[Path]:
    """Write every incident under `directory`; returns the written paths in input order.

    Two incidents that would share a path get their id appended. Each file is written to a
    temporary name and renamed, so a reader never sees half a file.
    """
    root = Path(directory)
    written: list[Path] = []
    taken: set[Path] = set()
    for incident in incidents:
        relative = tree_path(incident)
        if relative in taken:
            relative = relative.with_name(
                f"{relative.stem}-{slugify(incident.id) or len(taken)}.md"
            )
        taken.add(relative)
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, render_markdown(incident, policy))
        written.append(target)
    return written


def _write_atomically(target: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

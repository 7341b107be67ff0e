"""Load the icco/postmortems corpus (../shared/data) as Incidents for similarity evaluation.

The corpus' categories are the labels: they are returned beside each incident and never put in
`root_cause_category`, so `similar` cannot see them.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from hindsight.domain.model import Incident
from hindsight.timeutil import parse_instant


def load_icco(folder: Path) -> list[tuple[Incident, set[str]]]:
    """(incident, its categories) for every postmortem of `folder`/data with a category."""
    loaded = []
    for path in sorted((folder / "data").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---", 2)
        meta = yaml.safe_load(front) or {}
        categories = {c for c in meta.get("categories") or [] if c != "undescriptive"}
        if not categories:
            continue
        start, end = meta.get("start_time"), meta.get("end_time")
        products = [p.strip() for p in str(meta.get("product") or "").split(",") if p.strip()]
        incident = Incident(
            id=f"INC-{str(meta['uuid'])[:18]}".upper(),
            title=str(meta.get("title", path.stem)),
            summary=str(meta.get("summary") or ""),
            technical_details=body.strip(),
            tags=[str(k) for k in meta.get("keywords") or []],
            services=products,
            started_at=parse_instant(str(start)) if start else None,
            resolved_at=parse_instant(str(end)) if end else None,
        )
        loaded.append((incident, categories))
    return loaded

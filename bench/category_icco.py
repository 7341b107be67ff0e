"""Root-cause category suggestion measured on the ICCO postmortem summaries (../shared/data).

ICCO's categories differ from ours; each maps to the categories that would be a correct call:
config-change → configuration; cloud → infrastructure or external dependency; hardware →
infrastructure; security → security; automation → deployment or process gap; cascading-failure →
capacity or technical debt; time → technical debt. An entry counts as a hit when the suggestion is
in the union of its labels' mappings. Prints top-1 and top-3 accuracy; writes bench/results/.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import yaml

from hindsight.analysis.category import suggest_category
from hindsight.domain.model import Incident

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "icco_postmortems" / "data"
MAPPING = {
    "config-change": {"configuration"},
    "cloud": {"infrastructure", "external_dependency"},
    "hardware": {"infrastructure"},
    "security": {"security"},
    "automation": {"deployment", "process_gap"},
    "cascading-failure": {"capacity", "technical_debt"},
    "time": {"technical_debt"},
}


def load(path: Path, mapping: dict[str, set[str]] = MAPPING) -> tuple[Incident, set[str]] | None:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---", 2)
    meta = yaml.safe_load(front)
    labels = {c for c in meta.get("categories") or [] if c in mapping}
    if not labels:
        return None
    incident = Incident(
        id=meta["uuid"],
        title=meta.get("title", ""),
        summary=meta.get("summary", ""),
        technical_details=body[:3000] if "--body" in sys.argv else "",
        tags=[str(k) for k in meta.get("keywords") or []],
    )
    return incident, set().union(*(mapping[c] for c in labels))


# "cloud" says where it happened more than why; the strict variant leaves it out.
STRICT = {k: v for k, v in MAPPING.items() if k != "cloud"}


def evaluate(mapping: dict[str, set[str]] = MAPPING) -> dict[str, float]:
    """Top-1/top-3 accuracy, and the top-1 of always guessing the commonest category (baseline)."""
    entries = [e for p in sorted(DATA.glob("*.md")) if (e := load(p, mapping))]
    counts: dict[str, int] = {}
    for _, wanted in entries:
        for category in wanted:
            counts[category] = counts.get(category, 0) + 1
    top1 = top3 = 0
    started = time.perf_counter()
    for incident, wanted in entries:
        ranked = [c for c, _, _ in suggest_category(incident)]
        top1 += bool(ranked[:1]) and ranked[0] in wanted
        top3 += bool(set(ranked[:3]) & wanted)
    elapsed = time.perf_counter() - started
    n = len(entries)
    return {"entries": n, "top1": round(top1 / n, 3), "top3": round(top3 / n, 3),
            "baseline_top1": round(max(counts.values()) / n, 3),
            "ms_per_incident": round(1000 * elapsed / n, 2)}  # fmt: skip


if __name__ == "__main__":
    if not DATA.exists():
        print(f"skipped: {DATA} not present")
        sys.exit(0)
    result = {"all_labels": evaluate(), "without_cloud": evaluate(STRICT)}
    print(json.dumps(result))
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "category_icco.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

"""Precision@5 of `hindsight similar` on the icco/postmortems corpus against its own categories.

Loads the 186 categorised postmortems (../shared/data/icco_postmortems; categories hidden from
the incidents) into a temporary SQLite store and asks `similar()` for the five nearest
neighbours of each. A neighbour counts as relevant when it shares at least one category with the
query ("any"), or the query's rarest category ("strict"). Chance levels are reported beside them.

Usage: python bench/similar_eval.py [ICCO_DIR]  → bench/results/similar_eval.json
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.kb.corpus import load_icco  # noqa: E402

from hindsight.kb.similar import similar  # noqa: E402
from hindsight.store.repo import Store, add_incident  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "data" / "icco_postmortems"
RESULTS = Path(__file__).resolve().parent / "results" / "similar_eval.json"


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR
    corpus = load_icco(folder)
    labels = {incident.id: categories for incident, categories in corpus}
    frequency = Counter(c for categories in labels.values() for c in categories)
    any_hits = strict_hits = any_chance = strict_chance = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'icco.db'}")
        store.migrate()
        with store.session() as s:
            for incident, _ in corpus:
                add_incident(s, incident, "bench")
        started = time.perf_counter()
        with store.session() as s:
            for incident_id, mine in labels.items():
                rarest = min(mine, key=lambda c: (frequency[c], c))
                top = [r.incident_id for r in similar(s, incident_id, k=5)]
                any_hits += sum(bool(labels[t] & mine) for t in top) / 5
                strict_hits += sum(rarest in labels[t] for t in top) / 5
                others = [c for i, c in labels.items() if i != incident_id]
                any_chance += sum(bool(c & mine) for c in others) / len(others)
                strict_chance += sum(rarest in c for c in others) / len(others)
        seconds = time.perf_counter() - started
        store.close()
    n = len(labels)
    result = {
        "corpus": "icco/postmortems (categorised entries)",
        "queries": n,
        "precision_at_5_any_category": round(any_hits / n, 3),
        "chance_any_category": round(any_chance / n, 3),
        "precision_at_5_rarest_category": round(strict_hits / n, 3),
        "chance_rarest_category": round(strict_chance / n, 3),
        "mean_ms_per_query": round(1000 * seconds / n, 1),
    }
    print(json.dumps(result, indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

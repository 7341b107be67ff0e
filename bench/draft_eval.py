"""How well the model-answer checker tells supported claims from unsupported ones, on a labelled
set built from the 39 DFDS postmortems (tests/draft/citations.py): development half PM2019–2021,
held-out half PM2022–2025.

Usage: python bench/draft_eval.py [DFDS_DIR]  → bench/results/draft_eval.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.draft.citations import claims, facts_only, score, split  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "data" / "dfds_postmortems"
RESULTS = Path(__file__).resolve().parent / "results" / "draft_eval.json"


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR
    out = {}
    for name, files in zip(("development", "held_out"), split(folder), strict=True):
        found = score(claims([facts_only(p) for p in files]))
        out[name] = {
            "postmortems": len(files),
            "supported_claims": found.supported,
            "unsupported_claims": found.unsupported,
            "unsupported_marked_unverified": round(found.caught, 3),
            "supported_marked_unverified": round(found.false_alarms, 3),
        }
    RESULTS.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()

"""Redaction of long, repetitive input: one line that repeats a cue or a name many thousands of
times (a list of 20,000 names, a log line of "lives at", an address label over and over). Each
case must grow about linearly with its length; round 20 found three that grew quadratically
(a 160,000-character line of Cyrillic names took ten minutes). Writes
bench/results/redaction_pathological.json with the seconds for each case at two lengths."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from hindsight.share.redact import redact

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "redaction_pathological.json"
CASES = {
    "cyrillic names in a list": "Тарасе, ",
    "latin names in a list": "Anna, ",
    "names joined by and": "Tom and ",
    "names in a script without capitals": "გიორგი ბერიძე ",
    "lives at": "lives at ",
    "address label": "Alamat: ",
    "machine-readable zone filler": "<<<<<<<<<<",
    "eighteen digits": "072606611833377103 ",
    "key id assignments": "access_key_id = ",
    "echo into base64": "echo QUJDREVGR0g= | ",
}
LENGTHS = (4_000, 16_000)


def seconds(text: str) -> float:
    start = time.perf_counter()
    redact(text)
    return round(time.perf_counter() - start, 3)


def main() -> dict[str, Any]:
    redact("warm up the names index and the patterns")
    report: dict[str, Any] = {"repeats": list(LENGTHS), "cases": {}}
    for name, unit in CASES.items():
        short, long = (seconds(unit * n) for n in LENGTHS)
        growth = round(long / short, 1) if short else None
        report["cases"][name] = {
            "characters": [len(unit) * n for n in LENGTHS],
            "seconds": [short, long],
            "growth_for_4x_length": growth,
        }
        print(f"{name:36} {short:7.3f} s {long:7.3f} s  x{growth}")
    return report


if __name__ == "__main__":
    result = main()
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")

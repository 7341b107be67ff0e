"""Markdown render/parse speed and round-trip exactness on the demo incidents and, when present,
the real DFDS postmortems (../shared/data/dfds_postmortems).

Usage: python bench/render_bench.py → bench/results/render.json
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from hindsight.demo import build_demo
from hindsight.render.html import render_html
from hindsight.render.markdown import parse_markdown, render_markdown

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "render.json"
DFDS = ROOT.parent.parent / "shared" / "data" / "dfds_postmortems"


def timed(fn, *args, repeat: int = 5) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - start)
    return best * 1000, result


def main() -> None:
    demo = build_demo()
    render_ms, parse_ms, html_ms, exact = [], [], [], 0
    for incident in demo:
        ms, text = timed(render_markdown, incident)
        render_ms.append(ms)
        ms, parsed = timed(parse_markdown, text)
        parse_ms.append(ms)
        html_ms.append(timed(render_html, incident)[0])
        exact += parsed.incident == incident and not parsed.warnings  # type: ignore[attr-defined]
    report: dict[str, object] = {
        "demo_incidents": len(demo),
        "demo_round_trip_exact": exact,
        "render_markdown_ms_median": round(statistics.median(render_ms), 3),
        "parse_own_ms_median": round(statistics.median(parse_ms), 3),
        "render_html_ms_median": round(statistics.median(html_ms), 3),
    }
    if DFDS.exists():
        files = sorted(
            p for p in DFDS.iterdir() if p.name.startswith("PM") and "template" not in p.name
        )
        texts = [p.read_text(encoding="utf-8") for p in files]
        ms, results = timed(
            lambda: [parse_markdown(t, source=p.name) for t, p in zip(texts, files, strict=True)]
        )
        parsed_all = list(results)  # type: ignore[call-overload]
        rows = sum(sum(1 for line in t.splitlines() if line.startswith("| 20")) for t in texts)
        report["dfds"] = {
            "files": len(files),
            "parse_ms_per_file": round(ms / len(files), 3),
            "timeline_rows": rows,
            "timeline_events_read": sum(len(p.incident.timeline) for p in parsed_all),
            "actions_read": sum(len(p.incident.actions) for p in parsed_all),
            "files_with_summary": sum(bool(p.incident.summary) for p in parsed_all),
            "warnings": sum(len(p.warnings) for p in parsed_all),
            "round_trip_exact": sum(
                parse_markdown(render_markdown(p.incident)).incident == p.incident
                for p in parsed_all
            ),
        }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

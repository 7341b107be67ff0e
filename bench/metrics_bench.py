"""Metrics on 100,000 incidents (bar: under a second), computed by SQL aggregates.

Generates 100,000 synthetic incidents over two years (with actions and evidence) into a temporary
SQLite database, then times `compute()` over the whole range (every incident in the period) and
over one quarter with its comparison to the quarter before.

Usage: python bench/metrics_bench.py [N] [--pg URL]  → bench/results/metrics_bench.json
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb_synthetic import bench_count, bench_stores, populate

from hindsight.kb.metrics import Period, compute, quarter_period
from hindsight.store.repo import Store

RESULTS = Path(__file__).resolve().parent / "results" / "metrics_bench.json"


def timed(store: Store, period: Period, repeats: int = 3) -> dict[str, object]:
    best_wall = best_cpu = float("inf")
    count = 0
    for _ in range(repeats):
        with store.session() as s:
            t0, c0 = time.perf_counter(), time.process_time()
            report = compute(s, period)
            best_wall = min(best_wall, time.perf_counter() - t0)
            best_cpu = min(best_cpu, time.process_time() - c0)
            count = report.incident_count
    return {"period": period.describe(), "incidents": count, "seconds": round(best_wall, 3),
            "cpu_seconds": round(best_cpu, 3)}  # fmt: skip


def run(store: Store, n: int, label: str) -> dict[str, object]:
    started = time.perf_counter()
    populate(store, n)
    load_seconds = time.perf_counter() - started
    everything = Period(datetime(2024, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC), "all")
    result = {
        "backend": label,
        "incidents": n,
        "load_seconds": round(load_seconds, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "cores": os.cpu_count(),
        "whole_range": timed(store, everything),
        "one_quarter_with_previous": timed(store, quarter_period("2025Q2")),
    }
    print(json.dumps(result, indent=2))
    return result


def main() -> None:
    n = bench_count(sys.argv[1:])
    results = [run(store, n, backend) for store, backend in bench_stores(sys.argv, "metrics_bench")]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps({"bar_seconds": 1.0, "runs": results}, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()

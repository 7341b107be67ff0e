"""Search latency on 100,000 synthetic postmortems (bar: p95 ≤ 20 ms).

Generates the postmortems into a temporary SQLite database (bulk inserts; the FTS5 triggers index
every row), then runs a varied query mix — common and rare words, phrases, OR, exclusions, and
filters by severity, service, tag and period, as a local user and as a member-restricted viewer —
and records p50/p95/p99 per query kind and overall (wall clock, plus process CPU time and the
load average, since the benchmark machine may be shared).

Usage: python bench/search_bench.py [N] [--pg URL] [--db PATH] [--no-write]
  → bench/results/search_bench.json. `--db PATH` keeps the SQLite corpus in PATH and reuses it
  when it already holds N postmortems (for iterating: the build takes most of a minute; SQLite
  only, `--pg` is then ignored); `--no-write` prints the figures without replacing the results.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb_synthetic import CAUSES, SERVICES, SYMPTOMS, WORDS, bench_count, bench_stores, populate

from hindsight.store.repo import Store
from hindsight.store.search import (
    LOCAL_VIEWER,
    RANK_WINDOW,
    SearchFilters,
    Viewer,
    index_size,
    search,
)

RESULTS = Path(__file__).resolve().parent / "results" / "search_bench.json"


def queries(rng: random.Random) -> list[tuple[str, str, SearchFilters, Viewer]]:
    mix: list[tuple[str, str, SearchFilters, Viewer]] = []
    member = Viewer("dana", "viewer")
    for _ in range(60):
        mix.append(("common word", rng.choice(SYMPTOMS).split()[-1], SearchFilters(), LOCAL_VIEWER))
        mix.append(
            (
                "two words",
                f"{rng.choice(WORDS)} {rng.choice(SYMPTOMS).split()[0]}",
                SearchFilters(),
                LOCAL_VIEWER,
            )
        )
        mix.append(("rare token", f"E{rng.randint(1000, 9999)}", SearchFilters(), LOCAL_VIEWER))
        mix.append(
            ("phrase", f'"{rng.choice(CAUSES).split(" ", 1)[1]}"', SearchFilters(), LOCAL_VIEWER)
        )
        mix.append(
            (
                "or + not",
                f"{rng.choice(WORDS)} OR {rng.choice(WORDS)} -{rng.choice(WORDS)}",
                SearchFilters(),
                LOCAL_VIEWER,
            )
        )
        mix.append(
            (
                "filtered",
                rng.choice(SYMPTOMS),
                SearchFilters(
                    severity=["P1", "P2"],
                    service=rng.choice(SERVICES),
                    since=datetime(2024, 6, 1, tzinfo=UTC),
                ),
                LOCAL_VIEWER,
            )
        )
        mix.append(
            ("tag + restricted viewer", rng.choice(WORDS), SearchFilters(tag="payments"), member)
        )
    rng.shuffle(mix)
    return mix  # fmt: skip


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run(store: Store, n: int, label: str) -> dict[str, object]:
    started = time.perf_counter()
    with store.session() as s:
        held = index_size(s)
    if held not in (0, n):
        raise SystemExit(
            f"the kept corpus holds {held} postmortems, not {n}: delete it or pass {held}"
        )
    reused = held == n
    if not reused:
        populate(store, n)
    load_seconds = time.perf_counter() - started
    rng = random.Random(11)
    mix = queries(rng)
    timings: dict[str, list[float]] = {}
    hits: list[int] = []
    cpu: list[float] = []
    with store.session() as s:
        for _kind, text_value, filters, viewer in mix[:20]:  # warm the page cache
            search(s, text_value, filters, viewer)
        load_before = os.getloadavg()[0]
        for kind, text_value, filters, viewer in mix:
            t0, c0 = time.perf_counter(), time.process_time()
            found = search(s, text_value, filters, viewer)
            timings.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            hits.append(len(found))
        full: list[float] = []
        for _kind, text_value, filters, viewer in mix[::4]:  # every match ranked, no window
            t0 = time.perf_counter()
            search(s, text_value, filters, viewer, rank_window=None)
            full.append((time.perf_counter() - t0) * 1000)
    every = [v for values in timings.values() for v in values]
    result = {
        "backend": label,
        "postmortems": n,
        "load_seconds": None if reused else round(load_seconds, 1),
        "queries": len(every),
        "mean_hits": round(statistics.mean(hits), 1),
        "p50_ms": round(pct(every, 50), 2),
        "p95_ms": round(pct(every, 95), 2),
        "p99_ms": round(pct(every, 99), 2),
        "cpu_p50_ms": round(pct(cpu, 50), 2),
        "cpu_p95_ms": round(pct(cpu, 95), 2),
        "load_average_1min": round(load_before, 2),
        "load_average_1_5_15_after": [round(x, 2) for x in os.getloadavg()],
        "cores": os.cpu_count(),
        "sqlite_version": sqlite3.sqlite_version if label == "sqlite" else None,
        "full_ranking_no_window": {
            "queries": len(full),
            "p50_ms": round(pct(full, 50), 2),
            "p95_ms": round(pct(full, 95), 2),
        },
        "by_kind": {
            kind: {f"p{q}_ms": round(pct(v, q), 2) for q in (50, 95, 99)}
            for kind, v in sorted(timings.items())
        },
    }
    print(json.dumps(result, indent=2))
    return result


def kept_store(path: Path) -> Iterator[tuple[Store, str]]:
    """The SQLite corpus kept in `path` (migrated, so an older build gains new indexes)."""
    store = Store(f"sqlite:///{path}")
    store.migrate()
    try:
        yield store, "sqlite"
    finally:
        store.close()


def main() -> None:
    argv = sys.argv[1:]
    kept: Path | None = None
    if "--db" in argv:
        kept = Path(argv[argv.index("--db") + 1])
        del argv[argv.index("--db") : argv.index("--db") + 2]
    write = "--no-write" not in argv
    argv = [a for a in argv if a != "--no-write"]
    n = bench_count(argv)
    stores = kept_store(kept) if kept else bench_stores(argv, "search_bench")
    results = [run(store, n, backend) for store, backend in stores]
    if not write:
        return
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps({"bar_p95_ms": 20, "rank_window": RANK_WINDOW, "runs": results}, indent=2)
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()

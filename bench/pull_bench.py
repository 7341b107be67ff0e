"""Pull + condense inside ClickHouse vs exporting the same log records and ingesting the file.

Starts Debian's `clickhouse-server` on loopback ports in a temporary folder, loads `otel_logs`
with 5,000,000 rows of the incident story of tests/ingest/clickhouse_story.py (generated inside
ClickHouse), then, for a 2-hour window (22:10–00:10 UTC) into a fresh workspace each time:

- pull: `hindsight.ingest.pull.pull` with a `--clickhouse` source — ClickHouse groups the
  warning-or-worse records by (level, service, shape, minute); only the groups cross the wire;
  they are condensed and stored.
- export: the same records (`SELECT ts, level, service, message, trace_id … FORMAT JSONEachRow`
  over HTTP, streamed to a file), then `ingest_paths` on the file (the columnar reader).

Both routes must give the same events (checked). Bytes are the HTTP answers' bodies. Each route
runs `--repeat` times, alternating; the fastest wall time of each is reported (all runs kept).
Bars: the pull ≥ 5× faster and ≥ 100× fewer bytes. Results: bench/results/pull.json.
Usage: PYTHONPATH=. python bench/pull_bench.py [--rows N] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from tests.ingest import clickhouse_story as story

from hindsight.domain.model import Incident, TimelineEvent
from hindsight.ingest import clickhouse
from hindsight.ingest.pull import Source, pull
from hindsight.ingest.service import ingest_paths
from hindsight.workspace import init_workspace

RESULTS = Path(__file__).resolve().parent / "results" / "pull.json"
START = datetime(2025, 12, 15, 22, 10, tzinfo=UTC)
END = datetime(2025, 12, 16, 0, 10, tzinfo=UTC)
INCIDENT = "INC-2025-12-15"
EXPORT_SQL = """SELECT toUnixTimestamp(Timestamp) AS ts, {level} AS level, ServiceName AS service,
    Body AS message, TraceId AS trace_id
FROM otel_logs
WHERE Timestamp >= toDateTime('{start}', 'UTC') AND Timestamp < toDateTime('{end}', 'UTC')
    AND level != ''
FORMAT JSONEachRow"""


def fresh_workspace(workdir: Path) -> tuple[Any, Any]:
    root = Path(tempfile.mkdtemp(dir=workdir, prefix="ws-"))
    workspace = init_workspace(root)
    store = workspace.open_store()
    store.add(Incident(id=INCIDENT, title="bench", started_at=START), "bench")
    return workspace, store


def comparable(events: list[TimelineEvent]) -> list[tuple[object, ...]]:
    fields = ("at", "last_at", "text", "level", "service", "count", "template", "key")
    return sorted(tuple(str(getattr(e, name)) for name in fields) for e in events)


def pull_route(server: story.ClickHouse, workdir: Path) -> dict[str, Any]:
    workspace, store = fresh_workspace(workdir)
    os.environ["BENCH_CH_PASSWORD"] = story.PASSWORD
    source = Source(
        "bench",
        "clickhouse",
        server.url.rstrip("/"),
        user=story.USER,
        password_env="BENCH_CH_PASSWORD",
        timeout=300,
    )
    started = time.perf_counter()
    report = pull(workspace, store, store.get(INCIDENT), [source], start=START, end=END)
    seconds = time.perf_counter() - started
    (result,) = report.results
    events = store.get(INCIDENT).timeline
    store.close()
    shutil.rmtree(workspace.root, ignore_errors=True)
    return {
        "seconds": round(seconds, 3),
        "bytes": result.bytes,
        "groups": result.items,
        "events": len(events),
        "status": result.status,
        "_events": comparable(events),
    }


def export_route(server: story.ClickHouse, workdir: Path) -> dict[str, Any]:
    workspace, store = fresh_workspace(workdir)
    sql = EXPORT_SQL.format(
        level=clickhouse.LEVEL_SQL,
        start=START.strftime("%Y-%m-%d %H:%M:%S"),
        end=END.strftime("%Y-%m-%d %H:%M:%S"),
    )
    path = workdir / "otel_logs-export.jsonl"
    started = time.perf_counter()
    written = 0
    with (
        httpx.stream(
            "POST", server.url, content=sql, auth=(story.USER, story.PASSWORD), timeout=600
        ) as response,
        path.open("wb") as out,
    ):
        response.raise_for_status()
        for chunk in response.iter_bytes(1 << 20):
            out.write(chunk)
            written += len(chunk)
    exported = time.perf_counter() - started
    report = ingest_paths(workspace, store, INCIDENT, [path])
    seconds = time.perf_counter() - started
    (file,) = report.files
    events = store.get(INCIDENT).timeline
    store.close()
    path.unlink()
    shutil.rmtree(workspace.root, ignore_errors=True)
    return {
        "seconds": round(seconds, 3),
        "export_seconds": round(exported, 3),
        "ingest_seconds": round(seconds - exported, 3),
        "bytes": written,
        "records": file.lines,
        "events": len(events),
        "status": file.status,
        "_events": comparable(events),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    if not story.available():
        print("pull_bench: clickhouse-server not installed (apt-get install clickhouse-server)")
        return
    workdir = Path(tempfile.mkdtemp(prefix="pull-bench-"))
    try:
        with story.clickhouse_server(workdir / "clickhouse") as server:
            started = time.perf_counter()
            server.load_story("otel_logs", args.rows)
            load_seconds = time.perf_counter() - started
            pulls, exports = [], []
            for _ in range(args.repeat):
                pulls.append(pull_route(server, workdir))
                exports.append(export_route(server, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    best_pull = min(pulls, key=lambda r: r["seconds"])
    best_export = min(exports, key=lambda r: r["seconds"])
    same = all(r["_events"] == pulls[0]["_events"] for r in pulls + exports)
    speedup = best_export["seconds"] / best_pull["seconds"]
    fewer = best_export["bytes"] / best_pull["bytes"]
    result = {
        "rows_in_table": args.rows,
        "window": f"{START:%Y-%m-%dT%H:%MZ} to {END:%Y-%m-%dT%H:%MZ}",
        "records_in_window_warning_or_worse": best_export["records"],
        "load_seconds": round(load_seconds, 2),
        "clickhouse": "Debian clickhouse-server 18.16, max_threads 2, loopback",
        "pull": {k: v for k, v in best_pull.items() if not k.startswith("_")},
        "export_and_ingest": {k: v for k, v in best_export.items() if not k.startswith("_")},
        "pull_all_seconds": [r["seconds"] for r in pulls],
        "export_all_seconds": [r["seconds"] for r in exports],
        "same_events": same,
        "speedup": round(speedup, 1),
        "fewer_bytes": round(fewer, 1),
        "bars": {"speedup": 5, "fewer_bytes": 100},
        "passed": bool(same and speedup >= 5 and fewer >= 100),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    if not result["passed"]:
        sys.exit(1)


if __name__ == "__main__":
    main()

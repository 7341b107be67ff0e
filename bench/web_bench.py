"""Web latency under a fixed load: incident list, incident pages and search (HTML and JSON).

Creates a demo workspace on SQLite (the embedded default) or, with `--database postgresql`, in a
fresh schema of the PostgreSQL at `--database-url`; starts `hindsight serve` as a subprocess on a
free loopback port, and drives it from a second process at a fixed rate:

- `--driver wrk` (default when Debian's wrk is installed): wrk with a Lua script; 11 connections
  (for 100/s) each pause 100 ms between requests, so the rate is about `rate`; wrk's own
  latency histogram gives the percentiles. Three runs: the list (page and API), the incident
  (page and API, every demo incident in turn) and search (page and API, words of the demo).
- `--driver httpx`: an asyncio httpx loop in this process, open loop (each request is sent at its
  scheduled time and timed from it, so queueing shows), with a breakdown by kind.

Bar: p99 ≤ 50 ms at 100 requests/s, no errors. Results: bench/results/web.json (SQLite),
bench/results/web_postgresql.json.

    python bench/web_bench.py [--rate 100] [--seconds 20] [--driver wrk|httpx]
                              [--database sqlite|postgresql] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
SEARCH_WORDS = ["checkout", "timeout", "database", "certificate", "deploy", "latency", "disk"]
# the database every subprocess uses: the demo, user commands and the server (None: SQLite)
DATABASE_URL: str | None = None
HINDSIGHT = [sys.executable, "-m", "hindsight.cli.main"]
BAR_P99_MS = 50.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, **extra)
    env.pop("HINDSIGHT_DATABASE_URL", None)
    env.pop("HINDSIGHT_WORKSPACE", None)
    if DATABASE_URL:
        env["HINDSIGHT_DATABASE_URL"] = DATABASE_URL
    return env


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A fresh schema for the run (dropped afterwards); yields the URL that selects it."""
    from sqlalchemy import text

    from hindsight.store.repo import make_engine

    schema = f"bench_web_{uuid.uuid4().hex[:10]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run(args: list[str], cwd: Path, stdin: str | None = None) -> str:
    env = child_env(HINDSIGHT_USER="bench")
    done = subprocess.run(
        HINDSIGHT + args, cwd=cwd, env=env, input=stdin, capture_output=True, text=True, check=True
    )
    return done.stdout


def prepare(workdir: Path) -> tuple[Path, str]:
    """A demo workspace with a viewer `bench` and its API token."""
    workspace = workdir / "demo"
    run(["demo", "--path", str(workspace)], workdir)
    run(
        ["user", "add", "bench", "--role", "viewer", "--password-stdin"],
        workspace,
        stdin="bench-password\n",
    )
    token = run(["user", "token", "bench", "--name", "bench"], workspace).strip().splitlines()[-1]
    return workspace, token


def start_server(workspace: Path, port: int) -> subprocess.Popen[bytes]:
    env = child_env()
    server = subprocess.Popen(
        [*HINDSIGHT, "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=workspace,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(
        "server did not start: " + (server.stderr.read().decode() if server.stderr else "")
    )


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


async def drive(
    base: str, token: str, paths: list[str], rate: float, seconds: float
) -> dict[str, Any]:
    """Send len = rate × seconds requests at fixed intervals, cycling through `paths`."""
    total = int(rate * seconds)
    latencies: dict[str, list[float]] = {}
    errors: list[str] = []
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(
        base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=10, limits=limits
    ) as client:
        start = time.perf_counter() + 0.2

        async def one(index: int) -> None:
            scheduled = start + index / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            path = paths[index % len(paths)]
            kind = kind_of(path)
            try:
                response = await client.get(path)
                elapsed = (time.perf_counter() - scheduled) * 1000
                if response.status_code != 200:
                    errors.append(f"{path}: HTTP {response.status_code}")
                latencies.setdefault(kind, []).append(elapsed)
            except httpx.HTTPError as exc:
                errors.append(f"{path}: {type(exc).__name__}")

        await asyncio.gather(*(one(i) for i in range(total)))
        wall = time.perf_counter() - start
    return {"latencies": latencies, "errors": errors, "sent": total, "wall_seconds": wall}


def kind_of(path: str) -> str:
    if path.startswith("/api/search"):
        return "api_search"
    if path.startswith("/?q="):
        return "search_page"
    if path.startswith("/api/incidents/"):
        return "api_incident"
    if path.startswith("/api/incidents"):
        return "api_list"
    if path.startswith("/incidents/"):
        return "incident_page"
    return "list_page"


def summary(values: list[float]) -> dict[str, float | int]:
    return {
        "requests": len(values),
        "p50_ms": round(percentile(values, 50), 2),
        "p95_ms": round(percentile(values, 95), 2),
        "p99_ms": round(percentile(values, 99), 2),
        "max_ms": round(max(values), 2) if values else float("nan"),
        "mean_ms": round(statistics.fmean(values), 2) if values else float("nan"),
    }


WRK = Path("/usr/bin/wrk")
WRK_SCRIPT = """
local paths = {%(paths)s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Authorization"] = "Bearer %(token)s"})
end
delay = function() return %(delay)d end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nRESULT {"requests": %%d, "socket_errors": %%d, "non_2xx": %%d, "p50_ms": %%.2f, "p90_ms": %%.2f, ' ..
    '"p99_ms": %%.2f, "max_ms": %%.2f, "mean_ms": %%.2f, "seconds": %%.2f}\\n',
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000, summary.duration / 1e6))
end
"""


PAUSE_MS = 100


def wrk_run(
    base: str, token: str, paths: list[str], rate: float, seconds: float, workdir: Path
) -> dict[str, Any]:
    """One wrk run. Each connection sends, waits for the answer, then pauses 100 ms; 10 % more
    connections than rate × pause make up for the service time, so the rate is about `rate`
    (a slower server gets fewer requests, which the achieved rate in the results shows)."""
    connections = max(1, round(rate * PAUSE_MS / 1000 * 1.1))
    script = workdir / "bench.lua"
    script.write_text(
        WRK_SCRIPT
        % {
            "paths": ", ".join(json.dumps(p) for p in paths),
            "token": token,
            "delay": PAUSE_MS,
        }
    )
    done = subprocess.run(
        [
            str(WRK),
            "-t1",
            f"-c{connections}",
            f"-d{int(seconds)}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line[len("RESULT ") :])
    result["achieved_rps"] = round(result["requests"] / result["seconds"], 1)
    result["errors"] = result["socket_errors"] + result["non_2xx"]
    return result


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main_wrk(
    args: argparse.Namespace, base: str, token: str, ids: list[str], workdir: Path, pid: int
) -> dict[str, Any]:
    runs = {
        "list": ["/", "/api/incidents"],
        "incident": [p for i in ids for p in (f"/incidents/{i}", f"/api/incidents/{i}")],
        "search": [p for w in SEARCH_WORDS for p in (f"/?q={w}", f"/api/search?q={w}")],
    }
    runs = {k: v for k, v in runs.items() if k in args.runs.split(",")}
    for paths in runs.values():  # warm-up, not recorded
        wrk_run(base, token, paths, args.rate, 3, workdir)
    results = {}
    for name, paths in runs.items():
        # the server's own CPU per request: what the load of other processes does not change
        before = cpu_seconds(pid)
        results[name] = wrk_run(base, token, paths, args.rate, args.seconds, workdir)
        used = cpu_seconds(pid) - before
        results[name]["server_cpu_ms_per_request"] = round(
            1000 * used / max(1, results[name]["requests"]), 2
        )
    return {
        "driver": "wrk (Debian), 1 thread, rate x 0.11 connections, each pausing 100 ms between requests",
        "what": "run 'list': GET / and /api/incidents alternately; run 'incident': GET /incidents/{id} "
        "and /api/incidents/{id} over every demo incident; run 'search': GET /?q=word and "
        "/api/search?q=word over seven demo words; each run at the rate for the duration",
        "by_run": results,
        "errors": sum(r["errors"] for r in results.values()),
        "error_examples": [],
        "passed": all(r["errors"] == 0 and r["p99_ms"] <= BAR_P99_MS for r in results.values()),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the measured run")
    parser.add_argument(
        "--driver", choices=["wrk", "httpx"], default="wrk" if WRK.exists() else "httpx"
    )
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--database-url", default=PG_URL, help="PostgreSQL to make a schema in")
    parser.add_argument("--runs", default="list,incident,search", help="wrk runs, comma-separated")
    args = parser.parse_args()
    if args.database == "postgresql":
        with postgres_schema(args.database_url) as url:
            global DATABASE_URL
            DATABASE_URL = url
            return measure(args)
    return measure(args)


def measure(args: argparse.Namespace) -> int:
    args.load_at_start = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory(prefix="hindsight-web-bench-") as tmp:
        workspace, token = prepare(Path(tmp))
        port = free_port()
        server = start_server(workspace, port)
        base = f"http://127.0.0.1:{port}"
        try:
            listing = httpx.get(
                f"{base}/api/incidents",
                params={"limit": 500},
                headers={"Authorization": f"Bearer {token}"},
            ).json()
            ids = [item["id"] for item in listing["items"]]
            if args.driver == "wrk":
                report = main_wrk(args, base, token, ids, Path(tmp), server.pid)
                return finish(report, args, len(ids))
            paths: list[str] = []
            for n, incident_id in enumerate(ids):
                word = SEARCH_WORDS[n % len(SEARCH_WORDS)]
                paths += [
                    "/",
                    f"/incidents/{incident_id}",
                    "/api/incidents",
                    f"/api/incidents/{incident_id}",
                    f"/?q={word}",
                    f"/api/search?q={word}",
                ]
            asyncio.run(drive(base, token, paths, args.rate, 3))  # warm-up, not recorded
            result = asyncio.run(drive(base, token, paths, args.rate, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=10)
    every = [v for values in result["latencies"].values() for v in values]
    by_kind = {kind: summary(values) for kind, values in sorted(result["latencies"].items())}
    pages = [
        by_kind.get(k, {}).get("p99_ms", float("inf"))
        for k in ("list_page", "incident_page", "search_page")
    ]
    report = {
        "driver": "httpx asyncio loop in the bench process, open loop",
        "what": "GET list page, incident page, /api/incidents, /api/incidents/{id} in turn, "
        "open-loop fixed rate, latency from the scheduled send time",
        "sent": result["sent"],
        "achieved_rps": round(result["sent"] / result["wall_seconds"], 1),
        "errors": len(result["errors"]),
        "error_examples": result["errors"][:5],
        "overall": summary(every),
        "by_kind": by_kind,
        "passed": bool(not result["errors"] and max(pages) <= BAR_P99_MS),
    }
    return finish(report, args, len(ids))


def finish(report: dict[str, Any], args: argparse.Namespace, incidents: int) -> int:
    database = (
        "postgresql (a fresh schema), demo workspace"
        if args.database == "postgresql"
        else "sqlite (embedded default), demo workspace"
    )
    report = {
        "bench": "web",
        "database": database,
        "incidents": incidents,
        "rate_rps": args.rate,
        "seconds": args.seconds,
        **report,
        "bar": {"p99_ms_max": BAR_P99_MS, "errors": 0},
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_average_1m_at_start": getattr(args, "load_at_start", None),
            "load_average_1m": round(os.getloadavg()[0], 2),
        },
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "web.json" if args.database == "sqlite" else f"web_{args.database}.json"
    (RESULTS / name).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(
        json.dumps(
            {
                k: v
                for k, v in report.items()
                if k in ("by_run", "overall", "by_kind", "errors", "passed")
            },
            indent=2,
        )
    )
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())

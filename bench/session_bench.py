"""Sign-in cost and what it does to everyone else (issue 18, points 3 and 4).

Starts `hindsight serve` on a fresh SQLite workspace (PostgreSQL with `--database-url`) and
measures, sequentially from this process:

- `/api/me` with a session cookie (one indexed lookup in `sessions`) and with an API token, so
  the per-request price of server-side sessions shows next to the token's;
- `/healthz` alone, then while 4 threads sign in in a loop (correct passwords, so the throttle
  does not step in and every attempt runs Argon2): the event loop must stay free.

Results: bench/results/session_bench_<sqlite|postgresql>.json.

    python bench/session_bench.py [--seconds 8] [--database-url postgresql://…]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
HINDSIGHT = [sys.executable, "-m", "hindsight.cli.main"]
sys.path.insert(0, str(ROOT / "bench"))
from web_bench import free_port  # noqa: E402


def _env(database_url: str | None) -> dict[str, str]:
    env = dict(os.environ, HINDSIGHT_USER="bench")
    env.pop("HINDSIGHT_WORKSPACE", None)
    env.pop("HINDSIGHT_DATABASE_URL", None)
    if database_url:
        env["HINDSIGHT_DATABASE_URL"] = database_url
    return env


def _cli(args: list[str], cwd: Path, env: dict[str, str], stdin: str | None = None) -> str:
    done = subprocess.run(
        HINDSIGHT + args, cwd=cwd, env=env, input=stdin, capture_output=True, text=True, check=True
    )
    return done.stdout


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=100)
    return {"n": len(ordered), "p50_ms": round(q[49], 2), "p99_ms": round(q[98], 2)}


def timed(client: httpx.Client, path: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(path)
        out.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.text
    return out


def sign_in(client: httpx.Client, user: str, password: str) -> int:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token
    data = {"csrf_token": token.group(1), "username": user, "password": password, "next": "/"}
    return client.post("/login", data=data).status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        env = _env(args.database_url)
        _cli(["init", str(root)], Path(tmp), env)
        _cli(["user", "add", "bench", "--role", "viewer", "--password-stdin"], root, env,
             "bench-pass-1\n")  # fmt: skip
        token = _cli(["user", "token", "bench"], root, env).strip()
        port = free_port()
        server = subprocess.Popen(
            [*HINDSIGHT, "serve", "--port", str(port)], cwd=root, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
            result = measure(base, token, args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=10)
    result["database"] = "postgresql" if args.database_url else "sqlite"
    result["machine"] = f"{platform.machine()}, {os.cpu_count()} cores (shared)"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"session_bench_{result['database']}.json").write_text(
        json.dumps(result, indent=2) + "\n"
    )
    print(json.dumps(result, indent=2))


def measure(base: str, token: str, seconds: float) -> dict[str, Any]:
    with httpx.Client(base_url=base, timeout=30) as browser:
        assert sign_in(browser, "bench", "bench-pass-1") == 303
        cookie_ms = timed(browser, "/api/me", 1000)
    with httpx.Client(base_url=base, timeout=30, headers={"Authorization": f"Bearer {token}"}) as c:
        token_ms = timed(c, "/api/me", 1000)
    with httpx.Client(base_url=base, timeout=30) as probe:
        idle = timed(probe, "/healthz", 300)
        stop, attempts, logins_ms = threading.Event(), [0], []

        def loop() -> None:
            with httpx.Client(base_url=base, timeout=60) as client:
                while not stop.is_set():
                    start = time.perf_counter()
                    assert sign_in(client, "bench", "bench-pass-1") == 303
                    logins_ms.append((time.perf_counter() - start) * 1000)
                    attempts[0] += 1
                    client.cookies.clear()

        threads = [threading.Thread(target=loop) for _ in range(4)]
        for thread in threads:
            thread.start()
        busy: list[float] = []
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            busy += timed(probe, "/healthz", 1)
            time.sleep(0.05)
        stop.set()
        for thread in threads:
            thread.join()
    return {
        "api_me_with_session_cookie": percentiles(cookie_ms),
        "api_me_with_api_token": percentiles(token_ms),
        "healthz_idle": percentiles(idle),
        "healthz_during_4_sign_in_loops": percentiles(busy),
        "sign_ins": {"count": attempts[0], **percentiles(logins_ms)},
    }


if __name__ == "__main__":
    main()

"""Root cause from real Kubernetes evidence: the 17 HolmesGPT `test_investigate` scenarios.

Each scenario folder (../shared/data/holmesgpt_scenarios/tests/llm/fixtures/test_investigate/*)
holds what an SRE agent captured on a lab cluster where a fault was injected (kubectl describe,
events, logs, manifests, the alert) and `test_case.yaml`, whose `expected_output` is the known
cause. For each scenario this opens an incident named after the alert — WITHOUT --started, as a
user opening it after the fact would — ingests every capture through `hindsight ingest` (the
CLI, via Typer's CliRunner; files of formats we do not read are reported and skipped, as for a
user), and runs `hindsight rca suspects --json`. It is a hit when the expected cause is named in
the top three hypotheses (signals or change suspects).

Not ingested: test_case.yaml (the answer), the harness files (toolsets.yaml,
resource_instructions.json, investigate_request.json — its title and description become the
incident's title and summary, as the alert a user starts from) and fetch_webpage* (runbooks
fetched from the web, not evidence).

KEYWORDS: what "named" means per scenario, derived from expected_output. Each entry is a list of
groups; every group must match (any of its words, case-insensitive) in the text of the top
three hypotheses. Scenario 16's expected output is "mention lack of tool": our analogue is
saying that no runtime evidence was imported and which kubectl output to collect. Scenario 13's
is "not an issue; Watchdog always fires". Scenario 17's is the alert's real start date.

Also runs our own four scenarios (tests/data/analysis/k8s/*), reported separately: they were
written before any result of them was seen.

Usage: python bench/k8s_scenarios.py  → prints a table, writes bench/results/k8s_scenarios.json
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HOLMES = (
    ROOT.parent / "shared" / "data" / "holmesgpt_scenarios" / "tests" / "llm" / "fixtures"
    / "test_investigate"
)  # fmt: skip
OWN = ROOT / "tests" / "data" / "analysis" / "k8s"
SKIP = {
    "test_case.yaml",
    "toolsets.yaml",
    "resource_instructions.json",
    "investigate_request.json",
    "incident.json",
}

KEYWORDS: dict[str, list[list[str]]] = {
    # "Pod is experiencing a CrashLoopBackOff" + "Pod is OOM killed"
    "01_oom_kill": [["oom"], ["crashloop"]],
    # CrashLoopBackOff; command `wge` not found; may be a typo for `wget`
    "02_crashloop_backoff": [["wge"], ["not found"], ["wget"]],
    # 100% CPU throttling for the stress container; suggest increasing the CPU limit
    "03_cpu_throttling": [["throttl"], ["cpu limit"]],
    # fails in pulling the image `yourcompany/crw:latest`
    "04_image_pull_backoff": [["yourcompany/crw"], ["pull"]],
    # CrashLoopBackOff; the SSL certificate expired
    "05_crashpod": [["certificate"], ["expired"]],
    # job failed because of a backoff limit; issues connecting to prod-db:3333
    "06_job_failure": [["backoff limit"], ["prod-db:3333"]],
    # job product-data-scraper failed; syntax error: unexpected 'fi'
    "07_job_syntax_error": [["product-data-scraper"], ["syntax error"]],
    # node ip-172-31-40-111… is running too many pods for its capacity
    "08_memory_pressure": [["ip-172-31-40-111"], ["too many pods"]],
    # HTTP requests to /checkout taking longer than 3 seconds
    "09_high_latency": [["checkout"], ["3 seconds", "3 s", "slow", "latency"]],
    # insufficient GPU resources
    "10_KubeDeploymentReplicasMismatch": [["gpu"], ["insufficient"]],
    # the DEPLOY_ENV environment variable is missing
    "11_KubePodCrashLooping": [["deploy_env"], ["missing", "undefined", "not set"]],
    # insufficient GPU resources
    "12_KubePodNotReady": [["gpu"], ["insufficient"]],
    # not an issue; Watchdog always fires to check the alerting pipeline
    "13_Watchdog": [["watchdog"], ["not an incident", "not an issue"], ["always"]],
    # fraud service is slow due to a database query
    "14_tempo": [["fraud"], ["database", "query", "sql"]],
    # point to the network policy default-deny-egress
    "15_dns_resolution": [["default-deny-egress"]],
    # mention the lack of tools (our analogue: no runtime evidence, which kubectl output to get)
    "16_dns_resolution_no_tool": [["no runtime evidence", "no pod logs"], ["kubectl"]],
    # mention the date 2025-08-25 (when the alert started, not when it was looked at)
    "17_investigate_correct_date": [["2025-08-25"]],
}


def evidence_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.name not in SKIP
        and not p.name.startswith("fetch_webpage")
        and p.suffix != ".md"
        and p.name not in ("Dockerfile", "requirements.txt")
    )


def _alert_title(folder: Path) -> tuple[str, str]:
    request = folder / "investigate_request.json"
    if request.exists():
        data = json.loads(request.read_text("utf-8"))
        return str(data.get("title") or folder.name), str(data.get("description") or "")
    meta = folder / "incident.json"
    if meta.exists():
        data = json.loads(meta.read_text("utf-8"))
        return str(data["title"]), str(data.get("summary", ""))
    return folder.name, ""


def run_scenario(folder: Path, workdir: Path) -> dict[str, Any]:
    """Open an incident, ingest the folder's captures through the CLI, rank hypotheses."""
    from typer.testing import CliRunner

    from hindsight.cli.main import app
    from hindsight.workspace import init_workspace

    runner = CliRunner()
    root = workdir / folder.name
    init_workspace(root)
    previous = Path.cwd()
    os.chdir(root)
    try:
        title, summary = _alert_title(folder)
        made = runner.invoke(app, ["incident", "new", title, "--summary", summary, "--json"])
        if made.exit_code != 0:
            raise RuntimeError(made.output)
        incident_id = json.loads(made.stdout)["id"]
        files = evidence_files(folder)
        ingested = runner.invoke(app, ["ingest", incident_id, *map(str, files), "--json"])
        report = json.loads(ingested.stdout)
        suspects = runner.invoke(app, ["rca", "suspects", incident_id, "--json"])
        ranked = json.loads(suspects.stdout)
        category = runner.invoke(app, ["rca", "category", incident_id, "--json"])
        categories = json.loads(category.stdout)["suggestions"]
    finally:
        os.chdir(previous)
    return {
        "files": len(files),
        "imported": {
            Path(f["path"]).name: f["format"] for f in report["files"] if f["status"] != "failed"
        },
        "not_read": {
            Path(f["path"]).name: (f["error"] or "")[:160]
            for f in report["files"]
            if f["status"] == "failed"
        },
        "onset": ranked["onset"],
        "onset_basis": ranked["onset_basis"],
        "top3": [h["title"] for h in ranked["hypotheses"][:3]],
        "top3_rules": [h["rule"] for h in ranked["hypotheses"][:3]],
        "category": categories[0]["category"] if categories else None,
        "message": ranked["message"],
    }


def named(text: str, groups: list[list[str]]) -> bool:
    low = text.lower()
    return all(any(word.lower() in low for word in group) for group in groups)


def own_keywords(folder: Path) -> list[list[str]]:
    data = json.loads((folder / "incident.json").read_text("utf-8"))
    return [list(g) for g in data["expected_keywords"]]


def evaluate(folders: list[Path], keywords: dict[str, list[list[str]]]) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for folder in folders:
            started = time.perf_counter()
            result = run_scenario(folder, Path(tmp))
            groups = keywords[folder.name]
            result["scenario"] = folder.name
            result["keywords"] = groups
            result["hit"] = named(" ".join(result["top3"]), groups)
            result["seconds"] = round(time.perf_counter() - started, 2)
            rows.append(result)
    return rows


def main() -> int:
    os.environ.setdefault("HINDSIGHT_USER", "bench")
    os.environ.pop("HINDSIGHT_DATABASE_URL", None)
    os.environ.pop("HINDSIGHT_WORKSPACE", None)
    holmes = sorted(p for p in HOLMES.iterdir() if p.is_dir()) if HOLMES.exists() else []
    own = sorted(p for p in OWN.iterdir() if p.is_dir())
    results: dict[str, Any] = {}
    for label, folders, keys in (
        ("holmesgpt", holmes, KEYWORDS),
        ("own", own, {f.name: own_keywords(f) for f in own}),
    ):
        rows = evaluate(folders, keys)
        hits = sum(r["hit"] for r in rows)
        results[label] = {"hits": hits, "total": len(rows), "scenarios": rows}
        print(f"{label}: expected cause in the top 3 hypotheses for {hits} of {len(rows)}")
        for r in rows:
            mark = "✓" if r["hit"] else "✗"
            print(f"  {mark} {r['scenario']:<36} {' | '.join(r['top3'])[:150]}")
    out = ROOT / "bench" / "results" / "k8s_scenarios.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

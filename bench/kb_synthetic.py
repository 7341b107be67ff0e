"""Synthetic postmortems in bulk for the search and metrics benchmarks.

Rows go straight into the tables with executemany (the search triggers still index every row),
so 100,000 incidents take seconds, not the hours one `add_incident` per incident would.
Text is assembled from an SRE vocabulary plus many host names, versions and error codes, so the
index has a realistic long tail of rare terms next to very common ones.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from hindsight.store.repo import Store
from hindsight.store.search import search_documents
from hindsight.store.tables import ActionRow, EvidenceRow, IncidentRow, IncidentServiceRow
from hindsight.store.timings import refresh_timings

SERVICES = [f"{a}-{b}" for a in ("checkout", "payments", "search", "auth", "billing", "catalog",
            "cart", "gateway", "ledger", "notifications", "inventory", "shipping")
            for b in ("api", "worker", "db", "cache", "frontend")]  # fmt: skip
CATEGORIES = ["configuration", "deployment", "capacity", "external_dependency", "monitoring_gap",
              "process_gap", "technical_debt", "infrastructure", "security", "data"]  # fmt: skip
SYMPTOMS = ["timeouts", "502 errors", "elevated latency", "connection resets", "OOM kills",
            "crash loops", "stale reads", "duplicate charges", "dropped messages", "TLS handshake failures",
            "certificate expiry", "disk full", "DNS resolution failures", "lock contention",
            "replication lag", "queue backlog", "thread pool exhaustion", "memory leak"]  # fmt: skip
CAUSES = ["a bad config push", "a schema migration", "an expired certificate", "a retry storm",
          "a noisy neighbour", "a kernel upgrade", "a feature flag rollout", "an unbounded query",
          "a missing index", "a cloud provider outage", "a rate limit change", "a cache stampede",
          "a leaked connection", "a clock skew", "a failed failover", "a load balancer drain"]  # fmt: skip
WORDS = [
    "rollback",
    "canary",
    "pager",
    "escalation",
    "dashboard",
    "runbook",
    "alert",
    "threshold",
    "quorum",
    "shard",
    "replica",
    "leader",
    "election",
    "cron",
    "batch",
    "consumer",
    "producer",
    "kafka",
    "postgres",
    "redis",
    "nginx",
    "envoy",
    "istio",
    "kubernetes",
    "node",
    "pod",
    "deployment",
    "helm",
    "terraform",
    "vault",
    "secret",
    "token",
    "oauth",
    "session",
    "cookie",
    "webhook",
    "upstream",
    "downstream",
    "circuit",
    "breaker",
    "backoff",
    "jitter",
    "saturation",
    "throughput",
    "p99",
    "budget",
    "burn",
    "customer",
    "support",
    "ticket",
    "refund",
    "invoice",
    "ledger",
    "reconciliation",
]


def _sentence(rng: random.Random) -> str:
    host = f"{rng.choice(SERVICES)}-{rng.randint(1, 400)}"
    return (f"{host} showed {rng.choice(SYMPTOMS)} after {rng.choice(CAUSES)} "
            f"({' '.join(rng.sample(WORDS, 4))}, v{rng.randint(1, 9)}.{rng.randint(0, 40)}, "
            f"E{rng.randint(1000, 9999)})")  # fmt: skip


def incidents(
    n: int, seed: int = 7, start: datetime | None = None, days: int = 730
) -> Iterator[dict[str, Any]]:
    """`n` incident rows plus their services, actions and evidence, spread over `days`."""
    rng = random.Random(seed)
    base = start or datetime(2024, 1, 1, tzinfo=UTC)
    for k in range(n):
        started = base + timedelta(seconds=rng.randint(0, days * 86400))
        severity = rng.choices(["P0", "P1", "P2", "P3"], weights=[2, 10, 40, 48])[0]
        services = rng.sample(SERVICES, rng.randint(1, 3))
        symptom, cause = rng.choice(SYMPTOMS), rng.choice(CAUSES)
        detected = (
            started + timedelta(seconds=rng.randint(30, 3600)) if rng.random() < 0.95 else None
        )
        acked = (
            detected + timedelta(seconds=rng.randint(10, 1800))
            if detected and rng.random() < 0.9
            else None
        )
        mitigated = (
            started + timedelta(seconds=rng.randint(600, 14400)) if rng.random() < 0.9 else None
        )
        resolved = (
            started + timedelta(seconds=rng.randint(900, 86400)) if rng.random() < 0.93 else None
        )
        published = (
            resolved + timedelta(hours=rng.randint(2, 300))
            if resolved and rng.random() < 0.7
            else None
        )
        incident_id = f"INC-{started:%Y-%m-%d}-{k}"
        row = {
            "id": incident_id,
            "title": f"{services[0]} {symptom} caused by {cause}",
            "severity": severity,
            "status": "published" if published else "resolved",
            "summary": " ".join(_sentence(rng) for _ in range(2)),
            "started_at": started, "detected_at": detected, "acknowledged_at": acked,
            "mitigated_at": mitigated, "resolved_at": resolved,
            "services": services, "tags": rng.sample(["payments", "security", "data", "customer", "infra"], 1),
            "root_cause": f"{cause.capitalize()} led to {symptom} in {services[-1]}.",
            "root_cause_category": rng.choice(CATEGORIES),
            "technical_details": " ".join(_sentence(rng) for _ in range(3)),
            "restricted": rng.random() < 0.05,
            "repeat_of": None if rng.random() < 0.85 else f"INC-{started:%Y-%m-%d}-x",
            "sla_breached": rng.random() < 0.1,
            "drafted_at": published, "published_at": published,
            "created_at": started, "updated_at": started, "version": 1,
        }  # fmt: skip
        actions = []
        for number in range(1, rng.randint(1, 4)):
            created = (resolved or started) + timedelta(hours=rng.randint(1, 48))
            status = rng.choice(
                ["planned", "in_progress", "blocked", "done", "verified", "wont_do"]
            )
            actions.append({
                "incident_id": incident_id, "number": number, "title": f"Prevent {symptom} from {cause}",
                "kind": "prevent", "horizon": "short_term", "status": status,
                "created_at": created,
                "assigned_at": created + timedelta(hours=rng.randint(1, 200)) if rng.random() < 0.8 else None,
                "verified_at": created + timedelta(days=rng.randint(3, 90)) if status == "verified" else None,
                "history": [],
            })  # fmt: skip
        body = "\n".join([incident_id, " ".join(services), row["technical_details"],
                          *(a["title"] for a in actions), *(_sentence(rng) for _ in range(4))])  # fmt: skip
        document = {
            "incident_id": incident_id, "title": row["title"], "summary": row["summary"],
            "root_cause": row["root_cause"], "body": body,
            "tags": "".join(f"|{t}|" for t in row["tags"]),
        }  # fmt: skip
        evidence = rng.random() < 0.3
        yield {"incident": row, "services": services, "actions": actions, "document": document,
               "evidence": evidence}  # fmt: skip


def populate(store: Store, n: int, *, batch: int = 5000, seed: int = 7) -> None:
    """Bulk-load `n` synthetic incidents (one transaction per batch), then derive the metrics
    timings and refresh planner statistics as a real store's autovacuum would."""
    pending: list[dict[str, Any]] = []

    def flush() -> None:
        with store.session() as s:
            s.execute(insert(IncidentRow.__table__), [p["incident"] for p in pending])
            s.execute(insert(IncidentServiceRow.__table__),
                      [{"incident_id": p["incident"]["id"], "service": sv} for p in pending for sv in p["services"]])  # fmt: skip
            actions = [a for p in pending for a in p["actions"]]
            if actions:
                s.execute(insert(ActionRow.__table__), actions)
            evidence = [
                {"incident_id": p["incident"]["id"], "sha256": f"{i:064x}", "filename": "app.log",
                 "size": 1, "format": "jsonl", "added_by": "bench", "added_at": p["incident"]["started_at"],
                 "origin": "bench", "clock_offset_seconds": 0.0, "lines": 1}
                for i, p in enumerate(pending) if p["evidence"]
            ]  # fmt: skip
            if evidence:
                s.execute(insert(EvidenceRow.__table__), evidence)
            s.execute(insert(search_documents), [p["document"] for p in pending])
        pending.clear()

    postgres = store.engine.dialect.name == "postgresql"
    if postgres:  # a bulk load: let the GIN index batch its inserts, merged by VACUUM below
        with store.session() as s:
            s.execute(text("ALTER INDEX ix_search_documents_tsv SET (fastupdate = on)"))
    for item in incidents(n, seed):
        pending.append(item)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    with store.session() as s:  # the rows went in without reindex_incident: derive the timings
        refresh_timings(s)
        if postgres:
            s.execute(text("ALTER INDEX ix_search_documents_tsv SET (fastupdate = off)"))
    # what autovacuum would do after a bulk load: planner statistics, visibility map, GIN merge
    with store.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        tables = (
            "search_documents, incidents, incident_services, actions, evidence, incident_timings"
        )
        conn.execute(text(f"VACUUM ANALYZE {tables}" if postgres else "ANALYZE"))


def bench_count(argv: list[str]) -> int:
    """The number of postmortems to generate: the first bare argument (the URL after --pg is not)."""
    rest = list(argv)
    if "--pg" in rest:
        del rest[rest.index("--pg") : rest.index("--pg") + 2]
    counts = [a for a in rest if not a.startswith("--")]
    return int(counts[0]) if counts else 100_000


def bench_stores(argv: list[str], schema: str) -> Iterator[tuple[Store, str]]:
    """A fresh SQLite store in a temporary folder, then, with `--pg URL`, one in its own
    PostgreSQL schema; each is removed after the caller has used it."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        store.migrate()
        try:
            yield store, "sqlite"
        finally:
            store.close()
    if "--pg" not in argv:
        return
    url = argv[argv.index("--pg") + 1]
    store = Store(url, connect_args={"options": f"-csearch_path={schema}"})
    with store.engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    store.migrate()
    try:
        yield store, "postgresql"
    finally:
        with store.engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        store.close()

"""Speed of the analysis: fault-tree cut sets and exact probability, change suspects on a long
timeline. Writes bench/results/rca_speed.json."""

from __future__ import annotations

import json
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hindsight.analysis import fault_tree as fta
from hindsight.analysis.suspects import rank_suspects
from hindsight.domain.model import EventKind, FaultNode, FaultTree, Incident, TimelineEvent


def random_tree(events: int, gates: int, seed: int) -> FaultTree:
    rng = random.Random(seed)
    nodes = [
        FaultNode(f"e{i}", f"event {i}", probability=rng.uniform(0.001, 0.2)) for i in range(events)
    ]
    pool = [n.id for n in nodes]
    for g in range(gates):
        children = rng.sample(pool, rng.randint(2, 4))
        nodes.append(
            FaultNode(f"g{g}", f"gate {g}", gate=rng.choice(["and", "or"]), children=children)
        )
        pool.append(f"g{g}")
    top = FaultNode("top", "top", gate="or", children=[f"g{g}" for g in range(gates - 5, gates)])
    return FaultTree("bench", "top", [*nodes, top])


def redundant_tree(groups: int, width: int) -> FaultTree:
    """Top = AND of `groups` OR-gates over `width` events, neighbours sharing one event: width**groups
    cut sets before absorption — the hard case for MOCUS and for exact probability."""
    nodes: list[FaultNode] = []
    ids = [f"e{i}" for i in range(groups * (width - 1) + 1)]
    nodes += [FaultNode(e, e, probability=0.05) for e in ids]
    for g in range(groups):
        children = ids[g * (width - 1) : g * (width - 1) + width]
        nodes.append(FaultNode(f"g{g}", f"group {g}", gate="or", children=children))
    nodes.append(FaultNode("top", "top", gate="and", children=[f"g{g}" for g in range(groups)]))
    return FaultTree("redundant", "top", nodes)


def timeline(n: int) -> Incident:
    rng = random.Random(7)
    start = datetime(2025, 12, 1, 12, tzinfo=UTC)
    events = []
    for i in range(n):
        at = start - timedelta(seconds=rng.randint(0, 86400)) + timedelta(hours=2)
        kind = rng.choice(
            [EventKind.LOG] * 8 + [EventKind.DEPLOY, EventKind.CONFIG_CHANGE, EventKind.ALERT]
        )
        events.append(TimelineEvent(at, f"event {i} on svc-{i % 30}", kind, service=f"svc-{i % 30}",
                                    level=rng.choice(["info", "error"]), detail={"sha": f"{i:07x}"}))  # fmt: skip
    return Incident(
        id="INC-BENCH", title="bench", services=["svc-3"], started_at=start, timeline=events
    )


def main() -> None:
    results = {}
    cases = [
        (f"tree_{e}e_{g}g", random_tree(e, g, seed=e)) for e, g in ((20, 15), (40, 30), (60, 45))
    ]
    cases += [(f"and_of_or_{k}x{w}", redundant_tree(k, w)) for k, w in ((4, 6), (5, 8), (6, 8))]
    for name, tree in cases:
        t0 = time.perf_counter()
        cuts = fta.minimal_cut_sets(tree)
        t1 = time.perf_counter()
        p = fta.top_event_probability(tree)
        t2 = time.perf_counter()
        results[name] = {"cut_sets": len(cuts), "p_top": p,
                                               "cut_sets_ms": round(1000 * (t1 - t0), 1),
                                               "probability_ms": round(1000 * (t2 - t1), 1)}  # fmt: skip
    for n in (1000, 10000):
        incident = timeline(n)
        t0 = time.perf_counter()
        report = rank_suspects(incident)
        results[f"suspects_{n}_events"] = {"ms": round(1000 * (time.perf_counter() - t0), 1),
                                           "suspects": len(report.suspects)}  # fmt: skip
    print(json.dumps(results, indent=2))
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "rca_speed.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

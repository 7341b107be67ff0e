"""Fault-tree analysis: minimal cut sets, single points of failure and the top event's probability.

A tree is a top event, gates ("and", "or", or "k/n" = at least k of its n children) and basic
events (no gate). Cut sets come from MOCUS-style bottom-up expansion with absorption, so shared
sub-trees and repeated basic events are handled. The top event's probability is exact: Shannon
decomposition of the cut-set family (the idea behind a BDD), memoised, assuming the basic events
are independent. Nothing here reads or writes files except `parse_tree_yaml`, which takes text.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from hindsight import safeyaml
from hindsight.domain.model import FaultNode, FaultTree, Incident
from hindsight.errors import InvalidInput, NotFound

CutSet = frozenset[str]
MAX_CUT_SETS = 200_000
GATE_HELP = 'expected "and", "or" or "k/n" (at least k of n children, e.g. "2/3")'


def _vote(gate: str) -> tuple[int, int] | None:
    if "/" not in gate:
        return None
    k, _, n = gate.partition("/")
    try:
        return int(k), int(n)
    except ValueError:
        return None


def normalise_gate(gate: str | None, *, where: str = "gate") -> str | None:
    """ "AND"/"or"/"2oo3"/"2/3" → "and"/"or"/"2/3"; None for a basic event."""
    if gate is None or str(gate).strip() == "":
        return None
    text = str(gate).strip().lower().replace("oo", "/")
    if text in ("and", "or"):
        return text
    if _vote(text) is not None:
        return text
    raise InvalidInput(f"{where}: {gate!r} is not a gate; {GATE_HELP}", field="gate")


def validate(tree: FaultTree) -> dict[str, FaultNode]:
    """Check the tree is usable and return its nodes by id.

    Refuses a missing top, a dangling child (named but not defined), a cycle, a gate without
    children, a k/n gate whose n is not its number of children, and probabilities outside [0, 1].
    """
    nodes: dict[str, FaultNode] = {}
    for node in tree.nodes:
        if node.id in nodes:
            raise InvalidInput(
                f"fault tree {tree.name!r}: node {node.id!r} is defined twice", field="nodes"
            )
        nodes[node.id] = node
    if tree.top not in nodes:
        raise InvalidInput(
            f"fault tree {tree.name!r}: top event {tree.top!r} is not one of its nodes", field="top"
        )
    for node in tree.nodes:
        gate = normalise_gate(node.gate, where=f"fault tree {tree.name!r}: node {node.id!r}")
        if gate is None:
            if node.children:
                raise InvalidInput(
                    f"fault tree {tree.name!r}: basic event {node.id!r} has children; give it a gate",
                    field="gate",
                )
            if node.probability is not None and not 0.0 <= node.probability <= 1.0:
                raise InvalidInput(
                    f"fault tree {tree.name!r}: probability of {node.id!r} is {node.probability}; "
                    "expected a number between 0 and 1",
                    field="probability",
                )
            continue
        if not node.children:
            raise InvalidInput(
                f"fault tree {tree.name!r}: gate {node.id!r} ({gate}) has no children",
                field="children",
            )
        vote = _vote(gate)
        if vote and not (1 <= vote[0] <= vote[1] == len(node.children)):
            raise InvalidInput(
                f"fault tree {tree.name!r}: gate {node.id!r} is {gate} but has "
                f"{len(node.children)} children",
                field="gate",
            )
        for child in node.children:
            if child not in nodes:
                raise InvalidInput(
                    f"fault tree {tree.name!r}: gate {node.id!r} names {child!r}, which is not "
                    "defined (dangling reference)",
                    field="children",
                )
    _check_acyclic(tree.name, tree.top, nodes)
    return nodes


def _check_acyclic(name: str, top: str, nodes: Mapping[str, FaultNode]) -> None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished

    def visit(node_id: str, path: list[str]) -> None:
        if state.get(node_id) == 2:
            return
        if state.get(node_id) == 1:
            loop = " → ".join([*path[path.index(node_id) :], node_id])
            raise InvalidInput(f"fault tree {name!r} has a cycle: {loop}", field="children")
        state[node_id] = 1
        for child in nodes[node_id].children:
            visit(child, [*path, node_id])
        state[node_id] = 2

    for node_id in [top, *nodes]:
        visit(node_id, [])


def minimise(sets: Iterable[CutSet]) -> list[CutSet]:
    """Absorption: drop every set that contains another one. Sorted by size, then names.

    Small candidates look their subsets up in a hash set (2^n lookups); large ones scan the kept
    sets — whichever is cheaper — so tens of thousands of sets minimise in seconds, not hours.
    """
    kept: list[CutSet] = []
    index: set[CutSet] = set()
    sizes: list[int] = []
    for candidate in sorted(set(sets), key=lambda s: (len(s), sorted(s))):
        n = len(candidate)
        if n < 20 and 2**n < len(kept):
            absorbed = any(
                frozenset(sub) in index
                for r in sizes
                if r < n
                for sub in itertools.combinations(sorted(candidate), r)
            )
        else:
            absorbed = any(k <= candidate for k in kept)
        if not absorbed:
            kept.append(candidate)
            index.add(candidate)
            if n not in sizes:
                sizes.append(n)
    return kept


def _and(families: list[list[CutSet]]) -> list[CutSet]:
    result: list[CutSet] = [frozenset()]
    for family in families:
        result = minimise(a | b for a in result for b in family)
        if len(result) > MAX_CUT_SETS:
            raise InvalidInput(f"fault tree too large: more than {MAX_CUT_SETS} cut sets")
    return result


def minimal_cut_sets(tree: FaultTree) -> list[CutSet]:
    """Every smallest combination of basic events that causes the top event (validated first)."""
    nodes = validate(tree)
    memo: dict[str, list[CutSet]] = {}

    def expand(node_id: str) -> list[CutSet]:
        if node_id in memo:
            return memo[node_id]
        node = nodes[node_id]
        gate = normalise_gate(node.gate)
        if gate is None:
            result = [frozenset({node_id})]
        else:
            kids = [expand(child) for child in node.children]
            if gate == "or":
                result = minimise(itertools.chain.from_iterable(kids))
            elif gate == "and":
                result = _and(kids)
            else:
                k = _vote(gate)[0]  # type: ignore[index]
                result = minimise(
                    itertools.chain.from_iterable(
                        _and(list(combo)) for combo in itertools.combinations(kids, k)
                    )
                )
        memo[node_id] = result
        return result

    return expand(tree.top)


def single_points_of_failure(tree: FaultTree) -> list[str]:
    """Basic events that alone cause the top event (cut sets of size one)."""
    return sorted(next(iter(s)) for s in minimal_cut_sets(tree) if len(s) == 1)


def basic_events(tree: FaultTree) -> list[FaultNode]:
    return [n for n in tree.nodes if normalise_gate(n.gate) is None]


MAX_SHARED = 14  # repeated events conditioned on exactly; beyond, the cut-set method takes over


def _paths(nodes: Mapping[str, FaultNode], top: str) -> dict[str, int]:
    """How many distinct paths lead from the top event to each node (0: unreachable)."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(node_id: str) -> None:
        if node_id in seen:
            return
        seen.add(node_id)
        for child in nodes[node_id].children:
            visit(child)
        order.append(node_id)

    visit(top)
    paths = dict.fromkeys(order, 0)
    paths[top] = 1
    for node_id in reversed(order):  # parents before children
        for child in nodes[node_id].children:
            paths[child] += paths[node_id]
    return paths


def _at_least(k: int, probabilities: list[float]) -> float:
    """P(at least k of independent events occur), by dynamic programming over the count."""
    dist = [1.0]
    for q in probabilities:
        dist = [a * (1 - q) + b * q for a, b in zip([*dist, 0.0], [0.0, *dist], strict=True)]
    return sum(dist[k:])


def _evaluate(
    nodes: Mapping[str, FaultNode], node_id: str, p: Mapping[str, float], memo: dict[str, float]
) -> float:
    """P(node) when every event below it occurs on one path only (or is fixed to 0/1 in `p`)."""
    if node_id in memo:
        return memo[node_id]
    node = nodes[node_id]
    gate = normalise_gate(node.gate)
    if gate is None:
        result = p[node_id]
    else:
        kids = [_evaluate(nodes, c, p, memo) for c in node.children]
        if gate == "and":
            result = math.prod(kids)
        elif gate == "or":
            result = 1.0 - math.prod(1.0 - q for q in kids)
        else:
            result = _at_least(_vote(gate)[0], kids)  # type: ignore[index]
    memo[node_id] = result
    return result


def _tree_probability(
    nodes: Mapping[str, FaultNode], top: str, p: Mapping[str, float]
) -> float | None:
    """Exact P(top) on the tree itself: condition on every repeated basic event (2^s cases);
    given those, the remaining events occur once each and sibling sub-trees are independent.
    None when more than MAX_SHARED events repeat."""
    paths = _paths(nodes, top)
    shared = sorted(e for e, n in paths.items() if nodes[e].gate is None and n > 1)
    if len(shared) > MAX_SHARED:
        return None
    total = 0.0
    for bits in itertools.product((False, True), repeat=len(shared)):
        weight = 1.0
        for event, on in zip(shared, bits, strict=True):
            weight *= p[event] if on else 1.0 - p[event]
        if weight == 0.0:
            continue
        fixed = {e: 1.0 if on else 0.0 for e, on in zip(shared, bits, strict=True)}
        total += weight * _evaluate(nodes, top, {**p, **fixed}, {})
    return min(max(total, 0.0), 1.0)


def _reachable_probabilities(
    tree: FaultTree, nodes: Mapping[str, FaultNode]
) -> dict[str, float] | None:
    events = [e for e in _paths(nodes, tree.top) if nodes[e].gate is None]
    if any(nodes[e].probability is None for e in events):
        return None
    return {e: float(nodes[e].probability) for e in events}  # type: ignore[arg-type]


def union_probability(cut_sets: list[CutSet], p: Mapping[str, float]) -> float:
    """P(at least one cut set fully occurs) for independent events, exactly.

    Shannon expansion on the most frequent event: P(f) = p·P(f | e) + (1-p)·P(f | ¬e), where
    conditioning on e removes it from every set and on ¬e drops the sets containing it. The
    sub-families are memoised, as a BDD shares its sub-graphs.
    """

    @cache
    def prob(family: frozenset[CutSet]) -> float:
        if not family:
            return 0.0
        if frozenset() in family:
            return 1.0
        counts = Counter(e for s in family for e in s)
        event = max(counts, key=lambda e: (counts[e], e))
        pe = p[event]
        with_e = frozenset(minimise(s - {event} for s in family))
        without_e = frozenset(s for s in family if event not in s)
        return pe * prob(with_e) + (1.0 - pe) * prob(without_e)

    return prob(frozenset(minimise(cut_sets)))


def _probability(tree: FaultTree, nodes: Mapping[str, FaultNode], p: Mapping[str, float]) -> float:
    exact = _tree_probability(nodes, tree.top, p)
    if exact is not None:
        return exact
    return union_probability(minimal_cut_sets(tree), p)


def top_event_probability(tree: FaultTree) -> float | None:
    """Exact probability of the top event, basic events independent (shared ones counted once).

    None when a basic event under the top has no probability. Validates the tree first.
    """
    nodes = validate(tree)
    p = _reachable_probabilities(tree, nodes)
    return None if p is None else _probability(tree, nodes, p)


@dataclass
class Importance:
    event: str
    birnbaum: float  # P(top | event) - P(top | not event): how much the event matters
    fussell_vesely: float | None  # share of P(top) through cut sets holding the event


def importance(tree: FaultTree, *, max_cut_sets: int = 2000) -> list[Importance]:
    """Importance of each basic event, most important first; empty without probabilities.

    Fussell-Vesely needs the cut sets and is None for trees with more than `max_cut_sets`.
    """
    nodes = validate(tree)
    p = _reachable_probabilities(tree, nodes)
    if p is None:
        return []
    top = _probability(tree, nodes, p)
    try:
        cut_sets: list[CutSet] | None = minimal_cut_sets(tree)
    except InvalidInput:
        cut_sets = None
    if cut_sets is not None and len(cut_sets) > max_cut_sets:
        cut_sets = None
    result = []
    for event in sorted(p):
        hi = _probability(tree, nodes, {**p, event: 1.0})
        lo = _probability(tree, nodes, {**p, event: 0.0})
        share = None
        if cut_sets is not None:
            through = union_probability([s for s in cut_sets if event in s], p)
            share = through / top if top else 0.0
        result.append(Importance(event, hi - lo, share))
    return sorted(result, key=lambda i: (-i.birnbaum, i.event))


# --- building and reading trees ------------------------------------------------------------------


def _node_from(node_id: str, spec: Any, where: str) -> FaultNode:
    if spec is None:
        spec = {}
    if not isinstance(spec, dict):
        raise InvalidInput(
            f"{where}: node {node_id!r} must be a mapping (label, gate, children, probability)"
        )
    unknown = set(spec) - {"id", "label", "gate", "children", "probability", "p"}
    if unknown:
        raise InvalidInput(
            f"{where}: node {node_id!r} has unknown field(s) {', '.join(sorted(map(str, unknown)))}; "
            "expected label, gate, children, probability"
        )
    children = spec.get("children") or []
    if not isinstance(children, list):
        raise InvalidInput(f"{where}: children of {node_id!r} must be a list of node ids")
    probability = spec.get("probability", spec.get("p"))
    if probability is not None:
        try:
            probability = float(probability)
        except (TypeError, ValueError):
            raise InvalidInput(
                f"{where}: probability of {node_id!r} is {probability!r}; expected a number between 0 and 1",
                field="probability",
            ) from None
    return FaultNode(
        id=str(node_id),
        label=str(spec.get("label") or node_id),
        gate=normalise_gate(spec.get("gate"), where=f"{where}: node {node_id!r}"),
        children=[str(c["id"]) if isinstance(c, dict) else str(c) for c in children],
        probability=probability,
    )


def _flatten_nested(spec: Any, where: str, out: list[FaultNode]) -> str:
    """A nested `top:` mapping (children written inline) → flat nodes; returns the node's id.

    A child written as a bare id (or a mapping holding only `id`) refers to a node defined elsewhere.
    """
    if not isinstance(spec, dict) or "id" not in spec:
        raise InvalidInput(f"{where}: every nested node needs an 'id'")
    for child in spec.get("children") or []:
        if isinstance(child, dict) and set(child) - {"id"}:
            _flatten_nested(child, where, out)
    out.append(_node_from(str(spec["id"]), spec, where))
    return str(spec["id"])


def tree_from_dict(raw: Any, *, source: str = "<tree>") -> FaultTree:
    """A FaultTree from the YAML/JSON shape; validated (dangling and cyclic trees are refused).

    Shapes accepted: `{name, top: ID, nodes: {ID: {label, gate, children, probability}}}`,
    `nodes` as a list of mappings with `id`, or `top` as one nested mapping with inline children.
    """
    if not isinstance(raw, dict):
        raise InvalidInput(f"{source}: expected a mapping with 'top' and 'nodes'")
    name = str(raw.get("name") or raw.get("title") or "fault tree")
    top = raw.get("top")
    nodes: list[FaultNode] = []
    if isinstance(top, dict):
        top = _flatten_nested(top, source, nodes)
    raw_nodes = raw.get("nodes") or {}
    if isinstance(raw_nodes, dict):
        nodes += [_node_from(str(k), v, source) for k, v in raw_nodes.items()]
    elif isinstance(raw_nodes, list):
        for index, spec in enumerate(raw_nodes, 1):
            if not isinstance(spec, dict) or "id" not in spec:
                raise InvalidInput(f"{source}: nodes[{index}] needs an 'id'")
            nodes.append(_node_from(str(spec["id"]), spec, source))
    else:
        raise InvalidInput(f"{source}: 'nodes' must be a mapping of id → node or a list")
    if top is None:
        raise InvalidInput(f"{source}: missing 'top' (the id of the top event)", field="top")
    tree = FaultTree(name=name, top=str(top), nodes=nodes)
    try:
        validate(tree)
    except InvalidInput as error:
        raise InvalidInput(f"{source}: {error.message}", field=error.field) from None
    return tree


def parse_tree_yaml(text: str, *, source: str = "<tree.yaml>") -> FaultTree:
    try:
        raw = safeyaml.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise InvalidInput(
            f"{source}{line}: not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from None
    return tree_from_dict(raw, source=source)


def tree_to_dict(tree: FaultTree) -> dict[str, Any]:
    """The YAML shape `tree_from_dict` reads back."""
    nodes: dict[str, Any] = {}
    for n in tree.nodes:
        spec: dict[str, Any] = {"label": n.label}
        if n.gate:
            spec["gate"] = n.gate
            spec["children"] = list(n.children)
        if n.probability is not None:
            spec["probability"] = n.probability
        nodes[n.id] = spec
    return {"name": tree.name, "top": tree.top, "nodes": nodes}


def set_gate(
    tree: FaultTree, node_id: str, gate: str, children: list[str], label: str | None = None
) -> None:
    """Make `node_id` a gate over `children`, creating undefined children as basic events.

    The change is refused (tree left as it was) when it would create a cycle.
    """
    gate_name = normalise_gate(gate, where=f"node {node_id!r}")
    if gate_name is None or not children:
        raise InvalidInput(f"gate {node_id!r} needs a gate type and children", field="children")
    before = [FaultNode(n.id, n.label, n.gate, list(n.children), n.probability) for n in tree.nodes]
    top_before = tree.top
    existing = {n.id: n for n in tree.nodes}
    node = existing.get(node_id)
    if node is None:
        node = FaultNode(id=node_id, label=label or node_id)
        tree.nodes.append(node)
        existing[node_id] = node
    node.gate, node.children, node.probability = gate_name, list(children), None
    if label:
        node.label = label
    for child in children:
        if child not in existing:
            existing[child] = FaultNode(id=child, label=child)
            tree.nodes.append(existing[child])
    if not tree.top:
        tree.top = node_id
    try:
        validate(tree)
    except InvalidInput:
        tree.nodes, tree.top = before, top_before
        raise


def set_event(
    tree: FaultTree, node_id: str, *, label: str | None = None, probability: float | None = None
) -> None:
    """Add or update a basic event (or relabel any node)."""
    node = next((n for n in tree.nodes if n.id == node_id), None)
    if node is None:
        node = FaultNode(id=node_id, label=label or node_id)
        tree.nodes.append(node)
    if label:
        node.label = label
    if probability is not None:
        if node.gate:
            raise InvalidInput(
                f"{node_id!r} is a gate; only basic events carry a probability", field="probability"
            )
        if not 0.0 <= probability <= 1.0:
            raise InvalidInput(
                f"probability of {node_id!r} must be between 0 and 1", field="probability"
            )
        node.probability = probability
    if not tree.top:
        tree.top = node_id


# --- choosing and editing an incident's trees ------------------------------------------------------


@dataclass(frozen=True)
class TreeEdit:
    """Changes to one tree, applied in this order: gates, basic events, labels, top event.

    `gates`: (node id, gate kind as `normalise_gate` reads it, child ids); `events`: (node id,
    probability or None to leave it); `labels`: (node id, the words shown)."""

    gates: Sequence[tuple[str, str, Sequence[str]]] = ()
    events: Sequence[tuple[str, float | None]] = ()
    labels: Sequence[tuple[str, str]] = ()
    top: str | None = None

    def __bool__(self) -> bool:
        return bool(self.gates or self.events or self.labels or self.top)


def apply_edit(tree: FaultTree, edit: TreeEdit) -> None:
    """Apply `edit` to `tree`, then validate the whole tree."""
    for node_id, kind, children in edit.gates:
        set_gate(tree, node_id, kind, [c.strip() for c in children if c.strip()])
    for node_id, probability in edit.events:
        set_event(tree, node_id, probability=probability)
    for node_id, text in edit.labels:
        set_event(tree, node_id, label=text)
    if edit.top:
        tree.top = edit.top
    validate(tree)


def pick_tree(incident: Incident, name: str | None, *, create: bool) -> FaultTree:
    """The tree called `name` (or the only one); a new empty one when `create` and none matches."""
    if name is not None:
        found = [t for t in incident.fault_trees if t.name == name]
        if found:
            return found[0]
        if not create:
            raise NotFound(f"{incident.id} has no fault tree named {name!r}")
    elif len(incident.fault_trees) == 1:
        return incident.fault_trees[0]
    elif incident.fault_trees:
        names = ", ".join(repr(t.name) for t in incident.fault_trees)
        raise InvalidInput(
            f"{incident.id} has several fault trees ({names}); choose one with --name", field="name"
        )
    elif not create:
        raise NotFound(f"{incident.id} has no fault tree")
    tree = FaultTree(name=name or "fault tree", top="")
    incident.fault_trees.append(tree)
    return tree


def tree_at(incident: Incident, number: int) -> FaultTree:
    """Tree number `number` (1-based, in the order they are listed)."""
    if not 1 <= number <= len(incident.fault_trees):
        raise NotFound(f"no fault tree {number} in {incident.id}")
    return incident.fault_trees[number - 1]


def put_tree(incident: Incident, tree: FaultTree) -> bool:
    """Add `tree`, or put it in the place of the tree of the same name: True when it replaced one."""
    for index, known in enumerate(incident.fault_trees):
        if known.name == tree.name:
            incident.fault_trees[index] = tree
            return True
    incident.fault_trees.append(tree)
    return False


def named_tree_from_dict(data: Mapping[str, Any], *, source: str = "fault tree") -> FaultTree:
    """A FaultTree from the API's JSON, read by the same rules as a YAML file; it must be named."""
    if not str(data.get("name") or "").strip():
        raise InvalidInput("name: give the fault tree a name", field="name")
    return tree_from_dict(dict(data), source=source)

"""Fault trees: cut sets, single points of failure, exact probability — checked against brute force."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hindsight.analysis import fault_tree as fta
from hindsight.domain.model import FaultNode, FaultTree
from hindsight.errors import InvalidInput
from tests.conftest import TEST_DATA

CHECKOUT = """
name: Checkout unavailable
top: checkout_down
nodes:
  checkout_down: {label: Checkout returns 5xx, gate: or, children: [db_unavailable, bad_release]}
  db_unavailable: {label: Orders DB unavailable, gate: and, children: [primary_down, failover_fails]}
  failover_fails: {label: Failover does not complete, gate: or, children: [replica_lag, dns_ttl]}
  bad_release: {label: Faulty release reaches 100%, gate: and, children: [bug_shipped, canary_missed]}
  primary_down: {label: Primary disk full, probability: 0.02}
  replica_lag: {label: Replica lag > 30 s, probability: 0.1}
  dns_ttl: {label: Clients cache DNS for 10 min, probability: 0.3}
  bug_shipped: {label: Bug passes CI, probability: 0.05}
  canary_missed: {label: Canary analysis disabled, probability: 0.5}
"""


def evaluate(tree: FaultTree, state: dict[str, bool]) -> bool:
    """The tree's structure function, straight from the definition (the oracle for the tests)."""
    nodes = {n.id: n for n in tree.nodes}

    def value(node_id: str) -> bool:
        node = nodes[node_id]
        gate = fta.normalise_gate(node.gate)
        if gate is None:
            return state[node_id]
        kids = [value(c) for c in node.children]
        if gate == "and":
            return all(kids)
        if gate == "or":
            return any(kids)
        return sum(kids) >= int(gate.split("/")[0])

    return value(tree.top)


def brute_force_probability(tree: FaultTree) -> float:
    events = [n for n in tree.nodes if n.gate is None]
    total = 0.0
    for bits in itertools.product((False, True), repeat=len(events)):
        state = {e.id: b for e, b in zip(events, bits, strict=True)}
        if evaluate(tree, state):
            weight = 1.0
            for e, b in zip(events, bits, strict=True):
                weight *= e.probability if b else 1 - e.probability  # type: ignore[operator]
            total += weight
    return total


def test_checkout_tree_cut_sets_and_probability() -> None:
    tree = fta.parse_tree_yaml(CHECKOUT, source="checkout.yaml")
    cut_sets = fta.minimal_cut_sets(tree)
    assert sorted(sorted(c) for c in cut_sets) == [
        ["bug_shipped", "canary_missed"],
        ["dns_ttl", "primary_down"],
        ["primary_down", "replica_lag"],
    ]
    assert fta.single_points_of_failure(tree) == []
    assert fta.top_event_probability(tree) == pytest.approx(
        brute_force_probability(tree), abs=1e-12
    )
    top = fta.importance(tree)[0]
    assert top.event == "canary_missed" or top.birnbaum >= max(
        i.birnbaum for i in fta.importance(tree)
    )


def test_shared_event_is_counted_once() -> None:
    # top = (a AND b) OR (a AND c): the rare-event sum would double-count a.
    tree = fta.tree_from_dict(
        {
            "top": "t",
            "nodes": {
                "t": {"gate": "or", "children": ["x", "y"]},
                "x": {"gate": "and", "children": ["a", "b"]},
                "y": {"gate": "and", "children": ["a", "c"]},
                "a": {"p": 0.5},
                "b": {"p": 0.5},
                "c": {"p": 0.5},
            },
        }
    )
    assert fta.top_event_probability(tree) == pytest.approx(0.5 * (1 - 0.25))  # a and (b or c)


def test_single_point_of_failure_and_absorption() -> None:
    tree = fta.tree_from_dict(
        {
            "top": "t",
            "nodes": {
                "t": {"gate": "or", "children": ["lb", "both"]},
                "both": {"gate": "and", "children": ["lb", "az"]},  # absorbed by {lb}
                "lb": {"label": "Single load balancer"},
                "az": {},
            },
        }
    )
    assert fta.minimal_cut_sets(tree) == [frozenset({"lb"})]
    assert fta.single_points_of_failure(tree) == ["lb"]
    assert fta.top_event_probability(tree) is None  # no probabilities given


def test_vote_gate() -> None:
    nodes = {
        "quorum_lost": {"gate": "2oo3", "children": ["a", "b", "c"]},
        "a": {},
        "b": {},
        "c": {},
    }
    tree = fta.tree_from_dict({"top": "quorum_lost", "nodes": nodes})
    assert len(fta.minimal_cut_sets(tree)) == 3
    assert all(len(c) == 2 for c in fta.minimal_cut_sets(tree))


def test_nested_yaml_shape() -> None:
    tree = fta.parse_tree_yaml(
        """
name: nested
top:
  id: outage
  gate: or
  children:
    - {id: power, probability: 0.01}
    - id: network
      gate: and
      children: [{id: link_a, probability: 0.1}, {id: link_b, probability: 0.1}]
"""
    )
    assert fta.top_event_probability(tree) == pytest.approx(1 - 0.99 * (1 - 0.01))


@pytest.mark.parametrize(
    ("nodes", "message"),
    [
        ({"t": {"gate": "or", "children": ["a", "ghost"]}, "a": {}}, "dangling"),
        (
            {
                "t": {"gate": "or", "children": ["g"]},
                "g": {"gate": "and", "children": ["t", "a"]},
                "a": {},
            },
            "cycle",
        ),
        ({"t": {"gate": "xor", "children": ["a"]}, "a": {}}, "not a gate"),
        ({"t": {"gate": "or", "children": []}}, "no children"),
        ({"t": {"gate": "or", "children": ["a"]}, "a": {"probability": 1.5}}, "between 0 and 1"),
        ({"t": {"gate": "2/3", "children": ["a", "b"]}, "a": {}, "b": {}}, "has 2 children"),
        ({"t": {"gate": "or", "children": ["a"]}, "a": {"colour": "red"}}, "unknown field"),
    ],
)
def test_bad_trees_are_refused_with_the_rule(nodes: dict, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as info:
        fta.tree_from_dict({"top": "t", "nodes": nodes}, source="tree.yaml")
    assert info.value.message.startswith("tree.yaml")


def test_yaml_syntax_error_names_file_and_line() -> None:
    with pytest.raises(InvalidInput, match=r"bad\.yaml:\d+: not valid YAML"):
        fta.parse_tree_yaml("top: t\nnodes:\n  t: {gate: or, children: [a\n", source="bad.yaml")


def test_file_in_test_data_round_trips() -> None:
    text = (TEST_DATA / "analysis" / "db_failover_tree.yaml").read_text("utf-8")
    tree = fta.parse_tree_yaml(text)
    again = fta.tree_from_dict(fta.tree_to_dict(tree))
    assert fta.minimal_cut_sets(again) == fta.minimal_cut_sets(tree)
    assert fta.top_event_probability(again) == fta.top_event_probability(tree)


def test_cli_style_building_refuses_cycles_and_keeps_the_tree() -> None:
    tree = FaultTree(name="t", top="")
    fta.set_gate(tree, "top", "or", ["a", "b"])
    fta.set_gate(tree, "a", "and", ["c", "d"])
    fta.set_event(tree, "c", probability=0.1)
    before = [(n.id, n.gate, list(n.children)) for n in tree.nodes]
    with pytest.raises(InvalidInput, match="cycle"):
        fta.set_gate(tree, "d", "or", ["top"])
    assert [(n.id, n.gate, list(n.children)) for n in tree.nodes] == before
    assert tree.top == "top"


# --- properties ---------------------------------------------------------------------------------


@st.composite
def trees(draw: st.DrawFn) -> FaultTree:
    """Random DAG fault trees over ≤ 7 basic events, with shared events and sub-trees."""
    n_events = draw(st.integers(1, 7))
    events = [f"e{i}" for i in range(n_events)]
    probabilities = draw(st.lists(st.floats(0.0, 1.0), min_size=n_events, max_size=n_events))
    nodes = [FaultNode(e, e, probability=p) for e, p in zip(events, probabilities, strict=True)]
    available = list(events)
    for g in range(draw(st.integers(1, 6))):
        children = draw(st.lists(st.sampled_from(available), min_size=1, max_size=4, unique=True))
        kind = draw(st.sampled_from(["and", "or", "vote"]))
        gate = f"{draw(st.integers(1, len(children)))}/{len(children)}" if kind == "vote" else kind
        nodes.append(FaultNode(f"g{g}", f"gate {g}", gate=gate, children=children))
        available.append(f"g{g}")
    return FaultTree(name="random", top=available[-1], nodes=nodes)


@settings(max_examples=150, deadline=None)
@given(trees())
def test_every_cut_set_is_minimal_and_causes_the_top_event(tree: FaultTree) -> None:
    events = [n.id for n in tree.nodes if n.gate is None]
    cut_sets = fta.minimal_cut_sets(tree)
    for cut in cut_sets:
        assert evaluate(tree, {e: e in cut for e in events})
        for e in cut:  # dropping any event stops the top event: no proper subset suffices
            assert not evaluate(tree, {x: x in cut - {e} for x in events})
    # completeness: every failing state contains some cut set
    for bits in itertools.product((False, True), repeat=len(events)):
        failed = {e for e, b in zip(events, bits, strict=True) if b}
        assert evaluate(tree, {e: e in failed for e in events}) == any(
            c <= failed for c in cut_sets
        )


@settings(max_examples=150, deadline=None)
@given(trees())
def test_probability_matches_brute_force_enumeration(tree: FaultTree) -> None:
    used = set().union(*fta.minimal_cut_sets(tree))
    exact = fta.top_event_probability(tree)
    assert exact is not None
    if used:
        assert exact == pytest.approx(brute_force_probability(tree), abs=1e-9)
    assert 0.0 <= exact <= 1.0 + 1e-12


@settings(max_examples=100, deadline=None)
@given(trees())
def test_cut_set_method_agrees_with_the_tree_method(tree: FaultTree) -> None:
    """The two exact methods (conditioning on the tree; Shannon on cut sets) must agree."""
    p = {n.id: n.probability for n in tree.nodes if n.gate is None}
    via_cut_sets = fta.union_probability(fta.minimal_cut_sets(tree), p)  # type: ignore[arg-type]
    assert via_cut_sets == pytest.approx(brute_force_probability(tree), abs=1e-9)


def test_many_repeated_events_fall_back_to_cut_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fta, "MAX_SHARED", 0)
    tree = fta.parse_tree_yaml(
        (TEST_DATA / "analysis" / "db_failover_tree.yaml").read_text("utf-8")
    )
    shared = fta.tree_from_dict({"top": "t", "nodes": {
        "t": {"gate": "or", "children": ["x", "y"]}, "x": {"gate": "and", "children": ["a", "b"]},
        "y": {"gate": "and", "children": ["a", "c"]}, "a": {"p": 0.5}, "b": {"p": 0.5}, "c": {"p": 0.5}}})  # fmt: skip
    assert fta.top_event_probability(shared) == pytest.approx(0.375)
    assert fta.top_event_probability(tree) == pytest.approx(brute_force_probability(tree))


def test_importance_ranks_the_event_that_matters_most() -> None:
    tree = fta.parse_tree_yaml(
        (TEST_DATA / "analysis" / "db_failover_tree.yaml").read_text("utf-8")
    )
    ranked = fta.importance(tree)
    assert {i.event for i in ranked} == {n.id for n in fta.basic_events(tree)}
    assert ranked[0].birnbaum == max(i.birnbaum for i in ranked)
    assert all(i.fussell_vesely is not None and 0 <= i.fussell_vesely <= 1 + 1e-9 for i in ranked)


def test_minimise_large_families_quickly() -> None:
    sets = [
        frozenset({f"a{i}", f"b{j}", f"c{k}"})
        for i in range(30)
        for j in range(30)
        for k in range(10)
    ]
    sets += [frozenset({"a0", "b0"})]
    kept = fta.minimise(sets)
    assert len(kept) == len(sets) - 10  # the ten {a0, b0, c*} are absorbed by {a0, b0}

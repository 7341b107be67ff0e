"""Fishbone and fault-tree diagrams: well-formed SVG, escaped labels, Mermaid that names every node."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hindsight.analysis import diagrams
from hindsight.analysis import fault_tree as fta
from hindsight.analysis.fishbone import add_factor
from hindsight.domain.model import DEFAULT_FACTOR_CATEGORIES, Incident
from tests.conftest import TEST_DATA

SVG = "{http://www.w3.org/2000/svg}"


def incident() -> Incident:
    inc = Incident(id="INC-1", title='Checkout <5xx> & "timeouts"')
    add_factor(inc, "Process", "Config pushes skip review & canary")
    add_factor(
        inc, "Technology", "Envoy timeout default of 1s applied to slow <orders-v2> route " * 2
    )
    add_factor(inc, "Technology", "No retry budget")
    return inc


def texts(svg: str) -> str:
    root = ET.fromstring(svg)
    return " ".join("".join(el.itertext()) for el in root.iter(f"{SVG}text"))


def test_fishbone_svg_is_well_formed_and_shows_every_category() -> None:
    svg = diagrams.fishbone_svg(incident(), DEFAULT_FACTOR_CATEGORIES)
    root = ET.fromstring(svg)  # raises on unescaped & or <
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    shown = texts(svg)
    for category in DEFAULT_FACTOR_CATEGORIES:
        assert category in shown
    assert "Config pushes skip review & canary" in shown
    assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    titles = " ".join(el.text or "" for el in root.iter(f"{SVG}title"))
    assert "orders-v2> route Envoy" in titles  # long label kept whole in the tooltip


def test_fishbone_mermaid_names_each_factor_and_escapes_quotes() -> None:
    text = diagrams.fishbone_mermaid(incident(), DEFAULT_FACTOR_CATEGORIES)
    assert text.startswith("flowchart LR")
    assert "No retry budget" in text and "#quot;timeouts#quot;" in text
    assert '"' not in text.split("effect[[")[1].split("]]")[0].strip('"')


def tree() -> fta.FaultTree:
    return fta.parse_tree_yaml(
        (TEST_DATA / "analysis" / "db_failover_tree.yaml").read_text("utf-8")
    )


def test_fault_tree_svg_draws_every_node_and_the_analysis() -> None:
    t = tree()
    svg = diagrams.fault_tree_svg(t)
    root = ET.fromstring(svg)
    assert len(list(root.iter(f"{SVG}ellipse"))) == len(fta.basic_events(t))
    assert len(list(root.iter(f"{SVG}rect"))) == len([n for n in t.nodes if n.gate])
    shown = texts(svg)
    assert "minimal cut set" in shown and "P(top)" in shown


def test_fault_tree_svg_marks_single_points_of_failure() -> None:
    t = fta.tree_from_dict({"top": "t", "nodes": {"t": {"gate": "or", "children": ["lb", "x"]},
                                                  "x": {"gate": "and", "children": ["a", "b"]},
                                                  "lb": {"label": "Only one load balancer"}, "a": {}, "b": {}}})  # fmt: skip
    svg = diagrams.fault_tree_svg(t)
    assert "single point of failure" in svg
    assert "single points of failure: lb" in texts(svg)
    mermaid = diagrams.fault_tree_mermaid(t)
    assert "class n1 spof" in mermaid or "spof" in mermaid.splitlines()[-1]


def test_fault_tree_mermaid_has_one_edge_per_child() -> None:
    t = tree()
    text = diagrams.fault_tree_mermaid(t)
    assert text.startswith("flowchart TB")
    assert text.count("-->") == sum(len(n.children) for n in t.nodes)
    assert "AND" in text and "OR" in text and "p = 0.02" in text


def test_invalid_tree_still_draws_with_a_note() -> None:
    broken = fta.FaultTree(
        "broken", "t", [fta.FaultNode("t", "Top", gate="or", children=["ghost"])]
    )
    svg = diagrams.fault_tree_svg(broken)
    ET.fromstring(svg)
    assert "not analysable" in texts(svg)

"""Diagrams of the analysis: fishbone and fault tree, as Mermaid (markdown) and as SVG (HTML).

The SVG is written by hand — no third-party assets, no scripts — so a published postmortem
stays one self-contained file. Every label is escaped; long labels are shortened on the drawing
and kept whole in a <title> tooltip.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from html import escape

from hindsight.analysis import fault_tree as fta
from hindsight.analysis.fishbone import by_category, effect
from hindsight.domain.model import FaultNode, FaultTree, Incident
from hindsight.errors import InvalidInput

FONT = "font-family='-apple-system, Segoe UI, Helvetica, Arial, sans-serif'"


# --- Mermaid ------------------------------------------------------------------------------------


def _mm(text: str, width: int = 40) -> str:
    """A Mermaid label: quotes and angle brackets as entity codes, wrapped with <br/>."""
    safe = " ".join(text.split()).replace("#", "#35;").replace('"', "#quot;")
    safe = safe.replace("<", "#lt;").replace(">", "#gt;")
    return "<br/>".join(textwrap.wrap(safe, width) or [""])


def fishbone_mermaid(incident: Incident, categories: Sequence[str]) -> str:
    """A left-to-right flowchart: factors → their category → the effect (the fish's head)."""
    lines = ["flowchart LR", f'  effect[["{_mm(effect(incident))}"]]']
    for i, (category, factors) in enumerate(by_category(incident, categories).items()):
        lines.append(f'  c{i}["{_mm(category)}"] --> effect')
        for j, text in enumerate(factors):
            lines.append(f'  c{i}f{j}("{_mm(text)}") --> c{i}')
    lines += [
        "  classDef cat fill:#eef2ff,stroke:#4f46e5,font-weight:bold",
        "  classDef head fill:#fee2e2,stroke:#b91c1c",
        "  class effect head",
    ]
    cats = ",".join(f"c{i}" for i in range(len(by_category(incident, categories))))
    if cats:
        lines.append(f"  class {cats} cat")
    return "\n".join(lines) + "\n"


def _gate_caption(gate: str | None) -> str:
    if gate is None:
        return ""
    if gate in ("and", "or"):
        return gate.upper()
    k, _, n = gate.partition("/")
    return f"{k} of {n}"


def _analysis(tree: FaultTree) -> tuple[set[str], str]:
    """Single points of failure and a one-line summary; empty when the tree does not validate."""
    try:
        cut_sets = fta.minimal_cut_sets(tree)
        p_top = fta.top_event_probability(tree)
    except InvalidInput as error:
        return set(), f"not analysable: {error.message}"
    spofs = {next(iter(s)) for s in cut_sets if len(s) == 1}
    parts = [f"{len(cut_sets)} minimal cut set(s)"]
    if spofs:
        parts.append("single points of failure: " + ", ".join(sorted(spofs)))
    if p_top is not None:
        parts.append(f"P(top) = {p_top:.3g}")
    return spofs, " · ".join(parts)


def fault_tree_mermaid(tree: FaultTree) -> str:
    """A top-down flowchart: gates as boxes naming their logic, basic events as rounded nodes."""
    spofs, _ = _analysis(tree)
    ids = {n.id: f"n{i}" for i, n in enumerate(tree.nodes)}
    lines = ["flowchart TB"]
    for node in tree.nodes:
        gate = fta.normalise_gate(node.gate) if node.gate else None
        if gate:
            lines.append(f'  {ids[node.id]}["{_mm(node.label)}<br/><b>{_gate_caption(gate)}</b>"]')
        else:
            extra = f"<br/>p = {node.probability:.3g}" if node.probability is not None else ""
            lines.append(f'  {ids[node.id]}(["{_mm(node.label)}{extra}"])')
    for node in tree.nodes:
        for child in node.children:
            if child in ids:
                lines.append(f"  {ids[node.id]} --> {ids[child]}")
    lines.append("  classDef gate fill:#eef2ff,stroke:#4f46e5")
    lines.append("  classDef spof fill:#fee2e2,stroke:#b91c1c,stroke-width:2px")
    gates = [ids[n.id] for n in tree.nodes if n.gate]
    if gates:
        lines.append(f"  class {','.join(gates)} gate")
    if spofs:
        lines.append(f"  class {','.join(ids[s] for s in sorted(spofs) if s in ids)} spof")
    return "\n".join(lines) + "\n"


# --- SVG ----------------------------------------------------------------------------------------


def _short(text: str, width: int, lines: int = 1) -> list[str]:
    wrapped = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return wrapped


def _text_lines(x: float, y: float, lines: list[str], *, anchor: str = "middle", size: int = 12,
                weight: str = "normal", step: float = 14) -> str:  # fmt: skip
    spans = "".join(
        f"<tspan x='{x:.1f}' dy='{0 if i == 0 else step}'>{escape(line)}</tspan>"
        for i, line in enumerate(lines)
    )
    return (
        f"<text x='{x:.1f}' y='{y:.1f}' text-anchor='{anchor}' font-size='{size}' "
        f"font-weight='{weight}' fill='#111827'>{spans}</text>"
    )


def _svg(width: float, height: float, title: str, body: list[str]) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width:.0f} {height:.0f}' "
        f"width='{width:.0f}' height='{height:.0f}' role='img' aria-label='{escape(title)}' {FONT}>"
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>\n"
    )


def fishbone_svg(incident: Incident, categories: Sequence[str]) -> str:
    """An Ishikawa diagram: a spine to the effect, one slanted bone per category, factors as ribs."""
    groups = list(by_category(incident, categories).items())
    columns = max(1, math.ceil(len(groups) / 2))
    most = max((len(f) for _, f in groups), default=0)
    bone_h = max(110.0, 40.0 + 26.0 * most)
    span, head_w, margin = 280.0, 220.0, 30.0
    width = margin * 2 + columns * span + head_w
    height = 2 * bone_h + 90
    mid = height / 2
    spine_end = width - margin - head_w
    head = _short(effect(incident), 26, 4)
    body = [
        f"<line x1='{margin}' y1='{mid}' x2='{spine_end}' y2='{mid}' stroke='#374151' stroke-width='3'/>",
        f"<rect x='{spine_end}' y='{mid - 40}' width='{head_w}' height='80' rx='10' fill='#fee2e2' "
        f"stroke='#b91c1c' stroke-width='2'><title>{escape(effect(incident))}</title></rect>",
        _text_lines(spine_end + head_w / 2, mid - 7 * (len(head) - 1) + 4, head, weight="bold"),
    ]
    for index, (category, factors) in enumerate(groups):
        column, top = divmod(index, 2)
        base_x = margin + (column + 1) * span - 10
        direction = -1 if top == 0 else 1
        end_x, end_y = base_x - bone_h * 0.45, mid + direction * bone_h
        body.append(
            f"<line x1='{base_x:.1f}' y1='{mid}' x2='{end_x:.1f}' y2='{end_y:.1f}' "
            "stroke='#4f46e5' stroke-width='2'/>"
        )
        label_y = end_y - 8 if direction < 0 else end_y + 18
        body.append(_text_lines(end_x, label_y, [category], weight="bold", size=13))
        for k, text in enumerate(factors):
            f = (k + 1) / (len(factors) + 1)
            x = end_x + (base_x - end_x) * f
            y = end_y + (mid - end_y) * f
            body.append(
                f"<g><title>{escape(text)}</title>"
                f"<line x1='{x - 14:.1f}' y1='{y:.1f}' x2='{x:.1f}' y2='{y:.1f}' stroke='#6b7280'/>"
                + _text_lines(x - 18, y + 4, _short(text, 34), anchor="end", size=11)
                + "</g>"
            )
        if not factors:
            body.append(
                _text_lines(
                    end_x + 10, (end_y + mid) / 2, ["(none recorded)"], anchor="end", size=10
                )
            )
    return _svg(width, height, f"Fishbone diagram: {effect(incident)}", body)


def _levels(tree: FaultTree, nodes: dict[str, FaultNode]) -> list[list[str]]:
    """Nodes by depth (longest path from the top, so shared events sit below all their parents)."""
    depth: dict[str, int] = {}
    order: list[str] = []

    def visit(node_id: str, d: int, path: frozenset[str]) -> None:
        if node_id not in nodes or node_id in path:
            return
        if node_id not in depth:
            order.append(node_id)
        if depth.get(node_id, -1) >= d:
            return
        depth[node_id] = d
        for child in nodes[node_id].children:
            visit(child, d + 1, path | {node_id})

    visit(tree.top, 0, frozenset())
    levels: list[list[str]] = [[] for _ in range(max(depth.values(), default=0) + 1)]
    for node_id in order:
        levels[depth[node_id]].append(node_id)
    return levels


def fault_tree_svg(tree: FaultTree) -> str:
    """A top-down fault tree: gate boxes with AND/OR symbols, basic events as ellipses.

    Single points of failure are outlined in red; the caption gives the cut sets and P(top).
    """
    nodes = {n.id: n for n in tree.nodes}
    spofs, summary = _analysis(tree)
    levels = _levels(tree, nodes)
    box_w, box_h, gap_x, gap_y, gate_h = 160.0, 56.0, 24.0, 70.0, 26.0
    widest = max((len(level) for level in levels), default=1)
    width = max(widest * (box_w + gap_x) + gap_x, 420.0)
    row_h = box_h + gate_h + gap_y
    height = len(levels) * row_h + 50
    pos: dict[str, tuple[float, float]] = {}
    for row, level in enumerate(levels):
        if row:  # order by the mean position of the parents to keep edges short

            def parent_x(node_id: str) -> float:
                xs = [pos[p][0] for p in pos if node_id in nodes[p].children]
                return sum(xs) / len(xs) if xs else 0.0

            level.sort(key=parent_x)
        used = len(level) * (box_w + gap_x) - gap_x
        start = (width - used) / 2
        for i, node_id in enumerate(level):
            pos[node_id] = (start + i * (box_w + gap_x) + box_w / 2, 20 + row * row_h)
    body: list[str] = []
    # Each gate of a row gets its own bus height, so buses to shared children never coincide.
    bus_slot: dict[str, int] = {}
    for level in levels:
        for index, node_id in enumerate(n for n in level if nodes[n].gate):
            bus_slot[node_id] = index
    for node_id, (x, y) in pos.items():  # edges first, under the boxes
        node = nodes[node_id]
        if not node.gate:
            continue
        sx, sy = x, y + box_h + gate_h
        for child in node.children:
            if child not in pos:
                continue
            cx, cy = pos[child]
            mid_y = sy + 10 + 9 * (bus_slot[node_id] % 6) if cy > sy + 20 else sy + (cy - sy) / 2
            body.append(
                f"<polyline points='{sx:.1f},{sy:.1f} {sx:.1f},{mid_y:.1f} {cx:.1f},{mid_y:.1f} "
                f"{cx:.1f},{cy:.1f}' fill='none' stroke='#6b7280' stroke-width='1.5'/>"
            )
    for node_id, (x, y) in pos.items():
        node = nodes[node_id]
        spof = node_id in spofs
        stroke = "#b91c1c" if spof else "#4f46e5"
        tip = node.label + (" — single point of failure" if spof else "")
        label = _short(node.label, 22, 2)
        parts = [f"<g><title>{escape(tip)}</title>"]
        if node.gate:
            parts.append(
                f"<rect x='{x - box_w / 2:.1f}' y='{y:.1f}' width='{box_w}' height='{box_h}' rx='4' "
                f"fill='#eef2ff' stroke='{stroke}' stroke-width='1.5'/>"
            )
            parts.append(_text_lines(x, y + 22 - 7 * (len(label) - 1) + 6, label, size=12))
            parts.append(_gate_symbol(x, y + box_h, gate_h, fta.normalise_gate(node.gate) or "or"))
        else:
            fill = "#fee2e2" if spof else "#f9fafb"
            parts.append(
                f"<ellipse cx='{x:.1f}' cy='{y + box_h / 2:.1f}' rx='{box_w / 2}' ry='{box_h / 2}' "
                f"fill='{fill}' stroke='{stroke}' stroke-width='{2 if spof else 1.5}'/>"
            )
            if node.probability is not None:
                label = [*_short(node.label, 24, 2), f"p = {node.probability:.3g}"]
            step = 12.0 if len(label) > 2 else 14.0
            top_y = y + box_h / 2 - step * (len(label) - 1) / 2 + 4
            parts.append(_text_lines(x, top_y, label, size=10 if len(label) > 2 else 11, step=step))
        parts.append("</g>")
        body.append("".join(parts))
    body.append(_text_lines(12, height - 16, [summary], anchor="start", size=11))
    return _svg(width, height, f"Fault tree: {tree.name}", body)


def _gate_symbol(x: float, top: float, h: float, gate: str) -> str:
    """The classic symbols: AND is a flat-bottomed dome, OR a curved shield; k/n is an OR with k."""
    w = 30.0
    left, right, bottom = x - w / 2, x + w / 2, top + h
    stem = f"<line x1='{x:.1f}' y1='{top:.1f}' x2='{x:.1f}' y2='{top + 4:.1f}' stroke='#4f46e5'/>"
    if gate == "and":
        shape = (
            f"<path d='M{left:.1f},{bottom:.1f} L{left:.1f},{top + h / 2 + 4:.1f} "
            f"A{w / 2:.1f},{h / 2:.1f} 0 0 1 {right:.1f},{top + h / 2 + 4:.1f} L{right:.1f},{bottom:.1f} Z' "
            "fill='#c7d2fe' stroke='#4f46e5'/>"
        )
    else:
        shape = (
            f"<path d='M{left:.1f},{bottom:.1f} Q{x:.1f},{bottom - 8:.1f} {right:.1f},{bottom:.1f} "
            f"Q{right:.1f},{top + 10:.1f} {x:.1f},{top + 4:.1f} Q{left:.1f},{top + 10:.1f} {left:.1f},{bottom:.1f} Z' "
            "fill='#e0e7ff' stroke='#4f46e5'/>"
        )
    caption = (
        ""
        if gate in ("and", "or")
        else _text_lines(x, bottom - 5, [gate.split("/")[0]], size=10, weight="bold")
    )
    return stem + shape + caption

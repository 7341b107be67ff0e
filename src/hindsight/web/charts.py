"""Small inline SVG charts drawn on the server (no script, no third-party library).

Each chart has a <title> and <desc> for screen readers and a table alternative on the page.
Colours come from CSS classes so the theme (and high-contrast mode) decides them.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from html import escape
from typing import Any

SEVERITY_CLASSES = {"P0": "sev0", "P1": "sev1", "P2": "sev2", "P3": "sev3"}


def stacked_bars(
    rows: Sequence[tuple[str, str, int]], *, title: str, width: int = 640, height: int = 220
) -> str:
    """Incidents per month, stacked by severity: rows of (month, severity, count)."""
    months = sorted({m for m, _, _ in rows})
    if not months:
        return ""
    per: dict[str, dict[str, int]] = defaultdict(dict)
    for month, severity, count in rows:
        per[month][severity] = per[month].get(severity, 0) + count
    top = max(sum(v.values()) for v in per.values()) or 1
    left, bottom, pad = 32, 28, 8
    plot_w, plot_h = width - left - pad, height - bottom - pad
    slot = plot_w / len(months)
    bar = min(48.0, slot * 0.7)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="c-title c-desc">',
        f'<title id="c-title">{escape(title)}</title>',
        f'<desc id="c-desc">{escape(_describe(per))}</desc>',
        f'<line class="axis" x1="{left}" y1="{pad + plot_h}" x2="{width - pad}" y2="{pad + plot_h}"/>',
        f'<text class="tick" x="{left - 6}" y="{pad + 10}" text-anchor="end">{top}</text>',
        f'<text class="tick" x="{left - 6}" y="{pad + plot_h}" text-anchor="end">0</text>',
    ]
    for i, month in enumerate(months):
        x = left + i * slot + (slot - bar) / 2
        y = float(pad + plot_h)
        for severity in sorted(per[month]):
            count = per[month][severity]
            h = plot_h * count / top
            y -= h
            css = SEVERITY_CLASSES.get(severity, "sev3")
            parts.append(
                f'<rect class="{css}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}">'
                f"<title>{escape(month)} {escape(severity)}: {count}</title></rect>"
            )
        parts.append(
            f'<text class="tick" x="{x + bar / 2:.1f}" y="{height - 8}" text-anchor="middle">{escape(month)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _describe(per: dict[str, dict[str, int]]) -> str:
    return "; ".join(
        f"{month}: " + ", ".join(f"{sev} {n}" for sev, n in sorted(v.items()))
        for month, v in sorted(per.items())
    )


def band_meter(value: float | None, scale: Any, *, label: str, width: int = 220) -> str:
    """A strip split into the metric's bands (from `scale.cuts`, `scale.band`) with a marker at
    `value`; the band names become CSS classes (band-excellent, band-good …)."""
    cuts = getattr(scale, "cuts", None)
    if value is None or not cuts:
        return ""
    edges = sorted(float(c) for c, _ in cuts)
    top = max(edges[-1] * 1.25, value * 1.05, 1e-9)
    bounds = [0.0, *edges, top]
    parts = [
        f'<svg class="meter" viewBox="0 0 {width} 18" role="img" aria-label="{escape(label)}">'
    ]
    for low, high in itertools.pairwise(bounds):
        name = str(scale.band((low + high) / 2) or "").lower().replace(" ", "-")
        x0, x1 = width * low / top, width * min(high, top) / top
        parts.append(
            f'<rect class="band-{escape(name)}" x="{x0:.1f}" y="4" width="{max(x1 - x0, 0):.1f}" height="10"/>'
        )
    marker = width * min(value, top) / top
    parts.append(
        f'<rect class="marker" x="{max(marker - 1.5, 0):.1f}" y="0" width="3" height="18"/>'
    )
    parts.append("</svg>")
    return "".join(parts)

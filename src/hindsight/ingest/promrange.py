"""Prometheus `query_range` JSON: a metric series becomes events only where it changes.

Change points are found with ruptures (PELT, L2 cost) with a penalty scaled to the series' own
noise (MAD of its differences), so a flat noisy series yields nothing and a level shift, a spike
or a drop yields one event per edge, in words: "api 5xx rate rose from 0.2/s to 41/s at 22:47".
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from hindsight.domain.model import EventKind
from hindsight.ingest.jsondocs import documents, head_keys
from hindsight.ingest.records import Malformed, ParseOptions, Record, Sample, Source
from hindsight.ingest.times import epoch_from_number, to_datetime

NAME = "prometheus"
MIN_POINTS = 8
MIN_RELATIVE_CHANGE = 0.5
NOISE_MULTIPLE = 4.0


def detect(sample: Sample) -> str | None:
    if sample.is_dir or sample.is_zip:
        return "not a JSON file"
    head = head_keys(sample)
    if '"resultType":"matrix"' in head or ('"result":[{"metric":' in head and '"values":' in head):
        return None
    return 'no "resultType": "matrix" (Prometheus query_range response)'


def series_name(metric: dict[str, str], options: ParseOptions) -> str:
    owner = options.service or metric.get("service") or metric.get("job") or metric.get("app")
    name = metric.get("__name__", "")
    rest = ",".join(
        f"{k}={v}"
        for k, v in sorted(metric.items())
        if k not in {"__name__", "service", "job", "app", "instance"}
    )
    words = " ".join(w for w in (owner, name.replace("_", " ") if name else None) if w)
    return (words or "series") + (f" {{{rest}}}" if rest else "")


def _unit(name: str) -> str:
    lowered = name.lower()
    return "/s" if ("rate" in lowered or "per second" in lowered or "rps" in lowered) else ""


def number(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.2g}"


def parse(source: Source, options: ParseOptions) -> Iterator[Record | Malformed]:
    for item in documents(source):
        if isinstance(item, Malformed):
            yield item
            continue
        line, value = item
        data = value.get("data") if isinstance(value, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get("result"), list):
            yield Malformed(line, 'no "data.result" list (expected a query_range response)')
            continue
        if data.get("resultType") not in (None, "matrix"):
            yield Malformed(line, f'resultType {data.get("resultType")!r}; expected "matrix"')
            continue
        for series in data["result"]:
            yield from _series(series, line, options)


def _series(series: Any, line: int, options: ParseOptions) -> Iterator[Record | Malformed]:
    if not isinstance(series, dict) or not isinstance(series.get("values"), list):
        yield Malformed(line, 'series without "values"')
        return
    times: list[float] = []
    values: list[float] = []
    for point in series["values"]:
        try:
            t, v = float(point[0]), float(point[1])
        except (TypeError, ValueError, IndexError):
            continue
        if math.isfinite(v):
            times.append(epoch_from_number(t))
            values.append(v)
    name = series_name(series.get("metric") or {}, options)
    for index, before, after in change_points(values):
        verb = "rose" if after > before else "fell"
        unit = _unit(name)
        at = times[index]
        text = (
            f"{name} {verb} from {number(before)}{unit} to {number(after)}{unit} "
            f"at {to_datetime(at):%H:%M}"
        )
        yield Record(
            line,
            at,
            text,
            None,
            options.service or (series.get("metric") or {}).get("service"),
            EventKind.METRIC,
            key=True,
            condense=False,
            detail={
                "metric": series.get("metric"),
                "before": before,
                "after": after,
                "point": index,
            },
        )


def change_points(values: list[float]) -> list[tuple[int, float, float]]:
    """(index where the new level starts, mean before, mean after) for each significant change."""
    if len(values) < MIN_POINTS:
        return []
    import ruptures

    signal = np.asarray(values, dtype=float)
    diffs = np.abs(np.diff(signal))
    sigma = float(np.median(diffs)) / 0.6745 / math.sqrt(2) if len(diffs) else 0.0
    scale = max(sigma, 1e-3 * (float(np.mean(np.abs(signal))) + 1e-9))
    penalty = 2.0 * scale**2 * math.log(len(signal)) * NOISE_MULTIPLE
    breaks = ruptures.Pelt(model="l2", min_size=2, jump=1).fit(signal).predict(pen=penalty)
    edges = [0, *breaks]
    found: list[tuple[int, float, float]] = []
    for i in range(1, len(edges) - 1):
        start, cut, end = edges[i - 1], edges[i], edges[i + 1]
        before = float(np.mean(signal[start:cut]))
        after = float(np.mean(signal[cut:end]))
        change = abs(after - before)
        base = max(abs(before), abs(after))
        if change > NOISE_MULTIPLE * scale and change >= MIN_RELATIVE_CHANGE * base * 0.5:
            found.append((cut, before, after))
    return found

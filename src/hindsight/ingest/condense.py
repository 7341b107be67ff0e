"""Condensation: millions of log lines → tens of timeline events.

Lines are grouped on the way in by (level, masked message) — a cheap digit-collapsing key caches
the masking, so the regexes run once per distinct message shape, not once per line. At the end
the masked messages are mined into templates (`templates.mine`) and groups with the same level
and template merge into one event: "ERROR upstream connect error to <IP>:<PORT> ×12,431
22:47:03–23:15:10". Key events are the first occurrence of each error template, the moment a
service's worst level rises (INFO → WARN → ERROR), and bursts (a per-minute rate jump).

Memory is bounded by the variety of messages, not the number of lines: a group keeps counts,
first/last time, a per-minute histogram and at most `LINE_SAMPLE` line numbers.
"""

from __future__ import annotations

import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from hindsight.domain.model import EventKind, TimelineEvent
from hindsight.ingest.records import LEVEL_RANK, SEVERE_LEVELS, Malformed, Record
from hindsight.ingest.templates import mask, mine
from hindsight.ingest.times import YEAR_2000, to_datetime

LINE_SAMPLE = 20
MASK_CACHE = 200_000
# The fused readers first look a message up as written: logs repeat many lines word for word
# ("connection reset by peer"), and a hit skips the COARSE regex, a third of a line's cost. The
# cache is exact (a message always masks the same way). Once SEEN_CAP messages are in it, it is
# kept only if lines hit it at least that often — else (ids in every line) it stops being asked.
SEEN_CAP = 50_000
GROUP_CAP = 100_000
OVERFLOW_WORDS = 4
EXAMPLES = 5
TRACE_CAP = 50_000
BURST_MIN_PER_MINUTE = 20
BURST_FACTOR = 5.0
# The mask cache key: digit runs (with hex letters after them) → "0". ASCII classes, not `\d`:
# sre tests a Unicode digit class per character, a third of the per-line cost of this key.
COARSE = re.compile(r"[0-9][0-9a-fA-F]*")

# group slots: count, first, last, line sample, per-minute counts, first message
_COUNT, _FIRST, _LAST, _LINES, _MINUTES, _MESSAGE = range(6)
GroupKey = tuple[str | None, str | None, str]  # level, service, masked message


@dataclass
class Aggregate:
    """Everything kept from one file while streaming it (picklable, mergeable).

    `groups` is keyed by (level, service, masked message); a group is a list (count, first,
    last, line sample, {minute: count}, first message) — lists, because this is the hot path.
    """

    clock_offset: float = 0.0
    lines: int = 0
    groups: dict[GroupKey, list[Any]] = field(default_factory=dict)
    discrete: list[Record] = field(default_factory=list)
    malformed: int = 0
    malformed_examples: list[tuple[int, str]] = field(default_factory=list)
    implausible: Counter[str] = field(default_factory=Counter)
    implausible_examples: list[tuple[int, str]] = field(default_factory=list)
    traces: dict[str, float] = field(default_factory=dict)
    masks: dict[str, str] = field(default_factory=dict)
    _future: float = field(default_factory=lambda: time.time() + 2 * 86400)

    def add_all(self, items: Any, now: float | None = None) -> None:
        """Consume an importer's output (Records and Malformeds). The per-line hot loop."""
        future = (now or time.time()) + 2 * 86400
        offset = self.clock_offset
        groups = self.groups
        masks = self.masks
        coarse = COARSE.sub
        traces = self.traces
        room_for_traces = TRACE_CAP - len(traces)
        count = 0
        for item in items:
            count += 1
            if type(item) is Malformed:
                self.malformed += 1
                if len(self.malformed_examples) < EXAMPLES:
                    self.malformed_examples.append((item.line, item.reason))
                continue
            line, at, text, level, service, _, _, trace, _, condense, _ = item
            if at is None:
                self.malformed += 1
                continue
            if offset:
                at -= offset
            if at < YEAR_2000 or at > future:
                self.note_implausible(line, at)
            if trace is not None and room_for_traces > 0 and trace not in traces:
                traces[trace] = at
                room_for_traces -= 1
            if not condense:
                self.discrete.append(item._replace(at=at))
                continue
            shape = coarse("0", text)
            masked = masks.get(shape)
            if masked is None:
                masked = mask(text)
                if len(masks) < MASK_CACHE:
                    masks[shape] = masked
            key = (level, service, masked)
            group = groups.get(key)
            minute = at // 60
            if group is None:
                self.open_group(key, line, at, text)
                continue
            group[0] += 1
            if at >= group[2]:
                group[2] = at
            elif at < group[1]:
                group[1] = at
                group[5] = text
            if group[0] <= LINE_SAMPLE:
                group[3].append(line)
            minutes = group[4]
            minutes[minute] = minutes.get(minute, 0) + 1
        self.lines += count

    def open_group(self, key: GroupKey, line: int, at: float, text: str) -> None:
        """Start a group for a new message shape — or, once GROUP_CAP shapes exist (free text
        that masking cannot tame), count the line under its first words so memory stays bounded."""
        if len(self.groups) >= GROUP_CAP:
            level, service, masked = key
            words = masked.split(" ")
            key = (level, service, " ".join(words[:OVERFLOW_WORDS]) + " …")
            group = self.groups.get(key)
            if group is not None:
                group[0] += 1
                group[1] = min(group[1], at)
                group[2] = max(group[2], at)
                if group[0] <= LINE_SAMPLE:
                    group[3].append(line)
                minutes = group[4]
                minutes[at // 60] = minutes.get(at // 60, 0) + 1
                return
        self.groups[key] = [1, at, at, [line], {at // 60: 1}, text]

    def note_implausible(self, line: int, at: float) -> None:
        why = "before 2000" if at < YEAR_2000 else "in the future"
        self.implausible[why] += 1
        if len(self.implausible_examples) < EXAMPLES:
            self.implausible_examples.append((line, why))

    def merge(self, other: Aggregate, line_offset: int) -> None:
        """Fold in the aggregate of a later byte range whose line numbers start at 1."""
        self.lines += other.lines
        for key, group in other.groups.items():
            group[_LINES] = [n + line_offset for n in group[_LINES]]
            mine_ = self.groups.get(key)
            if mine_ is None:
                self.groups[key] = group
                continue
            _merge_group(mine_, group)
        self.discrete.extend(r._replace(line=r.line + line_offset) for r in other.discrete)
        self.malformed += other.malformed
        room = EXAMPLES - len(self.malformed_examples)
        self.malformed_examples += [(n + line_offset, r) for n, r in other.malformed_examples][
            :room
        ]
        self.implausible.update(other.implausible)
        room = EXAMPLES - len(self.implausible_examples)
        self.implausible_examples += [(n + line_offset, r) for n, r in other.implausible_examples][
            :room
        ]
        for trace, at in other.traces.items():
            if len(self.traces) >= TRACE_CAP:
                break
            self.traces.setdefault(trace, at)

    def first_by_service_level(self) -> dict[tuple[str | None, str], float]:
        firsts: dict[tuple[str | None, str], float] = {}
        for (level, service, _), group in self.groups.items():
            if level is not None:
                marker = (service, level)
                firsts[marker] = min(firsts.get(marker, group[_FIRST]), group[_FIRST])
        return firsts


def _merge_group(into: list[Any], other: list[Any]) -> None:
    into[_COUNT] += other[_COUNT]
    if other[_FIRST] < into[_FIRST]:
        into[_FIRST] = other[_FIRST]
        into[_MESSAGE] = other[_MESSAGE]
    into[_LAST] = max(into[_LAST], other[_LAST])
    into[_LINES] = sorted(into[_LINES] + other[_LINES])[:LINE_SAMPLE]
    minutes = into[_MINUTES]
    for k, v in other[_MINUTES].items():
        minutes[k] = minutes.get(k, 0) + v


def _clock(epoch: float) -> str:
    return to_datetime(epoch).strftime("%H:%M:%S")


def condensed_events(
    aggregate: Aggregate, *, source: str, evidence: str | None, format_name: str
) -> list[TimelineEvent]:
    """Mine templates over the aggregate and return its timeline events, oldest first."""
    weights: Counter[str] = Counter()
    for (_, _, masked), group in aggregate.groups.items():
        weights[masked] += group[_COUNT]
    templates = mine(weights)
    merged: dict[tuple[str | None, str], list[Any]] = {}
    services_of: dict[tuple[str | None, str], Counter[str | None]] = {}
    first_of: dict[tuple[str | None, str | None, str], float] = {}
    for (level, service, masked), group in aggregate.groups.items():
        key = (level, templates[masked])
        marker = (level, service, templates[masked])
        first_of[marker] = min(first_of.get(marker, group[_FIRST]), group[_FIRST])
        copy = [*group[:3], list(group[_LINES]), dict(group[_MINUTES]), group[_MESSAGE]]
        if key in merged:
            _merge_group(merged[key], copy)
        else:
            merged[key] = copy
        services_of.setdefault(key, Counter())[service] += group[_COUNT]
    rises: dict[Any, float] = _level_rises(aggregate.first_by_service_level())
    events: list[TimelineEvent] = []
    for (level, template), group in merged.items():
        services = services_of[(level, template)]
        main_service = services.most_common(1)[0][0] if services else None
        reasons: list[str] = []
        if level in SEVERE_LEVELS:
            reasons.append(f"first occurrence of {level} template")
        for service in services:
            rise = rises.get((service, level))
            if rise is not None and first_of[(level, service, template)] <= rise:
                reasons.append(f"{service or 'log'}: first {level}")
        count = group[_COUNT]
        prefix = f"{level} " if level else ""
        if count == 1:
            text = f"{prefix}{group[_MESSAGE]}"
        else:
            span = f"{_clock(group[_FIRST])}–{_clock(group[_LAST])}"
            text = f"{prefix}{template} ×{count:,} {span}"
        detail: dict[str, Any] = {
            "format": format_name,
            "condensed": True,
            "lines": group[_LINES],
            "services": dict(services.most_common(10)),
        }
        if reasons:
            detail["reasons"] = reasons
        events.append(
            TimelineEvent(
                at=to_datetime(group[_FIRST]),
                text=text[:2000],
                kind=EventKind.LOG,
                source=source,
                evidence=evidence,
                key=bool(reasons),
                service=main_service,
                level=level,
                count=count,
                last_at=to_datetime(group[_LAST]) if count > 1 else None,
                template=template,
                detail=detail,
            )
        )
        burst = _burst(group[_MINUTES])
        if burst is not None:
            minute, before, after = burst
            events.append(
                TimelineEvent(
                    at=to_datetime(minute * 60.0),
                    text=f"{prefix}burst: {template} rose from {before:g}/min to {after:,}/min",
                    kind=EventKind.LOG,
                    source=source,
                    evidence=evidence,
                    key=True,
                    service=main_service,
                    level=level,
                    count=after,
                    template=template,
                    detail={
                        **detail,
                        "burst": {"minute": minute, "before": before, "after": after},
                        "reasons": ["burst"],
                    },
                )
            )
    for record in aggregate.discrete:
        events.append(
            discrete_event(record, source=source, evidence=evidence, format_name=format_name)
        )
    events.sort(key=lambda e: (e.at, e.text))
    return events


def discrete_event(
    record: Record, *, source: str, evidence: str | None, format_name: str
) -> TimelineEvent:
    detail = dict(record.detail or {})
    detail.setdefault("format", format_name)
    if record.line:
        detail.setdefault("lines", [record.line])
    if record.trace_id:
        detail.setdefault("trace_id", record.trace_id)
    assert record.at is not None
    return TimelineEvent(
        at=to_datetime(record.at),
        text=record.text[:2000],
        kind=record.kind,
        source=source,
        actor=record.actor,
        evidence=evidence,
        key=record.key,
        service=record.service,
        level=record.level,
        count=int(detail.pop("count", 1) or 1),
        last_at=to_datetime(detail.pop("last_at")) if detail.get("last_at") else None,
        detail=detail,
    )


def _level_rises(
    firsts: dict[tuple[str | None, str], float],
) -> dict[tuple[str | None, str], float]:
    """(service, level) → when that service first logged a level worse than any before it."""
    by_service: dict[str | None, list[tuple[float, str]]] = {}
    for (service, level), at in firsts.items():
        by_service.setdefault(service, []).append((at, level))
    rises: dict[tuple[str | None, str], float] = {}
    for service, seen in by_service.items():
        worst = -1
        for at, level in sorted(seen):
            rank = LEVEL_RANK.get(level, 2)
            if rank > worst:
                if worst >= 0 and rank >= LEVEL_RANK["WARN"]:
                    rises[(service, level)] = at
                worst = rank
    return rises


def _burst(minutes: dict[Any, int]) -> tuple[int, float, int] | None:
    """(minute, usual rate, burst rate) for the first minute whose rate jumps, or None.

    The usual rate is the median of the ten minutes before (missing minutes count as zero); a
    jump is at least BURST_MIN_PER_MINUTE lines and BURST_FACTOR times the usual rate.
    """
    if len(minutes) < 2:
        return None
    minutes = {int(k): v for k, v in minutes.items()}
    start = min(minutes)
    for minute in sorted(minutes):
        if minute - start < 3:
            continue
        count = minutes[minute]
        if count < BURST_MIN_PER_MINUTE:
            continue
        window = [minutes.get(m, 0) for m in range(max(start, minute - 10), minute)]
        usual = statistics.median(window)
        if count >= BURST_FACTOR * max(usual, 1.0):
            return minute, usual, count
    return None

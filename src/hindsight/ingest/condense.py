"""Condensation: millions of log lines → tens of timeline events.

Lines are grouped on the way in by (level, service, shape): the shape is the message with every
run of hex digits that holds a digit collapsed to "0" — one cheap regex, the masking the DuckDB
reference uses — so ids, counters and hashes do not split a statement into millions of groups.
At the end each group's representative message (the greatest one, so the choice does not depend
on the order lines were read in) is masked (`templates.mask`), the masked messages are mined into
templates (`templates.mine`), and groups with the same level and template merge into one event:
"ERROR upstream connect error to <IP>:<PORT> ×12,431 22:47:03–23:15:10". Key events are the
first occurrence of each error template, the moment a service's worst level rises (INFO → WARN →
ERROR), and bursts (a per-minute rate jump).

Every part of a group — count, first and last time, per-minute counts, the first line of each
minute, the representative — combines by sum, min or max, so any split of a file (byte ranges
read in parallel, the columnar reader's chunks, lines it hands back to the line reader) merges to
the same result. Memory is bounded by the variety of messages, not the number of lines.
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
from hindsight.limits import MAX_LINE_CHARS, TRUNCATED_MARK

LINE_SAMPLE = 20
# The fused readers first look a message up as written: logs repeat many lines word for word
# ("connection reset by peer"), and a hit skips the SHAPE regex, a third of a line's cost. The
# cache is exact (a message always has the same shape). Once SEEN_CAP messages are in it, it is
# kept only if lines hit it at least that often — else (ids in every line) it stops being asked.
SEEN_CAP = 50_000
GROUP_CAP = 100_000
OVERFLOW_WORDS = 4
EXAMPLES = 5
TRACE_CAP = 50_000
BURST_MIN_PER_MINUTE = 20
BURST_FACTOR = 5.0
# A run of hex digits holding at least one digit ("c464c324c985", "8080", "0x1f" → "0x0"). ASCII
# classes, not `\d`: sre tests a Unicode digit class per character. The columnar reader applies
# SHAPE_PATTERN with Rust's regex engine, which is linear-time. Python's backtracking engine
# would try it again from every letter of a long digit-less run ("eaeaea…": quadratic, 43 s for
# a 100 KB line), so SHAPE says the same thing in a form that cannot backtrack: start only where
# a run starts, letters then a digit then the rest, possessively. `test_condense` pins that both
# replace the same runs.
SHAPE_PATTERN = r"[0-9a-fA-F]*[0-9][0-9a-fA-F]*"
LINEAR_SHAPE_PATTERN = r"(?<![0-9a-fA-F])[a-fA-F]*+[0-9][0-9a-fA-F]*+"
SHAPE = re.compile(LINEAR_SHAPE_PATTERN)

# group slots: count, first, last, {minute: first line}, {minute: count}, representative message
_COUNT, _FIRST, _LAST, _LINES, _MINUTES, _MESSAGE = range(6)
GroupKey = tuple[str | None, str | None, str]  # level, service, shape


@dataclass
class Aggregate:
    """Everything kept from one file while streaming it (picklable, mergeable).

    `groups` is keyed by (level, service, shape); a group is a list (count, first, last,
    {minute: first line}, {minute: count}, representative message) — lists, because this is the
    hot path.
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
    truncated: int = 0
    truncated_examples: list[int] = field(default_factory=list)
    _future: float = field(default_factory=lambda: time.time() + 2 * 86400)

    def add_all(self, items: Any, now: float | None = None) -> None:
        """Consume an importer's output (Records and Malformeds). The per-line hot loop."""
        future = (now or time.time()) + 2 * 86400
        offset = self.clock_offset
        groups = self.groups
        shape_of = SHAPE.sub
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
            if len(text) > MAX_LINE_CHARS:
                text = self.cut(line, text)
            key = (level, service, shape_of("0", text))
            group = groups.get(key)
            minute = at // 60
            if group is None:
                self.open_group(key, line, at, text)
                continue
            group[0] += 1
            if at > group[2]:
                group[2] = at
            elif at < group[1]:
                group[1] = at
            if text > group[5]:
                group[5] = text
            counts = group[4]
            seen = counts.get(minute)
            if seen is None:
                counts[minute] = 1
                group[3][minute] = line
            else:
                counts[minute] = seen + 1
        self.lines += count

    def open_group(self, key: GroupKey, line: int, at: float, text: str) -> None:
        """Start a group for a new message shape (see `add_group` for what GROUP_CAP does)."""
        minute = at // 60
        self.add_group(key, [1, at, at, {minute: line}, {minute: 1}, text])

    def add_group(self, key: GroupKey, group: list[Any]) -> None:
        """Fold in a group counted elsewhere (the columnar reader, another byte range). Once
        GROUP_CAP shapes exist (free text that masking cannot tame), a new shape is counted under
        its first words, so memory stays bounded."""
        if key not in self.groups and len(self.groups) >= GROUP_CAP:
            level, service, shape = key
            key = (level, service, overflow_key(shape))
        mine_ = self.groups.get(key)
        if mine_ is None:
            self.groups[key] = group
        else:
            _merge_group(mine_, group)

    def cut(self, line: int, text: str) -> str:
        """A message longer than MAX_LINE_CHARS, cut and marked (the evidence keeps it whole)."""
        self.truncated += 1
        if len(self.truncated_examples) < EXAMPLES:
            self.truncated_examples.append(line)
        return text[:MAX_LINE_CHARS] + TRUNCATED_MARK

    def note_implausible(self, line: int, at: float) -> None:
        why = "before 2000" if at < YEAR_2000 else "in the future"
        self.implausible[why] += 1
        if len(self.implausible_examples) < EXAMPLES:
            self.implausible_examples.append((line, why))

    def note_malformed(self, line: int, reason: str) -> None:
        self.malformed += 1
        if len(self.malformed_examples) < EXAMPLES:
            self.malformed_examples.append((line, reason))

    def merge(self, other: Aggregate, line_offset: int) -> None:
        """Fold in the aggregate of a later byte range whose line numbers start at 1."""
        self.lines += other.lines
        for key, group in other.groups.items():
            group[_LINES] = {m: n + line_offset for m, n in group[_LINES].items()}
            self.add_group(key, group)
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
        self.truncated += other.truncated
        room = EXAMPLES - len(self.truncated_examples)
        self.truncated_examples += [n + line_offset for n in other.truncated_examples][:room]
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


def overflow_key(shape: str) -> str:
    """The key of a line counted past GROUP_CAP: its shape's first words."""
    return " ".join(shape.split(" ")[:OVERFLOW_WORDS]) + " …"


def _merge_group(into: list[Any], other: list[Any]) -> None:
    into[_COUNT] += other[_COUNT]
    into[_FIRST] = min(into[_FIRST], other[_FIRST])
    into[_LAST] = max(into[_LAST], other[_LAST])
    firsts = into[_LINES]
    for minute, line in other[_LINES].items():
        known = firsts.get(minute)
        if known is None or line < known:
            firsts[minute] = line
    minutes = into[_MINUTES]
    for minute, count in other[_MINUTES].items():
        minutes[minute] = minutes.get(minute, 0) + count
    if other[_MESSAGE] > into[_MESSAGE]:
        into[_MESSAGE] = other[_MESSAGE]


def line_sample(group: list[Any]) -> list[int]:
    """Where to look: the first line of each of the first LINE_SAMPLE minutes the group logged in."""
    return sorted(group[_LINES].values())[:LINE_SAMPLE]


def _masked_shapes(groups: dict[GroupKey, list[Any]]) -> dict[str, str]:
    """shape → masked message: the greatest representative among the groups of that shape (all
    levels and services), masked — once per shape, and whatever order the groups came in. A
    shape counted past GROUP_CAP keeps only its masked first words (the rest differs)."""
    representative: dict[str, str] = {}
    for (_, _, shape), group in groups.items():
        known = representative.get(shape)
        if known is None or group[_MESSAGE] > known:
            representative[shape] = group[_MESSAGE]
    masked = {}
    for shape, message in representative.items():
        if shape.endswith(" …"):
            masked[shape] = " ".join(mask(message).split(" ")[:OVERFLOW_WORDS]) + " …"
        else:
            masked[shape] = mask(message)
    return masked


def _clock(epoch: float) -> str:
    return to_datetime(epoch).strftime("%H:%M:%S")


def condensed_events(
    aggregate: Aggregate, *, source: str, evidence: str | None, format_name: str
) -> list[TimelineEvent]:
    """Mine templates over the aggregate and return its timeline events, oldest first."""
    masked_of = _masked_shapes(aggregate.groups)
    weights: Counter[str] = Counter()
    for (_, _, shape), group in aggregate.groups.items():
        weights[masked_of[shape]] += group[_COUNT]
    templates = mine(weights)
    merged: dict[tuple[str | None, str], list[Any]] = {}
    services_of: dict[tuple[str | None, str], Counter[str | None]] = {}
    first_of: dict[tuple[str | None, str | None, str], float] = {}
    for (level, service, shape), group in aggregate.groups.items():
        masked = masked_of[shape]
        key = (level, templates[masked])
        marker = (level, service, templates[masked])
        first_of[marker] = min(first_of.get(marker, group[_FIRST]), group[_FIRST])
        copy = [*group[:3], dict(group[_LINES]), dict(group[_MINUTES]), group[_MESSAGE]]
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
            "lines": line_sample(group),
            "services": dict(services.most_common(10)),
        }
        if reasons:
            detail["reasons"] = reasons
        if group[_MESSAGE].endswith(TRUNCATED_MARK):
            detail["truncated"] = True
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

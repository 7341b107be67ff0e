"""Kubernetes events: `kubectl get events -o json` (a List), the `-w -o json` stream (objects
back to back, optionally wrapped as watch events), and the plain `kubectl get events` table.

Warnings (BackOff, Unhealthy, FailedScheduling, OOMKilling …) are key events; ScalingReplicaSet
is a rollout step (DEPLOY). The table's LAST SEEN column is an age ("5m", "2m30s"), so its times
are anchored to when the table was saved (the file's modification time unless given) — a warning
says so, because those times are only as good as that anchor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from hindsight.domain.model import EventKind
from hindsight.ingest.jsondocs import documents, head_keys
from hindsight.ingest.records import Malformed, ParseOptions, Record, Sample, Source
from hindsight.ingest.times import parse_time

NAME = "k8s"
ROLLOUT_REASONS = frozenset({"ScalingReplicaSet", "SuccessfulRescale", "DeploymentRollback"})
_TABLE_HEADER = re.compile(r"^(NAMESPACE\s+)?LAST SEEN\s+.*\bREASON\b.*\bMESSAGE\s*$")
_AGE = re.compile(r"(?<!\d)(\d++)([dhms])")  # (not from inside a run of digits: linear)
_AGE_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def detect(sample: Sample) -> str | None:
    if sample.is_dir or sample.is_zip:
        return "not a file"
    first = sample.lines[0] if sample.lines else ""
    if _TABLE_HEADER.match(first):
        return None
    head = head_keys(sample)
    if (
        '"kind":"Event"' in head
        or '"kind":"EventList"' in head
        or ('"involvedObject":{' in head and '"reason":' in head)
    ):
        return None
    return "no Event objects (kind Event / involvedObject) and no `kubectl get events` header"


def parse(source: Source, options: ParseOptions) -> Iterator[Record | Malformed]:
    first = next(iter(source.sample().lines), "")
    if _TABLE_HEADER.match(first):
        yield from _table(source, options)
        return
    for item in documents(source):
        if isinstance(item, Malformed):
            yield item
            continue
        line, value = item
        for event in _events(value):
            yield _event(event, line, options)


def _events(value: Any) -> Iterator[Any]:
    if isinstance(value, list):
        for v in value:
            yield from _events(v)
    elif isinstance(value, dict):
        if isinstance(value.get("items"), list):
            yield from value["items"]
        elif isinstance(value.get("object"), dict) and "type" in value:
            yield value["object"]  # --output-watch-events
        else:
            yield value


def _event(event: Any, line: int, options: ParseOptions) -> Record | Malformed:
    if not isinstance(event, dict):
        return Malformed(line, "event is not an object")
    meta = event.get("metadata") or {}
    first_raw = (
        event.get("firstTimestamp")
        or event.get("eventTime")
        or (event.get("series") or {}).get("lastObservedTime")
        or meta.get("creationTimestamp")
    )
    first = parse_time(first_raw or "", options.tz)
    if first is None:
        return Malformed(
            line,
            f"event {meta.get('name')}: no firstTimestamp/eventTime/"
            f"creationTimestamp ({first_raw!r})",
        )
    last = parse_time(event.get("lastTimestamp") or "", options.tz)
    obj = event.get("involvedObject") or event.get("regarding") or {}
    reason = event.get("reason") or "Event"
    kind_name = f"{obj.get('kind', '?')}/{obj.get('name', '?')}"
    count = int(event.get("count") or (event.get("series") or {}).get("count") or 1)
    warning = event.get("type") == "Warning"
    message = (event.get("message") or event.get("note") or "").strip()
    text = f"{reason} {kind_name}: {message}"
    detail: dict[str, Any] = {
        "reason": reason,
        "object": kind_name,
        "namespace": obj.get("namespace") or meta.get("namespace"),
        "count": count,
    }
    if last is not None and count > 1 and last > first:
        detail["last_at"] = last
    component = (event.get("source") or {}).get("component") or event.get("reportingController")
    return _record(line, first, text, warning, reason, component, obj, detail, options)


def _record(
    line: int,
    at: float,
    text: str,
    warning: bool,
    reason: str,
    component: str | None,
    obj: dict[str, Any],
    detail: dict[str, Any],
    options: ParseOptions,
) -> Record:
    name = str(obj.get("name") or "")
    service = options.service or (
        re.sub(r"(-[a-z0-9]{5,10})?(-[a-z0-9]{5})?$", "", name) if name else None
    )
    rollout = reason in ROLLOUT_REASONS
    return Record(
        line,
        at,
        text,
        "WARN" if warning else "INFO",
        service,
        EventKind.DEPLOY if rollout else EventKind.LOG,
        actor=component,
        key=warning or rollout,
        condense=False,
        detail=detail,
    )


def _age_seconds(text: str) -> float | None:
    parts = _AGE.findall(text)
    if not parts or "".join(a + u for a, u in parts) != text.strip():
        return None
    return float(sum(int(a) * _AGE_SECONDS[u] for a, u in parts))


def _table(source: Source, options: ParseOptions) -> Iterator[Record | Malformed]:
    anchor = (options.reference_time or datetime.now(UTC)).timestamp()
    options.warnings.append(
        f"{source.name}: `kubectl get events` shows ages, not times; anchored to "
        f"{datetime.fromtimestamp(anchor, UTC):%Y-%m-%d %H:%M:%SZ} (when the table was saved)"
    )
    columns: list[tuple[str, int]] = []
    for number, line in source.lines():
        if not columns:
            header = line.rstrip()
            columns = [
                (m.group(0), m.start()) for m in re.finditer(r"LAST SEEN|FIRST SEEN|\S+", header)
            ]
            continue
        if not line.strip():
            continue
        cells: dict[str, str] = {}
        for index, (name, start) in enumerate(columns):
            end = columns[index + 1][1] if index + 1 < len(columns) else None
            cells[name] = (line[start:end] if end else line[start:]).strip()
        age = _age_seconds(cells.get("LAST SEEN", ""))
        if age is None:
            yield Malformed(
                number, f"LAST SEEN {cells.get('LAST SEEN')!r} is not an age like 5m or 2m30s"
            )
            continue
        reason = cells.get("REASON", "Event")
        obj_text = cells.get("OBJECT") or f"{cells.get('KIND', '?')}/{cells.get('NAME', '?')}"
        kind, _, name = obj_text.partition("/")
        text = f"{reason} {obj_text}: {cells.get('MESSAGE', '')}"
        detail = {
            "reason": reason,
            "object": obj_text,
            "namespace": cells.get("NAMESPACE"),
            "age": cells.get("LAST SEEN"),
        }
        yield _record(
            number,
            anchor - age,
            text,
            cells.get("TYPE") == "Warning",
            reason,
            None,
            {"kind": kind, "name": name},
            detail,
            options,
        )

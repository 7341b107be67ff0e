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
from hindsight.ingest import kubectl_capture as capture
from hindsight.ingest.jsondocs import documents, head_keys
from hindsight.ingest.records import Malformed, ParseOptions, Record, Sample, Source
from hindsight.ingest.times import parse_time

NAME = "k8s"
ROLLOUT_REASONS = frozenset({"ScalingReplicaSet", "SuccessfulRescale", "DeploymentRollback"})
_TABLE_HEADER = re.compile(r"^(NAMESPACE\s+)?LAST SEEN\s+.*\bREASON\b.*\bMESSAGE\s*$")


def detect(sample: Sample) -> str | None:
    if sample.is_dir or sample.is_zip:
        return "not a file"
    header, body = capture.sample_body(sample)
    first = body[0] if body else ""
    if _TABLE_HEADER.match(first):
        return None
    if header.wrapped:
        return "a captured tool output without a `kubectl get events` table"
    head = head_keys(sample)
    if (
        '"kind":"Event"' in head
        or '"kind":"EventList"' in head
        or ('"involvedObject":{' in head and '"reason":' in head)
    ):
        return None
    return "no Event objects (kind Event / involvedObject) and no `kubectl get events` header"


def parse(source: Source, options: ParseOptions) -> Iterator[Record | Malformed]:
    _header, body = capture.sample_body(source.sample())
    if _TABLE_HEADER.match(body[0] if body else ""):
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
    meta = _object(event.get("metadata"))
    series = _object(event.get("series"))
    first_raw = (
        event.get("firstTimestamp")
        or event.get("eventTime")
        or series.get("lastObservedTime")
        or meta.get("creationTimestamp")
    )
    first = parse_time(first_raw if isinstance(first_raw, str | int | float) else "", options.tz)
    if first is None:
        return Malformed(
            line,
            f"event {meta.get('name')}: no firstTimestamp/eventTime/"
            f"creationTimestamp ({first_raw!r})",
        )
    last_raw = event.get("lastTimestamp")
    last = parse_time(last_raw if isinstance(last_raw, str | int | float) else "", options.tz)
    obj = _object(event.get("involvedObject") or event.get("regarding"))
    reason = str(event.get("reason") or "Event")
    kind_name = f"{obj.get('kind', '?')}/{obj.get('name', '?')}"
    raw_count = event.get("count") or series.get("count") or 1
    count = raw_count if isinstance(raw_count, int) and raw_count > 0 else 1
    warning = event.get("type") == "Warning"
    message = str(event.get("message") or event.get("note") or "").strip()
    text = f"{reason} {kind_name}: {message}"
    detail: dict[str, Any] = {
        "reason": reason,
        "object": kind_name,
        "namespace": obj.get("namespace") or meta.get("namespace"),
        "count": count,
    }
    if last is not None and count > 1 and last > first:
        detail["last_at"] = last
    component = _object(event.get("source")).get("component") or event.get("reportingController")
    component = str(component) if component else None
    return _record(line, first, text, warning, reason, component, obj, detail, options)


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


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


def _table(source: Source, options: ParseOptions) -> Iterator[Record | Malformed]:
    anchor, origin = capture.anchor(options)
    options.warnings.append(
        f"{source.name}: `kubectl get events` shows ages, not times; anchored to "
        f"{datetime.fromtimestamp(anchor, UTC):%Y-%m-%d %H:%M:%SZ} ({origin}); "
        "pass --at TIME for when the table was saved"
    )
    columns: list[tuple[str, int]] = []
    _header, body = capture.source_lines(source)
    for number, line in body:
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
        ages = capture.age_cell(cells.get("LAST SEEN", ""))
        if ages is None:
            yield Malformed(
                number, f"LAST SEEN {cells.get('LAST SEEN')!r} is not an age like 5m or 2m30s"
            )
            continue
        age, first_age, count = ages
        if cells.get("FIRST SEEN"):
            first_age = capture.age_seconds(cells["FIRST SEEN"]) or first_age
        if cells.get("COUNT", "").isdigit():
            count = int(cells["COUNT"])
        reason = cells.get("REASON", "Event")
        obj_text = cells.get("OBJECT") or f"{cells.get('KIND', '?')}/{cells.get('NAME', '?')}"
        kind, _, name = obj_text.partition("/")
        text = f"{reason} {obj_text}: {cells.get('MESSAGE', '')}"
        detail = {
            "reason": reason,
            "object": obj_text,
            "namespace": cells.get("NAMESPACE"),
            "age": cells.get("LAST SEEN"),
            "count": count,
        }  # type: dict[str, Any]
        if first_age > age:
            detail["last_at"] = anchor - age
        yield _record(
            number,
            anchor - first_age,
            text,
            cells.get("TYPE") == "Warning",
            reason,
            None,
            {"kind": kind, "name": name},
            detail,
            options,
        )

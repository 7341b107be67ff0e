"""Alerts as Robusta and HolmesGPT keep them: a Robusta finding (`aggregation_key`, `starts_at`,
`title`, `description`, `subject_*`) or a Prometheus alert wrapped as an issue (`{"name": …,
"raw": {"labels": …, "annotations": …, "startsAt": …}}`), plain or as a captured
`fetch_finding_by_id` tool call. Each becomes one ALERT event at the time the alert started
(`starts_at`, `startsAt`, else `creation_date`) — the moment an investigation opened later must
not mistake for when the incident began.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from hindsight import safeyaml
from hindsight.domain.model import EventKind
from hindsight.ingest import kubectl_capture as capture
from hindsight.ingest.jsondocs import head_keys
from hindsight.ingest.records import Malformed, ParseOptions, Record, Sample, Source
from hindsight.ingest.times import parse_time

NAME = "robusta"
MAX_BYTES = 8 * 2**20


def detect(sample: Sample) -> str | None:
    if sample.is_dir or sample.is_zip:
        return "not a file"
    header, _lines = capture.sample_body(sample)
    if header.wrapped:
        return None if header.tool == "fetch_finding_by_id" else "not a captured finding"
    head = head_keys(sample)
    if not head.startswith("{"):
        return "not a JSON object"
    if '"aggregation_key":' in head or '"finding_type":' in head:
        return None
    if '"raw":{' in head and '"labels":{' in head and '"alertname":' in head:
        return None
    return 'no Robusta finding ("aggregation_key") or issue ("raw" alert with labels)'


def parse(source: Source, options: ParseOptions) -> Iterator[Record | Malformed]:
    read = capture.body_text(source, MAX_BYTES, "one finding")
    if isinstance(read, Malformed):
        yield read
        return
    header, first, text = read
    try:
        value = safeyaml.load(text) if text.strip() else None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        yield Malformed(first, f"not JSON/YAML ({str(exc).splitlines()[0][:200]})")
        return
    if not isinstance(value, dict) or not value:
        yield Malformed(first, capture.empty_reason(header, "finding"))
        return
    if "error" in value and len(value) == 1:
        yield Malformed(
            first, f"the capture holds an error, not a finding: {str(value['error'])[:200]}"
        )
        return
    record = _finding(value, first, options)
    yield record


def _text(value: Any) -> str:
    return str(value).strip() if isinstance(value, str | int | float) else ""


def _finding(value: dict[str, Any], line: int, options: ParseOptions) -> Record | Malformed:
    raw = _dict(value.get("raw"))
    labels = {**_dict(value.get("labels")), **_dict(raw.get("labels"))}
    annotations = {**_dict(value.get("annotations")), **_dict(raw.get("annotations"))}
    name = (
        _text(labels.get("alertname"))
        or _text(value.get("aggregation_key"))
        or _text(value.get("name"))
        or "alert"
    )
    when = None
    for candidate in (
        value.get("starts_at"),
        raw.get("startsAt"),
        value.get("start_timestamp"),
        value.get("creation_date"),
    ):
        if candidate:
            when = parse_time(str(candidate), options.tz)
            if when is not None:
                break
    if when is None:
        return Malformed(line, "finding has no starts_at/startsAt/creation_date time")
    title = _text(value.get("title")) or _text(annotations.get("summary"))
    description = _text(value.get("description")) or _text(annotations.get("description"))
    text = f"{name}: {title}" if title and title != name else name
    if description:
        text += f" — {description}"
    status = _text(raw.get("status")) or ("firing" if value.get("failure", True) else "resolved")
    subject = _text(value.get("subject_name")) or _text(labels.get("pod")) or None
    detail: dict[str, Any] = {
        "alertname": name,
        "status": "resolved" if status == "resolved" else "firing",
        "labels": {str(k): _text(v) for k, v in labels.items()},
    }
    for key in ("subject_type", "subject_namespace", "subject_node", "priority", "cluster"):
        if _text(value.get(key)):
            detail[key] = _text(value.get(key))
    severity = _text(labels.get("severity")) or _text(value.get("priority"))
    return Record(
        line,
        when,
        text[:2000],
        severity.upper()[:10] or None,
        options.service or subject,
        EventKind.ALERT,
        key=True,
        condense=False,
        detail=detail,
    )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}

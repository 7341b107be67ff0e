"""Prometheus Alertmanager: webhook payloads (version 4), and API v2 alert and silence lists.

A file holds one payload, a JSON array of payloads, or one payload per line (captured request
bodies); or the answer of `GET /api/v2/alerts` / `GET /api/v2/silences` (what `hindsight pull`
keeps, and what `amtool alert query -o json` prints): a list of alerts or silences. Each alert becomes an ALERT event when it fired (`startsAt`) and, if resolved, another
when it resolved (`endsAt`). Alertmanager re-sends a group while it is active, so an alert
(fingerprint or labels) is reported once per state.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hindsight.domain.model import EventKind
from hindsight.errors import InvalidInput
from hindsight.ingest.jsondocs import documents, head_keys
from hindsight.ingest.records import Malformed, ParseOptions, Record, Sample, Source
from hindsight.ingest.times import parse_time

NAME = "alertmanager"
_ZERO_TIME = "0001-01-01"


def detect(sample: Sample) -> str | None:
    if sample.is_dir or sample.is_zip:
        return "not a JSON file"
    head = head_keys(sample)
    if '"alerts":[' in head and ('"startsAt"' in head or '"groupKey"' in head):
        return None
    if (
        head.startswith("[{")
        and '"startsAt"' in head
        and ('"fingerprint"' in head or '"matchers"' in head)
    ):
        return None
    return 'no "alerts" list with "startsAt" (Alertmanager webhook v4 or API v2)'


def _payloads(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        items = [v for v in value if isinstance(v, dict)]
        if items and all("alerts" not in v and "startsAt" in v for v in items):
            return [_api_v2(items)]
        return items
    if isinstance(value, dict):
        return [value]
    return []


def _api_v2(items: list[dict[str, Any]]) -> dict[str, Any]:
    """An API v2 list as one webhook-shaped payload: alerts as they are, silences apart."""
    alerts = []
    for item in items:
        if "matchers" in item:
            continue
        status = item.get("status")
        state: dict[str, Any] = status if isinstance(status, dict) else {}
        silenced = bool(state.get("silencedBy")) or state.get("state") == "suppressed"
        annotations = item.get("annotations")
        if silenced and isinstance(annotations, dict):
            summary = f"{annotations.get('summary', '')} (silenced)".strip()
            annotations = {**annotations, "summary": summary}
        alerts.append({**item, "status": "firing", "annotations": annotations})
    return {"alerts": alerts, "silences": [i for i in items if "matchers" in i]}


def parse(source: Source, options: ParseOptions) -> Iterator[Record | Malformed]:
    seen: set[tuple[str, str, str]] = set()
    for item in documents(source):
        if isinstance(item, Malformed):
            yield item
            continue
        line, value = item
        yield from records_of(value, line, options, seen, name=source.name)


def records_of(
    value: Any,
    line: int,
    options: ParseOptions,
    seen: set[tuple[str, str, str]] | None = None,
    *,
    name: str = "webhook",
) -> Iterator[Record | Malformed]:
    """The events of one JSON document (a payload or a list of them) starting on `line`: what
    `parse` reads from a file and the webhook from a request body. `seen` keeps an alert that
    Alertmanager re-sent from being reported twice."""
    seen = set() if seen is None else seen
    for payload in _payloads(value):
        silences = payload.get("silences")
        for silence in silences if isinstance(silences, list) else []:
            if isinstance(silence, dict):
                yield from _silence(silence, line, options)
        if not isinstance(payload.get("alerts"), list):
            yield Malformed(line, 'payload has no "alerts" list')
            continue
        for key in ("commonLabels", "commonAnnotations"):
            if not isinstance(payload.get(key) or {}, dict):
                yield Malformed(line, f'"{key}" is not an object')
                break
        else:
            if str(payload.get("version", "4")) != "4":
                options.warnings.append(
                    f"{name}:{line}: webhook version {payload.get('version')!r}, read as 4"
                )
            for alert in payload["alerts"]:
                yield from _alert(alert, payload, line, seen, options)


@dataclass(frozen=True)
class Group:
    """What a webhook delivery says beyond its events: the group it belongs to (Alertmanager's
    `groupKey`), the group's state and a title for an incident it opens."""

    key: str
    status: str
    title: str


def group_of(payload: Any) -> Group:
    """The group of one webhook payload; InvalidInput when it is not an Alertmanager payload."""
    if not isinstance(payload, dict) or not isinstance(payload.get("alerts"), list):
        raise InvalidInput(
            "alertmanager payload: expected an object with an 'alerts' list", field="alerts"
        )
    common = payload.get("commonLabels") or {}
    notes = payload.get("commonAnnotations") or {}
    if not isinstance(common, dict) or not isinstance(notes, dict):
        field = "commonLabels" if not isinstance(common, dict) else "commonAnnotations"
        raise InvalidInput(f'alertmanager payload: "{field}" is not an object', field=field)
    key = str(payload.get("groupKey") or "") or json.dumps(
        payload.get("groupLabels") or common, sort_keys=True, default=str
    )
    first = payload["alerts"][0] if payload["alerts"] else None
    labels = first.get("labels") if isinstance(first, dict) else None
    first_name = labels.get("alertname") if isinstance(labels, dict) else None
    name = str(common.get("alertname") or first_name or "alert")
    note = notes.get("summary") or notes.get("title")
    title = f"{name}: {note}" if note else name
    return Group(f"alertmanager:{key}", str(payload.get("status") or "firing"), title)


def _alert(
    alert: Any,
    payload: dict[str, Any],
    line: int,
    seen: set[tuple[str, str, str]],
    options: ParseOptions,
) -> Iterator[Record | Malformed]:
    if not isinstance(alert, dict):
        yield Malformed(line, "alert is not an object")
        return
    for key in ("labels", "annotations"):
        if not isinstance(alert.get(key) or {}, dict):
            yield Malformed(line, f'alert "{key}" is not an object ({alert.get(key)!r:.40})')
            return
    labels = {**(payload.get("commonLabels") or {}), **(alert.get("labels") or {})}
    labels = {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in labels.items()}
    annotations = {**(payload.get("commonAnnotations") or {}), **(alert.get("annotations") or {})}
    name = labels.get("alertname", "alert")
    identity = str(alert.get("fingerprint") or "") or ",".join(
        f"{k}={v}" for k, v in sorted(labels.items())
    )
    severity = labels.get("severity")
    service = (
        labels.get("service")
        or labels.get("job")
        or labels.get("app")
        or labels.get("namespace")
        or options.service
    )
    summary = (
        annotations.get("summary") or annotations.get("title") or annotations.get("description", "")
    )
    where = labels.get("instance") or labels.get("pod")
    text = f"{name}" + (f" on {where}" if where else "") + (f": {summary}" if summary else "")
    status = alert.get("status") or payload.get("status") or "firing"
    starts = parse_time(str(alert.get("startsAt") or ""), options.tz)
    if starts is None:
        yield Malformed(
            line,
            f'alert {name}: "startsAt" is not a timestamp '
            f"({alert.get('startsAt')!r}); expected RFC 3339",
        )
        return
    detail = {
        "alertname": name,
        "labels": labels,
        "fingerprint": alert.get("fingerprint"),
        "generator_url": alert.get("generatorURL"),
    }
    if ("firing", identity, str(starts)) not in seen:
        seen.add(("firing", identity, str(starts)))
        yield Record(
            line,
            starts,
            f"Alert firing: {text}",
            _level(severity),
            service,
            EventKind.ALERT,
            actor="alertmanager",
            key=True,
            condense=False,
            detail={**detail, "status": "firing"},
        )
    ends_raw = str(alert.get("endsAt") or "")
    if status == "resolved" and not ends_raw.startswith(_ZERO_TIME):
        ends = parse_time(ends_raw, options.tz)
        if ends is not None and ("resolved", identity, str(ends)) not in seen:
            seen.add(("resolved", identity, str(ends)))
            yield Record(
                line,
                ends,
                f"Alert resolved: {text}",
                "INFO",
                service,
                EventKind.ALERT,
                actor="alertmanager",
                key=True,
                condense=False,
                detail={**detail, "status": "resolved"},
            )


def _silence(
    silence: dict[str, Any], line: int, options: ParseOptions
) -> Iterator[Record | Malformed]:
    starts = parse_time(silence.get("startsAt") or "", options.tz)
    if starts is None:
        yield Malformed(line, f'silence {silence.get("id")}: "startsAt" is not a timestamp')
        return
    given = silence.get("matchers")
    matchers: list[Any] = given if isinstance(given, list) else []
    shown = ", ".join(
        f"{m.get('name')}{'=~' if m.get('isRegex') else '='}{m.get('value')}"
        for m in matchers
        if isinstance(m, dict)
    )
    who = str(silence.get("createdBy") or "someone")
    comment = str(silence.get("comment") or "").strip()
    labels = {m.get("name"): m.get("value") for m in matchers if isinstance(m, dict)}
    yield Record(
        line,
        starts,
        f"Silence by {who} on {shown or 'all alerts'}" + (f": {comment}" if comment else ""),
        "INFO",
        labels.get("service") or labels.get("job") or options.service,
        EventKind.ACTION,
        actor=who,
        key=True,
        condense=False,
        detail={
            "silence_id": silence.get("id"),
            "matchers": matchers,
            "ends": silence.get("endsAt"),
        },
    )


def _level(severity: str | None) -> str:
    value = (severity or "").lower()
    if value in {"critical", "page", "error", "high", "p1", "p0"}:
        return "ERROR"
    if value in {"info", "none", "low"}:
        return "INFO"
    return "WARN"

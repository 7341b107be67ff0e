"""PagerDuty: REST API v2 responses, v3 webhook events and archived v2 webhook messages.

What an SRE saves from PagerDuty after an incident becomes timeline events:
- a log_entries response (`{"log_entries": [...]}`, one page or many pages as JSON lines) or one
  entry (`{"log_entry": {...}}`);
- v3 webhooks (`{"event": {"event_type": "incident.triggered", ...}}`, one per line or an array);
- v2 webhook deliveries (`{"messages": [{"event": "incident.trigger", "log_entries": [...]}]}`,
  retired by PagerDuty in 2022 but still in teams' archives);
- incidents (`GET /incidents`, `GET /incidents/{id}`): the trigger, each acknowledgement and the
  resolution; an incident's alerts (`GET /incidents/{id}/alerts`) and notes (`.../notes`).
A trigger or an alert is an ALERT (the page), an acknowledge or resolve an ACTION by the person
who did it, notes and status updates CHAT, the rest NOTE.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hindsight.domain.model import EventKind
from hindsight.errors import InvalidInput
from hindsight.ingest.jsondocs import documents, head_keys
from hindsight.ingest.records import Malformed, ParseOptions, Record, Sample, Source
from hindsight.ingest.times import parse_time

NAME = "pagerduty"

# v2 log entry type / v3 event type → (kind, verb, key)
_ENTRY_KINDS: dict[str, tuple[EventKind, str, bool]] = {
    "trigger": (EventKind.ALERT, "Page triggered", True),
    "triggered": (EventKind.ALERT, "Page triggered", True),
    "acknowledge": (EventKind.ACTION, "Acknowledged", True),
    "acknowledged": (EventKind.ACTION, "Acknowledged", True),
    "unacknowledge": (EventKind.NOTE, "Acknowledgement timed out", False),
    "unacknowledged": (EventKind.NOTE, "Acknowledgement timed out", False),
    "resolve": (EventKind.ACTION, "Resolved", True),
    "resolved": (EventKind.ACTION, "Resolved", True),
    "reopened": (EventKind.ALERT, "Reopened", True),
    "escalate": (EventKind.NOTE, "Escalated", False),
    "escalated": (EventKind.NOTE, "Escalated", False),
    "notify": (EventKind.NOTE, "Notified", False),
    "assign": (EventKind.NOTE, "Assigned", False),
    "reassigned": (EventKind.NOTE, "Reassigned", False),
    "delegated": (EventKind.NOTE, "Delegated", False),
    "annotate": (EventKind.CHAT, "Note", False),
    "annotated": (EventKind.CHAT, "Note", False),
    "status_update_published": (EventKind.CHAT, "Status update", False),
    "priority_updated": (EventKind.NOTE, "Priority changed", False),
    "responder.added": (EventKind.NOTE, "Responder added", False),
    "responder.replied": (EventKind.CHAT, "Responder replied", False),
    "conference_bridge.updated": (EventKind.NOTE, "Conference bridge set", False),
}


def detect(sample: Sample) -> str | None:
    if sample.is_dir or sample.is_zip:
        return "not a JSON file"
    head = head_keys(sample)
    if '"log_entries":[' in head or head.startswith('{"log_entry":{'):
        return None
    if head.startswith(('{"event":{', '[{"event":{')) and '"event_type":"' in head:
        return None
    if head.startswith('{"messages":[{') and '"event":"incident.' in head:
        return None  # a v2 webhook delivery
    if head.startswith(('{"incident":{', '{"incidents":[')) and '"incident_number":' in head:
        return None
    if head.startswith(('{"alerts":[', '{"notes":[')) and '"created_at":' in head:
        return None
    return (
        'neither a "log_entries" response, an incident, its alerts or notes, nor a webhook '
        '("event" with "event_type", or v2 "messages")'
    )


def parse(source: Source, options: ParseOptions) -> Iterator[Record | Malformed]:
    for item in documents(source):
        if isinstance(item, Malformed):
            yield item
            continue
        line, value = item
        yield from records_of(value, line, options)


def records_of(value: Any, line: int, options: ParseOptions) -> Iterator[Record | Malformed]:
    """The events of one JSON document starting on `line` (a log_entries page, a v3 webhook
    event, or a list of them): what `parse` reads from a file and the webhook from a body."""
    for document in value if isinstance(value, list) else [value]:
        if not isinstance(document, dict):
            yield Malformed(line, "not a JSON object")
        elif isinstance(document.get("log_entries"), list):
            for entry in document["log_entries"]:
                yield _log_entry(entry, line, options)
        elif isinstance(document.get("event"), dict):
            yield _webhook(document["event"], line, options)
        elif "log_entry" in document:
            yield _log_entry(document["log_entry"], line, options)
        elif isinstance(document.get("messages"), list):
            for message in document["messages"]:
                yield from _v2_message(message, line, options)
        elif isinstance(document.get("incidents"), list):
            for incident in document["incidents"]:
                yield from _incident(incident, line, options)
        elif isinstance(document.get("incident"), dict):
            yield from _incident(document["incident"], line, options)
        elif isinstance(document.get("alerts"), list):
            for alert in document["alerts"]:
                yield _alert(alert, line, options)
        elif isinstance(document.get("notes"), list):
            for note in document["notes"]:
                yield _note(note, line, options)
        else:
            yield Malformed(
                line,
                'no "log_entries", "event", "messages", "incident(s)", "alerts" or "notes" '
                "in the document",
            )


@dataclass(frozen=True)
class Group:
    """What a v3 webhook delivery says beyond its event: the PagerDuty incident it is about,
    that incident's state, its title and priority (e.g. "P1")."""

    key: str
    status: str
    title: str
    priority: str | None


def group_of(payload: Any) -> Group:
    """The incident a v3 webhook body (`{"event": {...}}`) is about; InvalidInput otherwise."""
    event = payload.get("event") if isinstance(payload, dict) else None
    if not isinstance(event, dict) or not isinstance(event.get("data"), dict):
        raise InvalidInput(
            'pagerduty payload: expected a v3 body {"event": {"data": …}}', field="event"
        )
    event_type = str(event.get("event_type") or "")
    data = event["data"]
    if event.get("resource_type", "incident") != "incident" and data.get("type") != "incident":
        raise InvalidInput(
            f"pagerduty event {event_type!r} is not about an incident", field="event.resource_type"
        )
    incident = data["incident"] if isinstance(data.get("incident"), dict) else data
    pd_id = str(incident.get("id") or "")
    if not pd_id:
        raise InvalidInput("pagerduty event: data has no incident id", field="event.data.id")
    title = str(incident.get("title") or incident.get("summary") or f"PagerDuty incident {pd_id}")
    status = event_type.removeprefix("incident.")
    if status not in ("triggered", "acknowledged", "resolved"):
        status = str(incident.get("status") or status)
    priority = _summary(incident.get("priority")) or _summary(data.get("priority"))
    return Group(f"pagerduty:{pd_id}", status, title, str(priority) if priority else None)


def _summary(ref: Any) -> str | None:
    return ref.get("summary") if isinstance(ref, dict) else None


def _log_entry(entry: Any, line: int, options: ParseOptions) -> Record | Malformed:
    if not isinstance(entry, dict):
        return Malformed(line, "log entry is not an object")
    entry_type = str(entry.get("type", "")).removesuffix("_log_entry").removesuffix("_reference")
    at = parse_time(entry.get("created_at") or "", options.tz)
    if at is None:
        return Malformed(line, f'log entry {entry.get("id")}: "created_at" is not a timestamp')
    kind, verb, key = _ENTRY_KINDS.get(entry_type, (EventKind.NOTE, entry_type or "entry", False))
    incident = entry.get("incident") or {}
    agent = _summary(entry.get("agent"))
    title = _summary(incident) or ""
    text = f"PagerDuty: {verb}" + (f" — {title}" if title else "")
    if entry_type == "annotate":
        text += f": {(entry.get('channel') or {}).get('summary', '')}"
    elif agent and kind is not EventKind.ALERT:
        text += f" by {agent}"
    service = _summary(entry.get("service")) or (agent if kind is EventKind.ALERT else None)
    return Record(
        line,
        at,
        text,
        "ERROR" if kind is EventKind.ALERT else "INFO",
        service or options.service,
        kind,
        actor=agent,
        key=key,
        condense=False,
        detail={
            "pagerduty_type": entry_type,
            "incident": incident.get("id"),
            "log_entry": entry.get("id"),
        },
    )


def _webhook(event: dict[str, Any], line: int, options: ParseOptions) -> Record | Malformed:
    event_type = str(event.get("event_type", ""))
    at = parse_time(str(event.get("occurred_at") or ""), options.tz)
    if at is None:
        return Malformed(line, f'webhook {event.get("id")}: "occurred_at" is not a timestamp')
    short = event_type.removeprefix("incident.")
    kind, verb, key = _ENTRY_KINDS.get(short, (EventKind.NOTE, short or "event", False))
    data = event.get("data") or {}
    if not isinstance(data, dict):
        return Malformed(line, f'webhook {event.get("id")}: "data" is not an object')
    agent = _summary(event.get("agent"))
    incident: dict[str, Any] = data["incident"] if isinstance(data.get("incident"), dict) else data
    title = incident.get("title") or incident.get("summary") or ""
    text = f"PagerDuty: {verb}" + (f" — {title}" if title else "")
    if short == "annotated" and data.get("content"):
        text += f": {data['content']}"
    elif short == "status_update_published" and data.get("message"):
        text += f": {data['message']}"
    elif agent and kind is not EventKind.ALERT:
        text += f" by {agent}"
    service = _summary(incident.get("service")) or options.service
    return Record(
        line,
        at,
        text,
        "ERROR" if kind is EventKind.ALERT else "INFO",
        service,
        kind,
        actor=agent,
        key=key,
        condense=False,
        detail={
            "pagerduty_type": event_type,
            "incident": incident.get("id"),
            "webhook_event": event.get("id"),
        },
    )


def _v2_message(message: Any, line: int, options: ParseOptions) -> Iterator[Record | Malformed]:
    """A v2 webhook message: its log entries (each carries the act, who and when), or, where a
    message lists none, the message's own event ("incident.trigger") at its `created_on`."""
    if not isinstance(message, dict):
        yield Malformed(line, "v2 webhook message is not an object")
        return
    incident: dict[str, Any] = (
        message["incident"] if isinstance(message.get("incident"), dict) else {}
    )
    entries = message.get("log_entries")
    if isinstance(entries, list) and entries:
        for entry in entries:
            if isinstance(entry, dict) and not isinstance(entry.get("incident"), dict):
                entry = {**entry, "incident": incident}  # v2 entries may leave it to the message
            yield _log_entry(entry, line, options)
        return
    event = str(message.get("event") or "")
    yield _log_entry(
        {
            "id": message.get("id"),
            "type": event.removeprefix("incident."),
            "created_at": message.get("created_on"),
            "incident": incident,
            "service": incident.get("service"),
            "agent": incident.get("last_status_change_by"),
        },
        line,
        options,
    )


def _incident(incident: Any, line: int, options: ParseOptions) -> Iterator[Record | Malformed]:
    """An incident as the REST API returns it: triggered at `created_at`, each acknowledgement
    by its acknowledger, resolved at `resolved_at` (or its last status change once resolved)."""
    if not isinstance(incident, dict):
        yield Malformed(line, "incident is not an object")
        return
    reference = {
        "id": incident.get("id"),
        "summary": incident.get("title") or incident.get("summary"),
    }
    common = {"incident": reference, "service": incident.get("service")}
    yield _log_entry(
        {
            **common,
            "id": incident.get("id"),
            "type": "trigger",
            "created_at": incident.get("created_at"),
        },
        line,
        options,
    )
    for ack in incident.get("acknowledgements") or []:
        if isinstance(ack, dict):
            yield _log_entry(
                {
                    **common,
                    "type": "acknowledge",
                    "created_at": ack.get("at"),
                    "agent": ack.get("acknowledger"),
                },
                line,
                options,
            )
    resolved = incident.get("resolved_at") or (
        incident.get("last_status_change_at") if incident.get("status") == "resolved" else None
    )
    if resolved:
        yield _log_entry(
            {
                **common,
                "type": "resolve",
                "created_at": resolved,
                "agent": incident.get("last_status_change_by"),
            },
            line,
            options,
        )


def _created(item: Any, what: str, line: int, options: ParseOptions) -> float | Malformed:
    """When an alert or a note was created, or why it cannot be read."""
    if not isinstance(item, dict):
        return Malformed(line, f"{what} is not an object")
    at = parse_time(str(item.get("created_at") or ""), options.tz)
    if at is None:
        return Malformed(line, f'{what} {item.get("id")}: "created_at" is not a timestamp')
    return at


def _alert(alert: Any, line: int, options: ParseOptions) -> Record | Malformed:
    """One of an incident's alerts: what fired, on which service, how severe."""
    at = _created(alert, "alert", line, options)
    if isinstance(at, Malformed):
        return at
    severity = str(alert.get("severity") or "")
    summary = alert.get("summary") or alert.get("alert_key") or "alert"
    return Record(
        line,
        at,
        f"PagerDuty alert: {summary}" + (f" ({severity})" if severity else ""),
        "WARN" if severity in ("warning", "info") else "ERROR",
        _summary(alert.get("service")) or options.service,
        EventKind.ALERT,
        key=True,
        condense=False,
        detail={
            "pagerduty_type": "alert",
            "incident": (alert.get("incident") or {}).get("id"),
            "alert": alert.get("id"),
            "status": alert.get("status"),
        },
    )


def _note(note: Any, line: int, options: ParseOptions) -> Record | Malformed:
    """A note a responder wrote on the incident."""
    at = _created(note, "note", line, options)
    if isinstance(at, Malformed):
        return at
    author = _summary(note.get("user"))
    return Record(
        line,
        at,
        f"PagerDuty: Note: {note.get('content') or ''}".rstrip(),
        "INFO",
        options.service,
        EventKind.CHAT,
        actor=author,
        condense=False,
        detail={"pagerduty_type": "note", "note": note.get("id")},
    )

"""Drill-down: from a timeline event back to the raw lines it stands for, read from the evidence.

Raw lines are never copied into the database. A condensed event keeps its level and template;
its lines are found again by re-reading the blob with the same importer and matching each
line's masked message against the template. Other events name their lines (or, for a Slack
export, the message's file and index) in `detail`; a pulled ClickHouse event names the query
that finds its lines again on the server.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator

from hindsight.domain.model import TimelineEvent
from hindsight.errors import InvalidInput, NotFound
from hindsight.ingest import evidence as blobs
from hindsight.ingest import registry
from hindsight.ingest.records import Malformed, ParseOptions, Source
from hindsight.ingest.templates import WILDCARD, mask, tokens
from hindsight.store import evidence as stored
from hindsight.store.repo import Store, StoreSession
from hindsight.workspace import Workspace


def matches(template: str, message: str) -> bool:
    """Whether `message` (raw) is an instance of `template` (mined, with `<*>` and placeholders)."""
    wanted = tokens(template)
    got = tokens(mask(message))
    if len(wanted) != len(got):
        return False
    return all(w in (WILDCARD, g) for w, g in zip(wanted, got, strict=True))


def raw_lines(
    workspace: Workspace, store: Store, event: TimelineEvent, limit: int | None = None
) -> Iterator[tuple[str, int, str]]:
    """(file name, line number, raw text) for every line behind `event`, in file order.

    A pulled ClickHouse event's lines are asked of the server (`clickhouse.drill`)."""
    with store.session() as session:
        found = evidence_file(session, event)
    yield from lines_of(workspace, event, found, limit)


def evidence_file(session: StoreSession, event: TimelineEvent) -> stored.EvidenceFile | None:
    """The evidence record `lines_of` reads the event's lines from (None when it has none, or
    when its lines are asked of a server)."""
    if (event.detail or {}).get("clickhouse") or not event.evidence:
        return None
    return stored.file_of(session, event.evidence)


def lines_of(
    workspace: Workspace,
    event: TimelineEvent,
    found: stored.EvidenceFile | None,
    limit: int | None = None,
) -> Iterator[tuple[str, int, str]]:
    """`raw_lines` with the event's evidence record already looked up (`evidence_file`); a
    mistake is raised as the lines are read, as `raw_lines` does."""
    if (event.detail or {}).get("clickhouse"):
        from hindsight.ingest import clickhouse

        yield from clickhouse.drill(event, limit)
        return
    if not event.evidence:
        raise InvalidInput(
            "this event was not imported from a file; there are no raw lines", field="event"
        )
    if found is None:
        raise NotFound(f"no evidence record {event.evidence[:12]}")
    filename, format_name = found.filename, found.format
    blob = blobs.blob_path(workspace.evidence_dir, event.evidence)
    if not blob.exists():
        raise NotFound(
            f"evidence blob {event.evidence[:12]} ({filename}) is missing; "
            "run `hindsight evidence verify`"
        )
    source = Source(blob, filename)
    detail = event.detail or {}
    emitted = 0
    if "file" in detail and "index" in detail and zipfile.is_zipfile(blob):
        yield from _zip_member(blob, str(detail["file"]), int(detail["index"]))
        return
    if detail.get("condensed") and event.template:
        wanted = _condensed_lines(source, format_name, event)
    else:
        first = int((detail.get("lines") or [0])[0] or 0)
        last = int(detail.get("line_end") or max(detail.get("lines") or [first]))
        wanted = set(range(first, last + 1)) if first else set()
        wanted |= {int(n) for n in detail.get("lines") or []}
    if not wanted:
        return
    top = max(wanted)
    for number, text in source.lines():
        if number in wanted:
            yield filename, number, text
            emitted += 1
            if limit is not None and emitted >= limit:
                return
        if number >= top:
            return


def _condensed_lines(source: Source, format_name: str, event: TimelineEvent) -> set[int]:
    importer = registry.by_name(format_name)
    template = event.template or ""
    found: set[int] = set()
    verdicts: dict[str, bool] = {}
    options = ParseOptions(time_column=(event.detail or {}).get("time_column"))
    for record in importer.parse(source, options):
        if isinstance(record, Malformed) or record.level != event.level:
            continue
        verdict = verdicts.get(record.text)
        if verdict is None:
            verdict = matches(template, record.text)
            if len(verdicts) < 100_000:
                verdicts[record.text] = verdict
        if verdict:
            found.add(record.line)
    return found


def _zip_member(blob: object, member: str, index: int) -> Iterator[tuple[str, int, str]]:
    with zipfile.ZipFile(str(blob)) as archive, archive.open(member) as handle:
        messages = json.load(handle)
    if 0 <= index < len(messages):
        yield member, index + 1, json.dumps(messages[index], ensure_ascii=False)

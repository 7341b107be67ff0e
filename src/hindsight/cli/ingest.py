"""`hindsight ingest`, `hindsight milestones` and `hindsight evidence`: thin shells over
hindsight.ingest (parse arguments, call the service, print)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from hindsight.cli.common import JsonOption, actor, console, err_console, opened, print_json
from hindsight.domain.model import Milestone
from hindsight.errors import InvalidInput
from hindsight.timeutil import format_duration, parse_instant, shown_time, zone
from hindsight.wording import counted

if TYPE_CHECKING:
    from hindsight.ingest.service import FileReport


def register(app: typer.Typer) -> None:
    """Add this area's commands to `app`."""
    app.command("ingest")(ingest)
    app.command("milestones")(milestones)
    evidence_app = typer.Typer(
        help="Imported files kept as evidence: list and verify them.", no_args_is_help=True
    )
    evidence_app.command("list")(evidence_list)
    evidence_app.command("verify")(evidence_verify)
    app.add_typer(evidence_app, name="evidence")


@contextmanager
def _progress_bar() -> Iterator[Callable[[str, int], None] | None]:
    """A Rich progress line on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task("reading", total=None)

        def tick(name: str, lines: int) -> None:
            progress.update(task, description=f"{name}: {lines:,} records")

        yield tick


def ingest(
    incident: str = typer.Argument(..., help="Incident id, e.g. INC-2025-12-15."),
    paths: list[Path] = typer.Argument(..., help="Files or folders (a Slack export, a git repo)."),
    format: str | None = typer.Option(
        None,
        "--format",
        help="Force a format: jsonl, text, csv, k8s, kubectl-describe, kubectl-logs, k8s-manifest, "
        "robusta, alertmanager, pagerduty, slack, git, prometheus.",
    ),
    source: str | None = typer.Option(
        None, "--source", help="Name for where the events came from."
    ),
    service: str | None = typer.Option(None, "--service", help="Service for lines that name none."),
    tz: str | None = typer.Option(
        None, "--tz", help="Zone of naive times (default: workspace zone)."
    ),
    clock_offset: str | None = typer.Option(
        None, "--clock-offset", help="How far the host's clock ran ahead, e.g. +3m (subtracted)."
    ),
    time_column: str | None = typer.Option(None, "--time-column", help="CSV time column."),
    at: str | None = typer.Option(
        None,
        "--at",
        help="When the output was captured: anchors kubectl ages and log lines without a time "
        "(default: the file's modification time).",
    ),
    as_json: bool = JsonOption,
) -> None:
    """Import logs, alerts, pages, events, chat, git history or metrics into an incident's timeline."""
    from hindsight.ingest.service import IngestOptions, ingest_paths

    if tz:
        zone(tz)
    captured = parse_instant(at, tz=zone(tz or "UTC"), field="at") if at else None
    with opened() as (workspace, store), _progress_bar() as tick:
        options = IngestOptions(
            format=format,
            source=source,
            service=service,
            tz=tz,
            clock_offset=clock_offset,
            time_column=time_column,
            actor=actor(),
            progress=tick,
            reference_time=captured,
        )
        report = ingest_paths(workspace, store, incident, [str(p) for p in paths], options)
    if as_json:
        print_json(report)
    else:
        if len(report.failed) + len(report.skipped) < len(report.files):  # else no file was read
            console.print(f"naive times read as {report.timezone} ({report.timezone_origin})")
        for file in report.files:
            if file.status == "skipped":
                continue  # summarised below, one short line each
            if file.status == "failed":
                err_console.print(f"[red]✗[/red] {escape(file.error or '')}", soft_wrap=True)
                continue
            if file.status == "already imported":
                console.print(
                    f"= {file.path}: already imported (sha256 {file.sha256[:12]})"
                    if file.sha256
                    else f"= {file.path}: already imported",
                    markup=False,
                )
                continue
            span = (
                f" {shown_time(file.first_at)} – {shown_time(file.last_at)}"
                if file.first_at
                else ""
            )
            if file.outside_span:
                span += f" ({counted(file.outside_span, 'implausible time')} left out)"
            console.print(
                f"✓ {escape(file.path)} ({file.format}): {counted(file.lines, 'record')} → "
                f"{counted(file.events, 'event')}, {file.key_events} key{span} in {file.seconds}s"
            )
            if file.malformed:
                console.print(f"  {file.malformed:,} malformed, e.g.:")
                for example in file.malformed_examples:
                    console.print(f"    {escape(example)}", soft_wrap=True)
            for warning in file.warnings:
                console.print(f"  [yellow]warning:[/yellow] {escape(warning)}", soft_wrap=True)
        for skew in report.skew:
            console.print(f"[yellow]clock skew:[/yellow] {escape(skew.advice)}", soft_wrap=True)
        _print_skipped(report.skipped, complete=report.complete)
    if not report.complete:
        raise typer.Exit(2)


def _print_skipped(skipped: list[FileReport], *, complete: bool) -> None:
    """The files of a folder no format reads: a count, then one short line each."""
    if not skipped:
        return
    count = counted(len(skipped), "file")
    console.print(
        f"skipped {count} no format recognises (use --format to force one):", markup=False
    )
    for file in skipped:
        console.print(f"  {file.path}: {file.error}", markup=False, soft_wrap=True)
    if all(f.status == "skipped" for f in skipped) and not complete:
        err_console.print(
            "[red]error:[/red] nothing imported: no file could be read as evidence", soft_wrap=True
        )


def _parse_sets(values: list[str]) -> dict[Milestone, datetime]:
    found: dict[Milestone, datetime] = {}
    for value in values:
        name, sep, when = value.partition("=")
        try:
            milestone = Milestone(name.strip().lower())
        except ValueError:
            raise InvalidInput(
                f"--set {value!r}: unknown milestone {name!r}; expected one of "
                f"{', '.join(m.value for m in Milestone)}",
                field="set",
            ) from None
        if not sep:
            raise InvalidInput(f"--set {value!r}: expected MILESTONE=TIME", field="set")
        found[milestone] = parse_instant(when, field=f"--set {name}")
    return found


def milestones(
    incident: str = typer.Argument(..., help="Incident id."),
    accept: bool = typer.Option(False, "--accept", help="Store the proposed milestones."),
    set_: list[str] = typer.Option([], "--set", help="Override one: detected=2025-12-15T22:50Z."),
    as_json: bool = JsonOption,
) -> None:
    """Propose started/detected/acknowledged/mitigated/resolved from the timeline; print MTTx."""
    from hindsight.incidents.service import Editor, accept_milestones
    from hindsight.ingest.milestones import FIELDS, durations, propose

    overrides = _parse_sets(set_)
    notes: list[str] = []
    with opened() as (_workspace, store):
        if accept or overrides:
            accepted = accept_milestones(
                store, incident, Editor(actor()), proposed=accept, overrides=overrides
            )
            current, proposals, notes = (
                accepted.incident,
                accepted.item.proposals,
                accepted.item.notes,
            )
        else:
            current = store.get(incident)
            proposals = propose(current)
        times = {m: getattr(current, FIELDS[m]) for m in Milestone}
        measured = durations(current)
    if as_json:
        print_json(
            {
                "proposals": proposals,
                "milestones": {m.value: t for m, t in times.items()},
                "durations": {
                    k: (v.total_seconds() if v is not None else None) for k, v in measured.items()
                },
            }
        )
        return
    by_milestone = {p.milestone: p for p in proposals}
    for milestone in Milestone:
        stored = times[milestone]
        proposal = by_milestone.get(milestone)
        line = f"{milestone.value:<13} {shown_time(stored):<20}"
        if proposal is not None and proposal.at != stored:
            line += f" proposed {shown_time(proposal.at)} — {proposal.reason}"
        elif proposal is not None:
            line += f" ({proposal.reason})"
        console.print(escape(line), soft_wrap=True)
    for note in notes:
        console.print(escape(f"note: {note}"), soft_wrap=True)
    console.print("  ".join(f"{k} {format_duration(v)}" for k, v in measured.items()))
    if proposals and not accept:
        console.print("run with --accept to store the proposals, or --set NAME=TIME to override")


def evidence_list(
    incident: str = typer.Argument(..., help="Incident id."),
    as_json: bool = JsonOption,
) -> None:
    """The files imported into an incident, with hash, size, who added them, when and from where."""
    from hindsight.incidents.reading import evidence_of

    with opened() as (_workspace, store):
        records = evidence_of(store, incident)
    if as_json:
        print_json(records)
        return
    for record in records:
        offset = (
            f" clock offset {record.clock_offset_seconds:+g}s"
            if record.clock_offset_seconds
            else ""
        )
        console.print(
            escape(
                f"{record.sha256[:12]} {record.filename} ({record.format}, {record.size:,} bytes, "
                f"{record.lines:,} records) added by {record.added_by} {shown_time(record.added_at)} "
                f"from {record.origin}{offset}"
            ),
            soft_wrap=True,
        )
    if not records:
        console.print("no evidence yet; add some with `hindsight ingest`")


def evidence_verify(
    incident: str | None = typer.Argument(None, help="Incident id (default: every incident)."),
    as_json: bool = JsonOption,
) -> None:
    """Re-hash every evidence blob; exit 1 when one is missing or changed."""
    from hindsight.incidents.reading import evidence_of
    from hindsight.ingest.evidence import verify

    with opened() as (workspace, store):
        checks = verify(workspace.evidence_dir, evidence_of(store, incident))
    bad = [c for c in checks if not c.ok]
    if as_json:
        print_json(
            [
                {
                    "incident": c.evidence.incident_id,
                    "sha256": c.evidence.sha256,
                    "filename": c.evidence.filename,
                    "status": c.status,
                }
                for c in checks
            ]
        )
    else:
        for check in checks:
            mark = "✓" if check.ok else "[red]✗[/red]"
            console.print(
                f"{mark} {check.evidence.incident_id} {check.evidence.sha256[:12]} "
                f"{check.evidence.filename}: {check.status}",
                soft_wrap=True,
            )
        console.print(f"{len(checks) - len(bad)} of {len(checks)} evidence files intact")
    if bad:
        raise typer.Exit(1)

"""Core commands: workspace, incidents, timeline, reviews, render, import/export, demo."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.text import Text
from typer.core import TyperGroup

from hindsight.cli.common import (
    JsonOption,
    Table,
    actor,
    console,
    err_console,
    opened,
    print_json,
)
from hindsight.domain import lifecycle, timeline
from hindsight.domain.model import IncidentStatus, Milestone, TimelineEvent
from hindsight.errors import GateFailed, InvalidInput, NotFound
from hindsight.incidents import listing, reading
from hindsight.incidents import service as incidents
from hindsight.incidents.service import Editor
from hindsight.timeutil import format_duration, iso, parse_instant, shown_time, zone
from hindsight.workspace import create_workspace, find_workspace, init_workspace

incident_app = typer.Typer(help="Record and edit incidents.", no_args_is_help=True)
review_app = typer.Typer(help="Postmortem reviews and sign-off.", no_args_is_help=True)


class _TimelineGroup(TyperGroup):
    """`hindsight timeline INC` is short for `hindsight timeline list INC`."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args.insert(0, "list")
        return super().resolve_command(ctx, args)


timeline_app = typer.Typer(cls=_TimelineGroup, help="The incident timeline.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.add_typer(incident_app, name="incident")
    app.add_typer(timeline_app, name="timeline")
    app.add_typer(review_app, name="review")
    app.command("render")(render)
    app.command("import")(import_files)
    app.command("export")(export)
    app.command("demo")(demo)
    app.command("audit")(audit)
    app.command("policy")(policy_show)


# --- workspace ---------------------------------------------------------------------------------


def init(
    path: Path = typer.Argument(Path("."), help="Folder for the workspace."),
    db: str | None = typer.Option(None, "--db", help="Database URL (PostgreSQL for teams)."),
    timezone: str = typer.Option("UTC", "--timezone", help="IANA zone for naive times."),
    name: str | None = typer.Option(None, "--name", help="Workspace name."),
) -> None:
    """Create a workspace: hindsight.toml and an embedded SQLite database under .hindsight/."""
    zone(timezone)
    workspace = create_workspace(path, name=name, database_url=db, timezone=timezone)
    console.print(
        f"Workspace ready in {workspace.root} (database: {_safe_url(workspace.url)})", markup=False
    )


def _safe_url(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':')[0]}@{host}"
    return url


# --- incidents ---------------------------------------------------------------------------------


def _when(text: str | None, tz: str, field: str) -> datetime | None:
    return parse_instant(text, tz=zone(tz), field=field) if text else None


@incident_app.command("new")
def incident_new(
    title: str = typer.Argument(..., help="Short title: what broke, for whom."),
    severity: str = typer.Option("P2", "--severity", "-s", help="P0 (critical) … P3 (low)."),
    started: str | None = typer.Option(None, "--started", help="When impact began (default now)."),
    detected: str | None = typer.Option(None, "--detected", help="When it was detected."),
    summary: str = typer.Option("", "--summary", help="What happened, in 1–2 sentences."),
    service: list[str] = typer.Option([], "--service", help="Affected service (repeatable)."),
    tag: list[str] = typer.Option([], "--tag", help="Tag (repeatable)."),
    commander: str | None = typer.Option(None, "--commander", help="Incident commander."),
    author: str | None = typer.Option(None, "--author", help="Postmortem author."),
    restricted: bool = typer.Option(False, "--restricted", help="Security incident: members only."),
    json_out: bool = JsonOption,
) -> None:
    """Open an incident. Says whether a postmortem is required, and by when."""
    with opened() as (workspace, store):
        policy = workspace.policy
        tz = workspace.timezone
        values = {
            "title": title, "severity": severity, "summary": summary,
            "started_at": _when(started, tz, "started"), "detected_at": _when(detected, tz, "detected"),
            "services": list(service), "tags": list(tag), "commander": commander,
            "author": author, "restricted": restricted,
        }  # fmt: skip
        incident = incidents.open_incident(store, values, policy, Editor(actor()))
        reasons = policy.postmortem_reasons(incident)
        deadline = policy.postmortem_deadline(incident)
    if json_out:
        print_json(
            {
                "id": incident.id,
                "postmortem_required": bool(reasons),
                "reasons": reasons,
                "deadline": iso(deadline),
            }
        )
        return
    console.print(
        f"Opened [bold]{incident.id}[/bold]: {escape(incident.title)} ({incident.severity})"
    )
    if reasons:
        when = (
            f" — draft due by {shown_time(deadline)} (moves with the resolution time)"
            if deadline
            else ""
        )
        console.print(f"Postmortem required: {', '.join(reasons)}{when}")
    else:
        console.print(
            "Postmortem optional under the policy (recommended if there is something to learn)."
        )


@incident_app.command("list")
def incident_list(
    severity: list[str] = typer.Option([], "--severity", help="Filter by severity (repeatable)."),
    status: list[str] = typer.Option([], "--status", help="Filter by status (repeatable)."),
    service: str | None = typer.Option(None, "--service", help="Only incidents touching it."),
    category: str | None = typer.Option(None, "--category", help="Root-cause category."),
    since: str | None = typer.Option(None, "--since", help="Started at or after (ISO-8601)."),
    until: str | None = typer.Option(None, "--until", help="Started before (ISO-8601)."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many."),
    json_out: bool = JsonOption,
) -> None:
    """List incidents, newest first."""
    with opened() as (workspace, store):
        filters = listing.parse_filters(
            workspace.policy, severity=severity, status=status, service=service,
            category=category, since=since, until=until, timezone=workspace.timezone,
        )  # fmt: skip
        rows = listing.list_page(store, filters, limit=limit, count=False).rows
    if json_out:
        print_json(rows)
        return
    if not rows:
        console.print("No incidents match.")
        return
    table = Table("ID", "Sev", "Status", "Started (UTC)", "Duration", "Title", "Services")
    for row in rows:
        duration = (
            format_duration(row.resolved_at - row.started_at)
            if row.started_at and row.resolved_at
            else "ongoing"
        )
        table.add_row(
            row.id,
            row.severity,
            row.status,
            row.started_at.strftime("%Y-%m-%d %H:%M") if row.started_at else "—",
            duration,
            row.title + (" 🔒" if row.restricted else ""),
            ", ".join(row.services),
        )
    console.print(table)


@incident_app.command("show")
def incident_show(incident_id: str, json_out: bool = JsonOption) -> None:
    """Show one incident: status, milestones, impact, counts."""
    with opened() as (workspace, store):
        incident = store.get(incident_id)
        policy = workspace.policy
    if json_out:
        print_json(incident)
        return
    console.print(f"[bold]{incident.id}[/bold] {escape(incident.title)}")
    console.print(
        f"Severity {incident.severity} · status {incident.status.value}"
        + (" · restricted" if incident.restricted else "")
    )
    if incident.summary:
        console.print(incident.summary, markup=False)
    for milestone in Milestone:
        moment = incident.milestone_time(milestone)
        console.print(f"  {milestone.value:<13} {shown_time(moment)}")
    if incident.duration_minutes is not None:
        console.print(
            f"  duration      {format_duration(timedelta(minutes=incident.duration_minutes))}"
        )
    reasons = policy.postmortem_reasons(incident)
    deadline = policy.postmortem_deadline(incident)
    if reasons:
        console.print(
            f"Postmortem required ({', '.join(reasons)})"
            + (f", due {shown_time(deadline)}" if deadline else "")
        )
    console.print(
        f"{len(incident.timeline)} timeline events · {len(incident.why_chains)} why chains · "
        f"{len(incident.factors)} factors · {len(incident.actions)} actions · "
        f"{len(incident.reviews)} reviews"
    )


@incident_app.command("edit")
def incident_edit(
    incident_id: str,
    assignments: list[str] = typer.Option(
        [], "--set", help='field=value, e.g. root_cause="…", impact.users_affected=1200.'
    ),
    title: str | None = typer.Option(None, "--title"),
    summary: str | None = typer.Option(None, "--summary"),
    severity: str | None = typer.Option(None, "--severity"),
    root_cause: str | None = typer.Option(None, "--root-cause"),
    category: str | None = typer.Option(None, "--category"),
    resolution: str | None = typer.Option(None, "--resolution"),
    went_well: list[str] = typer.Option([], "--went-well", help="Append a 'went well' point."),
    went_wrong: list[str] = typer.Option([], "--went-wrong", help="Append a 'went wrong' point."),
    lesson: list[str] = typer.Option([], "--lesson", help="Append a lesson learned."),
    participant: list[str] = typer.Option([], "--participant", help="Add a participant."),
    reason: str | None = typer.Option(None, "--reason", help="Why, for the audit log."),
    expect_version: int | None = typer.Option(
        None,
        "--expect-version",
        help="Refuse if the stored version differs (safe concurrent edits).",
    ),
) -> None:
    """Change fields of an incident. Every change is one transaction and is audited."""
    pairs: list[tuple[str, str]] = []
    for item in assignments:
        if "=" not in item:
            raise InvalidInput(f"--set {item!r}: expected field=value", field="set")
        key, _, value = item.partition("=")
        pairs.append((key.strip(), value))
    named = {
        "title": title, "summary": summary, "severity": severity, "root_cause": root_cause,
        "root_cause_category": category, "resolution": resolution,
    }  # fmt: skip
    pairs += [(k, v) for k, v in named.items() if v is not None]
    additions = {
        "went_well": went_well, "went_wrong": went_wrong, "lessons": lesson,
        "participants": participant,
    }  # fmt: skip
    changes = incidents.FieldChanges(assignments=pairs, additions=additions)
    with opened() as (workspace, store):
        edited = incidents.edit_incident(
            store, incident_id, changes, workspace.policy, Editor(actor()),
            expected_version=expect_version, reason=reason,
        )  # fmt: skip
    incident = edited.incident
    console.print(
        f"{incident.id} updated (version {incident.version})" if edited.item else "Nothing changed."
    )


@incident_app.command("status")
def incident_status(
    incident_id: str,
    status: str = typer.Argument(
        ..., help="open, mitigated, resolved, drafting, in_review, published, closed"
    ),
    at: str | None = typer.Option(None, "--at", help="When it happened (default now)."),
    override: str | None = typer.Option(
        None, "--override", help="Publish despite failed quality gates; the reason is audited."
    ),
) -> None:
    """Move an incident along its lifecycle. Publishing and closing are gated."""
    target = lifecycle.parse_status(status)
    with opened() as (workspace, store):
        try:
            change = incidents.set_status(
                store, incident_id, status, workspace.policy, Editor(actor()), override=override,
                at=_when(at, workspace.timezone, "at"), rubric=workspace.rubric,
            )  # fmt: skip
        except GateFailed as refused:
            if target == IncidentStatus.PUBLISHED:
                raise GateFailed(f'{refused.message}; on the CLI: --override "reason"') from None
            raise
    bypassed = change.bypassed
    console.print(f"{change.incident.id}: {change.previous.value} → {target.value}")
    if bypassed:
        err_console.print(f"[yellow]gate overridden ({override}):[/yellow] " + "; ".join(bypassed))


@incident_app.command("rm")
def incident_rm(
    incident_id: str, yes: bool = typer.Option(False, "--yes", help="Do not ask.")
) -> None:
    """Delete an incident and everything recorded under it (audited)."""
    if not yes:
        typer.confirm(
            f"Delete {incident_id} and its timeline, actions and evidence records?", abort=True
        )
    with opened() as (_, store):
        removed = incidents.remove_incident(store, incident_id, Editor(actor()))
    console.print(f"Deleted {removed}")


# --- timeline ----------------------------------------------------------------------------------


@timeline_app.command("add")
def timeline_add(
    incident_id: str,
    time: str = typer.Argument(..., help='"2025-12-15T22:47Z" or "22:47" (on the start date).'),
    text: str = typer.Argument(..., help="What happened."),
    kind: str = typer.Option(
        "note",
        "--kind",
        "-k",
        help="alert, deploy, config_change, log, metric, chat, action, milestone, note",
    ),
    action: str | None = typer.Option(None, "--action", help="What responders did about it."),
    actor_name: str | None = typer.Option(None, "--actor", help="Who or what acted."),
    source: str = typer.Option("manual", "--source"),
    key: bool = typer.Option(False, "--key", help="Mark as a key event."),
    milestone: str | None = typer.Option(
        None,
        "--milestone",
        help="started, detected, acknowledged, mitigated, resolved: also sets the incident's time.",
    ),
) -> None:
    """Add an event to the timeline."""
    with opened() as (workspace, store):
        event = incidents.add_event(
            store, incident_id, Editor(actor()), at=time, text=text, kind=kind, actor=actor_name,
            action=action, key=key, milestone=milestone, source=source, tz=workspace.timezone,
            field="time",
        ).item  # fmt: skip
    console.print(f"Added event #{event.id} at {shown_time(event.at)}")


@timeline_app.command("list")
def timeline_list(
    incident_id: str,
    all_lines: bool = typer.Option(
        False, "--all", help="Show the raw lines behind condensed events."
    ),
    source: str | None = typer.Option(
        None, "--source", help="Only sources containing this (e.g. a file name)."
    ),
    kind: str | None = typer.Option(None, "--kind", help="Only this kind."),
    key_only: bool = typer.Option(False, "--key", help="Only key events."),
    event_id: int | None = typer.Option(
        None, "--event", help="Drill down into one event's raw lines."
    ),
    json_out: bool = JsonOption,
) -> None:
    """Show the timeline (condensed). `--all` or `--event ID` drills down to raw lines."""
    with opened() as (workspace, store):
        incident = store.get(incident_id)
        events = [
            e for e in incident.timeline
            if (source is None or source.lower() in e.source.lower())
            and (kind is None or e.kind == timeline.parse_kind(kind))
            and (not key_only or e.key)
            and (event_id is None or e.id == event_id)
        ]  # fmt: skip
        if event_id is not None and not events:
            raise NotFound(f"no event #{event_id} in {incident.id}")
        raw: dict[int, list[tuple[str, int, str]]] = {}
        if all_lines or event_id is not None:
            raw = _raw_lines(workspace, store, events, limit=None if event_id else 20)
    if json_out:
        payload = [dict(_plain_event(e), raw_lines=raw.get(e.id or -1, [])) for e in events]
        print_json(payload)
        return
    if not events:
        console.print("No events.")
        return
    table = Table("#", "Time (UTC)", "Kind", "Source", "Event", "Count", show_lines=False)
    for e in events:
        when = e.at.strftime("%Y-%m-%d %H:%M:%S")
        if e.last_at and e.count > 1:
            when += f"–{e.last_at.strftime('%H:%M:%S')}"
        text = Text.assemble(
            (f"{e.milestone.value.upper()} " if e.milestone else "", "bold"),
            "★ " if e.key else "",
            e.text,
        )
        table.add_row(
            str(e.id), when, e.kind.value, e.source, text, f"{e.count:,}" if e.count > 1 else ""
        )
        for file, line, content in raw.get(e.id or -1, []):
            table.add_row("", "", "", f"{file}:{line}", Text(content, style="dim"), "")
    console.print(table)


def _plain_event(event: TimelineEvent) -> dict[str, Any]:
    from hindsight.domain.model import to_plain

    return dict(to_plain(event))


def _raw_lines(
    workspace: Any, store: Any, events: list[TimelineEvent], limit: int | None
) -> dict[int, list[tuple[str, int, str]]]:
    try:
        from hindsight.ingest.drill import raw_lines
    except ImportError:
        return {}
    out: dict[int, list[tuple[str, int, str]]] = {}
    for event in events:
        if event.id is None or not event.evidence:
            continue
        lines = []
        for n, item in enumerate(raw_lines(workspace, store, event)):
            if limit is not None and n >= limit:
                break
            lines.append(item)
        out[event.id] = lines
    return out


@timeline_app.command("rm")
def timeline_rm(incident_id: str, event_id: int) -> None:
    """Remove one event from the timeline (audited)."""
    with opened() as (_, store):
        incidents.remove_event(store, incident_id, event_id, Editor(actor()))
    console.print(f"Removed event #{event_id}")


# --- reviews -----------------------------------------------------------------------------------


@review_app.command("add")
def review_add(
    incident_id: str,
    reviewer: str = typer.Option(..., "--reviewer", help="Who reviewed."),
    role: str | None = typer.Option(None, "--role", help="e.g. SRE lead, service owner."),
    decision: str = typer.Option(
        "pending", "--decision", help="approved, changes_requested, pending"
    ),
    comment: str | None = typer.Option(None, "--comment"),
    meeting_date: str | None = typer.Option(None, "--meeting-date", help="YYYY-MM-DD"),
    attendee: list[str] = typer.Option([], "--attendee", help="Meeting attendee (repeatable)."),
    recording: str | None = typer.Option(None, "--recording", help="Link to the recording."),
) -> None:
    """Record a review decision (and the review meeting)."""
    with opened() as (_, store):
        added = incidents.add_review(
            store, incident_id, reviewer, Editor(actor()), decision=decision, role=role,
            comment=comment, meeting_date=meeting_date, attendees=attendee, recording_url=recording,
        ).item  # fmt: skip
    console.print(f"Review by {added.reviewer} recorded: {added.decision.value}", markup=False)


# --- render, import, export --------------------------------------------------------------------


def render(
    incident_id: str,
    fmt: str = typer.Option("md", "--format", "-f", help="md, html or json"),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write to a file."),
    public: bool = typer.Option(False, "--public", help="The redacted public version."),
) -> None:
    """Render the postmortem as markdown (with YAML front matter), HTML or JSON."""
    fmt = fmt.lower()
    if fmt not in {"md", "markdown", "html", "json"}:
        raise InvalidInput(f"unknown format {fmt!r}; valid: md, html, json", field="format")
    if public and fmt == "json":
        raise InvalidInput("--public renders md, html only (not json)", field="format")
    with opened() as (workspace, store):
        incident = store.get(incident_id)
        policy = workspace.policy
        if public:
            from hindsight.share.public import render_public

            version = render_public(incident, workspace)
            text = version.markdown
            if fmt == "html":
                from hindsight.share.public import public_html

                text = public_html(version)
        elif fmt == "html":
            from hindsight.render.html import render_html

            text = render_html(incident, policy)
        elif fmt == "json":
            from hindsight.render.html import render_json

            text = render_json(incident)
        else:
            from hindsight.render.markdown import render_markdown

            text = render_markdown(incident, policy)
    if output:
        output.write_text(text, encoding="utf-8")
        console.print(f"Wrote {output}", markup=False)
    else:
        typer.echo(text, nl=not text.endswith("\n"))


def import_files(
    paths: list[Path] = typer.Argument(..., help="Markdown postmortems or folders of them."),
    replace: bool = typer.Option(
        False, "--replace", help="Overwrite incidents that already exist."
    ),
    strict: bool = typer.Option(False, "--strict", help="Refuse files with any warning."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what would be stored, store nothing."
    ),
) -> None:
    """Import postmortems written in markdown. All files are one transaction: all or nothing.
    A file that is not a postmortem (no front matter and no '# Title', unclosed front matter,
    empty, binary) is refused with its file and line, and nothing is imported."""
    from hindsight.incidents.imports import OUTCOMES, ImportRefused, import_postmortems

    with opened() as (workspace, store):
        try:
            result = import_postmortems(
                store, paths, workspace.policy, actor=actor(), replace=replace, strict=strict,
                dry_run=dry_run,
            )  # fmt: skip
        except ImportRefused as refused:
            _print_warnings(refused.warnings)
            raise
    _print_warnings(result.warnings)
    plan, warnings = result.planned, result.warnings
    if dry_run:
        table = Table("File", "Incident", "Would", "Severity", "Started (UTC)", "Title", "Timeline")
        for planned in plan:
            inc = planned.incident
            table.add_row(
                str(planned.path), inc.id,
                OUTCOMES[planned.outcome],
                inc.severity, shown_time(inc.started_at), inc.title,
                f"{len(inc.timeline)} events, {len(inc.actions)} actions",
            )  # fmt: skip
        console.print(table)
        console.print(
            f"Dry run: {len(plan)} postmortem(s) would be imported"
            + (f" with {len(warnings)} warning(s)" if warnings else "")
            + "; nothing was stored."
        )
        return
    console.print(
        f"Imported {len(plan)} postmortem(s)"
        + (f" with {len(warnings)} warning(s)" if warnings else "")
    )


def _print_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        err_console.print(f"[yellow]warning:[/yellow] {escape(warning)}")


def export(
    directory: Path = typer.Argument(..., help="Where to write postmortems/YYYY/MM-month/…md"),
    include_restricted: bool = typer.Option(
        False, "--include-restricted", help="Also export restricted incidents."
    ),
) -> None:
    """Export every postmortem as markdown in the as-code tree teams keep in git."""
    from hindsight.share.export import export_tree

    with opened() as (_, store):
        incidents = reading.every_incident(store, include_restricted=include_restricted)
    written = export_tree(incidents, directory)
    console.print(f"Exported {len(written)} postmortem(s) to {directory}", markup=False)


# --- demo & audit ------------------------------------------------------------------------------


def demo(
    path: Path | None = typer.Option(None, "--path", help="Create the demo workspace here first."),
) -> None:
    """Load a realistic demo workspace: incidents over two quarters, actions in every state."""
    from hindsight.demo import load_demo

    if path is not None:
        init_workspace(path, name="hindsight-demo")
        import os

        os.environ["HINDSIGHT_WORKSPACE"] = str(path.resolve())
    with opened() as (workspace, store):
        added = load_demo(store, workspace)
    console.print(f"Demo workspace: {added} incident(s) added.")


def audit(
    incident_id: str | None = typer.Argument(None, help="Only this incident."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many entries."),
    json_out: bool = JsonOption,
) -> None:
    """Show the audit log: who changed what, when, old and new value."""
    with opened() as (_, store):
        entries = reading.audit_entries(store, incident_id.upper() if incident_id else None, limit)
    if json_out:
        print_json(entries)
        return
    table = Table("When (UTC)", "Who", "Incident", "Action", "Field", "Old", "New")
    for e in entries:
        table.add_row(
            e.at.strftime("%Y-%m-%d %H:%M:%S"), e.actor, e.incident_id or "", e.action,
            e.field or "", (e.old or "")[:40], (e.new or "")[:40],
        )  # fmt: skip
    console.print(table)


def policy_show(json_out: bool = JsonOption) -> None:
    """Show the policy in force: severities, postmortem rules and deadlines, action limits.

    The workspace's policy.yaml is merged over the shipped defaults: a severity named like a
    default one (P0–P3) changes only the fields it sets and a new name is added, unless none of
    the names given is a default name (your own scheme, e.g. SEV1–SEV3), which then replaces the
    defaults; `severities_mode: merge|replace` decides explicitly. `postmortem_required` merges
    rule by rule. The From column says whether each value is the default or from policy.yaml.
    """
    from hindsight.domain.policy import ADJUSTED, DEFAULT

    policy = find_workspace().policy
    if json_out:
        print_json(policy)
        return

    def origin(*keys: str) -> str:
        """The From cell: the file's name if it set any of `keys`, else default (or adjusted)."""
        came = {policy.sources.get(k, DEFAULT) for k in keys}
        mine = sorted(came - {DEFAULT, ADJUSTED})
        if mine:
            return Path(mine[0]).name
        return f"{ADJUSTED} (see above)" if ADJUSTED in came else DEFAULT

    def shown(value: Any) -> str:
        if value is None:
            return "null (off)"
        if isinstance(value, bool):
            return "true" if value else "false (off)"
        if isinstance(value, list):
            return ", ".join(map(str, value)) or "none"
        return str(value)

    if policy.source is None:
        console.print("Policy in force: the shipped defaults (no policy.yaml in the workspace).")
    else:
        console.print(
            f"Policy in force: the shipped defaults merged with {policy.source} "
            "(the From column says which values it sets)."
        )
    for note in policy.notes:
        console.print(f"  {note}")
    labels = {
        "name": "name",
        "description": "description",
        "postmortem_deadline_hours": "postmortem due",
    }
    table = Table("Severity", "Name", "Postmortem due", "Description", "From")
    for sev in policy.severities.values():
        hours = sev.postmortem_deadline_hours
        due = (
            "not required by deadline" if hours is None else format_duration(timedelta(hours=hours))
        )
        at = f"severities.{sev.key}"
        if origin(at) != DEFAULT:
            came = f"{origin(at)} (added)"
        else:
            set_here = [
                label for item, label in labels.items() if origin(f"{at}.{item}") != DEFAULT
            ]
            came = (
                f"{origin(*(f'{at}.{i}' for i in labels))}: {', '.join(set_here)}"
                if set_here
                else DEFAULT
            )
        table.add_row(sev.key, sev.name, due, sev.description, came)
    console.print(table)
    settings = Table("Setting", "Value", "From")
    for rule, value in policy.required.items():
        settings.add_row(
            f"postmortem_required.{rule}", shown(value), origin(f"postmortem_required.{rule}")
        )
    for key in (
        "max_actions", "escalate_blocked_after_days", "slo_breach_severity",
        "repeat_window_days", "timezone", "factor_categories",
    ):  # fmt: skip
        settings.add_row(key, shown(getattr(policy, key)), origin(key))
    console.print(settings)

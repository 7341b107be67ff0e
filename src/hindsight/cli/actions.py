"""Corrective-action commands: `action add|list|show|update|start|block|done|verify|wontdo|export`
and the weekly `followup`. Thin: the lifecycle rules live in hindsight.domain.actions."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape as esc
from rich.text import Text

from hindsight.cli.common import JsonOption, Table, actor, console, err_console, opened, print_json
from hindsight.domain import actions as rules
from hindsight.domain.actions import ActionRef
from hindsight.domain.followup import followup
from hindsight.domain.model import (
    CLOSED_ACTION_STATUSES,
    OPEN_ACTION_STATUSES,
    ActionItem,
    ActionStatus,
    Incident,
    to_plain,
)
from hindsight.errors import InvalidInput
from hindsight.incidents import actions as action_reads
from hindsight.incidents import service
from hindsight.incidents.service import Editor
from hindsight.share import actions_export
from hindsight.timeutil import parse_date, parse_duration

CONTROL_HELP = "eliminate, substitute, engineering_control, administrative_control, training"
action_app = typer.Typer(
    help="Corrective actions: owners, due dates, lifecycle, verification.", no_args_is_help=True
)


def say(*objects: Any) -> None:
    """Print plain text: user-written words are never read as Rich markup."""
    console.print(*objects, markup=False)


def register(app: typer.Typer) -> None:
    """Add `action …` and `followup`."""
    app.add_typer(action_app, name="action")
    app.command("followup")(followup_cmd)


def _number(ref: str) -> int:
    match = re.fullmatch(r"\s*[Aa]?(\d+)\s*", ref)
    if not match:
        raise InvalidInput(f"{ref!r} is not an action reference; expected A3 or 3", field="action")
    return int(match.group(1))


def _today() -> date:
    return datetime.now(UTC).date()


def _warn(lines: list[str]) -> None:
    for line in lines:
        err_console.print(f"[yellow]warning:[/yellow] {esc(line)}", markup=True, soft_wrap=True)


def _advice(incident: Incident, item: ActionItem, max_actions: int) -> list[str]:
    notes = []
    if not item.owner:
        notes.append(f"{item.ref} has no owner; an action nobody owns does not get done (--owner)")
    if item.due is None:
        notes.append(f"{item.ref} has no due date (--due)")
    if not item.verification:
        notes.append(f"{item.ref}: say how you will know it works (--verification)")
    horizon = rules.horizon_warning(item, incident)
    if horizon:
        notes.append(horizon)
    open_count = sum(1 for a in incident.actions if a.status not in CLOSED_ACTION_STATUSES)
    if open_count > max_actions:
        notes.append(
            f"{incident.id} has {open_count} open actions (policy: at most {max_actions}); "
            "fewer actions that get done beat many that do not"
        )
    return notes + rules.control_warnings(incident)


@action_app.command("add")
def action_add(
    incident_id: str,
    title: str,
    owner: str | None = typer.Option(None, "--owner", help="Who drives it to done."),
    due: str | None = typer.Option(None, "--due", help="YYYY-MM-DD, today, +7d, +2w"),
    kind: str = typer.Option("prevent", "--kind", help="prevent, detect, mitigate or learn"),
    horizon: str = typer.Option(
        "short_term", "--horizon", help="immediate (days), short_term (weeks), long_term (months)"
    ),
    verification: str | None = typer.Option(
        None, "--verification", help="How we will know it works."
    ),
    prevention: str | None = typer.Option(
        None,
        "--prevention",
        "--control",
        help="eliminate, substitute, engineering_control, administrative_control, training",
    ),
    impact: str | None = typer.Option(None, "--impact", help="low, medium, high"),
    effort: str | None = typer.Option(None, "--effort", help="low, medium, high"),
    ticket: str | None = typer.Option(None, "--ticket", help="Link to the tracker issue."),
    json_out: bool = JsonOption,
) -> None:
    """Add a corrective action to an incident."""
    due_date = parse_date(due) if due else None
    with opened() as (workspace, store):
        edited = service.add_action(
            store, incident_id, title, Editor(actor()), owner=owner, due=due_date, kind=kind,
            horizon=horizon, verification=verification, prevention_level=prevention,
            impact=impact, effort=effort, ticket_url=ticket,
        )  # fmt: skip
        incident, item = edited.incident, edited.item
        advice = _advice(incident, item, workspace.policy.max_actions)
    if json_out:
        print_json(dict(to_plain(item), ref=item.ref, incident=incident.id, warnings=advice))
        return
    pri = rules.priority(item)
    say(f"Added {item.ref} to {incident.id}: {item.title}" + (f" [{pri}]" if pri else ""))
    _warn(advice)


def _filters(
    incident_id: str | None, overdue: bool, blocked: bool, status: list[str], include_closed: bool
) -> tuple[list[ActionStatus], date | None]:
    statuses = [rules.parse_status(s) for s in status]
    if blocked:
        statuses.append(ActionStatus.BLOCKED)
    if overdue:
        statuses = statuses or sorted(OPEN_ACTION_STATUSES)
    if not statuses and incident_id is None and not include_closed:
        statuses = [*sorted(OPEN_ACTION_STATUSES), ActionStatus.DONE]
    return statuses, (_today() if overdue else None)


def _row(ref: ActionRef, today: date) -> list[str | Text]:
    item = ref.item
    due: str | Text = item.due.isoformat() if item.due else ""
    if rules.is_overdue(item, today):
        due = Text(f"{due} ({(today - item.due).days}d late)", style="red")  # type: ignore[operator]
    status = item.status.value + (f": {item.status_reason}" if item.status_reason else "")
    return [
        ref.incident_id,
        item.ref,
        item.title,
        item.owner if item.owner else Text("—", style="yellow"),
        due,
        status,
        item.kind.value,
    ]


@action_app.command("list")
def action_list(
    incident_id: str | None = typer.Argument(
        None, help="One incident; all incidents when omitted."
    ),
    overdue: bool = typer.Option(False, "--overdue", help="Open and past their due date."),
    blocked: bool = typer.Option(False, "--blocked", help="Blocked actions."),
    owner: str | None = typer.Option(None, "--owner", help="Owned by this person."),
    due_within: str | None = typer.Option(
        None, "--due-within", help="Open and due within e.g. 7d, 2w."
    ),
    status: list[str] = typer.Option([], "--status", help="Only this status (repeatable)."),
    include_closed: bool = typer.Option(
        False, "--all", help="Across incidents, include verified and won't-do."
    ),
    json_out: bool = JsonOption,
) -> None:
    """List actions of one incident, or open actions across all incidents."""
    statuses, due_before = _filters(incident_id, overdue, blocked, status, include_closed)
    horizon = None
    if due_within:
        days = parse_duration(due_within, field="due-within").total_seconds() / 86400
        if days < 0:
            raise InvalidInput(
                f'due-within: "{due_within}" looks back; give a window ahead, e.g. 7d',
                field="due-within",
            )
        horizon = _today() + timedelta(days=int(days))
        statuses = [s for s in statuses if s in OPEN_ACTION_STATUSES] or sorted(
            OPEN_ACTION_STATUSES
        )
    with opened() as (_, store):
        refs = action_reads.actions_of(
            store, incident_id=incident_id, statuses=statuses, owner=owner, due_before=due_before,
            due_on_or_before=horizon,
        )  # fmt: skip
    if json_out:
        print_json([dict(to_plain(r.item), ref=r.item.ref, incident=r.incident_id,
                         priority=rules.priority(r.item)) for r in refs])  # fmt: skip
        return
    if not refs:
        say("No actions match.")
        return
    today = _today()
    table = Table("Incident", "#", "Action", "Owner", "Due", "Status", "Kind")
    for ref in refs:
        table.add_row(*_row(ref, today))
    console.print(table)


@action_app.command("show")
def action_show(incident_id: str, action: str, json_out: bool = JsonOption) -> None:
    """One action with its history."""
    with opened() as (_, store):
        incident = store.get(incident_id)
    item = incident.action(_number(action))
    if json_out:
        print_json(dict(to_plain(item), ref=item.ref, priority=rules.priority(item),
                        time_to_assignment_hours=_hours(rules.time_to_assignment(incident, item))))  # fmt: skip
        return
    console.print(f"[bold]{incident.id} {item.ref}[/bold] {esc(item.title)}", markup=True)
    for label, value in (
        ("status", item.status.value + (f" ({item.status_reason})" if item.status_reason else "")),
        ("owner", item.owner), ("due", item.due), ("kind", item.kind.value),
        ("horizon", item.horizon.value), ("control", item.prevention_level),
        ("priority", rules.priority(item)), ("verification", item.verification),
        ("evidence", item.evidence), ("verifier", item.verifier), ("ticket", item.ticket_url),
    ):  # fmt: skip
        if value:
            say(f"  {label}: {value}")
    for change in item.history:
        why = f" — {change.reason}" if change.reason else ""
        say(f"  {change.at:%Y-%m-%d %H:%M}Z {change.status.value} by {change.by or '?'}{why}")


def _hours(delta: timedelta | None) -> float | None:
    return round(delta.total_seconds() / 3600, 1) if delta is not None else None


def _move(
    incident_id: str,
    action: str,
    status: ActionStatus | None,
    *,
    reason: str | None = None,
    evidence: str | None = None,
    verifier: str | None = None,
    changes: dict[str, Any] | None = None,
) -> tuple[Incident, ActionItem]:
    """One transaction: load, apply field changes and/or a transition, save."""
    with opened() as (_, store):
        edited = service.update_action(
            store, incident_id, _number(action), Editor(actor()), changes=changes, status=status,
            reason=reason, evidence=evidence, verifier=verifier,
        )  # fmt: skip
    return edited.incident, edited.item


@action_app.command("update")
def action_update(
    incident_id: str,
    action: str,
    status: str | None = typer.Option(
        None, "--status", help="planned, in_progress, blocked, done, verified, wont_do"
    ),
    reason: str | None = typer.Option(
        None, "--reason", help="Why (required for blocked and won't do)."
    ),
    title: str | None = typer.Option(None, "--title"),
    owner: str | None = typer.Option(None, "--owner"),
    due: str | None = typer.Option(None, "--due"),
    kind: str | None = typer.Option(None, "--kind"),
    horizon: str | None = typer.Option(None, "--horizon"),
    verification: str | None = typer.Option(None, "--verification"),
    prevention: str | None = typer.Option(None, "--prevention", "--control"),
    impact: str | None = typer.Option(None, "--impact"),
    effort: str | None = typer.Option(None, "--effort"),
    ticket: str | None = typer.Option(None, "--ticket"),
    evidence: str | None = typer.Option(None, "--evidence"),
    verifier: str | None = typer.Option(None, "--verifier"),
) -> None:
    """Change an action's fields and/or move it through its lifecycle."""
    changes: dict[str, Any] = {}
    if title is not None:
        if not title.strip():
            raise InvalidInput("--title must not be empty", field="title")
        changes["title"] = title.strip()
    if owner is not None:
        changes["owner"] = owner
    if due is not None:
        changes["due"] = parse_date(due) if due else None
    if kind is not None:
        changes["kind"] = rules.parse_kind(kind)
    if horizon is not None:
        changes["horizon"] = rules.parse_horizon(horizon)
    if verification is not None:
        changes["verification"] = verification.strip() or None
    if prevention is not None:
        changes["prevention_level"] = rules.parse_prevention(prevention or None)
    if impact is not None:
        changes["impact"] = rules.parse_level(impact or None, "impact")
    if effort is not None:
        changes["effort"] = rules.parse_level(effort or None, "effort")
    if ticket is not None:
        changes["ticket_url"] = ticket.strip() or None
    target = rules.parse_status(status) if status else None
    if target is None and not changes and evidence is None:
        raise InvalidInput("nothing to update; give --status or a field such as --owner, --due")
    incident, item = _move(incident_id, action, target, reason=reason, evidence=evidence, verifier=verifier,
                           changes=changes)  # fmt: skip
    say(
        f"{incident.id} {item.ref}: {item.status.value}"
        + (f" ({item.status_reason})" if item.status_reason else "")
    )


@action_app.command("start")
def action_start(incident_id: str, action: str) -> None:
    """Mark an action in progress."""
    incident, item = _move(incident_id, action, ActionStatus.IN_PROGRESS)
    say(f"{incident.id} {item.ref}: in progress")


@action_app.command("block")
def action_block(
    incident_id: str,
    action: str,
    reason: str | None = typer.Option(None, "--reason", "-r", help="What blocks it (required)."),
) -> None:
    """Mark an action blocked; the reason is required."""
    incident, item = _move(incident_id, action, ActionStatus.BLOCKED, reason=reason)
    say(f"{incident.id} {item.ref}: blocked ({item.status_reason})")


@action_app.command("done")
def action_done(
    incident_id: str,
    action: str,
    evidence: str | None = typer.Option(
        None, "--evidence", help="Link to the change (PR, ticket)."
    ),
) -> None:
    """Mark an action done (it still needs verification before the postmortem can close)."""
    incident, item = _move(incident_id, action, ActionStatus.DONE, evidence=evidence)
    say(
        f"{incident.id} {item.ref}: done — verify it with `hindsight action verify {incident.id} {item.ref} --evidence URL --verifier NAME`"
    )


@action_app.command("verify")
def action_verify(
    incident_id: str,
    action: str,
    evidence: str | None = typer.Option(
        None, "--evidence", help="Proof it works: a link, a test, a drill's alert."
    ),
    verifier: str | None = typer.Option(
        None, "--verifier", help="Who checked it (not the owner); default: you."
    ),
) -> None:
    """Verify a done action with evidence; the verifier must not be its owner."""
    incident, item = _move(
        incident_id, action, ActionStatus.VERIFIED, evidence=evidence, verifier=verifier or actor()
    )
    say(f"{incident.id} {item.ref}: verified by {item.verifier}")


@action_app.command("wontdo")
def action_wontdo(
    incident_id: str,
    action: str,
    reason: str | None = typer.Option(None, "--reason", "-r", help="Why it is dropped (required)."),
) -> None:
    """Drop an action; the reason is required and recorded."""
    incident, item = _move(incident_id, action, ActionStatus.WONT_DO, reason=reason)
    say(f"{incident.id} {item.ref}: won't do ({item.status_reason})")


@action_app.command("export")
def action_export(
    incident_id: str | None = typer.Argument(
        None, help="One incident; all incidents when omitted."
    ),
    fmt: str = typer.Option(
        ..., "--format", "-f", help="github (issues JSON), jira (CSV) or ics (calendar)"
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file (default: stdout)."
    ),
) -> None:
    """Export open actions as GitHub issue bodies, a Jira CSV import, or an iCalendar of deadlines."""
    if fmt not in actions_export.FORMATS:
        raise InvalidInput(
            f"--format {fmt!r}: expected one of {', '.join(actions_export.FORMATS)}", field="format"
        )
    with opened() as (_, store):
        refs = action_reads.actions_of(
            store, incident_id=incident_id, statuses=sorted(OPEN_ACTION_STATUSES)
        )
    text = actions_export.export_actions(refs, fmt)
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_bytes(text.encode("utf-8"))  # bytes: keep the CRLFs the formats need
    say(f"Wrote {len(refs)} open action(s) to {output}")


def followup_cmd(
    fmt: str = typer.Option("text", "--format", "-f", help="text, markdown or json"),
    today: str | None = typer.Option(
        None, "--today", help="Review as of this date (default: today)."
    ),
    owner: str | None = typer.Option(None, "--owner", help="Only this owner's actions."),
    recurrence_days: int | None = typer.Option(
        None,
        "--recurrence-days",
        min=1,
        help="Flag verified actions whose incident class recurred within N days (default: the "
        "policy's repeat window).",
    ),
) -> None:
    """The weekly action review: overdue, blocked (escalate), due this week, done but unverified,
    and verified actions whose incident class recurred since."""

    if fmt not in ("text", "markdown", "json"):
        raise InvalidInput(f"--format {fmt!r}: expected text, markdown or json", field="format")
    as_of = parse_date(today, field="today") if today else _today()
    with opened() as (workspace, store):
        policy = workspace.policy
        review = action_reads.review_of(store, policy, owner=owner, recurrence_days=recurrence_days)
    refs, recurred, window = review.refs, review.recurred, review.window_days
    days = []
    for ref in refs:
        end = review.ends.get(ref.incident_id)
        if isinstance(end, datetime) and ref.item.assigned_at is not None:
            days.append(max((ref.item.assigned_at - end).total_seconds(), 0.0) / 86400)
    report = followup(refs, today=as_of, policy=policy, assignment_days=days)
    _print_followup(report, fmt, recurred, window)


def _print_followup(report: Any, fmt: str, recurred: list[Any], window: int) -> None:
    from hindsight.draft.closure import recurrence_lines

    title = f"Verified, but the incident class recurred within {window} days"
    lines = recurrence_lines(recurred)
    if fmt == "json":
        data = actions_export.followup_json(report)
        data["recurred"] = to_plain(recurred)
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    elif fmt == "markdown":
        typer.echo(actions_export.followup_markdown(report), nl=False)
        body = [f"- {line}" for line in lines] or ["_None._"]
        typer.echo("\n".join(["", f"## {title} ({len(lines)})", "", *body]))
    else:
        typer.echo(actions_export.followup_text(report), nl=False)
        body = [f"  - {line}" for line in lines] or ["  (none)"]
        typer.echo("\n".join(["", f"{title} ({len(lines)})", *body]))


@action_app.command("check")
def action_check(
    incident_id: str | None = typer.Argument(None, help="Only this incident's actions."),
    rules: list[Path] = typer.Option(
        [], "--rules", help="Prometheus rule files that alert: checks look in (repeatable)."
    ),
    tests: Path | None = typer.Option(None, "--tests", help="Root that test: checks are under."),
    json_out: bool = JsonOption,
) -> None:
    """Run the checks actions name in their verification (alert: NAME; test: FILE::NAME;
    query: WORDS); exit 1 when one fails."""
    from hindsight.errors import GateFailed

    with opened() as (_, store):
        results = action_reads.check_closures(store, incident_id, rules=rules, tests_root=tests)
    if json_out:
        print_json(results)
    else:
        marks = {True: "pass", False: "FAIL", None: "skip"}
        for r in results:
            say(
                f"{r.incident_id} {r.action} {r.check.kind}: {r.check.target} — {marks[r.passed]}: {r.detail}"
            )
        if not results:
            say("No action names a check (alert: NAME; test: FILE::NAME; query: WORDS).")
    failed = [r for r in results if r.passed is False]
    if failed:
        raise GateFailed(f"{len(failed)} of {len(results)} check(s) failed")

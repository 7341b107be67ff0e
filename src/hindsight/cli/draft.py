"""`hindsight draft`: postmortem sections drafted from the evidence, every sentence cited.

Thin: parse the options, call `hindsight.draft.service.draft_incident`, print.
"""

from __future__ import annotations

import typer
from rich.markup import escape as esc

from hindsight.cli.common import JsonOption, actor, console, opened, print_json
from hindsight.draft.claims import SECTIONS, Draft, Status
from hindsight.draft.service import TARGETS, draft_incident, parse_sections

MARKS = {
    Status.VERIFIED: "[green]✓ verified[/green]",
    Status.INFERRED: "[yellow]~ inferred[/yellow]",
    Status.UNVERIFIED: "[red]? unverified[/red]",
}


def register(app: typer.Typer) -> None:
    """Add `draft`."""
    app.command("draft")(draft_cmd)


def draft_cmd(
    incident_id: str = typer.Argument(..., help="The incident to draft, e.g. INC-2025-12-15."),
    sections: str | None = typer.Option(
        None, "--sections", help=f"Comma-separated, of: {','.join(SECTIONS)} (default: all)."
    ),
    model: bool = typer.Option(
        False, "--model", help="Ask the model configured in [draft] of hindsight.toml."
    ),
    apply: bool = typer.Option(
        False, "--apply", help="Write the drafted sections the author has not written yet."
    ),
    force: bool = typer.Option(
        False, "--force", help="With --apply: replace sections the author has written."
    ),
    json_out: bool = JsonOption,
) -> None:
    """Draft the postmortem from the evidence: each sentence cites the events and fields it rests
    on and says whether it is verified, inferred or unverified. Unverified or blaming sentences are
    never applied."""
    names = parse_sections(sections)
    with opened() as (workspace, store):
        draft = draft_incident(
            store, workspace, incident_id, actor(),
            sections=names, use_model=model, apply=apply, force=force,
        )  # fmt: skip
    if json_out:
        print_json(draft)
        return
    show(draft, applying=apply)


def show(draft: Draft, *, applying: bool) -> None:
    source = "the stored facts" if draft.source == "facts" else draft.source
    console.print(f"[bold]Draft of {esc(draft.incident_id)}[/bold] from {esc(source)}")
    for section in draft.sections:
        state = ""
        if section.applied:
            state = f" [green](applied to {TARGETS[section.name]})[/green]"
        elif section.written:
            state = " [dim](the author has written this)[/dim]"
        console.print(f"\n[bold]{section.name.replace('_', ' ').capitalize()}[/bold]{state}")
        if section.note and not section.sentences:
            console.print(f"  [dim]{esc(section.note)}[/dim]")
        for sentence in section.sentences:
            cites = ", ".join(sentence.evidence) or "nothing"
            console.print(
                f"  {MARKS[sentence.status]} {esc(sentence.text)} [dim]\\[{esc(cites)}][/dim]"
            )
            if sentence.note and sentence.status is Status.UNVERIFIED:
                console.print(f"      [red]{esc(sentence.note)}[/red]")
            for finding in sentence.findings:
                console.print(f"      [red]blame:[/red] {esc(finding.message)}")
    if draft.findings:
        console.print("\n[bold]Actions (SMART checks)[/bold]")
        for finding in draft.findings:
            console.print(f"  [yellow]{finding.severity}[/yellow] {esc(finding.message)}")
    for line in draft.skipped:
        console.print(f"[yellow]note:[/yellow] {esc(line)}")
    if not applying:
        console.print(
            "\n[dim]Nothing written. --apply writes what the author has not written.[/dim]"
        )

"""Sharing outside the company: `hindsight redact` (review and approve the public version, or
redact any text file) and `hindsight publish-public` (write the approved public version)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from hindsight.cli.common import (
    JsonOption,
    Table,
    actor,
    console,
    err_console,
    opened,
    print_json,
)
from hindsight.errors import InvalidInput, NotFound
from hindsight.share.redact import (
    Redaction,
    RedactionContext,
    Replacement,
    masked_original,
    read_text_file,
    redact,
    workspace_patterns,
)
from hindsight.wording import counted


def _replacements_plain(items: list[Replacement]) -> list[dict[str, Any]]:
    from hindsight.share.public import replacement_rows

    return replacement_rows(items)


def _print_replacements(items: list[Replacement]) -> None:
    if not items:
        console.print("No replacements: nothing sensitive was found.")
        return
    table = Table(title=counted(len(items), "replacement"), show_lines=False)
    for column in ("line", "token", "kind", "rule", "confidence", "original"):
        table.add_column(column)
    for r in items:
        table.add_row(str(r.line), r.token, r.kind.value, r.rule, f"{r.confidence:.2f}", r.shown)
    console.print(table)


def _print_diff(diff_text: str) -> None:
    for line in diff_text.splitlines():
        style = "green" if line.startswith("+") else "red" if line.startswith("-") else "cyan"
        console.print(
            line, style=style if line[:1] in "+-@" else None, markup=False, highlight=False
        )


def _write(output: Path | None, text: str) -> None:
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"{output}: cannot write ({exc.strerror})", field="output") from exc
    console.print(f"Wrote {output}", markup=False)


def _file_context(roster_incident: str | None) -> RedactionContext:
    """Workspace patterns (when run inside a workspace) plus, on request, an incident's roster."""
    from hindsight.workspace import find_workspace

    try:
        workspace = find_workspace()
    except NotFound:
        if roster_incident:
            raise
        return RedactionContext()
    if roster_incident is None:
        return RedactionContext(patterns=workspace_patterns(workspace.config))
    from hindsight.share.public import context_for

    store = workspace.open_store()
    try:
        incident = store.get(roster_incident)
    finally:
        store.close()
    return context_for(incident, workspace)


def _redact_file(
    path: Path, *, diff: bool, output: Path | None, roster_incident: str | None, as_json: bool
) -> None:
    import difflib

    text = read_text_file(path)
    if not text.strip():
        err_console.print(f"{path}: empty, nothing to redact", markup=False)
    result: Redaction = redact(text, _file_context(roster_incident))
    if as_json:
        print_json(
            {
                "file": str(path),
                "counts": result.counts(),
                "replacements": _replacements_plain(result.replacements),
            }
        )
        if output is not None:
            _write(output, result.text)
        return
    if diff:
        _print_replacements(result.replacements)
        _print_diff(
            "".join(
                difflib.unified_diff(
                    masked_original(text, result.replacements).splitlines(keepends=True),
                    result.text.splitlines(keepends=True),
                    fromfile=str(path),
                    tofile=f"{path} (redacted)",
                    n=0,
                )
            )
        )
        if output is not None:
            _write(output, result.text)
        return
    _write(output, result.text)


def redact_command(
    target: str = typer.Argument(..., help="An incident id (INC-…) or a UTF-8 text file."),
    diff: bool = typer.Option(
        False, "--diff", help="Show every replacement with its rule, and the redacted lines."
    ),
    full: bool = typer.Option(
        False, "--full", help="With --diff on an incident: also the internal vs public diff."
    ),
    approve: bool = typer.Option(
        False, "--approve", help="Approve the public version exactly as it renders now."
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the redacted text here."
    ),
    roster: str | None = typer.Option(
        None, "--roster", help="For a file: also redact the people of this incident."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Redact secrets, personal data, names and internal hosts for publication.

    For an incident: prints its public version (the public template, redacted); --diff shows
    what a reviewer must check; --approve records the approval publishing needs. For a file:
    prints the redacted text (the file itself is never changed).
    """
    path = Path(target)
    if path.exists() or path.suffix:
        if approve:
            raise InvalidInput("--approve applies to an incident's public version, not to a file")
        if not path.exists():
            raise NotFound(f"{target}: no such file")
        if path.is_dir():
            raise InvalidInput(f"{target}: is a folder; give a text file or an incident id")
        _redact_file(path, diff=diff, output=output, roster_incident=roster, as_json=as_json)
        return
    from hindsight.incidents.publishing import review_public

    with opened() as (workspace, store):
        incident, review, version = review_public(
            store, workspace, target, approve_as=actor() if approve else None
        )
    if as_json:
        print_json(
            {
                "incident": incident.id,
                "sha256": version.sha256,
                "conservative": version.conservative,
                "approved": version.approved,
                "approved_by": version.approved_by,
                "approved_at": version.approved_at,
                "omitted": review.omitted,
                "replacements": _replacements_plain(review.replacements),
                "markdown": version.markdown,
            }
        )
        return
    if diff:
        console.print(
            f"[bold]Public version of {incident.id}[/bold]"
            + (" (conservative: restricted/security)" if version.conservative else "")
        )
        console.print("Left out of the public template:")
        for item in review.omitted:
            console.print(f"  - {item}", markup=False)
        _print_replacements(review.replacements)
        if review.redaction_diff:
            _print_diff(review.redaction_diff)
        if full:
            _print_diff(review.unified)
        if output is not None:
            _write(output, version.markdown)
    elif not approve:
        _write(output, version.markdown)
    if approve:
        console.print(
            f"Approved the public version of {incident.id} (sha256 {version.sha256[:12]}…) "
            f"as {version.approved_by}; any change to its text voids this approval."
        )
    elif diff:
        state = f"approved by {version.approved_by}" if version.approved else "not approved yet"
        console.print(f"Status: {state}.")


def publish_public_command(
    incident_id: str = typer.Argument(
        ..., help="The incident whose approved public version to publish."
    ),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write to this file."),
    fmt: str = typer.Option("md", "--format", "-f", help="md or html"),
) -> None:
    """Write the approved public version; refuses (exit 1) when not approved or when the
    incident changed since the approval."""
    fmt = fmt.lower()
    if fmt not in {"md", "markdown", "html"}:
        raise InvalidInput(f"unknown format {fmt!r}; valid: md, html", field="format")
    from hindsight.incidents.publishing import publish_public
    from hindsight.share.public import public_html

    with opened() as (workspace, store):
        version = publish_public(store, workspace, incident_id, actor())
    text = public_html(version) if fmt == "html" else version.markdown
    _write(output, text)


def register(app: typer.Typer) -> None:
    """Add this area's commands to `app`."""
    app.command("redact")(redact_command)
    app.command("publish-public")(publish_public_command)

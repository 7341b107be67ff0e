"""`hindsight lint` and `hindsight score`: the quality checks over incidents or markdown files.

Thin shell over hindsight.quality: resolve each target (an incident id in the workspace, or a
postmortem .md file parsed with hindsight.render.markdown), run the checks, print text, JSON or
GitHub annotation lines, and exit 1 when a gate fails — so CI can run it over a postmortems repo.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

from hindsight.cli.common import JsonOption
from hindsight.domain.model import Incident, to_plain
from hindsight.domain.policy import Policy, default_policy
from hindsight.errors import GateFailed, InvalidInput, NotFound
from hindsight.quality.findings import Finding, locate
from hindsight.quality.lint import DEFAULT_MIN_CONFIDENCE, lint
from hindsight.quality.rubric import Rubric, ScoreCard, load_rubric, score, workspace_rubric
from hindsight.workspace import Workspace, find_workspace

FORMATS = ("text", "json", "github")

TargetsArgument = typer.Argument(..., help="Incident ids (INC-…) or postmortem markdown files.")
FormatOption = typer.Option(
    "text", "--format", "-f", help="text, json, or github (::error annotations for GitHub Actions)."
)


@dataclass
class Target:
    """One thing checked: an incident from the store, or a markdown file and its text."""

    label: str
    incident: Incident
    path: str | None = None
    text: str | None = None
    parse_findings: list[Finding] = field(default_factory=list)


def register(app: typer.Typer) -> None:
    """Add this area's commands to `app`."""
    app.command("lint")(lint_command)
    app.command("score")(score_command)


def lint_command(
    targets: list[str] = TargetsArgument,
    fmt: str = FormatOption,
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too, not only errors."),
    min_confidence: float = typer.Option(
        DEFAULT_MIN_CONFIDENCE,
        "--min-confidence",
        min=0.0,
        max=1.0,
        help="Report blame findings at least this sure (0-1); lower shows more guesses.",
    ),
    json_out: bool = JsonOption,
) -> None:
    """Check blameless language, SMART actions and completeness; exit 1 on any error."""
    fmt = "json" if json_out else fmt
    _check_format(fmt)
    workspace, policy = _context()
    results = []
    for target in _resolve(targets, workspace):
        found = lint(target.incident, policy, min_confidence=min_confidence)
        found += target.parse_findings
        if target.text is not None:
            found = locate(found, target.text)
        results.append((target, found))
    _print_lint(results, fmt)
    errors = sum(1 for _, found in results for f in found if f.severity == "error")
    warnings = sum(1 for _, found in results for f in found if f.severity == "warning")
    if errors or (strict and warnings):
        raise GateFailed(
            f"lint failed: {errors} error(s), {warnings} warning(s) in {len(results)} postmortem(s)"
        )


def score_command(
    targets: list[str] = TargetsArgument,
    fmt: str = FormatOption,
    rubric_path: Path | None = typer.Option(
        None, "--rubric", help="Rubric file (default: rubric.yaml in the workspace, else shipped)."
    ),
    json_out: bool = JsonOption,
) -> None:
    """Score each postmortem against the rubric; exit 1 when one is below the pass mark."""
    fmt = "json" if json_out else fmt
    _check_format(fmt)
    workspace, policy = _context()
    rubric = (
        load_rubric(rubric_path)
        if rubric_path
        else workspace_rubric(workspace.root if workspace else None)
    )
    results = [(t, score(t.incident, policy, rubric)) for t in _resolve(targets, workspace)]
    _print_scores(results, fmt, rubric)
    failed = [t.label for t, card in results if not card.passed]
    if failed:
        raise GateFailed(f"below the pass mark {rubric.pass_mark:g}: {', '.join(failed)}")


# --- resolving targets -----------------------------------------------------------------------


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise InvalidInput(f"--format {fmt!r} is not one of {', '.join(FORMATS)}", field="format")


def _context() -> tuple[Workspace | None, Policy]:
    """The workspace when there is one (files can be checked anywhere), and its policy."""
    try:
        workspace = find_workspace()
    except NotFound:
        return None, default_policy()
    return workspace, workspace.policy


def _looks_like_file(target: str) -> bool:
    return target.lower().endswith((".md", ".markdown")) or Path(target).exists()


def _resolve(targets: list[str], workspace: Workspace | None) -> list[Target]:
    resolved: list[Target] = []
    ids = [t for t in targets if not _looks_like_file(t)]
    incidents: dict[str, Incident] = {}
    if ids:
        if workspace is None:
            raise NotFound(
                f"{ids[0]} is not a file, and there is no workspace here to find incidents in; "
                "run inside a workspace or pass .md files"
            )
        store = workspace.open_store()
        try:
            for incident_id in ids:
                incidents[incident_id] = store.get(incident_id)
        finally:
            store.close()
    for target in targets:
        if target in incidents:
            resolved.append(Target(target, incidents[target]))
        else:
            resolved.append(_read_file(Path(target)))
    return resolved


_WARNING = re.compile(r"^(?P<file>.*?):(?P<line>\d+): (?P<message>.*)$", re.DOTALL)


def _read_file(path: Path) -> Target:
    try:
        from hindsight.render.markdown import parse_markdown
        from hindsight.render.mdfiles import read_text
        from hindsight.render.mdimport import check_shape
    except ImportError as exc:  # the render area may not be installed in a trimmed build
        raise InvalidInput(
            f"{path}: markdown parsing is not available ({exc})", field="file"
        ) from exc
    text = read_text(path)
    check_shape(path, text, "nothing was checked")  # the files `hindsight import` takes, no other
    parsed = parse_markdown(text, str(path))
    incident = parsed.incident
    found = []
    for warning in parsed.warnings:
        match = _WARNING.match(warning)
        line = int(match.group("line")) if match else None
        message = match.group("message") if match else warning
        found.append(Finding("markdown/unread", "warning", message, None, None, None, line))
    return Target(str(path), incident, str(path), text, found)


# --- output ----------------------------------------------------------------------------------


def _gh_escape(value: str, *, prop: bool = False) -> str:
    """GitHub workflow-command escaping (data, or property values which also escape , and :)."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github_line(level: str, message: str, *, path: str | None, line: int | None, title: str) -> str:
    """One annotation: `::error file=…,line=…,title=…::message`."""
    props = []
    if path:
        props.append(f"file={_gh_escape(path, prop=True)}")
        props.append(f"line={line or 1}")
    props.append(f"title={_gh_escape(title, prop=True)}")
    return f"::{level} {','.join(props)}::{_gh_escape(message)}"


def _where(target: Target, finding: Finding) -> str:
    if target.path:
        return f"{target.path}:{finding.line}" if finding.line else target.path
    return f"{target.label} {finding.field}" if finding.field else target.label


def _print_lint(results: list[tuple[Target, list[Finding]]], fmt: str) -> None:
    out = sys.stdout
    if fmt == "json":
        payload = [
            {
                "target": t.label,
                "errors": sum(f.severity == "error" for f in found),
                "warnings": sum(f.severity == "warning" for f in found),
                "findings": [to_plain(f) for f in found],
            }
            for t, found in results
        ]
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    for target, found in results:
        if fmt == "github":
            for f in found:
                message = f"{f.message}" + (f" — {f.excerpt!r}" if f.excerpt else "")
                message += f" Suggestion: {f.suggestion}" if f.suggestion else ""
                out.write(
                    github_line(f.severity, message, path=target.path, line=f.line, title=f.rule)
                    + "\n"
                )
            continue
        errors = sum(f.severity == "error" for f in found)
        out.write(f"{target.label}: {errors} error(s), {len(found) - errors} warning(s)\n")
        for f in found:
            sure = f" (confidence {f.confidence:.2f})" if f.confidence is not None else ""
            out.write(f"  {_where(target, f)}: {f.severity} [{f.rule}] {f.message}{sure}\n")
            if f.excerpt and f.rule.startswith("blame/"):
                out.write(f"      > {f.excerpt}\n")
            if f.suggestion:
                out.write(f"      → {f.suggestion}\n")


def _card_plain(card: ScoreCard) -> dict[str, Any]:
    plain: dict[str, Any] = to_plain(card)
    return plain


def _print_scores(results: list[tuple[Target, ScoreCard]], fmt: str, rubric: Rubric) -> None:
    out = sys.stdout
    if fmt == "json":
        payload = [{"target": t.label, **_card_plain(card)} for t, card in results]
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    for target, card in results:
        verdict = "PASS" if card.passed else "FAIL"
        if fmt == "github":
            level = "notice" if card.passed else "error"
            weak = "; ".join(
                f"{c.title} {c.score}/5: {c.how_to_raise}"
                for c in card.criteria
                if c.how_to_raise and c.score < 4 and c.weight > 0
            )
            message = f"rubric {card.average:.2f} (pass mark {card.pass_mark:g}) {verdict}"
            out.write(
                github_line(
                    level,
                    message + (f". To raise: {weak}" if weak else ""),
                    path=target.path,
                    line=1,
                    title="rubric",
                )
                + "\n"
            )
            continue
        out.write(
            f"{target.label}: {card.average:.2f} / 5 — {verdict} (pass mark {card.pass_mark:g}, "
            f"{rubric.origin})\n"
        )
        for c in card.criteria:
            weight = f" ×{c.weight:g}" if c.weight != 1 else ""
            out.write(f"  {c.title:<17} {c.score}/5{weight:<5} {c.reason}\n")
            if c.how_to_raise:
                out.write(f"  {'':<17}      ↑ {c.how_to_raise}\n")

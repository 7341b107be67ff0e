"""Root-cause analysis commands: `rca why|factor|fishbone|tree|suspects|category|show`, plus the
top-level shortcuts `why` and `factor`. Thin: parse, call hindsight.analysis, save, print."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer
import yaml
from rich.markup import escape as esc
from typer.core import TyperGroup

from hindsight.analysis import category as cat
from hindsight.analysis import diagrams, fishbone, whys
from hindsight.analysis import fault_tree as fta
from hindsight.analysis.suspects import LOOKBACK, rank_suspects, report_as_dict
from hindsight.cli.common import JsonOption, actor, console, err_console, opened, print_json
from hindsight.domain.model import FaultTree, Incident, to_plain
from hindsight.errors import InvalidInput, NotFound
from hindsight.incidents import service
from hindsight.incidents.service import Editor
from hindsight.timeutil import format_duration, parse_duration


class _DefaultList(TyperGroup):
    """`hindsight why INC` is short for `hindsight why list INC`."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args.insert(0, "list")
        return super().resolve_command(ctx, args)


class _RcaGroup(TyperGroup):
    """Also accept the incident first: `rca INC suspects` = `rca suspects INC`; `rca INC` = `rca show INC`."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            if len(args) > 1 and args[1] in self.commands:
                args[0], args[1] = args[1], args[0]
            else:
                args.insert(0, "show")
        return super().resolve_command(ctx, args)


rca_app = typer.Typer(
    cls=_RcaGroup,
    help="Root-cause analysis: 5 whys, fishbone, fault trees, change suspects, category.",
    no_args_is_help=True,
)
why_app = typer.Typer(
    cls=_DefaultList,
    help="5 Whys chains (the last answer is the root cause).",
    no_args_is_help=True,
)
factor_app = typer.Typer(
    cls=_DefaultList, help="Contributing factors by category (the fishbone).", no_args_is_help=True
)


def say(*objects: Any) -> None:
    """Print plain text: user-written words are never read as Rich markup."""
    console.print(*objects, markup=False)


def register(app: typer.Typer) -> None:
    """Add `rca …` and the shortcuts `why …` and `factor …`."""
    rca_app.add_typer(why_app, name="why")
    rca_app.add_typer(factor_app, name="factor")
    app.add_typer(rca_app, name="rca")
    app.add_typer(why_app, name="why")
    app.add_typer(factor_app, name="factor")


def _warn(lines: list[str]) -> None:
    for line in lines:
        err_console.print(f"[yellow]warning:[/yellow] {esc(line)}", markup=True, soft_wrap=True)


# --- 5 whys -------------------------------------------------------------------------------------


def parse_evidence(specs: list[str]) -> dict[int, list[int]]:
    """`17` → the last step; `2=17` or `2:17,18` → step 2. Key 0 stands for "the last step"."""
    out: dict[int, list[int]] = {}
    for spec in specs:
        match = re.fullmatch(r"\s*(?:(\d+)\s*[=:]\s*)?([\d,\s#]+)", spec)
        if not match:
            raise InvalidInput(
                f"--evidence {spec!r}: expected EVENT_ID, or STEP=EVENT_ID[,EVENT_ID] (e.g. 2=17)",
                field="evidence",
            )
        step = int(match.group(1) or 0)
        ids = [int(x) for x in re.split(r"[,\s#]+", match.group(2)) if x]
        out.setdefault(step, []).extend(ids)
    return out


def _print_chains(incident: Incident) -> None:
    if not incident.why_chains:
        say(
            f'{incident.id} has no why chains yet: hindsight why add {incident.id} "problem" "answer" …'
        )
        return
    for number, chain in enumerate(incident.why_chains, 1):
        console.print(f"[bold]Chain {number}[/bold]: {esc(chain.problem)}", markup=True)
        for step_no, step in enumerate(chain.steps, 1):
            last = step_no == len(chain.steps)
            ev = (
                f"  [dim](evidence: {', '.join(f'#{i}' for i in step.evidence)})[/dim]"
                if step.evidence
                else ""
            )
            mark = " [bold red]← root cause[/bold red]" if last else ""
            console.print(f"  {step_no}. Why? {esc(step.answer)}{ev}{mark}", markup=True)


@why_app.command("add")
def why_add(
    incident_id: str,
    texts: list[str] = typer.Argument(
        ..., help='"problem" "answer 1" "answer 2" … (with --chain: answers only)'
    ),
    chain: int | None = typer.Option(
        None, "--chain", "-c", help="Add the answers to chain N instead."
    ),
    evidence: list[str] = typer.Option(
        [], "--evidence", "-e", help="Timeline event id backing the last answer, or STEP=EVENT_ID."
    ),
) -> None:
    """Start a why chain (problem, then answers) or add answers to an existing one."""
    links = parse_evidence(evidence)
    with opened() as (_, store):
        if chain is None:
            edited = service.add_why_chain(
                store, incident_id, texts[0], texts[1:], Editor(actor()), evidence=links
            )
            number = len(edited.incident.why_chains)
        else:
            edited = service.add_why_steps(
                store, incident_id, chain, texts, Editor(actor()), evidence=links
            )
            number = chain
    incident, created = edited.incident, edited.item
    say(f"Chain {number}: {len(created.steps)} step(s); root cause: {created.root_cause or '—'}")
    people = [p for p in [incident.commander, incident.author, *incident.participants] if p]
    _warn(whys.chain_warnings(created, number, people))


@why_app.command("list")
def why_list(incident_id: str, json_out: bool = JsonOption) -> None:
    """Show the why chains with their evidence and warnings."""
    with opened() as (_, store):
        incident = store.get(incident_id)
    if json_out:
        print_json(
            {
                "chains": [dict(to_plain(c), root_cause=c.root_cause) for c in incident.why_chains],
                "warnings": whys.warnings(incident),
            }
        )
        return
    _print_chains(incident)
    _warn(whys.warnings(incident))


@why_app.command("link")
def why_link(incident_id: str, chain: int, step: int, event_ids: list[int]) -> None:
    """Link timeline events as evidence for one answer."""
    with opened() as (_, store):
        linked = service.link_why_evidence(
            store, incident_id, chain, step, event_ids, Editor(actor())
        ).item
    say(f"Chain {chain} step {step} evidence: {', '.join(f'#{i}' for i in linked.evidence)}")


@why_app.command("rm")
def why_rm(
    incident_id: str,
    chain: int,
    step: int | None = typer.Option(None, "--step", help="Remove only this step."),
) -> None:
    """Remove a chain, or one step of it."""
    with opened() as (_, store):
        if step is None:
            service.remove_why_chain(store, incident_id, chain, Editor(actor()))
        else:
            service.remove_why_step(store, incident_id, chain, step, Editor(actor()))
    say(f"Removed chain {chain}" + (f" step {step}" if step else ""))


# --- fishbone -----------------------------------------------------------------------------------


@factor_app.command("add")
def factor_add(
    incident_id: str,
    text: str,
    category: str = typer.Option(
        ..., "--category", "-c", help="A category of the policy (People, Process …)."
    ),
) -> None:
    """Add a contributing factor under a fishbone category."""
    with opened() as (workspace, store):
        edited = service.add_factor(
            store, incident_id, category, text, workspace.policy, Editor(actor())
        )
    factor = edited.item
    say(f"Factor {len(edited.incident.factors)} ({factor.category}): {factor.text}")


@factor_app.command("list")
def factor_list(incident_id: str, json_out: bool = JsonOption) -> None:
    """Contributing factors grouped by category."""
    with opened() as (workspace, store):
        incident = store.get(incident_id)
        categories = workspace.policy.factor_categories
    if json_out:
        print_json(
            {
                "effect": fishbone.effect(incident),
                "categories": fishbone.by_category(incident, categories),
            }
        )
        return
    numbering = {id(f): i for i, f in enumerate(incident.factors, 1)}
    console.print(f"[bold]Effect:[/bold] {esc(fishbone.effect(incident))}", markup=True)
    for name in fishbone.by_category(incident, categories):
        console.print(f"[bold]{esc(name)}[/bold]", markup=True)
        items = [f for f in incident.factors if f.category.casefold() == name.casefold()]
        for factor in items:
            say(f"  {numbering[id(factor)]}. {factor.text}")
        if not items:
            console.print("  [dim](none)[/dim]", markup=True)


@factor_app.command("rm")
def factor_rm(incident_id: str, number: int) -> None:
    """Remove factor N (as numbered by `factor list`)."""
    with opened() as (_, store):
        removed = service.remove_factor(store, incident_id, number, Editor(actor())).item
    say(f"Removed factor {number} ({removed.category}): {removed.text}")


def _write_or_print(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    output.write_text(text, encoding="utf-8")
    say(f"Wrote {output}")


@rca_app.command("fishbone")
def fishbone_cmd(
    incident_id: str,
    fmt: str = typer.Option("mermaid", "--format", "-f", help="mermaid or svg"),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file."),
) -> None:
    """Draw the fishbone diagram (Mermaid for markdown, SVG for HTML)."""
    with opened() as (workspace, store):
        incident = store.get(incident_id)
        categories = workspace.policy.factor_categories
    if fmt not in ("mermaid", "svg"):
        raise InvalidInput(f"--format {fmt!r}: expected mermaid or svg", field="format")
    draw = diagrams.fishbone_svg if fmt == "svg" else diagrams.fishbone_mermaid
    _write_or_print(draw(incident, categories), output)


# --- fault trees --------------------------------------------------------------------------------


def _split(spec: str, option: str, shape: str) -> tuple[str, str]:
    if "=" not in spec:
        raise InvalidInput(f"{option} {spec!r}: expected {shape}", field=option.lstrip("-"))
    key, _, value = spec.partition("=")
    return key.strip(), value.strip()


def tree_summary(tree: FaultTree) -> dict[str, Any]:
    cut_sets = fta.minimal_cut_sets(tree)
    return {
        "name": tree.name,
        "top": tree.top,
        "minimal_cut_sets": [sorted(c) for c in cut_sets],
        "single_points_of_failure": sorted(next(iter(c)) for c in cut_sets if len(c) == 1),
        "top_event_probability": fta.top_event_probability(tree),
        "importance": [to_plain(i) for i in fta.importance(tree)],
    }


def _print_tree(tree: FaultTree) -> None:
    info = tree_summary(tree)
    labels = {n.id: n.label for n in tree.nodes}
    console.print(
        f"[bold]Fault tree:[/bold] {esc(tree.name)} — top event: {esc(labels.get(tree.top, tree.top))}",
        markup=True,
    )
    say(f"Minimal cut sets ({len(info['minimal_cut_sets'])}):")
    for cut in info["minimal_cut_sets"]:
        say("  {" + ", ".join(cut) + "}")
    spofs = info["single_points_of_failure"]
    if spofs:
        console.print(
            "[bold red]Single points of failure:[/bold red] "
            + esc(", ".join(f"{s} ({labels[s]})" for s in spofs)),
            markup=True,
        )
    else:
        say("No single point of failure.")
    p = info["top_event_probability"]
    say(
        f"P(top event) = {p:.6g}"
        if p is not None
        else "P(top event): give every basic event a probability"
    )
    for imp in info["importance"][:5]:
        fv = imp["fussell_vesely"]
        share = f", Fussell-Vesely {fv:.3g}" if fv is not None else ""
        say(f"  {imp['event']}: Birnbaum {imp['birnbaum']:.3g}{share}")


@rca_app.command("tree")
def tree_cmd(
    incident_id: str,
    file: Path | None = typer.Option(
        None, "--file", help="Load a tree from YAML (replaces the tree of the same name)."
    ),
    name: str | None = typer.Option(
        None, "--name", "-n", help="Which tree (by name); created if new."
    ),
    gate: list[str] = typer.Option(
        [], "--gate", help='ID=and|or|k/n:CHILD,CHILD (e.g. "db_down=and:primary,replica")'
    ),
    event: list[str] = typer.Option(
        [], "--event", help="ID=PROBABILITY for a basic event (e.g. primary=0.01)"
    ),
    label: list[str] = typer.Option([], "--label", help="ID=TEXT, the words shown for a node"),
    top: str | None = typer.Option(None, "--top", help="The id of the top event."),
    remove: bool = typer.Option(False, "--rm", help="Delete the tree chosen with --name."),
    fmt: str = typer.Option("text", "--format", "-f", help="text, mermaid, svg or yaml"),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the diagram to this file."
    ),
    json_out: bool = JsonOption,
) -> None:
    """Build, load or show a fault tree: minimal cut sets, single points of failure, P(top)."""
    if fmt not in ("text", "mermaid", "svg", "yaml"):
        raise InvalidInput(f"--format {fmt!r}: expected text, mermaid, svg or yaml", field="format")
    loaded = fta.parse_tree_yaml(_tree_yaml(file), source=str(file)) if file else None
    edit = _tree_edit(gate, event, label, top)
    with opened() as (_, store):
        if remove:
            service.remove_fault_tree(store, incident_id, Editor(actor()), name=name)
            say(f"Removed fault tree {name!r}")
            return
        if loaded is not None or edit:
            saved = service.save_fault_tree(
                store, incident_id, Editor(actor()), tree=loaded, name=name, edit=edit
            )
            incident, shown = saved.incident, [saved.item.tree]
        else:
            incident = store.get(incident_id)
            shown = [fta.pick_tree(incident, name, create=False)] if name else incident.fault_trees
    _show_trees(incident.id, shown, fmt, output, json_out)


def _tree_yaml(file: Path) -> str:
    """The text of a fault-tree file; a missing file or one that is not UTF-8 is named."""
    if not file.exists():
        raise NotFound(f"{file}: no such file")
    data = file.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            f"{file}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
            "save the fault tree as UTF-8 YAML",
            field="file",
        ) from None


def _tree_edit(
    gate: list[str], event: list[str], label: list[str], top: str | None
) -> fta.TreeEdit:
    """The --gate, --event, --label and --top options read as one edit of a tree."""
    gates: list[tuple[str, str, list[str]]] = []
    for spec in gate:
        node_id, rest = _split(spec, "--gate", "ID=and|or|k/n:CHILD,CHILD")
        kind, _, children = rest.partition(":")
        gates.append((node_id, kind, children.split(",")))
    events: list[tuple[str, float | None]] = []
    for spec in event:
        node_id, value = _split(spec, "--event", "ID=PROBABILITY")
        try:
            probability = float(value) if value else None
        except ValueError:
            raise InvalidInput(
                f"--event {spec!r}: {value!r} is not a probability (0–1)", field="event"
            ) from None
        events.append((node_id, probability))
    labels = [_split(spec, "--label", "ID=TEXT") for spec in label]
    return fta.TreeEdit(gates, events, labels, top)


def _show_trees(
    incident_id: str, shown: list[FaultTree], fmt: str, output: Path | None, json_out: bool
) -> None:
    if json_out:
        print_json([tree_summary(t) for t in shown])
        return
    if not shown:
        say(f"{incident_id} has no fault tree: hindsight rca tree {incident_id} --file tree.yaml")
        return
    if fmt == "text":
        for t in shown:
            _print_tree(t)
        return
    draw = {"mermaid": diagrams.fault_tree_mermaid, "svg": diagrams.fault_tree_svg}.get(fmt)
    text = "".join(
        draw(t)
        if draw
        else yaml.safe_dump(fta.tree_to_dict(t), sort_keys=False, allow_unicode=True)
        for t in shown
    )
    _write_or_print(text, output)


# --- suspects and category ------------------------------------------------------------------------


@rca_app.command("suspects")
def suspects_cmd(
    incident_id: str,
    lookback: str = typer.Option(
        format_duration(LOOKBACK), "--lookback", help="How far before the onset to look (24h, 3d)."
    ),
    json_out: bool = JsonOption,
) -> None:
    """Rank the changes before the anomaly's onset — hypotheses with evidence, not a verdict."""
    with opened() as (_, store):
        incident = store.get(incident_id)
    window = parse_duration(lookback, field="lookback")
    if window.total_seconds() <= 0:
        raise InvalidInput(
            f'lookback: "{lookback}" must be a positive duration, e.g. 24h', field="lookback"
        )
    report = rank_suspects(incident, lookback=window)
    if json_out:
        print_json(report_as_dict(report))
        return
    say(report.message)
    if report.onset is not None:
        say(f"Onset used: {report.onset:%Y-%m-%d %H:%M:%S}Z ({report.onset_basis})")
    if report.hypotheses:
        console.print("[bold]Hypotheses to test[/bold] (ranked; not a verdict):", markup=True)
        for h in report.hypotheses:
            ids = ", ".join(f"#{i}" for i in h.evidence)
            say(f"  {h.rank}. [{h.source}: {h.rule}] {h.title} (score {h.score:.2f})")
            say(f"     test: {h.explanation}")
            if ids:
                say(f"     evidence: {ids}")
    for s in report.suspects:
        ids = ", ".join(f"#{e.id}" for e in s.evidence if e.id is not None)
        console.print(
            f"[bold]{s.rank}. {s.kind.replace('_', ' ')}[/bold] ({s.confidence}, score {s.score:.2f}) "
            f"{s.at:%Y-%m-%d %H:%M}Z{esc(' ' + s.service if s.service else '')}: {esc(s.summary)}",
            markup=True,
        )
        for reason in s.reasons:
            say(f"     - {reason}")
        if ids:
            say(f"     evidence: {ids}")
    if report.discounted:
        console.print("[dim]Also considered and discounted:[/dim]", markup=True)
        for s in report.discounted:
            console.print(
                f"[dim]  - {s.kind.replace('_', ' ')} {s.at:%H:%M}Z: {esc(s.summary)} ({esc('; '.join(s.reasons))})[/dim]",
                markup=True,
            )
    if report.hints:
        say("What the telemetry at the onset points to: " + "; ".join(report.hints))


@rca_app.command("category")
def category_cmd(
    incident_id: str,
    set_to: str | None = typer.Option(
        None, "--set", help="Confirm the category (e.g. configuration)."
    ),
    json_out: bool = JsonOption,
) -> None:
    """Suggest the root-cause category with reasons; `--set` records the one you confirm."""
    if set_to is not None:
        chosen = cat.check_category(set_to)
        with opened() as (workspace, store):
            incident = service.edit_incident(
                store, incident_id, service.FieldChanges(values={"root_cause_category": chosen}),
                workspace.policy, Editor(actor()),
            ).incident  # fmt: skip
        if json_out:
            print_json({"incident": incident.id, "root_cause_category": chosen})
        else:
            say(f"{incident.id} root-cause category: {chosen}")
        return
    with opened() as (_, store):
        incident = store.get(incident_id)
    ranked = cat.suggest_category(incident)
    if json_out:
        print_json(
            {
                "current": incident.root_cause_category,
                "suggestions": [{"category": c, "score": sc, "reason": r} for c, sc, r in ranked],
                "note": "hypotheses to test, not a verdict",
            }
        )
        return
    if incident.root_cause_category:
        say(f"Confirmed category: {incident.root_cause_category}")
    say("Suggestions are hypotheses to test, from the words and the evidence signals:")
    if not ranked:
        say("No category suggested: write the root cause or a why chain first.")
        return
    for category, score, reason in ranked[:5]:
        say(f"  {category:<20} {score:>5.0%}  {reason}")
    say(f"Confirm with: hindsight rca category {incident.id} --set {ranked[0][0]}")


@rca_app.command("show")
def show_cmd(incident_id: str) -> None:
    """Everything of the analysis at once: whys, factors, fault trees, suspects, category."""
    with opened() as (workspace, store):
        incident = store.get(incident_id)
        categories = workspace.policy.factor_categories
    _print_chains(incident)
    _warn(whys.warnings(incident))
    say()
    for name, items in fishbone.by_category(incident, categories).items():
        if items:
            console.print(f"[bold]{esc(name)}[/bold]: " + esc("; ".join(items)), markup=True)
    for tree in incident.fault_trees:
        try:
            _print_tree(tree)
        except InvalidInput as error:
            err_console.print(
                f"[yellow]fault tree {esc(repr(tree.name))}: {esc(error.message)}[/yellow]",
                markup=True,
            )
    report = rank_suspects(incident)
    say(report.message)
    for h in report.hypotheses[:3]:
        say(f"  {h.rank}. {h.source} {h.rule}: {h.title} (hypothesis to test)")
    ranked = cat.suggest_category(incident)
    current = incident.root_cause_category or "not confirmed"
    hint = f"; suggested: {ranked[0][0]}" if ranked else ""
    say(f"Category: {current}{hint}")

"""Knowledge-base commands: search, similar incidents and repeats, metrics, the quarterly report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer
from rich.markup import escape
from rich.text import Text

from hindsight.cli.common import JsonOption, Table, actor, console, opened, print_json
from hindsight.errors import InvalidInput
from hindsight.incidents import listing
from hindsight.kb import service as kb_service
from hindsight.timeutil import format_duration, parse_instant, zone

report_app = typer.Typer(help="Reports a reliability lead presents.", no_args_is_help=True)

AsOption = typer.Option(
    None, "--as", help="See only what this user may see (restricted incidents are hidden)."
)


def register(app: typer.Typer) -> None:
    """Add this area's commands to `app`."""
    app.command("search")(search_command)
    app.command("similar")(similar_command)
    app.command("repeats")(repeats_command)
    app.command("metrics")(metrics_command)
    app.command("reindex")(reindex_command)
    app.add_typer(report_app, name="report")


def _when(text_value: str | None, tz: str, field: str) -> datetime | None:
    return parse_instant(text_value, tz=zone(tz), field=field) if text_value else None


def _highlight(snippet: str) -> str:
    from hindsight.store.search import SNIPPET_END, SNIPPET_START

    return escape(snippet).replace(SNIPPET_START, "[bold yellow]").replace(SNIPPET_END, "[/]")


def search_command(
    query: str = typer.Argument(..., help='Words to find; "a phrase", a OR b, -excluded.'),
    severity: list[str] = typer.Option([], "--severity", help="Only this severity (repeatable)."),
    service: str | None = typer.Option(None, "--service", help="Only incidents touching it."),
    tag: str | None = typer.Option(None, "--tag", help="Only incidents with this tag."),
    category: str | None = typer.Option(None, "--category", help="Root-cause category."),
    since: str | None = typer.Option(None, "--since", help="Started at or after (ISO-8601)."),
    until: str | None = typer.Option(None, "--until", help="Started before (ISO-8601)."),
    limit: int = typer.Option(20, "--limit", min=1, help="At most this many results."),
    as_user: str | None = AsOption,
    json_out: bool = JsonOption,
) -> None:
    """Full-text search over every field of every postmortem, best match first."""
    with opened() as (workspace, store):
        filters = listing.parse_filters(
            workspace.policy, severity=severity, service=service, tag=tag, category=category,
            since=since, until=until, timezone=workspace.timezone,
        )  # fmt: skip
        hits = listing.search_incidents(store, query, filters, as_user=as_user, limit=limit)
    if json_out:
        print_json({"query": query, "count": len(hits), "hits": hits})
        return
    if not hits:
        console.print(f"No postmortem matches {query!r}.", markup=False)
        return
    for hit in hits:
        started = hit.started_at.strftime("%Y-%m-%d") if hit.started_at else "—"
        lock = " 🔒" if hit.restricted else ""
        console.print(
            f"[bold]{hit.incident_id}[/bold]  {hit.severity}  {started}  {escape(hit.title)}{lock}"
        )
        console.print(f"    {_highlight(hit.snippet)}")


def similar_command(
    incident_id: str = typer.Argument(..., help="The incident to compare."),
    limit: int = typer.Option(5, "--limit", min=1, help="How many similar incidents."),
    mark_repeat: bool = typer.Option(
        False, "--mark-repeat", help="Record it as a repeat (repeat_of) when it is one."
    ),
    as_user: str | None = AsOption,
    json_out: bool = JsonOption,
) -> None:
    """The most similar incidents and why; says whether this one repeats an earlier one."""
    with opened() as (workspace, store):
        results, repeat = kb_service.similar_and_repeat(
            store, incident_id.strip().upper(), limit, workspace.policy, as_user=as_user,
            record_as=actor() if mark_repeat else None,
        )  # fmt: skip
    if json_out:
        print_json({"incident": incident_id.upper(), "similar": results, "repeat": repeat})
        return
    if not results:
        console.print(f"No incident resembles {incident_id.upper()}.")
    for result in results:
        started = result.started_at.strftime("%Y-%m-%d") if result.started_at else "—"
        console.print(
            f"[bold]{result.incident_id}[/bold]  {result.score:.2f}  {started}  {escape(result.title)}"
        )
        for reason in result.reasons:
            console.print(f"    • {escape(reason)}")
    if repeat is None:
        if mark_repeat:
            console.print(
                "Not a repeat: no earlier incident in the window shares its services and root cause."
            )
        return
    verb = "Recorded as a repeat of" if repeat.marked else "Looks like a repeat of"
    console.print(
        f"\n[bold]{verb} {repeat.earlier_id}[/bold] ({escape(repeat.earlier_title)}): "
        + escape("; ".join(repeat.reasons))
    )
    if repeat.unverified:
        console.print("Actions of the earlier incident that were not verified:")
        for action in repeat.unverified:
            console.print(f"    {action.ref} {escape(action.title)} — {action.status}")
    if not repeat.marked:
        console.print(f"Record it with: hindsight similar {incident_id.upper()} --mark-repeat")


def repeats_command(
    since: str | None = typer.Option(None, "--since", help="Started at or after (ISO-8601)."),
    until: str | None = typer.Option(None, "--until", help="Started before (ISO-8601)."),
    json_out: bool = JsonOption,
) -> None:
    """Incidents recorded as repeats, with the earlier incident's unverified actions."""
    with opened() as (workspace, store):
        found = kb_service.repeats(
            store,
            workspace.policy,
            since=_when(since, workspace.timezone, "since"),
            until=_when(until, workspace.timezone, "until"),
        )
    if json_out:
        print_json(found)
        return
    if not found:
        console.print("No repeat incidents recorded.")
        return
    table = Table("Incident", "Repeats", "Why", "Earlier actions not verified")
    for item in found:
        table.add_row(
            f"{item.incident_id}\n{item.title}",
            f"{item.earlier_id}\n{item.earlier_title}",
            "; ".join(item.reasons),
            "\n".join(f"{a.ref} {a.title} ({a.status})" for a in item.unverified) or "none",
        )
    console.print(table)


def metrics_command(
    since: str | None = typer.Option(None, "--since", help="Period start (default: 90 days ago)."),
    until: str | None = typer.Option(None, "--until", help="Period end, exclusive (default: now)."),
    quarter: str | None = typer.Option(None, "--quarter", help="A calendar quarter, e.g. 2025Q4."),
    service: str | None = typer.Option(None, "--service", help="Only incidents touching it."),
    severity: list[str] = typer.Option([], "--severity", help="Only this severity (repeatable)."),
    as_user: str | None = AsOption,
    json_out: bool = JsonOption,
) -> None:
    """MTTD/MTTA/MTTM/MTTR, repeat rate, postmortem and action figures with bands and trends."""
    from hindsight.kb.metrics import MetricFilters, make_period, quarter_period

    with opened() as (workspace, store):
        if quarter:
            if since or until:
                raise InvalidInput(
                    "give either --quarter or --since/--until, not both", field="quarter"
                )
            period = quarter_period(quarter)
        else:
            period = make_period(
                _when(since, workspace.timezone, "since"), _when(until, workspace.timezone, "until")
            )
        filters = MetricFilters(
            service=service, severity=[workspace.policy.check_severity(x) for x in severity]
        )
        report = kb_service.metrics_report(
            store, period, filters, workspace.policy, as_user=as_user
        )
    if json_out:
        print_json({"empty": report.empty, "message": report.message, **vars(report)})
        return
    if report.empty:
        console.print(report.message or "no incidents")
        return
    console.print(f"[bold]{report.incident_count} incidents[/bold] in {report.period.describe()}")
    months: dict[str, int] = {}
    for month, _, count in report.per_month:
        months[month] = months.get(month, 0) + count
    console.print("Per month: " + " · ".join(f"{m} {n}" for m, n in months.items()))
    table = Table("Metric", "Value", "Band", "Previous", "Trend", "Basis")
    styles = {"excellent": "green", "good": "green", "acceptable": "yellow", "poor": "yellow",
              "critical": "red"}  # fmt: skip
    for figure in report.figures:
        band = Text(figure.band, style=styles[figure.band]) if figure.band else "—"
        table.add_row(
            figure.name,
            figure.shown(),
            band,
            figure.shown(figure.previous) if figure.previous is not None else "—",
            figure.trend or "—",
            figure.basis,
        )
    console.print(table)
    detail = Table("Metric", "Severity", "Incidents", "Mean", "Median")
    for key in ("mttd", "mtta", "mttm", "mttr"):
        metric = report.time_metrics[key]
        for index, stat in enumerate([metric.overall, *metric.by_severity]):
            detail.add_row(metric.name if index == 0 else "", stat.severity, str(stat.count),
                           format_duration(stat.mean), format_duration(stat.median))  # fmt: skip
    console.print(detail)
    for key in ("mttd", "mtta", "mttm", "mttr"):
        metric = report.time_metrics[key]
        if metric.excluded_count:
            names = ", ".join(f"{e.incident_id} ({e.reason})" for e in metric.excluded)
            more = metric.excluded_count - len(metric.excluded)
            console.print(
                f"{metric.name} excludes {metric.excluded_count}: {escape(names)}"
                + (f" and {more} more" if more > 0 else "")
            )


@report_app.command("quarterly")
def quarterly_command(
    quarter: str | None = typer.Option(
        None, "--quarter", help="The quarter, e.g. 2025Q4 (default: the last complete quarter)."
    ),
    output: Path | None = typer.Option(
        None,
        "-o",
        "--output",
        help="Write to this .html or .md file (default: Markdown to stdout).",
    ),
    as_user: str | None = AsOption,
) -> None:
    """The quarterly reliability review: severities, root causes, services, actions, metrics
    with bands and trends, repeats, conclusions and charts."""
    from hindsight.kb.metrics import quarter_period
    from hindsight.kb.report import (
        charts,
        last_complete_quarter,
        render_html,
        render_markdown,
    )

    quarter = quarter or last_complete_quarter()
    quarter_period(quarter)  # a bad quarter fails before the store is opened
    if output is not None and output.suffix.lower() not in (".html", ".htm", ".md", ".markdown"):
        raise InvalidInput(f"{output}: the report is written as .html or .md", field="output")
    with opened() as (workspace, store):
        report = kb_service.quarterly_report(store, quarter, workspace.policy, as_user=as_user)
    if output is None:
        typer.echo(render_markdown(report))
        return
    if output.suffix.lower() in (".html", ".htm"):
        output.write_text(render_html(report), encoding="utf-8")
    else:
        links: dict[str, str] = {}
        if not report.empty:
            for name, svg in charts(report).items():
                chart_path = output.with_name(f"{output.stem}-{name}.svg")
                chart_path.write_text(svg, encoding="utf-8")
                links[name] = chart_path.name
        output.write_text(render_markdown(report, links), encoding="utf-8")
    summary = report.metrics.message or f"{report.metrics.incident_count} incidents"
    console.print(f"Wrote {output} ({report.period.label}: {summary}).", markup=False)


def reindex_command() -> None:
    """Rebuild the full-text search index from the stored incidents."""
    with opened() as (_, store):
        count = kb_service.reindex(store)
    console.print(f"Indexed {count} incidents.")

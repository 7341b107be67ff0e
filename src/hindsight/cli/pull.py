"""`hindsight pull`: a thin shell over hindsight.ingest.pull (parse arguments, call, print)."""

from __future__ import annotations

import typer
from rich.markup import escape

from hindsight.cli.common import JsonOption, actor, console, err_console, opened, print_json
from hindsight.errors import InvalidInput
from hindsight.ingest.pull import PullReport, Source
from hindsight.timeutil import parse_instant


def register(app: typer.Typer) -> None:
    """Add this area's commands to `app`."""
    app.command("pull")(pull)


def pull(
    incident: str = typer.Argument(..., help="Incident id, e.g. INC-2025-12-15."),
    source: list[str] = typer.Option(
        [], "--source", "-s", help="A [sources.NAME] of hindsight.toml (repeatable; default: all)."
    ),
    prometheus: str | None = typer.Option(
        None, "--prometheus", help="Prometheus base URL, e.g. http://prometheus:9090."
    ),
    query: list[str] = typer.Option(
        [], "--query", "-q", help="PromQL for --prometheus (repeatable)."
    ),
    alertmanager: str | None = typer.Option(
        None, "--alertmanager", help="Alertmanager base URL, e.g. http://alertmanager:9093."
    ),
    clickhouse: str | None = typer.Option(
        None,
        "--clickhouse",
        help="ClickHouse HTTP URL, e.g. http://clickhouse:8123 (logs of severity ≥ warning).",
    ),
    table: str | None = typer.Option(
        None, "--table", help="ClickHouse table for --clickhouse (default otel_logs)."
    ),
    user: str | None = typer.Option(
        None, "--user", help="ClickHouse user for --clickhouse (password from --password-env)."
    ),
    password_env: str | None = typer.Option(
        None, "--password-env", help="Environment variable holding the --user's password."
    ),
    start: str | None = typer.Option(
        None, "--from", help="Window start (default: incident start − 30 min)."
    ),
    end: str | None = typer.Option(
        None, "--to", help="Window end (default: resolved + 30 min, or now)."
    ),
    timeout: float | None = typer.Option(
        None, "--timeout", help="Seconds to wait for each answer (default 30)."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Pull the incident's window from Prometheus, Alertmanager and ClickHouse into its evidence
    and timeline. ClickHouse groups the logs itself: only groups cross the wire."""
    from hindsight.ingest import pull as live

    if query and not prometheus and not source:
        raise InvalidInput("--query needs --prometheus URL (or a configured source)", field="query")
    for option, name in ((table, "--table"), (user, "--user"), (password_env, "--password-env")):
        if option and not clickhouse:
            raise InvalidInput(f"{name} goes with --clickhouse URL", field=name.lstrip("-"))
    window_start = parse_instant(start, field="--from") if start else None
    window_end = parse_instant(end, field="--to") if end else None
    with opened() as (workspace, store):
        given = bool(prometheus or alertmanager or clickhouse)  # on the command line: those only
        configured = live.configured_sources(workspace) if source or not given else []
        chosen = live.choose_sources(configured, source)
        chosen += _typed_sources(prometheus, query, alertmanager, clickhouse, table, user,
                                 password_env)  # fmt: skip
        if timeout is not None:
            if timeout <= 0:
                raise InvalidInput("--timeout must be more than 0 seconds", field="timeout")
            for item in chosen:
                item.timeout = timeout
        found = store.get(incident)
        report = live.pull(
            workspace, store, found, chosen, start=window_start, end=window_end, actor=actor()
        )
    if as_json:
        print_json(report)
    else:
        _print_report(report)
    if report.failed:
        raise typer.Exit(2)
    if not any(r.status in ("imported", "already imported") for r in report.results):
        raise typer.Exit(1)


def _typed_sources(
    prometheus: str | None,
    queries: list[str],
    alertmanager: str | None,
    clickhouse: str | None,
    table: str | None,
    user: str | None,
    password_env: str | None,
) -> list[Source]:
    """The sources given by URL on the command line (named "cli")."""
    from hindsight.ingest import clickhouse as ch
    from hindsight.ingest.pull import checked_url

    for url, flag in (
        (prometheus, "--prometheus"),
        (alertmanager, "--alertmanager"),
        (clickhouse, "--clickhouse"),
    ):
        if url:
            checked_url(url, flag)
    typed: list[Source] = []
    if prometheus:
        typed.append(Source("cli", "prometheus", prometheus.rstrip("/"), list(queries)))
    if alertmanager:
        typed.append(Source("cli", "alertmanager", alertmanager.rstrip("/")))
    if clickhouse:
        typed.append(
            Source(
                "cli",
                "clickhouse",
                clickhouse.rstrip("/"),
                table=ch.checked_table(table or ch.DEFAULT_TABLE),
                user=user,
                password_env=password_env,
            )
        )
    return typed


def _print_report(report: PullReport) -> None:
    console.print(f"window {report.window} ({report.window_origin})")
    for result in report.results:
        what = escape(result.what)
        if result.status == "failed":
            err_console.print(f"[red]✗[/red] {escape(result.error or '')}", soft_wrap=True)
        elif result.status == "no data":
            console.print(f"[yellow]∅[/yellow] {result.source}: {what}: no data in the window")
        elif result.status == "already imported":
            console.print(f"= {result.source}: {what}: already pulled (same answer)")
        else:
            console.print(
                f"✓ {result.source}: {what} → {result.items} in window, "
                f"{result.events} events ({result.bytes:,} bytes)",
                soft_wrap=True,
            )

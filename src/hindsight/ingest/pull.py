"""Pulling an incident's window from live sources: Prometheus, Alertmanager and ClickHouse.

Only the transport is new here. Each response is kept as evidence exactly as a file would be
(content-addressed, so pulling the same window again adds nothing) and read by the format's one
reader (`promrange`, `alertmanager`). ClickHouse logs are grouped by the server itself (see
`clickhouse`): the evidence is its answer, the groups. The evidence's origin records the server, the exact query
and window, and the SHA-256 of the response; when it was pulled and by whom are the evidence's
own `added_at` / `added_by`.

Credentials never reach the database: a source names the environment variables that hold them.
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import httpx
import orjson

from hindsight.domain.model import Evidence, Incident, now_utc
from hindsight.errors import HindsightError, InvalidInput
from hindsight.ingest import clickhouse
from hindsight.ingest import evidence as blobs
from hindsight.ingest.service import FileReport, IngestOptions, ingest_paths, store_evidence
from hindsight.ingest.times import parse_time
from hindsight.store.repo import Store
from hindsight.workspace import Workspace, current_user

Kind = Literal["prometheus", "alertmanager", "clickhouse"]
KINDS: tuple[Kind, ...] = ("prometheus", "alertmanager", "clickhouse")
MARGIN = timedelta(minutes=30)
UNRESOLVED_SPAN = timedelta(hours=12)
TARGET_POINTS = 500
DEFAULT_TIMEOUT = 30.0
MAX_RESPONSE_BYTES = 256 * 2**20


class PullFailed(HindsightError):
    """A source could not answer: unreachable, refused the credentials, the query, or timed out."""

    status_code = 502


@dataclass
class Source:
    """A live source: `[sources.NAME]` in hindsight.toml, or one named on the command line.

    `token_env` names the environment variable holding a bearer token; `user` with
    `password_env` gives basic auth. Neither value is ever stored. `table` is ClickHouse's.
    """

    name: str
    kind: Kind
    url: str
    queries: list[str] = field(default_factory=list)
    token_env: str | None = None
    user: str | None = None
    password_env: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    table: str = clickhouse.DEFAULT_TABLE

    def auth_headers(self) -> dict[str, str]:
        if self.token_env:
            token = os.environ.get(self.token_env)
            if not token:
                raise InvalidInput(
                    f"source {self.name}: environment variable {self.token_env} (its token) "
                    "is not set",
                    field="token_env",
                )
            return {"Authorization": f"Bearer {token}"}
        return {}

    def basic_auth(self) -> tuple[str, str] | None:
        if not self.user:
            return None
        password = os.environ.get(self.password_env or "", "")
        if self.password_env and not password:
            raise InvalidInput(
                f"source {self.name}: environment variable {self.password_env} (the password) "
                "is not set",
                field="password_env",
            )
        return (self.user, password)


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M:%S}Z to {self.end:%Y-%m-%d %H:%M:%S}Z"


@dataclass
class Fetched:
    """One response to keep: what was asked of whom, and the bytes to store and read."""

    source: Source
    what: str  # the query in words: "query_range up{job=…} step=15s"
    url: str
    body: bytes
    format: str
    items: int  # series, alerts, silences or log groups in the window
    response_sha256: str
    query: str | None = None  # the exact query, when `what` only names it (ClickHouse's SQL)

    @property
    def origin(self) -> str:
        asked = f"; query: {self.query}" if self.query else ""
        return (
            f"{self.source.kind} {self.url} — {self.what}{asked} "
            f"(response sha256 {self.response_sha256[:16]}…)"
        )


@dataclass
class PullResult:
    source: str
    kind: str
    what: str
    status: str  # imported | already imported | no data | failed
    events: int = 0
    items: int = 0
    bytes: int = 0
    error: str | None = None
    sha256: str | None = None


@dataclass
class PullReport:
    incident_id: str
    window: Window
    window_origin: str
    results: list[PullResult] = field(default_factory=list)

    @property
    def failed(self) -> list[PullResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def imported(self) -> int:
        return sum(1 for r in self.results if r.status == "imported")


# --- configuration --------------------------------------------------------------------------------


def configured_sources(workspace: Workspace) -> list[Source]:
    """`[sources.NAME]` tables of hindsight.toml, checked; a mistake names the table and field."""
    raw = workspace.config.get("sources", {})
    if not isinstance(raw, dict):
        raise InvalidInput("hindsight.toml: [sources] must be a table of tables", field="sources")
    return [source_from_config(name, spec) for name, spec in raw.items()]


def source_from_config(name: str, spec: Any) -> Source:
    where = f"hindsight.toml [sources.{name}]"
    if not isinstance(spec, dict):
        raise InvalidInput(f"{where}: expected a table with kind and url", field=name)
    for secret in ("token", "password"):
        if secret in spec:
            raise InvalidInput(
                f"{where}: {secret} may not be written in the file; name the environment "
                f"variable that holds it with {secret}_env",
                field=secret,
            )
    known = {
        "kind",
        "url",
        "queries",
        "query",
        "table",
        "token_env",
        "user",
        "password_env",
        "timeout",
    }
    unknown = sorted(set(spec) - known)
    if unknown:
        raise InvalidInput(
            f"{where}: unknown field {unknown[0]!r}; expected {', '.join(sorted(known))}",
            field=unknown[0],
        )
    kind = spec.get("kind")
    if kind not in KINDS:
        raise InvalidInput(f"{where}: kind {kind!r}; expected {' or '.join(KINDS)}", field="kind")
    url = checked_url(spec.get("url"), f"{where} url")
    queries = spec.get("queries", [spec["query"]] if "query" in spec else [])
    if not isinstance(queries, list) or not all(isinstance(q, str) for q in queries):
        raise InvalidInput(f"{where}: queries must be a list of PromQL strings", field="queries")
    timeout = spec.get("timeout", DEFAULT_TIMEOUT)
    if not isinstance(timeout, int | float) or timeout <= 0:
        raise InvalidInput(f"{where}: timeout must be a number of seconds > 0", field="timeout")
    misplaced = "table" if kind != "clickhouse" else "queries" if "queries" in spec else "query"
    if misplaced in spec:
        raise InvalidInput(
            f"{where}: {misplaced} is not a field of a {kind} source", field=misplaced
        )
    table = spec.get("table", clickhouse.DEFAULT_TABLE)
    if not isinstance(table, str):
        raise InvalidInput(f"{where}: table must be a string", field="table")
    clickhouse.checked_table(table, f"{where} table")
    return Source(
        name=name,
        kind=kind,
        url=url.rstrip("/"),
        queries=list(queries),
        token_env=spec.get("token_env"),
        user=spec.get("user"),
        password_env=spec.get("password_env"),
        timeout=float(timeout),
        table=table,
    )


def checked_url(url: object, where: str) -> str:
    """`url` if it is an http(s) URL with a host (and a numeric port, if any); else InvalidInput
    naming `where` (the flag, or the source in hindsight.toml) and the value, before any request
    could call it "unreachable"."""
    from urllib.parse import urlsplit

    what = "not a URL"
    if isinstance(url, str):
        try:
            parts = urlsplit(url)
            _ = parts.port  # ValueError for a port that is not a number
        except ValueError:
            parts = None
        if parts is not None and parts.scheme.lower() in ("http", "https") and parts.hostname:
            return url
        if parts is not None and parts.netloc and parts.scheme:
            what = "not an http(s) URL"
    raise InvalidInput(f"{where} {url!r}: {what}; expected http(s)://host:port", field="url")


def incident_window(
    incident: Incident, start: datetime | None = None, end: datetime | None = None
) -> tuple[Window, str]:
    """The pull window: started − 30 min to resolved + 30 min (now, if unresolved), unless given."""
    origin = "given"
    if start is None:
        if incident.started_at is None:
            raise InvalidInput(
                f"{incident.id} has no start time; give the window with --from and --to",
                field="from",
            )
        start = incident.started_at - MARGIN
        origin = "incident start − 30 min"
    if end is None:
        last = incident.resolved_at or incident.mitigated_at
        if last is not None:
            end, words = last + MARGIN, "resolved + 30 min"
        elif now_utc() - start < UNRESOLVED_SPAN:
            end, words = now_utc() + timedelta(minutes=1), "now (not resolved)"
        else:
            end, words = start + UNRESOLVED_SPAN, "start + 12 h (not resolved; --to to change)"
        origin += f", {words}"
    if end <= start:
        raise InvalidInput(f"the window ends ({end}) before it starts ({start})", field="to")
    return Window(start, end), origin


# --- transport ------------------------------------------------------------------------------------


def send(
    client: httpx.Client, source: Source, method: str, url: str, **kwargs: Any
) -> httpx.Response:
    """One request to `source` with its credentials and timeout; PullFailed (one line) when the
    server does not answer in time or cannot be reached. Every source kind goes through here."""
    login = source.basic_auth()
    try:
        return client.request(
            method,
            url,
            headers=source.auth_headers(),
            auth=httpx.BasicAuth(*login) if login else httpx.USE_CLIENT_DEFAULT,
            timeout=source.timeout,
            **kwargs,
        )
    except httpx.TimeoutException:
        raise PullFailed(
            f"{source.kind} {source.url}: no answer within {source.timeout:g} s "
            "(set timeout in [sources.NAME] or --timeout)",
            field="timeout",
        ) from None
    except httpx.TransportError as exc:
        raise PullFailed(
            f"{source.kind} {source.url}: unreachable ({reason(exc)})", field="url"
        ) from None


def _get(client: httpx.Client, source: Source, path: str, params: dict[str, str]) -> bytes:
    response = send(client, source, "GET", f"{source.url}{path}", params=params)
    if response.status_code in (401, 403):
        raise PullFailed(
            f"{source.kind} {source.url}: credentials refused (HTTP {response.status_code}); "
            "check the token or password environment variable of the source",
            field="auth",
        )
    if response.status_code == 404:
        raise PullFailed(
            f"{source.kind} {source.url}: {path} not found (HTTP 404); is this a "
            f"{source.kind} server?",
            field="url",
        )
    if response.status_code >= 400:
        raise PullFailed(
            f"{source.kind} {source.url}: {_server_error(response)}",
            field="query" if response.status_code in (400, 422) else "url",
        )
    if len(response.content) > MAX_RESPONSE_BYTES:
        raise PullFailed(
            f"{source.kind} {source.url}: response of {len(response.content):,} bytes is over the "
            f"{MAX_RESPONSE_BYTES // 2**20} MiB limit; narrow the query or the window",
            field="query",
        )
    return response.content


def reason(exc: httpx.TransportError) -> str:
    text = str(exc) or type(exc).__name__
    if "refused" in text.lower():
        return "connection refused"
    return text.splitlines()[0][:200]


def _server_error(response: httpx.Response) -> str:
    try:
        body = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        body = None
    if isinstance(body, dict) and body.get("error"):
        kind = body.get("errorType")
        return f"{'bad query' if kind == 'bad_data' else kind or 'error'}: {body['error']}"
    text = response.text.strip().splitlines()[0][:200] if response.text.strip() else ""
    return f"HTTP {response.status_code} {text}".strip()


def _sha(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# --- sources --------------------------------------------------------------------------------------


def step_for(window: Window) -> int:
    """Seconds between points so the window holds about TARGET_POINTS of them (at least 1 s)."""
    return max(1, math.ceil((window.end - window.start).total_seconds() / TARGET_POINTS))


def prometheus(client: httpx.Client, source: Source, query: str, window: Window) -> Fetched:
    step = step_for(window)
    params = {
        "query": query,
        "start": _iso(window.start),
        "end": _iso(window.end),
        "step": f"{step}s",
    }
    body = _get(client, source, "/api/v1/query_range", params)
    try:
        data = orjson.loads(body)
        series = len(data["data"]["result"])
    except (orjson.JSONDecodeError, KeyError, TypeError):
        raise PullFailed(
            f"prometheus {source.url}: the answer to query_range is not a Prometheus response",
            field="url",
        ) from None
    what = f"query_range {query} from {params['start']} to {params['end']} step {step}s"
    return Fetched(
        source, what, f"{source.url}/api/v1/query_range", body, "prometheus", series, _sha(body)
    )


def alertmanager(client: httpx.Client, source: Source, window: Window) -> Iterator[Fetched]:
    """Alerts and silences (API v2) that overlap the window, each list kept in the API's shape."""
    for path, noun in (("/api/v2/alerts", "alerts"), ("/api/v2/silences", "silences")):
        body = _get(client, source, path, {})
        try:
            items = orjson.loads(body)
        except orjson.JSONDecodeError:
            items = None
        if not isinstance(items, list):
            raise PullFailed(
                f"alertmanager {source.url}: {path} did not answer with a JSON list", field="url"
            )
        overlapping = [i for i in items if isinstance(i, dict) and _overlaps(i, window)]
        kept = orjson.dumps(overlapping, option=orjson.OPT_INDENT_2)
        what = (
            f"GET {path}: {len(overlapping)} of {len(items)} {noun} overlap "
            f"{_iso(window.start)} to {_iso(window.end)}"
        )
        yield Fetched(
            source, what, f"{source.url}{path}", kept, "alertmanager", len(overlapping), _sha(body)
        )


def clickhouse_logs(client: httpx.Client, source: Source, window: Window) -> Fetched:
    """The window's warning-or-worse log records, grouped by ClickHouse (see `clickhouse`)."""
    sql = clickhouse.groups_sql(source.table, window)
    body = clickhouse.post(client, source, sql)
    try:
        groups = clickhouse.parse_groups(body)
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        # an error met after the answer began comes at its end, after a 200 status
        failure = next((ln for ln in body.splitlines() if ln.startswith(b"Code: ")), None)
        why = (
            clickhouse.server_error(failure.decode(errors="replace"))
            if failure
            else "the answer is not the JSONEachRow rows asked for"
        )
        raise PullFailed(f"clickhouse {source.url}: {why}", field="url") from None
    what = (
        f"{source.table}: {len(groups)} groups of {sum(g.count for g in groups):,} warning-or-worse "
        f"records from {_iso(window.start)} to {_iso(window.end)}"
    )
    return Fetched(
        source, what, source.url, body, clickhouse.FORMAT, len(groups), _sha(body), query=sql
    )


def _overlaps(item: dict[str, Any], window: Window) -> bool:
    starts = parse_time(item.get("startsAt") or "")
    if starts is None:
        return False
    ends_raw = str(item.get("endsAt") or "")
    ends = None if ends_raw.startswith("0001") else parse_time(ends_raw)
    return starts <= window.end.timestamp() and (ends is None or ends >= window.start.timestamp())


# --- the use case ---------------------------------------------------------------------------------


def pull(
    workspace: Workspace,
    store: Store,
    incident: Incident,
    sources: Sequence[Source],
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    actor: str | None = None,
    transport: httpx.BaseTransport | None = None,
) -> PullReport:
    """Pull the incident's window from every source into its evidence and timeline.

    A source that fails is reported (status "failed", one line) and the others go on; a response
    with nothing in the window is "no data". Stored evidence is never changed by a failure.
    """
    if not sources:
        raise InvalidInput(
            "no source: name one (--prometheus URL --query Q, --alertmanager URL, --clickhouse "
            "URL) or configure "
            "[sources.NAME] in hindsight.toml",
            field="source",
        )
    window, origin = incident_window(incident, start, end)
    report = PullReport(incident.id, window, origin)
    with httpx.Client(transport=transport, follow_redirects=True) as client:
        for source in sources:
            for fetched in _fetch_all(client, source, window, report):
                report.results.append(_keep(workspace, store, incident.id, fetched, actor))
    return report


def _fetch_all(
    client: httpx.Client, source: Source, window: Window, report: PullReport
) -> Iterator[Fetched]:
    if source.kind == "prometheus" and not source.queries:
        report.results.append(
            PullResult(source.name, source.kind, "", "failed", error="no --query given")
        )
        return
    asks: list[str | None] = list(source.queries) if source.kind == "prometheus" else [None]
    for query in asks:
        try:
            if query is not None:
                yield prometheus(client, source, query, window)
            elif source.kind == "clickhouse":
                yield clickhouse_logs(client, source, window)
            else:
                yield from alertmanager(client, source, window)
        except HindsightError as error:
            report.results.append(
                PullResult(source.name, source.kind, query or "", "failed", error=error.message)
            )


def _keep(
    workspace: Workspace, store: Store, incident_id: str, fetched: Fetched, actor: str | None
) -> PullResult:
    result = PullResult(
        fetched.source.name,
        fetched.source.kind,
        fetched.what,
        "no data",
        items=fetched.items,
        bytes=len(fetched.body),
        sha256=fetched.response_sha256,
    )
    if fetched.items == 0:
        result.error = f"{fetched.source.kind} {fetched.source.url}: no data in the window"
        return result
    if fetched.format == clickhouse.FORMAT:
        return _keep_groups(workspace, store, incident_id, fetched, actor, result)
    slug = f"{fetched.source.kind}-{fetched.source.name}-{_sha(fetched.what.encode())[:10]}.json"
    with tempfile.TemporaryDirectory(dir=workspace.state_dir) as folder:
        path = Path(folder) / slug
        path.write_bytes(fetched.body)
        options = IngestOptions(
            format=fetched.format,
            source=f"{fetched.source.kind}:{fetched.source.name}",
            actor=actor,
            origin=fetched.origin,
        )
        ingested = ingest_paths(workspace, store, incident_id, [path], options)
    file: FileReport = ingested.files[0]
    result.events = file.events
    result.status = "failed" if file.status == "failed" else file.status
    result.error = file.error
    return result


def _keep_groups(
    workspace: Workspace,
    store: Store,
    incident_id: str,
    fetched: Fetched,
    actor: str | None,
    result: PullResult,
) -> PullResult:
    """Store ClickHouse's answer as evidence and its groups as events, in one transaction."""
    source = fetched.source
    sha, size, _ = blobs.store_bytes(workspace.evidence_dir, fetched.body)
    groups = clickhouse.parse_groups(fetched.body)
    label = f"{source.kind}:{source.name}"
    events = clickhouse.events(groups, source=source, source_label=label, evidence=sha)
    record = Evidence(
        sha256=sha,
        filename=f"clickhouse-{source.name}-{_sha(fetched.what.encode())[:10]}.jsonl",
        size=size,
        format=clickhouse.FORMAT,
        added_by=actor or current_user(),
        added_at=now_utc(),
        origin=fetched.origin,
        incident_id=incident_id,
        lines=sum(g.count for g in groups),
    )
    result.status = store_evidence(store, record, events)
    result.events = len(events) if result.status == "imported" else 0
    return result


def choose_sources(
    configured: Sequence[Source], names: Sequence[str], *, option: str = "--source"
) -> list[Source]:
    """The configured sources named (all of them when none is); an unknown name is refused
    with the names there are."""
    by_name = {s.name: s for s in configured}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        known = ", ".join(sorted(by_name)) or "none configured"
        raise InvalidInput(
            f"{option} {unknown[0]}: no [sources.{unknown[0]}] in hindsight.toml ({known})",
            field="sources" if option == "source" else "source",
        )
    return [by_name[n] for n in names] if names else list(configured)


def pull_configured(
    workspace: Workspace,
    store: Store,
    incident: Incident,
    names: Sequence[str] = (),
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    actor: str | None = None,
) -> PullReport:
    """Pull from the sources of hindsight.toml (all, or those named) — what the web offers: a
    server only pulls from sources its operator configured, never from a URL a user typed."""
    chosen = choose_sources(configured_sources(workspace), names, option="source")
    return pull(workspace, store, incident, chosen, start=start, end=end, actor=actor)

"""ClickHouse logs (the OpenTelemetry `otel_logs` schema) grouped where they live.

The local reader groups log lines by (level, service, shape), the shape being the message with
every hex run that holds a digit collapsed to "0" (`condense.SHAPE`). Here ClickHouse does that
grouping with SQL over its HTTP interface, for records of severity ≥ warning in the window, and
only the groups cross the wire: per group its count, first and last second, per-minute counts and
the greatest message (the representative the local reader keeps). The rows become a
`condense.Aggregate` and then events with `condense.condensed_events` — the same templates and
events a local `hindsight ingest` of the same lines gives. Raw lines are fetched on drill-down.

The SQL uses only what both ClickHouse 18.16 (Debian's) and current releases have: a `Timestamp`
of DateTime or DateTime64(9) compared with `toDateTime('…', 'UTC')`, `toUnixTimestamp`,
`replaceRegexpAll` (RE2), `count`/`min`/`max`/`sum`, `groupArray`, `arraySort`. Times are kept to
the second (`toUnixTimestamp` drops a DateTime64's fraction).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx
import orjson

from hindsight.domain.model import TimelineEvent
from hindsight.errors import InvalidInput
from hindsight.ingest.condense import Aggregate, condensed_events
from hindsight.ingest.drill import matches

if TYPE_CHECKING:
    from hindsight.ingest.pull import Source, Window

FORMAT = "clickhouse"
DEFAULT_TABLE = "otel_logs"
# RE2's reading of condense.SHAPE_PATTERN (leftmost-first, greedy): a run of hex digits holding
# at least one digit. Kept here as its own constant because condense.SHAPE may change to a form
# RE2 lacks (possessive or atomic groups); a test pins that both give the same shapes.
SHAPE_RE2 = "[0-9a-fA-F]*[0-9][0-9a-fA-F]*"
RAW_LIMIT = 500
MAX_ANSWER_BYTES = 256 * 2**20
SHAPES_PER_EVENT = 50
TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?")

# OpenTelemetry SeverityNumber: 13–16 WARN, 17–20 ERROR, 21–24 FATAL; 1–12 is below warning.
# A record with SeverityNumber 0 (unset) is judged by its SeverityText, as records.normal_level
# reads level names.
LEVEL_SQL = """multiIf(
        SeverityNumber >= 21, 'FATAL',
        SeverityNumber >= 17, 'ERROR',
        SeverityNumber >= 13, 'WARN',
        SeverityNumber > 0, '',
        lower(SeverityText) IN ('fatal', 'critical', 'crit', 'alert', 'emerg', 'emergency',
            'panic', 'f'), 'FATAL',
        lower(SeverityText) IN ('error', 'err', 'severe', 'e'), 'ERROR',
        lower(SeverityText) IN ('warn', 'warning', 'w'), 'WARN',
        '')"""

GROUPS_SQL = """SELECT
    level, service, shape,
    sum(lines) AS count,
    min(first_at) AS first_at,
    max(last_at) AS last_at,
    max(message) AS message,
    arraySort(groupArray(minute)) AS minutes,
    arraySort((c, m) -> m, groupArray(lines), groupArray(minute)) AS minute_counts
FROM (
    SELECT
        {level} AS level,
        ServiceName AS service,
        replaceRegexpAll(Body, '{shape}', '0') AS shape,
        intDiv(toUnixTimestamp(Timestamp), 60) AS minute,
        count() AS lines,
        min(toUnixTimestamp(Timestamp)) AS first_at,
        max(toUnixTimestamp(Timestamp)) AS last_at,
        max(Body) AS message
    FROM {table}
    WHERE Timestamp >= toDateTime('{start}', 'UTC') AND Timestamp < toDateTime('{end}', 'UTC')
        AND level != ''
    GROUP BY level, service, shape, minute
)
GROUP BY level, service, shape
ORDER BY level, service, shape
FORMAT JSONEachRow"""

RAW_SQL = """SELECT
    toUnixTimestamp(Timestamp) AS at, {level} AS level, ServiceName AS service, Body AS body
FROM {table}
WHERE Timestamp >= toDateTime('{start}', 'UTC') AND Timestamp < toDateTime('{end}', 'UTC')
    AND level = '{wanted}'{services}{shapes}
ORDER BY Timestamp, Body
LIMIT {limit}
FORMAT JSONEachRow"""


def checked_table(table: str, where: str = "--table") -> str:
    """A table name safe to put in SQL: `name` or `database.name`."""
    if not TABLE_NAME.fullmatch(table):
        raise InvalidInput(
            f"{where}: {table!r} is not a table name; expected name or database.name "
            "(letters, digits, _)",
            field="table",
        )
    return table


def quoted(text: str) -> str:
    """`text` as a ClickHouse string literal (quotes and backslashes escaped)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _sql_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def groups_sql(table: str, window: Window) -> str:
    """The SQL that groups the window's warning-or-worse records as the local reader would,
    on one line (its only literals hold no runs of spaces, so this is the same query)."""
    sql = GROUPS_SQL.format(
        level=LEVEL_SQL,
        shape=SHAPE_RE2,
        table=checked_table(table),
        start=_sql_time(window.start),
        end=_sql_time(window.end),
    )
    return " ".join(sql.split())


@dataclass
class Group:
    """One answer row: a (level, service, shape) group of the window."""

    level: str
    service: str | None
    shape: str
    count: int
    first: int
    last: int
    message: str
    minutes: list[int]
    minute_counts: list[int]


def parse_groups(body: bytes) -> list[Group]:
    """The answer of `groups_sql` (JSONEachRow); ValueError if it is not one."""
    groups = []
    for line in body.splitlines():
        if not line.strip():
            continue
        row = orjson.loads(line)
        groups.append(
            Group(
                level=str(row["level"]),
                service=str(row["service"]) or None,
                shape=str(row["shape"]),
                count=int(row["count"]),  # UInt64 comes quoted unless told otherwise
                first=int(row["first_at"]),
                last=int(row["last_at"]),
                message=str(row["message"]),
                minutes=[int(m) for m in row["minutes"]],
                minute_counts=[int(c) for c in row["minute_counts"]],
            )
        )
    return groups


def aggregate(groups: list[Group]) -> Aggregate:
    """The groups as the local reader would have aggregated the same lines.

    A minute's "first line" has no line number here; the minute itself stands in for it (only
    its order matters to condensing). Groups are added in the order a time-sorted file would
    open them (first second, then level, service, shape), which decides ties between services.
    """
    found = Aggregate()
    for group in sorted(groups, key=lambda g: (g.first, g.level, g.service or "", g.shape)):
        minutes = [float(m) for m in group.minutes]
        found.add_group(
            (group.level, group.service, group.shape),
            [
                group.count,
                float(group.first),
                float(group.last),
                {m: int(m) for m in minutes},
                dict(zip(minutes, group.minute_counts, strict=True)),
                group.message,
            ],
        )
        found.lines += group.count
    return found


def events(
    groups: list[Group], *, source: Source, source_label: str, evidence: str
) -> list[TimelineEvent]:
    """Timeline events of the groups, each saying in `detail["clickhouse"]` where its raw lines
    are: the server, table, level, services, shapes and time range to ask for them."""
    made = condensed_events(
        aggregate(groups), source=source_label, evidence=evidence, format_name=FORMAT
    )
    for event in made:
        detail = event.detail
        detail.pop("lines", None)
        shapes = sorted(
            {
                g.shape
                for g in groups
                if g.level == event.level
                and event.template is not None
                and matches(event.template, g.message)
            }
        )
        detail["clickhouse"] = {
            "source": source.name,
            "url": source.url,
            "user": source.user,
            "password_env": source.password_env,  # the variable's name, never its value
            "token_env": source.token_env,
            "table": source.table,
            "level": event.level,
            "services": sorted(s or "" for s in detail.get("services", {})),
            "shapes": shapes if len(shapes) <= SHAPES_PER_EVENT else [],
            "from": int(event.at.timestamp()),
            "to": int((event.last_at or event.at).timestamp()) + 1,
        }
    return made


def raw_sql(where: dict[str, Any], limit: int) -> str:
    """The SQL for an event's raw lines, from its `detail["clickhouse"]`."""
    services = [str(s) for s in where.get("services") or []]
    shapes = [str(s) for s in where.get("shapes") or []]
    return RAW_SQL.format(
        level=LEVEL_SQL,
        table=checked_table(str(where["table"]), "event"),
        start=_sql_time(datetime.fromtimestamp(int(where["from"]), UTC)),
        end=_sql_time(datetime.fromtimestamp(int(where["to"]), UTC)),
        wanted=str(where["level"]).replace("'", ""),
        services=(
            f"\n    AND ServiceName IN ({', '.join(quoted(s) for s in services)})"
            if services
            else ""
        ),
        shapes=(
            f"\n    AND replaceRegexpAll(Body, '{SHAPE_RE2}', '0') IN "
            f"({', '.join(quoted(s) for s in shapes)})"
            if shapes
            else ""
        ),
        limit=int(limit),
    )


def raw_rows(body: bytes, table: str, template: str | None) -> Iterator[tuple[str, int, str]]:
    """(table, row number, "time level service message") per answer row that fits `template`."""
    number = 0
    for line in body.splitlines():
        if not line.strip():
            continue
        row = orjson.loads(line)
        text = str(row["body"])
        if template and not matches(template, text):
            continue
        number += 1
        at = datetime.fromtimestamp(int(row["at"]), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        yield table, number, f"{at} {row['level']} {row['service']} {text}"


def post(client: httpx.Client, source: Source, sql: str) -> bytes:
    """POST `sql` to the server's HTTP interface; PullFailed with ClickHouse's own words."""
    from hindsight.ingest.pull import PullFailed, send

    params = {"max_execution_time": str(max(1, int(source.timeout)))}
    response = send(client, source, "POST", f"{source.url}/", params=params, content=sql.encode())
    text = response.text if response.status_code >= 400 else ""
    if response.status_code in (401, 403) or "Authentication failed" in text or "Code: 516" in text:
        raise PullFailed(
            f"clickhouse {source.url}: credentials refused (HTTP {response.status_code}: "
            f"{server_error(text)}); check user and the password environment variable",
            field="auth",
        )
    if response.status_code >= 400:
        raise PullFailed(f"clickhouse {source.url}: {server_error(text)}", field="query")
    if len(response.content) > MAX_ANSWER_BYTES:
        raise PullFailed(
            f"clickhouse {source.url}: answer of {len(response.content):,} bytes is over the "
            f"{MAX_ANSWER_BYTES // 2**20} MiB limit (too many message shapes); narrow the window",
            field="query",
        )
    return response.content


def server_error(text: str) -> str:
    """ClickHouse's error text, one line: "Code: 60 … Table default.x doesn't exist"."""
    first = text.strip().splitlines()[0] if text.strip() else "no error text"
    first = first.replace("e.displayText() = ", "")
    first = re.sub(r",? e\.what\(\) = DB::Exception$", "", first)
    first = re.sub(r" \(version .*$", "", first)
    return first[:300]


def drill(
    event: TimelineEvent, limit: int | None = None, transport: httpx.BaseTransport | None = None
) -> Iterator[tuple[str, int, str]]:
    """The raw lines behind a pulled event, asked of the server again (at most `limit`, or
    RAW_LIMIT): same level, services, shapes and seconds. Credentials from the environment, as
    named when the event was pulled."""
    from hindsight.ingest.pull import Source

    where = (event.detail or {})["clickhouse"]
    source = Source(
        str(where.get("source") or "clickhouse"),
        "clickhouse",
        str(where["url"]),
        table=str(where["table"]),
        user=where.get("user"),
        password_env=where.get("password_env"),
        token_env=where.get("token_env"),
    )
    sql = raw_sql(where, limit or RAW_LIMIT)
    with httpx.Client(transport=transport) as client:
        body = post(client, source, sql)
    yield from raw_rows(body, source.table, event.template if not where.get("shapes") else None)

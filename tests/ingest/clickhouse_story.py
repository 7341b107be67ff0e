"""A throwaway ClickHouse server on loopback ports, and an `otel_logs` table of an incident story.

Shared by tests/ingest/test_pull_clickhouse.py and bench/pull_bench.py. The server is Debian's
`clickhouse-server` (18.16 in bookworm): it has no DateTime64 and no Map type, so the table holds
the otel_logs columns the pull reads, with `Timestamp DateTime` (a current otel_logs has
DateTime64(9); the pull's SQL runs on both).

The story, 4 hours from 21:40 UTC on 2025-12-15, one row every few milliseconds: mostly INFO
requests; a steady trickle of slow-query warnings; from 22:47 to 23:19 checkout-api cannot reach
payments ("upstream connect error to 10.0.3.N:8080"), payments declines cards and its pool runs
out (FATAL); some warnings carry only SeverityText (SeverityNumber 0), as some SDKs write them.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

SERVER = "/usr/sbin/clickhouse-server"
USER = "hindsight"
PASSWORD = "ch-secret"
STORY_START = datetime(2025, 12, 15, 21, 40, tzinfo=UTC)
STORY_SECONDS = 4 * 3600
INCIDENT_START = datetime(2025, 12, 15, 22, 47, tzinfo=UTC)
INCIDENT_END = datetime(2025, 12, 15, 23, 19, tzinfo=UTC)

TABLE_DDL = """
CREATE TABLE {table} (
    Timestamp DateTime,
    TraceId String,
    SpanId String,
    SeverityText String,
    SeverityNumber UInt8,
    ServiceName String,
    Body String
) ENGINE = MergeTree() PARTITION BY toDate(Timestamp) ORDER BY (ServiceName, Timestamp)
"""

# n → one row. `h` is a hash of n (the row's "randomness"); `t` its second in the story.
STORY_SELECT = """
SELECT
    toDateTime({start}) + t AS Timestamp,
    lower(hex(cityHash64(n, 7))) AS TraceId,
    lower(hex(cityHash64(n, 8) % 4294967296)) AS SpanId,
    multiIf(kind = 0, 'INFO', kind = 1, 'WARN', kind = 2, 'warning', kind = 5, 'FATAL', 'ERROR')
        AS SeverityText,
    toUInt8(multiIf(kind = 0, 9, kind = 1, 13, kind = 2, 0, kind = 5, 21, 17)) AS SeverityNumber,
    multiIf(kind = 3, 'checkout-api', kind >= 4, 'payments', ['cart', 'checkout-api', 'gateway',
        'payments'][h % 4 + 1]) AS ServiceName,
    multiIf(
        kind = 0, concat('GET /api/cart/', toString(h % 100000), ' 200 in ',
            toString(h % 300), 'ms'),
        kind = 1, concat('slow query on orders took ', toString(200 + h % 5000), 'ms'),
        kind = 2, concat('retrying request ', lower(hex(h % 4294967296)), ' after 503'),
        kind = 3, concat('upstream connect error to 10.0.3.', toString(h % 250),
            ':8080 reset reason: connection failure'),
        kind = 4, concat('payment ', lower(hex(h % 281474976710656)), ' declined: card_declined'),
        'connection pool exhausted: 64/64 in use') AS Body
FROM (
    SELECT
        number AS n,
        intDiv(number * {seconds}, {rows}) AS t,
        cityHash64(number) AS h,
        (t >= {onset} AND t < {ending}) AS hot,
        h % 1000 AS dice,
        multiIf(
            hot AND dice < 300, 3,
            hot AND dice < 420, 4,
            hot AND dice < 425, 5,
            dice < 960, 0,
            dice < 990, 1,
            dice < 995, 2,
            dice < 998, 4,
            0) AS kind
    FROM system.numbers LIMIT {rows}
)
"""


@dataclass
class ClickHouse:
    url: str
    root: Path

    def query(self, sql: str, timeout: float = 120) -> str:
        response = httpx.post(self.url, content=sql, auth=(USER, PASSWORD), timeout=timeout)
        response.raise_for_status()
        return response.text

    def load_story(self, table: str, rows: int) -> None:
        """`table` holding `rows` rows of the story, generated inside ClickHouse."""
        self.query(f"DROP TABLE IF EXISTS {table}")
        self.query(TABLE_DDL.format(table=table))
        onset = int((INCIDENT_START - STORY_START).total_seconds())
        ending = int((INCIDENT_END - STORY_START).total_seconds())
        select = STORY_SELECT.format(
            start=int(STORY_START.timestamp()),
            seconds=STORY_SECONDS,
            rows=rows,
            onset=onset,
            ending=ending,
        )
        self.query(f"INSERT INTO {table} {select}", timeout=600)


def available() -> bool:
    return Path(SERVER).exists() or shutil.which("clickhouse-server") is not None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


CONFIG = """<yandex>
  <logger><level>warning</level><console>1</console></logger>
  <http_port>{http}</http_port>
  <tcp_port>{tcp}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>{root}/data/</path>
  <tmp_path>{root}/tmp/</tmp_path>
  <user_files_path>{root}/user_files/</user_files_path>
  <format_schema_path>{root}/format_schemas/</format_schema_path>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <users_config>{root}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
</yandex>
"""

USERS = """<yandex>
  <profiles><default><max_threads>2</max_threads></default></profiles>
  <users>
    <{user}>
      <password>{password}</password>
      <networks><ip>127.0.0.1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </{user}>
  </users>
  <quotas><default/></quotas>
</yandex>
"""


@contextmanager
def clickhouse_server(root: Path) -> Iterator[ClickHouse]:
    """A clickhouse-server on free loopback ports, data under `root`; user USER/PASSWORD."""
    binary = SERVER if Path(SERVER).exists() else shutil.which("clickhouse-server") or SERVER
    root.mkdir(parents=True, exist_ok=True)
    http, tcp = free_port(), free_port()
    (root / "config.xml").write_text(CONFIG.format(http=http, tcp=tcp, root=root))
    (root / "users.xml").write_text(USERS.format(user=USER, password=PASSWORD))
    log = (root / "server.log").open("wb")
    process = subprocess.Popen(
        [binary, f"--config-file={root / 'config.xml'}"],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=root,
    )
    url = f"http://127.0.0.1:{http}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                tail = (root / "server.log").read_text(errors="replace")[-500:]
                raise RuntimeError(f"clickhouse-server exited with {process.returncode}: {tail}")
            try:
                if httpx.get(f"{url}ping", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("clickhouse-server not ready in 60 s")
            time.sleep(0.2)
        yield ClickHouse(url, root)
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        log.close()

"""Concurrent writers and the event loop, on SQLite and PostgreSQL: plain appends (timeline events,
actions) from several clients without If-Match all succeed; an upload racing timeline posts is
never a 500; If-Match still refuses a stale edit; /healthz answers during an upload; and a
search query has one length cap on the API and the list page."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from hindsight.store.repo import Store
from hindsight.store.search import MAX_QUERY_CHARS
from hindsight.workspace import init_workspace
from tests.security.agg_live import Live, running


@pytest.fixture
def live(store: Store, tmp_path: Path) -> Iterator[Live]:
    """A server on the parametrised store (SQLite, and PostgreSQL when configured)."""
    with running(init_workspace(tmp_path / "ws"), store=store) as server:
        with server.client("bob") as editor:
            made = editor.post(
                "/api/incidents",
                json={"title": "Checkout 500s", "started_at": "2025-12-15T22:47:00Z"},
            )
            assert made.status_code == 201, made.text
        server.notes["incident"] = made.json()["id"]
        yield server


def test_plain_appends_from_several_clients_never_conflict(live: Live) -> None:
    incident = live.notes["incident"]
    clients, each = 4, 8

    def work(n: int) -> list[int]:
        codes = []
        with live.client("bob") as editor:
            for i in range(each):
                if i % 2:
                    body = {"title": f"Add a canary stage for checkout ({n}.{i})"}
                    codes.append(
                        editor.post(f"/api/incidents/{incident}/actions", json=body).status_code
                    )
                else:
                    body = {"at": f"22:{50 + i}", "text": f"client {n} note {i}"}
                    codes.append(
                        editor.post(f"/api/incidents/{incident}/timeline", json=body).status_code
                    )
        return codes

    with ThreadPoolExecutor(clients) as pool:
        codes = [c for batch in pool.map(work, range(clients)) for c in batch]
    assert codes == [201] * (clients * each)
    with live.client("bob") as editor:
        stored = editor.get(f"/api/incidents/{incident}").json()
    assert len(stored["timeline"]) == clients * each // 2
    assert len(stored["actions"]) == clients * each // 2
    assert len({a["number"] for a in stored["actions"]}) == clients * each // 2


def test_if_match_still_refuses_a_stale_edit(live: Live) -> None:
    incident = live.notes["incident"]
    with live.client("bob") as editor:
        read = editor.get(f"/api/incidents/{incident}").json()["version"]
        editor.post(f"/api/incidents/{incident}/timeline", json={"at": "22:50", "text": "x"})
        stale = editor.patch(
            f"/api/incidents/{incident}",
            json={"summary": "mine"},
            headers={"If-Match": f'"{read}"'},
        )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"


def jsonl(lines: int, salt: str) -> bytes:
    return "".join(
        json.dumps({"ts": f"2025-12-15T22:{47 + i % 10}:{i % 60:02d}Z", "level": "ERROR",
                    "service": "checkout", "msg": f"upstream timeout {salt} id={i}"}) + "\n"
        for i in range(lines)
    ).encode()  # fmt: skip


def test_an_upload_racing_timeline_posts_is_never_a_500(live: Live) -> None:
    incident = live.notes["incident"]
    codes: list[int] = []

    def upload(n: int) -> None:
        with live.client("bob") as editor:
            codes.append(
                editor.put(
                    f"/api/incidents/{incident}/evidence/race-{n}.jsonl",
                    content=jsonl(2_000, f"u{n}"),
                ).status_code
            )

    def post(n: int) -> None:
        with live.client("bob") as editor:
            for i in range(6):
                body = {"at": "22:55", "text": f"racing note {n}.{i}"}
                codes.append(
                    editor.post(f"/api/incidents/{incident}/timeline", json=body).status_code
                )

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda f: f[0](f[1]), [(upload, 0), (post, 1), (upload, 2), (post, 3)]))
    assert codes and all(c == 201 for c in codes), codes


def test_healthz_answers_while_an_upload_is_ingested(live: Live) -> None:
    """The longest pause between /healthz answers stays well under the upload's time: the
    upload's parsing and hashing do not hold the event loop."""
    incident = live.notes["incident"]
    body = jsonl(150_000, "big")
    answered: list[float] = []
    done = threading.Event()

    def probe() -> None:
        with httpx.Client(base_url=live.url, timeout=60) as client:
            while not done.is_set():
                assert client.get("/healthz").status_code == 200
                answered.append(time.monotonic())

    poller = threading.Thread(target=probe)
    poller.start()
    time.sleep(0.2)
    started = time.monotonic()
    with live.client("bob") as editor:
        response = editor.put(f"/api/incidents/{incident}/evidence/big.jsonl", content=body)
    finished = time.monotonic()
    done.set()
    poller.join()
    assert response.status_code == 201, response.text[:300]
    during = [t for t in answered if started <= t <= finished]
    gaps = [b - a for a, b in zip([started, *during], [*during, finished], strict=True)]
    assert len(during) >= 2 and max(gaps) < (finished - started) / 2, (
        max(gaps),
        finished - started,
    )


def test_one_search_query_cap_for_the_api_the_list_page_and_the_cli(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_query = "checkout " * 7_000  # 63 KB
    with live.client("ada") as viewer:
        page = viewer.get("/", params={"q": long_query})
        api = viewer.get("/api/search", params={"q": "x" * (MAX_QUERY_CHARS + 1)})
        fine = viewer.get("/", params={"q": "checkout"})
    assert page.status_code == 422 and f"at most {MAX_QUERY_CHARS}" in page.text
    assert api.status_code == 422 and api.json()["error"]["field"] == "q"
    assert fine.status_code == 200
    from hindsight.cli.main import app as cli

    monkeypatch.chdir(live.workspace.root)
    result = CliRunner().invoke(cli, ["search", "x" * (MAX_QUERY_CHARS + 1)])
    assert result.exit_code == 2 and f"at most {MAX_QUERY_CHARS}" in result.output

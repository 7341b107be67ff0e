"""List routes page in the store (limit/offset in SQL): walking every page by `next` gives each
item exactly once, in the order of one big page, on SQLite and on PostgreSQL; a bad `limit` or
`offset` is a 422 naming the field."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import BACKENDS
from tests.live_server import LiveServer, serving, workspace_on
from tests.web.conftest import seed


@pytest.fixture(scope="module", params=BACKENDS)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
    tuple[LiveServer, str]
]:  # fmt: skip
    """The demo workspace of the web tests served on one backend (users ada, bob, cyd: viewer,
    editor, admin; one restricted incident hidden from ada); yields the server and the
    incident with the most actions."""
    from hindsight.store.action_queries import list_actions
    from hindsight.store.repo import list_incidents
    from hindsight.web.app import create_app

    root: Path = tmp_path_factory.mktemp(f"paging-{request.param}") / "ws"
    with workspace_on(request.param, root, "paging") as workspace:
        tokens, restricted, _ = seed(workspace)
        store = workspace.open_store()
        with store.session() as s:
            actions = Counter(a.incident_id for a in list_actions(s))
            shown = [r.id for r in list_incidents(s) if r.id != restricted]
        try:
            with serving(create_app(workspace, store=store)) as url:
                yield LiveServer(url, tokens), max(shown, key=lambda i: actions[i])
        finally:
            store.close()


def walk(client: httpx.Client, url: str, limit: int, **params: Any) -> list[dict[str, Any]]:
    """Every item of a list route, page by page, following `next`; checks the page fields."""
    items: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        response = client.get(url, params={**params, "limit": limit, "offset": offset})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["offset"] == offset and body["limit"] == limit
        assert len(body["items"]) <= limit
        assert body["previous"] == (None if offset == 0 else max(offset - limit, 0))
        if body["next"] is not None:
            assert body["next"] == offset + limit and len(body["items"]) == limit
        items += body["items"]
        offset = body["next"]
    return items


def one_page(client: httpx.Client, url: str, **params: Any) -> dict[str, Any]:
    response = client.get(url, params={**params, "limit": 200})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["next"] is None, "the reference page must hold everything"
    return body


def key_of(item: dict[str, Any]) -> str:
    return str(
        item.get("incident_id", "")
        + "|"
        + str(item.get("id") or item.get("number") or item.get("at"))
        + "|"
        + str(item.get("action", ""))
        + str(item.get("field", ""))
    )


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/actions", {}),
        ("/api/actions", {"status": ["planned", "in_progress"]}),
        ("/api/actions", {"overdue": True}),
        ("/api/incidents", {}),
    ],
)
@pytest.mark.parametrize("who", ["ada", "cyd"])
def test_paging_across_incidents_loses_and_repeats_nothing(
    site: tuple[LiveServer, str], path: str, params: dict[str, Any], who: str
) -> None:
    server, _ = site
    with server.client(who) as client:
        whole = one_page(client, path, **params)
        paged = walk(client, path, 3, **params)
    assert paged == whole["items"]
    assert len(paged) == whole["total"]
    assert len({key_of(i) for i in paged}) == len(paged)


def test_the_viewer_pages_only_through_what_they_may_see(site: tuple[LiveServer, str]) -> None:
    server, _ = site
    with server.client("ada") as viewer, server.client("cyd") as admin:
        seen = {i["incident_id"] for i in walk(viewer, "/api/actions", 4)}
        every = {i["incident_id"] for i in walk(admin, "/api/actions", 4)}
        restricted = {
            i["id"] for i in one_page(admin, "/api/incidents")["items"] if i["restricted"]
        }
    assert restricted and every & restricted and not seen & restricted


@pytest.mark.parametrize("part", ["timeline", "actions", "audit"])
def test_paging_one_incident_loses_and_repeats_nothing(
    site: tuple[LiveServer, str], part: str
) -> None:
    server, incident_id = site
    url = f"/api/incidents/{incident_id}/{part}"
    with server.client("bob") as client:
        if part == "audit":  # a few more entries than one small page
            for n in range(4):
                event = {"at": f"2025-12-15T23:0{n}:00Z", "text": f"paging note {n}"}
                assert client.post(f"/api/incidents/{incident_id}/timeline", json=event).is_success
        whole = one_page(client, url)
        paged = walk(client, url, 2)
    assert len(paged) >= 3
    assert paged == whole["items"] and len(paged) == whole["total"]


def test_timeline_filters_are_paged_in_the_store(site: tuple[LiveServer, str]) -> None:
    server, incident_id = site
    url = f"/api/incidents/{incident_id}/timeline"
    with server.client("ada") as client:
        every = one_page(client, url)["items"]
        for params in ({"key_only": True}, {"kind": "alert"}):
            paged = walk(client, url, 2, **params)
            expected = [
                e for e in every
                if (e["key"] if "key_only" in params else e["kind"] == params["kind"])
            ]  # fmt: skip
            assert paged == expected


def busiest_word(client: httpx.Client) -> str:
    """A word that many demo postmortems share, so search has several pages."""
    counts = {}
    for word in ("database", "deploy", "latency", "errors", "timeout", "customers", "service"):
        response = client.get("/api/search", params={"q": word, "limit": 200})
        counts[word] = len(response.json()["items"])
    word = max(counts, key=lambda w: counts[w])
    assert counts[word] >= 4, counts
    return word


@pytest.mark.parametrize("who", ["ada", "cyd"])
def test_search_pages_in_the_store(site: tuple[LiveServer, str], who: str) -> None:
    server, _ = site
    with server.client(who) as client:
        word = busiest_word(client)
        whole = client.get("/api/search", params={"q": word, "limit": 200}).json()
        assert whole["next"] is None and whole["total"] is None and whole["query"] == word
        paged = walk(client, "/api/search", 2, q=word)
        with_filter = walk(client, "/api/search", 1, q=word, severity=["P1", "P2"])
    ids = [h["incident_id"] for h in paged]
    assert ids == [h["incident_id"] for h in whole["items"]]
    assert len(set(ids)) == len(ids)
    filtered = [h["incident_id"] for h in whole["items"] if h["severity"] in ("P1", "P2")]
    assert [h["incident_id"] for h in with_filter] == filtered


@pytest.mark.parametrize(
    "path", ["/api/actions", "/api/search", "/api/incidents", "/api/incidents/{}/audit"]
)
@pytest.mark.parametrize(
    ("params", "field", "says"),
    [
        ({"limit": 0}, "limit", "greater than or equal to 1"),
        ({"limit": 100_000}, "limit", "less than or equal to"),
        ({"limit": "ten"}, "limit", "valid integer"),
        ({"offset": -1}, "offset", "greater than or equal to 0"),
        ({"offset": "x"}, "offset", "valid integer"),
    ],
)
def test_a_bad_limit_or_offset_is_a_422_naming_the_field(
    site: tuple[LiveServer, str], path: str, params: dict[str, Any], field: str, says: str
) -> None:
    server, incident_id = site
    with server.client("ada") as client:
        query = {"q": "database"} if path == "/api/search" else {}
        response = client.get(path.format(incident_id), params={**query, **params})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["field"] == field and says in error["message"], error


def test_the_search_page_filters_and_pages_in_the_store(site: tuple[LiveServer, str]) -> None:
    """The incident list's search asks the store for one page with every filter (status too),
    so a filter never empties a page that the store filled with other matches."""
    server, _ = site
    with server.client("cyd") as client:
        word = busiest_word(client)
        hits = client.get("/api/search", params={"q": word, "limit": 200}).json()["items"]
        published = [h["incident_id"] for h in hits if h["status"] == "published"]
        page = client.get("/", params={"q": word, "status": "published"})
    assert page.status_code == 200, page.text[:300]
    shown = re.findall(r'<td data-label="Incident"><a href="/incidents/([^"]+)"', page.text)
    assert published and shown == published
    assert f"{len(published)} incident" in page.text and f"matching “{word}”" in page.text

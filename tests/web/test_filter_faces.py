"""Both faces read list and search filters with one parser (hindsight.incidents.listing): over
the same workspace, `hindsight incident list` / `hindsight search` and `/api/incidents` /
`/api/search` list the same incidents for the same filters, and refuse an unknown severity or
status with the same message (exit 2 on the CLI, HTTP 422 naming the field on the API)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from hindsight.cli.main import app
from tests.web.conftest import Server

FILTERS: list[dict[str, Any]] = [
    {},
    {"severity": ["p1"]},
    {"severity": ["P1", "P2"]},
    {"status": ["published"]},
    {"status": ["in-review", "resolved"]},
    {"since": "2025-01-01"},
    {"until": "2025-06-01T00:00:00Z"},
    {"since": "2024-06-01", "until": "2026-01-01", "severity": ["P2"]},
]


@pytest.fixture
def in_server_workspace(server: Server, monkeypatch: pytest.MonkeyPatch) -> Server:
    """The CLI run in the workspace the test server serves (same store, same policy)."""
    monkeypatch.setenv("HINDSIGHT_WORKSPACE", str(server.workspace.root))
    monkeypatch.setenv("HINDSIGHT_USER", "tester")
    return server


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def cli_options(filters: dict[str, Any]) -> list[str]:
    options: list[str] = []
    for key, value in filters.items():
        for one in value if isinstance(value, list) else [value]:
            options += [f"--{key}", one]
    return options


def api_ids(client: httpx.Client, path: str, params: dict[str, Any], key: str) -> list[str]:
    response = client.get(path, params={**params, "limit": 200})
    assert response.status_code == 200, response.text
    return [item[key] for item in response.json()["items"]]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: json.dumps(f) or "none")
def test_list_answers_the_same(
    in_server_workspace: Server, admin: httpx.Client, filters: dict[str, Any]
) -> None:
    code, out = cli("incident", "list", *cli_options(filters), "--limit", "200", "--json")
    assert code == 0, out
    through_cli = [row["id"] for row in json.loads(out)]
    assert through_cli == api_ids(admin, "/api/incidents", filters, "id")


@pytest.mark.parametrize("filters", [f for f in FILTERS if "status" not in f], ids=str)
def test_search_answers_the_same(
    in_server_workspace: Server, admin: httpx.Client, filters: dict[str, Any]
) -> None:
    code, out = cli("search", "database", *cli_options(filters), "--limit", "200", "--json")
    assert code == 0, out
    through_cli = [hit["incident_id"] for hit in json.loads(out)["hits"]]
    assert through_cli == api_ids(admin, "/api/search", {"q": "database", **filters}, "incident_id")


def test_the_filters_narrow(in_server_workspace: Server, admin: httpx.Client) -> None:
    """The cases above are not vacuous: each filter keeps some incidents and drops others."""
    every = api_ids(admin, "/api/incidents", {}, "id")
    for filters in FILTERS[1:]:
        kept = api_ids(admin, "/api/incidents", filters, "id")
        assert set(kept) <= set(every)
    narrowed = [len(api_ids(admin, "/api/incidents", f, "id")) for f in FILTERS[1:]]
    assert any(0 < n < len(every) for n in narrowed)


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [("severity", "P9", "P0, P1, P2, P3"), ("status", "finished", "open, mitigated")],
)
def test_unknown_values_are_refused_alike(
    in_server_workspace: Server, admin: httpx.Client, field: str, value: str, valid: str
) -> None:
    code, out = cli("incident", "list", f"--{field}", value)
    assert code == 2
    response = admin.get("/api/incidents", params={field: value})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == field
    assert valid in error["message"] and repr(value) in error["message"]
    assert error["message"] in " ".join(out.split())
    if field == "severity":
        code, out = cli("search", "database", "--severity", value)
        assert code == 2 and error["message"] in " ".join(out.split())
        searched = admin.get("/api/search", params={"q": "database", "severity": value})
        assert searched.status_code == 422 and searched.json()["error"] == error


def test_the_list_page_refuses_an_unknown_severity(viewer: httpx.Client) -> None:
    response = viewer.get("/", params={"severity": "P9"})
    assert response.status_code == 422
    assert "invalid severity" in response.text


def test_bad_times_are_refused_alike(in_server_workspace: Server, admin: httpx.Client) -> None:
    code, _ = cli("incident", "list", "--since", "last tuesday")
    assert code == 2
    response = admin.get("/api/incidents", params={"since": "last tuesday"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "since"

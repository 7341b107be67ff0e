"""Pulling evidence from the web: only sources configured in hindsight.toml, the API route and the
incident page's form, against a real Alertmanager (skips without Debian's package)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hindsight.workspace import find_workspace, init_workspace
from tests.ingest.test_pull import alertmanager_url  # noqa: F401 — the real server fixture
from tests.security.agg_live import Live, running
from tests.web.conftest import csrf_from, sign_in


@pytest.fixture
def site(tmp_path: Path, alertmanager_url: str) -> Iterator[Live]:  # noqa: F811
    root = tmp_path / "ws"
    init_workspace(root)
    config = root / "hindsight.toml"
    config.write_text(
        config.read_text()
        + f'\n[sources.am]\nkind = "alertmanager"\nurl = "{alertmanager_url}"\n'
        + '\n[sources.gone]\nkind = "prometheus"\nurl = "http://127.0.0.1:9"\nqueries = ["up"]\n'
    )
    workspace = find_workspace(root)
    with running(workspace) as live:
        yield live


def new_incident(live: Live) -> str:
    started = (datetime.now(UTC) - timedelta(minutes=20)).isoformat()
    with live.client("bob") as bob:
        made = bob.post("/api/incidents", json={"title": "Checkout errors", "severity": "P2",
                                                "started_at": started})  # fmt: skip
        assert made.status_code == 201, made.text
        return str(made.json()["id"])


def test_the_api_pulls_only_configured_sources_and_says_how_each_went(site: Live) -> None:
    incident = new_incident(site)
    with site.client("ada") as ada:
        listed = ada.get("/api/sources").json()
        assert [s["name"] for s in listed] == ["am", "gone"]
        assert ada.post(f"/api/incidents/{incident}/pull", json={}).status_code == 403
    with site.client("bob") as bob:
        pulled = bob.post(f"/api/incidents/{incident}/pull", json={"sources": ["am"]})
        assert pulled.status_code == 200, pulled.text
        statuses = {r["what"].split(":")[0]: r["status"] for r in pulled.json()["results"]}
        assert statuses == {"GET /api/v2/alerts": "imported", "GET /api/v2/silences": "imported"}
        timeline = bob.get(f"/api/incidents/{incident}").json()["timeline"]
        assert any(e["text"].startswith("Alert firing: CheckoutErrors") for e in timeline)
        again = bob.post(f"/api/incidents/{incident}/pull", json={"sources": ["am"]}).json()
        assert {r["status"] for r in again["results"]} == {"already imported"}
        failed = bob.post(f"/api/incidents/{incident}/pull", json={"sources": ["gone"]}).json()
        assert failed["results"][0]["status"] == "failed"
        assert "unreachable (connection refused)" in failed["results"][0]["error"]
        unknown = bob.post(f"/api/incidents/{incident}/pull", json={"sources": ["elsewhere"]})
        assert unknown.status_code == 422 and unknown.json()["error"]["field"] == "sources"
        assert "no [sources.elsewhere] in hindsight.toml (am, gone)" in unknown.text


def test_the_incident_page_offers_the_configured_sources(site: Live) -> None:
    incident = new_incident(site)
    with sign_in(site.url, "bob", "bob-password-1") as browser:
        page = browser.get(f"/incidents/{incident}")
        assert "Pull evidence" in page.text and "am (alertmanager," in page.text
        done = browser.post(
            f"/incidents/{incident}/pull", data={"csrf_token": csrf_from(page.text), "source": "am"}
        )
        assert done.status_code == 303
        shown = browser.get(done.headers["location"]).text
        assert "Pulled" in shown and "CheckoutErrors" in shown

"""The REST API over real HTTP on PostgreSQL (the team deployment), when it is configured."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hindsight.store.users import add_user, create_token
from hindsight.web.app import create_app
from tests.conftest import PG_URL
from tests.live_server import serving, workspace_on

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="PostgreSQL half skipped: set HINDSIGHT_TEST_DATABASE_URL to run it"
)


@pytest.fixture(scope="module")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    root: Path = tmp_path_factory.mktemp("pgweb") / "ws"
    with workspace_on("postgresql", root, "pg-web") as workspace:
        store = workspace.open_store()
        with store.session() as s:
            add_user(s, "eve", "editor-pass-1", "editor", actor="test-setup")
            token = create_token(s, "eve", "tests", actor="test-setup")
        try:
            with serving(create_app(workspace, store=store)) as url:
                yield url, token
        finally:
            store.close()


def test_incident_lifecycle_over_http_on_postgresql(pg_server: tuple[str, str]) -> None:
    url, token = pg_server
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as c:
        created = c.post(
            "/api/incidents",
            json={"title": "Checkout connection pool exhausted", "severity": "P1",
                  "started_at": "2025-12-15T22:47:00Z", "services": ["checkout-api"]},
        )  # fmt: skip
        assert created.status_code == 201, created.text
        incident = created.json()
        incident_id, version = incident["id"], incident["version"]
        assert incident_id == "INC-2025-12-15"

        event = c.post(
            f"/api/incidents/{incident_id}/timeline",
            json={"at": "2025-12-15T22:52:00Z", "text": "HighErrorRate fired", "kind": "alert"},
        )
        assert event.status_code == 201, event.text

        current = c.get(f"/api/incidents/{incident_id}")
        etag = current.headers["ETag"]
        assert current.json()["timeline"][0]["text"] == "HighErrorRate fired"
        edited = c.patch(
            f"/api/incidents/{incident_id}",
            json={"root_cause": "Config values had no schema validation"},
            headers={"If-Match": etag},
        )
        assert edited.status_code == 200, edited.text
        stale = c.patch(
            f"/api/incidents/{incident_id}",
            json={"root_cause": "overwritten?"},
            headers={"If-Match": etag},
        )
        assert stale.status_code == 409
        assert stale.json()["error"]["code"] == "conflict"
        assert c.get(f"/api/incidents/{incident_id}").json()["root_cause"].startswith("Config")
        assert version < c.get(f"/api/incidents/{incident_id}").json()["version"]

        listed = c.get("/api/incidents").json()
        assert [i["id"] for i in listed["items"]] == [incident_id]
        hits = c.get("/api/search", params={"q": "schema validation"}).json()
        assert any(h["incident_id"] == incident_id for h in hits["items"])

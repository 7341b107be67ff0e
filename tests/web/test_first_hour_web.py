"""The API docs are served from the app (no CDN), over real HTTP."""

from __future__ import annotations

import re

from tests.web.conftest import Server


def test_docs_and_redoc_load_only_from_the_app(server: Server) -> None:
    with server.client() as client:
        for path, asset in (("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")):
            page = client.get(path)
            assert page.status_code == 200, path
            external = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", page.text)
            assert external == [], (path, external)
            assert f"/docs-assets/{asset}" in page.text
            script = client.get(f"/docs-assets/{asset}")
            assert script.status_code == 200 and len(script.content) > 100_000
            policy = page.headers["content-security-policy"]
            assert "default-src 'self'" in policy and "img-src 'self' data:" in policy
        assert client.get("/docs-assets/swagger-ui.css").status_code == 200

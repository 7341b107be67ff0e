"""The Draft button in Debian's Chromium: open an incident, draft its summary, read the cited
sentences, apply, and find the summary written."""

from __future__ import annotations

import re

import httpx

from tests.web.conftest import Server, new_incident
from tests.web.test_browser import CHROMIUM, browser, pytestmark, shot, sign_in  # noqa: F401


def test_draft_button_drafts_and_applies(
    browser: object,  # noqa: F811 - the module-scoped fixture of test_browser
    server: Server,
    editor: httpx.Client,
) -> None:
    incident_id = new_incident(
        editor, "Browser draft: search timeouts", resolved_at="2025-12-15T23:52:00Z",
        detected_at="2025-12-15T22:49:00Z", services=["search"],
    )["id"]  # fmt: skip
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    sign_in(page, server, "bob")
    page.goto(f"{server.url}/incidents/{incident_id}")
    page.click(f'a[href="/incidents/{incident_id}/draft?sections=summary"]')
    page.wait_for_url(re.compile(r".*/draft\?sections=summary"))
    claims = page.locator("li.claim")
    assert claims.count() >= 3
    assert "after 1 hour 5 minutes" in page.locator("#draft-summary").inner_text()
    assert page.locator("li.claim-verified").count() == claims.count()
    shot(page, "draft-01-summary")
    page.click("button[value=apply]")
    page.wait_for_url(re.compile(rf".*/incidents/{incident_id}\?done=.*"))
    assert (
        "was resolved at 23:52 UTC, after 1 hour 5 minutes" in page.locator("#summary").inner_text()
    )
    shot(page, "draft-02-applied")
    context.close()

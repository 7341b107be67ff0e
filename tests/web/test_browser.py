"""A user's whole postmortem in Debian's Chromium (headless): sign in, open an incident, upload a
log, confirm milestones, add whys and an action, read the lint findings, publish, open the
public view. Screenshots land in tests/artifacts/ (git-ignored)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TEST_DATA
from tests.web.conftest import PASSWORDS, Server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's Chromium is not installed at /usr/bin/chromium "
        "(apt-get install -y chromium)",
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def sign_in(page: object, server: Server, user: str) -> None:
    page.goto(f"{server.url}/login")  # type: ignore[attr-defined]
    page.fill("#f-username", user)  # type: ignore[attr-defined]
    page.fill("#f-password", PASSWORDS[user])  # type: ignore[attr-defined]
    page.click("button.primary")  # type: ignore[attr-defined]
    page.wait_for_url(f"{server.url}/")  # type: ignore[attr-defined]


def test_postmortem_lifecycle_in_a_browser(browser: object, server: Server) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    sign_in(page, server, "cyd")
    shot(page, "01-incident-list")

    page.click("text=Open an incident")
    page.click("button.primary")  # empty title: the error shows at the field
    assert page.locator("#e-title").is_visible()
    page.fill("#f-title", "Checkout 500s after payments-config push")
    page.select_option("#f-severity", "P1")
    page.fill("#f-started_at", "2025-12-15T22:45:00Z")
    page.fill("#f-services", "checkout-api, payments")
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/incidents/INC-2025-12-15.*"))
    incident_url = page.url.split("?")[0].split("#")[0]
    assert page.locator("h1").inner_text() == "Checkout 500s after payments-config push"
    shot(page, "02-new-incident")

    page.set_input_files("#f-file", str(TEST_DATA / "web" / "checkout-api.log"))
    page.click("text=Upload and import")
    page.wait_for_load_state()
    notice = page.locator(".notice").inner_text()
    assert "Imported checkout-api.log" in notice
    rows = page.locator("table.timeline tbody tr").count()
    assert rows >= 5, (notice, rows, page.url)
    assert page.locator("table.evidence code").first.inner_text().endswith("…")
    shot(page, "03-timeline-after-upload")

    page.locator("table.timeline a:has-text('raw lines')").first.click()
    assert page.locator("table.raw tbody tr").count() >= 1
    page.go_back()

    confirm = page.locator(".proposals button:has-text('Confirm')")
    if confirm.count():
        confirm.first.click()
        page.wait_for_load_state()
        assert "Confirmed" in page.locator(".notice").inner_text()
    page.click("summary:has-text('Add an event')")
    page.fill("#f-at", "25:99")  # a mistake far down the page: told at the top, focus at the field
    page.fill("#f-text", "Rollback finished")
    page.click("button:has-text('Add event')")
    page.wait_for_load_state()
    assert page.locator(".error-summary a[href='#timeline']").is_visible()
    assert page.evaluate("document.activeElement.id") == "f-at"
    assert page.locator("#e-at").is_visible()
    page.fill("#f-at", "23:02")
    page.fill("#f-text", "Rollback of payments-config finished; 5xx back to baseline")
    page.select_option("#f-milestone-ev", "mitigated")
    page.click("button:has-text('Add event')")
    page.wait_for_load_state()
    page.click("summary:has-text('Add an event')")
    page.fill("#f-at", "23:15")
    page.fill("#f-text", "Error-rate alert resolved; incident closed by the commander")
    page.select_option("#f-milestone-ev", "resolved")
    page.click("button:has-text('Add event')")
    page.wait_for_load_state()
    milestones = page.locator("table.milestones").inner_text()
    assert "2025-12-15 23:02" in milestones and "2025-12-15 23:15" in milestones
    shot(page, "04-milestones")

    page.click("summary:has-text('Add whys')")
    page.fill("#f-problem", "Checkout returned 500s for 17 minutes")
    page.fill(
        "#f-answers",
        "The connection pool had zero connections\nThe config push set pool_size to 0\n"
        "Config changes skip the canary stage",
    )
    page.click("button:has-text('Save whys')")
    page.wait_for_load_state()
    assert page.locator(".why-chain li").count() == 3

    page.click("summary:has-text('Add an action')")
    page.fill("#f-title-action", "Validate pool_size > 0 in the config CI check")
    page.fill("#f-owner-action", "Sam Okafor")
    page.fill("#f-due", "2026-01-31")
    page.fill(
        "#f-verification",
        "https://grafana.example.com/d/checkout-config-validation/ci-check-fails-on-zero-pool",
    )
    page.click("button:has-text('Add action')")
    page.wait_for_load_state()
    assert page.locator(".col-planned .action-card").count() == 1
    assert page.evaluate(
        "[...document.querySelectorAll('.action-card')]"
        ".every(card => card.scrollWidth <= card.clientWidth + 1)"
    ), "a long URL in an action card stays inside the card"
    shot(page, "05-whys-and-actions")

    findings = page.locator(".inc-side .finding")
    assert findings.count() >= 1, "the quality panel lists lint findings"
    assert page.locator("section .findings .finding").count() >= 1, (
        "findings sit next to their text"
    )

    page.select_option("#f-status", "published")
    override = page.locator("#f-override")
    if override.count():
        override.fill("Browser test: reviewed in the weekly meeting")
    page.click("button:has-text('Change status')")
    page.wait_for_load_state()
    assert "published" in page.locator(".inc-head .tags").inner_text()
    shot(page, "06-published")

    page.click("text=Public view")
    page.wait_for_url(re.compile(r".*/public$"))
    assert page.locator("article.rendered, .note").count() >= 1
    shot(page, "07-public-view")
    assert page.url.startswith(incident_url)
    context.close()


@pytest.mark.parametrize(("width", "name"), [(1280, "laptop"), (390, "phone")])
def test_pages_fit_laptop_and_phone(browser: object, server: Server, width: int, name: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    sign_in(page, server, "ada")
    for path in (
        "/",
        f"/incidents/{server.incident_id}",
        "/followup",
        "/metrics?period=365d",
        "/reports/quarterly",
    ):
        page.goto(server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways at {width}px"
        ticks = page.evaluate(
            "[...document.querySelectorAll('svg.chart .tick')]"
            ".map(t => t.getBoundingClientRect().height)"
        )
        assert all(h >= 9 for h in ticks), f"{path}: chart labels shrink to {min(ticks)}px"
        label = path.strip("/").split("?")[0].replace("/", "-") or "list"
        shot(page, f"{name}-{label}")
    context.close()


def test_keyboard_reaches_the_main_content(browser: object, server: Server) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    sign_in(page, server, "ada")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    unlabeled = page.evaluate(
        """[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
           .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).length"""
    )
    assert unlabeled == 0
    context.close()

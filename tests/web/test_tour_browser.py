"""The first hour of a new user, in Debian's Chromium with every request beyond the app refused:
the incident list, an incident with its swim-lane timeline, follow-up, metrics with the MTTR
trend, the quarterly page with its charts, search, a new incident form, and the API docs
(/docs, /redoc) rendered from assets the app serves itself. Screenshots of every page land in
tests/artifacts/tour-*.png (git-ignored)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import Server
from tests.web.test_browser import ARGS, CHROMIUM, shot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed"),
]


@pytest.fixture(scope="module")
def offline_page(server: Server) -> Iterator[tuple[object, list[str]]]:
    """A signed-in page whose every request off the app's own address is aborted (and listed)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    refused: list[str] = []
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = chromium.new_context(viewport={"width": 1280, "height": 900})

        def guard(route: object) -> None:
            url = route.request.url  # type: ignore[attr-defined]
            if url.startswith(server.url) or url.startswith(("data:", "blob:", "about:")):
                route.continue_()  # type: ignore[attr-defined]
            else:
                refused.append(url)
                route.abort()  # type: ignore[attr-defined]

        context.route("**/*", guard)
        page = context.new_page()
        sign_in(page, server, "cyd")
        yield page, refused
        context.close()
        chromium.close()


def _chart_ticks_are_whole(page: object, selector: str) -> None:
    """Every number on a count axis is a whole number (no 2.5 incidents)."""
    ticks = page.evaluate(  # type: ignore[attr-defined]
        f"[...document.querySelectorAll('{selector} text.tick')].map(t => t.textContent.trim())"
    )
    numbers = [t for t in ticks if t.replace(".", "", 1).isdigit()]
    assert numbers, ticks
    assert all("." not in n for n in numbers), numbers


def test_the_tour_in_a_browser_with_no_network(
    offline_page: tuple[object, list[str]], server: Server, tmp_path: Path
) -> None:
    page, refused = offline_page
    go = page.goto  # type: ignore[attr-defined]
    loc = page.locator  # type: ignore[attr-defined]

    go(f"{server.url}/")
    assert loc("table tbody tr").count() >= 10
    shot(page, "tour-01-incidents")

    go(f"{server.url}/incidents/{server.incident_id}")
    lanes = loc("#timeline svg.chart")
    assert lanes.count() == 1, "the incident page draws its timeline as swim lanes"
    assert loc("#timeline svg.chart line.milestone").count() >= 3, "milestones are marked"
    assert loc("#timeline svg.chart circle, #timeline svg.chart rect.run").count() >= 3
    shot(page, "tour-02-incident")

    empty = tmp_path / "empty.log"
    empty.write_bytes(b"")
    page.set_input_files("#f-file", str(empty))  # type: ignore[attr-defined]
    page.click("text=Upload and import")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    said = loc("#e-file").inner_text()
    assert "empty file" in said and said.count("empty.log") == 1, said
    assert "tried" not in said and "csv" not in said.lower(), said
    shot(page, "tour-02b-empty-upload")

    go(f"{server.url}/followup")
    text = loc("main").inner_text()
    assert "Blocked too long" in text and "Blocked up to" in text
    shot(page, "tour-03-followup")

    go(f"{server.url}/metrics?period=365d")
    assert loc("#m-mttr polyline, #m-mttr circle").count() >= 2, "metrics page has an MTTR trend"
    _chart_ticks_are_whole(page, "svg.chart:not(#m-mttr)")
    assert "Repeat rate" in loc("main").inner_text()
    shot(page, "tour-04-metrics")

    go(f"{server.url}/reports/quarterly")
    for chart in ("q-severity", "q-categories", "q-trend", "q-actions"):
        assert loc(f"svg#{chart}").count() == 1, f"the quarterly page draws {chart}"
    _chart_ticks_are_whole(page, "#q-severity")
    _chart_ticks_are_whole(page, "#q-categories")
    shot(page, "tour-05-quarterly")

    go(f"{server.url}/?q=connection+pool")
    assert loc("table tbody tr").count() >= 1
    shot(page, "tour-06-search")

    go(f"{server.url}/incidents/new")
    select = loc("#f-severity")
    fits = page.evaluate(  # type: ignore[attr-defined]
        "(() => { const s = document.querySelector('#f-severity');"
        " const c = document.createElement('canvas').getContext('2d');"
        " c.font = getComputedStyle(s).font;"
        " return [...s.options].every(o => c.measureText(o.text).width + 40 <= s.clientWidth); })()"
    )
    assert select.is_visible() and fits, "every severity choice fits in the closed select"
    shot(page, "tour-07-new-incident")

    go(f"{server.url}/docs")
    loc(".opblock").first.wait_for(timeout=15000)
    assert loc(".opblock").count() >= 20, "Swagger UI lists the API operations offline"
    assert "/api/incidents" in loc(".swagger-ui").inner_text()
    shot(page, "tour-08-docs")

    go(f"{server.url}/redoc")
    loc("h1").first.wait_for(timeout=15000)
    assert "Hindsight" in loc("body").inner_text()
    shot(page, "tour-09-redoc")

    assert refused == [], f"pages asked for the network: {refused[:5]}"

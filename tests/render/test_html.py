"""render_html: one self-contained, accessible page where nothing a person typed can run."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings

from hindsight.domain.model import Incident, Reference
from hindsight.render.html import render_html, render_json
from tests.render.sample import disk_full
from tests.render.strategies import incidents


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


def test_page_is_complete_and_has_the_same_sections() -> None:
    page = render_html(disk_full())
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert '<html lang="en">' in page and 'name="viewport"' in page
    headings = re.findall(r"<h2 id=\"[^\"]+\">([^<]+)</h2>", page)
    assert headings == [
        "Executive summary",
        "Impact",
        "Timeline",
        "Root cause analysis",
        "What went well",
        "What went wrong",
        "Action items",
        "Lessons learned",
        "References",
        "Sign-off",
    ]
    assert '<th scope="col">Time (UTC)</th>' in page
    assert "✅ Done" in page and "🔄 In Progress" in page


def test_page_loads_nothing_from_elsewhere() -> None:
    page = render_html(disk_full())
    for tag, attrs in tags(page):
        assert tag not in ("script", "link", "iframe", "img"), tag
        assert "src" not in attrs
    assert "<style>" in page and "@import" not in page and "url(" not in page


def test_a_script_in_the_title_stays_inert() -> None:
    incident = disk_full()
    incident.title = "<script>alert('x')</script> & co"
    incident.summary = "<img src=x onerror=alert(1)> **bold**"
    incident.timeline[0].text = "<b onmouseover=alert(1)>hi</b>"
    incident.references = [Reference("click", "javascript:alert(1)")]
    page = render_html(incident)
    assert "<script>" not in page and "<img" not in page and "<b onmouseover" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co" in page
    assert "<strong>bold</strong>" in page  # prose is still markdown
    assert 'href="javascript:' not in page


def test_public_page_leaves_out_names_and_sign_off() -> None:
    page = render_html(disk_full(), public=True)
    for name in ("alice", "chen", "dana", "@dba-team"):
        assert name not in page
    assert "Sign-off" not in page and "public version" in page
    assert "Alert on disk growth rate" in page


def test_diagrams_are_inline_svg_when_the_analysis_package_is_there() -> None:
    page = render_html(disk_full())
    assert page.count("<svg") >= 2  # fishbone and fault tree


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(incidents)
def test_any_incident_renders_without_live_markup(incident: Incident) -> None:
    page = render_html(incident)
    assert not any(
        tag == "script" or any(k.startswith("on") for k in attrs) for tag, attrs in tags(page)
    )


def test_json_is_the_plain_incident() -> None:
    data = json.loads(render_json(disk_full()))
    assert data["id"] == "INC-2025-12-15"
    assert data["timeline"][1]["milestone"] == "detected"
    assert data["actions"][0]["due"] == "2025-12-22"

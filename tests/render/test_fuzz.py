"""Whatever markdown people write, parsing returns an incident and warnings — never a traceback."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hindsight.render.markdown import parse_markdown, render_markdown

FRAGMENTS = [
    "---", "title: x", "date: 2025-13-45", "severity: [1, 2]", "incident_id:", "version: 3",
    "# Title", "## Summary", "## Timeline", "## Action Items", "### Prevent", "## Stats", "## 5 Whys",
    "## Contributing Factors", "#### People", "## Fault trees", "#### tree", "```yaml", "```",
    "name: t", "nodes: [{id: 1}]", "## References", "## Sign-off", "## Impact", "### 2025-01-02",
    "| Time | Event |", "| --- | --- |", "| 22:47 | thing |", "| 2025-01-01 25:99 | bad |",
    "| # | Action | Owner | Deadline | Status |", "| A1 | x | @y | soon | ✅ Done |",
    "| Reviewer | Decision |", "| x | maybe |", "- [x] done @bob due 2025-02-30", "- A2 details — Horizon: x",
    "1. why", "- Time to recovery: 5 hours", "- Category: Kubernetes", "**Date:** yesterday",
    "**Start:** 22:47", "**Duration:** forever", "22:10 — plain event", "[^1]: note", "[x]: http://e",
    "<!--hs {\"kind\": 5}-->", "| a <!--hs {\"i\": \"x\"}--> |", "", "  - nested", "\\# escaped", "~~~",
]  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=30), max_size=40))
def test_any_markdown_parses_to_an_incident_with_warnings(lines: list[str]) -> None:
    text = "\n".join(lines).replace("\x00", "")
    parsed = parse_markdown(text, source="fuzz.md")
    assert parsed.incident.id
    assert all(w.startswith("fuzz.md:") for w in parsed.warnings)
    again = parse_markdown(render_markdown(parsed.incident))  # and whatever we read, we can write
    assert again.incident == parsed.incident

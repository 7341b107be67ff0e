"""render_markdown: the document shape teams expect, and exact reading back."""

from __future__ import annotations

import re

from hindsight.render.markdown import parse_markdown, render_markdown
from tests.render.sample import disk_full
from tests.render.test_roundtrip import differences

SECTIONS = [
    "Executive Summary",
    "Impact",
    "Timeline",
    "Root Cause Analysis",
    "What Went Well",
    "What Went Wrong",
    "Action Items",
    "Lessons Learned",
    "References",
    "Sign-off",
]


def test_sections_come_in_the_order_teams_read_them() -> None:
    text = render_markdown(disk_full())
    assert re.findall(r"^## (.+)$", text, re.M) == SECTIONS
    assert text.startswith("---\nincident_id: INC-2025-12-15\n")
    assert re.search(r"^# Disk full on orders-db \\\| writes failed$", text, re.M)
    summary = text[text.index("## Executive Summary") : text.index("\n## Impact\n")]
    assert re.findall(r"^### (.+)$", summary, re.M) == [
        "What happened",
        "Impact in numbers",
        "Root cause",
        "Resolution",
        "Preventing recurrence",
    ]


def test_header_lines_and_front_matter_show_the_key_facts() -> None:
    text = render_markdown(disk_full())
    for line in (
        "**Date:** 2025-12-15",
        "**Start:** 2025-12-15 22:47 UTC",
        "**Recovery:** 2025-12-16 03:15 UTC",
        "**Duration:** 4h 28m",
        "**Severity:** P1",
        "**Author:** bob",
        "**Participants:** alice, bob, chen",
    ):
        assert line in text
    front = text.split("---\n")[1]
    for key in (
        "title:",
        "date: '2025-12-15'",
        "duration: 4h 28m",
        "root_cause_category: capacity",
        "affected_services:",
        "financial_impact:",
        "commander: alice",
        "restricted: false",
    ):
        assert key in front


def test_timeline_marks_key_events_and_milestones() -> None:
    text = render_markdown(disk_full())
    assert "| Time (UTC) | Event | Action |" in text
    row = next(line for line in text.splitlines() if "DiskFull alert fires" in line)
    assert row.startswith("| 2025-12-15 22:55 | **[Detected]** **DiskFull alert fires**")
    assert re.search(
        r"\| On-call acknowledges <!--hs \{\"actor\":\"alice\"\}--> \| Paged DBA \|", text
    )


def test_actions_are_grouped_prevent_detect_mitigate_learn_with_emoji_status() -> None:
    text = render_markdown(disk_full())
    actions = text[text.index("## Action Items") : text.index("## Lessons Learned")]
    assert re.findall(r"^### (.+)$", actions, re.M) == ["Prevent", "Detect", "Learn"]
    assert "| # | Action | Owner | Deadline | Status |" in actions
    assert (
        "| A1 | Alert on disk growth rate | chen | 2025-12-22 | ✅ Done | Alert fires in staging drill |"
        in actions
    )
    assert "🔄 In Progress" in actions and "🚫 Blocked" in actions


def test_whys_factors_and_fault_trees_are_readable_blocks() -> None:
    text = render_markdown(disk_full())
    assert "1. The disk was full _(evidence: #7)_" in text
    assert "2. WAL segments were not archived" in text
    assert (
        "#### Technology\n\n- No alert on disk growth rate\n- Archive command swallowed errors"
        in text
    )
    assert "```yaml\nname: Writes fail\n" in text


def test_the_sample_reads_back_field_for_field() -> None:
    incident = disk_full()
    parsed = parse_markdown(render_markdown(incident), source="pm.md")
    assert differences(incident, parsed.incident) == []
    assert parsed.warnings == []
    assert parsed.incident == incident


def test_markdown_special_characters_are_escaped_in_cells() -> None:
    incident = disk_full()
    incident.timeline[0].text = "a | b *c* `d` <e> # f\nsecond line"
    text = render_markdown(incident)
    assert r"a \| b \*c\* \`d\` \<e\> \# f<br>second line" in text
    assert parse_markdown(text).incident.timeline[0].text == incident.timeline[0].text


def test_prose_lines_that_look_like_headings_do_not_split_sections() -> None:
    incident = disk_full()
    incident.summary = "# not a heading\n## nor this\n```\nunclosed fence"
    text = render_markdown(incident)
    assert re.findall(r"^## (.+)$", text, re.M) == SECTIONS
    assert parse_markdown(text).incident.summary == incident.summary


def test_the_caller_can_override_the_incident_id() -> None:
    parsed = parse_markdown(render_markdown(disk_full()), incident_id="INC-2030-01-01")
    assert parsed.incident.id == "INC-2030-01-01"


def test_edits_to_views_of_the_front_matter_are_reported_not_lost() -> None:
    text = render_markdown(disk_full())
    edited = (
        text.replace("**Severity:** P1", "**Severity:** P0")
        .replace("# Disk full on orders-db \\| writes failed", "# Disk full")
        .replace("- A2: Fail loudly", "- A2: Fail quietly")
    )
    lines = edited.splitlines()
    parsed = parse_markdown(edited, source="pm.md")
    assert parsed.incident.severity == "P1"  # the front matter is the record
    assert parsed.warnings == [
        f"pm.md:{lines.index('**Severity:** P0  ') + 1}: header 'Severity' was edited ('P0'); "
        "it is drawn from the front matter, so change it there",
        f"pm.md:{lines.index('# Disk full') + 1}: 'title' was edited here; "
        "it is drawn from the front matter, so change it there",
        f"pm.md:{lines.index('### Preventing recurrence') + 1}: 'preventing recurrence' was edited here; "
        "it is drawn from the actions, so change it there",
    ]


def test_windows_line_endings_and_a_byte_order_mark_read_the_same() -> None:
    incident = disk_full()
    text = "\ufeff" + render_markdown(incident).replace("\n", "\r\n")
    parsed = parse_markdown(text)
    assert differences(incident, parsed.incident) == [] and parsed.warnings == []


def test_action_details_are_visible_and_editable() -> None:
    text = render_markdown(disk_full())
    assert "- A3 details — Status reason: waiting for DBA review" in text
    edited = text.replace(
        "- A3 details — Status reason: waiting for DBA review",
        "- A3 details — Status reason: DBA on leave; Verifier: dana; Horizon: someday",
    )
    parsed = parse_markdown(edited, source="pm.md")
    a3 = parsed.incident.action(3)
    assert (a3.status_reason, a3.verifier, a3.horizon.value) == (
        "DBA on leave",
        "dana",
        "short_term",
    )
    line = edited.splitlines().index(
        "- A3 details — Status reason: DBA on leave; Verifier: dana; Horizon: someday"
    )
    assert parsed.warnings == [
        f"pm.md:{line + 1}: A3 details: horizon 'someday' is not one of immediate, short_term, long_term"
    ]


def test_damaged_hidden_data_is_reported_and_the_row_kept() -> None:
    text = render_markdown(disk_full()).replace('"kind":"alert"', '"kind":"pager"')
    parsed = parse_markdown(text, source="pm.md")
    assert [e.text for e in parsed.incident.timeline][1] == "DiskFull alert fires"
    assert len(parsed.warnings) == 1 and "hidden row data could not be read" in parsed.warnings[0]

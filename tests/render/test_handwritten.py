"""Hand-written postmortems of the common shape, and the real DFDS corpus."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from hindsight.domain.model import ActionStatus
from hindsight.errors import InvalidInput
from hindsight.render.markdown import ParsedPostmortem, parse_markdown, render_markdown
from hindsight.render.mdfiles import read_text
from tests.conftest import TEST_DATA, shared_data
from tests.render.test_roundtrip import differences

SAMPLES = TEST_DATA / "render"


def sample(name: str) -> ParsedPostmortem:
    return parse_markdown((SAMPLES / name).read_text(encoding="utf-8"), source=name)


def utc(y: int, mo: int, d: int, h: int, mi: int) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def test_header_fields_emoji_statuses_and_midnight_rollover() -> None:
    parsed = sample("handwritten-emoji.md")
    inc = parsed.incident
    assert inc.id == "INC-2025-03-14"
    assert inc.title == "Checkout latency spike after cache eviction"
    assert inc.severity == "P1"
    assert inc.author == "maria"
    assert inc.participants == ["maria", "Tom Okafor", "li.wei"]
    assert inc.services == ["checkout", "cart"]
    assert inc.started_at == utc(2025, 3, 14, 23, 10)
    assert inc.resolved_at == utc(2025, 3, 15, 1, 25)  # "01:25 UTC" is after midnight
    assert [e.at for e in inc.timeline] == [
        utc(2025, 3, 14, 23, 10),
        utc(2025, 3, 14, 23, 18),
        utc(2025, 3, 14, 23, 52),
        utc(2025, 3, 15, 0, 40),
        utc(2025, 3, 15, 1, 25),
    ]
    assert inc.timeline[0].key and inc.timeline[0].text == "p99 latency alert fires for checkout"
    assert inc.timeline[1].actor == "tom"
    assert [a.status for a in inc.actions] == [
        ActionStatus.DONE,
        ActionStatus.IN_PROGRESS,
        ActionStatus.PLANNED,
        ActionStatus.BLOCKED,
    ]
    assert [a.owner for a in inc.actions] == ["li.wei", "Tom Okafor", "maria", "tom"]
    assert inc.actions[0].due == date(2025, 3, 28)
    assert len(inc.lessons) == 2
    assert parsed.warnings == []


def test_lists_zones_checkboxes_and_unknown_sections() -> None:
    parsed = sample("handwritten-lists.md")
    inc = parsed.incident
    assert inc.id == "INC-2024-11-02-dns"  # from the header line, not derived
    assert inc.summary.startswith("On 2 November 2024")
    # "All times in CET": 21:50 CET is 20:50 UTC; the bare "02:18" rolls into the next day
    assert [e.at for e in inc.timeline] == [
        utc(2024, 11, 2, 20, 50),
        utc(2024, 11, 2, 21, 5),
        utc(2024, 11, 2, 22, 55),
        utc(2024, 11, 3, 1, 18),
    ]
    assert [(f.category, f.text) for f in inc.factors] == [
        ("Process", "Node upgrades were not staged per zone."),
        ("Technology", "resolver has no readiness probe."),
        ("Uncategorised", "Nobody owned the forwarder config."),
    ]
    by_title = {a.title: a for a in inc.actions}
    probe = by_title["Add readiness probe to resolver @sam due 2024-11-20"]
    assert (probe.status, probe.owner, probe.due) == (ActionStatus.DONE, "sam", date(2024, 11, 20))
    assert by_title["Stage node upgrades per zone (owner: Priya)"].owner == "Priya"
    assert by_title["Move forwarder config into Git"].status == ActionStatus.IN_PROGRESS
    runbook = by_title["Write a DNS runbook"]
    assert (runbook.number, runbook.status) == (7, ActionStatus.DONE)
    assert [r.url for r in inc.references] == [
        "https://grafana.example.com/d/dns",
        "https://github.com/example/coredns/issues/42",
    ]
    assert inc.references[0].label == "Grafana dashboard"
    # nothing is dropped: the unreadable row and the unknown section are kept and reported
    assert "sometime later" in inc.technical_details
    assert (
        "#### Where we got lucky\n\nTraffic was low on a Saturday night." in inc.technical_details
    )
    assert any(
        w.startswith("handwritten-lists.md:18: could not read a time in 'sometime later")
        for w in parsed.warnings
    )
    assert any(
        w.startswith("handwritten-lists.md:33: section 'Where we got lucky'")
        for w in parsed.warnings
    )


def test_missing_sections_and_no_date_are_reported_not_fatal() -> None:
    parsed = sample("handwritten-missing.md")
    assert parsed.incident.title == "Payment webhooks delayed"
    assert parsed.incident.actions[0].title == "Add consumer lag alerting"
    assert parsed.incident.timeline == []
    assert parsed.incident.id == "INC-UNDATED"
    assert "handwritten-missing.md:1: no severity given; assumed P2" in parsed.warnings
    assert (
        parse_markdown(
            (SAMPLES / "handwritten-missing.md").read_text(), incident_id="INC-9"
        ).incident.id
        == "INC-9"
    )


def test_imported_postmortems_render_and_read_back_unchanged() -> None:
    for name in sorted(p.name for p in SAMPLES.glob("handwritten-*.md")):
        incident = sample(name).incident
        again = parse_markdown(render_markdown(incident))
        assert differences(incident, again.incident) == [], name
        assert again.warnings == []


def test_binary_and_non_utf8_files_are_refused_with_file_and_line() -> None:
    with pytest.raises(InvalidInput, match=r"binary\.md:4: binary data"):
        read_text(SAMPLES / "binary.md")
    with pytest.raises(InvalidInput, match=r"latin1\.md:3: not UTF-8 \(byte 0xe9\)"):
        read_text(SAMPLES / "latin1.md")
    with pytest.raises(InvalidInput, match=r"x\.md:2: binary data"):
        parse_markdown("# t\n\x00", source="x.md")


def dfds_files() -> list:
    folder = shared_data("dfds_postmortems")
    return sorted(
        p for p in folder.iterdir() if p.name.startswith("PM") and "template" not in p.name
    )


def test_every_dfds_postmortem_imports_with_its_content() -> None:
    files = dfds_files()
    assert len(files) >= 39
    with_timeline = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        parsed = parse_markdown(text, source=path.name)
        inc = parsed.incident
        assert inc.title and inc.summary, path.name
        assert inc.actions, path.name
        rows = [line for line in text.splitlines() if line.startswith("| 20")]
        unread = [w for w in parsed.warnings if "could not read a time" in w]
        assert len(inc.timeline) + len(unread) >= len(rows), (
            path.name
        )  # every row is an event or a warning
        with_timeline += bool(inc.timeline)
        if re.search(r"Time to recovery:\s*\d", text):
            assert inc.resolved_at is not None and inc.started_at is not None, path.name
        assert all(w.startswith(f"{path.name}:") for w in parsed.warnings)
        assert inc.id.startswith("INC-")
    assert with_timeline >= len(files) - 1  # PM2020-003 has the year typed "20202"


def test_dfds_details_land_in_the_right_fields() -> None:
    folder = shared_data("dfds_postmortems")
    parsed = parse_markdown(
        (folder / "PM2021-005 - All services returning 503 in Kubernetes.md").read_text(),
        source="PM2021-005.md",
    )
    inc = parsed.incident
    assert inc.id == "INC-2021-06-22"
    assert inc.timeline[0].at == utc(2021, 6, 22, 8, 21)
    assert len(inc.timeline) == 7 and len(inc.actions) == 3 and len(inc.lessons) == 4
    assert inc.participants == ["RF", "PW", "RR", "AN", "EC", "SD", "WC"]
    assert inc.tags == ["kubernetes"]
    assert inc.detected_at == utc(2021, 6, 22, 8, 29)  # start + "Time to detection: 8 minutes"
    assert inc.resolved_at == utc(2021, 6, 22, 8, 46)  # start + "Time to recovery: 25 minutes"
    cet = parse_markdown(
        (folder / "PM2019-009 - Kubernetes network infrastructure IP starvation.md").read_text(),
        source="PM2019-009.md",
    ).incident
    assert cet.timeline[0].at == utc(2019, 11, 29, 11, 0)  # "Date and Time in CET" 12:00


def test_every_dfds_postmortem_survives_render_and_parse() -> None:
    for path in dfds_files():
        incident = parse_markdown(path.read_text(encoding="utf-8"), source=path.name).incident
        again = parse_markdown(render_markdown(incident))
        assert differences(incident, again.incident) == [], path.name


def test_jekyll_front_matter_impact_figures_and_grouped_tables() -> None:
    parsed = sample("handwritten-frontmatter.md")
    inc = parsed.incident
    assert (inc.id, inc.severity, inc.author) == ("INC-2025-08-04", "P2", "Ines Duarte")
    assert inc.tags == ["auth", "certificates"] and inc.services == ["login", "sso"]
    assert inc.started_at == utc(2025, 8, 4, 9, 12)
    assert inc.resolved_at == utc(2025, 8, 4, 10, 17)  # start + "1h 5min"
    assert (inc.impact.users_affected, inc.impact.users_affected_pct) == (8400, 31.0)
    assert (inc.impact.support_tickets, inc.impact.sla_breached) == (112, True)
    assert "Partners using SAML" in inc.summary
    assert inc.root_cause.startswith("The intermediate certificate")
    assert [(a.number, a.kind.value, a.owner) for a in inc.actions] == [
        (1, "prevent", "ines"),
        (2, "detect", "sre-oncall"),
    ]
    assert inc.actions[1].due is None and "(deadline: next sprint)" in inc.actions[1].title
    assert parsed.warnings == [
        "handwritten-frontmatter.md:39: could not read a deadline in 'next sprint'"
    ]


def test_day_sub_headings_and_plain_time_lines() -> None:
    parsed = sample("handwritten-daily.md")
    inc = parsed.incident
    assert inc.severity == "P3"
    assert [(e.at, e.text) for e in inc.timeline] == [
        (utc(2025, 1, 10, 21, 40), "consumer deploy v2.3 rolled out"),
        (utc(2025, 1, 10, 23, 55), "backlog alert fires (ticket OPS-77)"),
        (utc(2025, 1, 11, 0, 20), "rollback started"),
        (utc(2025, 1, 11, 1, 5), "backlog drained"),
    ]
    assert "Nothing else happened overnight." in inc.technical_details
    assert parsed.warnings[0].startswith("handwritten-daily.md:19: text in the timeline")
    assert inc.actions[0].owner == "ops" and inc.actions[0].title.startswith(
        "Canary consumer deploys"
    )


def test_the_dfds_template_imports_with_warnings_only() -> None:
    folder = shared_data("dfds_postmortems")
    template = next(p for p in folder.iterdir() if "template" in p.name)
    parsed = parse_markdown(template.read_text(encoding="utf-8"), source=template.name)
    assert parsed.incident.title == "Incident Title"
    assert any("could not read a time in '20xx-MM-DD HH:mm'" in w for w in parsed.warnings)

"""What a new user met in the first hour (issue 15), through the CLI: strict import with a dry
run, a failed init that leaves nothing, brackets kept in tables, one-line empty/binary errors,
a taken port, the default quarter, a given start time kept, lateness in days, no microseconds."""

from __future__ import annotations

import re
import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hindsight.cli.main import app
from hindsight.domain.model import EventKind, Incident, TimelineEvent
from hindsight.errors import InvalidInput
from hindsight.workspace import find_workspace
from tests.conftest import TEST_DATA

runner = CliRunner()
INGEST = TEST_DATA / "ingest"


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as wide as a terminal of 200 columns, whatever COLUMNS the test run has."""
    from hindsight.cli.common import console

    monkeypatch.setattr(console, "width", 200)


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def count_incidents() -> int:
    store = find_workspace().open_store()
    try:
        with store.session() as s:
            from hindsight.store.repo import list_incidents

            return len(list_incidents(s))
    finally:
        store.close()


# --- 2. import refuses what is not a postmortem; --dry-run stores nothing ----------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("open.md", "---\ntitle: Hello\nseverity: P2\n\nSome text\n", "open.md:1: the YAML front"),
        ("notes.txt", "just some notes\nabout a thing\n", "notes.txt:1: not a postmortem"),
        ("blank.md", "\n  \n", "blank.md:1: empty file"),
        ("list.md", "---\n- a\n- b\n---\n# T\n", "front matter is not a mapping"),
        (  # a config file's "# comment" is not a title: it was imported as INC-UNDATED
            "hindsight.toml",
            '[database]\n# PostgreSQL for teams: url = "postgresql://user@host/db"\n',
            "hindsight.toml:1: not a postmortem: a .toml file",
        ),
        (
            "deploy.sh",
            "#!/bin/sh\n# Roll back the release\nkubectl rollout undo\n",
            "not a postmortem",
        ),
    ],
)
def test_import_refuses_a_file_that_is_not_a_postmortem(
    workspace: Path, tmp_path: Path, name: str, content: str, expected: str
) -> None:
    good = tmp_path / "good.md"
    good.write_text("# Checkout 5xx\n\n## Summary\n\nCheckout failed.\n", encoding="utf-8")
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    out = run("import", str(good), str(bad), code=2)
    assert expected in out and "nothing was imported" in out
    assert "Traceback" not in out
    assert count_incidents() == 0  # the good file was not stored either: all or nothing


def test_import_dry_run_shows_what_would_be_stored_and_stores_nothing(
    workspace: Path, tmp_path: Path
) -> None:
    post = Path("pm.md")  # relative: the table stays narrow enough not to wrap
    post.write_text(
        "---\nincident_id: INC-2025-12-15\ntitle: Checkout [EU] 5xx\nseverity: P1\n"
        "started_at: 2025-12-15T22:47:00Z\n---\n\n# Checkout [EU] 5xx\n",
        encoding="utf-8",
    )
    out = run("import", str(post), "--dry-run")
    assert "INC-2025-12-15" in out and "Checkout [EU] 5xx" in out and "add" in out
    assert "nothing was stored" in out
    assert count_incidents() == 0
    run("import", str(post))
    assert count_incidents() == 1
    again = run("import", str(post), "--dry-run", "--replace")
    assert "replace" in again
    run("import", str(post), "--dry-run", code=2)  # exists, no --replace: refused as for real


def test_plan_import_is_the_rule_the_cli_uses(tmp_path: Path) -> None:
    from hindsight.domain.policy import default_policy
    from hindsight.render.mdimport import plan_import

    plain = tmp_path / "x.md"
    plain.write_text("```\n# not a heading in a code block\n```\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"x\.md:1: not a postmortem"):
        plan_import([plain], default_policy().severities)


# --- 3. a failed init leaves nothing behind ----------------------------------------------------


def test_init_with_an_unsupported_database_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "x"
    out = run("init", str(target), "--db", "mysql://user:secret@db.example/x", code=2)
    assert "unsupported database" in out and "PostgreSQL" in out and "secret" not in out
    assert "Traceback" not in out
    assert not target.exists()


def test_init_that_cannot_reach_its_database_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "existing"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    run("init", str(target), "--db", f"postgresql://nobody@127.0.0.1:{port}/db", code=2)
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]


# --- 4. brackets are text, not Rich markup, in every table -------------------------------------


def test_brackets_survive_in_tables(workspace: Path) -> None:
    store = find_workspace().open_store()
    at = datetime(2025, 12, 15, 22, 49, 40, 117000, tzinfo=UTC)
    event = TimelineEvent(at=at, text="Page [#4821] [b]x[/b]", kind=EventKind.ALERT)
    store.add(
        Incident(id="INC-2025-12-15", title="Pool [prod] 5xx", severity="P1", started_at=at,
                 timeline=[event]),
        "tester",
    )  # fmt: skip
    store.close()
    timeline = run("timeline", "INC-2025-12-15")
    assert "Page [#4821] [b]x[/b]" in timeline
    assert "22:49:40" in timeline and ".117" not in timeline
    assert "Pool [prod] 5xx" in run("incident", "list")
    run("action", "add", "INC-2025-12-15", "Fix [cfg]", "--owner", "Ana [SRE]", "--due", "+7d")
    listed = run("action", "list")
    assert "Fix [cfg]" in listed and "Ana [SRE]" in listed


def test_no_cli_module_builds_a_plain_rich_table() -> None:
    cli = Path(__file__).resolve().parents[2] / "src" / "hindsight" / "cli"
    offenders = [
        p.name
        for p in cli.glob("*.py")
        if p.name != "common.py" and "from rich.table import" in p.read_text(encoding="utf-8")
    ]
    assert offenders == [], "use hindsight.cli.common.Table, which keeps [brackets] as text"


# --- 5. empty and binary evidence: one line -----------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty file"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4, "binary file (not text)"),
    ],
)
def test_empty_or_binary_evidence_is_one_line(
    workspace: Path, tmp_path: Path, content: bytes, expected: str
) -> None:
    store = find_workspace().open_store()
    store.add(Incident(id="INC-2025-12-15", title="x", severity="P2"), "tester")
    store.close()
    path = tmp_path / "evidence.log"
    path.write_bytes(content)
    out = run("ingest", "INC-2025-12-15", str(path), code=2)
    error_lines = [line for line in out.splitlines() if "evidence.log" in line]
    assert len(error_lines) == 1 and expected in error_lines[0], out
    assert out.count("evidence.log") == 1 and "tried" not in out and "csv" not in out.lower()


# --- 6. a taken port ---------------------------------------------------------------------------


def test_serve_says_the_port_is_taken_and_how_to_choose_another(workspace: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        out = run("serve", "--port", str(port), code=2)
    assert f"port {port} on 127.0.0.1 is taken" in out
    assert f"make run PORT={port + 1}" in out and "Hindsight for workspace" not in out


# --- 7. the quarterly report defaults to the last complete quarter -----------------------------


def test_last_complete_quarter() -> None:
    from hindsight.kb.report import last_complete_quarter

    assert last_complete_quarter(datetime(2026, 12, 4, tzinfo=UTC)) == "2026Q3"
    assert last_complete_quarter(datetime(2026, 1, 1, tzinfo=UTC)) == "2025Q4"
    assert last_complete_quarter(datetime(2026, 4, 1, tzinfo=UTC)) == "2026Q1"
    assert last_complete_quarter(datetime(2026, 3, 31, 23, 59, tzinfo=UTC)) == "2025Q4"


def test_report_quarterly_without_a_quarter(workspace: Path, tmp_path: Path) -> None:
    from hindsight.kb.report import last_complete_quarter

    out = run("report", "quarterly", "-o", str(tmp_path / "q.html"))
    assert last_complete_quarter() in out
    assert (tmp_path / "q.html").exists()


# --- 9. a start time the user gave is never moved silently -------------------------------------


def test_milestones_accept_keeps_a_given_start_and_says_so(workspace: Path) -> None:
    run("incident", "new", "Checkout API 5xx", "--severity", "P1", "--started", "2025-12-15 22:40")
    run("ingest", "INC-2025-12-15", str(INGEST / "checkout.jsonl"),
        str(INGEST / "alertmanager-webhooks.jsonl"))  # fmt: skip
    out = run("milestones", "INC-2025-12-15", "--accept")
    assert "started kept at 2025-12-15T22:40:00Z" in out and "22:47:00" in out
    assert ".117000" not in out  # the alert fired at 22:49:10.117: shown to the second
    store = find_workspace().open_store()
    assert store.get("INC-2025-12-15").started_at == datetime(2025, 12, 15, 22, 40, tzinfo=UTC)
    store.close()


def test_milestones_accept_moves_a_later_start_and_says_so(workspace: Path) -> None:
    run("incident", "new", "Checkout API 5xx", "--started", "2025-12-15 23:30")
    run("ingest", "INC-2025-12-15", str(INGEST / "checkout.jsonl"))
    out = run("milestones", "INC-2025-12-15", "--accept")
    assert "started moved from 2025-12-15T23:30:00Z to 2025-12-15T22:47:00Z" in out


def test_the_tour_evidence_tells_the_tour_story() -> None:
    """The README tour says the pool was lowered from 200 to 20 by a config push just before
    the errors, and counts the log lines: its evidence files must say the same."""
    gitlog = (INGEST / "deploy-repo.gitlog").read_text(encoding="utf-8")
    assert "lower db pool max_connections from 200 to 20" in gitlog and "512" not in gitlog
    lines = (INGEST / "checkout.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 404  # the tour says "About 400 log lines" (notes/newuser.md)


# --- 10. lateness in days --------------------------------------------------------------------


def test_lint_and_score_say_days_not_thousands_of_hours(workspace: Path) -> None:
    run("incident", "new", "Old one", "--severity", "P1", "--started", "2025-01-10 10:00")
    lint = run("lint", "INC-2025-01-10", code=1)
    assert " days overdue" in lint and " h overdue" not in lint
    assert "+00:00" not in lint
    score = run("score", "INC-2025-01-10", code=1)
    assert " days overdue" in score


# --- 10. the demo and the smaller contradictions -----------------------------------------------


@pytest.fixture
def demo(workspace: Path) -> Path:
    from hindsight.demo import load_demo

    ws = find_workspace()
    store = ws.open_store()
    load_demo(store, ws)
    store.close()
    return workspace


def test_the_demo_repeat_is_recorded_as_a_repeat(demo: Path) -> None:
    from hindsight.kb.metrics import compute, make_period

    store = find_workspace().open_store()
    with store.session() as s:
        from hindsight.store.repo import list_incidents

        rows = list_incidents(s)
        repeat = next(r for r in rows if r.title.endswith("(repeat)"))
        assert store.get(repeat.id).repeat_of is not None
        report = compute(s, make_period(datetime(2020, 1, 1, tzinfo=UTC), None))
    store.close()
    rate = next(f for f in report.figures if f.key == "repeat_rate")
    assert rate.value and rate.value > 0


def test_time_to_assignment_is_one_measure_in_metrics_and_follow_up(demo: Path) -> None:
    from statistics import mean

    from hindsight.domain.actions import time_to_assignment
    from hindsight.kb.metrics import compute, make_period

    store = find_workspace().open_store()
    with store.session() as s:
        from hindsight.store.repo import get_incident, list_incidents

        incidents = [get_incident(s, r.id) for r in list_incidents(s)]
        report = compute(s, make_period(datetime(2020, 1, 1, tzinfo=UTC), None))
    store.close()
    waits = [
        w.total_seconds()
        for inc in incidents
        for a in inc.actions
        if (w := time_to_assignment(inc, a)) is not None
    ]
    figure = next(f for f in report.figures if f.key == "action_time_to_assign")
    assert figure.value == pytest.approx(mean(waits), rel=1e-6) and figure.value > 0
    out = run("followup")
    assert "Blocked up to 14 days" in out and "Blocked over 14 days" in out


def test_search_snippets_are_prose_not_field_lists(demo: Path) -> None:
    out = run("search", "connection pool")
    snippets = [line.strip() for line in out.splitlines() if line.startswith("    ")]
    assert snippets
    for snippet in snippets:
        assert not re.match(r"…?INC-\d{4}-\d{2}-\d{2} ", snippet), snippet


def test_no_perfect_criterion_beside_a_lint_finding(demo: Path) -> None:
    from hindsight.quality.lint import lint
    from hindsight.quality.rubric import FINDING_CRITERIA, score

    ws = find_workspace()
    store = ws.open_store()
    with store.session() as s:
        from hindsight.store.repo import get_incident, list_incidents

        incidents = [get_incident(s, r.id) for r in list_incidents(s)]
    store.close()
    checked = 0
    for incident in incidents:
        card = score(incident, ws.policy)
        for finding in lint(incident, ws.policy):
            key = next((k for p, k in FINDING_CRITERIA if finding.rule.startswith(p)), None)
            if key is None:
                continue
            criterion = next((c for c in card.criteria if c.key == key), None)
            if criterion is not None:
                checked += 1
                assert criterion.score < 5, (incident.id, finding.rule, criterion)
    assert checked > 0


def test_shown_time_drops_microseconds() -> None:
    from hindsight.timeutil import format_lateness, shown_time

    moment = datetime(2025, 12, 15, 22, 49, 10, 117000, tzinfo=UTC)
    assert shown_time(moment) == "2025-12-15T22:49:10Z" and shown_time(None) == "—"
    assert format_lateness(5.4) == "5 h" and format_lateness(8414) == "351 days"

"""Closing actions on evidence: the checks a verification names, and verified actions whose
incident class recurred (flagged by `hindsight followup`)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from hindsight.cli.main import app
from hindsight.domain.model import ActionItem, ActionStatus, Incident
from hindsight.draft.closure import Check, named_checks, recurred_actions, run_checks
from hindsight.errors import InvalidInput
from hindsight.store.repo import Store
from hindsight.workspace import find_workspace

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
VERIFICATION = (
    "A push with pool size 20 fails CI; alert: CheckoutPoolSaturation\n"
    "test: tests/test_pool.py::test_minimum_pool; query: pool exhausted"
)


def test_named_checks() -> None:
    assert named_checks(VERIFICATION) == [
        Check("alert", "CheckoutPoolSaturation"),
        Check("test", "tests/test_pool.py::test_minimum_pool"),
        Check("query", "pool exhausted"),
    ]
    assert named_checks("Alert fires in a load-test drill") == []
    assert named_checks(None) == []


@given(
    st.sampled_from(["alert", "test", "query", "Alert", "TEST"]),
    st.text(st.characters(blacklist_characters=";\n\r\x1c\x1d\x1e\x85\u2028\u2029"), min_size=1)
    .map(str.strip)
    .filter(lambda t: t and t.strip("`'\"").strip() == t),
)
def test_named_checks_read_back_what_was_written(kind: str, target: str) -> None:
    assert named_checks(f"prose first; {kind}: {target}") == [Check(kind.lower(), target)]


def incident(incident_id: str, start: datetime, *, service: str = "checkout-api",
             category: str = "configuration", actions: list[ActionItem] | None = None) -> Incident:  # fmt: skip
    return Incident(id=incident_id, title=f"{incident_id} pool exhausted", started_at=start,
                    resolved_at=start + timedelta(hours=1), services=[service],
                    root_cause_category=category, actions=actions or [])  # fmt: skip


def verified(number: int, at: datetime, verification: str = VERIFICATION) -> ActionItem:
    return ActionItem(number=number, title="Reject pool sizes below the minimum", owner="ana",
                      status=ActionStatus.VERIFIED, verification=verification, done_at=at,
                      verified_at=at, evidence="CI run 812", verifier="li")  # fmt: skip


def test_checks_pass_and_fail_on_evidence(store: Store, tmp_path: Path) -> None:
    store.add(incident("INC-A", T0, actions=[verified(1, T0 + timedelta(days=5))]), "t")
    rules = tmp_path / "rules.yml"
    rules.write_text(
        "groups:\n- name: checkout\n  rules:\n  - alert: CheckoutPoolSaturation\n"
        "    expr: pool_used / pool_max > 0.8\n",
        encoding="utf-8",
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_pool.py").write_text("def test_minimum_pool():\n    pass\n")
    with store.session() as s:
        results = run_checks(s, "INC-A", rules=[rules], tests_root=tmp_path)
    assert [(r.check.kind, r.passed) for r in results] == [
        ("alert", True), ("test", True), ("query", True)]  # fmt: skip
    # the guarded failure comes back, the rule and the test go away: every check fails
    store.add(incident("INC-B", T0 + timedelta(days=9)), "t")
    rules.write_text("groups:\n- name: checkout\n  rules: []\n", encoding="utf-8")
    (tmp_path / "tests" / "test_pool.py").write_text("def test_other():\n    pass\n")
    with store.session() as s:
        results = run_checks(s, "INC-A", rules=[rules], tests_root=tmp_path)
    assert [r.passed for r in results] == [False, False, False]
    assert "INC-B" in results[2].detail
    with store.session() as s:  # nothing to check against: skipped, saying why
        assert {r.passed for r in run_checks(s, "INC-A") if r.check.kind != "query"} == {None}
    rules.write_text("groups: [", encoding="utf-8")
    with store.session() as s, pytest.raises(InvalidInput, match=r"rules.yml:1: not YAML"):
        run_checks(s, "INC-A", rules=[rules])


def test_recurrence_of_the_incident_class_flags_verified_actions(store: Store) -> None:
    done = T0 + timedelta(days=3)
    store.add(incident("INC-A", T0, actions=[verified(1, done)]), "t")
    store.add(incident("INC-OTHER-SERVICE", done + timedelta(days=4), service="search"), "t")
    store.add(incident("INC-OTHER-CLASS", done + timedelta(days=5), category="capacity"), "t")
    store.add(incident("INC-LATE", done + timedelta(days=40)), "t")
    with store.session() as s:
        assert recurred_actions(s, 30) == []
    store.add(incident("INC-AGAIN", done + timedelta(days=20)), "t")
    with store.session() as s:
        found = recurred_actions(s, 30)
        wider = recurred_actions(s, 60)
    assert [(r.incident_id, r.action, r.recurred_id) for r in found] == [
        ("INC-A", "A1", "INC-AGAIN")
    ]
    assert "same root-cause category: configuration" in found[0].reasons
    assert {r.recurred_id for r in wider} == {"INC-AGAIN", "INC-LATE"}


def test_followup_and_action_check_commands(workspace: Path, tmp_path: Path) -> None:
    store = find_workspace().open_store()
    try:
        done = T0 + timedelta(days=3)
        store.add(
            incident("INC-A", T0, actions=[verified(1, done, "alert: CheckoutPoolSaturation")]), "t"
        )
        store.add(incident("INC-AGAIN", done + timedelta(days=20)), "t")
    finally:
        store.close()
    runner = CliRunner()
    out = runner.invoke(app, ["followup", "--today", "2025-04-01", "--recurrence-days", "30"])
    assert out.exit_code == 0, out.output
    assert "Verified, but the incident class recurred within 30 days (1)" in out.output
    assert "INC-A A1" in out.output and "INC-AGAIN" in out.output
    data = json.loads(runner.invoke(app, ["followup", "--format", "json"]).output)
    assert data["recurred"][0]["recurred_id"] == "INC-AGAIN"
    rules = tmp_path / "rules.yml"
    rules.write_text("groups:\n- name: x\n  rules:\n  - alert: SomethingElse\n    expr: up == 0\n")
    failed = runner.invoke(app, ["action", "check", "INC-A", "--rules", str(rules)])
    assert failed.exit_code == 1 and "FAIL" in failed.output, failed.output

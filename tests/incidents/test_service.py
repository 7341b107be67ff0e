"""The incident use cases over a real store: who may change what, stale versions, one
transaction per change, and markdown import's all-or-nothing rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from hindsight.analysis.fault_tree import TreeEdit
from hindsight.domain.policy import default_policy
from hindsight.errors import Conflict, Forbidden, InvalidInput, NotFound, PreconditionRequired
from hindsight.incidents import service
from hindsight.incidents.imports import ImportRefused, import_postmortems
from hindsight.incidents.service import Editor, FieldChanges
from hindsight.store import repo
from hindsight.store.repo import Store
from hindsight.store.users import add_user
from hindsight.store.visibility import Viewer

POLICY = default_policy()
LOCAL = Editor("tester")
BOB = Editor("bob", Viewer("bob", "editor"))
ADA = Editor("ada", Viewer("ada", "admin"))


def opened(store: Store, editor: Editor = LOCAL, **values: object) -> str:
    fields = {"title": "Checkout 500s", "started_at": "2025-12-15T22:47:00Z", **values}
    return service.open_incident(store, fields, POLICY, editor).id


def test_a_restricted_incident_reads_as_missing_to_a_non_member(store: Store) -> None:
    with store.session() as s:
        add_user(s, "bob", "editor-pass-1", "editor", actor="t")
    hidden = opened(store, restricted=True)
    with pytest.raises(NotFound) as err:
        service.add_factor(store, hidden, "Process", "No load test", POLICY, BOB)
    assert err.value.message == f"no incident {hidden}"
    mine = opened(store, BOB, restricted=True)  # the opener becomes a member
    assert (
        service.add_factor(store, mine, "process", "No load test", POLICY, BOB).item.category
        == "Process"
    )


def test_a_stale_version_is_a_conflict_and_a_missing_one_can_be_required(store: Store) -> None:
    iid = opened(store)
    change = FieldChanges(values={"root_cause": "pool too small"})
    with pytest.raises(PreconditionRequired):
        service.edit_incident(store, iid, change, POLICY, LOCAL, require_version=True)
    with pytest.raises(Conflict) as err:
        service.edit_incident(store, iid, change, POLICY, LOCAL, expected_version=99)
    assert "changed by someone else" in err.value.message
    edited = service.edit_incident(store, iid, change, POLICY, LOCAL, expected_version=1)
    assert edited.item and edited.incident.version == 2
    again = service.edit_incident(store, iid, change, POLICY, LOCAL)
    assert again.item is False and again.incident.version == 2


def test_only_an_admin_restricts_or_overrides_the_gate(store: Store) -> None:
    iid = opened(store)
    with pytest.raises(Forbidden) as err:
        service.edit_incident(store, iid, FieldChanges(values={"restricted": True}), POLICY, BOB)
    assert err.value.field == "restricted"
    with pytest.raises(Forbidden):
        service.set_status(store, iid, "published", POLICY, BOB, override="exec asked")
    moved = service.set_status(store, iid, "published", POLICY, ADA, override="exec asked")
    assert moved.bypassed and moved.incident.status.value == "published"
    with store.session() as s:
        entries = repo.audit_log(s, iid)
    assert any(e.action == "override" and e.reason == "exec asked" for e in entries)


def test_a_refused_change_stores_nothing(store: Store) -> None:
    iid = opened(store)
    with pytest.raises(InvalidInput) as err:
        service.edit_incident(
            store, iid, FieldChanges(values={"severity": "P9", "title": " "}), POLICY, LOCAL
        )
    assert {field for field, _ in err.value.problems} == {"severity", "title"}
    assert store.get(iid).version == 1


def test_a_why_chain_whose_steps_are_refused_stores_no_chain(store: Store) -> None:
    """The chain and its steps are one write: a step refused after the problem was accepted
    (a blank answer, evidence that is not on the timeline) leaves neither chain nor version."""
    iid = opened(store)
    with pytest.raises(InvalidInput) as blank:
        service.add_why_chain(store, iid, "Checkout failed", ["Pool exhausted", "  "], LOCAL)
    assert blank.value.field == "answer"
    with pytest.raises(InvalidInput) as unknown:
        service.add_why_chain(
            store, iid, "Checkout failed", ["Pool exhausted"], LOCAL, evidence={0: [999999]}
        )
    assert unknown.value.field == "evidence"
    kept = store.get(iid)
    assert kept.why_chains == [] and kept.version == 1
    started = service.add_why_chain(store, iid, "Checkout failed", ["Pool exhausted"], LOCAL)
    assert [s.answer for s in started.item.steps] == ["Pool exhausted"]
    assert store.get(iid).version == 2


def test_repeat_of_must_name_an_incident(store: Store) -> None:
    iid = opened(store)
    with pytest.raises(InvalidInput) as err:
        service.edit_incident(
            store, iid, FieldChanges(values={"repeat_of": "INC-1999-01-01"}), POLICY, LOCAL
        )
    assert err.value.message == "repeat_of: no incident INC-1999-01-01"


def test_fault_trees_are_built_replaced_and_removed_by_name(store: Store) -> None:
    iid = opened(store)
    edit = TreeEdit(gates=[("top", "and", ["a", "b"])], events=[("a", 0.1), ("b", 0.2)])
    built = service.save_fault_tree(store, iid, LOCAL, name="db", edit=edit).item
    assert not built.replaced and {n.id for n in built.tree.nodes} == {"top", "a", "b"}
    again = service.save_fault_tree(store, iid, LOCAL, name="db", edit=TreeEdit(top="top"))
    assert again.item.replaced and len(again.incident.fault_trees) == 1
    with pytest.raises(InvalidInput):  # a cycle is refused and nothing is saved
        service.save_fault_tree(
            store, iid, LOCAL, name="db", edit=TreeEdit(gates=[("a", "or", ["top"])])
        )
    assert store.get(iid).fault_trees[0].nodes == again.item.tree.nodes
    service.remove_fault_tree(store, iid, LOCAL, name="db")
    assert store.get(iid).fault_trees == []


MARKDOWN = "---\ntitle: Stale search\nseverity: P3\nstarted: 2025-11-03T09:12:00Z\n{extra}---\n# Stale search\n"


def test_import_is_all_or_nothing_and_a_dry_run_stores_nothing(
    store: Store, tmp_path: Path
) -> None:
    good = tmp_path / "good.md"
    good.write_text(MARKDOWN.format(extra=""), encoding="utf-8")
    dry = import_postmortems(store, [good], POLICY, actor="t", dry_run=True)
    assert dry.stored is False and dry.planned[0].outcome == "new"
    with store.session() as s:
        assert repo.count_incidents(s) == 0
    bad = tmp_path / "bad.md"
    bad.write_text(MARKDOWN.format(extra="severity: P9\n"), encoding="utf-8")
    with pytest.raises(InvalidInput):
        import_postmortems(store, [good, bad], POLICY, actor="t")
    with store.session() as s:
        assert repo.count_incidents(s) == 0
    warned = tmp_path / "warned.md"
    warned.write_text(MARKDOWN.format(extra="impact:\n  users_affected: lots\n"), encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_postmortems(store, [warned], POLICY, actor="t", strict=True)
    assert refused.value.warnings
    done = import_postmortems(store, [good, warned], POLICY, actor="t")
    assert done.stored and done.warnings == dry.warnings + refused.value.warnings
    with store.session() as s:
        assert repo.count_incidents(s) == 2

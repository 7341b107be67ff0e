"""The incident store on SQLite and PostgreSQL: round trip, versions, audit, transactions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from hindsight.domain.model import (
    ActionItem,
    ActionStatus,
    ContributingFactor,
    EventKind,
    FaultNode,
    FaultTree,
    Incident,
    Review,
    ReviewDecision,
    StatusChange,
    TimelineEvent,
    WhyChain,
    WhyStep,
)
from hindsight.errors import Conflict, NotFound
from hindsight.store import repo
from hindsight.store.repo import Store

T0 = datetime(2025, 12, 15, 22, 47, tzinfo=UTC)


def sample(incident_id: str = "INC-2025-12-15") -> Incident:
    incident = Incident(
        id=incident_id,
        title="Checkout 5xx — «pool» exhausted",
        severity="P1",
        started_at=T0,
        resolved_at=T0 + timedelta(minutes=52),
        services=["checkout-api", "payments"],
        participants=["Priya Shah", "Marco Rossi"],
        root_cause="Config values had no schema validation.",
    )
    incident.impact.users_affected = 18400
    incident.impact.money_lost = 42000.5
    incident.timeline = [
        TimelineEvent(at=T0, text="pool 200 → 20", kind=EventKind.CONFIG_CHANGE, key=True),
        TimelineEvent(
            at=T0 + timedelta(minutes=4),
            text="alert",
            kind=EventKind.ALERT,
            count=3,
            last_at=T0 + timedelta(minutes=9),
            detail={"lines": [1, 2, 3]},
        ),
    ]
    incident.why_chains = [
        WhyChain("Why 5xx?", [WhyStep("pool exhausted", [1]), WhyStep("no validation")])
    ]
    incident.factors = [ContributingFactor("Technology", "No schema validation")]
    incident.fault_trees = [
        FaultTree(
            "outage",
            "top",
            [
                FaultNode("top", "Outage", "and", ["a", "b"]),
                FaultNode("a", "Bad config", probability=0.1),
                FaultNode("b", "No validation", probability=0.5),
            ],
        )
    ]
    incident.actions = [
        ActionItem(
            1,
            "Validate config",
            owner="Priya Shah",
            due=date(2026, 1, 10),
            history=[StatusChange(T0, ActionStatus.PLANNED, by="Priya Shah")],
        )
    ]
    incident.reviews = [
        Review("Aiko Tanaka", "SRE lead", ReviewDecision.APPROVED, attendees=["A", "B"])
    ]
    return incident


def test_round_trip_keeps_every_field(store: Store) -> None:
    original = sample()
    store.add(original, "tester")
    loaded = store.get(original.id)
    assert loaded.started_at == T0 and loaded.started_at.tzinfo is not None
    assert loaded.timeline[1].detail == {"lines": [1, 2, 3]}
    assert loaded.timeline[0].id is not None
    original.version = loaded.version
    for a, b in zip(original.timeline, loaded.timeline, strict=True):
        a.id = b.id
    assert loaded == original


def test_save_bumps_version_and_audits_each_field(store: Store) -> None:
    store.add(sample(), "tester")
    incident = store.get("INC-2025-12-15")
    incident.actions[0].status = ActionStatus.IN_PROGRESS
    incident.impact.support_tickets = 12
    saved = store.save(incident, "marco")
    assert saved.version == incident.version
    with store.session() as s:
        entries = repo.audit_log(s, "INC-2025-12-15")
    fields = {(e.actor, e.field, e.old, e.new) for e in entries}
    assert ("marco", "actions[A1].status", "planned", "in_progress") in fields
    assert ("marco", "impact.support_tickets", None, "12") in fields


def test_stale_writer_gets_conflict_not_overwrite(store: Store) -> None:
    store.add(sample(), "tester")
    first = store.get("INC-2025-12-15")
    second = store.get("INC-2025-12-15")
    first.title = "first"
    store.save(first, "a")
    second.title = "second"
    with pytest.raises(Conflict) as info:
        store.save(second, "b")
    assert info.value.current_version == first.version
    assert store.get("INC-2025-12-15").title == "first"


def test_event_ids_survive_edits(store: Store) -> None:
    store.add(sample(), "tester")
    incident = store.get("INC-2025-12-15")
    ids = [e.id for e in incident.timeline]
    incident.timeline[1].text = "alert fired"
    incident.timeline.append(TimelineEvent(at=T0 + timedelta(minutes=60), text="resolved"))
    store.save(incident, "tester")
    again = store.get("INC-2025-12-15")
    assert [e.id for e in again.timeline][:2] == ids
    assert again.timeline[1].text == "alert fired"


def test_failed_transaction_stores_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.session() as s:
        repo.add_incident(s, sample("INC-2025-12-16"), "tester")
        raise RuntimeError("crash mid-import")
    with pytest.raises(NotFound):
        store.get("INC-2025-12-16")


def test_ids_get_a_suffix_when_a_day_has_several(store: Store) -> None:
    with store.session() as s:
        assert repo.next_incident_id(s, date(2025, 12, 15)) == "INC-2025-12-15"
        repo.add_incident(s, sample(), "tester")
        assert repo.next_incident_id(s, date(2025, 12, 15)) == "INC-2025-12-15-2"
        repo.add_incident(s, sample("INC-2025-12-15-2"), "tester")
        assert repo.next_incident_id(s, date(2025, 12, 15)) == "INC-2025-12-15-3"


def test_list_filters_by_service_and_restriction(store: Store) -> None:
    a = sample("INC-2025-12-15")
    b = sample("INC-2025-12-16")
    b.services = ["search"]
    b.restricted = True
    store.add(a, "t")
    store.add(b, "t")
    with store.session() as s:
        assert [r.id for r in repo.list_incidents(s, service="search")] == ["INC-2025-12-16"]
        assert [r.id for r in repo.list_incidents(s, include_restricted=False)] == [
            "INC-2025-12-15"
        ]
        assert len(repo.list_incidents(s, severity=["P1"])) == 2


def test_unknown_incident_is_named(store: Store) -> None:
    with pytest.raises(NotFound, match="no incident INC-2099-01-01"):
        store.get("INC-2099-01-01")


def test_import_keeps_free_event_ids_and_renumbers_taken_ones(store: Store) -> None:
    first = sample("INC-2025-12-15")
    store.add(first, "t")
    taken = [e.id for e in store.get("INC-2025-12-15").timeline]
    imported = sample("INC-2025-12-16")
    imported.timeline[0].id = taken[0]  # collides
    imported.timeline[1].id = 9000  # free
    imported.why_chains[0].steps[0].evidence = [taken[0], 9000]
    with store.session() as s:
        repo.add_incident(s, imported, "t", action="import", keep_event_ids=True)
    again = store.get("INC-2025-12-16")
    new_first, kept = (e.id for e in again.timeline)
    assert kept == 9000 and new_first not in taken
    assert again.why_chains[0].steps[0].evidence == [new_first, 9000]
    assert all("_old_id" not in e.detail for e in again.timeline)
    later = sample("INC-2025-12-17")
    store.add(later, "t")  # the id sequence moved past the kept ids (PostgreSQL)
    assert all(e.id is not None and e.id > 9000 for e in store.get("INC-2025-12-17").timeline)


def test_a_value_too_long_for_its_column_is_named_on_every_backend(store: Store) -> None:
    """PostgreSQL enforces VARCHAR(n) and SQLite does not: both refuse it, naming the field."""
    from hindsight.errors import InvalidInput

    incident = sample()
    incident.commander = "c" * 201
    with pytest.raises(InvalidInput, match=r"commander: 201 characters; at most 200"):
        store.add(incident, "tester")
    incident = sample()
    incident.actions[0].owner = "o" * 250
    with pytest.raises(InvalidInput, match=r"owner: 250 characters; at most 200"):
        store.add(incident, "tester")
    with pytest.raises(NotFound):
        store.get(incident.id)

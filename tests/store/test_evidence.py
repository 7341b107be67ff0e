"""The evidence queries the importers ask for, on SQLite and PostgreSQL: one file's import is all
or nothing, a re-import with a new clock offset replaces its events, and a markdown import that
replaces an incident gets its evidence records back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hindsight.domain.model import Evidence, Incident, TimelineEvent
from hindsight.store import evidence as stored
from hindsight.store import repo
from hindsight.store.repo import Store

T0 = datetime(2025, 12, 15, 22, 47, tzinfo=UTC)
INCIDENT = "INC-2025-12-15"
SHA = "ab" * 32


def _record(offset: float = 0.0) -> Evidence:
    return Evidence(
        sha256=SHA,
        filename="checkout.jsonl",
        size=4096,
        format="jsonl",
        added_by="dana",
        added_at=T0,
        origin="/tmp/checkout.jsonl",
        incident_id=INCIDENT,
        clock_offset_seconds=offset,
        lines=120,
    )


def _events(*texts: str) -> list[TimelineEvent]:
    return [TimelineEvent(at=T0, text=t, source="jsonl", evidence=SHA) for t in texts]


@pytest.fixture
def with_incident(store: Store) -> Store:
    store.add(Incident(id=INCIDENT, title="Checkout 5xx", severity="P1", started_at=T0), "dana")
    return store


def test_an_import_then_the_same_bytes_again(with_incident: Store) -> None:
    store = with_incident
    with store.session() as s:
        assert not stored.holds_size(s, INCIDENT, 4096)
        assert stored.known_offset(s, INCIDENT, SHA) is None
        assert stored.file_of(s, SHA) is None
        assert stored.store_import(s, _record(), _events("5xx above 2 %"), reimport=False) == (
            "imported"
        )
    with store.session() as s:
        assert stored.holds_size(s, INCIDENT, 4096) and not stored.holds_size(s, INCIDENT, 4095)
        assert stored.known_offset(s, INCIDENT, SHA) == 0.0
        assert stored.file_of(s, SHA) == stored.EvidenceFile("checkout.jsonl", "jsonl")
        again = stored.store_import(s, _record(), _events("5xx above 2 %"), reimport=False)
    assert again == "already imported"
    assert [e.text for e in store.get(INCIDENT).timeline] == ["5xx above 2 %"]


def test_a_reimport_replaces_the_events_and_records_the_offset(with_incident: Store) -> None:
    store = with_incident
    with store.session() as s:
        stored.store_import(s, _record(), _events("old one", "old two"), reimport=False)
    version = store.get(INCIDENT).version
    with store.session() as s:
        status = stored.store_import(s, _record(30.0), _events("shifted"), reimport=True)
    assert status == "re-imported"
    incident = store.get(INCIDENT)
    assert [e.text for e in incident.timeline] == ["shifted"] and incident.version > version
    with store.session() as s:
        assert stored.known_offset(s, INCIDENT, SHA) == 30.0
        assert len(repo.list_evidence(s, INCIDENT)) == 1


def test_a_failed_import_leaves_nothing(with_incident: Store) -> None:
    store = with_incident
    with pytest.raises(KeyboardInterrupt), store.session() as s:
        stored.store_import(s, _record(), _events("5xx above 2 %"), reimport=False)
        raise KeyboardInterrupt
    with store.session() as s:
        assert (
            repo.list_evidence(s, INCIDENT) == [] and stored.known_offset(s, INCIDENT, SHA) is None
        )
    assert store.get(INCIDENT).timeline == []


def test_deleting_for_a_replacement_hands_the_evidence_back(with_incident: Store) -> None:
    store = with_incident
    with store.session() as s:
        stored.store_import(s, _record(), _events("5xx above 2 %"), reimport=False)
    with store.session() as s:
        kept = stored.delete_keeping_evidence(s, INCIDENT, "dana")
        assert not repo.incident_exists(s, INCIDENT)
        repo.add_incident(s, Incident(id=INCIDENT, title="Checkout 5xx (edited)"), "dana")
        for record in kept:
            repo.add_evidence(s, record)
    with store.session() as s:
        assert [e.sha256 for e in repo.list_evidence(s, INCIDENT)] == [SHA]

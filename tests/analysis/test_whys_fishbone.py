"""5 Whys chains and fishbone factors: ordering, evidence links, warnings, category rules."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hindsight.analysis import fishbone, whys
from hindsight.domain.model import EventKind, Incident, TimelineEvent
from hindsight.errors import InvalidInput, NotFound


def incident() -> Incident:
    at = datetime(2025, 12, 15, 22, 47, tzinfo=UTC)
    return Incident(
        id="INC-2025-12-15",
        title="Checkout 5xx",
        participants=["alice"],
        timeline=[
            TimelineEvent(at, "Deploy checkout-api 9f1c2e7", EventKind.DEPLOY, id=11),
            TimelineEvent(at, "HighErrorRate firing", EventKind.ALERT, id=12),
        ],
    )


def test_chain_is_ordered_and_last_answer_is_root_cause() -> None:
    inc = incident()
    chain = whys.add_chain(
        inc,
        "Checkout returned 5xx",
        ["A nil pointer in TaxClient", "Untested path", "No contract test for the tax API"],
        evidence={0: [11], 1: [12]},
    )
    assert chain.steps[0].answer == "A nil pointer in TaxClient"
    assert chain.root_cause == "No contract test for the tax API"
    assert chain.steps[-1].evidence == [11] and chain.steps[0].evidence == [12]
    assert whys.warnings(inc) == []
    whys.add_steps(inc, 1, ["Contract tests were never budgeted"])
    assert whys.root_causes(inc) == ["Contract tests were never budgeted"]


def test_several_chains_per_incident() -> None:
    inc = incident()
    whys.add_chain(inc, "Why did it break?", ["a", "b", "c"])
    whys.add_chain(inc, "Why was detection slow?", ["x", "y", "z"])
    assert len(inc.why_chains) == 2 and whys.root_causes(inc) == ["c", "z"]


def test_warns_when_shallow_or_stopping_at_a_person() -> None:
    inc = incident()
    whys.add_chain(inc, "Outage", ["The engineer forgot to run the migration"], evidence={0: [11]})
    warnings = whys.warnings(inc)
    assert any("1 level" in w for w in warnings)
    assert any("stops at a person" in w for w in warnings)
    assert whys.stops_at_person("Human error")
    assert whys.stops_at_person("alice pushed the wrong config", ["alice"])
    assert not whys.stops_at_person("The deploy pipeline did not run the migration check")
    assert not whys.stops_at_person("Nothing enforced a review of config changes")


def test_warns_when_root_cause_has_no_evidence() -> None:
    inc = incident()
    whys.add_chain(inc, "Outage", ["a", "b", "c"])
    assert any("no timeline evidence" in w for w in whys.warnings(inc))


def test_evidence_must_exist_and_bad_input_leaves_incident_unchanged() -> None:
    inc = incident()
    with pytest.raises(InvalidInput, match="no timeline event 99"):
        whys.add_chain(inc, "Outage", ["a", "b", "c"], evidence={0: [99]})
    assert inc.why_chains == []
    with pytest.raises(InvalidInput):
        whys.add_chain(inc, "  ", ["a"])
    with pytest.raises(NotFound):
        whys.add_steps(inc, 3, ["a"])
    whys.add_chain(inc, "Outage", ["a"])
    with pytest.raises(InvalidInput, match="has 2 steps, not 4"):
        whys.add_steps(inc, 1, ["b"], evidence={4: [11]})
    assert len(inc.why_chains[0].steps) == 1


def test_link_and_remove() -> None:
    inc = incident()
    whys.add_chain(inc, "Outage", ["a", "b", "c"])
    whys.link_evidence(inc, 1, 2, [12, 12, 11])
    assert inc.why_chains[0].steps[1].evidence == [12, 11]
    whys.remove_step(inc, 1, 1)
    assert [s.answer for s in inc.why_chains[0].steps] == ["b", "c"]
    whys.remove_chain(inc, 1)
    assert inc.why_chains == []


def test_factor_categories_follow_the_policy() -> None:
    inc = incident()
    factor = fishbone.add_factor(inc, "process", "No review of config pushes")
    assert factor.category == "Process"
    with pytest.raises(InvalidInput, match="valid: People, Process, Technology, Environment"):
        fishbone.add_factor(inc, "Luck", "bad luck")
    custom = ["Methods", "Machines"]
    fishbone.add_factor(inc, "machines", "Old kernel", custom)
    groups = fishbone.by_category(inc, custom)
    assert list(groups) == ["Methods", "Machines", "Process"]  # off-policy factor kept, last
    assert groups["Machines"] == ["Old kernel"]
    with pytest.raises(InvalidInput, match="already lists"):
        fishbone.add_factor(inc, "Process", "No review of config pushes")
    fishbone.remove_factor(inc, 1)
    assert [f.text for f in inc.factors] == ["Old kernel"]

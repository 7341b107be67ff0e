"""Metrics under a policy whose severities have names of its own ("SEV-1", "SEV.2"): the
postmortem deadlines count exactly as they do under the default P0–P3 names."""

from __future__ import annotations

from pathlib import Path

from hindsight.domain.policy import Policy, default_policy, load_policy
from hindsight.kb.metrics import compute, quarter_period
from hindsight.store.repo import Store
from tests.kb.fixtures import load

RENAMED = {"P0": "SEV-0", "P1": "SEV-1", "P2": "SEV.2", "P3": "SEV_3"}


def _on_time(store: Store, policy: Policy) -> tuple[float | None, str]:
    with store.session() as s:
        report = compute(s, quarter_period("2025Q4"), policy=policy)
    figure = report.figure("postmortem_on_time")
    return figure.value, figure.basis


def test_deadlines_count_for_severity_names_of_any_shape(store: Store, tmp_path: Path) -> None:
    shipped = default_policy()
    lines = ["severities:"]
    for old, new in RENAMED.items():
        hours = shipped.severities[old].postmortem_deadline_hours
        lines.append(f'  "{new}": {{name: {old}, postmortem_deadline_hours: {hours or "null"}}}')
    lines.append('postmortem_required: {severities: ["SEV-0", "SEV-1"]}')
    (tmp_path / "policy.yaml").write_text("\n".join(lines) + "\n")
    own = load_policy(tmp_path / "policy.yaml")
    assert list(own.severities) == list(RENAMED.values())

    incidents = load(store)
    before = _on_time(store, shipped)
    assert before[0] is not None and not before[1].startswith("0 of 0")
    for incident in incidents:
        stored = store.get(incident.id)
        stored.severity = RENAMED[stored.severity]
        store.save(stored, "tester")
    assert _on_time(store, own) == before

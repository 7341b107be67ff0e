"""Load the change-suspect scenarios of tests/data/analysis into Incidents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from hindsight.domain.model import EventKind, Incident, TimelineEvent
from hindsight.timeutil import parse_instant
from tests.conftest import TEST_DATA


@dataclass
class Scenario:
    name: str
    incident: Incident
    cause: TimelineEvent | None  # None: no change of ours is to blame


def _when(value: Any) -> Any:
    return parse_instant(str(value)) if value is not None else None


def load_scenarios() -> list[Scenario]:
    raw = yaml.safe_load((TEST_DATA / "analysis" / "suspect_scenarios.yaml").read_text("utf-8"))
    scenarios = []
    for index, spec in enumerate(raw, 1):
        events, cause = [], None
        for number, ev in enumerate(spec["events"], 1):
            event = TimelineEvent(
                at=_when(ev["at"]),
                text=ev["text"],
                kind=EventKind(ev["kind"]),
                source=ev.get("source", "manual"),
                service=ev.get("service"),
                level=ev.get("level"),
                count=int(ev.get("count", 1)),
                detail=dict(ev.get("detail", {})),
                id=index * 100 + number,
            )
            events.append(event)
            if ev.get("cause"):
                cause = event
        incident = Incident(
            id=f"INC-SCENARIO-{index}",
            title=spec["title"],
            services=list(spec.get("services", [])),
            started_at=_when(spec.get("started_at")),
            mitigated_at=_when(spec.get("mitigated_at")),
            resolved_at=_when(spec.get("resolved_at")),
            timeline=events,
        )
        assert (cause is None) == (spec.get("expect") == "none"), spec["name"]
        scenarios.append(Scenario(spec["name"], incident, cause))
    return scenarios

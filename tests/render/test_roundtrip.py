"""parse_markdown(render_markdown(x)) == x, for any incident hypothesis can think of."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings

from hindsight.domain.model import Incident
from hindsight.render.markdown import parse_markdown, render_markdown
from tests.render.strategies import incidents


def differences(expected: Incident, actual: Incident) -> list[str]:
    return [
        f"{f.name}: {getattr(expected, f.name)!r} != {getattr(actual, f.name)!r}"
        for f in dataclasses.fields(expected)
        if getattr(expected, f.name) != getattr(actual, f.name)
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(incidents)
def test_render_then_parse_gives_back_the_same_incident(incident: Incident) -> None:
    text = render_markdown(incident)
    parsed = parse_markdown(text, source="pm.md")
    assert differences(incident, parsed.incident) == []
    assert parsed.warnings == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(incidents)
def test_rendering_is_stable(incident: Incident) -> None:
    text = render_markdown(incident)
    assert render_markdown(parse_markdown(text).incident) == text

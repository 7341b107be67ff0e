"""parse_markdown(render_markdown(x)) == x, for any incident hypothesis can think of."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hindsight.domain.model import ContributingFactor, Incident, WhyChain, WhyStep
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


wild = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(incidents, st.lists(wild, min_size=8, max_size=8))
def test_strings_markdown_cannot_show_still_round_trip(
    incident: Incident, texts: list[str]
) -> None:
    """Outer spaces, carriage returns, control characters, empty items: kept exactly."""
    incident.title, incident.summary, incident.root_cause, incident.commander = texts[:4]
    incident.went_well = [texts[4], texts[5]]
    incident.factors = [ContributingFactor(texts[6], texts[7])]
    incident.why_chains = [WhyChain(texts[0], [WhyStep(texts[1]), WhyStep(texts[2], [1])])]
    if incident.timeline:
        incident.timeline[0].text = texts[3]
    parsed = parse_markdown(render_markdown(incident))
    assert differences(incident, parsed.incident) == []
    assert parsed.warnings == []

"""Hypothesis strategies for whole incidents, with unicode and markdown-special characters."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import strategies as st

from hindsight.domain.model import (
    ActionItem,
    ActionKind,
    ActionStatus,
    ContributingFactor,
    EventKind,
    FaultNode,
    FaultTree,
    Horizon,
    Impact,
    Incident,
    IncidentStatus,
    Level,
    Milestone,
    PreventionLevel,
    Reference,
    Review,
    ReviewDecision,
    StatusChange,
    TimelineEvent,
    WhyChain,
    WhyStep,
)

SPECIAL = [
    *"|*#`<>_[]\\&~!-+=:.@,()$",
    "<br>",
    "<script>",
    "**",
    "```",
    "&amp;",
    "😀",
    "é",
    "名",
    "<!--hs {}-->",
    "1.",
]
_char = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
_piece = st.one_of(_char, st.sampled_from(SPECIAL))
line = st.lists(_piece, min_size=1, max_size=12).map("".join).map(str.strip).filter(bool)
text = st.lists(line, min_size=1, max_size=3).map("\n".join)  # plain text that may hold newlines
prose = (
    st.lists(
        st.one_of(
            line,
            st.just(""),
            st.sampled_from(
                [
                    "# not a heading",
                    "#### sub heading",
                    "##### deeper #",
                    "####",
                    "```",
                    "~~~",
                    "\\x",
                    "| a | b |",
                    "- item",
                    "---",
                ]
            ),
        ),
        min_size=1,
        max_size=6,
    )
    .map("\n".join)
    .map(str.strip)
)
maybe = st.one_of(st.none(), line)
maybe_empty = st.one_of(st.none(), st.just(""), line)
instants = st.datetimes(
    min_value=datetime(2001, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
)
maybe_instant = st.one_of(st.none(), instants)
json_values = st.recursive(
    st.one_of(st.integers(-1000, 1000), st.booleans(), line, st.none()),
    lambda children: st.lists(children, max_size=3),
    max_leaves=5,
)

events = st.builds(
    TimelineEvent,
    at=instants,
    text=text,
    kind=st.sampled_from(EventKind),
    source=st.one_of(st.just("manual"), line),
    actor=maybe,
    action=maybe_empty,
    evidence=st.one_of(st.none(), st.text("0123456789abcdef", min_size=64, max_size=64)),
    key=st.booleans(),
    milestone=st.one_of(st.none(), st.sampled_from(Milestone)),
    service=maybe,
    level=maybe,
    count=st.integers(1, 10_000),
    last_at=maybe_instant,
    template=maybe,
    detail=st.dictionaries(line, json_values, max_size=3),
    id=st.one_of(st.none(), st.integers(1, 10**6)),
)
history = st.builds(
    StatusChange, at=instants, status=st.sampled_from(ActionStatus), by=maybe, reason=maybe
)


@st.composite
def action_lists(draw: st.DrawFn) -> list[ActionItem]:
    count = draw(st.integers(0, 5))
    numbers = draw(st.lists(st.integers(1, 99), min_size=count, max_size=count, unique=True))
    items = []
    for number in numbers:
        items.append(
            ActionItem(
                number=number,
                title=draw(text),
                owner=draw(st.one_of(maybe_empty, line.map(lambda s: "@" + s))),
                due=draw(st.one_of(st.none(), st.dates())),
                kind=draw(st.sampled_from(ActionKind)),
                horizon=draw(st.sampled_from(Horizon)),
                status=draw(st.sampled_from(ActionStatus)),
                status_reason=draw(maybe),
                verification=draw(maybe_empty),
                evidence=draw(maybe),
                verifier=draw(maybe_empty),
                ticket_url=draw(maybe_empty),
                prevention_level=draw(st.one_of(st.none(), st.sampled_from(PreventionLevel))),
                impact=draw(st.one_of(st.none(), st.sampled_from(Level))),
                effort=draw(st.one_of(st.none(), st.sampled_from(Level))),
                created_at=draw(maybe_instant),
                assigned_at=draw(maybe_instant),
                done_at=draw(maybe_instant),
                verified_at=draw(maybe_instant),
                history=draw(st.lists(history, max_size=2)),
            )
        )
    return items


fault_trees = st.builds(
    FaultTree,
    name=line,
    top=line,
    nodes=st.lists(
        st.builds(
            FaultNode,
            id=line,
            label=text,
            gate=st.sampled_from([None, "and", "or"]),
            children=st.lists(line, max_size=3),
            probability=st.one_of(st.none(), st.floats(0, 1)),
        ),
        max_size=3,
    ),
)
impacts = st.builds(
    Impact,
    users_affected=st.one_of(st.none(), st.integers(0, 10**7)),
    users_affected_pct=st.one_of(st.none(), st.floats(0, 100)),
    downtime_minutes=st.one_of(st.none(), st.integers(0, 10**5)),
    money_lost=st.one_of(st.none(), st.floats(0, 10**9)),
    currency=st.sampled_from(["USD", "EUR", "DKK"]),
    sla_breached=st.one_of(st.none(), st.booleans()),
    slo=maybe,
    error_budget_consumed_pct=st.one_of(st.none(), st.floats(0, 1000)),
    support_tickets=st.one_of(st.none(), st.integers(0, 10**5)),
    data_loss=st.one_of(st.none(), st.booleans()),
    customer_facing=st.one_of(st.none(), st.booleans()),
)
reviews = st.builds(
    Review,
    reviewer=line,
    role=maybe_empty,
    decision=st.sampled_from(ReviewDecision),
    comment=maybe_empty,
    meeting_date=st.one_of(st.none(), st.dates()),
    attendees=st.lists(line, max_size=3),
    recording_url=maybe_empty,
)
factor_categories = st.one_of(
    st.sampled_from(["People", "Process", "Technology", "Environment"]), line
)

incidents = st.builds(
    Incident,
    id=line,
    title=line,
    severity=st.sampled_from(["P0", "P1", "P2", "P3"]),
    status=st.sampled_from(IncidentStatus),
    summary=prose,
    started_at=maybe_instant,
    detected_at=maybe_instant,
    acknowledged_at=maybe_instant,
    mitigated_at=maybe_instant,
    resolved_at=maybe_instant,
    services=st.lists(line, max_size=3),
    tags=st.lists(line, max_size=3),
    commander=maybe,
    author=maybe,
    participants=st.lists(line, max_size=3),
    impact=impacts,
    root_cause=prose,
    root_cause_category=maybe,
    technical_details=prose,
    resolution=prose,
    went_well=st.lists(text, max_size=3),
    went_wrong=st.lists(text, max_size=3),
    lessons=st.lists(text, max_size=3),
    references=st.lists(st.builds(Reference, label=text, url=line), max_size=2),
    restricted=st.booleans(),
    repeat_of=maybe,
    timeline=st.lists(events, max_size=4),
    why_chains=st.lists(
        st.builds(
            WhyChain,
            problem=text,
            steps=st.lists(
                st.builds(WhyStep, answer=text, evidence=st.lists(st.integers(0, 999), max_size=3)),
                max_size=4,
            ),
        ),
        max_size=2,
    ),
    factors=st.lists(
        st.builds(ContributingFactor, category=factor_categories, text=text), max_size=5
    ),
    fault_trees=st.lists(fault_trees, max_size=2),
    actions=action_lists(),
    reviews=st.lists(reviews, max_size=2),
    created_at=maybe_instant,
    drafted_at=maybe_instant,
    published_at=maybe_instant,
    closed_at=maybe_instant,
    version=st.just(0),
)

"""The web layer's plain functions, without HTTP: users, caching,
webhook parsing under arbitrary input."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hindsight.domain.model import Incident
from hindsight.errors import InvalidInput
from hindsight.incidents.alert_groups import alertmanager_batch, pagerduty_batch
from hindsight.store.repo import Store
from hindsight.store.users import add_user, authenticate, create_token, user_for_token
from hindsight.web.cache import TTLCache
from hindsight.web.common import parse_if_match


def test_passwords_are_argon2_and_tokens_resolve(store: Store) -> None:
    with store.session() as s:
        add_user(s, "lena", "correct horse", "editor", actor="t")
    with store.session() as s:
        assert authenticate(s, "lena", "correct horse") is not None
        assert authenticate(s, "lena", "wrong horse!") is None
        assert authenticate(s, "nobody", "correct horse") is None
        from hindsight.store.tables import UserRow

        assert s.get(UserRow, "lena").password_hash.startswith("$argon2id$")  # type: ignore[union-attr]
        token = create_token(s, "lena", "ci", actor="t")
    with store.session() as s:
        user = user_for_token(s, token)
        assert user is not None and user.role == "editor"
        assert user_for_token(s, token + "x") is None


@given(st.text(max_size=12))
def test_if_match_parses_or_says_why(value: str) -> None:
    try:
        parsed = parse_if_match(value)
    except InvalidInput as exc:
        assert exc.field == "If-Match"
    else:
        assert parsed is None or str(parsed) in value


def test_cache_expires_and_evicts() -> None:
    cache = TTLCache(size=2, ttl=60)
    calls: list[int] = []
    for key in (1, 1, 2, 3, 1):
        cache.get_or_compute(key, lambda k=key: calls.append(k) or k)  # type: ignore[func-returns-value]
    assert calls == [1, 2, 3, 1]  # 1 was evicted by 3
    stale = TTLCache(ttl=0)
    stale.get_or_compute("k", lambda: calls.append(9))  # type: ignore[func-returns-value]
    stale.get_or_compute("k", lambda: calls.append(9))  # type: ignore[func-returns-value]
    assert calls.count(9) == 2


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150)
@given(json_values)
def test_webhook_parsers_refuse_junk_with_invalid_input(payload: object) -> None:
    for parse in (alertmanager_batch, pagerduty_batch):
        with contextlib.suppress(InvalidInput):
            parse(payload)


@settings(max_examples=100)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "labels": st.dictionaries(
                    st.sampled_from(["alertname", "severity", "slo", "job"]),
                    st.text(max_size=6),
                    max_size=4,
                ),
                "startsAt": st.sampled_from(
                    [
                        "2025-12-15T22:47:00Z",
                        "0001-01-01T00:00:00Z",
                        "2025-12-15T22:47:00.123456789-05:00",
                    ]
                ),
            }
        ),
        max_size=4,
    )
)
def test_alertmanager_batches_have_aware_times(alerts: list[dict]) -> None:
    payload = {"version": "4", "groupKey": "g", "status": "firing", "alerts": alerts}
    if any(a["startsAt"].startswith("0001") for a in alerts):  # a live alert from year 1
        with pytest.raises(InvalidInput, match="before 2000"):
            alertmanager_batch(payload)
        return
    batch = alertmanager_batch(payload)
    # the importer's reader: an alert re-sent with the same labels and start is one event
    distinct = {(tuple(sorted(a["labels"].items())), a["startsAt"]) for a in alerts}
    assert len(batch.events) == len(distinct)
    assert all(e.at.tzinfo is not None for e in batch.events)


def test_confirmed_milestones_are_not_proposed_again() -> None:
    from hindsight.domain.model import Milestone
    from hindsight.ingest.milestones import MilestoneProposal
    from hindsight.web.pages_incident import unconfirmed

    at = datetime(2025, 12, 15, 22, 50, tzinfo=UTC)
    incident = Incident(id="INC-2025-12-15", title="x", detected_at=at)
    same = MilestoneProposal(Milestone.DETECTED, at, None, "first alert")
    other = MilestoneProposal(Milestone.DETECTED, at.replace(minute=55), None, "page")
    unset = MilestoneProposal(Milestone.MITIGATED, at.replace(hour=23), None, "rollback")
    assert unconfirmed(incident, [same, other, unset]) == [other, unset]


@pytest.mark.parametrize(
    ("trend", "words"),
    [
        ("better", "better than before"),
        ("worse", "worse than before"),
        ("flat", "same as before"),
        (None, ""),
    ],
)
def test_metric_trends_read_as_sentences(trend: str | None, words: str) -> None:
    from hindsight.web.pages import trend_words

    assert trend_words(trend) == words

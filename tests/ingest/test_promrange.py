"""Prometheus query_range: only changes become events."""

from __future__ import annotations

import random

from hindsight.domain.model import EventKind
from hindsight.ingest.promrange import change_points
from tests.ingest.conftest import DATA
from tests.ingest.helpers import read


def test_level_shift_and_recovery_in_words() -> None:
    importer, records, malformed, _ = read(DATA / "api-5xx-query_range.json")
    assert importer.NAME == "prometheus" and not malformed
    assert len(records) == 2  # the flat CPU series says nothing
    rise, fall = records
    assert rise.kind is EventKind.METRIC and rise.key
    assert "rose from 0.2/s to" in rise.text and "at 22:47" in rise.text
    assert "fell from" in fall.text and "at 23:15" in fall.text


def test_noise_alone_is_not_a_change() -> None:
    rng = random.Random(3)
    for _ in range(5):
        values = [100 + rng.gauss(0, 2) for _ in range(120)]
        assert change_points(values) == []


def test_spike_has_two_edges() -> None:
    values = [1.0] * 30 + [50.0] * 4 + [1.0] * 30
    found = change_points(values)
    assert [index for index, _, _ in found] == [30, 34]

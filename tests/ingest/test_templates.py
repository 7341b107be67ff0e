"""Masking and template mining, including the Loghub grouping-accuracy bar (mean ≥ 0.90)."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from hindsight.ingest.templates import mask, mine
from tests.conftest import shared_data

BENCH = Path(__file__).resolve().parents[2] / "bench" / "template_accuracy.py"


def test_mask_replaces_ids_ips_numbers_and_hex() -> None:
    masked = mask(
        "upstream connect error to 10.0.3.7:8080 req=3f9a2c1b7e uuid "
        "123e4567-e89b-12d3-a456-426614174000 took 1534ms code 0x1F retries 3"
    )
    assert masked == (
        "upstream connect error to <IP>:<PORT> req=<HEX> uuid <UUID> took <QTY> code <HEX> "
        "retries <NUM>"
    )


def test_mask_keeps_words_and_class_names() -> None:
    text = "PacketResponder terminating in dfs.DataNode$PacketResponder"
    assert mask(text) == text


@given(st.ip_addresses(v=4), st.integers(1, 65535), st.integers(0, 10**9))
def test_masked_messages_of_one_statement_are_equal(ip: object, port: int, n: int) -> None:
    assert mask(f"connect to {ip}:{port} failed after {n} tries") == mask(
        "connect to 10.0.0.1:80 failed after 7 tries"
    )


def test_mine_generalises_a_many_valued_word_but_splits_a_few_valued_one() -> None:
    messages = Counter(
        [mask(f"session opened for user {u}") for u in ("alice", "bob", "carol", "dave", "eve")]
        + [mask("disk full on /var"), mask("disk full on /tmp")] * 3
    )
    templates = mine(messages)
    assert templates[mask("session opened for user bob")] == "session opened for user <*>"
    assert templates[mask("disk full on /var")] == "disk full on /var"
    assert len(set(templates.values())) == 3


def test_mine_separates_statements_that_differ_in_a_constant_word() -> None:
    messages = Counter({"Connection closed": 40, "Connection reset": 30, "Connection refused": 30})
    assert len(set(mine(messages).values())) == 3


def _bench_module() -> object:
    spec = importlib.util.spec_from_file_location("template_accuracy", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_grouping_accuracy_on_loghub_beats_drain() -> None:
    root = shared_data("loghub_2k")
    result = _bench_module().evaluate(root)  # type: ignore[attr-defined]
    assert len(result["per_system"]) == 16
    assert result["mean"] >= 0.90, result["per_system"]


def test_grouping_accuracy_metric_is_exact_set_equality() -> None:
    module = _bench_module()
    truth = ["a", "a", "b", "b"]
    assert module.grouping_accuracy(truth, ["x", "x", "y", "y"]) == 1.0  # type: ignore[attr-defined]
    assert module.grouping_accuracy(truth, ["x", "x", "x", "y"]) == 0.0  # type: ignore[attr-defined]
    assert module.grouping_accuracy(truth, ["x", "x", "y", "z"]) == 0.5  # type: ignore[attr-defined]

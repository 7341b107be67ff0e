"""Condensation: many lines → few events, with key events for new errors, level rises, bursts."""

from __future__ import annotations

from datetime import UTC, datetime

from hindsight.ingest.condense import Aggregate, condensed_events
from hindsight.ingest.records import Malformed, Record

T0 = datetime(2025, 12, 15, 22, 40, tzinfo=UTC).timestamp()


def _lines() -> list[Record | Malformed]:
    items: list[Record | Malformed] = []
    n = 0
    for second in range(0, 1800, 2):  # 30 minutes of steady INFO
        n += 1
        items.append(Record(n, T0 + second, f"GET /api/cart/{n} 200 in {n % 90}ms", "INFO", "api"))
    for i in range(12431):  # an error storm from 22:47:03, 4 a second → a burst
        n += 1
        items.append(
            Record(
                n,
                T0 + 423 + i * 0.25,
                f"upstream connect error to 10.0.{i % 7}.{i % 200}:8080",
                "ERROR",
                "checkout",
            )
        )
    items.append(Malformed(n + 1, "not JSON"))
    return items


def test_storm_condenses_to_a_handful_of_events() -> None:
    aggregate = Aggregate()
    aggregate.add_all(_lines())
    events = condensed_events(
        aggregate, source="jsonl:app", evidence="ab" * 32, format_name="jsonl"
    )
    assert aggregate.malformed == 1 and aggregate.lines == 900 + 12431 + 1
    assert len(events) <= 4
    storm = next(e for e in events if e.level == "ERROR" and "burst" not in e.text)
    assert storm.text.startswith("ERROR upstream connect error to <IP>:<PORT> ×12,431 22:47:03–")
    assert storm.count == 12431 and storm.key and storm.service == "checkout"
    assert storm.last_at is not None and storm.at < storm.last_at
    # a sample spread over the storm: the first line of each of its first 20 minutes
    sample = storm.detail["lines"]
    assert sample[0] == 901 and sample == sorted(set(sample)) and len(sample) == 20
    info = next(e for e in events if e.level == "INFO")
    assert info.count == 900 and not info.key
    assert info.template == "GET /api/cart/<NUM> <NUM> in <QTY>"


def test_level_rise_and_burst_are_key() -> None:
    items: list[Record | Malformed] = []
    for minute in range(20):
        items.append(Record(minute + 1, T0 + minute * 60, "cache warm", "INFO", "api"))
        rate = 2 if minute < 10 else 80
        for k in range(rate):
            items.append(
                Record(
                    100 + minute * 100 + k,
                    T0 + minute * 60 + k * 0.5,
                    f"slow query took {k}ms",
                    "WARN",
                    "api",
                )
            )
    aggregate = Aggregate()
    aggregate.add_all(items)
    events = condensed_events(aggregate, source="s", evidence=None, format_name="jsonl")
    warn = next(e for e in events if e.level == "WARN" and "burst" not in e.text)
    assert "api: first WARN" in warn.detail["reasons"] and warn.key
    burst = next(e for e in events if "burst" in e.text)
    assert burst.key and burst.at == datetime(2025, 12, 15, 22, 50, tzinfo=UTC)
    assert "rose from 2/min to 80/min" in burst.text


def test_clock_offset_moves_every_time_back() -> None:
    aggregate = Aggregate(clock_offset=180.0)
    aggregate.add_all([Record(1, T0 + 180, "hello", "INFO", "a")])
    (event,) = condensed_events(aggregate, source="s", evidence=None, format_name="jsonl")
    assert event.at == datetime.fromtimestamp(T0, UTC)


def test_parallel_halves_merge_to_the_same_result() -> None:
    items = _lines()
    whole = Aggregate()
    whole.add_all(items)
    first, second = Aggregate(), Aggregate()
    first.add_all(items[:5000])
    second.add_all([i._replace(line=i.line - 5000) for i in items[5000:]])
    first.merge(second, 5000)
    a = condensed_events(whole, source="s", evidence=None, format_name="jsonl")
    b = condensed_events(first, source="s", evidence=None, format_name="jsonl")
    assert [(e.text, e.count, e.detail["lines"]) for e in a] == [
        (e.text, e.count, e.detail["lines"]) for e in b
    ]


def test_free_text_cannot_grow_memory_without_bound(monkeypatch: object) -> None:
    from hindsight.ingest import condense

    monkeypatch.setattr(condense, "GROUP_CAP", 50)  # type: ignore[attr-defined]
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
    items = [
        Record(
            n,
            T0 + n,
            f"user wrote {words[n % 8]} {words[n // 8 % 8]} {words[n // 64 % 8]}",
            "INFO",
            "chat",
        )
        for n in range(1, 513)
    ]
    aggregate = Aggregate()
    aggregate.add_all(items)
    assert len(aggregate.groups) <= 50 + 8 * 8  # past the cap: one group per 4-word prefix
    assert any(key[2].endswith(" …") for key in aggregate.groups)
    assert sum(g[0] for g in aggregate.groups.values()) == 512

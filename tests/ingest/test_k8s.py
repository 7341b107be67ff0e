"""Kubernetes events: the List, the watch stream and the table."""

from __future__ import annotations

from datetime import UTC, datetime

from hindsight.domain.model import EventKind
from tests.conftest import shared_data
from tests.ingest.conftest import DATA
from tests.ingest.helpers import read


def test_list_and_watch_stream_read_the_same_events() -> None:
    _, listed, bad1, _ = read(DATA / "k8s-events-list.json")
    importer, watched, bad2, _ = read(DATA / "k8s-events-watch.json")
    assert importer.NAME == "k8s" and not bad1 and not bad2
    assert [r.text for r in listed] == [r.text for r in watched]
    unhealthy = next(r for r in watched if r.text.startswith("Unhealthy"))
    assert unhealthy.level == "WARN" and unhealthy.key
    assert unhealthy.detail["count"] == 57  # type: ignore[index]
    assert unhealthy.detail["last_at"] == datetime(2025, 12, 15, 23, 10, 2, tzinfo=UTC).timestamp()  # type: ignore[index]
    rollout = [r for r in watched if r.kind is EventKind.DEPLOY]
    assert len(rollout) == 2 and rollout[0].service == "api"


def test_watch_line_numbers_point_at_each_object() -> None:
    _, watched, _, _ = read(DATA / "k8s-events-watch.json")
    text = (DATA / "k8s-events-watch.json").read_text().splitlines()
    assert all(text[r.line - 1] == "{" for r in watched)
    assert len({r.line for r in watched}) == 5


def test_table_ages_are_anchored_to_the_reference_time() -> None:
    saved = datetime(2025, 12, 15, 23, 14, 30, tzinfo=UTC)
    _, records, malformed, options = read(DATA / "k8s-events-table.txt", reference_time=saved)
    assert records[0].at == saved.timestamp() - 32 * 60
    assert records[2].at == saved.timestamp() - 12 * 60 - 30
    assert records[1].level == "WARN" and records[1].service == "api"
    assert [m.line for m in malformed] == [6] and "<unknown>" in malformed[0].reason
    assert any("anchored" in w for w in options.warnings)


def test_real_rollout_event_lists() -> None:
    folder = shared_data("k8s_events", "kspan")
    for path in sorted(folder.glob("*.json")):
        importer, records, malformed, _ = read(path)
        assert importer.NAME == "k8s", path
        assert records and not malformed, path
        assert any(r.kind is EventKind.DEPLOY for r in records) or all(r.text for r in records)


def test_old_kubectl_table_with_kind_and_name_columns(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "events-old.txt"
    cells = [
        ("LAST SEEN", "1m"),
        ("FIRST SEEN", "5m"),
        ("COUNT", "12"),
        ("NAME", "api-7d9f8b6c4-x2x9z.17a1"),
        ("KIND", "Pod"),
        ("SUBOBJECT", "spec.containers{api}"),
        ("TYPE", "Warning"),
        ("REASON", "BackOff"),
        ("SOURCE", "kubelet, node-3"),
        ("MESSAGE", "Back-off restarting failed container"),
    ]
    widths = [max(len(h), len(v)) + 3 for h, v in cells]
    header = "".join(h.ljust(w) for (h, _), w in zip(cells, widths, strict=True)).rstrip()
    row = "".join(v.ljust(w) for (_, v), w in zip(cells, widths, strict=True)).rstrip()
    path.write_text(header + "\n" + row + "\n")
    saved = datetime(2025, 12, 15, 23, 0, tzinfo=UTC)
    _, records, malformed, _ = read(path, reference_time=saved)
    # the event's time is its first sighting (FIRST SEEN), as for JSON's firstTimestamp
    assert not malformed and records[0].at == saved.timestamp() - 300
    assert records[0].detail["last_at"] == saved.timestamp() - 60
    assert records[0].text.startswith("BackOff Pod/api-7d9f8b6c4-x2x9z.17a1: Back-off")

"""Drill-down from an event to its raw lines, read back from the evidence blob."""

from __future__ import annotations

import json
from pathlib import Path

from hindsight.ingest.drill import matches, raw_lines
from hindsight.ingest.service import ingest_paths
from hindsight.store.repo import Store
from hindsight.workspace import Workspace
from tests.ingest.conftest import DATA, INCIDENT


def test_condensed_event_drills_to_exactly_its_lines(ws: tuple[Workspace, Store]) -> None:
    workspace, store = ws
    ingest_paths(workspace, store, INCIDENT, [DATA / "checkout.jsonl"])
    storm = next(e for e in store.get(INCIDENT).timeline if e.level == "ERROR")
    lines = list(raw_lines(workspace, store, storm))
    assert len(lines) == storm.count == 280
    assert all(name == "checkout.jsonl" for name, _, _ in lines)
    source = (DATA / "checkout.jsonl").read_text().splitlines()
    for _, number, text in lines:
        assert text == source[number - 1]
        assert "upstream connect error" in json.loads(text)["msg"]
    numbers = [n for _, n, _ in lines]
    assert set(storm.detail["lines"]) <= set(numbers) and storm.detail["lines"][0] == numbers[0]


def test_discrete_event_and_gzip_and_slack(ws: tuple[Workspace, Store], tmp_path: Path) -> None:
    workspace, store = ws
    ingest_paths(
        workspace,
        store,
        INCIDENT,
        [DATA / "deploy-repo.gitlog", DATA / "checkout.jsonl.gz", DATA / "slack-export"],
    )
    timeline = store.get(INCIDENT).timeline
    merge = next(e for e in timeline if e.text.startswith("merge:"))
    lines = list(raw_lines(workspace, store, merge))
    assert lines[0][2].startswith("commit 9f1c2d3e") and len(lines) == 10
    gz_info = next(e for e in timeline if e.source.endswith(".gz") and e.level == "INFO")
    assert len(list(raw_lines(workspace, store, gz_info))) == gz_info.count
    chat = next(e for e in timeline if "rolling back" in e.text)
    ((member, _, text),) = list(raw_lines(workspace, store, chat))
    assert member.endswith("2025-12-15.json") and "rolling back" in text


def test_matches() -> None:
    assert matches("upstream connect error to <IP>:<PORT>", "upstream connect error to 10.1.1.1:80")
    assert not matches(
        "upstream connect error to <IP>:<PORT>", "upstream connect ok to 10.1.1.1:80"
    )
    assert matches("session opened for user <*>", "session opened for user bob")


def test_csv_with_a_named_time_column_drills_down(
    ws: tuple[Workspace, Store], tmp_path: Path
) -> None:
    from hindsight.ingest.service import IngestOptions

    workspace, store = ws
    path = tmp_path / "jobs.csv"
    rows = [f"2025-12-15T22:{m:02d}:00Z,batch,job {m} failed with exit 137" for m in range(12)]
    path.write_text("started_utc,queue,message\n" + "\n".join(rows) + "\n")
    ingest_paths(workspace, store, INCIDENT, [path], IngestOptions(time_column="started_utc"))
    (event,) = store.get(INCIDENT).timeline
    assert event.count == 12 and event.detail["format"] == "csv"
    assert [n for _, n, _ in raw_lines(workspace, store, event)] == list(range(2, 14))

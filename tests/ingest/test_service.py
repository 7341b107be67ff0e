"""ingest_paths end to end: evidence, idempotency, one transaction per file, skew, bad input."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hindsight.errors import InvalidInput, NotFound
from hindsight.ingest import service
from hindsight.ingest.evidence import blob_path
from hindsight.ingest.service import IngestOptions, ingest_paths
from hindsight.store.repo import Store, list_evidence
from hindsight.workspace import Workspace
from tests.ingest.conftest import DATA, INCIDENT

Opened = tuple[Workspace, Store]


def test_import_stores_events_and_evidence_once(ws: Opened) -> None:
    workspace, store = ws
    report = ingest_paths(workspace, store, INCIDENT, [DATA / "checkout.jsonl"])
    (file,) = report.files
    assert file.status == "imported" and file.format == "jsonl"
    assert file.malformed == 2 and file.malformed_examples[0].startswith("checkout.jsonl:51: ")
    assert file.implausible == {"in the future": 1}
    incident = store.get(INCIDENT)
    storm = next(e for e in incident.timeline if e.level == "ERROR")
    assert storm.count == 280 and storm.evidence == file.sha256 and storm.id is not None
    assert storm.template == "upstream connect error to <IP>:<PORT> after <QTY>"
    assert (
        blob_path(workspace.evidence_dir, file.sha256).read_bytes()
        == (DATA / "checkout.jsonl").read_bytes()
    )
    with store.session() as s:
        (evidence,) = list_evidence(s, INCIDENT)
    assert evidence.added_by == "tester" and evidence.origin.endswith("checkout.jsonl")
    again = ingest_paths(workspace, store, INCIDENT, [DATA / "checkout.jsonl"])
    assert again.files[0].status == "already imported"
    assert len(store.get(INCIDENT).timeline) == len(incident.timeline)


def test_one_implausible_time_is_reported_in_the_singular(ws: Opened) -> None:
    workspace, store = ws
    (file,) = ingest_paths(workspace, store, INCIDENT, [DATA / "checkout.jsonl"]).files
    assert any(w.startswith("1 time looks wrong (in the future: 1)") for w in file.warnings)


def test_the_time_span_leaves_out_implausible_times(ws: Opened) -> None:
    workspace, store = ws
    (file,) = ingest_paths(workspace, store, INCIDENT, [DATA / "checkout.jsonl"]).files
    stored = [e.at for e in store.get(INCIDENT).timeline]
    assert file.outside_span == 1 and max(stored).year == 2032  # the event is kept, as it is
    assert file.first_at == min(stored)
    assert file.last_at is not None and file.last_at.year == file.first_at.year == 2025


def test_naive_times_use_the_option_zone(ws: Opened) -> None:
    workspace, store = ws
    report = ingest_paths(
        workspace,
        store,
        INCIDENT,
        [DATA / "inventory-python.log"],
        IngestOptions(tz="Europe/Paris"),
    )
    assert (report.timezone, report.timezone_origin) == ("Europe/Paris", "--tz")
    first = min(e.at for e in store.get(INCIDENT).timeline)
    assert first == datetime(2025, 12, 15, 22, 40, tzinfo=UTC)


def test_clock_offset_and_skew_estimate(ws: Opened, tmp_path: Path) -> None:
    workspace, store = ws
    report = ingest_paths(
        workspace, store, INCIDENT, [DATA / "checkout.jsonl", DATA / "gateway.jsonl"]
    )
    (skew,) = report.skew
    assert skew.other.endswith("gateway.jsonl") and 170 < skew.seconds < 190
    assert "--clock-offset +180s" in skew.advice
    fixed = ingest_paths(
        workspace, store, INCIDENT, [DATA / "gateway.jsonl"], IngestOptions(clock_offset="+3m")
    )
    assert fixed.files[0].status == "re-imported"
    assert fixed.files[0].first_at == datetime(2025, 12, 15, 22, 39, 59, 800000, tzinfo=UTC)


def test_unrecognised_file_names_every_format_tried(ws: Opened, tmp_path: Path) -> None:
    workspace, store = ws
    odd = tmp_path / "notes.txt"
    odd.write_text("we should check the dashboards\nand the runbook\n")
    report = ingest_paths(workspace, store, INCIDENT, [odd, DATA / "access.log"])
    failed, ok = report.files
    assert failed.status == "failed" and ok.status == "imported"
    for name in (
        "jsonl:",
        "text:",
        "csv:",
        "k8s:",
        "alertmanager:",
        "pagerduty:",
        "slack:",
        "git:",
        "prometheus:",
    ):
        assert name in (failed.error or ""), name
    assert "--format" in (failed.error or "")


def test_crash_mid_store_leaves_nothing_and_rerun_completes(
    ws: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace, store = ws
    from hindsight.store import evidence as stored

    real = stored.store_events

    def crash(session: object, incident_id: str, events: list) -> None:  # type: ignore[type-arg]
        real(session, incident_id, events[: len(events) // 2])
        raise KeyboardInterrupt

    monkeypatch.setattr(stored, "store_events", crash)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(workspace, store, INCIDENT, [DATA / "k8s-events-list.json"])
    assert store.get(INCIDENT).timeline == []
    with store.session() as s:
        assert list_evidence(s, INCIDENT) == []
    monkeypatch.setattr(stored, "store_events", real)
    report = ingest_paths(workspace, store, INCIDENT, [DATA / "k8s-events-list.json"])
    assert report.files[0].status == "imported" and len(store.get(INCIDENT).timeline) == 5


def test_folder_of_files_and_unknown_incident(ws: Opened, tmp_path: Path) -> None:
    workspace, store = ws
    folder = tmp_path / "dump"
    folder.mkdir()
    shutil.copy(DATA / "alertmanager-webhooks.jsonl", folder)
    shutil.copy(DATA / "pagerduty-webhooks.jsonl", folder)
    report = ingest_paths(workspace, store, INCIDENT, [folder])
    assert [f.format for f in report.files] == ["alertmanager", "pagerduty"]
    with pytest.raises(NotFound):
        ingest_paths(workspace, store, "INC-1999-01-01", [folder])
    with pytest.raises(InvalidInput, match="no such file"):
        ingest_paths(workspace, store, INCIDENT, [tmp_path / "missing.log"])


def test_a_folders_unrecognised_files_are_skipped_with_a_short_reason(
    ws: Opened, tmp_path: Path
) -> None:
    """A folder holds READMEs, screenshots and notes next to its logs: those are skipped (one
    short reason each), not failures, so the import of the evidence counts as done."""
    workspace, store = ws
    folder = tmp_path / "dump"
    folder.mkdir()
    shutil.copy(DATA / "alertmanager-webhooks.jsonl", folder)
    (folder / "notes.txt").write_text("we should check the dashboards\nand the runbook\n")
    (folder / "shot.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (folder / "empty.log").write_text("")
    report = ingest_paths(workspace, store, INCIDENT, [folder])
    assert [(Path(f.path).name, f.status) for f in report.files] == [
        ("alertmanager-webhooks.jsonl", "imported"),
        ("empty.log", "skipped"),
        ("notes.txt", "skipped"),
        ("shot.png", "skipped"),
    ]
    reasons = {Path(f.path).name: f.error for f in report.skipped}
    assert reasons == {
        "empty.log": "empty file",
        "notes.txt": "format not recognised",
        "shot.png": "binary file (not text)",
    }
    assert report.failed == [] and report.complete


def test_a_folder_with_nothing_to_import_is_not_complete(ws: Opened, tmp_path: Path) -> None:
    workspace, store = ws
    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "notes.txt").write_text("we should check the dashboards\nand the runbook\n")
    report = ingest_paths(workspace, store, INCIDENT, [folder])
    assert [f.status for f in report.files] == ["skipped"] and not report.complete
    again = ingest_paths(workspace, store, INCIDENT, [DATA / "access.log", folder])
    assert again.complete  # one file imported: the skipped one does not spoil it
    twice = ingest_paths(workspace, store, INCIDENT, [DATA / "access.log", folder])
    assert twice.complete  # already imported is done, too


def test_a_file_named_directly_is_never_skipped(ws: Opened, tmp_path: Path) -> None:
    """Named by the user, an unknown file is a failure naming every format tried (see above)."""
    workspace, store = ws
    odd = tmp_path / "notes.txt"
    odd.write_text("we should check the dashboards\nand the runbook\n")
    report = ingest_paths(workspace, store, INCIDENT, [odd, DATA / "access.log"])
    assert [f.status for f in report.files] == ["failed", "imported"] and not report.complete


def test_an_empty_folder_is_refused_not_silently_skipped(ws: Opened, tmp_path: Path) -> None:
    workspace, store = ws
    empty = tmp_path / "captures"
    (empty / ".cache").mkdir(parents=True)  # only hidden entries: nothing to import either
    with pytest.raises(InvalidInput, match=r"captures: folder holds no files to import"):
        ingest_paths(workspace, store, INCIDENT, [empty])


def test_a_missing_path_is_refused_before_any_file_is_stored(ws: Opened, tmp_path: Path) -> None:
    """`ingest INC good.jsonl typo.jsonl` must not import the first file and then fail: the
    user would re-run with the typo fixed and be told the first is 'already imported'."""
    workspace, store = ws
    with pytest.raises(InvalidInput, match=r"typo\.jsonl: no such file"):
        ingest_paths(
            workspace,
            store,
            INCIDENT,
            [DATA / "alertmanager-webhooks.jsonl", tmp_path / "typo.jsonl"],
        )
    assert store.get(INCIDENT).timeline == []
    with store.session() as s:
        assert list_evidence(s, INCIDENT) == []


def test_a_log_that_is_not_utf8_is_imported_with_a_warning_naming_the_line(
    ws: Opened, tmp_path: Path
) -> None:
    workspace, store = ws
    path = tmp_path / "legacy.log"
    path.write_bytes(
        b"2025-12-15T22:47:00Z INFO api: started\n"
        + "2025-12-15T22:47:01Z ERROR api: d\u00e9faillance\n".encode("latin-1")
    )
    (file,) = ingest_paths(workspace, store, INCIDENT, [path]).files
    assert file.status == "imported"
    assert any(w.startswith("legacy.log:2: not UTF-8 (byte 0xe9)") for w in file.warnings)


def test_parallel_read_matches_serial(ws: Opened, tmp_path: Path) -> None:
    _workspace, _store = ws
    big = tmp_path / "big.jsonl"
    big.write_bytes((DATA / "checkout.jsonl").read_bytes() * 3)
    source = service.Source(big, big.name)
    module = service.registry.by_name("jsonl")
    options = service.ParseOptions()
    size = big.stat().st_size
    serial = service._aggregate(module, source, size, options, 0.0, IngestOptions(workers=1), "big")
    parallel = service._aggregate(
        module, source, size, options, 0.0, IngestOptions(workers=2), "big"
    )
    assert serial.lines == parallel.lines and serial.malformed == parallel.malformed
    assert serial.malformed_examples == parallel.malformed_examples
    assert {k: g[:4] for k, g in serial.groups.items()} == {
        k: g[:4] for k, g in parallel.groups.items()
    }


def test_reimport_with_new_offset_replaces_events(ws: Opened) -> None:
    workspace, store = ws
    ingest_paths(workspace, store, INCIDENT, [DATA / "gateway.jsonl"])
    before = store.get(INCIDENT).timeline
    ingest_paths(
        workspace, store, INCIDENT, [DATA / "gateway.jsonl"], IngestOptions(clock_offset="+3m")
    )
    after = store.get(INCIDENT).timeline
    assert len(after) == len(before) == 1
    assert (before[0].at - after[0].at).total_seconds() == 180
    with store.session() as s:
        (evidence,) = list_evidence(s, INCIDENT)
    assert evidence.clock_offset_seconds == 180


def _timeline(store: Store, incident: str) -> list[tuple[object, ...]]:
    return [
        (e.at, e.text, e.count, e.key, e.level, e.service, e.last_at, e.detail.get("lines"))
        for e in store.get(incident).timeline
    ]


def test_big_log_is_read_once_by_columns_into_the_same_timeline(
    ws: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    from hindsight.domain.model import Incident

    workspace, store = ws
    store.add(Incident(id="INC-2025-12-16", title="same file, line reader"), "tester")
    lines = ingest_paths(
        workspace, store, "INC-2025-12-16", [DATA / "checkout.jsonl"], IngestOptions(columnar=False)
    )
    used: list[str] = []
    real = service.columnar_reader.aggregate

    def spy(*args: object, **kwargs: object) -> object:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        used.append("columns" if found is not None else "lines")
        return found

    monkeypatch.setattr(service, "COLUMNAR_MIN_BYTES", 1)  # "big": copied while it is parsed
    monkeypatch.setattr(service.columnar_reader, "aggregate", spy)
    report = ingest_paths(workspace, store, INCIDENT, [DATA / "checkout.jsonl"])
    (file,) = report.files
    assert used == ["columns"] and file.status == "imported"
    original = (DATA / "checkout.jsonl").read_bytes()
    assert file.sha256 == hashlib.sha256(original).hexdigest() == lines.files[0].sha256
    assert blob_path(workspace.evidence_dir, file.sha256).read_bytes() == original
    assert (file.lines, file.malformed, file.malformed_examples, file.implausible) == (
        lines.files[0].lines,
        lines.files[0].malformed,
        lines.files[0].malformed_examples,
        lines.files[0].implausible,
    )
    assert _timeline(store, INCIDENT) == _timeline(store, "INC-2025-12-16")
    assert not list(workspace.evidence_dir.glob(".incoming-*"))
    again = ingest_paths(workspace, store, INCIDENT, [DATA / "checkout.jsonl"])
    assert again.files[0].status == "already imported" and used == ["columns"]


def test_big_file_of_another_shape_or_compressed_is_copied_then_read(
    ws: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace, store = ws
    monkeypatch.setattr(service, "COLUMNAR_MIN_BYTES", 1)
    names = ["payments-5424.log", "k8s-events-list.json", "checkout.jsonl.gz"]
    report = ingest_paths(workspace, store, INCIDENT, [DATA / name for name in names])
    assert [f.status for f in report.files] == ["imported"] * 3
    for file, name in zip(report.files, names, strict=True):
        blob = blob_path(workspace.evidence_dir, file.sha256 or "")
        assert blob.read_bytes() == (DATA / name).read_bytes() and file.events > 0
    assert not list(workspace.evidence_dir.glob(".incoming-*"))


def test_interrupted_big_import_leaves_no_blob_and_no_events(
    ws: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace, store = ws
    monkeypatch.setattr(service, "COLUMNAR_MIN_BYTES", 1)

    def interrupted(*args: object, **kwargs: object) -> None:
        tee = kwargs["tee"]
        tee(b"half a file")  # type: ignore[operator]
        raise KeyboardInterrupt

    monkeypatch.setattr(service.columnar_reader, "aggregate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(workspace, store, INCIDENT, [DATA / "checkout.jsonl"])
    assert store.get(INCIDENT).timeline == []
    assert not [p for p in workspace.evidence_dir.rglob("*") if p.is_file()]


def test_one_cut_message_is_reported_in_the_singular(ws: Opened, tmp_path: Path) -> None:
    workspace, store = ws
    log = tmp_path / "long.jsonl"
    log.write_text('{"ts": "2025-12-15T22:40:00Z", "msg": "' + "x" * 70_000 + '"}\n')
    (file,) = ingest_paths(workspace, store, INCIDENT, [log]).files
    assert any(w.startswith("1 message longer than 64 KiB was cut") for w in file.warnings)

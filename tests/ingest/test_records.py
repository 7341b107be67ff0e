"""Source and Sample: what every importer is given to recognise and read a file."""

from __future__ import annotations

import json
from pathlib import Path

from hindsight.ingest import registry
from hindsight.ingest.records import SAMPLE_BYTES, Source


def test_a_json_log_whose_first_line_is_longer_than_the_sample_is_recognised(
    tmp_path: Path,
) -> None:
    """A stack trace in the first line of a JSON log made it "format not recognised": the
    sample held only the start of that line, which is not JSON on its own."""
    trace = "Traceback (most recent call last):\\n" + "  at frame\\n" * (SAMPLE_BYTES // 8)
    first = {
        "msg": "worker crashed",
        "stack": trace,
        "level": "ERROR",
        "ts": "2025-12-15T22:47:00Z",
    }
    second = {"msg": "worker restarted", "level": "INFO", "ts": "2025-12-15T22:47:05Z"}
    path = tmp_path / "worker.jsonl"
    path.write_text(json.dumps(first) + "\n" + json.dumps(second) + "\n", encoding="utf-8")
    sample = Source(path, path.name).sample()
    assert len(sample.lines) == 2
    assert registry.detect(sample).NAME == "jsonl"


def test_a_single_line_longer_than_the_sample_is_whole_in_the_sample(tmp_path: Path) -> None:
    line = json.dumps({"ts": "2025-12-15T22:47:00Z", "msg": "x" * (3 * SAMPLE_BYTES)})
    path = tmp_path / "one.jsonl"
    path.write_text(line, encoding="utf-8")  # no final newline
    assert Source(path, path.name).sample().lines == [line]


def test_the_first_byte_that_is_not_utf8_is_located_by_line(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    path.write_bytes(
        b"2025-12-15T22:47:00Z INFO api: started\n"
        + "2025-12-15T22:47:01Z ERROR api: caf\u00e9 ferm\u00e9\n".encode("latin-1")
    )
    assert Source(path, path.name).first_undecodable() == (2, 0xE9)
    good = tmp_path / "ok.log"
    good.write_text("2025-12-15T22:47:00Z INFO api: caf\u00e9 \u2014 ok\n", encoding="utf-8")
    assert Source(good, good.name).first_undecodable() is None
    assert Source(tmp_path, "folder").first_undecodable() is None


def test_a_truncated_gz_leaves_its_damage_to_the_reader(tmp_path: Path) -> None:
    import gzip

    whole = gzip.compress(b"2025-12-15T22:47:00Z INFO api: started\n" * 2000)
    path = tmp_path / "app.log.gz"
    path.write_bytes(whole[: len(whole) // 2])
    assert Source(path, path.name).first_undecodable() is None

"""bench/blame_blind_eval.py: scores a blind set by totals, and names the line of a bad row."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import blame_blind_eval as bench  # noqa: E402


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_totals_count_blame_and_mild_as_positives(tmp_path: Path) -> None:
    rows = [
        {
            "text": "The on-call engineer forgot to renew the certificate.",
            "label": "blame",
            "genre": "news",
        },
        {"text": "Human error caused the outage.", "label": "mild", "genre": "news"},
        {"text": "The disk filled up at 03:10.", "label": "none", "genre": "blog"},
        # labelled blame here only to give the scorer a miss to count
        {"text": "The team rolled back the release at 14:05.", "label": "blame", "genre": "blog"},
    ]
    figures = bench.score_set(bench.read_set(_write(tmp_path / "set.jsonl", rows)))
    default = figures[f"min_confidence_{bench.DEFAULT_MIN_CONFIDENCE}"]
    assert (default["tp"], default["fp"], default["fn"]) == (2, 0, 1)
    assert default["precision"] == 1.0 and default["recall"] == 0.667
    assert figures["by_genre"]["news"] == {"tp": 2}
    assert figures["by_genre"]["blog"] == {"fn": 1, "tn": 1}


def test_the_script_prints_no_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = "The storage vendor quietly ignored our three tickets."
    path = _write(tmp_path / "held.jsonl", [{"text": secret, "label": "blame", "genre": "forum"}])
    assert bench.main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "recall" in out and secret not in out and "ignored" not in out


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "set.jsonl:2: not JSON"),
        ('{"label": "blame"}', "set.jsonl:2: field 'text'"),
        ('{"text": "x y z w", "label": "maybe"}', "set.jsonl:2: field 'label'"),
    ],
)
def test_a_bad_row_is_named_by_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, message: str
) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text('{"text": "a b c d", "label": "none"}\n' + line + "\n", encoding="utf-8")
    assert bench.main([str(path)]) == 2
    assert message in capsys.readouterr().err


def test_an_empty_set_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n", encoding="utf-8")
    assert bench.main([str(path)]) == 2
    assert "no sentences" in capsys.readouterr().err

"""CSV with a header row."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hindsight.errors import InvalidInput
from tests.ingest.conftest import DATA
from tests.ingest.helpers import read


def test_time_level_message_columns_found_by_name() -> None:
    importer, records, malformed, _ = read(DATA / "db-events.csv")
    assert importer.NAME == "csv"
    assert len(records) == 40 and [m.line for m in malformed] == [6]
    assert records[0].at == datetime(2025, 12, 15, 22, 40, tzinfo=UTC).timestamp()
    assert records[0].service == "db-0" and records[0].level == "INFO"
    assert "checkpoint complete" in records[0].text


def test_time_column_option(tmp_path: Path) -> None:
    path = tmp_path / "deploys.csv"
    path.write_text("when_utc,what,timestamp_note\n2025-12-15T22:45:00Z,deploy v2.42,n/a\n")
    with pytest.raises(InvalidInput, match="time column"):
        from hindsight.ingest import csvlog
        from hindsight.ingest.records import ParseOptions, Source

        list(csvlog.parse(Source(path, path.name), ParseOptions(time_column="nope")))
    path.write_text("time,what\n2025-12-15T22:45:00Z,deploy v2.42\n")
    _, records, _, _ = read(path)
    assert records[0].text == "what=deploy v2.42"


def test_a_row_opened_by_an_unclosed_quote_is_reported_at_the_line_it_starts(
    tmp_path: Path,
) -> None:
    """The quote opened on line 3 swallows line 4; the row ended on line 5 and was reported
    there, two lines below the mistake."""
    path = tmp_path / "db.csv"
    path.write_text(
        "timestamp,host,severity,message\n"
        "2025-12-15 22:40:00,db-0,INFO,ok\n"
        '2025-12-15 22:41:00,db-1,ERROR,"unclosed quote\n'
        "2025-12-15 22:42:00,db-0,INFO,ok\n"
        '2025-12-15 22:43:00,db-1,INFO,"quoted, fine"\n'
        "2025-12-15 22:44:00,db-0,INFO,ok\n",
        encoding="utf-8",
    )
    _, records, malformed, _ = read(path)
    assert [(m.line, m.reason) for m in malformed] == [(3, "5 fields, the header has 4")]
    assert [r.line for r in records] == [2, 6]

"""The postmortems-as-code tree and importing it back."""

from __future__ import annotations

from pathlib import Path

import pytest

from hindsight.errors import InvalidInput
from hindsight.render.mdfiles import import_files
from hindsight.share.export import export_tree, slugify
from tests.render.sample import disk_full
from tests.render.test_roundtrip import differences


def test_tree_is_filed_by_year_month_and_slug(tmp_path: Path) -> None:
    incident = disk_full()
    incident.title = "Disk full on orders-db (EU) — café"
    undated = disk_full()
    undated.id, undated.started_at, undated.resolved_at, undated.title = (
        "INC-X",
        None,
        None,
        "Mystery",
    )
    paths = export_tree([incident, undated], tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "postmortems/2025/12-december/2025-12-15-disk-full-on-orders-db-eu-cafe.md",
        "postmortems/undated/inc-x-mystery.md",
    ]
    assert not list(tmp_path.rglob("*.tmp"))


def test_same_day_same_title_does_not_overwrite(tmp_path: Path) -> None:
    first, second = disk_full(), disk_full()
    second.id = "INC-2025-12-15-2"
    paths = export_tree([first, second], tmp_path)
    assert len(set(paths)) == 2 and all(p.exists() for p in paths)


def test_exported_tree_imports_back_exactly(tmp_path: Path) -> None:
    incident = disk_full()
    export_tree([incident], tmp_path / "out")
    (tmp_path / "out" / "notes.txt").write_text("not a postmortem")
    parsed = import_files([tmp_path / "out"])
    assert len(parsed) == 1
    assert differences(incident, parsed[0].incident) == []


def test_import_names_missing_paths(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such file"):
        import_files([tmp_path / "nope"])


def test_slugify() -> None:
    assert slugify("  Ünïcode & <b>tags</b>!! ") == "unicode-b-tags-b"
    assert slugify("🔥🔥") == ""
    assert len(slugify("x" * 200)) == 60


def test_each_import_names_its_file(tmp_path: Path) -> None:
    paths = export_tree([disk_full()], tmp_path)
    [parsed] = import_files(paths)
    assert parsed.source == str(paths[0])

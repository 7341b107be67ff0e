"""Slack channel export (folder or zip)."""

from __future__ import annotations

import shutil
from pathlib import Path

from hindsight.domain.model import EventKind
from hindsight.ingest.slack import render_text
from tests.conftest import shared_data
from tests.ingest.conftest import DATA
from tests.ingest.helpers import read


def test_folder_export_resolves_users_and_keeps_threads(tmp_path: Path) -> None:
    importer, records, malformed, _ = read(DATA / "slack-export", tmp_path)
    assert importer.NAME == "slack" and not malformed
    assert len(records) == 4  # the join is skipped
    first, reply, rollback, last = records
    assert first.actor == "dana" and "@Lee Dev" in first.text
    assert first.detail["thread"] == reply.detail["thread"] == rollback.detail["thread"]  # type: ignore[index]
    assert "reply to dana" in reply.text
    assert rollback.key and not reply.key
    assert last.text.endswith("error rate back to normal, dashboard")
    assert all(r.kind is EventKind.CHAT for r in records)


def test_zip_export(tmp_path: Path) -> None:
    archive = shutil.make_archive(str(tmp_path / "export"), "zip", DATA / "slack-export")
    _, records, _, _ = read(Path(archive))
    assert len(records) == 4


def test_render_text() -> None:
    users = {"U1": "dana"}
    assert render_text("<@U1> see <#C1|general> <https://x.io|link> &amp;", users) == (
        "@dana see #general link &"
    )


def test_real_export_layout(tmp_path: Path) -> None:
    folder = shared_data(
        "slack_export", "slackdump", "internal", "fixtures", "assets", "source_export_dir"
    )
    importer, records, malformed, _ = read(folder, tmp_path)
    assert importer.NAME == "slack" and records and not malformed
    assert any("thread" in (r.detail or {}) for r in records)

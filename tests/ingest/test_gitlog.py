"""git history: a saved `git log` or a repository path."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hindsight.domain.model import EventKind
from hindsight.ingest.records import Source
from hindsight.ingest.service import git_log
from tests.conftest import shared_data
from tests.ingest.conftest import DATA
from tests.ingest.helpers import read


def test_saved_log_merges_deploy_commits_change() -> None:
    importer, records, malformed, _ = read(DATA / "deploy-repo.gitlog")
    assert importer.NAME == "git" and not malformed
    merge, change, revert = records
    assert merge.kind is EventKind.DEPLOY and merge.key
    assert merge.at == datetime(2025, 12, 15, 22, 45, 30, tzinfo=UTC).timestamp()  # CommitDate
    assert change.kind is EventKind.CONFIG_CHANGE and change.actor == "Lee Dev"
    assert change.detail["files"] == ["deploy/checkout/values.yaml"]  # type: ignore[index]
    assert revert.text.startswith('Revert "checkout')


def test_real_numstat_log() -> None:
    path = shared_data("git_log_sample", "alertmanager_v0.27.0..v0.28.0_git-log-numstat.txt")
    _, records, malformed, _ = read(path)
    assert len(records) == 299 and not malformed
    assert sum(1 for r in records if r.kind is EventKind.DEPLOY) >= 101


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_repository_path_with_tag(tmp_path: Path) -> None:
    repo = tmp_path / "deploy"
    repo.mkdir()
    env = {
        "GIT_AUTHOR_DATE": "2025-12-15T22:45:00Z",
        "GIT_COMMITTER_DATE": "2025-12-15T22:45:00Z",
        "GIT_AUTHOR_NAME": "Lee",
        "GIT_AUTHOR_EMAIL": "lee@example.com",
        "GIT_COMMITTER_NAME": "Lee",
        "GIT_COMMITTER_EMAIL": "lee@example.com",
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)

    git("init", "-q")
    (repo / "values.yaml").write_text("replicas: 3\n")
    git("add", ".")
    git("commit", "-q", "-m", "api: 3 replicas")
    git("tag", "v2.42.0")
    blob = tmp_path / "log.txt"
    blob.write_bytes(git_log(repo))
    _, records, malformed, _ = read(blob)
    assert not malformed and len(records) == 1
    assert records[0].kind is EventKind.DEPLOY and "v2.42.0" in records[0].text
    assert Source(blob, "log").sample().text.startswith("commit ")


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_ingest_a_repository_path(tmp_path: Path, ws: tuple[object, object]) -> None:
    from hindsight.ingest.service import ingest_paths
    from tests.ingest.conftest import INCIDENT

    workspace, store = ws
    repo = tmp_path / "config"
    repo.mkdir()
    env = {
        "GIT_AUTHOR_NAME": "Dana",
        "GIT_AUTHOR_EMAIL": "d@example.com",
        "HOME": str(tmp_path),
        "GIT_COMMITTER_NAME": "Dana",
        "GIT_COMMITTER_EMAIL": "d@example.com",
        "PATH": "/usr/bin:/bin",
        "GIT_AUTHOR_DATE": "2025-12-15T22:58:00Z",
        "GIT_COMMITTER_DATE": "2025-12-15T22:58:00Z",
    }
    for args in (["init", "-q"], ["commit", "-q", "--allow-empty", "-m", "flags: new-pricing off"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)
    report = ingest_paths(workspace, store, INCIDENT, [repo])  # type: ignore[arg-type]
    (file,) = report.files
    assert file.format == "git" and file.events == 1
    (event,) = store.get(INCIDENT).timeline  # type: ignore[attr-defined]
    assert event.kind is EventKind.CONFIG_CHANGE and event.text.startswith("flags: new-pricing off")
    again = ingest_paths(workspace, store, INCIDENT, [repo])  # type: ignore[arg-type]
    assert again.files[0].status == "already imported"

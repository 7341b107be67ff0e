"""`hindsight serve` and `hindsight user …` through the CLI: the database a server runs on."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hindsight.cli.main import app

runner = CliRunner()


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """uvicorn.run replaced: what it was asked to serve, and the database URL its workers see."""
    import uvicorn

    seen: dict[str, Any] = {}

    def fake_run(target: str, **options: Any) -> None:
        seen.update(options, target=target, url=os.environ.get("HINDSIGHT_DATABASE_URL"))

    monkeypatch.setattr(uvicorn, "run", fake_run)
    return seen


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://user:secret@db.example/x", "unsupported database"),
        ("not-a-url", "unsupported database"),
        ("sqlite:////no/such/dir/x.db", "cannot open the database"),
    ],
)
def test_serve_with_a_bad_database_url_is_one_line_exit_2(
    workspace: Path, served: dict[str, Any], url: str, expected: str
) -> None:
    """`serve --db` is checked as `init --db` is: one line naming the database, no traceback."""
    out = run("serve", "--db", url, "--port", str(free_port()), code=2)
    assert expected in out and "Traceback" not in out and "secret" not in out, out
    assert len(out.strip().splitlines()) == 1, out
    assert not served


def test_serve_runs_on_the_database_named_by_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, served: dict[str, Any]
) -> None:
    """--db wins over HINDSIGHT_DATABASE_URL and the workspace's own database, for every worker
    (they read the URL from the environment), and needs no hindsight.toml, as the variable."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HINDSIGHT_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    url = f"sqlite:///{tmp_path / 'team.db'}"
    out = run("serve", "--db", url, "--port", str(free_port()))
    assert "Hindsight for workspace" in out
    assert served["url"] == url and served["factory"] is True
    assert (tmp_path / "team.db").exists() and not (tmp_path / "env.db").exists()

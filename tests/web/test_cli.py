"""`hindsight user …` and `hindsight serve`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from hindsight.cli.main import app
from tests.live_server import free_port

runner = CliRunner()


def test_user_add_token_and_list(workspace: Path) -> None:
    added = runner.invoke(
        app, ["user", "add", "priya", "--role", "editor", "--password-stdin"], input="s3cret-pass\n"
    )
    assert added.exit_code == 0, added.output
    assert "priya (editor)" in added.output
    again = runner.invoke(app, ["user", "add", "priya", "--password-stdin"], input="s3cret-pass\n")
    assert again.exit_code == 2 and "already exists" in again.output
    short = runner.invoke(app, ["user", "add", "sam", "--password-stdin"], input="short\n")
    assert short.exit_code == 2 and "at least 8" in short.output
    bad_role = runner.invoke(
        app, ["user", "add", "sam", "--role", "root", "--password-stdin"], input="long-enough\n"
    )
    assert bad_role.exit_code == 2 and "viewer, editor, admin" in bad_role.output
    token = runner.invoke(app, ["user", "token", "priya", "--name", "ci"])
    assert token.exit_code == 0 and token.output.strip().startswith("hs_")
    missing = runner.invoke(app, ["user", "token", "nobody"])
    assert missing.exit_code == 2 and "no user nobody" in missing.output
    listed = runner.invoke(app, ["user", "list"])
    assert listed.output.split() == ["priya", "editor"]


def test_serve_answers_on_loopback_and_prints_demo_credentials(tmp_path: Path) -> None:
    from hindsight.workspace import init_workspace

    root = tmp_path / "demo"
    init_workspace(root, name="hindsight-demo")
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("HINDSIGHT_DATABASE_URL", "HINDSIGHT_WORKSPACE")
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "hindsight.cli.main", "serve", "--demo", "--port", str(port)],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.1)
        login = httpx.get(f"http://127.0.0.1:{port}/login")
        assert login.status_code == 200 and "Sign in" in login.text
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "admin-demo" in output and f"127.0.0.1:{port}" in output


def test_serve_refuses_a_port_out_of_range_before_starting(workspace: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--port", "99999"])
    assert result.exit_code == 2
    assert "65535" in result.output
    assert "Traceback" not in result.output

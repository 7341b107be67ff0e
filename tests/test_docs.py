"""The documentation that must not drift: the CLI reference and the README tour."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_generated_from_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "cli.md"
    subprocess.run(
        [sys.executable, "-m", "typer", "hindsight.cli.main", "utils", "docs", "--name", "hindsight",
         "--title", "hindsight CLI reference", "--output", str(out)],
        check=True, capture_output=True, cwd=ROOT,
    )  # fmt: skip
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed, "docs/cli.md is stale: run `make docs`"


def test_readme_tour_works_as_written(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- tour:start -->\s*```sh\n(.*?)```\s*<!-- tour:end -->", readme, re.S)
    assert block, "README.md lost its tour block"
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}",
               HINDSIGHT_USER="tour", COLUMNS="160")  # fmt: skip
    env.pop("HINDSIGHT_DATABASE_URL", None)
    env.pop("HINDSIGHT_WORKSPACE", None)
    done = subprocess.run(["bash", "-c", block.group(1)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    assert done.returncode == 0, output
    assert "Opened INC-2025-12-15" in output
    assert "MTTD" in output and "MTTR" in output
    assert "Imported 1 postmortem(s)" in output
    # the last line of the tour diffs the re-imported postmortem against the original
    assert done.stdout.rstrip().endswith("identical"), output
    # what a new user reading the output should never meet (issue 15)
    assert "[#4821]" in output, "brackets in evidence text are printed, not read as markup"
    assert " h overdue" not in output and " days overdue" in output
    assert not re.search(r"\d{2}:\d{2}:\d{2}\.\d{6}", output), "no microseconds on screen"
    assert "change the horizon or the due date" not in output, "the tour's actions fit"
    given = re.search(r'--started "(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})"', block.group(1))
    assert given, "the tour gives the start time"
    started = re.search(r"^started\s+(\S+)", output, re.M)
    assert started, output
    kept = started.group(1) == f"{given.group(1)}T{given.group(2)}:00Z"
    assert kept or "note: started" in output, "a start time the user gave never moves silently"

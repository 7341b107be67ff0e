"""The import rules of docs/architecture.md: stages never import a face, nothing outside web/
imports web/ (but `serve`), no module outside store/ holds SQL, the domain does no I/O."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "hindsight"
STAGES = (
    "domain", "ingest", "analysis", "quality", "render", "share", "kb", "draft", "incidents", "store",
)  # fmt: skip


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules(folder: str) -> list[Path]:
    return sorted((SRC / folder).rglob("*.py"))


def offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(SRC)} imports {name}"
        for path in modules(folder)
        for name in sorted(imports_of(path))
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    ]


@pytest.mark.parametrize("stage", STAGES)
def test_no_stage_imports_a_face(stage: str) -> None:
    assert offenders(stage, ("hindsight.cli", "hindsight.web")) == []


def test_only_serve_imports_the_web_app_from_outside_web() -> None:
    outside = [p for p in SRC.rglob("*.py") if "web" not in p.relative_to(SRC).parts]
    found = [
        f"{path.relative_to(SRC)}: {name}"
        for path in outside
        for name in imports_of(path)
        if name.startswith("hindsight.web")
    ]
    assert found == ["cli/web.py: hindsight.web.app"]


def test_the_cli_holds_no_sql() -> None:
    assert offenders("cli", ("sqlalchemy",)) == []


def test_the_web_app_holds_no_sql() -> None:
    assert offenders("web", ("sqlalchemy",)) == []


DATABASE_LIBRARIES = ("sqlalchemy", "alembic", "sqlite3", "psycopg")


def test_only_the_store_holds_sql() -> None:
    """SQL lives in store/: every other module asks it by name (store.metrics.timings …)."""
    outside = [p for p in SRC.rglob("*.py") if p.relative_to(SRC).parts[0] != "store"]
    found = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in outside
        for name in sorted(imports_of(path))
        if any(name == f or name.startswith(f + ".") for f in DATABASE_LIBRARIES)
    ]
    assert found == []


def test_the_domain_does_no_io() -> None:
    assert offenders("domain", ("sqlalchemy", "hindsight.store", "httpx")) == []


def test_the_checker_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    from hindsight.web.app import create_app\n")
    assert imports_of(sample) == {"hindsight.web.app"}

"""The rules of docs/architecture.md: the page names every package; stages import only the
stages before them and never a face; nothing outside web/ imports web/ (`serve` names the app to uvicorn); no module
outside store/ holds SQL and no face queries through a session; only web/deps.py touches
`request.state`; the domain does no I/O."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "hindsight"
DOC = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"
STAGES = (
    "domain", "store", "ingest", "analysis", "quality", "render", "share", "kb", "draft", "incidents",
)  # fmt: skip
"""The stages in layer order: each may import only those before it."""
FACES = ("cli", "web")
RESOURCES = ("data",)  # shipped policy.yaml and rubric.yaml, no code
LAYER_EXCEPTIONS: set[str] = set()
"""Imports against the layer order that are known and listed in the doc's "Not yet true"."""


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


def test_nothing_outside_web_imports_web() -> None:
    outside = [p for p in SRC.rglob("*.py") if "web" not in p.relative_to(SRC).parts]
    found = [
        f"{path.relative_to(SRC)}: {name}"
        for path in outside
        for name in imports_of(path)
        if name.startswith("hindsight.web")
    ]
    assert found == []


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


def test_the_domain_imports_no_other_stage() -> None:
    """The gate's findings are passed to domain.lifecycle.transition, not fetched by it."""
    others = tuple(f"hindsight.{s}" for s in STAGES if s != "domain")
    assert offenders("domain", others) == []


PURE = ("domain", "analysis", "quality", "render")
"""Stages of plain functions over plain objects: they never open or write the store."""


@pytest.mark.parametrize("stage", PURE)
def test_the_pure_stages_never_touch_the_store(stage: str) -> None:
    assert offenders(stage, ("hindsight.store", "hindsight.workspace")) == []


def test_the_domain_does_no_io() -> None:
    assert offenders("domain", ("sqlalchemy", "hindsight.store", "httpx")) == []


def test_the_checker_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    from hindsight.web.app import create_app\n")
    assert imports_of(sample) == {"hindsight.web.app"}


# --- the page names every package ---------------------------------------------------------------


def packages() -> set[str]:
    return {p.parent.name for p in SRC.glob("*/__init__.py")} - set(RESOURCES)


def doc_picture() -> str:
    return DOC.read_text(encoding="utf-8").split("```")[1]


def doc_stage_list() -> list[str]:
    """The stages the page lists after "Stages, in layer order", in its order."""
    text = DOC.read_text(encoding="utf-8")
    paragraph = text.split("Stages, in layer order", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"`(\w+)/`", paragraph)


def test_the_stages_are_the_packages_but_the_faces() -> None:
    assert set(STAGES) == packages() - set(FACES)
    assert set(FACES) <= packages()


def test_the_page_lists_the_stages_in_the_order_the_test_checks() -> None:
    assert doc_stage_list() == list(STAGES)


def test_the_picture_shows_every_stage_and_both_faces() -> None:
    shown = set(re.findall(r"\b(\w+)/", doc_picture()))
    assert packages() <= shown, sorted(packages() - shown)


# --- layers ----------------------------------------------------------------------------------------


def layer_breaches() -> set[str]:
    found: set[str] = set()
    for position, stage in enumerate(STAGES):
        later = tuple(f"hindsight.{s}" for s in STAGES[position + 1 :])
        found.update(offenders(stage, later))
    return found


def test_a_stage_imports_only_the_stages_before_it() -> None:
    assert layer_breaches() == LAYER_EXCEPTIONS


def test_every_known_layer_exception_is_named_in_the_doc() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for breach in LAYER_EXCEPTIONS:
        assert breach.split(" imports ")[0] in doc


# --- the faces -------------------------------------------------------------------------------------


def calls_of(path: Path, method: str) -> list[int]:
    """Lines where `path` calls `<anything>.<method>(`."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == method
    ]


def test_no_face_queries_through_a_session() -> None:
    found = [
        f"{path.relative_to(SRC)}:{line}"
        for face in FACES
        for path in modules(face)
        for line in calls_of(path, "execute")
    ]
    assert found == []


# The ratchet of issue 16: faces do not open transactions, a stage function does (it takes the
# Store and groups its calls itself). There were 64 `.session(` calls in web/ and cli/ before;
# docs/architecture.md states the same number. Lower it when you can; never raise it.
FACE_SESSIONS_AT_MOST = 0


def test_faces_do_not_open_transactions() -> None:
    found = [
        f"{path.relative_to(SRC)}:{line}"
        for face in FACES
        for path in modules(face)
        for line in calls_of(path, "session")
    ]
    assert len(found) <= FACE_SESSIONS_AT_MOST, found


def test_the_page_states_the_session_ratchet() -> None:
    doc = DOC.read_text(encoding="utf-8")
    assert f"`.session(` calls in `web/` and `cli/`: at most {FACE_SESSIONS_AT_MOST}" in doc


def test_no_face_handles_a_store_session() -> None:
    """Nor are sessions handed to a face some other way: no face names the session type."""
    found = sorted(
        f"{path.relative_to(SRC)}: {name}"
        for face in FACES
        for path in modules(face)
        for name in imported_names(path)
        if name.endswith((".StoreSession", ".Session"))
    )
    assert found == []


def request_state_reads(path: Path) -> list[int]:
    """Lines of `request.state` (or `something.request.state`) in a module, read or written."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
        and node.attr == "state"
        and (
            (isinstance(node.value, ast.Name) and node.value.id == "request")
            or (isinstance(node.value, ast.Attribute) and node.value.attr == "request")
        )
    ]


def test_only_the_typed_dependencies_touch_request_state() -> None:
    found = {
        str(path.relative_to(SRC))
        for face in FACES
        for path in modules(face)
        if request_state_reads(path)
    }
    assert found == {"web/deps.py"}


def imported_names(path: Path) -> set[str]:
    """`module.name` for every `from module import name` of a file."""
    return {
        f"{node.module}.{alias.name}"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }


def test_faces_ask_the_incident_stage_what_a_user_may_see_and_what_a_webhook_does() -> None:
    """Visibility (store.visibility.can_see) and alert groups (store.alert_groups) are asked
    through incidents/ (service.visible_to / visible_stamp, alert_groups.record_delivery), so no
    face restates either rule."""
    found = sorted(
        f"{path.relative_to(SRC)}: {name}"
        for face in FACES
        for path in modules(face)
        for name in imported_names(path) | imports_of(path)
        if name.endswith(".can_see") or name.startswith("hindsight.store.alert_groups")
    )
    assert found == []


def test_the_checkers_see_calls_and_request_state(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text(
        "def f(s, store, request):\n    s.execute('x')\n    with store.session() as t:\n"
        "        return request.state.user\n"
    )
    assert calls_of(sample, "execute") == [2]
    assert calls_of(sample, "session") == [3]
    assert request_state_reads(sample) == [4]

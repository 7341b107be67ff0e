"""The web edge stays typed: routes take the dependencies of web/deps.py (`ViewerUser`,
`EditorUser`, `WebDep` …), never `request.state` or the untyped app-state lookup, so mypy
checks the path from route to store."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from fastapi.routing import APIRoute

from hindsight.web.app import create_app
from hindsight.workspace import init_workspace
from tests.test_architecture import request_state_reads

WEB = Path(__file__).resolve().parents[2] / "src" / "hindsight" / "web"
# deps.py is the one place that keeps per-request state; app.py's middleware reads it back
EDGE = {"deps.py", "app.py"}


def app_state_lookups(path: Path) -> list[int]:
    """Lines that call `state(request)` (auth.py's accessor) instead of taking `WebDep`."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "state"
    ]


def test_no_route_module_reads_request_state() -> None:
    found = {
        path.name: lines
        for path in sorted(WEB.glob("*.py"))
        if path.name not in EDGE and (lines := request_state_reads(path))
    }
    assert found == {}


def test_routes_take_the_app_state_as_a_dependency() -> None:
    """Only auth.py (which defines the accessor) and deps.py (which wraps it) look it up."""
    found = {
        path.name: lines
        for path in sorted(WEB.glob("*.py"))
        if path.name not in {*EDGE, "auth.py"} and (lines := app_state_lookups(path))
    }
    assert found == {}


def test_the_checks_see_what_they_look_for(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("def f(request):\n    user = request.state.user\n    return state(request)\n")
    assert request_state_reads(sample) == [2]
    assert app_state_lookups(sample) == [3]


def test_every_route_parameter_is_typed(tmp_path: Path) -> None:
    """No endpoint takes an unannotated or `Any` parameter: what reaches a route is checked."""
    app = create_app(init_workspace(tmp_path / "ws", name="typed"))
    untyped = []
    for route in app.routes:
        if not isinstance(route, APIRoute):
            continue
        for name, parameter in inspect.signature(route.endpoint).parameters.items():
            annotation = parameter.annotation
            if annotation is inspect.Parameter.empty or annotation in ("Any", "typing.Any"):
                untyped.append(f"{route.path} {route.endpoint.__name__}({name})")
    app.state.hindsight.store.close()
    assert untyped == []

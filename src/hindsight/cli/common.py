"""What every command shares: the workspace and store, JSON output, turning errors into exit codes."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich import table as rich_table
from rich.console import Console, RenderableType
from rich.markup import escape
from rich.text import Text

from hindsight.domain.model import to_plain
from hindsight.errors import HindsightError
from hindsight.store.repo import Store
from hindsight.workspace import Workspace, current_user, find_workspace

# Piped output (CI logs, files) gets a wide console instead of Rich's 80-column default.
_WIDTH = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS", "160"))
console = Console(highlight=False, soft_wrap=True, width=_WIDTH)
err_console = Console(
    stderr=True, highlight=False, soft_wrap=True, width=None if sys.stderr.isatty() else 160
)


class Table(rich_table.Table):
    """A Rich table whose string cells are shown as written: "Page triggered [#4821]" keeps its
    brackets (Rich would read them as markup and drop them). A cell that wants styling passes
    a `rich.text.Text` (e.g. `Text(due, style="red")`). Every CLI table is one of these."""

    def add_row(
        self,
        *renderables: RenderableType | None,
        style: Any = None,
        end_section: bool = False,
    ) -> None:
        cells = [Text(cell) if isinstance(cell, str) else cell for cell in renderables]
        super().add_row(*cells, style=style, end_section=end_section)


JsonOption = typer.Option(False, "--json", help="Print machine-readable JSON instead of text.")


@contextmanager
def opened(database_url: str | None = None) -> Iterator[tuple[Workspace, Store]]:
    """The current workspace and its migrated store (on `database_url` when given), closed
    afterwards."""
    workspace = find_workspace(database_url=database_url)
    store = workspace.open_store()
    try:
        yield workspace, store
    finally:
        store.close()


def actor() -> str:
    return current_user()


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(to_plain(value), indent=2, ensure_ascii=False, default=str) + "\n")


def fail(error: HindsightError) -> typer.Exit:
    """Print one red line for `error` and return the Exit to raise (2 bad input, 1 failed check)."""
    err_console.print(f"[red]error:[/red] {escape(error.message)}", markup=True, soft_wrap=True)
    return typer.Exit(error.exit_code)

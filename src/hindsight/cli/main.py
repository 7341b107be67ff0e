"""The `hindsight` command. Each area registers its commands from its own module."""

from __future__ import annotations

import errno
import importlib
from typing import Any

import typer
from typer.core import TyperGroup

from hindsight import __version__
from hindsight.cli.common import fail
from hindsight.errors import HindsightError, InvalidInput


class _Root(TyperGroup):
    """Turns a HindsightError (or a file error on a path) below into one red line and exit code."""

    def invoke(self, ctx: Any) -> Any:  # a click Context (typer bundles its own click)
        try:
            return super().invoke(ctx)
        except HindsightError as error:
            raise fail(error) from None
        except OSError as error:  # a path the user gave: a missing folder, a folder, a file
            if error.errno == errno.EPIPE or error.filename is None:
                raise
            raise fail(InvalidInput(f"{error.filename}: {error.strerror}")) from None


app = typer.Typer(
    cls=_Root,
    name="hindsight",
    help="Blameless postmortems: evidence → timeline → root cause → actions that close.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# One line per area; each module defines `register(app)`.
AREAS = (
    "hindsight.cli.core",
    "hindsight.cli.ingest",
    "hindsight.cli.pull",
    "hindsight.cli.quality",
    "hindsight.cli.rca",
    "hindsight.cli.actions",
    "hindsight.cli.kb",
    "hindsight.cli.share",
    "hindsight.cli.web",
    "hindsight.cli.draft",
)

for _area in AREAS:
    importlib.import_module(_area).register(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hindsight {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Blameless postmortems: evidence → timeline → root cause → actions that close."""


def main() -> None:
    """Console entry point."""
    app()


if __name__ == "__main__":
    main()

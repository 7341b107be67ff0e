"""Importing postmortems written in markdown: one use case for `hindsight import` and the web's
upload, with the same rules (strict refuses any warning, a dry run stores nothing, all files are
one transaction: all or nothing)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from hindsight.domain.policy import Policy
from hindsight.errors import InvalidInput
from hindsight.render.mdimport import PlannedImport, plan_import, resolve_ids, store_import
from hindsight.store.repo import Store

OUTCOMES = {"new": "add", "replaces": "replace", "renumbered": "add (id was taken)"}
"""What each planned file will do, in words (a file whose id was taken gets the next free one)."""


@dataclass
class ImportResult:
    """Every file read, what it did (or would do, on a dry run) and the reader's warnings."""

    planned: list[PlannedImport]
    warnings: list[str]
    stored: bool


class ImportRefused(InvalidInput):
    """`strict` and the files had warnings: nothing was imported. `warnings` lists them."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__(
            f"{len(warnings)} warning(s) and --strict: nothing imported", field="strict"
        )
        self.warnings = warnings


def import_postmortems(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    policy: Policy,
    *,
    actor: str,
    replace: bool = False,
    strict: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Read every markdown postmortem under `paths` and store them in one transaction.

    A file that is not a postmortem is refused with its file and line, and nothing is imported;
    an incident id already stored is refused unless `replace`; a file without its own id whose id
    is taken gets the next free one. `dry_run` decides every outcome and stores nothing."""
    plan = plan_import(paths, policy.severities)
    warnings = [w for planned in plan for w in planned.warnings]
    if strict and warnings:
        raise ImportRefused(warnings)
    with store.session() as s:
        if dry_run:
            resolve_ids(s, plan, replace=replace)
            s.rollback()
        else:
            store_import(s, plan, replace=replace, actor=actor)
    return ImportResult(plan, warnings, stored=not dry_run)

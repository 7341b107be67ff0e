"""Importing postmortems written in markdown: one use case for `hindsight import` and the web's
upload, with the same rules (strict refuses any warning, a dry run stores nothing, all files are
one transaction: all or nothing)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from hindsight.domain.model import Evidence
from hindsight.domain.policy import Policy
from hindsight.errors import InvalidInput
from hindsight.render.mdimport import NOTHING, PlannedImport, plan_import
from hindsight.store import evidence as stored
from hindsight.store import repo
from hindsight.store.repo import Store, StoreSession

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


def resolve_ids(session: StoreSession, plan: list[PlannedImport], *, replace: bool) -> None:
    """Decide each file's outcome against the store without writing (what --dry-run shows)."""
    for planned in plan:
        _resolve_one(session, planned, replace=replace)


def _resolve_one(session: StoreSession, planned: PlannedImport, *, replace: bool) -> None:
    """A file without its own id whose id is taken is renumbered; an existing id is refused
    unless `replace`."""
    incident = planned.incident
    if not planned.explicit_id and repo.incident_exists(session, incident.id):
        incident.id = repo.next_free_id(session, incident.id)
        planned.outcome = "renumbered"
    elif repo.incident_exists(session, incident.id):
        if not replace:
            raise InvalidInput(
                f"{planned.path}: {incident.id} already exists; pass --replace to overwrite "
                f"it — {NOTHING}",
                field="incident_id",
            )
        planned.outcome = "replaces"


def store_import(
    session: StoreSession, plan: list[PlannedImport], *, replace: bool, actor: str
) -> list[PlannedImport]:
    """Store every planned postmortem in `session`'s transaction (all or nothing). A replaced
    incident keeps its evidence records: markdown does not carry them, its timeline points at them."""
    for planned in plan:
        _resolve_one(session, planned, replace=replace)  # sees the files stored before it
        incident = planned.incident
        kept: list[Evidence] = []
        if planned.outcome == "replaces":
            kept = stored.delete_keeping_evidence(session, incident.id, actor)
        incident.version = 0
        repo.add_incident(session, incident, actor, action="import", keep_event_ids=True)
        for evidence in kept:
            repo.add_evidence(session, evidence)
    return plan

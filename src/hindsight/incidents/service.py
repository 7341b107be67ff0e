"""The use cases that change an incident, one function each, called by the CLI and the web alike.

Every function is one transaction: it takes the incident's write lock, loads it as `editor` may
see it (a restricted incident the editor is no member of reads as missing), applies one rule of
`hindsight.domain` / `hindsight.analysis`, and saves it under the editor's name (one audit entry
per changed field). The faces only parse their input, call one of these and present the result.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from hindsight.analysis import fault_tree as fta
from hindsight.analysis import fishbone, whys
from hindsight.domain import actions as action_rules
from hindsight.domain import lifecycle, review, timeline
from hindsight.domain.edit import apply_fields, incident_from_values, set_field
from hindsight.domain.model import (
    ActionItem,
    ActionStatus,
    ContributingFactor,
    FaultTree,
    Incident,
    IncidentStatus,
    Milestone,
    Review,
    TimelineEvent,
    WhyChain,
    WhyStep,
)
from hindsight.domain.policy import Policy
from hindsight.errors import Conflict, Forbidden, InvalidInput, NotFound, PreconditionRequired
from hindsight.ingest.milestones import MilestoneProposal, accept_proposals, propose
from hindsight.quality.gate import gate_blockers
from hindsight.quality.rubric import Rubric
from hindsight.store import repo
from hindsight.store.repo import Store, StoreSession
from hindsight.store.users import add_member
from hindsight.store.visibility import LOCAL_VIEWER, Viewer, can_see

T = TypeVar("T")


@dataclass(frozen=True)
class Editor:
    """Who makes a change: the name the audit log keeps, and what they may see. The CLI's local
    user sees and may do everything; a web user is their `Viewer` (admins see every incident)."""

    name: str
    viewer: Viewer = LOCAL_VIEWER

    @property
    def is_admin(self) -> bool:
        """May restrict an incident, or publish one despite its quality gate."""
        return self.viewer.sees_all


@dataclass
class Edited(Generic[T]):
    """The saved incident (new version, database ids filled in) and what the change made."""

    incident: Incident
    item: T


# --- the unit of work ------------------------------------------------------------------------------


def visible(session: StoreSession, editor: Editor, incident_id: str) -> Incident:
    """The incident, or NotFound when it does not exist or `editor` may not see it (a non-member
    cannot even learn that a restricted incident exists)."""
    return visible_to(session, editor.viewer, incident_id)


def _hidden_from(session: StoreSession, viewer: Viewer, incident_id: str, restricted: bool) -> bool:
    """Whether `viewer` may not see the (existing) incident: the rule of store.visibility, asked
    only for a restricted incident (everyone sees the others)."""
    return restricted and not viewer.sees_all and not can_see(session, viewer, incident_id)


def visible_to(session: StoreSession, viewer: Viewer, incident_id: str) -> Incident:
    """The incident as `viewer` may read it; NotFound as for a missing one otherwise."""
    incident = repo.get_incident(session, incident_id)
    if _hidden_from(session, viewer, incident.id, incident.restricted):
        raise NotFound(f"no incident {incident_id.strip().upper()}")
    return incident


def visible_stamp(
    session: StoreSession, viewer: Viewer, incident_id: str
) -> tuple[str, repo.Stamp]:
    """The incident's id and version stamp when `viewer` may see it, read without loading it (for
    a cached read, or a route that pages through one of its lists in SQL); NotFound otherwise."""
    iid, stamp, restricted = repo.version_stamp(session, incident_id)
    if _hidden_from(session, viewer, iid, restricted):
        raise NotFound(f"no incident {iid}")
    return iid, stamp


def check_version(incident: Incident, expected: int | None, *, required: bool = False) -> None:
    """Refuse a change made to a stale read, naming both versions (the web's If-Match, the CLI's
    --expect-version); with `required`, refuse a change that does not say which version it read."""
    if expected is None:
        if required:
            raise PreconditionRequired(
                f'send If-Match: "{incident.version}" (the version you read) so edits by two people '
                "never overwrite each other silently",
                field="If-Match",
            )
        return
    if expected != incident.version:
        raise Conflict(
            f"{incident.id} was changed by someone else (you have version {expected}, the store "
            f"has {incident.version}); reload and apply your change again",
            current_version=incident.version,
        )


@contextmanager
def changing(
    store: Store,
    incident_id: str,
    editor: Editor,
    *,
    expected_version: int | None = None,
    require_version: bool = False,
    reason: str | None = None,
) -> Iterator[tuple[StoreSession, Incident]]:
    """Load a visible incident, let the block change it, save it as `editor` in one transaction.
    Writers of one incident take turns (`repo.lock_for_edit`), so a change that names no version
    is applied to the latest one instead of being refused as a conflict."""
    with store.session() as s:
        repo.lock_for_edit(s, incident_id)
        incident = visible(s, editor, incident_id)
        check_version(incident, expected_version, required=require_version)
        yield s, incident
        repo.save_incident(s, incident, editor.name, reason=reason)


def check_repeat_of(
    session: StoreSession, editor: Editor, incident: Incident, before: str | None
) -> None:
    """`repeat_of`, when set or changed, must name an incident `editor` may see; a hidden one
    reads exactly like a missing one, so the answer does not tell that it exists."""
    ref = incident.repeat_of
    if not ref or ref == before:
        return
    key = ref.strip().upper()
    if not can_see(session, editor.viewer, key):  # False too when there is no such incident
        raise InvalidInput(f"repeat_of: no incident {key}", field="repeat_of")


# --- incidents -------------------------------------------------------------------------------------


def open_incident(
    store: Store, values: Mapping[str, Any], policy: Policy, editor: Editor
) -> Incident:
    """Open an incident from typed or form values (`title` required; it starts now unless
    `started_at` says otherwise). A restricted incident opened on the web lists its opener as a
    member, so they keep seeing what they opened."""
    author = values.get("author") if "author" in values else editor.name
    incident = incident_from_values(values, policy, author=author)
    assert incident.started_at is not None  # incident_from_values starts it now at the latest
    with store.session() as s:
        check_repeat_of(s, editor, incident, None)
        day = incident.started_at.date()
        incident.id = repo.next_incident_id(s, day, restricted=incident.restricted)
        repo.add_incident(s, incident, editor.name)
        if incident.restricted and not editor.viewer.local and editor.viewer.username:
            add_member(s, incident.id, editor.viewer.username)
    return incident


@dataclass(frozen=True)
class FieldChanges:
    """What an edit sets. `values`: typed (JSON) or form values, `impact` a nested mapping;
    `assignments`: `field=text` pairs as typed on a command line (lists split at commas);
    `additions`: items appended to the list fields (went_well, lessons, participants …)."""

    values: Mapping[str, Any] = field(default_factory=dict)
    assignments: Sequence[tuple[str, str]] = ()
    additions: Mapping[str, Sequence[str]] = field(default_factory=dict)


def edit_incident(
    store: Store,
    incident_id: str,
    changes: FieldChanges,
    policy: Policy,
    editor: Editor,
    *,
    expected_version: int | None = None,
    require_version: bool = False,
    reason: str | None = None,
) -> Edited[bool]:
    """Change fields of an incident; `item` says whether anything changed. Only an admin may
    change whether an incident is restricted; `repeat_of` must name an incident the editor sees."""
    with changing(
        store, incident_id, editor, expected_version=expected_version,
        require_version=require_version, reason=reason,
    ) as (s, incident):  # fmt: skip
        before = incident.version
        restricted, repeat_of = incident.restricted, incident.repeat_of
        apply_fields(incident, changes.values, policy)
        for name, text in changes.assignments:
            set_field(incident, name, text, policy)
        for name, items in changes.additions.items():
            listed: list[str] = getattr(incident, name)
            listed += [i for i in items if name != "participants" or i not in listed]
        if incident.restricted != restricted and not editor.is_admin:
            raise Forbidden(
                "only an admin can change whether an incident is restricted", field="restricted"
            )
        check_repeat_of(s, editor, incident, repeat_of)
    return Edited(incident, incident.version != before)


def remove_incident(store: Store, incident_id: str, editor: Editor) -> str:
    """Delete an incident and everything recorded under it (audited); returns its id."""
    with store.session() as s:
        incident = visible(s, editor, incident_id)
        repo.delete_incident(s, incident.id, editor.name)
    return incident.id


@dataclass
class StatusChange:
    """A lifecycle move: from `previous` to the incident's status now, and the quality-gate
    findings an override bypassed (kept in the audit log with its reason)."""

    incident: Incident
    previous: IncidentStatus
    bypassed: list[str]


def set_status(
    store: Store,
    incident_id: str,
    status: str,
    policy: Policy,
    editor: Editor,
    *,
    override: str | None = None,
    at: datetime | None = None,
    expected_version: int | None = None,
    rubric: Rubric | None = None,
) -> StatusChange:
    """Move an incident along its lifecycle (`at`: when; now by default). Publishing is gated by
    the quality checks; only an admin may override the gate, with a reason the audit log keeps."""
    target = lifecycle.parse_status(status)
    if override and not editor.is_admin:
        raise Forbidden("only an admin may override the publishing gate", field="override")
    with changing(
        store, incident_id, editor, expected_version=expected_version, reason=override
    ) as (s, incident):
        previous = incident.status
        blockers = gate_blockers(incident, target, policy, rubric)
        bypassed = lifecycle.transition(incident, target, blockers, override=override, at=at)
        if bypassed:
            repo.record_audit(
                s, editor.name, incident.id, "override", field="status",
                old="; ".join(bypassed), new=target.value, reason=override,
            )  # fmt: skip
    return StatusChange(incident, previous, bypassed)


# --- timeline --------------------------------------------------------------------------------------


def add_event(
    store: Store, incident_id: str, editor: Editor, *, tz: str = "UTC", **event: Any
) -> Edited[TimelineEvent]:
    """Add a timeline event (the keywords of `hindsight.domain.timeline.add_event`: at, text,
    kind, actor, action, key, milestone, service, source, field); `tz` reads naive times."""
    with changing(store, incident_id, editor) as (_, incident):
        added = timeline.add_event(incident, tz=tz, **event)
    return Edited(incident, added)


def edit_event(
    store: Store,
    incident_id: str,
    event_id: int,
    editor: Editor,
    *,
    text: str | None = None,
    key: bool | None = None,
    kind: str | None = None,
) -> Edited[TimelineEvent]:
    with changing(store, incident_id, editor) as (_, incident):
        changed = timeline.edit_event(incident, event_id, text=text, key=key, kind=kind)
    return Edited(incident, changed)


def remove_event(
    store: Store, incident_id: str, event_id: int, editor: Editor
) -> Edited[TimelineEvent]:
    with changing(store, incident_id, editor) as (_, incident):
        removed = timeline.remove_event(incident, event_id)
    return Edited(incident, removed)


def confirm_milestone(
    store: Store,
    incident_id: str,
    milestone: str,
    editor: Editor,
    *,
    at: str | datetime | None = None,
    event_id: int | None = None,
    tz: str = "UTC",
) -> Edited[datetime]:
    """Set a milestone's time from the event that marks it or from an explicit time."""
    with changing(store, incident_id, editor) as (_, incident):
        moment = timeline.confirm_milestone(incident, milestone, at=at, event_id=event_id, tz=tz)
    return Edited(incident, moment)


@dataclass
class MilestonesAccepted:
    """What the timeline proposed, and one sentence for every recorded time kept or moved."""

    proposals: list[MilestoneProposal]
    notes: list[str]


def accept_milestones(
    store: Store,
    incident_id: str,
    editor: Editor,
    *,
    proposed: bool = True,
    overrides: Mapping[Milestone, datetime] | None = None,
) -> Edited[MilestonesAccepted]:
    """Store the milestones the timeline proposes (when `proposed`) and the times given in
    `overrides`; a time a person gave is never moved without a note saying so."""
    with changing(store, incident_id, editor, reason="milestones") as (_, incident):
        proposals = propose(incident)
        chosen = proposals if proposed else []
        notes = accept_proposals(incident, chosen, dict(overrides or {}))
    return Edited(incident, MilestonesAccepted(proposals, notes))


# --- analysis: whys, factors, fault trees ------------------------------------------------------------


def add_why_chain(
    store: Store,
    incident_id: str,
    problem: str,
    answers: Sequence[str],
    editor: Editor,
    *,
    evidence: dict[int, list[int]] | None = None,
) -> Edited[WhyChain]:
    """Start a why chain; `evidence` maps step numbers (0: the last) to timeline event ids."""
    with changing(store, incident_id, editor) as (_, incident):
        chain = whys.add_chain(incident, problem, answers, evidence=evidence)
    return Edited(incident, chain)


def add_why_steps(
    store: Store,
    incident_id: str,
    chain: int,
    answers: Sequence[str],
    editor: Editor,
    *,
    evidence: dict[int, list[int]] | None = None,
) -> Edited[WhyChain]:
    """Answer the next why(s) of chain `chain` (1-based)."""
    with changing(store, incident_id, editor) as (_, incident):
        changed = whys.add_steps(incident, chain, answers, evidence=evidence)
    return Edited(incident, changed)


def remove_why_chain(
    store: Store, incident_id: str, chain: int, editor: Editor
) -> Edited[WhyChain]:
    with changing(store, incident_id, editor) as (_, incident):
        removed = whys.remove_chain(incident, chain)
    return Edited(incident, removed)


def remove_why_step(
    store: Store, incident_id: str, chain: int, step: int, editor: Editor
) -> Edited[WhyStep]:
    with changing(store, incident_id, editor) as (_, incident):
        removed = whys.remove_step(incident, chain, step)
    return Edited(incident, removed)


def link_why_evidence(
    store: Store, incident_id: str, chain: int, step: int, event_ids: Sequence[int], editor: Editor
) -> Edited[WhyStep]:
    """Back one answer with timeline events (ids of this incident's timeline)."""
    with changing(store, incident_id, editor) as (_, incident):
        linked = whys.link_evidence(incident, chain, step, event_ids)
    return Edited(incident, linked)


def add_factor(
    store: Store, incident_id: str, category: str, text: str, policy: Policy, editor: Editor
) -> Edited[ContributingFactor]:
    """Add a contributing factor under one of the policy's fishbone categories."""
    with changing(store, incident_id, editor) as (_, incident):
        factor = fishbone.add_factor(incident, category, text, policy.factor_categories)
    return Edited(incident, factor)


def remove_factor(
    store: Store, incident_id: str, number: int, editor: Editor
) -> Edited[ContributingFactor]:
    with changing(store, incident_id, editor) as (_, incident):
        removed = fishbone.remove_factor(incident, number)
    return Edited(incident, removed)


@dataclass
class TreeSaved:
    """The tree as saved, and whether it took the place of a tree of the same name."""

    tree: FaultTree
    replaced: bool


def save_fault_tree(
    store: Store,
    incident_id: str,
    editor: Editor,
    *,
    tree: FaultTree | None = None,
    name: str | None = None,
    edit: fta.TreeEdit | None = None,
) -> Edited[TreeSaved]:
    """Store a whole `tree` (in the place of the one of the same name, if any), then apply `edit`
    to the tree called `name` (or the only one; created when new). Validated before saving."""
    with changing(store, incident_id, editor) as (_, incident):
        before = list(incident.fault_trees)
        if tree is not None:
            tree.name = name or tree.name
            fta.put_tree(incident, tree)
        chosen = fta.pick_tree(incident, tree.name if tree else name, create=True)
        replaced = any(t.name == chosen.name for t in before)
        fta.apply_edit(chosen, edit or fta.TreeEdit())
    return Edited(incident, TreeSaved(chosen, replaced))


def remove_fault_tree(
    store: Store,
    incident_id: str,
    editor: Editor,
    *,
    name: str | None = None,
    number: int | None = None,
) -> Edited[FaultTree]:
    """Remove the tree numbered `number` (1-based), or the one called `name` (or the only one)."""
    with changing(store, incident_id, editor) as (_, incident):
        if number is not None:
            chosen = fta.tree_at(incident, number)
        else:
            chosen = fta.pick_tree(incident, name, create=False)
        incident.fault_trees.remove(chosen)
    return Edited(incident, chosen)


# --- reviews -------------------------------------------------------------------------------------


def add_review(
    store: Store, incident_id: str, reviewer: str, editor: Editor, **details: Any
) -> Edited[Review]:
    """Record a review decision (the keywords of `hindsight.domain.review.add_review`: decision,
    role, comment, meeting_date, attendees, recording_url)."""
    with changing(store, incident_id, editor) as (_, incident):
        added = review.add_review(incident, reviewer, **details)
    return Edited(incident, added)


# --- corrective actions ----------------------------------------------------------------------------


def add_action(
    store: Store, incident_id: str, title: str, editor: Editor, **details: Any
) -> Edited[ActionItem]:
    """Add a planned corrective action (A1, A2 …), created by `editor` (the keywords of
    `hindsight.domain.actions.add_action`: owner, due, kind, horizon, verification …)."""
    with changing(store, incident_id, editor) as (_, incident):
        item = action_rules.add_action(incident, title, by=editor.name, **details)
    return Edited(incident, item)


def update_action(
    store: Store,
    incident_id: str,
    number: int,
    editor: Editor,
    *,
    changes: Mapping[str, Any] | None = None,
    status: str | ActionStatus | None = None,
    reason: str | None = None,
    evidence: str | None = None,
    verifier: str | None = None,
) -> Edited[ActionItem]:
    """Change fields of action `number` (`owner` is assigned, with its time; a title must not be
    empty), then move it to `status` if given: the lifecycle rules ask for a reason, evidence or
    a verifier where they need one. Evidence alone is recorded as is."""
    with changing(store, incident_id, editor) as (_, incident):
        item = incident.action(number)
        for name, value in (changes or {}).items():
            if name == "owner":
                action_rules.assign(item, value)
            elif name == "title":
                if not (value or "").strip():
                    raise InvalidInput("title: must not be empty", field="title")
                item.title = value.strip()
            else:
                setattr(item, name, value)
        if status is not None:
            action_rules.transition(
                item, status, by=editor.name, reason=reason, evidence=evidence, verifier=verifier
            )
        elif evidence:
            item.evidence = evidence
    return Edited(incident, item)

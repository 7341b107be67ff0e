"""Reading action items across incidents: one function per use case over the `Store`, each one
transaction, called by the faces (changing an action is `incidents.service`'s)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hindsight.domain.actions import ActionRef
from hindsight.domain.model import ActionStatus
from hindsight.domain.policy import Policy
from hindsight.draft.closure import CheckResult, Recurrence, recurred_actions, run_checks
from hindsight.store import repo
from hindsight.store.action_queries import incident_ends, list_actions
from hindsight.store.repo import Store
from hindsight.store.visibility import Viewer


def actions_of(
    store: Store,
    *,
    incident_id: str | None = None,
    statuses: Sequence[ActionStatus] = (),
    owner: str | None = None,
    due_before: date | None = None,
    due_on_or_before: date | None = None,
) -> list[ActionRef]:
    """The actions matching the filters, by due date (see `store.action_queries.list_actions`);
    a wrong `incident_id` is `NotFound`, not an empty list."""
    with store.session() as s:
        if incident_id is not None:
            repo.get_incident(s, incident_id)
        return list_actions(
            s, incident_id=incident_id, statuses=statuses, owner=owner, due_before=due_before,
            due_on_or_before=due_on_or_before,
        )  # fmt: skip


@dataclass
class OwnerReview:
    """What the weekly action review reads: the actions, when their incidents ended (resolved,
    else mitigated) and which verified actions saw their incident class recur."""

    refs: list[ActionRef]
    ends: dict[str, object]
    recurred: list[Recurrence]
    window_days: int


def review_of(
    store: Store, policy: Policy, *, owner: str | None = None, recurrence_days: int | None = None
) -> OwnerReview:
    """The actions (of `owner`, or everyone's) with their incidents' ends and the recurrences
    among them within `recurrence_days` (default: the policy's repeat window)."""
    with store.session() as s:
        refs = list_actions(s, owner=owner)
        ends = incident_ends(s, sorted({r.incident_id for r in refs}))
        window = recurrence_days or policy.repeat_window_days
        mine = {(r.incident_id, r.item.ref) for r in refs}
        recurred = [r for r in recurred_actions(s, window) if (r.incident_id, r.action) in mine]
    return OwnerReview(refs, ends, recurred, window)


def recurred(store: Store, window_days: int, viewer: Viewer | None) -> list[Recurrence]:
    """Verified actions whose incident class recurred within `window_days` after verification,
    over the incidents `viewer` may see."""
    with store.session() as s:
        return recurred_actions(s, window_days, viewer=viewer)


def check_closures(
    store: Store,
    incident_id: str | None = None,
    *,
    rules: Sequence[Path] = (),
    tests_root: Path | None = None,
) -> list[CheckResult]:
    """Run the closing checks of the actions (of one incident, or all); a wrong `incident_id`
    is `NotFound`."""
    with store.session() as s:
        if incident_id is not None:
            repo.get_incident(s, incident_id)
        return run_checks(s, incident_id, rules=rules, tests_root=tests_root)

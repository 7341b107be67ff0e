"""An incident's public version through its review: one function per use case over the `Store`
(the rules — redaction, approval, the published text — are `share.public`'s)."""

from __future__ import annotations

from hindsight.domain.model import Incident
from hindsight.share import public
from hindsight.share.public import PublicVersion, ReviewDiff
from hindsight.store.repo import Store, get_incident
from hindsight.workspace import Workspace


def review_public(
    store: Store, workspace: Workspace, incident_id: str, *, approve_as: str | None = None
) -> tuple[Incident, ReviewDiff, PublicVersion]:
    """The incident, the review of its public text and its public version: the approved one if
    the text is unchanged since approval, else the draft; with `approve_as` (the approver's
    name) the text as it renders now is approved first."""
    with store.session() as s:
        incident = get_incident(s, incident_id)
        review = public.review_diff(incident, workspace)
        if approve_as is not None:
            return incident, review, public.approve_public(s, incident, workspace, approve_as)
        return incident, review, public.approved_public(s, incident, workspace) or review.public


def publish_public(
    store: Store, workspace: Workspace, incident_id: str, actor: str
) -> PublicVersion:
    """The approved public version, audited as published; GateFailed when not approved."""
    with store.session() as s:
        return public.publish_public(s, get_incident(s, incident_id), workspace, actor)

"""The public postmortem: what customers read, and the human approval it needs first.

The public template says what happened, when and for how long, who was affected, the root cause
in plain words and what we are doing so it does not happen again — and nothing else: no names,
no raw timeline lines, no hostnames, no action owners, no why-chain internals. Restricted and
security incidents get an even more conservative text. The draft is then redacted as one
document, so a value gets the same token everywhere.

Publishing requires an approval of the exact text: a PublicApprovalRow stores the SHA-256 of
the approved markdown, so any later change to the incident (or to the workspace patterns) that
changes the public text voids it. Evidence blobs are never read or altered here.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from hindsight.domain.model import (
    ActionKind,
    ActionStatus,
    Incident,
    now_utc,
)
from hindsight.errors import GateFailed
from hindsight.share.redact import (
    RedactionContext,
    Replacement,
    masked_original,
    redact,
    workspace_patterns,
)
from hindsight.share.redact_pii import people_from_names
from hindsight.store import public as approvals
from hindsight.store.repo import StoreSession
from hindsight.timeutil import format_duration

if TYPE_CHECKING:
    from hindsight.workspace import Workspace

TEMPLATES = Path(__file__).parent.parent / "render" / "templates"

SECURITY_TAGS = frozenset(
    {"security", "breach", "data-breach", "vulnerability", "cve", "restricted"}
)

CATEGORY_WORDS = {
    "configuration": "a configuration change",
    "deployment": "a software deployment",
    "capacity": "insufficient capacity for the load we received",
    "external_dependency": "a problem at one of our third-party providers",
    "monitoring_gap": "a gap in our monitoring",
    "process_gap": "a gap in our operational procedures",
    "technical_debt": "a latent defect in our software",
    "infrastructure": "an infrastructure failure",
    "security": "a security issue",
    "data": "a problem with our data",
}

STATUS_WORDS = {
    ActionStatus.PLANNED: "planned",
    ActionStatus.IN_PROGRESS: "in progress",
    ActionStatus.BLOCKED: "planned",
    ActionStatus.DONE: "done",
    ActionStatus.VERIFIED: "done",
}

# What the internal postmortem has and the public one deliberately leaves out.
OMITTED = (
    "names of everyone involved (commander, author, participants, reviewers, action owners)",
    "the raw timeline (log lines, chat, alerts); only start/detect/mitigate/resolve times remain",
    "technical details, why-chains, contributing factors and fault trees",
    "action owners, due dates, tickets and verification notes",
    "what went well/wrong and lessons (internal learning)",
    "cost, support tickets and SLO/error-budget figures",
)


@dataclass
class PublicReplacement:
    """Where a token stands in the public text, without the value it hides: a PublicVersion
    may be serialised whole (`to_plain`) and must never carry the originals."""

    token: str
    kind: str
    rule: str
    line: int


@dataclass
class PublicVersion:
    """The redacted public markdown, where its tokens stand, and its approval (if any).
    The original values live only in the ReviewDiff a reviewer sees."""

    incident_id: str
    markdown: str
    replacements: list[PublicReplacement]
    conservative: bool
    sha256: str
    approved_by: str | None = None
    approved_at: datetime | None = None

    @property
    def approved(self) -> bool:
        return self.approved_by is not None


@dataclass
class ReviewDiff:
    """What a human checks before approving: original vs public and every replacement."""

    incident_id: str
    original: str
    draft: str
    public: PublicVersion
    replacements: list[Replacement]  # with the originals, for the reviewer's eyes only
    unified: str  # original markdown → public markdown
    redaction_diff: str  # public draft → redacted public text: only the redacted lines
    omitted: list[str] = field(default_factory=lambda: list(OMITTED))


def roster(incident: Incident) -> list[str]:
    """Everyone named anywhere in the incident: these names never reach the public text."""
    names: list[str | None] = [incident.commander, incident.author, *incident.participants]
    for action in incident.actions:
        names += [action.owner, action.verifier, *(change.by for change in action.history)]
    for review in incident.reviews:
        names += [review.reviewer, *review.attendees]
    names += [event.actor for event in incident.timeline]
    return [name for name in names if name]


def context_for(incident: Incident, workspace: Workspace | None) -> RedactionContext:
    patterns = workspace_patterns(workspace.config) if workspace is not None else {}
    return RedactionContext(people=people_from_names(roster(incident)), patterns=patterns)


def is_conservative(incident: Incident) -> bool:
    """Restricted and security incidents: publish the facts of impact, nothing of the cause."""
    tags = {tag.lower() for tag in incident.tags}
    return bool(
        incident.restricted or incident.root_cause_category == "security" or tags & SECURITY_TAGS
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "unknown"


def public_facts(incident: Incident) -> dict[str, Any]:
    """The template's inputs, built from the incident by plain rules (no I/O)."""
    conservative = is_conservative(incident)
    day = incident.started_at.strftime("%Y-%m-%d") if incident.started_at else "an earlier date"
    when = []
    for label, moment in (
        ("The problem began", incident.started_at),
        ("We detected it", incident.detected_at),
        ("Impact was mitigated", incident.mitigated_at),
        ("Fully resolved", incident.resolved_at),
    ):
        if moment:
            when.append(f"{label}: {_when(moment)}")
    if incident.started_at and incident.resolved_at:
        when.append(
            f"Total duration: {format_duration(incident.resolved_at - incident.started_at)}"
        )
    impact = incident.impact
    affected = []
    if impact.users_affected == 0:
        affected.append("We found no impact on customers.")
    elif impact.users_affected is not None:
        share = f" ({impact.users_affected_pct:g}% of users)" if impact.users_affected_pct else ""
        affected.append(f"About {impact.users_affected:,} users were affected{share}.")
    elif impact.users_affected_pct is not None:
        affected.append(f"About {impact.users_affected_pct:g}% of users were affected.")
    if impact.downtime_minutes:
        affected.append(
            f"The service was unavailable for {format_duration(impact.downtime_minutes * 60)}."
        )
    if incident.services and not conservative:
        affected.append("Affected services: " + ", ".join(incident.services) + ".")
    if impact.data_loss is True:
        affected.append("Some data was lost; affected customers are being contacted directly.")
    elif impact.data_loss is False:
        affected.append("No customer data was lost.")
    if not affected:
        affected.append("Some customers experienced errors or degraded performance.")
    category = CATEGORY_WORDS.get(incident.root_cause_category or "")
    if conservative:
        cause = (
            "The cause has been identified and addressed. To protect our customers, we are not "
            "publishing technical details of this incident."
        )
    else:
        opening = f"In short, the incident was caused by {category}." if category else ""
        cause = "\n\n".join(p for p in (opening, incident.root_cause.strip()) if p) or (
            "We are still confirming the root cause and will update this report."
        )
    actions = [
        f"{a.title.strip().rstrip('.')} ({STATUS_WORDS[a.status]})"
        for a in sorted(incident.actions, key=lambda a: a.number)
        if a.status in STATUS_WORDS and a.kind is not ActionKind.LEARN
    ]
    done = sum(
        1 for a in incident.actions if a.status in {ActionStatus.DONE, ActionStatus.VERIFIED}
    )
    return {
        "title": f"Incident report: {day}" if conservative else incident.title,
        "reference_line": f"Reference {incident.id}",
        "conservative": conservative,
        "conservative_summary": (
            f"On {day} we handled an incident"
            + (" that affected some of our customers" if impact.users_affected != 0 else "")
            + (
                ". It has been resolved."
                if incident.resolved_at
                else ". We are still working on it."
            )
        ),
        "summary": incident.summary.strip(),
        "when": when or ["The times of this incident are still being confirmed."],
        "affected": affected,
        "cause": cause,
        "resolution": "" if conservative else incident.resolution.strip(),
        "actions": actions,
        "conservative_actions": (
            f"We identified {_count(len(actions), 'improvement')} and have completed {done} of them."
            if actions
            else "We are putting further safeguards in place."
        ),
    }


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=False,  # markdown out; HTML is escaped when public_html renders it
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )


def public_draft(incident: Incident) -> str:
    """The public template filled in, before redaction (never shown outside a review)."""
    text = _environment().get_template("public.md.j2").render(**public_facts(incident))
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


def render_public(incident: Incident, workspace: Workspace | None = None) -> PublicVersion:
    """The redacted public markdown and where each replacement stands in it."""
    return _render(incident, workspace)[0]


def _render(
    incident: Incident, workspace: Workspace | None
) -> tuple[PublicVersion, list[Replacement]]:
    context = context_for(incident, workspace)
    result = redact(public_draft(incident), context)
    digest = hashlib.sha256(result.text.encode("utf-8")).hexdigest()
    version = PublicVersion(
        incident_id=incident.id,
        markdown=result.text,
        replacements=[
            PublicReplacement(r.token, r.kind.value, r.rule, r.line) for r in result.replacements
        ],
        conservative=is_conservative(incident),
        sha256=digest,
    )
    return version, result.replacements


def _original_markdown(incident: Incident, workspace: Workspace | None) -> str:
    try:
        from hindsight.render.markdown import render_markdown
    except ImportError:  # the markdown renderer is optional here
        return public_draft(incident)
    return render_markdown(incident, workspace.policy if workspace is not None else None)


def review_diff(incident: Incident, workspace: Workspace | None = None) -> ReviewDiff:
    """Original vs public, and the draft vs redacted lines with each replacement's rule."""
    original = _original_markdown(incident, workspace)
    draft = public_draft(incident)
    version, replacements = _render(incident, workspace)
    unified = "".join(
        difflib.unified_diff(
            original.splitlines(keepends=True),
            version.markdown.splitlines(keepends=True),
            fromfile=f"{incident.id} (internal)",
            tofile=f"{incident.id} (public)",
        )
    )
    redaction_diff = "".join(
        difflib.unified_diff(
            masked_original(draft, replacements).splitlines(keepends=True),
            version.markdown.splitlines(keepends=True),
            fromfile=f"{incident.id} (public draft)",
            tofile=f"{incident.id} (public, redacted)",
            n=0,
        )
    )
    return ReviewDiff(incident.id, original, draft, version, replacements, unified, redaction_diff)


def replacement_rows(items: list[Replacement]) -> list[dict[str, Any]]:
    """Replacements as JSON-ready rows for a review screen: secrets masked, PII in clear (the
    reviewer must see what is hidden). Use this, not `to_plain`, which would print secrets.
    `confidence` below 1 marks a guess (a name found by its shape and context) to check first."""
    return [
        {
            "line": r.line,
            "kind": r.kind.value,
            "rule": r.rule,
            "confidence": round(r.confidence, 2),
            "original": r.shown,
            "token": r.token,
        }
        for r in items
    ]


# --- approval ----------------------------------------------------------------------------------


def approve_public(
    session: StoreSession, incident: Incident, workspace: Workspace | None, approver: str
) -> PublicVersion:
    """Record that `approver` approved the public text exactly as it renders now."""
    from hindsight.store.repo import record_audit

    version = render_public(incident, workspace)
    moment = now_utc()
    approvals.add_approval(session, incident.id, version.sha256, approver, moment)
    record_audit(
        session,
        approver,
        incident.id,
        "approve_public",
        field="public_version",
        new=version.sha256,
        reason=f"{len(version.replacements)} replacements reviewed",
    )
    version.approved_by, version.approved_at = approver, moment
    return version


def approved_public(
    session: StoreSession, incident: Incident, workspace: Workspace | None
) -> PublicVersion | None:
    """The public version if its current text was approved; None when never approved or when
    the incident changed since (the approval is then void)."""
    version = render_public(incident, workspace)
    found = approvals.latest_approval(session, incident.id, version.sha256)
    if found is None:
        return None
    version.approved_by, version.approved_at = found.approved_by, found.approved_at
    return version


def publish_public(
    session: StoreSession, incident: Incident, workspace: Workspace | None, actor: str
) -> PublicVersion:
    """The approved public version, audited as published; GateFailed when not approved."""
    from hindsight.store.repo import record_audit

    version = approved_public(session, incident, workspace)
    if version is None:
        stale = approvals.has_any_approval(session, incident.id)
        reason = (
            "its approval is void because the public text changed since it was approved"
            if stale
            else "it has not been approved"
        )
        raise GateFailed(
            f"cannot publish the public version of {incident.id}: {reason}; review it with "
            f"`hindsight redact {incident.id} --diff`, then `hindsight redact {incident.id} --approve`"
        )
    record_audit(
        session, actor, incident.id, "publish_public", field="public_version", new=version.sha256
    )
    return version


def public_html(version: PublicVersion) -> str:
    """A standalone HTML page of the public markdown (raw HTML in the text is escaped)."""
    from html import escape

    from markdown_it import MarkdownIt

    body = str(MarkdownIt("commonmark", {"html": False}).render(version.markdown))
    title = version.markdown.splitlines()[0].lstrip("# ").strip() if version.markdown else ""
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<style>body{font:16px/1.6 system-ui,sans-serif;max-width:46rem;margin:2rem auto;"
        "padding:0 1rem;color:#1f2328}h1{font-size:1.8rem}h2{margin-top:2rem;font-size:1.25rem}"
        "</style></head>\n<body>\n" + body + "</body></html>\n"
    )

"""`draft_incident`: the drafting use case both faces call (`hindsight draft`, the Draft buttons).

Read the incident → write the sections (from the facts, or by the configured model, checked) →
blameless lint and SMART checks → optionally apply, in one transaction, only to the fields the
author has not written (unless `force`), never an unverified or blaming sentence.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

import httpx

from hindsight.domain.model import ContributingFactor, Incident, now_utc
from hindsight.draft import model as llm
from hindsight.draft.claims import SECTIONS, Draft, Section, Sentence, Status, fact_index
from hindsight.draft.deterministic import draft_sections
from hindsight.errors import Conflict, InvalidInput, NotFound
from hindsight.quality.actions import check_actions
from hindsight.quality.lint import blame_findings
from hindsight.share.public import context_for
from hindsight.share.redact import redact
from hindsight.store.repo import Store, get_incident, list_evidence, record_audit, save_incident
from hindsight.store.visibility import Viewer, can_see
from hindsight.workspace import Workspace

# Which incident field each section fills when applied (impact goes into the summary's 2nd paragraph).
TARGETS = {
    "summary": "summary",
    "impact": "summary",
    "timeline": "technical_details",
    "causes": "factors",
    "went_well": "went_well",
    "went_wrong": "went_wrong",
}
CAUSE_CATEGORY = "Technology"


def parse_sections(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """`summary,impact` → ("summary", "impact"); None or empty → every section."""
    if text is None:
        return SECTIONS
    parts = text.split(",") if isinstance(text, str) else list(text)
    names = tuple(dict.fromkeys(p.strip().lower().replace("-", "_") for p in parts if p.strip()))
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        raise InvalidInput(
            f"--sections: unknown section {unknown[0]!r}; accepted: {', '.join(SECTIONS)}",
            field="sections",
        )
    return names or SECTIONS


def is_written(incident: Incident, section: str) -> bool:
    """Has the author already written the field `section` fills?"""
    if section == "causes":
        return bool(incident.factors or incident.root_cause.strip())
    value = getattr(incident, TARGETS[section])
    return bool(value.strip() if isinstance(value, str) else value)


def draft_incident(
    store: Store,
    workspace: Workspace,
    incident_id: str,
    actor: str,
    *,
    sections: tuple[str, ...] = SECTIONS,
    use_model: bool = False,
    apply: bool = False,
    force: bool = False,
    today: date | None = None,
    client: httpx.Client | None = None,
    viewer: Viewer | None = None,
) -> Draft:
    """Draft `sections` of `incident_id`; with `apply`, write them (see module docstring).
    `use_model` needs `[draft] endpoint` in hindsight.toml; `client` lets tests inject transport.
    With `viewer`, an incident they may not see reads as missing (checked in the transaction that
    loads it; applying refuses an incident changed since)."""
    with store.session() as s:
        incident = get_incident(s, incident_id)
        if viewer is not None and incident.restricted and not can_see(s, viewer, incident.id):
            raise NotFound(f"no incident {incident.id}")
        files = {e.sha256: e.filename for e in list_evidence(s, incident.id)}
    facts = fact_index(incident, files)
    if use_model:
        draft = _model_draft(store, workspace, incident, facts, sections, actor, client)
    else:
        draft = Draft(incident.id, incident.version, "facts", draft_sections(incident, sections))
    check(draft, incident, workspace, today or now_utc().date())
    for section in draft.sections:
        section.written = is_written(incident, section.name)
    if apply:
        apply_draft(store, draft, actor, force=force)
    return draft


def _model_draft(
    store: Store,
    workspace: Workspace,
    incident: Incident,
    facts: dict[str, str],
    sections: tuple[str, ...],
    actor: str,
    client: httpx.Client | None,
) -> Draft:
    config = llm.model_config(workspace.config, dict(os.environ))
    if config is None:
        raise InvalidInput(
            "no model configured: set [draft] endpoint and model in hindsight.toml "
            "(or draft without --model)",
            field="draft.endpoint",
        )
    sent = llm.facts_to_send(incident, facts)
    redaction = redact(llm.facts_document(sent), context_for(incident, workspace))
    redacted = dict(
        line[1:].split("] ", 1) for line in redaction.text.splitlines() if line.startswith("[")
    )
    restore = {r.token: r.original for r in redaction.replacements if r.kind.value != "SECRET"}
    body = llm.build_request(config, redaction.text, sections)
    with store.session() as s:  # the request is on record even if the model never answers
        record_audit(
            s, actor, incident.id, "draft-model-request", field=config.model,
            new={"endpoint": config.shown, "model": config.model, "sections": list(sections),
                 "characters": len(redaction.text), "redacted": redaction.counts(),
                 "sha256": llm.request_digest(body)},
        )  # fmt: skip
    content = llm.ask(config, body, client)
    answer = llm.parse_answer(content, f"draft model at {config.shown}")
    checked = llm.sections_from_answer(answer, sections, redacted, restore)
    return Draft(incident.id, incident.version, f"model:{config.model}", checked)


def check(draft: Draft, incident: Incident, workspace: Workspace, today: date) -> None:
    """The blameless linter over every drafted sentence (through `quality.lint.blame_findings`, so
    the incident's people are known by name), and the SMART checks over the incident's actions."""
    sentences = [s for section in draft.sections for s in section.sentences]
    probe = replace(copy.copy(incident), lessons=[s.text for s in sentences])
    for finding in blame_findings(probe):
        if finding.field and finding.field.startswith("lessons["):
            index = int(finding.field[len("lessons[") : -1]) - 1
            sentences[index].findings.append(replace(finding, field=None))
    draft.findings = check_actions(incident, workspace.policy, today)


def usable(sentence: Sentence) -> bool:
    """Only supported, blameless sentences are ever written into the postmortem."""
    return sentence.status is not Status.UNVERIFIED and not sentence.findings


def apply_draft(store: Store, draft: Draft, actor: str, *, force: bool = False) -> Incident:
    """Write the drafted sections into the incident in one transaction (audited per field, like any
    edit): only fields the author has not written unless `force`; never unverified or blaming
    sentences (each skip is recorded in `draft.skipped`). Conflict when the incident changed."""
    with store.session() as s:
        incident = get_incident(s, draft.incident_id)
        if incident.version != draft.version:
            raise Conflict(
                f"{incident.id} changed since it was drafted (version {draft.version} → "
                f"{incident.version}); draft again",
                current_version=incident.version,
            )
        texts: dict[str, list[Section]] = {}
        for section in draft.sections:
            for sentence in section.sentences:
                if not usable(sentence):
                    why = sentence.note if sentence.status is Status.UNVERIFIED else "blame finding"
                    draft.skipped.append(f"{section.name}: not applied ({why}): {sentence.text}")
            if not any(usable(x) for x in section.sentences):
                continue
            if is_written(incident, section.name) and not force:
                draft.skipped.append(
                    f"{section.name}: the author has written {TARGETS[section.name]}; "
                    "kept (use --force to replace)"
                )
                continue
            texts.setdefault(TARGETS[section.name], []).append(section)
        for target, chosen in texts.items():
            _write(incident, target, chosen)
            for section in chosen:
                section.applied = True
        if texts:
            incident = save_incident(s, incident, actor, reason=f"draft ({draft.source})")
        return incident


def _write(incident: Incident, target: str, sections: list[Section]) -> None:
    kept = [[x.text for x in section.sentences if usable(x)] for section in sections]
    if target == "summary":
        incident.summary = "\n\n".join(" ".join(paragraph) for paragraph in kept)
    elif target == "technical_details":
        incident.technical_details = "\n".join(f"- {line}" for line in kept[0])
    elif target == "factors":
        incident.factors = [ContributingFactor(CAUSE_CATEGORY, line) for line in kept[0]]
    else:
        setattr(incident, target, kept[0])

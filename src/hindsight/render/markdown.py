"""Postmortems as markdown: `render_markdown` writes the document teams expect, and
`parse_markdown` reads it back exactly — and reads hand-written postmortems of the common shape.

The YAML front matter is the record of the incident's scalar fields (times, severity, people,
impact); the header lines, the impact figures and "Preventing recurrence" are views of it (or of
the actions), and an edit made in a view is reported as a warning rather than lost. Everything
else (prose, timeline, 5 Whys, factors, fault trees, actions, reviews) lives in the body, where
people edit it. Per-row data nobody reads (event source, action history …) rides along in hidden
`<!--hs {...}-->` comments, so a row survives being moved or edited; action fields people do read
(verifier, evidence, status reason …) sit in a "A1 details — …" line under each action table.
Strings markdown cannot show as they are (outer spaces, carriage returns) are kept in the front
matter's `exact` list.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import yaml

from hindsight.domain.model import (
    ActionItem,
    ActionKind,
    ActionStatus,
    Impact,
    Incident,
    ReviewDecision,
    TimelineEvent,
    to_plain,
)
from hindsight.domain.policy import Policy
from hindsight.render.mdtext import (
    dump_meta,
    escape_plain,
    escape_prose,
    fence_for,
)
from hindsight.timeutil import format_duration, iso

STATUS_LABELS: dict[ActionStatus, str] = {
    ActionStatus.PLANNED: "📅 Planned",
    ActionStatus.IN_PROGRESS: "🔄 In Progress",
    ActionStatus.BLOCKED: "🚫 Blocked",
    ActionStatus.DONE: "✅ Done",
    ActionStatus.VERIFIED: "☑️ Verified",
    ActionStatus.WONT_DO: "⏭️ Won't do",
}
DECISION_LABELS: dict[ReviewDecision, str] = {
    ReviewDecision.PENDING: "⏳ Pending",
    ReviewDecision.APPROVED: "✅ Approved",
    ReviewDecision.CHANGES_REQUESTED: "✏️ Changes requested",
}
KIND_HEADINGS: dict[ActionKind, str] = {
    ActionKind.PREVENT: "Prevent",
    ActionKind.DETECT: "Detect",
    ActionKind.MITIGATE: "Mitigate",
    ActionKind.LEARN: "Learn",
}
TIMELINE_HEADER = "| Time (UTC) | Event | Action |"
ACTION_HEADER = "| # | Action | Owner | Deadline | Status | Verification | Ticket |"
REVIEW_HEADER = "| Reviewer | Role | Decision | Meeting | Attendees | Recording | Comment |"


@dataclass
class ParsedPostmortem:
    """What `parse_markdown` read: the incident, and each thing it could not read ("file:line: …")."""

    incident: Incident
    warnings: list[str] = field(default_factory=list)
    source: str = "<file>"  # the file name used in the warnings


def parse_markdown(
    text: str, source: str = "<file>", *, incident_id: str | None = None
) -> ParsedPostmortem:
    """Read a postmortem written by `render_markdown` (exactly) or by hand (best effort, with
    warnings). `incident_id` overrides the id found in the file. Raises InvalidInput on binary text."""
    from hindsight.render.mdparse import parse

    return parse(text, source, incident_id=incident_id)


# ---- front matter -------------------------------------------------------------------------


def front_matter(incident: Incident) -> dict[str, Any]:
    """The YAML record of the incident's scalar fields, in the order people scan them."""
    inc = incident
    impact = {
        k: v
        for k, v in to_plain(inc.impact).items()
        if v is not None and k not in ("money_lost", "currency")
    }
    financial: dict[str, Any] | None = None
    if inc.impact.money_lost is not None or inc.impact.currency != "USD":
        financial = {"amount": inc.impact.money_lost, "currency": inc.impact.currency}
    duration = inc.duration_minutes
    return {
        "incident_id": inc.id,
        "title": inc.title,
        "date": inc.started_at.date().isoformat() if inc.started_at else None,
        "severity": inc.severity,
        "status": inc.status.value,
        "duration": format_duration(duration * 60) if duration is not None else None,
        "started": iso(inc.started_at),
        "detected": iso(inc.detected_at),
        "acknowledged": iso(inc.acknowledged_at),
        "mitigated": iso(inc.mitigated_at),
        "resolved": iso(inc.resolved_at),
        "root_cause": inc.root_cause,
        "root_cause_category": inc.root_cause_category,
        "tags": list(inc.tags),
        "affected_services": list(inc.services),
        "financial_impact": financial,
        "impact": impact,
        "commander": inc.commander,
        "author": inc.author,
        "participants": list(inc.participants),
        "restricted": inc.restricted,
        "repeat_of": inc.repeat_of,
        "created": iso(inc.created_at),
        "drafted": iso(inc.drafted_at),
        "published": iso(inc.published_at),
        "closed": iso(inc.closed_at),
        # The store's version is a concurrency token, not content: leaving it out makes an
        # exported tree re-import into identical markdown. This marker says the file is ours.
        "format": FORMAT_MARKER,
    }


FORMAT_MARKER = "hindsight-postmortem/1"


# ---- rendering ----------------------------------------------------------------------------


def render_markdown(incident: Incident, policy: Policy | None = None) -> str:
    """The postmortem as markdown: front matter, header lines, then the sections in the order
    teams read them. `parse_markdown` of the result gives back an equal Incident.

    Markdown cannot show some strings as they are (a trailing newline, a carriage return, a
    title with outer spaces): such values are written exactly in the front matter's `exact`
    list next to what the body shows, and win on reading unless the body was edited.
    """
    text = _render(incident, policy, [])
    from hindsight.render.mdparse import parse

    exact = string_differences(incident, parse(text, "<render>").incident)
    return _render(incident, policy, exact) if exact else text


def string_differences(expected: Any, actual: Any, path: str = "") -> list[dict[str, str]]:
    """Text fields where `actual` differs from `expected`: [{path, value, shown}] ("timeline.3.text")."""
    if isinstance(expected, str) and isinstance(actual, str):
        return [] if expected == actual else [{"path": path, "value": expected, "shown": actual}]
    out: list[dict[str, str]] = []
    if dataclasses.is_dataclass(expected) and type(expected) is type(actual):
        for f in dataclasses.fields(expected):
            sub = f"{path}.{f.name}" if path else f.name
            out += string_differences(getattr(expected, f.name), getattr(actual, f.name), sub)
    elif isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for index, (a, b) in enumerate(zip(expected, actual, strict=True)):
            out += string_differences(a, b, f"{path}.{index}")
    return out


def _render(incident: Incident, policy: Policy | None, exact: list[dict[str, str]]) -> str:
    categories = list(policy.factor_categories) if policy else None
    meta = yaml.safe_dump(
        front_matter(incident), allow_unicode=True, sort_keys=False, width=math.inf
    )
    if exact:  # ASCII escapes: YAML itself would turn some characters (NEL, U+2028) into breaks
        meta += yaml.safe_dump(
            {"exact": exact}, allow_unicode=False, sort_keys=False, width=math.inf
        )
    parts = [f"---\n{meta}---", f"# {escape_plain(incident.title)}", _header(incident)]
    parts += _executive_summary(incident)
    parts += _impact(incident)
    parts += _timeline(incident)
    parts += _root_cause_analysis(incident, categories)
    parts += _list_section("What Went Well", incident.went_well)
    parts += _list_section("What Went Wrong", incident.went_wrong)
    parts += _actions(incident)
    parts += _list_section("Lessons Learned", incident.lessons)
    parts += _references(incident)
    parts += _sign_off(incident)
    # a NUL would make the file binary: shown as U+FFFD, the exact value rides in the front matter
    return ("\n\n".join(p for p in parts if p) + "\n").replace("\x00", "\ufffd")


def _when(moment: datetime | None) -> str:
    """A UTC instant as people write it in a table: 2025-12-15 22:47 (seconds only when set)."""
    if moment is None:
        return ""
    text = iso(moment) or ""
    text = text.replace("T", " ").removesuffix("Z")
    return text.removesuffix(":00") if len(text) == 19 else text


def header_rows(inc: Incident) -> list[tuple[str, str]]:
    """The `**Name:** value` lines under the title (values escaped), a view of the front matter."""
    duration = inc.duration_minutes
    rows: list[tuple[str, str | None]] = [
        ("Date", inc.started_at.date().isoformat() if inc.started_at else None),
        ("Start", _when(inc.started_at) + " UTC" if inc.started_at else None),
        ("Detected", _when(inc.detected_at) + " UTC" if inc.detected_at else None),
        ("Recovery", _when(inc.resolved_at) + " UTC" if inc.resolved_at else None),
        ("Duration", format_duration(duration * 60) if duration is not None else None),
        ("Severity", escape_plain(inc.severity)),
        ("Status", inc.status.value.replace("_", " ")),
        ("Commander", escape_plain(inc.commander) if inc.commander else None),
        ("Author", escape_plain(inc.author) if inc.author else None),
        ("Participants", escape_plain(", ".join(inc.participants)) if inc.participants else None),
        ("Services", escape_plain(", ".join(inc.services)) if inc.services else None),
    ]
    return [(name, value) for name, value in rows if value]


def _header(inc: Incident) -> str:
    return "\n".join(f"**{name}:** {value}  " for name, value in header_rows(inc)).rstrip()


def derived_text(inc: Incident) -> dict[str, str]:
    """Sections drawn from other fields, as rendered; the parser compares what it reads with
    these so that an edit made there is reported instead of silently lost."""
    services = (
        [f"- **Affected services:** {escape_plain(', '.join(inc.services))}"]
        if inc.services
        else []
    )
    return {
        "impact_numbers": "\n".join(_impact_lines(inc.impact)),
        "impact": "\n".join(services + _impact_lines(inc.impact)),
        "preventing": "\n".join(
            f"- {a.ref}: {escape_plain(a.title)}"
            for a in inc.actions
            if a.kind == ActionKind.PREVENT
        ),
    }


def _prose(text: str) -> str:
    return escape_prose(text) if text else ""


def _impact_lines(imp: Impact) -> list[str]:
    lines = []
    if imp.users_affected is not None:
        pct = f" ({imp.users_affected_pct:g}%)" if imp.users_affected_pct is not None else ""
        lines.append(f"- **Users affected:** {imp.users_affected:,}{pct}")
    elif imp.users_affected_pct is not None:
        lines.append(f"- **Users affected:** {imp.users_affected_pct:g}%")
    if imp.downtime_minutes is not None:
        lines.append(f"- **Downtime:** {format_duration(imp.downtime_minutes * 60)}")
    if imp.money_lost is not None:
        lines.append(f"- **Financial impact:** {imp.money_lost:,.2f} {escape_plain(imp.currency)}")
    if imp.sla_breached is not None:
        lines.append(f"- **SLA breached:** {'yes' if imp.sla_breached else 'no'}")
    if imp.slo:
        lines.append(f"- **SLO:** {escape_plain(imp.slo)}")
    if imp.error_budget_consumed_pct is not None:
        lines.append(f"- **Error budget consumed:** {imp.error_budget_consumed_pct:g}%")
    if imp.support_tickets is not None:
        lines.append(f"- **Support tickets:** {imp.support_tickets:,}")
    if imp.data_loss is not None:
        lines.append(f"- **Data loss:** {'yes' if imp.data_loss else 'no'}")
    if imp.customer_facing is not None:
        lines.append(f"- **Customer facing:** {'yes' if imp.customer_facing else 'no'}")
    return lines


def _executive_summary(inc: Incident) -> list[str]:
    derived = derived_text(inc)
    return [
        "## Executive Summary",
        "### What happened",
        _prose(inc.summary),
        "### Impact in numbers",
        derived["impact_numbers"],
        "### Root cause",
        _prose(inc.root_cause),
        "### Resolution",
        _prose(inc.resolution),
        "### Preventing recurrence",
        derived["preventing"],
    ]


def _impact(inc: Incident) -> list[str]:
    return ["## Impact", derived_text(inc)["impact"]]


def _event_meta(event: TimelineEvent) -> dict[str, Any]:
    default = TimelineEvent(at=event.at, text=event.text)
    data: dict[str, Any] = {}
    for name in (
        "kind",
        "source",
        "actor",
        "evidence",
        "service",
        "level",
        "count",
        "template",
        "id",
    ):
        value = getattr(event, name)
        if value != getattr(default, name):
            data[name] = to_plain(value)
    if event.last_at is not None:
        data["last_at"] = iso(event.last_at)
    if event.detail:
        data["detail"] = event.detail
    if event.action == "":
        data["action"] = ""
    return data


def _timeline(inc: Incident) -> list[str]:
    rows = [TIMELINE_HEADER, "| --- | --- | --- |"]
    for event in inc.timeline:
        text = escape_plain(event.text)
        if event.key:
            text = f"**{text}**"
        if event.milestone is not None:
            text = f"**[{event.milestone.value.title()}]** {text}"
        action = escape_plain(event.action) if event.action else ""
        meta = dump_meta(_event_meta(event))
        rows.append(f"| {_when(event.at)} | {text}{meta} | {action} |")
    body = "\n".join(rows) if inc.timeline else ""
    return ["## Timeline", body]


def _root_cause_analysis(inc: Incident, categories: list[str] | None) -> list[str]:
    parts = ["## Root Cause Analysis", "### Technical details", _prose(inc.technical_details)]
    parts.append("### 5 Whys")
    for chain in inc.why_chains:
        parts.append(f"#### {escape_plain(chain.problem)}")
        steps = []
        for n, step in enumerate(chain.steps, 1):
            evidence = ", ".join(f"#{e}" for e in step.evidence)
            suffix = f" _(evidence: {evidence})_" if step.evidence else ""
            answer = _item(step.answer) if not suffix else escape_plain(step.answer)
            steps.append(f"{n}. {answer}{suffix}")
        parts.append("\n".join(steps))
    parts += ["### Root cause", _prose(inc.root_cause)]
    if inc.root_cause_category:
        parts.append(f"**Category:** {escape_plain(inc.root_cause_category)}")
    parts.append("### Contributing factors")
    parts += _grouped(
        inc.factors,
        key=lambda f: f.category,
        heading=lambda c: f"#### {escape_plain(c)}",
        block=lambda items: "\n".join(f"- {_item(f.text, m)}" for f, m in items),
    )
    fishbone = _diagram("fishbone_mermaid", inc, categories or _categories(inc))
    if fishbone and inc.factors:
        parts += ["### Fishbone", fishbone]
    parts.append("### Fault trees")
    for tree in inc.fault_trees:
        body = yaml.safe_dump(to_plain(tree), allow_unicode=True, sort_keys=False, width=math.inf)
        fence = fence_for(body)
        parts += [f"#### {escape_plain(tree.name)}", f"{fence}yaml\n{body}{fence}"]
        diagram = _diagram("fault_tree_mermaid", tree)
        if diagram:
            parts.append(diagram)
    return parts


def _categories(inc: Incident) -> list[str]:
    return list(dict.fromkeys(f.category for f in inc.factors))


def _diagram(name: str, *args: Any) -> str:
    """A mermaid block from the analysis package when it is installed; '' otherwise."""
    try:
        from hindsight.analysis import diagrams

        text = str(getattr(diagrams, name)(*args)).strip()
    except Exception:  # diagrams are an optional view; the document must render without them
        return ""
    if not text:
        return ""
    fence = fence_for(text)
    return f"{fence}mermaid\n{text}\n{fence}"


def _grouped(
    items: list[Any],
    *,
    key: Callable[[Any], str],
    heading: Callable[[str], str],
    block: Callable[[list[tuple[Any, dict[str, Any]]]], str],
    order: Iterable[str] | None = None,
) -> list[str]:
    """Items grouped under headings; a hidden "i" keeps the original order where grouping moves one."""
    groups: dict[str, list[int]] = {}
    for g in order or ():
        groups[g] = []
    for index, item in enumerate(items):
        groups.setdefault(key(item), []).append(index)
    parts: list[str] = []
    position = 0
    for name, indexes in groups.items():
        if not indexes:
            continue
        entries = []
        for index in indexes:
            entries.append((items[index], {"i": index} if index != position else {}))
            position += 1
        parts += [heading(name), block(entries)]
    return parts


# Action fields people read, shown in a details line under the table: (label, attribute).
ACTION_DETAILS = (
    ("Verifier", "verifier"),
    ("Evidence", "evidence"),
    ("Status reason", "status_reason"),
    ("Horizon", "horizon"),
    ("Prevention level", "prevention_level"),
    ("Impact", "impact"),
    ("Effort", "effort"),
)


def _action_row(item: ActionItem, meta: dict[str, Any]) -> str:
    data = dict(meta)
    for name in ("created_at", "assigned_at", "done_at", "verified_at"):
        if getattr(item, name) is not None:
            data[name] = iso(getattr(item, name))
    if item.history:
        data["history"] = [
            {"at": iso(h.at), "status": h.status.value, "by": h.by, "reason": h.reason}
            for h in item.history
        ]
    for name in ("owner", "verification", "ticket_url"):
        if getattr(item, name) == "":
            data[name] = ""
    owner = (
        escape_plain(item.owner, extra="@" if item.owner and item.owner.startswith("@") else "")
        if item.owner
        else ""
    )
    cells = [
        item.ref,
        escape_plain(item.title),
        owner,
        item.due.isoformat() if item.due else "",
        STATUS_LABELS[item.status],
        escape_plain(item.verification) if item.verification else "",
        escape_plain(item.ticket_url) if item.ticket_url else "",
    ]
    cells[-1] += dump_meta(data)
    return "| " + " | ".join(cells) + " |"


def _action_details(item: ActionItem) -> str | None:
    """ "- A1 details — Verifier: Aiko; Horizon: long_term" for the fields not at their default."""
    default = ActionItem(number=item.number, title=item.title)
    parts = []
    for label, name in ACTION_DETAILS:
        value = getattr(item, name)
        if value != getattr(default, name):  # defaults are None or short_term: never None here
            parts.append(f"{label}: {escape_plain(str(to_plain(value)), extra=';')}")
    return f"- {item.ref} details — " + "; ".join(parts) if parts else None


def _action_block(items: list[tuple[ActionItem, dict[str, Any]]]) -> str:
    table = [ACTION_HEADER, "| --- | --- | --- | --- | --- | --- | --- |"]
    table += [_action_row(a, m) for a, m in items]
    details = [d for a, _ in items if (d := _action_details(a))]
    return "\n".join(table) + ("\n\n" + "\n".join(details) if details else "")


def _actions(inc: Incident) -> list[str]:
    parts = ["## Action Items"]
    parts += _grouped(
        inc.actions,
        key=lambda a: a.kind.value,
        heading=lambda k: f"### {KIND_HEADINGS[ActionKind(k)]}",
        block=_action_block,
        order=[k.value for k in ActionKind],
    )
    return parts


def _item(text: str, meta: dict[str, Any] | None = None) -> str:
    """A list item's text and hidden data; a blank text gets a marker so the item survives."""
    data = dict(meta or {})
    if not text.strip():
        data["blank"] = True
        return dump_meta(data).lstrip()
    return escape_plain(text) + dump_meta(data)


def _list_section(title: str, items: list[str]) -> list[str]:
    return [f"## {title}", "\n".join(f"- {_item(item)}" for item in items)]


def _references(inc: Incident) -> list[str]:
    lines = [f"- [{escape_plain(r.label)}](<{escape_plain(r.url)}>)" for r in inc.references]
    return ["## References", "\n".join(lines)]


def _sign_off(inc: Incident) -> list[str]:
    if not inc.reviews:
        return ["## Sign-off"]
    rows = [REVIEW_HEADER, "| --- | --- | --- | --- | --- | --- | --- |"]
    for review in inc.reviews:
        data: dict[str, Any] = {}
        for name in ("role", "comment", "recording_url"):
            if getattr(review, name) == "":
                data[name] = ""
        if len(review.attendees) == 1 and review.attendees[0] == "":
            data["attendees"] = [""]
        cells = [
            escape_plain(review.reviewer),
            escape_plain(review.role) if review.role else "",
            DECISION_LABELS[review.decision],
            review.meeting_date.isoformat() if review.meeting_date else "",
            ", ".join(escape_plain(a, extra=",") for a in review.attendees),
            escape_plain(review.recording_url) if review.recording_url else "",
            (escape_plain(review.comment) if review.comment else "") + dump_meta(data),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return ["## Sign-off", "\n".join(rows)]

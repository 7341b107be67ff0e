"""Open actions out to where work is tracked: GitHub issues, Jira, a calendar; and the weekly review.

- GitHub: a JSON list of bodies for `POST /repos/{owner}/{repo}/issues` (title, body, assignees,
  labels; no milestone, which is a per-repository number).
- Jira: a CSV for the Jira CSV importer (Summary, Description, Assignee, Due Date, Issue Type,
  Labels, Priority); one Labels column per label, as the importer expects for multiple values.
- iCalendar: RFC 5545 — CRLF line ends, lines folded at 75 octets, one all-day VEVENT per due date.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime, timedelta

from hindsight.domain.actions import ActionRef, priority
from hindsight.domain.followup import FollowupReport
from hindsight.domain.model import Level, now_utc
from hindsight.errors import InvalidInput

FORMATS = ("github", "jira", "ics")


def _labels(ref: ActionRef) -> list[str]:
    item = ref.item
    labels = [
        "postmortem",
        f"action:{item.kind.value}",
        f"horizon:{item.horizon.value}",
        ref.incident_id,
    ]
    if item.prevention_level:
        labels.append(f"control:{item.prevention_level.value}")
    return labels


def _description(ref: ActionRef) -> str:
    item = ref.item
    lines = [
        f"Corrective action {item.ref} from postmortem {ref.incident_id} ({ref.incident_title}).",
        "",
        f"- Kind: {item.kind.value}; horizon: {item.horizon.value.replace('_', ' ')}",
        f"- Owner: {item.owner or 'unassigned'}; due: {item.due.isoformat() if item.due else 'no date'}",
    ]
    if item.prevention_level:
        lines.append(f"- Control: {item.prevention_level.value.replace('_', ' ')}")
    if priority(item):
        lines.append(f"- Priority: {priority(item)} (impact {item.impact}, effort {item.effort})")
    lines += [
        "",
        "How we will know it works:",
        item.verification or "(verification criteria not set)",
    ]
    lines += ["", "Close it in Hindsight with evidence and a verifier who is not the owner:"]
    lines.append(
        f"`hindsight action verify {ref.incident_id} {item.ref} --evidence URL --verifier NAME`"
    )
    return "\n".join(lines)


def github_issues(refs: Sequence[ActionRef]) -> str:
    """A JSON array of GitHub issue bodies, one per action."""
    issues = []
    for ref in refs:
        issue: dict[str, object] = {
            "title": f"[{ref.incident_id} {ref.item.ref}] {ref.item.title}",
            "body": _description(ref),
            "labels": _labels(ref),
        }
        if ref.item.owner:
            issue["assignees"] = [ref.item.owner]
        issues.append(issue)
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


_JIRA_PRIORITY = {
    "do now": "High",
    "plan as project": "Medium",
    "spare capacity": "Low",
    "skip": "Lowest",
}


def _jira_priority(ref: ActionRef) -> str:
    named = priority(ref.item)
    if named:
        return _JIRA_PRIORITY[named]
    if ref.item.impact == Level.HIGH or ref.incident_severity in ("P0", "P1"):
        return "High"
    return "Medium"


def jira_csv(refs: Sequence[ActionRef]) -> str:
    """A CSV for Jira's importer; Due Date is yyyy-MM-dd (set that format in the import wizard)."""
    width = max((len(_labels(r)) for r in refs), default=1)
    header = [
        "Summary",
        "Description",
        "Assignee",
        "Due Date",
        "Issue Type",
        *(["Labels"] * width),
        "Priority",
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for ref in refs:
        item = ref.item
        labels = [label.replace(" ", "-") for label in _labels(ref)]
        writer.writerow(
            [
                f"[{ref.incident_id} {item.ref}] {item.title}",
                _description(ref),
                item.owner or "",
                item.due.isoformat() if item.due else "",
                "Task",
                *labels,
                *([""] * (width - len(labels))),
                _jira_priority(ref),
            ]
        )
    return out.getvalue()


def _ics_escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1), never splitting a UTF-8 character."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(raw):
        end = min(start + limit, len(raw))
        while end < len(raw) and (raw[end] & 0xC0) == 0x80:  # do not cut inside a character
            end -= 1
        parts.append(raw[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines start with one space
    return "\r\n ".join(parts)


def ics_calendar(
    refs: Sequence[ActionRef], *, now: datetime | None = None, domain: str = "hindsight"
) -> str:
    """An iCalendar feed with one all-day event per action due date (actions without one skipped)."""
    stamp = (now or now_utc()).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Hindsight//Postmortem actions//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Postmortem action deadlines",
    ]
    for ref in refs:
        item = ref.item
        if item.due is None:
            continue
        lines += [
            "BEGIN:VEVENT",
            f"UID:{ref.incident_id}-{item.ref}@{domain}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{item.due.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(item.due + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_ics_escape(f'Due: {item.title} ({ref.incident_id} {item.ref})')}",
            f"DESCRIPTION:{_ics_escape(_description(ref))}",
            f"CATEGORIES:{','.join(_ics_escape(label) for label in _labels(ref))}",
            "TRANSP:TRANSPARENT",
        ]
        if item.owner:
            lines.append(
                f"ATTENDEE;CN={_ics_escape(item.owner)};ROLE=REQ-PARTICIPANT:mailto:{_mail(item.owner)}"
            )
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _mail(owner: str) -> str:
    return owner if "@" in owner else f"{owner.replace(' ', '.').lower()}@invalid"


def export_actions(refs: Sequence[ActionRef], fmt: str, *, now: datetime | None = None) -> str:
    if fmt == "github":
        return github_issues(refs)
    if fmt == "jira":
        return jira_csv(refs)
    if fmt == "ics":
        return ics_calendar(refs, now=now)
    raise InvalidInput(
        f"unknown export format {fmt!r}; valid: {', '.join(FORMATS)}", field="format"
    )


# --- the weekly follow-up review ------------------------------------------------------------------


def _line(ref: ActionRef, today_note: str = "") -> str:
    item = ref.item
    due = item.due.isoformat() if item.due else "no due date"
    owner = item.owner or "UNOWNED"
    return f"{ref.incident_id} {item.ref} — {item.title} (owner {owner}, due {due}){today_note}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def followup_sections(report: FollowupReport) -> list[tuple[str, list[str]]]:
    today = report.today

    def late(ref: ActionRef) -> str:
        return f" — {(today - ref.item.due).days} day(s) late" if ref.item.due else ""

    def stuck(ref: ActionRef) -> str:
        return f" — blocked: {ref.item.status_reason or 'no reason given'}"

    return [
        ("Overdue", [_line(r, late(r)) for r in report.overdue]),
        (
            f"Blocked over {report.escalate_after_days} days — escalate",
            [_line(r, stuck(r)) for r in report.escalate],
        ),
        (
            f"Blocked up to {report.escalate_after_days} days",
            [_line(r, stuck(r)) for r in report.blocked],
        ),
        ("Due this week", [_line(r) for r in report.due_this_week]),
        ("Done, waiting for verification", [_line(r) for r in report.unverified]),
        ("Open without an owner", [_line(r) for r in report.unowned]),
    ]


def _totals(report: FollowupReport) -> str:
    text = (
        f"{report.total} action(s): completion {_pct(report.completion_rate)}, "
        f"verified {_pct(report.verification_rate)}, won't do {report.dropped}"
    )
    if report.median_days_to_assign is not None:
        text += f"; median time to assign an owner {report.median_days_to_assign} day(s)"
    return text


def followup_text(report: FollowupReport) -> str:
    lines = [f"Action follow-up for the week of {report.today.isoformat()}", _totals(report), ""]
    for title, items in followup_sections(report):
        lines.append(f"{title} ({len(items)})")
        lines += [f"  - {item}" for item in items] or ["  (none)"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def followup_markdown(report: FollowupReport) -> str:
    lines = [f"# Action follow-up — week of {report.today.isoformat()}", "", _totals(report), ""]
    for title, items in followup_sections(report):
        lines.append(f"## {title} ({len(items)})")
        lines.append("")
        lines += [f"- {item}" for item in items] or ["_None._"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def followup_json(report: FollowupReport) -> dict[str, object]:
    def refs(items: list[ActionRef]) -> list[dict[str, object]]:
        return [
            {
                "incident": r.incident_id,
                "action": r.item.ref,
                "title": r.item.title,
                "owner": r.item.owner,
                "due": r.item.due.isoformat() if r.item.due else None,
                "status": r.item.status.value,
                "reason": r.item.status_reason,
            }
            for r in items
        ]

    return {
        "today": report.today.isoformat(),
        "overdue": refs(report.overdue),
        "escalate": refs(report.escalate),
        "blocked": refs(report.blocked),
        "due_this_week": refs(report.due_this_week),
        "unverified": refs(report.unverified),
        "unowned": refs(report.unowned),
        "total": report.total,
        "completion_rate": report.completion_rate,
        "verification_rate": report.verification_rate,
        "wont_do": report.dropped,
        "median_days_to_assign": report.median_days_to_assign,
    }

"""Postmortems as one self-contained, accessible HTML page (inline CSS, inline SVG diagrams, no
third-party assets), plus `render_json`.

Everything a person typed is escaped by Jinja2's autoescape; prose fields (summary, technical
details, resolution, root cause) are markdown rendered with raw HTML disabled. `public=True` gives
the outward-facing page: no names (commander, author, participants, owners, reviewers, actors)
and no internal sign-off or tickets.
"""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from hindsight.domain.model import ActionKind, Incident, to_plain
from hindsight.domain.policy import Policy
from hindsight.render.markdown import DECISION_LABELS, KIND_HEADINGS, STATUS_LABELS
from hindsight.render.mdtext import escape_prose
from hindsight.timeutil import format_duration, iso

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_ENV = Environment(
    loader=PackageLoader("hindsight.render", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def prose(text: str | None) -> Markup:
    """Markdown an author wrote, as HTML; raw HTML in it is shown as text, never run. Lines the
    markdown file shows literally (a leading `#`) are literal here too, so both views agree."""
    return Markup(_MD.render(escape_prose(text or "")))


def link(url: str | None) -> str | None:
    """`url` when it is a single safe link (http, https, mailto or relative); else None."""
    if not url or any(ch.isspace() for ch in url):
        return None
    scheme = url.split(":", 1)[0].lower() if ":" in url.split("/", 1)[0] else ""
    return url if scheme in ("", "http", "https", "mailto") else None


def when(moment: Any) -> str:
    text = iso(moment) or ""
    return text.replace("T", " ").replace("Z", " UTC")


def _diagram(name: str, *args: Any) -> Markup | None:
    """Inline SVG from the analysis package when it is installed (it escapes its own labels)."""
    try:
        from hindsight.analysis import diagrams

        svg = str(getattr(diagrams, name)(*args))
    except Exception:  # a missing diagram must never stop the page from rendering
        return None
    return Markup(svg) if svg.strip().startswith("<svg") else None


def page_context(
    incident: Incident, policy: Policy | None = None, *, public: bool = False
) -> dict[str, Any]:
    """What the template needs, computed here so the template stays a layout."""
    inc = incident
    categories = (
        list(policy.factor_categories)
        if policy
        else list(dict.fromkeys(f.category for f in inc.factors))
    )
    factor_groups: dict[str, list[str]] = {}
    for factor in inc.factors:
        factor_groups.setdefault(factor.category, []).append(factor.text)
    action_groups = [
        (KIND_HEADINGS[kind], [a for a in inc.actions if a.kind == kind]) for kind in ActionKind
    ]
    duration = inc.duration_minutes
    header = [
        ("Date", inc.started_at.date().isoformat() if inc.started_at else None),
        ("Start", when(inc.started_at) or None),
        ("Detected", when(inc.detected_at) or None),
        ("Recovery", when(inc.resolved_at) or None),
        ("Duration", format_duration(duration * 60) if duration is not None else None),
        ("Severity", inc.severity),
        ("Status", inc.status.value.replace("_", " ")),
        ("Services", ", ".join(inc.services) or None),
    ]
    if not public:
        header += [
            ("Commander", inc.commander),
            ("Author", inc.author),
            ("Participants", ", ".join(inc.participants) or None),
        ]
    return {
        "inc": inc,
        "public": public,
        "header": [(k, v) for k, v in header if v],
        "impact": _impact_rows(inc),
        "factor_groups": factor_groups,
        "action_groups": [(name, items) for name, items in action_groups if items],
        "status_labels": {k.value: v for k, v in STATUS_LABELS.items()},
        "decision_labels": {k.value: v for k, v in DECISION_LABELS.items()},
        "fishbone": _diagram("fishbone_svg", inc, categories) if inc.factors else None,
        "fault_trees": [(tree, _diagram("fault_tree_svg", tree)) for tree in inc.fault_trees],
        "prevent": [a for a in inc.actions if a.kind == ActionKind.PREVENT],
    }


def _impact_rows(inc: Incident) -> list[tuple[str, str]]:
    imp = inc.impact
    rows: list[tuple[str, str | None]] = [
        ("Users affected", f"{imp.users_affected:,}" if imp.users_affected is not None else None),
        (
            "Share of users",
            f"{imp.users_affected_pct:g}%" if imp.users_affected_pct is not None else None,
        ),
        (
            "Downtime",
            format_duration(imp.downtime_minutes * 60)
            if imp.downtime_minutes is not None
            else None,
        ),
        (
            "Financial impact",
            f"{imp.money_lost:,.2f} {imp.currency}" if imp.money_lost is not None else None,
        ),
        (
            "SLA breached",
            {True: "yes", False: "no"}.get(imp.sla_breached)
            if imp.sla_breached is not None
            else None,
        ),
        ("SLO", imp.slo),
        (
            "Error budget consumed",
            f"{imp.error_budget_consumed_pct:g}%"
            if imp.error_budget_consumed_pct is not None
            else None,
        ),
        (
            "Support tickets",
            f"{imp.support_tickets:,}" if imp.support_tickets is not None else None,
        ),
        (
            "Data loss",
            {True: "yes", False: "no"}.get(imp.data_loss) if imp.data_loss is not None else None,
        ),
        (
            "Customer facing",
            {True: "yes", False: "no"}.get(imp.customer_facing)
            if imp.customer_facing is not None
            else None,
        ),
    ]
    return [(k, v) for k, v in rows if v]


def render_html(incident: Incident, policy: Policy | None = None, *, public: bool = False) -> str:
    """The postmortem as a complete HTML page with the same sections as the markdown."""
    template = _ENV.get_template("postmortem.html.j2")
    return template.render(
        **page_context(incident, policy, public=public), prose=prose, when=when, link=link
    )


def render_json(incident: Incident) -> str:
    """The incident as JSON (ISO-8601 times, enum values), for tools and the API."""
    return json.dumps(to_plain(incident), ensure_ascii=False, indent=2) + "\n"

"""The postmortem rubric: seven criteria scored 1-5, weighted, with the reason and how to raise it.

The weighted average gates publishing (pass mark 3.5 by default). The rubric file sets weights,
the pass mark and the wording of each level; the scoring itself is fixed in code below, one
function per criterion, so a score always comes with the facts behind it. The shipped default is
`hindsight/data/rubric.yaml`; a workspace replaces it with `rubric.yaml` in its root.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from hindsight import safeyaml
from hindsight.domain.model import OPEN_ACTION_STATUSES, ActionStatus, Incident, now_utc
from hindsight.domain.policy import Policy
from hindsight.errors import InvalidInput
from hindsight.quality.actions import check_actions
from hindsight.quality.completeness import (
    MIN_WHY_DEPTH,
    REQUIRED_MILESTONES,
    deepest_chain,
    draft_lateness_hours,
    draft_time_unknown,
    ends_at_person,
    impact_dimensions,
    incident_names,
    milestone_times,
    systemic_chains,
)
from hindsight.quality.lint import blame_findings
from hindsight.timeutil import format_lateness

DEFAULT_PASS_MARK = 3.5
TITLES = {
    "timeline": "Timeline",
    "impact": "Impact",
    "root_cause_depth": "Root-cause depth",
    "actions": "Actions",
    "blameless_tone": "Blameless tone",
    "timeliness": "Timeliness",
    "follow_up": "Follow-up",
}
CRITERIA = tuple(TITLES)


@dataclass(frozen=True)
class Criterion:
    key: str
    title: str
    weight: float
    levels: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rubric:
    criteria: list[Criterion]
    pass_mark: float = DEFAULT_PASS_MARK
    origin: str = "default rubric"


@dataclass(frozen=True)
class CriterionScore:
    key: str
    title: str
    score: int
    weight: float
    reason: str
    how_to_raise: str | None  # None at 5: nothing to raise
    level: str | None = None  # the rubric's wording of this score


@dataclass(frozen=True)
class ScoreCard:
    criteria: list[CriterionScore]
    average: float
    pass_mark: float
    passed: bool

    def lowest(self) -> CriterionScore | None:
        scored = [c for c in self.criteria if c.weight > 0]
        return min(scored, key=lambda c: (c.score, -c.weight), default=None)


# --- loading ---------------------------------------------------------------------------------


def parse_rubric(raw: Any, origin: str) -> Rubric:
    """A Rubric from parsed YAML; InvalidInput naming the entry when anything is off."""
    if not isinstance(raw, dict) or not isinstance(raw.get("criteria"), dict):
        raise InvalidInput(
            f"{origin}: expected a mapping with a 'criteria' mapping", field="criteria"
        )
    unknown = sorted(set(map(str, raw)) - {"pass_mark", "criteria"})
    if unknown:
        raise InvalidInput(
            f"{origin}: unknown setting(s) {', '.join(unknown)}; expected pass_mark, criteria",
            field=unknown[0],
        )
    pass_mark = _number(
        raw.get("pass_mark", DEFAULT_PASS_MARK), f"{origin}: pass_mark", "pass_mark"
    )
    if not 1 <= pass_mark <= 5:
        raise InvalidInput(f"{origin}: pass_mark {pass_mark} is outside 1-5", field="pass_mark")
    criteria = []
    for key, spec in raw["criteria"].items():
        where = f"{origin}: criteria.{key}"
        if key not in CRITERIA:
            raise InvalidInput(
                f"{where}: unknown criterion; valid: {', '.join(CRITERIA)}", field=str(key)
            )
        spec = spec or {}
        if not isinstance(spec, dict):
            raise InvalidInput(f"{where}: expected a mapping (title, weight, levels)", field=key)
        extra = sorted(set(map(str, spec)) - {"title", "weight", "levels", "description"})
        if extra:
            raise InvalidInput(
                f"{where}: unknown key(s) {', '.join(extra)}; expected title, weight, levels",
                field=key,
            )
        weight = _number(spec.get("weight", 1.0), f"{where}.weight", key)
        if weight < 0:
            raise InvalidInput(f"{where}.weight: {weight} is negative; weights are >= 0", field=key)
        levels_raw = spec.get("levels") or {}
        if not isinstance(levels_raw, dict):
            raise InvalidInput(
                f"{where}.levels: expected a mapping of score (1-5) to wording", field=key
            )
        levels = {}
        for score_key, text in levels_raw.items():
            try:
                score = int(score_key)
            except (TypeError, ValueError):
                raise InvalidInput(
                    f"{where}.levels: {score_key!r} is not a score; scores are 1-5", field=key
                ) from None
            if str(score) != str(score_key).strip() or not 1 <= score <= 5:
                raise InvalidInput(f"{where}.levels: score {score_key!r} is outside 1-5", field=key)
            levels[score] = str(text)
        criteria.append(
            Criterion(str(key), str(spec.get("title", TITLES[key])).strip(), weight, levels)
        )
    if not criteria or sum(c.weight for c in criteria) <= 0:
        raise InvalidInput(
            f"{origin}: criteria weights must add up to more than 0", field="criteria"
        )
    return Rubric(criteria, pass_mark, origin)


def _number(value: Any, where: str, field_name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"{where}: {value!r} is not a number", field=field_name)
    return float(value)


def default_rubric() -> Rubric:
    text = resources.files("hindsight.data").joinpath("rubric.yaml").read_text(encoding="utf-8")
    return parse_rubric(yaml.safe_load(text), "default rubric")


def load_rubric(path: Path) -> Rubric:
    """The rubric in `path`; InvalidInput naming the file and entry when it is malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read rubric ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text") from exc
    try:
        raw = safeyaml.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise InvalidInput(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from exc
    return parse_rubric(raw, str(path))


def workspace_rubric(root: Path | None) -> Rubric:
    """`rubric.yaml` in the workspace root when present, else the shipped default."""
    if root is not None and (root / "rubric.yaml").exists():
        return load_rubric(root / "rubric.yaml")
    return default_rubric()


# --- scoring ---------------------------------------------------------------------------------

Scored = tuple[int, str, str | None]  # score, reason, how to raise


def _timeline(incident: Incident, policy: Policy, now: datetime) -> Scored:
    times = milestone_times(incident)
    have = [m for m in REQUIRED_MILESTONES if times[m] is not None]
    missing = [m.value for m in REQUIRED_MILESTONES if times[m] is None]
    events = len(incident.timeline)
    ordered = [times[m] for m in REQUIRED_MILESTONES if times[m] is not None]
    in_order = all(a <= b for a, b in itertools.pairwise(ordered))  # type: ignore[operator]
    evidenced = any(e.evidence or e.source != "manual" for e in incident.timeline)
    base = f"{events} event(s), {len(have)}/4 milestones"
    if not events and not have:
        return 1, "no timeline", "Add timestamped events and the four milestones."
    if len(have) < 2:
        return 2, base, f"Record the milestones: {', '.join(missing)}."
    if missing:
        return 3, base, f"Record the missing milestone(s): {', '.join(missing)}."
    if not in_order:
        return 3, base + ", out of order", "Fix the milestone times so they are in order."
    if events >= 5 and evidenced:
        return 5, base + ", in order, backed by evidence", None
    return (
        4,
        base + ", in order",
        "Add at least five timestamped events, some imported from evidence (alerts, deploys, chat).",
    )


def _impact(incident: Incident, policy: Policy, now: datetime) -> Scored:
    dims = impact_dimensions(incident)
    score = min(5, 1 + len(dims))
    reason = "quantified: " + ", ".join(dims) if dims else "impact not quantified"
    all_dims = ["users", "duration", "money", "SLO", "support tickets"]
    missing = [d for d in all_dims if d not in dims]
    raise_ = None if score == 5 else f"Add figures for: {', '.join(missing[: 5 - score + 1])}."
    return score, reason, raise_


def _root_cause_depth(incident: Incident, policy: Policy, now: datetime) -> Scored:
    names = frozenset(incident_names(incident))
    chain = deepest_chain(incident)
    depth = len(chain.steps) if chain else 0
    if not incident.root_cause.strip() and depth == 0:
        return (
            1,
            "no root cause",
            "State the root cause and reach it with a why chain of 3+ levels.",
        )
    systemic = systemic_chains(incident)
    if depth == 0:
        return 2, "root cause stated without a why chain", "Add a why chain of at least 3 levels."
    if any(ends_at_person(c, names) for c in incident.why_chains) and not systemic:
        return (
            2,
            "the why chain ends at a person",
            "Ask why once more until the answer is a system condition.",
        )
    if not systemic:
        return (
            3,
            f"deepest why chain has {depth} level(s)",
            f"Deepen the why chain to at least {MIN_WHY_DEPTH} levels.",
        )
    best = max(len(c.steps) for c in systemic)
    rich = len(incident.factors) >= 2 and bool(incident.root_cause_category)
    if best >= 5 or rich:
        return (
            5,
            f"systemic why chain of {best} levels" + (", factors and category" if rich else ""),
            None,
        )
    return (
        4,
        f"systemic why chain of {best} levels",
        (
            "Add contributing factors (2+) and a root-cause category, or deepen the chain to 5 levels."
        ),
    )


def _actions(incident: Incident, policy: Policy, now: datetime) -> Scored:
    if not incident.actions:
        return 1, "no actions", "Add SMART actions, at least one preventing the root cause."
    findings = check_actions(incident, policy, now.date())
    error_rules = sorted({f.rule.split("/")[1] for f in findings if f.severity == "error"})
    warn_rules = sorted({f.rule.split("/")[1] for f in findings if f.severity == "warning"})
    score = (
        5 - len(error_rules) - (1 if "no-prevent" in error_rules else 0) - (1 if warn_rules else 0)
    )
    score = max(1, min(5, score))
    if not findings:
        return 5, f"{len(incident.actions)} SMART action(s) with a prevent action", None
    reason = "problems: " + ", ".join(error_rules + warn_rules)
    first = next((f for f in findings if f.severity == "error"), findings[0])
    return score, reason, f"{first.message}. {first.suggestion or ''}".strip()


def _blameless(incident: Incident, policy: Policy, now: datetime) -> Scored:
    hits = blame_findings(incident)
    if not hits:
        return 5, "no blaming sentences", None
    score = {1: 3, 2: 2}.get(len(hits), 1)
    return (
        score,
        f"{len(hits)} blaming sentence(s), e.g. {hits[0].excerpt!r}",
        (f"Rewrite: {hits[0].suggestion}"),
    )


def _timeliness(incident: Incident, policy: Policy, now: datetime) -> Scored:
    deadline = policy.postmortem_deadline(incident)
    if deadline is None:
        return 5, f"no drafting deadline for {incident.severity}", None
    if draft_time_unknown(incident):
        return 3, "drafting time not recorded", "Record when the draft was written (drafted_at)."
    late = draft_lateness_hours(incident, policy, now)
    allowance = policy.severities[incident.severity].postmortem_deadline_hours or 1
    if incident.drafted_at is None:
        if late is not None and late > 0:
            return 1, f"draft {format_lateness(late)} overdue", "Draft the postmortem now."
        return 4, f"not drafted yet; due {deadline.isoformat()}", "Draft it before the deadline."
    if late is None or late <= 0:
        return 5, "drafted within the deadline", None
    score = 2 if late > allowance / 2 else 3
    return (
        score,
        f"drafted {format_lateness(late)} late",
        "Draft within the severity's deadline next time.",
    )


def _follow_up(incident: Incident, policy: Policy, now: datetime) -> Scored:
    live = [a for a in incident.actions if a.status is not ActionStatus.WONT_DO]
    if not live:
        return 1, "no actions to follow up", "Add actions with tickets and verification criteria."
    today = now.date()
    checks = {
        "every action has a ticket": all(a.ticket_url for a in live),
        "every action has verification criteria": all(a.verification for a in live),
        "no action overdue": not any(
            a.due and a.due < today and a.status in OPEN_ACTION_STATUSES for a in live
        ),
        "a review took place": bool(incident.reviews),
    }
    met = [k for k, ok in checks.items() if ok]
    unmet = [k for k, ok in checks.items() if not ok]
    score = 1 + len(met)
    return (
        score,
        ("met: " + ", ".join(met)) if met else "none of the follow-up checks met",
        (("Make sure " + "; ".join(unmet) + ".") if unmet else None),
    )


SCORERS: dict[str, Callable[[Incident, Policy, datetime], Scored]] = {
    "timeline": _timeline,
    "impact": _impact,
    "root_cause_depth": _root_cause_depth,
    "actions": _actions,
    "blameless_tone": _blameless,
    "timeliness": _timeliness,
    "follow_up": _follow_up,
}


# Which criterion a lint finding speaks to, by rule prefix (first match wins).
FINDING_CRITERIA: tuple[tuple[str, str], ...] = (
    ("blame/", "blameless_tone"),
    ("actions/overdue", "follow_up"),
    ("actions/", "actions"),
    ("completeness/draft-", "timeliness"),
    ("completeness/no-draft-time", "timeliness"),
    ("completeness/milestone", "timeline"),
    ("completeness/no-timeline", "timeline"),
    ("completeness/impact", "impact"),
    ("completeness/summary", "impact"),
    ("completeness/no-summary", "impact"),
    ("completeness/why-", "root_cause_depth"),
    ("completeness/no-root-cause", "root_cause_depth"),
    ("completeness/no-category", "root_cause_depth"),
)


def _open_findings(incident: Incident, policy: Policy, moment: datetime) -> dict[str, str]:
    """criterion key → the message of the first lint finding about it."""
    from hindsight.quality.lint import lint

    found: dict[str, str] = {}
    for finding in lint(incident, policy, now=moment):
        key = next((k for prefix, k in FINDING_CRITERIA if finding.rule.startswith(prefix)), None)
        if key is not None:
            found.setdefault(key, f"{finding.rule}: {finding.message}")
    return found


def score(
    incident: Incident, policy: Policy, rubric: Rubric | None = None, *, now: datetime | None = None
) -> ScoreCard:
    """Score every criterion of `rubric` (default: the shipped one); `now` fixes the clock.
    A criterion with an open lint finding scores at most 4: a postmortem `hindsight lint`
    complains about is not a 5/5."""
    rubric = rubric or default_rubric()
    moment = now or now_utc()
    findings = _open_findings(incident, policy, moment)
    results = []
    for criterion in rubric.criteria:
        value, reason, how = SCORERS[criterion.key](incident, policy, moment)
        if value >= 5 and criterion.key in findings:
            value, how = 4, f"Fix the lint finding ({findings[criterion.key]})."
        results.append(
            CriterionScore(
                criterion.key,
                criterion.title,
                value,
                criterion.weight,
                reason,
                how,
                criterion.levels.get(value),
            )
        )
    total = sum(c.weight for c in results)
    average = round(sum(c.score * c.weight for c in results) / total, 2) if total else 0.0
    return ScoreCard(results, average, rubric.pass_mark, average >= rubric.pass_mark)

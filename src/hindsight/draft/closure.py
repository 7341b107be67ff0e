"""Closing actions on evidence: checks named in an action's verification, and recurrences.

An action's `verification` may name checks, each `kind: target`, separated by `;` or new lines:

- ``alert: CheckoutPoolSaturation`` — an alert rule of that name must exist in the Prometheus rule
  files given (``groups[].rules[].alert``);
- ``test: tests/test_config.py::test_pool_minimum`` — the test file must exist under the tests
  root and define that test (``def test_pool_minimum``); without ``::`` the file must exist;
- ``query: pool exhausted`` — a full-text search over the postmortems: it must find no incident
  started after the action was done (the failure it guards against has not come back).

`recurred_actions` is the other half: a verified action whose incident class recurred — a later
incident that `analysis.similar.repeat_evidence` calls a repeat (same root-cause category or root
cause alike, shared service) started within N days after the verification — is flagged by
`followup`: verified on paper, not in production.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from hindsight import safeyaml
from hindsight.domain.actions import ActionRef
from hindsight.domain.model import ActionStatus, Incident
from hindsight.errors import InvalidInput
from hindsight.kb.similar import repeat_evidence
from hindsight.store.action_queries import list_actions
from hindsight.store.repo import StoreSession, get_incident, list_incidents
from hindsight.store.search import SearchFilters, search
from hindsight.store.visibility import LOCAL_VIEWER, Viewer

KINDS = ("alert", "test", "query")
_CHECK = re.compile(r"(?:^|[;\n])\s*(alert|test|query)\s*:\s*([^;\n]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Check:
    kind: str  # alert | test | query
    target: str


@dataclass
class CheckResult:
    """`passed` is None when the check could not be run (no rule files given …): say why."""

    incident_id: str
    action: str
    check: Check
    passed: bool | None
    detail: str


@dataclass
class Recurrence:
    incident_id: str
    action: str
    title: str
    verified_at: datetime | None
    recurred_id: str
    recurred_title: str
    recurred_at: datetime | None
    reasons: list[str] = field(default_factory=list)


def named_checks(verification: str | None) -> list[Check]:
    """The checks a verification text names, in order (none: an ordinary prose criterion)."""
    return [
        Check(kind.lower(), target.strip().strip("`'\"").strip())
        for kind, target in _CHECK.findall(verification or "")
        if target.strip()
    ]


def alert_rule_names(paths: Sequence[Path]) -> set[str]:
    """Every `alert:` name in Prometheus rule files; InvalidInput naming a file that is not one."""
    names: set[str] = set()
    for path in paths:
        try:
            data = safeyaml.load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, OSError, UnicodeDecodeError) as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            raise InvalidInput(
                f"{path}{line}: not YAML ({exc})".splitlines()[0], field="rules"
            ) from None
        groups = data.get("groups") if isinstance(data, dict) else None
        if not isinstance(groups, list):
            raise InvalidInput(
                f'{path}: no "groups" list; expected a Prometheus rule file', field="rules"
            )
        for group in groups:
            for rule in (group or {}).get("rules") or []:
                if isinstance(rule, dict) and rule.get("alert"):
                    names.add(str(rule["alert"]))
    return names


def _test_check(target: str, root: Path) -> tuple[bool, str]:
    file_part, _, name = target.partition("::")
    path = root / file_part.strip()
    if not path.is_file():
        return False, f"{path} does not exist"
    if not name:
        return True, f"{path} exists"
    name = name.strip().split("::")[-1].split("[")[0]
    found = re.search(rf"^\s*(?:async\s+)?def\s+{re.escape(name)}\s*\(", path.read_text(encoding="utf-8", errors="replace"), re.MULTILINE)  # fmt: skip
    return (True, f"{name} is defined in {path}") if found else (False, f"{path} defines no {name}")


def _query_check(session: StoreSession, ref: ActionRef, target: str) -> tuple[bool | None, str]:
    since = ref.item.done_at or ref.item.verified_at
    if since is None:
        return None, "the action is not done yet, so there is no 'after' to search"
    hits = [
        h
        for h in search(session, target, SearchFilters(since=since, limit=10))
        if h.incident_id != ref.incident_id
    ]
    if not hits:
        return True, f"no incident since {since:%Y-%m-%d} matches {target!r}"
    return False, f"{len(hits)} incident(s) since {since:%Y-%m-%d} match: " + ", ".join(
        h.incident_id for h in hits[:5]
    )


def run_checks(
    session: StoreSession,
    incident_id: str | None = None,
    *,
    rules: Sequence[Path] = (),
    tests_root: Path | None = None,
) -> list[CheckResult]:
    """Run every check named by the actions (of one incident, or all), in action order."""
    names = alert_rule_names(rules) if rules else None
    results = []
    for ref in list_actions(session, incident_id=incident_id):
        for check in named_checks(ref.item.verification):
            passed: bool | None
            if check.kind == "alert":
                if names is None:
                    passed, detail = None, "no rule files given (--rules)"
                elif check.target in names:
                    passed, detail = True, f"alert rule {check.target} exists"
                else:
                    passed, detail = False, f"no alert rule {check.target} in the rule files"
            elif check.kind == "test":
                if tests_root is None:
                    passed, detail = None, "no tests root given (--tests)"
                else:
                    passed, detail = _test_check(check.target, tests_root)
            else:
                passed, detail = _query_check(session, ref, check.target)
            results.append(CheckResult(ref.incident_id, ref.item.ref, check, passed, detail))
    return results


def recurred_actions(
    session: StoreSession, window_days: int, *, viewer: Viewer | None = LOCAL_VIEWER
) -> list[Recurrence]:
    """Verified actions whose incident class recurred within `window_days` after verification,
    over the incidents `viewer` may see (by default every incident)."""
    verified = list_actions(session, statuses=[ActionStatus.VERIFIED], viewer=viewer)
    cache: dict[str, Incident] = {}

    def load(incident_id: str) -> Incident:
        if incident_id not in cache:
            cache[incident_id] = get_incident(session, incident_id)
        return cache[incident_id]

    found = []
    for ref in verified:
        earlier = load(ref.incident_id)
        since = ref.item.verified_at or earlier.started_at
        if since is None or earlier.started_at is None:
            continue
        until = since + timedelta(days=window_days)
        for row in list_incidents(session, since=since, until=until, viewer=viewer):
            if row.id == earlier.id:
                continue
            later = load(row.id)
            span = (later.started_at - earlier.started_at).days + 1 if later.started_at else 0
            reasons = repeat_evidence(later, earlier, max(span, window_days))
            if reasons is None:
                continue
            found.append(
                Recurrence(
                    ref.incident_id,
                    ref.item.ref,
                    ref.item.title,
                    ref.item.verified_at,
                    later.id,
                    later.title,
                    later.started_at,
                    reasons[:-1],
                )
            )
    return found


def recurrence_lines(found: Sequence[Recurrence]) -> list[str]:
    return [
        f"{r.incident_id} {r.action} {r.title} — verified"
        + (f" {r.verified_at:%Y-%m-%d}" if r.verified_at else "")
        + f", yet {r.recurred_id} ({r.recurred_title}) recurred"
        + (f" on {r.recurred_at:%Y-%m-%d}" if r.recurred_at else "")
        + f": {'; '.join(r.reasons)}"
        for r in found
    ]

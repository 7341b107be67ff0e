"""The workspace policy: severities, when a postmortem is required and by when, action limits.

The shipped defaults (hindsight/data/policy.yaml) are always the base. A workspace's policy.yaml
says only what differs and is merged over them, so a file of three lines changes three values:

- `severities` merges severity by severity and field by field. A severity named like a default
  one (P0 … P3) keeps every field the file does not set; a new name is added after the defaults.
  A team with its own naming replaces the scheme instead: **when none of the names given is a
  default name** (SEV1, SEV2, SEV3), the severities given are the whole scheme.
  `severities_mode: merge` or `severities_mode: replace` overrides that rule: `merge` to add P4
  alone to the defaults, `replace` to keep only the severities listed (those named like a
  default still inherit its fields).
  A deadline is `postmortem_deadline_hours` (fractions allowed) or `postmortem_due_days` (whole
  days); null means no deadline.
- `postmortem_required` merges rule by rule: a rule the file does not name keeps its default;
  null turns a threshold off, false turns a flag off.
- Every other setting (max_actions, escalate_blocked_after_days, slo_breach_severity,
  repeat_window_days, timezone, factor_categories) replaces its default; a list is one value.
- A default that names a severity the scheme no longer has (the P0/P1 in
  postmortem_required.severities, slo_breach_severity P1) is adjusted and the adjustment noted;
  a name the file gives must be a severity of the scheme.

Unknown settings and fields, and values of the wrong kind, raise InvalidInput naming the file and
the dotted setting (`policy.yaml: severities.P1.postmortem_due_days must be a whole number of
days from 0 to 36500 (got 'soon')`). `Policy.sources` says where each value came from and `Policy.notes` how the file
was merged; `hindsight policy` shows both.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from hindsight import safeyaml
from hindsight.domain.model import Incident
from hindsight.errors import InvalidInput
from hindsight.timeutil import format_duration, zone

DEFAULT = "default"
"""`Policy.sources` value of a setting that comes from the shipped defaults."""
ADJUSTED = "default, adjusted"
"""`Policy.sources` value of a default changed to fit the file's severities (see Policy.notes)."""
SHIPPED = "shipped policy.yaml"

SEVERITY_FIELDS = ("name", "description", "postmortem_deadline_hours", "postmortem_due_days")
SEVERITIES_MODES = ("merge", "replace")
REQUIRED_RULES = (
    "severities",
    "downtime_minutes_over",
    "any_data_loss",
    "security_incident",
    "money_lost_over",
    "support_tickets_over",
    "sla_breached",
    "repeat_of_known_root_cause",
)
SETTINGS = (
    "severities",
    "severities_mode",
    "postmortem_required",
    "max_actions",
    "escalate_blocked_after_days",
    "slo_breach_severity",
    "repeat_window_days",
    "timezone",
    "factor_categories",
)
_SEVERITY_KEY = re.compile(r"[A-Z0-9][A-Z0-9_.-]*")
_MOST_DAYS = 36_500  # a century: more is a typo, and far more overflows date arithmetic
_MOST = 10**15  # actions, tickets, money: beyond any real threshold, within a 64-bit column


@dataclass
class Severity:
    key: str
    name: str
    description: str
    postmortem_deadline_hours: float | None


@dataclass
class Policy:
    severities: dict[str, Severity]
    required: dict[str, Any]
    max_actions: int = 7
    escalate_blocked_after_days: int = 14
    slo_breach_severity: str = "P1"
    repeat_window_days: int = 180
    timezone: str = "UTC"
    factor_categories: list[str] = field(
        default_factory=lambda: ["People", "Process", "Technology", "Environment"]
    )
    source: str | None = None
    """The workspace file merged over the defaults; None when the defaults alone are in force."""
    severities_mode: str = DEFAULT
    """How the file's severities were applied: "default" (it has none), "merge" or "replace"."""
    sources: dict[str, str] = field(default_factory=dict)
    """Where each value came from: DEFAULT, ADJUSTED or the file. Keys are dotted settings
    ("max_actions", "postmortem_required.severities", "severities.P1.name"); "severities.P4"
    says where the severity itself came from (the file for one it added)."""
    notes: list[str] = field(default_factory=list)
    """One sentence per merge decision a reader should know about (scheme replaced, default fixed)."""

    def check_severity(self, severity: str) -> str:
        key = severity.strip().upper()
        if key not in self.severities:
            valid = ", ".join(self.severities)
            raise InvalidInput(f"invalid severity {severity!r}; valid: {valid}", field="severity")
        return key

    def postmortem_deadline(self, incident: Incident) -> datetime | None:
        """When the postmortem draft is due: resolution (or start) plus the severity's allowance."""
        sev = self.severities.get(incident.severity)
        anchor = incident.resolved_at or incident.started_at or incident.created_at
        if sev is None or sev.postmortem_deadline_hours is None or anchor is None:
            return None
        return anchor + timedelta(hours=sev.postmortem_deadline_hours)

    def postmortem_reasons(self, incident: Incident) -> list[str]:
        """Why a postmortem is required for this incident; empty when it is optional."""
        req, imp, reasons = self.required, incident.impact, []
        if incident.severity in req.get("severities", []):
            reasons.append(f"severity {incident.severity}")
        downtime = (
            imp.downtime_minutes if imp.downtime_minutes is not None else incident.duration_minutes
        )
        limit = req.get("downtime_minutes_over")
        if limit is not None and downtime is not None and downtime > limit:
            shown = format_duration(timedelta(minutes=downtime))
            reasons.append(f"downtime {shown} > {format_duration(timedelta(minutes=limit))}")
        if req.get("any_data_loss") and imp.data_loss:
            reasons.append("data loss")
        if req.get("security_incident") and (incident.restricted or "security" in incident.tags):
            reasons.append("security incident")
        limit = req.get("money_lost_over")
        if limit is not None and imp.money_lost is not None and imp.money_lost > limit:
            reasons.append(f"loss {imp.money_lost:,.0f} {imp.currency} > {limit:,}")
        limit = req.get("support_tickets_over")
        if limit is not None and imp.support_tickets is not None and imp.support_tickets > limit:
            reasons.append(f"{imp.support_tickets} support tickets > {limit}")
        if req.get("sla_breached") and imp.sla_breached:
            reasons.append("SLA breached")
        if req.get("repeat_of_known_root_cause") and incident.repeat_of:
            reasons.append(f"repeat of {incident.repeat_of}")
        return reasons


# --- reading one file's values: each check names the file and the dotted setting ---------------


def _path(at: str) -> str:
    """A setting's path as one printable line: a key from the file may hold a newline or another
    control character ("severities.\\n"), shown escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in at)


def _bad(origin: str, at: str, expected: str, value: Any) -> InvalidInput:
    at = _path(at)
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return InvalidInput(f"{origin}: {at} must be {expected} (got {shown})", field=at)


def _unknown(origin: str, at: str, kind: str, accepted: tuple[str, ...]) -> InvalidInput:
    at = _path(at)
    return InvalidInput(
        f"{origin}: {at} is not {kind}; expected one of {', '.join(accepted)}", field=at
    )


def _not_in_scheme(
    origin: str, at: str, missing: list[str], severities: dict[str, Any]
) -> InvalidInput:
    at = _path(at)
    return InvalidInput(
        f"{origin}: {at} names {', '.join(missing)}, not a severity of the scheme "
        f"({', '.join(severities)})",
        field=at,
    )


def _mapping(value: Any, origin: str, at: str, expected: str) -> dict[Any, Any]:
    """A mapping from the file; null is an empty one (a key written with nothing under it)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _bad(origin, at, expected, value)
    return value


def _count(value: Any, origin: str, at: str, unit: str, most: int) -> int:
    """A whole number from 0 to `most` (days, actions, tickets)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
        raise _bad(origin, at, f"a whole number of {unit} from 0 to {most}", value)
    return value


def _limit(value: Any, origin: str, at: str, unit: str, most: float) -> float | None:
    """A threshold from 0 to `most` (fractions allowed), or None for "no limit"."""
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 <= value <= most
    ):
        raise _bad(origin, at, f"a number of {unit} from 0 to {most:g}, or null", value)
    return value


def _flag(value: Any, origin: str, at: str) -> bool:
    if not isinstance(value, bool):
        raise _bad(origin, at, "true or false", value)
    return value


def _text(value: Any, origin: str, at: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _bad(origin, at, "text", value)
    return str(value).strip()


def _severity_key(value: Any, origin: str, at: str) -> str:
    key = _text(value, origin, at).upper()
    if not _SEVERITY_KEY.fullmatch(key):
        raise _bad(origin, at, "one word of letters, digits, '-', '_' or '.'", value)
    return key


def _severities(raw: Any, origin: str) -> dict[str, dict[str, Any]]:
    """The `severities` block: key → the fields it sets (a deadline always in hours)."""
    block = _mapping(raw, origin, "severities", "a mapping of each severity to its settings")
    out: dict[str, dict[str, Any]] = {}
    for name, spec in block.items():
        key = _severity_key(name, origin, f"severities.{name}")
        at = f"severities.{key}"
        if key in out:
            raise InvalidInput(f"{origin}: {at} is given twice (names ignore case)", field=at)
        given = _mapping(spec, origin, at, f"a mapping of {', '.join(SEVERITY_FIELDS)}")
        fields: dict[str, Any] = {}
        for item, value in given.items():
            here = f"{at}.{item}"
            if item not in SEVERITY_FIELDS:
                raise _unknown(origin, here, "a severity field", SEVERITY_FIELDS)
            if item == "postmortem_due_days":
                days = None if value is None else _count(value, origin, here, "days", _MOST_DAYS)
                fields["postmortem_deadline_hours"] = None if days is None else days * 24
            elif item == "postmortem_deadline_hours":
                fields[item] = _limit(value, origin, here, "hours", _MOST_DAYS * 24)
            else:
                fields[item] = _text(value, origin, here)
        if "postmortem_deadline_hours" in given and "postmortem_due_days" in given:
            raise InvalidInput(
                f"{origin}: {at} gives both postmortem_deadline_hours and postmortem_due_days; "
                "keep one",
                field=f"{at}.postmortem_due_days",
            )
        out[key] = fields
    return out


def _required(raw: Any, origin: str) -> dict[str, Any]:
    """The `postmortem_required` rules the file sets, checked (severity names not yet)."""
    block = _mapping(raw, origin, "postmortem_required", "a mapping of rules")
    out: dict[str, Any] = {}
    for rule, value in block.items():
        at = f"postmortem_required.{rule}"
        if rule == "severities":
            names = [] if value is None else value
            if not isinstance(names, list):
                raise _bad(origin, at, "a list of severities", value)
            out[rule] = [_severity_key(v, origin, at) for v in names]
        elif rule == "downtime_minutes_over":
            out[rule] = _limit(value, origin, at, "minutes", _MOST_DAYS * 24 * 60)
        elif rule == "support_tickets_over":
            out[rule] = None if value is None else _count(value, origin, at, "tickets", _MOST)
        elif rule == "money_lost_over":
            out[rule] = _limit(value, origin, at, "money", _MOST)
        elif rule in REQUIRED_RULES:
            out[rule] = _flag(value, origin, at)
        else:
            raise _unknown(origin, at, "a postmortem rule", REQUIRED_RULES)
    return out


def _settings(raw: dict[Any, Any], origin: str) -> dict[str, Any]:
    """The top-level settings the file sets, checked, but for the two blocks read above."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("severities", "postmortem_required"):
            continue
        if key not in SETTINGS:
            raise _unknown(origin, str(key), "a policy setting", SETTINGS)
        if key == "max_actions":
            out[key] = _count(value, origin, key, "actions", _MOST)
        elif key in ("escalate_blocked_after_days", "repeat_window_days"):
            out[key] = _count(value, origin, key, "days", _MOST_DAYS)
        elif key == "slo_breach_severity":
            out[key] = _severity_key(value, origin, key)
        elif key == "severities_mode":
            mode = _text(value, origin, key).lower()
            if mode not in SEVERITIES_MODES:
                raise _bad(origin, key, "merge or replace", value)
            out[key] = mode
        elif key == "timezone":
            name = _text(value, origin, key)
            try:
                zone(name)
            except InvalidInput:
                raise _bad(origin, key, "an IANA time zone such as Europe/Paris", value) from None
            out[key] = name
        elif key == "factor_categories":
            names = [_text(v, origin, key) for v in value] if isinstance(value, list) else []
            if not names or not all(names):
                raise _bad(origin, key, "a list of non-empty categories", value)
            out[key] = names
    return out


# --- merging the file over the defaults -------------------------------------------------------


def _severities_rule(
    given: list[str], defaults: list[str], mode: str | None, origin: str
) -> tuple[str, str]:
    """merge or replace for the file's severities, and why: the rule of the module docstring."""
    if mode == "replace" and not given:
        raise InvalidInput(
            f"{origin}: severities_mode: replace needs a severities block with at least one "
            "severity",
            field="severities",
        )
    if mode:
        return mode, f"severities_mode: {mode}"
    known = [key for key in given if key in defaults]
    if known:
        named = f"{known[0]} is" if len(known) == 1 else f"{', '.join(known)} are"
        return "merge", f"{named} {'a default name' if len(known) == 1 else 'default names'}"
    return "replace", f"none of its names is a default one ({', '.join(defaults)})"


@dataclass
class _Merge:
    """One file merged over the defaults: the file's name, and what the merge records."""

    origin: str
    sources: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def severities(
        self,
        defaults: dict[str, dict[str, Any]],
        given: dict[str, dict[str, Any]],
        mode: str | None,
    ) -> tuple[str, dict[str, Severity]]:
        """The scheme and how it was made: "default", "merge" or "replace" (module docstring)."""
        keys = list(defaults)
        chosen = DEFAULT
        if given or mode == "replace":
            chosen, why = _severities_rule(list(given), list(defaults), mode, self.origin)
            if chosen == "replace":
                keys = list(given)
                self.notes.append(
                    f"severities: the file's scheme {', '.join(keys)} replaces the defaults "
                    f"because {why}; set severities_mode: merge to add to the defaults instead"
                )
            else:
                added = [k for k in given if k not in defaults]
                changed = [k for k in given if k in defaults and given[k]]
                keys += added
                said = [f"{', '.join(changed)} changed"] if changed else []
                said += [f"{', '.join(added)} added"] if added else []
                self.notes.append(
                    f"severities: merged over the defaults because {why} "
                    f"({', '.join(said) or 'nothing changed'}); "
                    "set severities_mode: replace to use only the file's"
                )
        scheme: dict[str, Severity] = {}
        for key in keys:
            came = DEFAULT if key in defaults else self.origin
            fields: dict[str, Any] = {
                "name": key,
                "description": "",
                "postmortem_deadline_hours": None,
            }
            fields.update(defaults.get(key, {}))
            self.sources[f"severities.{key}"] = came
            self.sources.update({f"severities.{key}.{item}": came for item in fields})
            for item, value in given.get(key, {}).items():
                fields[item] = value
                self.sources[f"severities.{key}.{item}"] = self.origin
            scheme[key] = Severity(key=key, **fields)
        return chosen, scheme

    def required(
        self, defaults: dict[str, Any], given: dict[str, Any], scheme: dict[str, Severity]
    ) -> dict[str, Any]:
        """The postmortem rules, rule by rule; default severity names the scheme lacks dropped."""
        rules = {**defaults, **given}
        for rule in rules:
            self.sources[f"postmortem_required.{rule}"] = self.origin if rule in given else DEFAULT
        missing = [k for k in rules.get("severities", []) if k not in scheme]
        if missing and "severities" in given:
            raise _not_in_scheme(self.origin, "postmortem_required.severities", missing, scheme)
        if missing:
            rules["severities"] = [k for k in rules["severities"] if k in scheme]
            self.sources["postmortem_required.severities"] = ADJUSTED
            self.notes.append(
                f"postmortem_required.severities: the default {', '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not in the scheme and left out; "
                "set postmortem_required.severities to require a postmortem by severity"
            )
        return rules

    def settings(
        self, defaults: dict[str, Any], given: dict[str, Any], scheme: dict[str, Severity]
    ) -> dict[str, Any]:
        """The top-level settings, one by one; a default SLO severity the scheme lacks replaced."""
        given = {k: v for k, v in given.items() if k != "severities_mode"}
        values = {**defaults, **given}
        for key in values:
            self.sources[key] = self.origin if key in given else DEFAULT
        slo = values["slo_breach_severity"]
        if slo not in scheme and "slo_breach_severity" in given:
            raise _not_in_scheme(self.origin, "slo_breach_severity", [slo], scheme)
        if slo not in scheme:
            values["slo_breach_severity"] = next(iter(scheme))
            self.sources["slo_breach_severity"] = ADJUSTED
            self.notes.append(
                f"slo_breach_severity: the default {slo} is not in the scheme; the first "
                f"severity, {values['slo_breach_severity']}, is used; set slo_breach_severity "
                "to choose"
            )
        return values


def _merge(shipped: dict[str, Any], file: dict[Any, Any] | None, origin: str) -> Policy:
    """The policy: the shipped defaults, with the file (when there is one) merged over them."""
    raw = file or {}
    given = _settings(raw, origin)
    merge = _Merge(origin)
    mode, scheme = merge.severities(
        _severities(shipped.get("severities"), SHIPPED),
        _severities(raw.get("severities"), origin),
        given.get("severities_mode"),
    )
    required = merge.required(
        _required(shipped.get("postmortem_required"), SHIPPED),
        _required(raw.get("postmortem_required"), origin),
        scheme,
    )
    settings = merge.settings(_settings(shipped, SHIPPED), given, scheme)
    return Policy(
        severities=scheme,
        required=required,
        **settings,
        source=None if file is None else origin,
        severities_mode=mode,
        sources=merge.sources,
        notes=merge.notes,
    )


def _shipped() -> dict[str, Any]:
    text = resources.files("hindsight.data").joinpath("policy.yaml").read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    return raw


def default_policy() -> Policy:
    """The shipped policy alone (no workspace, or a workspace without policy.yaml)."""
    return _merge(_shipped(), None, SHIPPED)


def load_policy(path: Path | None) -> Policy:
    """The workspace's policy.yaml merged over the shipped defaults (rules in the module doc)."""
    if path is None or not path.exists():
        return default_policy()
    origin = str(path)
    try:
        override = safeyaml.load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text (byte at offset {exc.start})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InvalidInput(f"{path}: not valid YAML{where}: {problem}") from None
    if override is None:
        override = {}
    if not isinstance(override, dict):
        raise InvalidInput(f"{path}: expected a mapping of policy settings")
    return _merge(_shipped(), override, origin)

"""The workspace policy: severities, when a postmortem is required and by when, action limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from hindsight.domain.model import Incident
from hindsight.errors import InvalidInput
from hindsight.timeutil import format_duration


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


def _count(value: Any, origin: str, field: str) -> int:
    """A whole number ≥ 0 from the policy file, or InvalidInput naming the file and the setting."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInput(
            f"{origin}: {field}: {value!r} is not valid; expected a whole number ≥ 0", field=field
        )
    return value


def _hours(value: Any, origin: str, field: str) -> float | None:
    """Hours ≥ 0 (fractions allowed), None for no deadline; InvalidInput naming the setting."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise InvalidInput(
            f"{origin}: {field}: {value!r} is not valid; expected hours ≥ 0", field=field
        )
    return value


def _parse(raw: dict[str, Any], origin: str) -> Policy:
    try:
        severities = {
            str(key).upper(): Severity(
                key=str(key).upper(),
                name=str(spec.get("name", key)),
                description=str(spec.get("description", "")),
                postmortem_deadline_hours=_hours(
                    spec.get("postmortem_deadline_hours"),
                    origin,
                    f"{str(key).upper()}.postmortem_deadline_hours",
                ),
            )
            for key, spec in raw["severities"].items()
        }
    except (KeyError, AttributeError, TypeError) as exc:
        raise InvalidInput(
            f"{origin}: 'severities' must map each severity to its settings ({exc})"
        ) from exc
    return Policy(
        severities=severities,
        required=dict(raw.get("postmortem_required", {})),
        max_actions=_count(raw.get("max_actions", 7), origin, "max_actions"),
        escalate_blocked_after_days=_count(
            raw.get("escalate_blocked_after_days", 14), origin, "escalate_blocked_after_days"
        ),
        slo_breach_severity=str(raw.get("slo_breach_severity", "P1")),
        repeat_window_days=_count(raw.get("repeat_window_days", 180), origin, "repeat_window_days"),
        timezone=str(raw.get("timezone", "UTC")),
        factor_categories=list(
            raw.get("factor_categories", ["People", "Process", "Technology", "Environment"])
        ),
    )


def default_policy() -> Policy:
    text = resources.files("hindsight.data").joinpath("policy.yaml").read_text(encoding="utf-8")
    return _parse(yaml.safe_load(text), "default policy")


def load_policy(path: Path | None) -> Policy:
    """The workspace's policy.yaml merged over the shipped defaults."""
    if path is None or not path.exists():
        return default_policy()
    base = yaml.safe_load(
        resources.files("hindsight.data").joinpath("policy.yaml").read_text("utf-8")
    )
    try:
        override = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text (byte at offset {exc.start})") from None
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(override, dict):
        raise InvalidInput(f"{path}: expected a mapping of policy settings")
    base.update(override)
    return _parse(base, str(path))

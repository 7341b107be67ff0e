"""Set an incident's fields from text, as typed on a command line or in a form.

`set_field(incident, "impact.users_affected", "1200")` coerces by the field's declared type and
raises InvalidInput naming the field and the accepted values when the text does not fit.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

from hindsight.domain.model import Impact, Incident, Reference, now_utc
from hindsight.domain.policy import Policy
from hindsight.errors import InvalidInput, Problems
from hindsight.timeutil import INSTANT_FORMATS, parse_date, parse_instant

EDITABLE = {
    "title", "summary", "severity", "started_at", "detected_at", "acknowledged_at",
    "mitigated_at", "resolved_at", "services", "tags", "commander", "author", "participants",
    "root_cause", "root_cause_category", "technical_details", "resolution", "went_well",
    "went_wrong", "lessons", "restricted", "repeat_of", "references",
}  # fmt: skip
ALIASES = {
    "started": "started_at",
    "detected": "detected_at",
    "acknowledged": "acknowledged_at",
    "mitigated": "mitigated_at",
    "resolved": "resolved_at",
    "category": "root_cause_category",
    "service": "services",
    "participant": "participants",
    "tag": "tags",
}
TRUE = {"true", "yes", "y", "1", "on"}
FALSE = {"false", "no", "n", "0", "off"}


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def coerce(text: str | None, hint: Any, field: str) -> Any:
    """Turn `text` into a value of type `hint`; empty text clears an optional field."""
    is_union = typing.get_origin(hint) in (typing.Union, types.UnionType)
    args = typing.get_args(hint) if is_union else ()
    optional = type(None) in args
    base = next((a for a in args if a is not type(None)), hint) if args else hint
    if text is None or (text.strip() == "" and optional):
        if optional:
            return None
        if typing.get_origin(base) is list:
            return []
        return ""
    raw = text.strip()
    try:
        if typing.get_origin(base) is list:
            return _split_list(raw)
        if base is bool:
            low = raw.lower()
            if low in TRUE:
                return True
            if low in FALSE:
                return False
            raise ValueError
        if base is int:
            return int(raw.replace(",", "").replace("_", ""))
        if base is float:
            return float(raw.replace(",", "").replace("%", "").replace("$", ""))
        if base is datetime:
            return parse_instant(raw, field=field)
        if base is date:
            return parse_date(raw, field=field)
        if isinstance(base, type) and issubclass(base, Enum):
            return base(raw.lower())
    except InvalidInput:
        raise
    except ValueError:
        expected = {
            bool: "yes or no",
            int: "a whole number",
            float: "a number",
            datetime: INSTANT_FORMATS,
        }.get(base)
        if isinstance(base, type) and issubclass(base, Enum):
            expected = "one of " + ", ".join(m.value for m in base)
        raise InvalidInput(
            f'{field}: "{text}" is not valid; expected {expected}', field=field
        ) from None
    return raw


def set_field(
    incident: Incident, name: str, text: str | None, policy: Policy | None = None
) -> None:
    """Set `name` (e.g. "root_cause", "impact.money_lost", "references") from `text`."""
    key = ALIASES.get(
        name.strip().lower().replace("-", "_"), name.strip().lower().replace("-", "_")
    )
    if key.startswith("impact."):
        sub = key.split(".", 1)[1]
        hints = _hints(Impact)
        if sub not in hints:
            valid = ", ".join(f"impact.{f.name}" for f in dataclasses.fields(Impact))
            raise InvalidInput(f"unknown impact field {sub!r}; valid: {valid}", field=key)
        value = coerce(text, hints[sub], key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            top = 100 if sub == "users_affected_pct" else None
            if value < 0 or (top is not None and value > top):
                bounds = "between 0 and 100" if top else "0 or more"
                raise InvalidInput(f'{key}: "{text}" is out of range; expected {bounds}', field=key)
        setattr(incident.impact, sub, value)
        return
    if key not in EDITABLE:
        raise InvalidInput(
            f"unknown or read-only field {name!r}; editable: {', '.join(sorted(EDITABLE))}, impact.*",
            field=name,
        )
    if key == "severity":
        incident.severity = policy.check_severity(text or "") if policy else (text or "").upper()
        return
    if key == "root_cause_category" and text:
        from hindsight.domain.model import ROOT_CAUSE_CATEGORIES

        value = text.strip().lower().replace(" ", "_").replace("-", "_")
        if value not in ROOT_CAUSE_CATEGORIES:
            raise InvalidInput(
                f"unknown root-cause category {text!r}; valid: {', '.join(ROOT_CAUSE_CATEGORIES)}",
                field=key,
            )
        incident.root_cause_category = value
        return
    if key == "references":
        refs = []
        for part in _split_list(text or ""):
            label, _, url = part.rpartition("=")
            refs.append(Reference(label=label or url, url=url))
        incident.references = refs
        return
    setattr(incident, key, coerce(text, _hints(Incident)[key], key))


# --- values from JSON or a form ------------------------------------------------------------------

MULTILINE_LISTS = {"went_well", "went_wrong", "lessons"}
"""Lists a form writes one item per line (commas belong to the sentences)."""


def as_text(value: Any, name: str) -> str | None:
    """A JSON or form value as the text `set_field` coerces (lists joined, booleans spelled)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def apply_fields(incident: Incident, values: Mapping[str, Any], policy: Policy | None) -> list[str]:
    """Set every given field; `impact` may be a nested mapping. Returns the names set.

    Every field is tried: when several are wrong, the InvalidInput raised names them all (its
    `problems`), so a form shows each mistake at its field at once, not one per submit.
    """
    changed: list[str] = []
    problems = Problems()
    for name, value in values.items():
        if name == "impact" and isinstance(value, Mapping):
            for sub, sub_value in value.items():
                with problems.check():
                    set_field(incident, f"impact.{sub}", as_text(sub_value, sub), policy)
                    changed.append(f"impact.{sub}")
            continue
        with problems.check():
            _apply_one(incident, name, value, policy)
            changed.append(name)
    if not incident.title.strip():
        with problems.check():
            raise InvalidInput("title: must not be empty", field="title")
    problems.raise_any()
    return changed


def _apply_one(incident: Incident, name: str, value: Any, policy: Policy | None) -> None:
    if name in MULTILINE_LISTS and isinstance(value, str):
        setattr(incident, name, [line.strip() for line in value.splitlines() if line.strip()])
    elif name in MULTILINE_LISTS and isinstance(value, list):
        setattr(incident, name, [str(v).strip() for v in value if str(v).strip()])
    elif name == "references" and isinstance(value, list):
        parts = []
        for ref in value:
            if isinstance(ref, Mapping):
                parts.append(f"{ref.get('label', '')}={ref.get('url', '')}")
            else:
                parts.append(str(ref))
        set_field(incident, name, ", ".join(parts), policy)
    else:
        set_field(incident, name, as_text(value, name), policy)


def incident_from_values(
    values: Mapping[str, Any], policy: Policy, *, author: str | None
) -> Incident:
    """A new Incident (id still empty) from typed or form values; it starts now unless told
    otherwise, and its author is whoever opens it unless `values` names one."""
    title = str(values.get("title") or "").strip()
    if not title:
        raise InvalidInput(
            "title: an incident needs a title saying what broke, for whom", field="title"
        )
    incident = Incident(id="", title=title, author=author)
    rest = {k: v for k, v in values.items() if k != "title" and v not in (None, "", [], ())}
    apply_fields(incident, rest, policy)
    incident.severity = policy.check_severity(incident.severity)
    incident.started_at = incident.started_at or now_utc()
    return incident

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hindsight.domain.model import Incident
from hindsight.domain.policy import ADJUSTED, DEFAULT, Policy, default_policy, load_policy
from hindsight.errors import InvalidInput

T = datetime(2025, 12, 15, 22, 47, tzinfo=UTC)
DEFAULTS = default_policy()
PLAIN = ("max_actions", "escalate_blocked_after_days", "slo_breach_severity")
PLAIN += ("repeat_window_days", "timezone", "factor_categories")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def severity_fields(policy: Policy, key: str) -> dict[str, Any]:
    return asdict(policy.severities[key])


def test_default_policy_requires_postmortems_by_the_documented_rules() -> None:
    policy = default_policy()
    quiet = Incident(
        "INC-1", "x", severity="P3", started_at=T, resolved_at=T + timedelta(minutes=5)
    )
    assert policy.postmortem_reasons(quiet) == []
    assert policy.postmortem_deadline(quiet) is None  # P3: no deadline
    loud = Incident(
        "INC-2", "x", severity="P2", started_at=T, resolved_at=T + timedelta(minutes=45)
    )
    loud.impact.money_lost = 1500
    loud.impact.support_tickets = 11
    loud.impact.data_loss = True
    reasons = policy.postmortem_reasons(loud)
    assert "downtime 45m > 30m" in reasons
    assert "data loss" in reasons
    assert any("11 support tickets" in r for r in reasons)
    assert any("loss 1,500 USD" in r for r in reasons)
    assert policy.postmortem_deadline(loud) == loud.resolved_at + timedelta(days=7)
    p0 = Incident("INC-3", "x", severity="P0", started_at=T, resolved_at=T)
    assert policy.postmortem_deadline(p0) == T + timedelta(hours=24)
    assert policy.max_actions == 7 and policy.escalate_blocked_after_days == 14
    assert policy.source is None and policy.notes == []
    assert set(policy.sources.values()) == {DEFAULT}


def test_a_partial_severity_changes_only_what_it_names(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, "severities:\n  P1: {postmortem_due_days: 2}\n"))
    assert list(policy.severities) == ["P0", "P1", "P2", "P3"]
    p1 = policy.severities["P1"]
    assert p1.postmortem_deadline_hours == 48
    assert (p1.name, p1.description) == (
        DEFAULTS.severities["P1"].name,
        DEFAULTS.severities["P1"].description,
    )
    for key in ("P0", "P2", "P3"):
        assert policy.severities[key] == DEFAULTS.severities[key]
    assert policy.severities_mode == "merge"
    assert policy.sources["severities.P1.postmortem_deadline_hours"] == str(
        tmp_path / "policy.yaml"
    )
    assert policy.sources["severities.P1.name"] == DEFAULT
    assert policy.notes == [
        "severities: merged over the defaults because P1 is a default name (P1 changed); "
        "set severities_mode: replace to use only the file's"
    ]
    incident = Incident("INC-1", "x", severity="P1", started_at=T, resolved_at=T)
    assert policy.postmortem_deadline(incident) == T + timedelta(days=2)
    # the rest of the policy is untouched too
    assert policy.required == DEFAULTS.required
    assert all(getattr(policy, k) == getattr(DEFAULTS, k) for k in PLAIN)


def test_a_new_severity_is_added_after_the_defaults(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "severities:\n  P2: {name: Degraded}\n  p4: {name: Cosmetic, postmortem_deadline_hours: 0.5}\n",
    )
    policy = load_policy(path)
    assert list(policy.severities) == ["P0", "P1", "P2", "P3", "P4"]
    assert policy.severities["P2"].name == "Degraded"
    assert policy.severities["P2"].postmortem_deadline_hours == 168
    assert policy.severities["P4"].postmortem_deadline_hours == 0.5
    assert policy.sources["severities.P4"] == str(path)
    assert policy.check_severity("p4") == "P4"
    assert "P2 changed, P4 added" in policy.notes[0]


def test_a_scheme_of_its_own_names_replaces_the_defaults(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "max_actions: 5\nseverities:\n  SEV1: {postmortem_deadline_hours: 48}\n  SEV2: {}\n",
    )
    policy = load_policy(path)
    assert policy.max_actions == 5
    assert list(policy.severities) == ["SEV1", "SEV2"]
    assert policy.severities["SEV2"].name == "SEV2"  # a new severity's name defaults to its key
    assert policy.severities_mode == "replace"
    with pytest.raises(InvalidInput, match="valid: SEV1, SEV2"):
        policy.check_severity("P1")
    # defaults that named P-severities are fitted to the scheme, and say so
    assert policy.required["severities"] == []
    assert policy.sources["postmortem_required.severities"] == ADJUSTED
    assert policy.slo_breach_severity == "SEV1"
    assert policy.sources["slo_breach_severity"] == ADJUSTED
    assert "none of its names is a default one (P0, P1, P2, P3)" in policy.notes[0]
    assert len(policy.notes) == 3


def test_an_own_scheme_can_name_its_required_severities_and_slo_severity(tmp_path: Path) -> None:
    policy = load_policy(
        write(
            tmp_path,
            "severities: {SEV1: {}, SEV2: {}, SEV3: {}}\nslo_breach_severity: sev2\n"
            "postmortem_required: {severities: [SEV1, SEV2]}\n",
        )
    )
    assert policy.required["severities"] == ["SEV1", "SEV2"]
    assert policy.slo_breach_severity == "SEV2"
    assert len(policy.notes) == 1
    incident = Incident("INC-1", "x", severity="SEV2", started_at=T, resolved_at=T)
    assert policy.postmortem_reasons(incident) == ["severity SEV2"]


def test_severities_mode_says_merge_or_replace_explicitly(tmp_path: Path) -> None:
    merged = load_policy(write(tmp_path, "severities_mode: merge\nseverities: {P4: {}}\n"))
    assert list(merged.severities) == ["P0", "P1", "P2", "P3", "P4"]
    replaced = load_policy(
        write(tmp_path, "severities_mode: replace\nseverities:\n  P0: {}\n  P1: {name: Big}\n")
    )
    assert list(replaced.severities) == ["P0", "P1"]
    # a kept default severity still inherits the fields the file leaves out
    assert replaced.severities["P0"] == DEFAULTS.severities["P0"]
    assert replaced.severities["P1"].postmortem_deadline_hours == 72
    assert replaced.severities["P1"].name == "Big"
    assert replaced.required["severities"] == ["P0", "P1"]


def test_postmortem_rules_merge_rule_by_rule(tmp_path: Path) -> None:
    policy = load_policy(
        write(
            tmp_path,
            "postmortem_required:\n  downtime_minutes_over: 60\n  money_lost_over: null\n"
            "  any_data_loss: false\n",
        )
    )
    expected = {
        **DEFAULTS.required,
        "downtime_minutes_over": 60,
        "money_lost_over": None,
        "any_data_loss": False,
    }
    assert policy.required == expected
    incident = Incident(
        "INC-1", "x", severity="P3", started_at=T, resolved_at=T + timedelta(minutes=45)
    )
    incident.impact.money_lost = 10**6
    incident.impact.data_loss = True
    assert policy.postmortem_reasons(incident) == []  # 45m < 60m; money and data loss are off
    incident.impact.support_tickets = 11
    assert policy.postmortem_reasons(incident) == ["11 support tickets > 10"]  # still the default


def test_an_empty_policy_file_is_the_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "# nothing yet\n")
    policy = load_policy(path)
    assert policy.severities == DEFAULTS.severities and policy.required == DEFAULTS.required
    assert policy.source == str(path) and policy.notes == []


def test_broken_policy_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "severities: [unclosed\n")
    with pytest.raises(InvalidInput, match=r"policy.yaml: not valid YAML at line 2"):
        load_policy(path)
    write(tmp_path, "severities: 3\n")
    with pytest.raises(InvalidInput, match="severities must be a mapping of each severity"):
        load_policy(path)


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (b"max_actions: lots\n", "max_actions must be a whole number of actions"),
        (b"escalate_blocked_after_days: soon\n", "escalate_blocked_after_days"),
        (b"repeat_window_days: -3\n", "repeat_window_days must be a whole number of days"),
        (b"repeat_window_days: 99999999999\n", "repeat_window_days must be .* from 0 to 36500"),
        (
            b"severities:\n  P1: {postmortem_deadline_hours: banana}\n",
            "severities.P1.postmortem_deadline_hours must be a number of hours",
        ),
        (b"severities:\n  P1: {postmortem_deadline_hours: .nan}\n", "P1.postmortem_deadline"),
        (
            b"severities:\n  P1: {postmortem_due_days: soon}\n",
            "severities.P1.postmortem_due_days must be a whole number of days",
        ),
        (b"severities:\n  P1: {postmortem_due_days: 2.5}\n", "P1.postmortem_due_days"),
        (
            b"severities:\n  P1: {colour: red}\n",
            "severities.P1.colour is not a severity field; expected one of name, ",
        ),
        (
            b"severities:\n  P1: {postmortem_due_days: 2, postmortem_deadline_hours: 4}\n",
            "severities.P1 gives both",
        ),
        (b"severities:\n  P1: 3\n", "severities.P1 must be a mapping"),
        (b"severities:\n  P1: {}\n  p1: {}\n", "severities.P1 is given twice"),
        (b"severities:\n  'SEV 1': {}\n", "severities.SEV 1 must be one word"),
        (b"severities:\n  P1: {name: [a]}\n", "severities.P1.name must be text"),
        (b"max_action: 5\n", "max_action is not a policy setting"),
        (b"severities_mode: sometimes\n", "severities_mode must be merge or replace"),
        (b"severities_mode: replace\n", "severities_mode: replace needs a severities block"),
        (b"postmortem_required: {downtime: 5}\n", "postmortem_required.downtime is not a"),
        (b"postmortem_required: {any_data_loss: 1}\n", "any_data_loss must be true or false"),
        (b"postmortem_required: {severities: P1}\n", "severities must be a list"),
        (b"postmortem_required: {severities: [P9]}\n", "names P9, not a severity of the scheme"),
        (b"slo_breach_severity: P9\n", "slo_breach_severity names P9"),
        (b"timezone: Mars/Base\n", "timezone must be an IANA time zone"),
        (b"factor_categories: []\n", "factor_categories must be a list of non-empty"),
        (b"- max_actions\n", "expected a mapping of policy settings"),
        (b"max_actions: caf\xe9\n", "not UTF-8"),
    ],
)
def test_a_bad_policy_value_is_one_line_naming_its_file_and_field(
    tmp_path: Path, content: bytes, named: str
) -> None:
    path = tmp_path / "policy.yaml"
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=f"^{path}: .*{named}") as caught:
        load_policy(path)
    assert "\n" not in caught.value.message


# --- properties --------------------------------------------------------------------------------

NEW_VALUES: dict[str, st.SearchStrategy[Any]] = {
    # the policy strips text: values drawn already stripped
    "name": st.text("abcdefghij XYZ", min_size=1, max_size=12).filter(
        lambda s: s == s.strip() != ""
    ),
    "description": st.text("abcdefghij ,.", max_size=30).filter(lambda s: s == s.strip()),
    "postmortem_deadline_hours": st.none() | st.integers(0, 1000) | st.floats(0, 1000),
}
RULE_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "severities": st.lists(st.sampled_from(["P0", "P1", "P2", "P3"]), unique=True),
    "downtime_minutes_over": st.none() | st.integers(0, 10_000),
    "any_data_loss": st.booleans(),
    "security_incident": st.booleans(),
    "money_lost_over": st.none() | st.floats(0, 1e9),
    "support_tickets_over": st.none() | st.integers(0, 1000),
    "sla_breached": st.booleans(),
    "repeat_of_known_root_cause": st.booleans(),
}
PLAIN_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "max_actions": st.integers(0, 50),
    "escalate_blocked_after_days": st.integers(0, 365),
    "repeat_window_days": st.integers(0, 3650),
    "slo_breach_severity": st.sampled_from(["P0", "P1", "P2", "P3"]),
    "timezone": st.sampled_from(["UTC", "Europe/Paris", "Asia/Tokyo"]),
    "factor_categories": st.lists(st.sampled_from(["People", "Tooling", "Vendors"]), min_size=1),
}


@st.composite
def partial_policies(draw: st.DrawFn) -> dict[str, Any]:
    """A policy.yaml overriding random fields of random default severities and settings."""
    doc: dict[str, Any] = {}
    severities = {
        key: draw(st.fixed_dictionaries({}, optional=NEW_VALUES))
        for key in draw(st.lists(st.sampled_from(list(DEFAULTS.severities)), unique=True))
    }
    if severities:
        doc["severities"] = severities
    rules = draw(st.fixed_dictionaries({}, optional=RULE_VALUES))
    if rules:
        doc["postmortem_required"] = rules
    doc.update(draw(st.fixed_dictionaries({}, optional=PLAIN_VALUES)))
    return doc


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=partial_policies())
def test_every_field_the_file_does_not_set_keeps_its_default(
    tmp_path: Path, doc: dict[str, Any]
) -> None:
    path = write(tmp_path, yaml.safe_dump(doc))
    policy = load_policy(path)
    given_severities = doc.get("severities", {})
    assert list(policy.severities) == list(DEFAULTS.severities)
    for key, default in DEFAULTS.severities.items():
        for item, value in asdict(default).items():
            expected = given_severities.get(key, {}).get(item, value)
            assert getattr(policy.severities[key], item) == expected, (key, item)
            if item != "key":
                came = str(path) if item in given_severities.get(key, {}) else DEFAULT
                assert policy.sources[f"severities.{key}.{item}"] == came
    rules = doc.get("postmortem_required", {})
    for rule, value in DEFAULTS.required.items():
        assert policy.required[rule] == rules.get(rule, value), rule
    for name in PLAIN:
        assert getattr(policy, name) == doc.get(name, getattr(DEFAULTS, name)), name
        assert policy.sources[name] == (str(path) if name in doc else DEFAULT)


ANY_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
SETTING_PATHS = [
    *[
        ("severities", key, item)
        for key in ("P1", "NEW")
        for item in [*NEW_VALUES, "postmortem_due_days", "x"]
    ],
    *[("postmortem_required", rule) for rule in [*RULE_VALUES, "x"]],
    *[
        (name,)
        for name in [*PLAIN_VALUES, "severities_mode", "severities", "postmortem_required", "x"]
    ],
]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    entries=st.lists(st.tuples(st.sampled_from(SETTING_PATHS), ANY_VALUE), min_size=1, max_size=4)
)
def test_any_value_anywhere_loads_or_is_one_line_naming_the_file(
    tmp_path: Path, entries: list[tuple[tuple[str, ...], Any]]
) -> None:
    doc: dict[str, Any] = {}
    for at, value in entries:
        node = doc
        for part in at[:-1]:
            node = node.setdefault(part, {}) if isinstance(node.get(part, {}), dict) else {}
        node[at[-1]] = value
    path = write(tmp_path, yaml.safe_dump(doc))
    try:
        policy = load_policy(path)
    except InvalidInput as error:
        assert error.message.startswith(f"{path}: ") and "\n" not in error.message
        return
    incident = Incident("INC-1", "x", severity=next(iter(policy.severities)), started_at=T)
    incident.resolved_at = T + timedelta(hours=1)
    policy.postmortem_deadline(incident)
    policy.postmortem_reasons(incident)
    assert policy.slo_breach_severity in policy.severities
    assert set(policy.required.get("severities", [])) <= set(policy.severities)


def test_a_key_with_a_newline_is_named_on_one_line(tmp_path: Path) -> None:
    """Found by the property test above in CI (round 22): a key holding a newline made the
    message two lines; the key is shown escaped."""
    path = write(tmp_path, yaml.safe_dump({"severities": {"\n": {}}}))
    with pytest.raises(InvalidInput) as raised:
        load_policy(path)
    assert "\n" not in raised.value.message
    assert "severities.\\n" in raised.value.message
    path = write(tmp_path, yaml.safe_dump({"postmortem_required": {"\n": True}}))
    with pytest.raises(InvalidInput) as raised:
        load_policy(path)
    assert "\n" not in raised.value.message

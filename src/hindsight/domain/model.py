"""Plain typed objects of a postmortem and their vocabulary. No I/O here.

Every datetime is time-zone aware and in UTC (`utc()` normalises); `None` means "not known yet".
Lists are never None: an empty list means "none recorded".
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any


class IncidentStatus(StrEnum):
    OPEN = "open"
    MITIGATED = "mitigated"
    RESOLVED = "resolved"
    DRAFTING = "drafting"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    CLOSED = "closed"


STATUS_ORDER: list[IncidentStatus] = list(IncidentStatus)


class EventKind(StrEnum):
    ALERT = "alert"
    DEPLOY = "deploy"
    CONFIG_CHANGE = "config_change"
    LOG = "log"
    METRIC = "metric"
    CHAT = "chat"
    ACTION = "action"
    MILESTONE = "milestone"
    NOTE = "note"


class Milestone(StrEnum):
    """The moments MTTD / MTTA / MTTM / MTTR are measured between."""

    STARTED = "started"
    DETECTED = "detected"
    ACKNOWLEDGED = "acknowledged"
    MITIGATED = "mitigated"
    RESOLVED = "resolved"


class ActionKind(StrEnum):
    PREVENT = "prevent"
    DETECT = "detect"
    MITIGATE = "mitigate"
    LEARN = "learn"


class Horizon(StrEnum):
    IMMEDIATE = "immediate"
    SHORT_TERM = "short_term"
    LONG_TERM = "long_term"


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"
    VERIFIED = "verified"
    WONT_DO = "wont_do"


OPEN_ACTION_STATUSES = frozenset(
    {ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED}
)
CLOSED_ACTION_STATUSES = frozenset({ActionStatus.VERIFIED, ActionStatus.WONT_DO})


class PreventionLevel(StrEnum):
    """Hierarchy of controls, strongest first."""

    ELIMINATE = "eliminate"
    SUBSTITUTE = "substitute"
    ENGINEERING = "engineering_control"
    ADMINISTRATIVE = "administrative_control"
    TRAINING = "training"


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class ReviewDecision(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"


DEFAULT_FACTOR_CATEGORIES = ("People", "Process", "Technology", "Environment")

ROOT_CAUSE_CATEGORIES = (
    "configuration",
    "deployment",
    "capacity",
    "external_dependency",
    "monitoring_gap",
    "process_gap",
    "technical_debt",
    "infrastructure",
    "security",
    "data",
)


def utc(moment: datetime | None) -> datetime | None:
    """Return `moment` as an aware UTC datetime; naive values are taken to be UTC already."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass
class Impact:
    """Quantified impact. Money is in `currency` units; percentages are 0-100."""

    users_affected: int | None = None
    users_affected_pct: float | None = None
    downtime_minutes: int | None = None
    money_lost: float | None = None
    currency: str = "USD"
    sla_breached: bool | None = None
    slo: str | None = None
    error_budget_consumed_pct: float | None = None
    support_tickets: int | None = None
    data_loss: bool | None = None
    customer_facing: bool | None = None


@dataclass
class Reference:
    label: str
    url: str


@dataclass
class TimelineEvent:
    """One line of the timeline. Condensed log events carry `count`, `last_at` and `template`."""

    at: datetime
    text: str
    kind: EventKind = EventKind.NOTE
    source: str = "manual"
    actor: str | None = None
    action: str | None = None
    evidence: str | None = None  # SHA-256 of the evidence blob this came from
    key: bool = False
    milestone: Milestone | None = None
    service: str | None = None
    level: str | None = None
    count: int = 1
    last_at: datetime | None = None
    template: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)  # importer-specific: line numbers, ids
    id: int | None = None


@dataclass
class WhyStep:
    answer: str
    evidence: list[int] = field(default_factory=list)  # timeline event ids


@dataclass
class WhyChain:
    """A 5 Whys chain: `problem` is the starting question; the last answer is the root cause."""

    problem: str
    steps: list[WhyStep] = field(default_factory=list)

    @property
    def root_cause(self) -> str | None:
        return self.steps[-1].answer if self.steps else None


@dataclass
class ContributingFactor:
    category: str
    text: str


@dataclass
class FaultNode:
    """A fault-tree node: a gate ("and"/"or") with children, or a basic event (gate None)."""

    id: str
    label: str
    gate: str | None = None
    children: list[str] = field(default_factory=list)
    probability: float | None = None


@dataclass
class FaultTree:
    name: str
    top: str
    nodes: list[FaultNode] = field(default_factory=list)


@dataclass
class StatusChange:
    at: datetime
    status: ActionStatus
    by: str | None = None
    reason: str | None = None


@dataclass
class ActionItem:
    """A corrective action. `number` is its position within the incident (A1, A2 …)."""

    number: int
    title: str
    owner: str | None = None
    due: date | None = None
    kind: ActionKind = ActionKind.PREVENT
    horizon: Horizon = Horizon.SHORT_TERM
    status: ActionStatus = ActionStatus.PLANNED
    status_reason: str | None = None
    verification: str | None = None  # criteria: how we will know it works
    evidence: str | None = None  # proof it works: a link, a test, a drill
    verifier: str | None = None
    ticket_url: str | None = None
    prevention_level: PreventionLevel | None = None
    impact: Level | None = None
    effort: Level | None = None
    created_at: datetime | None = None
    assigned_at: datetime | None = None
    done_at: datetime | None = None
    verified_at: datetime | None = None
    history: list[StatusChange] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return f"A{self.number}"


@dataclass
class Review:
    reviewer: str
    role: str | None = None
    decision: ReviewDecision = ReviewDecision.PENDING
    comment: str | None = None
    meeting_date: date | None = None
    attendees: list[str] = field(default_factory=list)
    recording_url: str | None = None


@dataclass
class Incident:
    id: str
    title: str
    severity: str = "P2"
    status: IncidentStatus = IncidentStatus.OPEN
    summary: str = ""
    started_at: datetime | None = None
    detected_at: datetime | None = None
    acknowledged_at: datetime | None = None
    mitigated_at: datetime | None = None
    resolved_at: datetime | None = None
    services: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    commander: str | None = None
    author: str | None = None
    participants: list[str] = field(default_factory=list)
    impact: Impact = field(default_factory=Impact)
    root_cause: str = ""
    root_cause_category: str | None = None
    technical_details: str = ""
    resolution: str = ""
    went_well: list[str] = field(default_factory=list)
    went_wrong: list[str] = field(default_factory=list)
    lessons: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    restricted: bool = False
    repeat_of: str | None = None
    timeline: list[TimelineEvent] = field(default_factory=list)
    why_chains: list[WhyChain] = field(default_factory=list)
    factors: list[ContributingFactor] = field(default_factory=list)
    fault_trees: list[FaultTree] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    created_at: datetime | None = None
    drafted_at: datetime | None = None
    published_at: datetime | None = None
    closed_at: datetime | None = None
    version: int = 0

    def milestone_time(self, milestone: Milestone) -> datetime | None:
        value: datetime | None = getattr(self, f"{milestone.value}_at")
        return value

    @property
    def duration_minutes(self) -> int | None:
        """Start to resolution, the figure the header and front matter show."""
        if self.started_at and self.resolved_at:
            return int((self.resolved_at - self.started_at).total_seconds() // 60)
        return None

    def action(self, number: int) -> ActionItem:
        from hindsight.errors import NotFound

        for item in self.actions:
            if item.number == number:
                return item
        raise NotFound(f"no action A{number} in {self.id}")

    def next_action_number(self) -> int:
        return max((a.number for a in self.actions), default=0) + 1


@dataclass
class Evidence:
    """An imported file, content-addressed and never altered."""

    sha256: str
    filename: str
    size: int
    format: str
    added_by: str
    added_at: datetime
    origin: str  # where it came from: a path, an upload, a webhook
    incident_id: str
    clock_offset_seconds: float = 0.0
    lines: int = 0


@dataclass
class AuditEntry:
    at: datetime
    actor: str
    incident_id: str | None
    action: str
    field: str | None = None
    old: str | None = None
    new: str | None = None
    reason: str | None = None


def to_plain(value: Any) -> Any:
    """A JSON-ready copy of a domain object (dates as ISO-8601, enums as their values)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value

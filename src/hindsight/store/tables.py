"""SQLAlchemy tables. One metadata for every part of Hindsight; Alembic migrations follow it.

Times are stored in UTC (`UTCDateTime` hands back aware datetimes on every backend).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, whatever the backend keeps."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        date: Date,
        dict[str, Any]: JSON,
        list[Any]: JSON,
        list[str]: JSON,
    }


class IncidentRow(Base):
    __tablename__ = "incidents"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(10), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime | None] = mapped_column(index=True)
    detected_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
    mitigated_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    services: Mapped[list[str]] = mapped_column(default=list)
    tags: Mapped[list[str]] = mapped_column(default=list)
    commander: Mapped[str | None] = mapped_column(String(200))
    author: Mapped[str | None] = mapped_column(String(200))
    participants: Mapped[list[str]] = mapped_column(default=list)
    users_affected: Mapped[int | None] = mapped_column(Integer)
    users_affected_pct: Mapped[float | None] = mapped_column(Float)
    downtime_minutes: Mapped[int | None] = mapped_column(Integer)
    money_lost: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    sla_breached: Mapped[bool | None] = mapped_column(Boolean)
    slo: Mapped[str | None] = mapped_column(Text)
    error_budget_consumed_pct: Mapped[float | None] = mapped_column(Float)
    support_tickets: Mapped[int | None] = mapped_column(Integer)
    data_loss: Mapped[bool | None] = mapped_column(Boolean)
    customer_facing: Mapped[bool | None] = mapped_column(Boolean)
    root_cause: Mapped[str] = mapped_column(Text, default="")
    root_cause_category: Mapped[str | None] = mapped_column(String(40), index=True)
    technical_details: Mapped[str] = mapped_column(Text, default="")
    resolution: Mapped[str] = mapped_column(Text, default="")
    went_well: Mapped[list[str]] = mapped_column(default=list)
    went_wrong: Mapped[list[str]] = mapped_column(default=list)
    lessons: Mapped[list[str]] = mapped_column(default=list)
    references: Mapped[list[Any]] = mapped_column(default=list)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    repeat_of: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime | None]
    updated_at: Mapped[datetime | None]
    drafted_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    events: Mapped[list[TimelineEventRow]] = relationship(
        back_populates="incident", cascade="all, delete-orphan", order_by="TimelineEventRow.at"
    )
    actions: Mapped[list[ActionRow]] = relationship(
        back_populates="incident", cascade="all, delete-orphan", order_by="ActionRow.number"
    )
    why_chains: Mapped[list[WhyChainRow]] = relationship(
        cascade="all, delete-orphan", order_by="WhyChainRow.position"
    )
    factors: Mapped[list[FactorRow]] = relationship(
        cascade="all, delete-orphan", order_by="FactorRow.position"
    )
    fault_trees: Mapped[list[FaultTreeRow]] = relationship(
        cascade="all, delete-orphan", order_by="FaultTreeRow.position"
    )
    reviews: Mapped[list[ReviewRow]] = relationship(
        cascade="all, delete-orphan", order_by="ReviewRow.position"
    )
    service_links: Mapped[list[IncidentServiceRow]] = relationship(cascade="all, delete-orphan")


class IncidentServiceRow(Base):
    """One row per affected service, so metrics can filter by service in SQL."""

    __tablename__ = "incident_services"

    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    service: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)


class TimelineEventRow(Base):
    __tablename__ = "timeline_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime]
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(200))
    actor: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(String(64))
    key: Mapped[bool] = mapped_column(Boolean, default=False)
    milestone: Mapped[str | None] = mapped_column(String(20))
    service: Mapped[str | None] = mapped_column(String(200))
    level: Mapped[str | None] = mapped_column(String(20))
    count: Mapped[int] = mapped_column(Integer, default=1)
    last_at: Mapped[datetime | None]
    template: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)

    incident: Mapped[IncidentRow] = relationship(back_populates="events")


class WhyChainRow(Base):
    __tablename__ = "why_chains"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    problem: Mapped[str] = mapped_column(Text)
    steps: Mapped[list[WhyStepRow]] = relationship(
        cascade="all, delete-orphan", order_by="WhyStepRow.position"
    )


class WhyStepRow(Base):
    __tablename__ = "why_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chain_id: Mapped[int] = mapped_column(
        ForeignKey("why_chains.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    answer: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[Any]] = mapped_column(default=list)


class FactorRow(Base):
    __tablename__ = "contributing_factors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)


class FaultTreeRow(Base):
    __tablename__ = "fault_trees"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    top: Mapped[str] = mapped_column(String(200))
    nodes: Mapped[list[Any]] = mapped_column(default=list)


class ActionRow(Base):
    __tablename__ = "actions"
    __table_args__ = (UniqueConstraint("incident_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200), index=True)
    due: Mapped[date | None] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    horizon: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    verification: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    verifier: Mapped[str | None] = mapped_column(String(200))
    ticket_url: Mapped[str | None] = mapped_column(Text)
    prevention_level: Mapped[str | None] = mapped_column(String(40))
    impact: Mapped[str | None] = mapped_column(String(10))
    effort: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime | None]
    assigned_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
    verified_at: Mapped[datetime | None]
    history: Mapped[list[Any]] = mapped_column(default=list)

    incident: Mapped[IncidentRow] = relationship(back_populates="actions")


class ReviewRow(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    reviewer: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(100))
    decision: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)
    meeting_date: Mapped[date | None] = mapped_column(Date)
    attendees: Mapped[list[str]] = mapped_column(default=list)
    recording_url: Mapped[str | None] = mapped_column(Text)


class EvidenceRow(Base):
    """An imported file. The bytes live in the workspace's blob store under their SHA-256."""

    __tablename__ = "evidence"

    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    filename: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(40))
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[datetime]
    origin: Mapped[str] = mapped_column(Text)
    clock_offset_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    lines: Mapped[int] = mapped_column(Integer, default=0)


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(200))
    incident_id: Mapped[str | None] = mapped_column(String(40), index=True)
    action: Mapped[str] = mapped_column(String(60))
    field: Mapped[str | None] = mapped_column(Text)
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)


class UserRow(Base):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))  # viewer / editor / admin
    created_at: Mapped[datetime]


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(ForeignKey("users.username", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]


class SessionRow(Base):
    """A signed-in browser. The cookie holds a random secret; only its SHA-256 is stored, so a
    copy of the database does not sign anyone in. Deleting the row ends the session at once."""

    __tablename__ = "sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(
        ForeignKey("users.username", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    address: Mapped[str | None] = mapped_column(String(100))


class IncidentMemberRow(Base):
    """Who may see a restricted incident (admins always may)."""

    __tablename__ = "incident_members"

    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    username: Mapped[str] = mapped_column(String(100), primary_key=True)


class PublicApprovalRow(Base):
    """A human approved the redacted public version whose text hashes to `content_sha256`."""

    __tablename__ = "public_approvals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    content_sha256: Mapped[str] = mapped_column(String(64))
    approved_by: Mapped[str] = mapped_column(String(200))
    approved_at: Mapped[datetime]


class AlertGroupRow(Base):
    """Maps an alert group key (Alertmanager groupKey, PagerDuty incident id) to its incident."""

    __tablename__ = "alert_groups"

    group_key: Mapped[str] = mapped_column(Text, primary_key=True)
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]


Index("ix_timeline_events_incident_at", TimelineEventRow.incident_id, TimelineEventRow.at)

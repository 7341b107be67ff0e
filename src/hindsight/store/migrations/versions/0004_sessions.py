"""server-side sessions

`sessions`: one row per signed-in browser, keyed by the SHA-256 of the cookie's secret, so that
logout, a password reset, a role change or removing the user ends it at once (the cookie alone
no longer signs anyone in). Existing signed cookies stop working: everyone signs in again once.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import hindsight.store.tables

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("created_at", hindsight.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", hindsight.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("address", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["username"], ["users.username"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id_hash"),
    )
    op.create_index("ix_sessions_username", "sessions", ["username"])


def downgrade() -> None:
    op.drop_index("ix_sessions_username", table_name="sessions")
    op.drop_table("sessions")

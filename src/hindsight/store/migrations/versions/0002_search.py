"""full-text search index

One row per incident in `search_documents` (title, summary, root cause, and everything else
flattened into `body`), kept current by `hindsight.store.search.reindex_incident`.
SQLite: an FTS5 external-content index over that table, synced by triggers (so it follows the
same transaction). PostgreSQL: a stored, weighted tsvector column with a GIN index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 14:50:00
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_INDEX = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, summary, root_cause, body,
        content='search_documents', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    # title weighs most, then summary and root cause; bm25 is FTS5's default ranking function
    "INSERT INTO search_fts(search_fts, rank) VALUES('rank', 'bm25(10.0, 4.0, 4.0, 1.0)')",
    """CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
        INSERT INTO search_fts(rowid, title, summary, root_cause, body)
        VALUES (new.id, new.title, new.summary, new.root_cause, new.body);
    END""",
    """CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, summary, root_cause, body)
        VALUES ('delete', old.id, old.title, old.summary, old.root_cause, old.body);
    END""",
    """CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, summary, root_cause, body)
        VALUES ('delete', old.id, old.title, old.summary, old.root_cause, old.body);
        INSERT INTO search_fts(rowid, title, summary, root_cause, body)
        VALUES (new.id, new.title, new.summary, new.root_cause, new.body);
    END""",
]

POSTGRES_INDEX = [
    """ALTER TABLE search_documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(summary, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(root_cause, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(body, '')), 'D')) STORED""",
    "CREATE INDEX ix_search_documents_tsv ON search_documents USING GIN (tsv)",
]


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("root_cause", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", name="uq_search_documents_incident"),
    )
    bind = op.get_bind()
    for statement in SQLITE_INDEX if bind.dialect.name == "sqlite" else POSTGRES_INDEX:
        op.execute(statement)
    _index_existing(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("search_documents_ai", "search_documents_ad", "search_documents_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("search_documents")


def _lines(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return str(value)
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return "" if value is None else str(value)


def _index_existing(bind: sa.Connection) -> None:
    """Index incidents stored before this revision, from the 0001 columns only (frozen here on
    purpose: `hindsight reindex` rebuilds with the current document builder)."""
    incidents = bind.execute(
        sa.text(
            "SELECT id, title, summary, root_cause, technical_details, resolution, tags, services,"
            " went_well, went_wrong, lessons FROM incidents"
        )
    ).fetchall()
    for row in incidents:
        extra: list[str] = [row.id, _lines(row.services), row.technical_details or "",
                            row.resolution or "", _lines(row.went_well), _lines(row.went_wrong),
                            _lines(row.lessons)]  # fmt: skip
        for query in (
            "SELECT text FROM timeline_events WHERE incident_id = :i",
            "SELECT title FROM actions WHERE incident_id = :i",
            "SELECT text FROM contributing_factors WHERE incident_id = :i",
            "SELECT problem FROM why_chains WHERE incident_id = :i",
            "SELECT s.answer FROM why_steps s JOIN why_chains c ON c.id = s.chain_id"
            " WHERE c.incident_id = :i",
            "SELECT name FROM fault_trees WHERE incident_id = :i",
        ):
            extra += [str(r[0]) for r in bind.execute(sa.text(query), {"i": row.id})]
        tags = _lines(row.tags).split("\n") if row.tags else []
        bind.execute(
            sa.text(
                "INSERT INTO search_documents (incident_id, title, summary, root_cause, body, tags)"
                " VALUES (:i, :t, :s, :r, :b, :g)"
            ),
            {
                "i": row.id,
                "t": row.title or "",
                "s": row.summary or "",
                "r": row.root_cause or "",
                "b": "\n".join(x for x in extra if x),
                "g": "".join(f"|{t.lower()}|" for t in tags if t),
            },
        )

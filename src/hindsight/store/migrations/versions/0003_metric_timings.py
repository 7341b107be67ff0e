"""per-incident timings for the metrics; faster PostgreSQL search

`incident_timings`: one row per incident of durations in seconds, the inputs of the
"postmortem required" rules and its actions' counts and sums (see hindsight.store.timings),
with an index per duration so medians are read in order instead of sorted. Filled here from
the stored incidents; kept current by `reindex_incident` afterwards.

PostgreSQL search: the tsvector stays in the table row (STORAGE MAIN) instead of a TOAST
table, so checking a document costs one page; the GIN index is written through
(fastupdate off), so no query scans a pending list; and no search starts parallel workers,
whose start-up costs more than the few thousand rows a search reads.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the table's shape and the refresh statement are the application's own (one definition);
    # `hindsight reindex` rebuilds the rows whenever that definition changes
    from hindsight.store.timings import incident_timings, refresh_sql

    bind = op.get_bind()
    incident_timings.create(bind)
    _, insert = refresh_sql(bind.dialect.name, one=False)
    bind.execute(sa.text(insert))
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE search_documents ALTER COLUMN tsv SET STORAGE MAIN")
        op.execute("ALTER INDEX ix_search_documents_tsv SET (fastupdate = off)")
        op.execute("ALTER TABLE search_documents SET (parallel_workers = 0)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE search_documents RESET (parallel_workers)")
        op.execute("ALTER INDEX ix_search_documents_tsv RESET (fastupdate)")
        op.execute("ALTER TABLE search_documents ALTER COLUMN tsv SET STORAGE EXTENDED")
    op.drop_table("incident_timings")

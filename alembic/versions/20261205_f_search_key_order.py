"""search index: an index on (type, newest) for /v1/search?type= on PostgreSQL

Candidates are the newest matching documents of the types asked for. Ordered by
document id (record first), a common word in statements meant walking the primary
key past every newer citation, metric and budget document, testing the type of
each (at a million projects, millions of rows). A B-tree index on the search_key of
app/search/schema.py (resource first, then record, then field) lets PostgreSQL walk
one type's documents newest first. ANALYZE gathers the expression's statistics:
without them the planner takes a type's range for 0.5 % of the documents and
intersects the bitmaps of every match of a common word instead.

SQLite is unchanged. The key is written out here as it is at this revision.

Revision ID: f_search_key_order
Revises: f_rollup01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "f_search_key_order"
down_revision: str | None = "f_rollup01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_KEY = "(((((id >> 5) & 31) << 58) | ((id >> 10) << 5) | (id & 31)))"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_search_documents_search_key ON search_documents ({SEARCH_KEY})")
        op.execute("ANALYZE search_documents")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_documents_search_key")

"""search: index every text a reader sees, and amounts however they are written

Rebuilds the search index from the rows present: budgets, citations and statement
links join it, projects add status_details, metrics value_text, statements the
speaker's role, and every amount written with Korean units or separators (약 60억 원,
6,000,000,000) gains its value in digits as a token (app.search.amounts). The
searchable fields of this revision are listed below; the downgrade rebuilds those
of the previous one.

Revision ID: e3a0search0001
Revises: d3f1c0a00005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.search.index import documents_for

revision: str = "e3a0search0001"
down_revision: str | None = "d3f1c0a00005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (resource path, table, searchable fields in declaration order) at this revision.
SEARCHABLE_AT_REVISION = (
    ("projects", "projects", ("name", "name_en", "summary", "summary_en", "status_details")),
    ("budgets", "budgets", ("amount_text", "description")),
    ("metrics", "metrics", ("indicator", "indicator_en", "value_text")),
    ("statements", "statements", ("quote", "translation_en", "speaker_role", "speaker_role_en")),
    ("sources", "sources", ("title",)),
    ("citations", "citations", ("excerpt", "excerpt_en", "note")),
    ("organizations", "organizations", ("name", "name_en")),
    ("people", "people", ("name", "name_en")),
    ("statement-links", "statement_links", ("label", "note", "excerpt", "excerpt_en")),
)
SEARCHABLE_BEFORE = (
    ("projects", "projects", ("name", "name_en", "summary", "summary_en")),
    ("metrics", "metrics", ("indicator", "indicator_en")),
    ("statements", "statements", ("quote", "translation_en")),
    ("sources", "sources", ("title",)),
    ("organizations", "organizations", ("name", "name_en")),
    ("people", "people", ("name", "name_en")),
)
CHUNK = 1000


def upgrade() -> None:
    _rebuild(SEARCHABLE_AT_REVISION)


def downgrade() -> None:
    _rebuild(SEARCHABLE_BEFORE)


def _rebuild(searchable: tuple[tuple[str, str, tuple[str, ...]], ...]) -> None:
    """Replace every document with those of `searchable`, one keyset page of rows at a time."""
    connection = op.get_bind()
    documents = sa.table("search_documents", *(sa.column(name) for name in ("id", "resource", "record_id", "field", "tokens")))
    connection.execute(sa.delete(documents))  # SQLite's triggers remove the FTS5 entries with the rows
    for path, table, fields in searchable:
        last_id = -1
        while True:
            rows = connection.execute(
                sa.text(f"SELECT id, {', '.join(fields)} FROM {table} WHERE id > :last ORDER BY id LIMIT {CHUNK}"),
                {"last": last_id},
            ).all()
            batch = [document for row in rows for document in documents_for(path, fields, row)]
            if batch:
                connection.execute(sa.insert(documents), batch)
            if len(rows) < CHUNK:
                break
            last_id = rows[-1].id

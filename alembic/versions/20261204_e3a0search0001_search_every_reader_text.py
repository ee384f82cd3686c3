"""search: index every text a reader sees, and amounts however they are written

Brings the search index in line with the rows present: budgets, citations and
statement links join it, projects add status_details, metrics value_text,
statements the speaker's role, and every amount written with Korean units or
separators (약 60억 원, 6,000,000,000) gains its value in digits as a token
(app.search.amounts). The searchable fields of this revision are listed below.
Only documents that differ are written, so running it on an index that is
already current changes nothing.

The downgrade leaves the index alone: the previous revision's code ignores the
resources and field positions it does not declare, and its rebuild_index
recomputes everything it does.

Revision ID: e3a0search0001
Revises: e0a0capture01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.search.index import documents_for
from app.search.schema import document_id, record_range, resource_code

revision: str = "e3a0search0001"
down_revision: str | None = "e0a0capture01"
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
CHUNK = 1000


def upgrade() -> None:
    connection = op.get_bind()
    for path, table, fields in SEARCHABLE_AT_REVISION:
        _sync(connection, path, table, fields)


def downgrade() -> None:
    """Nothing to undo: see the module docstring."""


def _sync(connection: sa.Connection, path: str, table: str, fields: tuple[str, ...]) -> None:
    """Make the documents of one resource those of its live rows, one keyset page of rows at a time."""
    documents = sa.table("search_documents", *(sa.column(name) for name in ("id", "resource", "record_id", "field", "tokens")))
    live = " AND deleted_at IS NULL" if "deleted_at" in {c["name"] for c in sa.inspect(connection).get_columns(table)} else ""
    code = resource_code(path)
    low, last_id = document_id(0, code, 0), -1
    while True:
        rows = connection.execute(
            sa.text(f"SELECT id, {', '.join(fields)} FROM {table} WHERE id > :last{live} ORDER BY id LIMIT {CHUNK}"),
            {"last": last_id},
        ).all()
        high = record_range(rows[-1].id, code)[1] if len(rows) == CHUNK else record_range(2 ** 52, code)[1]
        wanted = {document["id"]: document for row in rows for document in documents_for(path, fields, row)}
        stored = dict(connection.execute(
            sa.select(documents.c.id, documents.c.tokens).where(documents.c.id.between(low, high), documents.c.resource == path)
        ).all())
        unwanted = [key for key in stored if key not in wanted]
        if unwanted:
            connection.execute(sa.delete(documents).where(documents.c.id.in_(unwanted)))
        changed = [key for key in wanted if key in stored and stored[key] != wanted[key]["tokens"]]
        for key in changed:
            connection.execute(sa.update(documents).where(documents.c.id == key).values(tokens=wanted[key]["tokens"]))
        missing = [document for key, document in wanted.items() if key not in stored]
        if missing:
            connection.execute(sa.insert(documents), missing)
        if len(rows) < CHUNK:
            return
        low, last_id = high + 1, rows[-1].id

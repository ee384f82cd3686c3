"""search index: search_documents + FTS5 (SQLite) or a GIN-indexed tsvector (PostgreSQL)

Creates the full-text index described in app/search/schema.py and fills it from
the rows already present (with the tokenizer of app.search.tokens and the
searchable fields as they were at this revision, listed below). Later changes to
the tokenizer or to a resource's `searchable` need app.search.index.rebuild_index.

Revision ID: fa525ced8715
Revises: f7528af1d177
Create Date: 2026-11-26 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.search.index import documents_for

revision: str = "fa525ced8715"
down_revision: str | None = "f7528af1d177"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (resource path, table, searchable fields in declaration order) at this revision.
SEARCHABLE_AT_REVISION = (
    ("projects", "projects", ("name", "name_en", "summary", "summary_en")),
    ("metrics", "metrics", ("indicator", "indicator_en")),
    ("statements", "statements", ("quote", "translation_en")),
    ("sources", "sources", ("title",)),
    ("organizations", "organizations", ("name", "name_en")),
    ("people", "people", ("name", "name_en")),
)
BACKFILL_CHUNK = 1000

SQLITE_UP = (
    """CREATE TABLE search_documents (
        id INTEGER NOT NULL,
        resource VARCHAR(32) NOT NULL,
        record_id INTEGER NOT NULL,
        field VARCHAR(64) NOT NULL,
        tokens TEXT NOT NULL,
        CONSTRAINT pk_search_documents PRIMARY KEY (id)
    )""",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        tokens, content='search_documents', content_rowid='id', tokenize='ascii', detail='none', prefix='1'
    )""",
    """CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
        INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
    """CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
        INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
    END""",
    """CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
        INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
        INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS search_documents_au",
    "DROP TRIGGER IF EXISTS search_documents_ad",
    "DROP TRIGGER IF EXISTS search_documents_ai",
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_documents",
)
POSTGRESQL_UP = (
    """CREATE TABLE search_documents (
        id BIGINT NOT NULL,
        resource VARCHAR(32) NOT NULL,
        record_id BIGINT NOT NULL,
        field VARCHAR(64) NOT NULL,
        tokens TEXT NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (array_to_tsvector(string_to_array(tokens, ' '))) STORED,
        CONSTRAINT pk_search_documents PRIMARY KEY (id)
    )""",
    # fastupdate off: no pending list for every query to scan; writes here are small and rare.
    "CREATE INDEX ix_search_documents_tsv ON search_documents USING gin (tsv) WITH (fastupdate = off)",
    # lets `id IN (matching record_ids)` walk the records in id order for a common word
    "CREATE INDEX ix_search_documents_record_id ON search_documents (record_id)",
)
POSTGRESQL_DOWN = (
    "DROP INDEX IF EXISTS ix_search_documents_record_id",
    "DROP INDEX IF EXISTS ix_search_documents_tsv",
    "DROP TABLE IF EXISTS search_documents",
)


def _statements(up: bool) -> tuple[str, ...]:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        return SQLITE_UP if up else SQLITE_DOWN
    if dialect == "postgresql":
        return POSTGRESQL_UP if up else POSTGRESQL_DOWN
    raise NotImplementedError(f"the search index supports SQLite and PostgreSQL, not {dialect}")


def upgrade() -> None:
    for statement in _statements(up=True):
        op.execute(statement)
    _backfill()


def _backfill() -> None:
    connection = op.get_bind()
    documents = sa.table("search_documents", *(sa.column(name) for name in ("id", "resource", "record_id", "field", "tokens")))
    for path, table, fields in SEARCHABLE_AT_REVISION:
        last_id = -1
        while True:
            rows = connection.execute(
                sa.text(f"SELECT id, {', '.join(fields)} FROM {table} WHERE id > :last ORDER BY id LIMIT {BACKFILL_CHUNK}"),
                {"last": last_id},
            ).all()
            batch = [document for row in rows for document in documents_for(path, fields, row)]
            if batch:
                connection.execute(sa.insert(documents), batch)
            if len(rows) < BACKFILL_CHUNK:
                break
            last_id = rows[-1].id


def downgrade() -> None:
    for statement in _statements(up=False):
        op.execute(statement)

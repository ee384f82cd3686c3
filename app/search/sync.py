"""Bring one resource's documents in line with its rows, for migrations that add or backfill searchable text.

Only documents that differ are written, one keyset page of rows at a time, so running it on an
index that is already current changes nothing.
"""

import sqlalchemy as sa

from app.search.index import documents_for
from app.search.schema import document_id, record_range, resource_code

CHUNK = 1000


def sync_documents(connection: sa.Connection, path: str, table: str, fields: tuple[str, ...]) -> None:
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

"""Keeping search_documents in step with the records, in the writer's transaction.

- `reindex_record` / `remove_record`: called by app.services.records on every
  create, update and delete, before its commit (no-ops for resources that
  declare no searchable fields). Only fields whose tokens changed are written.
- `index_rows`: bulk indexing of rows written by bulk inserts (seed tools, bench).
- `rebuild_index`: drop and recompute every document (after a tokenizer change,
  a change to a resource's `searchable`, or data written around the services).
- `check_index`: the documents that are missing, stale or orphaned (empty when
  the index is current); on SQLite it also runs FTS5's integrity check.

Documents are only written through `search_documents`; on SQLite triggers keep
the FTS5 table in step, on PostgreSQL the tsvector column is generated.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.querying.visibility import live
from app.resources import ALL_RESOURCES, Resource
from app.search.schema import FTS_TABLE, MAX_FIELDS, document_id, record_range, resource_code, search_documents
from app.search.tokens import token_string

SEARCHABLE: tuple[Resource, ...] = tuple(resource for resource in ALL_RESOURCES if resource.searchable)
CHUNK = 1000
for _resource in SEARCHABLE:  # fail at import, not at the first write, if a declaration cannot be indexed
    resource_code(_resource.path)
    if len(_resource.searchable) > MAX_FIELDS:
        raise ValueError(f"{_resource.path}: at most {MAX_FIELDS} searchable fields")


def documents_for(path: str, fields: Sequence[str], row: Any) -> list[dict[str, Any]]:
    """The search_documents rows of one record: one per field whose text has tokens.

    `row` is anything with an `id` and the fields, as attributes or keys (a Row,
    a mapping, a model). Pure: used by the services, rebuilds and the migration.
    """
    values = _as_mapping(row)
    code = resource_code(path)
    documents = []
    for position, name in enumerate(fields):
        tokens = token_string(values.get(name))
        if tokens:
            documents.append({"id": document_id(values["id"], code, position), "resource": path,
                              "record_id": values["id"], "field": name, "tokens": tokens})
    return documents


def _as_mapping(row: Any) -> Mapping[str, Any]:
    if isinstance(row, Mapping):
        return row
    if hasattr(row, "_mapping"):
        return row._mapping
    return vars(row) if not hasattr(row, "model_dump") else row.model_dump()


def reindex_record(session: Session, resource: Resource, record_id: int, row: Any = None) -> None:
    """Make the record's documents match its current text (read from `row` if given)."""
    if not resource.searchable:
        return
    if row is None:
        table = resource.sa_table
        columns = [table.c.id, *(table.c[name] for name in resource.searchable)]
        row = session.execute(sa.select(*columns).where(table.c.id == record_id, live(table))).first()
        if row is None:
            remove_record(session, resource, record_id)
            return
    wanted = {document["id"]: document for document in documents_for(resource.path, resource.searchable, row)}
    low, high = record_range(record_id, resource_code(resource.path))
    current = dict(session.execute(
        sa.select(search_documents.c.id, search_documents.c.tokens).where(search_documents.c.id.between(low, high))
    ).all())
    stale = [document for document in current if document not in wanted]
    if stale:
        session.execute(sa.delete(search_documents).where(search_documents.c.id.in_(stale)))
    for document_key, document in wanted.items():
        if document_key not in current:
            session.execute(sa.insert(search_documents).values(**document))
        elif current[document_key] != document["tokens"]:
            session.execute(sa.update(search_documents).where(search_documents.c.id == document_key)
                            .values(tokens=document["tokens"], field=document["field"]))


def remove_record(session: Session, resource: Resource, record_id: int) -> None:
    if not resource.searchable:
        return
    low, high = record_range(record_id, resource_code(resource.path))
    session.execute(sa.delete(search_documents).where(search_documents.c.id.between(low, high)))


def index_rows(session: Session, resource: Resource, rows: Iterable[Any], *, replace: bool = True) -> int:
    """Index many rows at once (each with `id` and the searchable fields); returns documents written.

    With replace=False the rows must not be indexed yet (freshly bulk-inserted):
    no delete is issued. Does not commit.
    """
    if not resource.searchable:
        return 0
    written = 0
    for chunk in _chunks(rows, CHUNK):
        if replace:
            code = resource_code(resource.path)
            keys = [document_id(_as_mapping(row)["id"], code, position)
                    for row in chunk for position in range(len(resource.searchable))]
            session.execute(sa.delete(search_documents).where(search_documents.c.id.in_(keys)))
        documents = [document for row in chunk for document in documents_for(resource.path, resource.searchable, row)]
        if documents:
            session.execute(sa.insert(search_documents), documents)
        written += len(documents)
    return written


def rebuild_index(session: Session, resources: Sequence[Resource] | None = None) -> dict[str, int]:
    """Recompute all documents (of the given resources, default all searchable); returns counts. Does not commit."""
    targets = SEARCHABLE if resources is None else tuple(resource for resource in resources if resource.searchable)
    if resources is None:
        session.execute(sa.delete(search_documents))
    else:
        for resource in targets:
            session.execute(sa.delete(search_documents).where(search_documents.c.resource == resource.path))
    return {resource.path: index_rows(session, resource, _all_rows(session, resource), replace=False) for resource in targets}


def _all_rows(session: Session, resource: Resource) -> Iterator[sa.Row]:
    """Every row's id and searchable fields, in id order, one keyset page at a time."""
    table = resource.sa_table
    columns = [table.c.id, *(table.c[name] for name in resource.searchable)]
    last_id = None
    while True:
        statement = sa.select(*columns).where(live(table)).order_by(table.c.id).limit(CHUNK)
        if last_id is not None:
            statement = statement.where(table.c.id > last_id)
        page = session.execute(statement).all()
        yield from page
        if len(page) < CHUNK:
            return
        last_id = page[-1].id


@dataclass
class IndexReport:
    missing: list[int] = field(default_factory=list)  # document ids that should exist
    stale: list[int] = field(default_factory=list)  # documents whose tokens differ
    orphaned: list[int] = field(default_factory=list)  # documents of no current record or field
    fts_ok: bool = True

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.orphaned) and self.fts_ok


def check_index(session: Session) -> IndexReport:
    """Compare the index with what the records say it should be (reads everything: for tests and audits)."""
    report = IndexReport()
    expected: dict[int, str] = {}
    for resource in SEARCHABLE:
        for row in _all_rows(session, resource):
            for document in documents_for(resource.path, resource.searchable, row):
                expected[document["id"]] = document["tokens"]
    stored = dict(session.execute(sa.select(search_documents.c.id, search_documents.c.tokens)).all())
    report.missing = sorted(set(expected) - set(stored))
    report.orphaned = sorted(set(stored) - set(expected))
    report.stale = sorted(key for key in set(expected) & set(stored) if expected[key] != stored[key])
    if session.get_bind().dialect.name == "sqlite":
        try:
            session.execute(sa.text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('integrity-check')"))
        except sa.exc.DatabaseError:
            report.fts_ok = False
    return report


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

"""The search index table and the key that names each of its rows.

One row per (resource, record, searchable field) with text:

    search_documents(id, resource, record_id, field, tokens)

`id` is not a sequence but a key computed from the row's identity:

    id = record_id << 10 | resource_code << 5 | field_position

so both engines give a document the same id (a sequence would not: SQLite
reuses freed ids, PostgreSQL does not), the documents of one record are one
primary-key range, and "newest matches first" (ORDER BY id DESC) is the same on both.

The indexes that find candidates order documents by a second key, resource first:

    search_key = resource_code << 58 | record_id << 5 | field_position

so the newest matches of one resource are one key range read backwards: no
document of another resource is read and skipped (a common word in statements
would otherwise pass every newer citation, metric and budget first). It is an
expression index on PostgreSQL; within one resource it orders documents as `id`
does. (SQLite's FTS5 keeps `id` as its rowid: as FTS5's rowid the search_key made
SQLite 3.40's descending AND queries lose matches.)
`field_position` is the field's index in the resource's `searchable`
declaration; reordering that tuple requires `rebuild_index`.

Engine-specific parts (created by the migration, not by this metadata):

- SQLite: `search_fts`, an external-content FTS5 table over `tokens`
  (tokenize='ascii' so every token stays whole; detail='none' since only
  AND and prefix queries are used; prefix='1' so a one-syllable query reads
  one prefix list instead of merging every token starting with it), kept in
  step by three triggers.
- PostgreSQL: `tsv tsvector GENERATED ALWAYS AS
  (array_to_tsvector(string_to_array(tokens, ' '))) STORED` with a GIN index
  (fastupdate off), a B-tree index on record_id and one on the search_key.

The table is declared on its own MetaData, not SQLModel's, because those
engine-specific objects cannot be described there; Alembic autogenerate should
skip tables for which `is_search_table` is true.
"""

import sqlalchemy as sa

search_metadata = sa.MetaData()

search_documents = sa.Table(
    "search_documents",
    search_metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=False),
    sa.Column("resource", sa.String(32), nullable=False),
    sa.Column("record_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("field", sa.String(64), nullable=False),
    sa.Column("tokens", sa.Text(), nullable=False),
)

FTS_TABLE = "search_fts"
SEARCH_TABLES = ("search_documents", FTS_TABLE)

# Frozen: stored in every document id. Append new resources; never renumber.
RESOURCE_CODES: dict[str, int] = {
    "projects": 1, "budgets": 2, "metrics": 3, "statements": 4,
    "sources": 5, "citations": 6, "organizations": 7, "people": 8, "statement-links": 9,
    "project-events": 10,
}
RESOURCES_BY_CODE = {code: path for path, code in RESOURCE_CODES.items()}
FIELD_BITS = 5
RESOURCE_BITS = 5
RECORD_SHIFT = FIELD_BITS + RESOURCE_BITS
MAX_FIELDS = 1 << FIELD_BITS
KEY_RESOURCE_SHIFT = 58  # record ids below 2**53, resource codes below 32: a positive 64-bit key
_CODE_MASK = (1 << RESOURCE_BITS) - 1
_FIELD_MASK = MAX_FIELDS - 1


def is_search_table(name: str) -> bool:
    """True for the index's tables, including FTS5's shadow tables (search_fts_data, …)."""
    return name == "search_documents" or name == FTS_TABLE or name.startswith(FTS_TABLE + "_")


def include_in_migrations(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic `include_name` hook: the index's engine-specific tables are not models,
    so autogenerate must neither create nor drop them."""
    return not (type_ == "table" and name is not None and is_search_table(name))


def resource_code(path: str) -> int:
    try:
        return RESOURCE_CODES[path]
    except KeyError:
        raise LookupError(f"resource {path!r} has no search code; add it to RESOURCE_CODES") from None


def document_id(record_id: int, code: int, field_position: int) -> int:
    if not 0 <= field_position < MAX_FIELDS:
        raise ValueError(f"at most {MAX_FIELDS} searchable fields per resource")
    return (record_id << RECORD_SHIFT) | (code << FIELD_BITS) | field_position


def record_range(record_id: int, code: int) -> tuple[int, int]:
    """First and last document id of one record (inclusive)."""
    return document_id(record_id, code, 0), document_id(record_id, code, MAX_FIELDS - 1)


def split_document_id(document: int) -> tuple[int, int, int]:
    """(record id, resource code, field position)."""
    return document >> RECORD_SHIFT, (document >> FIELD_BITS) & ((1 << RESOURCE_BITS) - 1), document & (MAX_FIELDS - 1)


def search_key_sql(column: str) -> str:
    """The search_key of the document id in `column`, as SQL, as PostgreSQL's index is declared on (a query
    must spell it the same way to use it). Fully parenthesised: PostgreSQL gives <<, & and | one precedence."""
    return (f"(((({column} >> {FIELD_BITS}) & {_CODE_MASK}) << {KEY_RESOURCE_SHIFT})"
            f" | (({column} >> {RECORD_SHIFT}) << {FIELD_BITS}) | ({column} & {_FIELD_MASK}))")


def key_range(code: int) -> tuple[int, int]:
    """First and last search_key of one resource's documents (inclusive)."""
    return code << KEY_RESOURCE_SHIFT, ((code + 1) << KEY_RESOURCE_SHIFT) - 1

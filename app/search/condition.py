"""`search_condition(resource, q)`: a WHERE clause keeping the records whose indexed text matches.

It compiles per engine:

    SQLite:      <id> IN (SELECT search_fts.rowid >> 10 FROM search_fts
                          WHERE search_fts MATCH '"민원"' AND ((search_fts.rowid >> 5) & 31) = 4)
    PostgreSQL:  <id> IN (SELECT search_documents.record_id FROM search_documents
                          WHERE search_documents.resource = 'statements'
                            AND search_documents.tsv @@ CAST('''민원''' AS tsquery))

The query and the resource are rendered as literals when the statement runs
(`literal_execute`): the statement stays in SQLAlchemy's compiled cache, and
PostgreSQL always plans with the real query, never with a generic prepared plan.
PostgreSQL then picks per query between walking the record_id index in id order
(a common word under ORDER BY id LIMIT n: well under a millisecond) and the GIN
index (a rare word). On SQLite the IN list costs about 0.2 µs per matching document.
"""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import TypeDecorator

from app.core.errors import InvalidParameter
from app.resources.base import Resource
from app.search.query import SearchQuery, parse_query
from app.search.schema import FIELD_BITS, FTS_TABLE, RECORD_SHIFT, RESOURCE_BITS, RESOURCE_CODES

_CODE_MASK = (1 << RESOURCE_BITS) - 1


class SearchQueryType(TypeDecorator):
    """A SearchQuery as the engine's query string: FTS5 MATCH syntax or a tsquery literal."""

    impl = sa.String
    cache_ok = True

    def process_bind_param(self, value: SearchQuery | None, dialect: Any) -> str | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return value.fts5()
        if dialect.name == "postgresql":
            return value.tsquery()
        raise NotImplementedError(f"full-text search is not implemented for {dialect.name}")

    def process_literal_param(self, value: SearchQuery | None, dialect: Any) -> str | None:
        return self.process_bind_param(value, dialect)


def query_parameter(name: str, query: SearchQuery) -> sa.BindParameter:
    """The query as a parameter rendered inline when the statement runs (see the module docstring)."""
    return sa.bindparam(name, query, type_=SearchQueryType(), unique=True, literal_execute=True)


class MatchingRecords(ColumnElement[bool]):
    """True for rows whose id belongs to a record of one resource whose indexed text matches."""

    __visit_name__ = "search_matching_records"
    inherit_cache = True
    _is_implicitly_boolean = True  # an IN predicate: SQLite must not get "… = 1", which hides the IN from its planner
    _traverse_internals = [
        ("id_column", InternalTraversal.dp_clauseelement),
        ("query", InternalTraversal.dp_clauseelement),
        ("code", InternalTraversal.dp_clauseelement),
        ("path", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, id_column: sa.ColumnElement[Any], query: SearchQuery, path: str):
        self.id_column = id_column
        self.query = query_parameter("search_query", query)
        self.code = sa.bindparam("search_code", RESOURCE_CODES[path], type_=sa.Integer(), unique=True, literal_execute=True)
        self.path = sa.bindparam("search_resource", path, type_=sa.String(), unique=True, literal_execute=True)
        self.type = sa.Boolean()


@compiles(MatchingRecords, "sqlite")
def _compile_sqlite(element: MatchingRecords, compiler: Any, **kw: Any) -> str:
    column, query, code = (compiler.process(part, **kw) for part in (element.id_column, element.query, element.code))
    rowid = f"{FTS_TABLE}.rowid"
    return (f"{column} IN (SELECT {rowid} >> {RECORD_SHIFT} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH {query}"
            f" AND (({rowid} >> {FIELD_BITS}) & {_CODE_MASK}) = {code})")


@compiles(MatchingRecords, "postgresql")
def _compile_postgresql(element: MatchingRecords, compiler: Any, **kw: Any) -> str:
    column, query, path = (compiler.process(part, **kw) for part in (element.id_column, element.query, element.path))
    return (f"{column} IN (SELECT search_documents.record_id FROM search_documents"
            f" WHERE search_documents.resource = {path} AND search_documents.tsv @@ CAST({query} AS tsquery))")


@compiles(MatchingRecords)
def _compile_other(element: MatchingRecords, compiler: Any, **kw: Any) -> str:
    raise NotImplementedError(f"full-text search is not implemented for {compiler.dialect.name}")


def search_condition(resource: Resource, q: str | SearchQuery, parameter: str = "q") -> sa.ColumnElement[bool]:
    """Keep the records of `resource` having one searchable field that contains every token of `q`.

    Raises InvalidParameter(parameter) (a 400 naming it) for an empty query, one
    without letters or digits, or a resource that declares no searchable fields.
    """
    if not resource.searchable:
        raise InvalidParameter(parameter, f"{resource.path} cannot be searched")
    query = q if isinstance(q, SearchQuery) else parse_query(q, parameter)
    return MatchingRecords(resource.sa_table.c.id, query, resource.path)

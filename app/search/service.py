"""Global search: find matching documents with the engine's index, rank a bounded set in Python.

1. Candidates: the newest CANDIDATE_LIMIT matching documents (ORDER BY document
   id DESC, i.e. by record id), found with FTS5 MATCH or tsvector @@ tsquery.
   The engine never ranks, so a word found in a million rows costs what reading
   500 ids costs, not a sort of a million (FTS5 walks its doclist backwards;
   PostgreSQL walks the primary key backwards testing each row, or, for chosen
   types, each type's search_key range, or uses GIN for a rare word).
2. Their field texts are read from the resources' tables (one query per resource).
3. Each matching field is scored in Python (app.search.ranking); each record
   appears once, with its best field; only the page returned is highlighted.

`ranked_within` says how many documents were ranked; `all_matches_ranked` is false
when there were more matches than that (only the newest were ranked).
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from app.core.errors import InvalidParameter
from app.querying.cursor import decode_cursor, encode_cursor
from app.resources import Resource
from app.search.condition import query_parameter
from app.search.index import SEARCHABLE
from app.search.query import SearchQuery
from app.search.ranking import FieldScorer, highlight
from app.search.schema import (FIELD_BITS, FTS_TABLE, RECORD_SHIFT, RESOURCE_BITS, RESOURCES_BY_CODE, key_range, resource_code,
                               search_key_sql)

CANDIDATE_LIMIT = 500
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
LABEL_CHARS = 100
BY_TYPE: dict[str, Resource] = {resource.singular: resource for resource in SEARCHABLE}
BY_PATH: dict[str, Resource] = {resource.path: resource for resource in SEARCHABLE}
TYPE_ORDER = {resource.path: position for position, resource in enumerate(SEARCHABLE)}
_CODE_MASK = (1 << RESOURCE_BITS) - 1
_FIELD_MASK = (1 << FIELD_BITS) - 1


def parse_types(raw: str | None) -> tuple[Resource, ...]:
    """`type=statement,metric` -> those resources; all searchable ones when absent."""
    if raw is None or not raw.strip():
        return SEARCHABLE
    chosen = []
    for name in (part.strip() for part in raw.split(",")):
        if name not in BY_TYPE:
            raise InvalidParameter("type", f"{name!r} is not a searchable type", list(BY_TYPE))
        if BY_TYPE[name] not in chosen:
            chosen.append(BY_TYPE[name])
    return tuple(sorted(chosen, key=lambda resource: TYPE_ORDER[resource.path]))


def candidate_documents(session: Session, query: SearchQuery, resources: tuple[Resource, ...], limit: int) -> list[int]:
    """Ids of up to `limit` matching documents, newest record first (the same list on both engines)."""
    dialect = session.get_bind().dialect.name
    every = len(resources) == len(SEARCHABLE)
    if dialect == "postgresql" and not every:
        documents = [document for resource in resources
                     for document in session.execute(_newest_of_resource(query, resource, limit)).scalars().all()]
        return sorted(documents, reverse=True)[:limit]
    if dialect == "sqlite":
        key, source, match = "rowid", FTS_TABLE, f"{FTS_TABLE} MATCH :query"
    elif dialect == "postgresql":
        key, source, match = "id", "search_documents", "tsv @@ CAST(:query AS tsquery)"
    else:
        raise NotImplementedError(f"full-text search is not implemented for {dialect}")
    restrict = "" if every else f" AND (({key} >> {FIELD_BITS}) & {_CODE_MASK}) IN :codes"
    if restrict and dialect == "sqlite":
        restrict += f" AND {key} <= {_last_document_sql(resources)}"
    statement = sa.text(f"SELECT {key} FROM {source} WHERE {match}{restrict} ORDER BY {key} DESC LIMIT :limit")
    statement = statement.bindparams(query_parameter("query", query), sa.bindparam("limit", limit, literal_execute=True))
    if restrict:
        codes = [resource_code(resource.path) for resource in resources]
        statement = statement.bindparams(sa.bindparam("codes", codes, expanding=True, literal_execute=True))
    return list(session.execute(statement).scalars().all())  # all(): one fetchall, not a fetchone per row


def _last_document_sql(resources: tuple[Resource, ...]) -> str:
    """SQLite: no document of these types lies above the last id any of their records has. FTS5 seeks
    there instead of walking back through the newer documents of other types (citations, metrics and
    budgets outnumber statements and have higher ids)."""
    newest = ", ".join(f"(SELECT coalesce(max(id), 0) FROM {resource.sa_table.name})" for resource in resources)
    return f"((max({newest}, 0) << {RECORD_SHIFT}) | {(1 << RECORD_SHIFT) - 1})"


def _newest_of_resource(query: SearchQuery, resource: Resource, limit: int) -> sa.TextClause:
    """PostgreSQL: one type's newest matches, walking its search_key range backwards (a common word) or
    from GIN (a rare one); within a type the search_key orders documents as their id does."""
    key = search_key_sql("id")
    low, high = key_range(resource_code(resource.path))
    statement = sa.text(f"SELECT id FROM search_documents WHERE tsv @@ CAST(:query AS tsquery)"
                        f" AND {key} BETWEEN {low} AND {high} ORDER BY {key} DESC LIMIT :limit")
    return statement.bindparams(query_parameter("query", query), sa.bindparam("limit", limit, literal_execute=True))


@dataclass(frozen=True)
class Hit:
    resource: Resource
    record_id: int
    field: str
    field_position: int
    text: str
    score: float
    matched_fields: tuple[str, ...]
    label: str

    def public(self, query: SearchQuery) -> dict[str, Any]:
        marked = highlight(query, self.text)
        return {
            "type": self.resource.singular, "id": self.record_id, "url": f"/v1/{self.resource.path}/{self.record_id}",
            "field": self.field, "snippet": marked.snippet, "highlights": [list(span) for span in marked.highlights],
            "matched_fields": list(self.matched_fields), "label": self.label, "score": self.score,
        }


class Ranked(NamedTuple):
    """A record's best field, as ranked: the first five values are its portable sort key (higher score,
    shorter text, resource order, record id, field), unique per record, so sorting never compares the rest.
    Only the page returned becomes a Hit."""

    negated_score: float
    length: int
    type_order: int
    record_id: int
    field_position: int
    resource: Resource
    texts: tuple[str | None, ...]
    matched: tuple[int, ...]

    def hit(self) -> Hit:
        searchable = self.resource.searchable
        label = next((value for value in self.texts if value), "")
        return Hit(self.resource, self.record_id, searchable[self.field_position], self.field_position,
                   self.texts[self.field_position], -self.negated_score, tuple(searchable[p] for p in self.matched),
                   label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…")


def rank(session: Session, query: SearchQuery, documents: list[int]) -> list[Ranked]:
    """One entry per record, its best field, in the portable order of app.search.ranking."""
    fields_of_record: dict[int, list[int]] = {}  # record id << RESOURCE_BITS | resource code -> field positions
    for document in documents:
        fields_of_record.setdefault(document >> FIELD_BITS, []).append(document & _FIELD_MASK)
    wanted: dict[str, dict[int, list[int]]] = defaultdict(dict)
    for record_key, positions in fields_of_record.items():
        path = RESOURCES_BY_CODE.get(record_key & _CODE_MASK)
        if path in BY_PATH:
            fields = len(BY_PATH[path].searchable)
            if kept := [position for position in positions if position < fields]:
                wanted[path][record_key >> RESOURCE_BITS] = kept
    score = FieldScorer(query)
    ranked = []
    for path, records in wanted.items():
        resource = BY_PATH[path]
        searchable, type_order = resource.searchable, TYPE_ORDER[path]
        statement = _texts_statement(resource, session.get_bind().dialect.name)
        for row in session.execute(statement, {"ids": list(records)}).all():
            record_id, texts = row[0], tuple(row[1:])
            best = None
            matched = []
            for position in sorted(records[record_id]):
                text = texts[position]
                if not text:
                    continue
                key = (-score(searchable[position], text), len(text), position)
                if best is None or key < best:
                    best = key
                matched.append(position)
            if best is None:
                continue  # the record changed since it was indexed
            ranked.append(Ranked(best[0], best[1], type_order, record_id, best[2], resource, texts, tuple(matched)))
    ranked.sort()
    return ranked


@cache
def _texts_statement(resource: Resource, dialect: str) -> sa.Select:
    """A resource's searchable texts for some records, built once (`ids` bound per request).

    On PostgreSQL the ids are one array parameter: an IN of up to 500 parameters was a new
    statement for every count, planned each time (4 ms of a search at 1M projects)."""
    table = resource.sa_table
    columns = [table.c.id, *(table.c[name] for name in resource.searchable)]
    if dialect == "postgresql":
        return sa.select(*columns).where(table.c.id == sa.any_(sa.bindparam("ids", type_=ARRAY(sa.Integer))))
    return sa.select(*columns).where(table.c.id.in_(sa.bindparam("ids", expanding=True)))


def search(session: Session, query: SearchQuery, resources: tuple[Resource, ...] = SEARCHABLE,
           limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> dict[str, Any]:
    """The /v1/search body (without next_url): ranked hits, paging cursor and ranking bounds."""
    signature = "search:" + query.signature + ":" + ",".join(resource.path for resource in resources)
    offset = 0
    if cursor is not None:
        values = decode_cursor(cursor, signature)
        if not (isinstance(values, list) and len(values) == 1 and type(values[0]) is int and values[0] >= 0):
            raise InvalidParameter("cursor", "invalid cursor; pass the `next` value of a previous page unchanged")
        offset = values[0]
    documents = candidate_documents(session, query, resources, CANDIDATE_LIMIT + 1)
    complete = len(documents) <= CANDIDATE_LIMIT
    documents = documents[:CANDIDATE_LIMIT]
    hits = rank(session, query, documents)
    page = hits[offset : offset + limit]
    more = offset + limit < len(hits)
    return {
        "items": [entry.hit().public(query) for entry in page],
        "next": encode_cursor(signature, [offset + limit]) if more else None,
        "ranked_within": len(documents),
        "all_matches_ranked": complete,
    }


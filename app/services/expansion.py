"""Embed related records in a page of rows: one query per relation, never one per row.

Each query is built once per relation and kept (the ids are its only parameter): building a
statement anew cost more than running it, and a record's whole dossier is ten of them.
"""

from collections import defaultdict
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from app.models import Citation
from app.querying.visibility import live
from app.resources import Relation, Resource, resource_for

EMBEDDED_CITATION_FIELDS = ("id", "source_id", "field", "excerpt", "excerpt_en", "note", "excerpt_found")  # also app.services.as_of


def attach_citations(session: Session, resource: Resource, records: list[dict[str, Any]]) -> None:
    """Give each record of a cited resource its citations (one query for all of them)."""
    if resource.cited_as is None or not records:
        return
    ids = [record["id"] for record in records]
    rows = _connection(session).execute(_citations_of(resource.cited_as, len(ids) == 1), {"ids": _ids(ids)}).mappings()
    by_owner: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        citation = dict(row)
        by_owner[citation.pop("owner")].append(citation)
    for record in records:
        record["citations"] = by_owner.get(record["id"], [])


def _connection(session: Session | sa.Connection) -> sa.Connection:
    """Where the statements run: a read's session's connection, or the connection an export streams from."""
    return session.connection() if isinstance(session, OrmSession) else session


def _ids(ids: list[int] | set[int]) -> Any:
    """The `ids` parameter of a kept statement: the id itself when there is one (an indexed `=`), else the list."""
    return next(iter(ids)) if len(ids) == 1 else list(ids)


def _matching(column: sa.ColumnElement, one: bool) -> sa.ColumnElement[bool]:
    return column == sa.bindparam("ids") if one else column.in_(sa.bindparam("ids", expanding=True))


@cache
def _citations_of(cited_as: str, one: bool) -> sa.Select:
    key = getattr(Citation, f"{cited_as}_id")
    return (sa.select(*(Citation.__table__.c[name] for name in EMBEDDED_CITATION_FIELDS), key.label("owner"))
            .where(_matching(key, one), live(Citation.__table__)).order_by(Citation.id))


@cache
def _has_many(target: type, key: str, one: bool) -> sa.Select:
    table = resource_for(target).sa_table
    return sa.select(table).where(_matching(table.c[key], one), live(table)).order_by(table.c.id)


@cache
def _belonging(target: type, one: bool) -> sa.Select:
    table = resource_for(target).sa_table
    return sa.select(table).where(_matching(table.c.id, one), live(table))


@cache
def _paired(relation: Relation) -> sa.Select:
    table = resource_for(relation.target).sa_table
    pairs = relation.pairs(sa.bindparam("ids", expanding=True)).subquery()
    return sa.select(pairs.c.parent_id, table).join(pairs, pairs.c.related_id == table.c.id).where(live(table)).order_by(table.c.id)


def _related_by_parent(session: Session, relation: Relation, records: list[dict[str, Any]]) -> dict[int, list[dict]]:
    target = resource_for(relation.target)
    connection = _connection(session)
    ids = [record["id"] for record in records]
    if relation.kind == "has_many":
        rows = connection.execute(_has_many(relation.target, relation.key, len(ids) == 1), {"ids": _ids(ids)})
        grouped: dict[int, list[dict]] = defaultdict(list)
        for row in rows:
            grouped[row._mapping[relation.key]].append(target.to_public(row))
        return grouped
    if relation.kind == "belongs_to":
        wanted = {record[relation.key] for record in records if record.get(relation.key) is not None}
        rows = connection.execute(_belonging(relation.target, len(wanted) == 1), {"ids": _ids(wanted)})
        found = {row.id: target.to_public(row) for row in rows}
        return {record["id"]: [found[record[relation.key]]] for record in records if record.get(relation.key) in found}
    rows = connection.execute(_paired(relation), {"ids": ids})
    grouped = defaultdict(list)
    for row in rows:
        related = dict(row._mapping)
        parent_id = related.pop("parent_id")
        grouped[parent_id].append(target.to_public(related))
    return grouped


def expand_records(session: Session, resource: Resource, records: list[dict[str, Any]], names: tuple[str, ...]) -> None:
    """Add each requested relation to every record; embedded facts carry their citations."""
    if not records:
        return
    for name in names:
        if name == "citations" and resource.cited_as is not None:
            attach_citations(session, resource, records)
            continue
        relation = resource.relations_by_name[name]
        related = _related_by_parent(session, relation, records)
        embedded = [item for items in related.values() for item in items]
        attach_citations(session, resource_for(relation.target), list({id(item): item for item in embedded}.values()))
        for record in records:
            items = related.get(record["id"], [])
            record[name] = items if relation.many else (items[0] if items else None)

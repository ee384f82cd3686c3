"""Embed related records in a page of rows: one query per relation, never one per row."""

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from app.models import Citation
from app.querying.visibility import live
from app.resources import Relation, Resource, resource_for

EMBEDDED_CITATION_FIELDS = ("id", "source_id", "field", "excerpt", "excerpt_en", "note", "excerpt_found")  # also app.services.as_of


def attach_citations(session: Session, resource: Resource, records: list[dict[str, Any]]) -> None:
    """Give each record of a cited resource its citations (one query for all of them)."""
    if resource.cited_as is None or not records:
        return
    key = getattr(Citation, f"{resource.cited_as}_id")
    rows = session.execute(
        sa.select(*(Citation.__table__.c[name] for name in EMBEDDED_CITATION_FIELDS), key.label("owner"))
        .where(key.in_([record["id"] for record in records]), live(Citation.__table__))
        .order_by(Citation.id)
    ).mappings()
    by_owner: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        citation = dict(row)
        by_owner[citation.pop("owner")].append(citation)
    for record in records:
        record["citations"] = by_owner.get(record["id"], [])


def _related_by_parent(session: Session, relation: Relation, records: list[dict[str, Any]]) -> dict[int, list[dict]]:
    target = resource_for(relation.target)
    table = target.sa_table
    ids = [record["id"] for record in records]
    if relation.kind == "has_many":
        rows = session.execute(sa.select(table).where(table.c[relation.key].in_(ids), live(table)).order_by(table.c.id))
        grouped: dict[int, list[dict]] = defaultdict(list)
        for row in rows:
            grouped[row._mapping[relation.key]].append(target.to_public(row))
        return grouped
    if relation.kind == "belongs_to":
        wanted = {record[relation.key] for record in records if record.get(relation.key) is not None}
        found = {row.id: target.to_public(row) for row in session.execute(sa.select(table).where(table.c.id.in_(wanted), live(table)))}
        return {record["id"]: [found[record[relation.key]]] for record in records if record.get(relation.key) in found}
    pairs = relation.pairs(ids).subquery()
    rows = session.execute(
        sa.select(pairs.c.parent_id, table).join(pairs, pairs.c.related_id == table.c.id).where(live(table)).order_by(table.c.id)
    )
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

"""Reading the dataset as it was: one version of a record, or everything as of a moment.

Past rows are rebuilt in SQL from the revisions' `after` JSON: each stored column
is extracted and turned back into its own type (CAST on PostgreSQL; on SQLite the
JSON text already is the stored form, date-times reformatted). The filters, sorts,
keyset cursors, facets and counts of app.querying then run unchanged on the
rebuilt rows. A record exists as of T when its latest revision at or before T is
not a delete (and, like `live`, the fact it cascades from existed too).
Refused with a 400 rather than ignored: `q` (the search index holds only today's
text) and expanding relations derived through other records (project `sources`).
"""

from collections import defaultdict
from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session
from starlette.datastructures import QueryParams

from app.core.errors import FieldError, InvalidParameter, NotFound
from app.models.base import UTCDateTime
from app.models.revision import Revision, RevisionAction
from app.querying.fields import _parse_datetime, local_field  # same date-time rules as the filters
from app.querying.filters import Filter, where_clauses
from app.querying.keyset import SortKey, next_cursor, ordered, page_statement, read_cursor, with_tie_break
from app.querying.params import ListQuery, parse_list_query, single
from app.resources import ALL_RESOURCES, Resource
from app.resources.catalog import citations
from app.resources.statement_links import statement_links
from app.services.expansion import EMBEDDED_CITATION_FIELDS
from app.services.history import record_id_for
from app.services.listing import MAX_FACET_VALUES, Page, _columns, shaped

REVISIONS = Revision.__table__
_BY_TABLE = {resource.sa_table: resource for resource in (*ALL_RESOURCES, statement_links)}


AS_OF_DOCS = """

**As of a moment**: `as_of=<date-time with a time of day>` (e.g. `2024-03-01T09:00:00+09:00`; without an offset
the time is UTC) lists the records as the dataset stood then, rebuilt from the history, with the same filters,
sorting, paging, `count`, `facet` and `expand` (except relations derived through other records). `q` is refused
with it. Budgets and metrics also have an `as_of` *field*: a value without a time (`as_of=2024`) filters that
field, a value with one reads the past; to do both, filter the field as `as_of__eq=2024`.
"""


def parse_moment(raw: str, parameter: str = "as_of", need_time: bool = True) -> datetime:
    """ISO 8601 (with a time of day unless `need_time` is false); without an offset the time is UTC."""
    if need_time and "T" not in raw.upper():
        raise InvalidParameter(parameter, f"{raw!r} is not a moment: give a date-time with a time of day, "
                                          "such as 2024-03-01T09:00:00+09:00")
    return _parse_datetime(raw, parameter)


def wants_as_of(resource: Resource, params: QueryParams) -> bool:
    """Whether a list asks for the past: `as_of=` is that, unless it is the resource's own `as_of` field's
    partial date (budgets, metrics), which never has a time of day."""
    raw = params.get("as_of")
    return raw is not None and ("as_of" not in resource.sa_table.c or "T" in raw.upper())


def as_of_parameters(resource: Resource) -> list[dict[str, Any]]:
    """The OpenAPI entry of `as_of=` on a list (on budgets and metrics the field's entry documents it)."""
    if "as_of" in resource.sa_table.c:
        return []
    return [{"name": "as_of", "in": "query", "required": False, "schema": {"type": "string", "format": "date-time"},
             "description": "List the records as they were at this moment (see *As of a moment*).",
             "example": "2024-03-01T09:00:00+09:00"}]


def _past_value(revision: sa.FromClause, column: sa.Column, dialect: str) -> sa.ColumnElement:
    if column.name == "id":
        return revision.c.record_id
    if column.name == "version":
        return revision.c.version
    # A NOT NULL column added later with a server default (e.g. provenance) is absent from older
    # revisions, which are immutable: they read as that default, as the live rows were given it.
    default = column.server_default.arg if column.server_default is not None and not column.nullable else None
    if dialect == "postgresql":
        if isinstance(column.type, sa.JSON):
            value = sa.func.json_extract_path(revision.c.after, column.name)
            if default is not None:
                value = sa.func.coalesce(value, sa.cast(sa.literal(default), sa.JSON))
            return sa.type_coerce(value, column.type)
        value = sa.func.json_extract_path_text(revision.c.after, column.name)
        return sa.cast(sa.func.coalesce(value, default) if default is not None else value, column.type)
    value = sa.func.json_extract(revision.c.after, f'$."{column.name}"')
    if isinstance(column.type, sa.JSON):
        value = sa.func.json_quote(value)
        if default is not None:
            value = sa.case((sa.func.json_type(revision.c.after, f'$."{column.name}"').is_(None), default), else_=value)
    elif default is not None:
        value = sa.func.coalesce(value, default)
    elif isinstance(column.type, UTCDateTime | sa.DateTime):  # ISO 'T…+00:00' → SQLite's stored 'YYYY-MM-DD HH:MM:SS.ffffff'
        value = sa.func.replace(sa.func.substr(value, 1, 26), "T", " ")
    return sa.type_coerce(value, column.type)


def _latest(resource: Resource, at: datetime, ids: list[int] | None) -> sa.Subquery:
    revisions = REVISIONS.alias()
    latest = (sa.select(revisions.c.record_id, sa.func.max(revisions.c.version).label("version"))
              .where(revisions.c.entity == resource.path, revisions.c.at <= at).group_by(revisions.c.record_id))
    if ids is not None:
        latest = latest.where(revisions.c.record_id.in_(ids))
    return latest.subquery()


def _existing(resource: Resource, at: datetime, ids: list[int] | None = None) -> tuple[sa.FromClause, sa.Select]:
    """The revisions that were current at `at` (deletes excluded), and a select over them."""
    revision, latest = REVISIONS.alias(), _latest(resource, at, ids)
    joined = revision.join(latest, sa.and_(revision.c.entity == resource.path, revision.c.record_id == latest.c.record_id,
                                           revision.c.version == latest.c.version))
    return revision, sa.select().select_from(joined).where(revision.c.action != RevisionAction.DELETE)


def view_as_of(resource: Resource, at: datetime, dialect: str, ids: list[int] | None = None) -> sa.Subquery:
    """The resource's table as it was at `at`: same column names and types, one row per existing record."""
    revision, statement = _existing(resource, at, ids)
    values = {column.name: _past_value(revision, column, dialect) for column in resource.sa_table.c}
    statement = statement.add_columns(*(value.label(name) for name, value in values.items()))
    for foreign_key in resource.sa_table.foreign_keys:
        owner = _BY_TABLE.get(foreign_key.column.table)
        if foreign_key.ondelete == "CASCADE" and owner is not None:
            revision_of_owner, owners = _existing(owner, at)
            alive = owners.add_columns(revision_of_owner.c.record_id).correlate(None)
            value = values[foreign_key.parent.name]
            statement = statement.where(sa.or_(value.is_(None), value.in_(alive)))
    return statement.subquery()


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def get_record(session: Session, resource: Resource, key: str, expand: tuple[str, ...],
               version: int | None, as_of: str | None) -> dict[str, Any]:
    """`?version=N` (that version, relations as of its time) or `?as_of=T` (the record as it was at T)."""
    if version is not None and as_of is not None:
        raise InvalidParameter("version", "give either version or as_of, not both")
    refuse_derived(resource, expand)
    record_id, dialect = record_id_for(session, resource, key), _dialect(session)
    if version is not None:
        row, at = _version(session, resource, record_id, version, dialect)
    else:
        at = parse_moment(as_of)
        row = session.execute(sa.select(view_as_of(resource, at, dialect, [record_id]))).first()
        if row is None:
            raise NotFound(f"No {resource.singular} {key!r} as of {at.isoformat()}: not yet created, or deleted by then",
                           [_key_error()])
    record = resource.to_public(row)
    expand_as_of(session, resource, [record], expand, at, dialect)
    return record


def _version(session: Session, resource: Resource, record_id: int, version: int, dialect: str) -> tuple[dict, datetime]:
    """The record as version N left it, and when that was."""
    revision = REVISIONS.alias()
    values = [_past_value(revision, column, dialect).label(column.name) for column in resource.sa_table.c]
    row = session.execute(
        sa.select(*values, revision.c.action.label("_action"), revision.c.at.label("_at"))
        .where(revision.c.entity == resource.path, revision.c.record_id == record_id, revision.c.version == version)
    ).first()
    if row is None:
        raise NotFound(f"{resource.singular} {record_id} has no recorded version {version}", [_key_error()])
    if row._action == RevisionAction.DELETE:
        raise NotFound(f"version {version} of {resource.singular} {record_id} is its deletion", [_key_error()])
    return {name: value for name, value in row._mapping.items() if name not in ("_action", "_at")}, row._at


def _key_error() -> FieldError:
    return FieldError(field="key", location="path", message="no such record at that time", type="not_found")


def list_page(session: Session, resource: Resource, params: QueryParams) -> Page:
    """A list as of `as_of=`: the same query language, run on the rebuilt rows."""
    at = parse_moment(single(params, "as_of"))
    query = parse_list_query(resource, QueryParams([(name, value) for name, value in params.multi_items() if name != "as_of"]))
    if query.q is not None:
        raise InvalidParameter("q", "search covers only the current text; remove q to list as of a past moment")
    if query.columns_as_of.chosen:  # a past row carries the status stored then, not a derivation
        (declared, _), *_ = query.columns_as_of.chosen
        raise InvalidParameter(declared.declaration.parameter, "cannot be combined with as_of (a past list shows "
                                                               "each record as it was stored then); remove one of them")
    refuse_derived(resource, query.expand)
    refuse_joined(resource, query)
    dialect = _dialect(session)
    view = view_as_of(resource, at, dialect)
    where = where_clauses(view, tuple(_rebound(item, view, at, dialect) for item in query.filters))
    keys = with_tie_break(tuple(SortKey(replace(key.field, table=view), key.desc) for key in query.sort),
                          replace(local_field(resource, "id"), table=view))
    path = f"{resource.path}@{at.isoformat()}"  # a cursor belongs to one moment
    after = read_cursor(path, keys, query.cursor) if query.cursor is not None else None
    own = [column for column in _columns(resource, query, keys) if column.table is resource.sa_table]
    base = sa.select(*(view.c[column.name] for column in own)).where(*where)
    rows = session.execute(page_statement(base, keys, after, query.limit + 1)).all()
    cursor = next_cursor(path, keys, rows[query.limit - 1]._mapping) if len(rows) > query.limit else None
    items = [resource.to_public(row) for row in rows[: query.limit]]
    expand_as_of(session, resource, items, query.expand, at, dialect)
    page = Page(shaped(items, query.fields, query.expand), cursor)
    if query.count:
        page.total = session.execute(sa.select(sa.func.count()).select_from(view).where(*where)).scalar_one()
    for name in query.facets:
        page.facets[name] = _facet(session, resource, view, name, where)
    return page


def _rebound(item: Filter, view: sa.Subquery, at: datetime, dialect: str) -> Filter:
    """The filter on the rebuilt rows; a `relation.field` filter on the related records as of the same moment."""
    spec = item.field
    table = view if spec.via is None else view_as_of(_BY_TABLE[spec.table], at, dialect)
    return replace(item, field=replace(spec, table=table))


def _facet(session: Session, resource: Resource, view: sa.Subquery, name: str, where: list) -> list[dict[str, Any]]:
    column, count = view.c[name], sa.func.count().label("count")
    statement = (sa.select(column.label("value"), count).where(*where).group_by(column)
                 .order_by(count.desc(), sa.nulls_last(ordered(local_field(resource, name).kind, column).asc()))
                 .limit(MAX_FACET_VALUES))
    return [{"value": getattr(value, "value", value), "count": n} for value, n in session.execute(statement)]


def refuse_derived(resource: Resource, expand: tuple[str, ...]) -> None:
    for name in expand:
        relation = resource.relations_by_name.get(name)
        if relation is not None and relation.kind == "pairs":
            raise InvalidParameter("expand", f"{name} is derived through other records and cannot be expanded as of a "
                                             f"past moment; list them with as_of instead")


def refuse_joined(resource: Resource, query: ListQuery) -> None:
    """Joined fields (a project's stored figures) are kept for the present only: refuse them with as_of."""
    reason = "is kept for the present only, not as of a past moment; remove as_of, or leave it out"
    for item in query.filters:
        if item.field.joined:
            raise InvalidParameter(item.parameter, f"{item.field.name} {reason}")
    for key in query.sort:
        if key.field.joined:
            raise InvalidParameter("sort", f"{key.field.name} {reason}")
    joined = resource.joined.fields if resource.joined is not None else ()
    for name in query.fields or ():
        if name in joined:
            raise InvalidParameter("fields", f"{name} {reason}")


def expand_as_of(session: Session, resource: Resource, records: list[dict[str, Any]], names: tuple[str, ...],
                 at: datetime, dialect: str) -> None:
    """app.services.expansion, on the related records as they were at `at` (one query per relation)."""
    if not records:
        return
    for name in names:
        if name == "citations" and resource.cited_as is not None:
            _attach_citations(session, resource, records, at, dialect)
            continue
        relation = resource.relations_by_name[name]
        target = _BY_TABLE[relation.target.__table__]
        view = view_as_of(target, at, dialect)
        if relation.kind == "has_many":
            match = view.c[relation.key].in_([record["id"] for record in records])
        else:
            match = view.c.id.in_({record[relation.key] for record in records if record.get(relation.key) is not None})
        related = [target.to_public(row) for row in session.execute(sa.select(view).where(match).order_by(view.c.id))]
        _attach_citations(session, target, related, at, dialect)
        grouped = defaultdict(list)
        for item in related:
            grouped[item[relation.key] if relation.many else item["id"]].append(item)
        for record in records:
            items = grouped.get(record["id"] if relation.many else record.get(relation.key), [])
            record[name] = items if relation.many else (items[0] if items else None)


def _attach_citations(session: Session, resource: Resource, records: list[dict[str, Any]], at: datetime, dialect: str) -> None:
    if resource.cited_as is None or not records:
        return
    view = view_as_of(citations, at, dialect)
    owner = view.c[f"{resource.cited_as}_id"]
    rows = session.execute(
        sa.select(*(view.c[name] for name in EMBEDDED_CITATION_FIELDS), owner.label("owner"))
        .where(owner.in_([record["id"] for record in records])).order_by(view.c.id)
    ).mappings()
    by_owner = defaultdict(list)
    for row in rows:
        by_owner[row["owner"]].append({name: row[name] for name in EMBEDDED_CITATION_FIELDS})
    for record in records:
        record["citations"] = by_owner.get(record["id"], [])

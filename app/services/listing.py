"""One page of any resource: filters, search, keyset order, fields, count, facets, expansion.

Rows come from SQLAlchemy Core as plain dicts; a page is one statement (plus one
per relation expanded, one for `count=true` and one per facet), whatever its size
or position in the list.
"""

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from app.core.errors import InvalidParameter
from app.querying.derived import STORED, ColumnsAsOf
from app.querying.fields import local_field
from app.querying.binds import LIMIT, Binder
from app.querying.filters import Filter, shape, where_clauses
from app.querying.keyset import (SortKey, cursor_params, next_cursor, order_by, ordered, page_statement, read_cursor,
                                 with_tie_break)
from app.querying.params import ListQuery
from app.querying.statements import StatementCache
from app.querying.visibility import live
from app.resources.base import Resource
from app.services.expansion import expand_records

MAX_FACET_VALUES = 100


@dataclass(frozen=True)
class PagePlan:
    """A list page's statement, and the reader of its rows (Resource.public_reader)."""

    statement: sa.Select
    read: Callable[[Sequence[Sequence[Any]]], list[dict[str, Any]]]


PLANS: StatementCache[PagePlan] = StatementCache()  # by shape of query: built once, run with each request's values


@dataclass
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None
    total: int | None = None
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def conditions(resource: Resource, filters: tuple[Filter, ...], q: str | None,
               columns_as_of: ColumnsAsOf = STORED, binder: Binder | None = None) -> list[sa.ColumnElement[bool]]:
    """Every WHERE condition a request implies; lists, counts, facets, summaries and exports share them."""
    where = [live(resource.sa_table), *where_clauses(resource.sa_table, filters, columns_as_of, binder)]  # deleted rows never show
    if q is not None:
        where.append(search_filter(resource, q))
    return where


def search_filter(resource: Resource, q: str) -> sa.ColumnElement[bool]:
    """Delegate `q=` to app.search (built separately); until it exists, say so with a 400."""
    try:
        from app.search import search_condition
    except ImportError as error:
        if error.name != "app.search":
            raise
        raise InvalidParameter("q", "search not available yet on this server") from None
    condition = search_condition(resource, q)
    if isinstance(condition, sa.Select):  # a query of matching ids
        condition = resource.sa_table.c.id.in_(condition)
    return condition


def uses_joined(filters: tuple[Filter, ...], sort: tuple[SortKey, ...] = ()) -> bool:
    """Whether a query filters or sorts by a joined field (app.resources.base.Joined)."""
    return any(spec.joined for spec in (*(item.field for item in filters), *(key.field for key in sort)))


def source(resource: Resource, filters: tuple[Filter, ...], sort: tuple[SortKey, ...] = ()) -> sa.FromClause:
    """What a list selects from: the table, joined to its joined fields' table if it has one.

    An inner join when the query filters or sorts by a joined field (every record has its row), so
    that the planner may drive the page from that table's indexes; otherwise a left join.
    """
    return resource.source(inner=uses_joined(filters, sort))


def list_page(session: Session, resource: Resource, query: ListQuery) -> Page:
    binder = Binder()
    where = conditions(resource, query.filters, query.q, query.columns_as_of, binder)
    keys = with_tie_break(query.sort, local_field(resource, "id"))
    after = read_cursor(resource.path, keys, query.cursor) if query.cursor is not None else None
    selected_from = source(resource, query.filters, query.sort)

    def build() -> PagePlan:
        base = sa.select(*_columns(resource, query, keys)).select_from(selected_from).where(*where)
        statement = page_statement(base, keys, after, query.limit + 1, named=True)
        return PagePlan(statement, resource.public_reader(list(statement.selected_columns.keys())))

    params = {**binder.params, **(cursor_params(after) if after is not None else {}), LIMIT: query.limit + 1}
    if query.q is not None:  # search conditions bind their own values: built for this request only
        plan = build()
    else:
        plan = PLANS.get((resource, *page_shape(query, after)), build)
    rows = session.execute(plan.statement, params).all()
    cursor = next_cursor(resource.path, keys, rows[query.limit - 1]._mapping) if len(rows) > query.limit else None
    items = plan.read(rows[: query.limit])
    expand_records(session, resource, items, query.expand)
    page = Page(shaped(items, query.fields, query.expand), cursor)
    if query.count:
        page.total = session.execute(sa.select(sa.func.count()).select_from(selected_from).where(*where)).scalar_one()
    for name in query.facets:
        page.facets[name] = facet_counts(session, resource, name, where, selected_from, query.columns_as_of)
    return page


def page_shape(query: ListQuery, after: list[Any] | None) -> tuple[Hashable, ...]:
    """Everything that decides a page's SQL: the filters' shapes, which cursor values are null, and the rest
    of the query but for its values (cursor, page size) and what runs as statements of its own (count, facets)."""
    rest = replace(query, filters=(), cursor=None, limit=0, count=False, facets=())
    return rest, *map(shape, query.filters), None if after is None else tuple(value is None for value in after)


def shaped(items: list[dict[str, Any]], fields: tuple[str, ...] | None, expand: tuple[str, ...]) -> list[dict[str, Any]]:
    """`fields=` applied to records: id, the fields asked for, the relations embedded (lists, as_of lists, exports)."""
    if fields is None:
        return items
    keep = ("id", *fields, *expand)
    return [{name: item[name] for name in keep if name in item} for item in items]


def ordered_statement(resource: Resource, query: ListQuery) -> sa.Select:
    """Every matching row in the list's order, unpaged (for streamed exports); ignores limit and cursor."""
    keys = with_tie_break(query.sort, local_field(resource, "id"))
    base = (sa.select(*_columns(resource, query, keys)).select_from(source(resource, query.filters, query.sort))
            .where(*conditions(resource, query.filters, query.q, query.columns_as_of)))
    return base.order_by(*order_by(keys, base.selected_columns))


def _columns(resource: Resource, query: ListQuery, keys: tuple) -> list[sa.Column]:
    """Only what the page shows, plus what ordering and expansion need.

    Inner-joined (see `source`), the id is read from the joined table's key, equal to it on every
    row: ties then page along that table's (field, key) index, not by filtering rows one by one.
    A column read as of a day (`status_as_of=`) is its derivation, under its own name, so the
    sort and its cursor use it too.
    """
    columns: list = [*resource.sa_table.c, *resource.joined_columns]
    if resource.joined is not None and uses_joined(query.filters, query.sort):
        key = resource.joined.sa_table.c[resource.joined.key].label("id")
        columns = [key if column.name == "id" else column for column in columns]
    if query.fields is not None:
        columns = _wanted(resource, query, keys, columns)
    return query.columns_as_of.selected(columns) if query.columns_as_of.chosen else columns


def _wanted(resource: Resource, query: ListQuery, keys: tuple, columns: list) -> list:
    """The columns `fields=` asks for, plus the sort keys and the keys of the relations expanded."""
    wanted = {"id", *(key.column for key in keys)}
    wanted.update(relation.key for name, relation in resource.relations_by_name.items()
                  if name in query.expand and relation.kind == "belongs_to")
    for name in query.fields:
        parts = ("", "_earliest", "_latest", "_text") if name in resource.partial_dates else ("",)
        wanted.update(name + part for part in parts)
    return [column for column in columns if column.name in wanted]


def facet_counts(session: Session, resource: Resource, name: str, where: list, selected_from: sa.FromClause,
                 columns_as_of: ColumnsAsOf = STORED) -> list[dict[str, Any]]:
    """How many matching records have each value (most frequent first, at most MAX_FACET_VALUES)."""
    column = resource.sa_table.c[name]
    if columns_as_of.derives(resource.sa_table, name):
        selected_from, where, column = derived_rows(columns_as_of.column(resource.sa_table, name), selected_from, where)
    count = sa.func.count().label("count")
    statement = (
        sa.select(column.label("value"), count).select_from(selected_from).where(*where).group_by(column)
        .order_by(count.desc(), sa.nulls_last(ordered(local_field(resource, name).kind, column).asc()))
        .limit(MAX_FACET_VALUES)
    )
    return [
        {"value": value.value if isinstance(value, Enum) else value, "count": n}
        for value, n in session.execute(statement)
    ]


def derived_rows(derived: sa.ColumnElement, selected_from: sa.FromClause, where: list) -> tuple[sa.Subquery, list, sa.ColumnElement]:
    """The matching rows' derived value as a subquery's column, to group by.

    Grouping by the correlated expression itself would repeat it in GROUP BY, where PostgreSQL
    could not tell it equal to the selected one (each copy binds its own parameters).
    """
    rows = sa.select(derived.label("value")).select_from(selected_from).where(*where).subquery("derived")
    return rows, [], rows.c.value

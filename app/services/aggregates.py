"""Sums and counts grouped by declared dimensions, with the same filters as the list.

Money is summed exactly (NUMERIC on PostgreSQL, an exact Python aggregate on
SQLite, never a float) and always per currency; metric values always per unit.
"""

from decimal import Context, Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from app.core.errors import InvalidParameter, SumOutOfRange
from app.models.fields import MAX_MINOR_UNITS
from app.querying.derived import ColumnsAsOf
from app.querying.params import SummaryQuery
from app.querying.sql import exact_sum, register_sqlite_functions
from app.resources import resource_for
from app.resources.base import Dimension, Resource
from app.services.listing import conditions
from app.services.listing import source as selected_from

MAX_GROUPS = 10_000
_WIDE = Context(prec=120)  # normalize() must not round a 42-digit sum


def summarise(session: Session, resource: Resource, query: SummaryQuery) -> dict[str, Any]:
    summary = resource.summary
    assert summary is not None
    table = resource.sa_table
    source, joined = selected_from(resource, query.filters), {}
    dimensions = []
    for name in query.group_by:
        dimension = summary.dimensions_by_name[name]
        if dimension.via is not None and dimension.via not in joined:
            relation = resource.relations_by_name[dimension.via]
            joined[dimension.via] = resource_for(relation.target).sa_table.alias(dimension.via)
            source = source.outerjoin(joined[dimension.via], table.c[relation.key] == joined[dimension.via].c.id)
        dimensions.append(_expression(dimension, joined.get(dimension.via, table), query.columns_as_of).label(name))
    where = conditions(resource, query.filters, query.q, query.columns_as_of)
    total = table.c[summary.total] if summary.total is not None else None
    if query.columns_as_of.chosen:  # group the derived values of a subquery (see listing.derived_rows)
        rows = sa.select(*dimensions, *([total.label("total")] if total is not None else [])).select_from(source).where(*where)
        source, where = rows.subquery("derived"), []
        dimensions = [source.c[name].label(name) for name in query.group_by]
        total = source.c.total if total is not None else None
    measures = [sa.func.count().label("count")]
    if total is not None:
        measures.append(exact_sum(total).label("sum"))
    statement = (
        sa.select(*dimensions, *measures).select_from(source).where(*where)
        .group_by(*(dimension.element for dimension in dimensions))
        .limit(MAX_GROUPS + 1)
    )
    register_sqlite_functions(session.connection())
    rows = session.execute(statement).mappings().all()
    if len(rows) > MAX_GROUPS:
        raise InvalidParameter("group_by", f"more than {MAX_GROUPS} groups; filter first or group by fewer dimensions")
    groups = [_group(dict(row), query.group_by, summary.total_kind if summary.total else None) for row in rows]
    groups.sort(key=lambda group: [(group[name] is None, group[name]) for name in query.group_by])
    return {"group_by": list(query.group_by), "summed": summary.total, "groups": groups}


def _expression(dimension: Dimension, table: sa.FromClause, columns_as_of: ColumnsAsOf) -> sa.ColumnElement:
    columns = [columns_as_of.column(table, name) for name in dimension.columns]
    expression = columns[0] if len(columns) == 1 else sa.func.coalesce(*columns)
    return sa.cast(sa.extract("year", expression), sa.Integer) if dimension.year else expression


def _group(row: dict[str, Any], names: tuple[str, ...], total_kind: str | None) -> dict[str, Any]:
    group = {name: _plain(row[name]) for name in names}
    group["count"] = row["count"]
    if total_kind is not None:
        group["sum"] = _money(row["sum"]) if total_kind == "money" else _decimal(row["sum"])
    return group


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)  # enum members as their stored value


def _money(value: Any) -> int | None:
    """An exact integer within the range of every amount; beyond it no JSON client could read it exactly."""
    if value is None:
        return None
    total = int(value)
    if abs(total) > MAX_MINOR_UNITS:
        raise SumOutOfRange(f"a group's sum, {total}, lies beyond ±{MAX_MINOR_UNITS} (2^53−1) minor units, the "
                            "range every JSON client reads exactly; narrow the filters or group by more dimensions")
    return total


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value).normalize(_WIDE)

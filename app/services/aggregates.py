"""Sums and counts grouped by declared dimensions, with the same filters as the list.

Money is summed exactly (NUMERIC on PostgreSQL, an exact Python aggregate on
SQLite, never a float) and always per currency; metric values always per unit.
A summary whose grouping and filters a declared rollup covers is read from it
(`computed_from: rollup`, a few thousand rows whatever the number of records);
any other reads every matching record (`computed_from: records`).
"""

from dataclasses import replace
from functools import cache
from decimal import Context, Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from app.core.errors import InvalidParameter, SumOutOfRange
from app.models.fields import MAX_MINOR_UNITS
from app.querying.derived import ColumnsAsOf
from app.querying.filters import field_condition
from app.querying.params import SummaryQuery
from app.querying.sql import exact_sum, register_sqlite_functions
from app.resources import resource_for
from app.resources.base import Dimension, Resource, Rollup
from app.services.budget_totals import summed
from app.services.listing import conditions
from app.services.listing import source as selected_from

MAX_GROUPS = 10_000
_WIDE = Context(prec=120)  # normalize() must not round a 42-digit sum


def summarise(session: Session, resource: Resource, query: SummaryQuery) -> dict[str, Any]:
    summary = resource.summary
    assert summary is not None
    from_rollup = _rollup_conditions(summary.rollup, query)
    if summary.rollup is not None and from_rollup is not None:
        groups, computed_from = _rollup_groups(session, summary.rollup, query.group_by, *from_rollup), "rollup"
    else:
        rows, computed_from = _record_rows(session, resource, query), "records"
        _refuse_too_many(rows)
        groups = [_group(row, query.group_by, summary.total_kind if summary.total else None) for row in rows]
    groups.sort(key=lambda group: tuple((group[name] is None, group[name]) for name in query.group_by))
    return {"group_by": list(query.group_by), "summed": summary.total, "groups": groups, "computed_from": computed_from}


def _rollup_conditions(rollup: Rollup | None, query: SummaryQuery) -> tuple[str, list[sa.ColumnElement[bool]]] | None:
    """The rollup grouping to read and the query's filters on its columns, or None when it cannot answer
    (a dimension, filter or `q` it does not cover, or a status read as of another day than today)."""
    if (rollup is None or query.q is not None or query.columns_as_of.chosen
            or not set(query.group_by) <= set(rollup.dimensions)):
        return None
    table, columns, where, used = rollup.sa_table, dict(rollup.filters), [], set(query.group_by)
    for item in query.filters:
        column = columns.get(item.field.name)
        if column is None:
            return None
        used.add(column)
        where.append(field_condition(replace(item.field, table=table, column=column, via=None), item.op, item.value))
        if item.field.via is not None:
            where.append(table.c[rollup.related_live].is_(True))
    return rollup.grouping_for(used), where


@cache
def _rollup_statement(rollup: Rollup, group_by: tuple[str, ...]) -> sa.Select:
    """Built once per grouping asked for (building costs more than running it); values as stored, without the
    enums' conversion."""
    table = rollup.sa_table
    dimensions = [sa.type_coerce(table.c[name], sa.String() if isinstance(table.c[name].type, sa.Enum)
                                 else table.c[name].type).label(name) for name in group_by]
    return (
        sa.select(*dimensions, sa.func.sum(table.c.count), sa.func.sum(table.c.sum_high), sa.func.sum(table.c.sum_low))
        .where(table.c.grouping == sa.bindparam("grouping")).group_by(*(table.c[name] for name in group_by))
        .having(sa.func.sum(table.c.count) > 0).limit(MAX_GROUPS + 1)
    )


def _rollup_groups(session: Session, rollup: Rollup, group_by: tuple[str, ...], grouping: str,
                   where: list[sa.ColumnElement[bool]]) -> list[dict[str, Any]]:
    statement = _rollup_statement(rollup, group_by)
    rows = session.execute(statement.where(*where) if where else statement, {"grouping": grouping}).all()
    _refuse_too_many(rows)
    groups = []
    for *values, count, high, low in rows:  # the values as stored: integers and text
        group = dict(zip(group_by, values, strict=True))
        group["count"], group["sum"] = int(count), _money(summed(high, low))
        groups.append(group)
    return groups


def _refuse_too_many(rows: list[Any]) -> None:
    if len(rows) > MAX_GROUPS:
        raise InvalidParameter("group_by", f"more than {MAX_GROUPS} groups; filter first or group by fewer dimensions")


def _record_rows(session: Session, resource: Resource, query: SummaryQuery) -> list[dict[str, Any]]:
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
    return [dict(row) for row in session.execute(statement).mappings()]


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

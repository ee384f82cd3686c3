"""Turn parsed filters into SQL conditions, the same on SQLite and PostgreSQL.

Partial dates match only when *every* day they may denote satisfies the
comparison (see PARTIAL_DATE_RULES); filters across a relation become an
`IN (SELECT …)` on the related table, so they never multiply rows.
"""

import operator
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from app.domain.partial_dates import PartialDate
from app.models.base import ExactDecimal
from app.querying.binds import Binder, bind
from app.querying.derived import STORED, ColumnsAsOf
from app.querying.fields import FieldSpec, Kind
from app.querying.sql import ascii_ci_like, binary_text, like_pattern, numeric_key, scaled_comparison
from app.querying.visibility import live

PARTIAL_DATE_RULES = (
    "A partial date (2023, 2023-Q4, 2023-01, 2023-01-15) matches only if every day it may denote satisfies "
    "the comparison: `gte=P` means it starts on or after P's first day, `gt=P` after P's last day, "
    "`lte=P` it ends on or before P's last day, `lt=P` before P's first day, and `eq=P` (or `in`) it lies "
    "within P. So `started__gte=2023` includes 2023-01 and excludes 2022-12 and 2022-Q4; "
    "`started__lt=2024` includes 2023-12; `started=2023` equals `started__gte=2023&started__lt=2024`."
)

_COMPARE = {"eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}


@dataclass(frozen=True)
class Filter:
    parameter: str
    field: FieldSpec
    op: str
    value: Any


def where_clauses(table: sa.Table, filters: Iterable[Filter], columns_as_of: ColumnsAsOf = STORED,
                  binder: Binder | None = None) -> list[sa.ColumnElement[bool]]:
    """The filters as conditions; a column read as of a day (`status_as_of=`) is compared in its derivation."""
    return [_condition(table, item, columns_as_of, binder) for item in filters]


def shape(item: Filter) -> Hashable:
    """What of a filter decides its SQL rather than its bound values: equal shapes, one cached statement.

    `isnull` is IS NULL or IS NOT NULL; a scaled decimal is compared with inline integers (sql.scaled_comparison);
    `in` on a partial date is one condition per value.
    """
    if item.op == "isnull" or item.field.scale is not None:
        return item.field.name, item.op, item.value
    if item.op == "in":
        return item.field.name, item.op, len(item.value)
    return item.field.name, item.op


def _condition(table: sa.Table, item: Filter, columns_as_of: ColumnsAsOf, binder: Binder | None) -> sa.ColumnElement[bool]:
    spec = item.field
    local = field_condition(spec, item.op, item.value, columns_as_of.column(spec.table, spec.column), binder)
    relation = spec.via
    if relation is None:
        return local
    if relation.kind == "belongs_to":
        return table.c[relation.key].in_(sa.select(spec.table.c.id).where(local, live(spec.table)))
    return table.c.id.in_(sa.select(spec.table.c[relation.key]).where(local, live(spec.table)))


def field_condition(spec: FieldSpec, op: str, value: Any, column: sa.ColumnElement | None = None,
                    binder: Binder | None = None) -> sa.ColumnElement[bool]:
    """`op value` on the spec's own column (whatever table it names, or `column`: its derivation as of a day),
    without following its relation."""
    column = spec.table.c[spec.column] if column is None else column
    if op == "isnull":
        return column.is_(None) if value else column.is_not(None)
    if spec.kind is Kind.PARTIAL_DATE:
        return _partial_date(spec, op, value, binder)
    if spec.scale is not None:  # a decimal stored as an integer: compared exactly, on the indexed integer
        return scaled_comparison(column, op, value, spec.scale)
    if op == "in":
        return column.in_(bind(binder, value, column.type, expanding=True))
    if op in ("contains", "startswith"):
        pattern = like_pattern(value, prefix_only=op == "startswith")
        return ascii_ci_like(column, bind(binder, pattern, sa.String()))
    if op in ("eq", "ne"):  # exact: canonical decimal text on SQLite, byte-exact text
        return _COMPARE[op](column, bind(binder, value, column.type))
    if spec.kind is Kind.DECIMAL:
        return _COMPARE[op](numeric_key(column), numeric_key(bind(binder, value, ExactDecimal())))
    if spec.kind is Kind.TEXT:
        return _COMPARE[op](binary_text(column), binary_text(bind(binder, value, column.type)))
    return _COMPARE[op](column, bind(binder, value, column.type))


def _partial_date(spec: FieldSpec, op: str, value: Any, binder: Binder | None) -> sa.ColumnElement[bool]:
    earliest = spec.table.c[f"{spec.column}_earliest"]
    latest = spec.table.c[f"{spec.column}_latest"]

    def day(column: sa.Column, bound: Any) -> sa.BindParameter:
        return bind(binder, bound, column.type)

    def within(bound: PartialDate) -> sa.ColumnElement[bool]:
        return sa.and_(earliest >= day(earliest, bound.earliest), latest <= day(latest, bound.latest))

    if op == "in":
        return sa.or_(*(within(bound) for bound in value))
    return {
        "eq": lambda: within(value),
        "ne": lambda: sa.not_(within(value)),
        "gte": lambda: earliest >= day(earliest, value.earliest),
        "gt": lambda: earliest > day(earliest, value.latest),
        "lte": lambda: latest <= day(latest, value.latest),
        "lt": lambda: latest < day(latest, value.earliest),
    }[op]()

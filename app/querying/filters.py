"""Turn parsed filters into SQL conditions, the same on SQLite and PostgreSQL.

Partial dates match only when *every* day they may denote satisfies the
comparison (see PARTIAL_DATE_RULES); filters across a relation become an
`IN (SELECT …)` on the related table, so they never multiply rows.
"""

import operator
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from app.domain.partial_dates import PartialDate
from app.models.base import ExactDecimal
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


def where_clauses(table: sa.Table, filters: Iterable[Filter]) -> list[sa.ColumnElement[bool]]:
    return [_condition(table, item) for item in filters]


def _condition(table: sa.Table, item: Filter) -> sa.ColumnElement[bool]:
    spec = item.field
    local = field_condition(spec, item.op, item.value)
    relation = spec.via
    if relation is None:
        return local
    if relation.kind == "belongs_to":
        return table.c[relation.key].in_(sa.select(spec.table.c.id).where(local, live(spec.table)))
    return table.c.id.in_(sa.select(spec.table.c[relation.key]).where(local, live(spec.table)))


def field_condition(spec: FieldSpec, op: str, value: Any) -> sa.ColumnElement[bool]:
    """`op value` on the spec's own column (whatever table it names), without following its relation."""
    column = spec.table.c[spec.column]
    if op == "isnull":
        return column.is_(None) if value else column.is_not(None)
    if spec.kind is Kind.PARTIAL_DATE:
        return _partial_date(spec, op, value)
    if spec.scale is not None:  # a decimal stored as an integer: compared exactly, on the indexed integer
        return scaled_comparison(column, op, value, spec.scale)
    if op == "in":
        return column.in_(value)
    if op in ("contains", "startswith"):
        return ascii_ci_like(column, sa.literal(like_pattern(value, prefix_only=op == "startswith")))
    if op in ("eq", "ne"):
        return _COMPARE[op](column, value)  # exact: canonical decimal text on SQLite, byte-exact text
    if spec.kind is Kind.DECIMAL:
        return _COMPARE[op](numeric_key(column), numeric_key(sa.literal(value, ExactDecimal())))
    if spec.kind is Kind.TEXT:
        return _COMPARE[op](binary_text(column), binary_text(sa.literal(value, column.type)))
    return _COMPARE[op](column, value)


def _partial_date(spec: FieldSpec, op: str, value: Any) -> sa.ColumnElement[bool]:
    earliest = spec.table.c[f"{spec.column}_earliest"]
    latest = spec.table.c[f"{spec.column}_latest"]

    def within(bound: PartialDate) -> sa.ColumnElement[bool]:
        return sa.and_(earliest >= bound.earliest, latest <= bound.latest)

    if op == "in":
        return sa.or_(*(within(bound) for bound in value))
    return {
        "eq": lambda: within(value),
        "ne": lambda: sa.not_(within(value)),
        "gte": lambda: earliest >= value.earliest,
        "gt": lambda: earliest > value.latest,
        "lte": lambda: latest <= value.latest,
        "lt": lambda: latest < value.earliest,
    }[op]()

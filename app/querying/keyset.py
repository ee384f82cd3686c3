"""Sorting and keyset pagination for any declared sort order.

Order: the requested keys, then `id` in the direction of the last key (so a
one-key sort is one uniform index order). NULLs sort last in both directions,
on both engines. A cursor holds the last row's key values; the rows after it are
expressed as a few disjoint conditions ("branches"), each one an index range:

    sort=-amount          (amount, id) < (:a, :id)
    sort=started          (started_earliest, id) > (:s, :id)  |  started_earliest IS NULL
    sort=-amount,name     amount < :a  |  amount = :a AND (name, id) > (:n, :id)

One branch runs as a plain query; several run as a UNION ALL of per-branch
`ORDER BY … LIMIT n` subqueries, so page 10,000 costs what page 1 costs. A first
page sorted by a nullable key is two branches too (`key IS NOT NULL`, `key IS NULL`).
Within a branch a key known to be non-null (or null) is ordered without NULLS LAST:
PostgreSQL walks a plain (key, id) index backwards for `key DESC`, never for
`key DESC NULLS LAST`.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa

from app.core.errors import InvalidParameter
from app.models.base import ExactDecimal
from app.querying.binds import LIMIT, cursor_bind
from app.querying.cursor import decode_cursor, encode_cursor
from app.querying.fields import FieldSpec, Kind
from app.querying.sql import binary_text, numeric_key

Columns = sa.ColumnCollection | sa.sql.base.ReadOnlyColumnCollection


@dataclass(frozen=True)
class SortKey:
    field: FieldSpec
    desc: bool

    @property
    def column(self) -> str:
        return self.field.sort_column

    @property
    def nullable(self) -> bool:
        return self.field.nullable

    @property
    def kind(self) -> Kind:
        """How the stored values order: a decimal stored as an integer (ScaledDecimal) as that integer."""
        return Kind.INTEGER if self.field.scale is not None else self.field.kind

    def expression(self, columns: Columns) -> sa.ColumnElement:
        return ordered(self.kind, columns[self.column])

    def literal(self, value: Any, name: str | None = None) -> sa.ColumnElement:
        """`value` compared as this key orders; bound as `name` when given (a cached statement's cursor)."""
        column_type = ExactDecimal() if self.kind is Kind.DECIMAL else self.field.table.c[self.column].type
        return ordered(self.kind, sa.bindparam(name, value, type_=column_type))


def ordered(kind: Kind, expression: sa.ColumnElement) -> sa.ColumnElement:
    """The expression whose order is the field's order: code points for text, numbers for decimals."""
    if kind in (Kind.TEXT, Kind.ENUM):
        return binary_text(expression)
    if kind is Kind.DECIMAL:
        return numeric_key(expression)
    return expression


def with_tie_break(requested: tuple[SortKey, ...], id_field: FieldSpec) -> tuple[SortKey, ...]:
    if any(key.column == "id" for key in requested):
        return requested
    return (*requested, SortKey(id_field, requested[-1].desc if requested else False))


def signature(path: str, keys: tuple[SortKey, ...]) -> str:
    """What a cursor is bound to: the resource and the full sort order."""
    return path + ":" + ",".join(("-" if key.desc else "") + key.field.name for key in keys)


def order_by(keys: tuple[SortKey, ...], columns: Columns, settled: int = 0) -> list[sa.ColumnElement]:
    """ORDER BY clauses, NULLs last; the first `settled` keys are known non-null (or null) and need no NULLS LAST."""
    clauses = []
    for position, key in enumerate(keys):
        expression = key.expression(columns)
        clause = expression.desc() if key.desc else expression.asc()
        clauses.append(sa.nulls_last(clause) if key.nullable and position >= settled else clause)
    return clauses


def next_cursor(path: str, keys: tuple[SortKey, ...], row: sa.RowMapping) -> str:
    return encode_cursor(signature(path, keys), [_to_json(row[key.column]) for key in keys])


def read_cursor(path: str, keys: tuple[SortKey, ...], cursor: str) -> list[Any]:
    raw = decode_cursor(cursor, signature(path, keys))
    try:
        if not isinstance(raw, list) or len(raw) != len(keys):
            raise ValueError("wrong number of values")
        return [_from_json(key, value) for key, value in zip(keys, raw, strict=True)]
    except (ValueError, TypeError, ArithmeticError):  # signed by us, but for other declarations (an older release)
        raise InvalidParameter("cursor", "this cursor no longer fits this list; start again from the first page") from None


def _to_json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _from_json(key: SortKey, value: Any) -> Any:
    if value is None and key.nullable:
        return None
    kind = key.field.kind
    expected = {Kind.INTEGER: int, Kind.BOOLEAN: bool}.get(kind, str)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise TypeError(f"expected {expected.__name__}")
    if kind is Kind.DECIMAL:
        return Decimal(value)
    if kind is Kind.DATETIME:
        return datetime.fromisoformat(value)
    if kind is Kind.PARTIAL_DATE or kind is Kind.DATE:
        return date.fromisoformat(value)
    return value


# A condition (None: every row), and how many leading keys it makes non-null (or null).
Branch = tuple[sa.ColumnElement[bool] | None, int]


def first_branches(keys: tuple[SortKey, ...], columns: Columns) -> list[Branch]:
    """The first page: its non-null and its null part when the first key is nullable, else everything."""
    if not keys[0].nullable:
        return [(None, 0)]
    column = columns[keys[0].column]
    return [(column.is_not(None), 1), (column.is_(None), 1)]


def after_branches(keys: tuple[SortKey, ...], values: list[Any], columns: Columns, named: bool = False) -> list[Branch]:
    """The rows after the cursor, as disjoint conjunctions that each map to one index range.

    `named`: each value is bound as `cursor_bind(position)`, so the statement can run again with
    another cursor whose values are null at the same positions (see `cursor_params`)."""
    branches: list[Branch] = []
    equal: list[sa.ColumnElement[bool]] = []
    i = 0
    while i < len(keys):
        if values[i] is None:  # NULLs sort last: nothing follows NULL within this key
            equal.append(columns[keys[i].column].is_(None))
            i += 1
            continue
        j = i
        while j < len(keys) and keys[j].desc == keys[i].desc and values[j] is not None:
            j += 1
        run = range(i, j)
        left = [keys[m].expression(columns) for m in run]
        right = [keys[m].literal(values[m], cursor_bind(m) if named else None) for m in run]
        if len(left) == 1:
            beyond = left[0] < right[0] if keys[i].desc else left[0] > right[0]
        elif keys[i].desc:  # the redundant bound on the first key lets SQLite seek an expression index too
            beyond = sa.and_(left[0] <= right[0], sa.tuple_(*left) < sa.tuple_(*right))
        else:
            beyond = sa.and_(left[0] >= right[0], sa.tuple_(*left) > sa.tuple_(*right))
        branches.append((sa.and_(*equal, beyond), i + 1))
        for m in run:  # a NULL here sorts after the cursor's non-null value
            if keys[m].nullable:
                ties = [left[p - i] == right[p - i] for p in range(i, m)]
                branches.append((sa.and_(*equal, *ties, columns[keys[m].column].is_(None)), m + 1))
        equal.extend(left[m - i] == right[m - i] for m in run)
        i = j
    return branches


def cursor_params(values: list[Any]) -> dict[str, Any]:
    """A cursor's values by the names `after_branches(named=True)` binds them as."""
    return {cursor_bind(position): value for position, value in enumerate(values) if value is not None}


def page_statement(base: sa.Select, keys: tuple[SortKey, ...], values: list[Any] | None, size: int,
                   named: bool = False) -> sa.Select:
    """`base` (already filtered) ordered by `keys`, from after the cursor, `size` rows at most.

    `named`: the cursor's values and the size are bound by name (`cursor_params`, binds.LIMIT), for a
    statement cached and run again with other values."""
    columns = base.selected_columns
    branches = first_branches(keys, columns) if values is None else after_branches(keys, values, columns, named)
    if named:
        size = sa.bindparam(LIMIT, size, type_=sa.Integer())
    if len(branches) == 1:
        condition, settled = branches[0]
        statement = base if condition is None else base.where(condition)
        return statement.order_by(*order_by(keys, columns, settled)).limit(size)
    # The branches pick only the sort keys: a UNION of whole rows costs more to build than to run.
    narrow = base.with_only_columns(*dict.fromkeys(columns[key.column] for key in keys))
    parts = [sa.select(narrow.where(condition).order_by(*order_by(keys, columns, settled)).limit(size).subquery())
             for condition, settled in branches]
    page = sa.union_all(*parts).subquery("page")
    row_id = keys[-1].column  # the tie-break: unique, so it finds each row again
    return base.join(page, page.c[row_id] == columns[row_id]).order_by(*order_by(keys, page.c)).limit(size)

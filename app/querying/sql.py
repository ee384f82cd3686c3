"""SQL expressions that must give the same answer on SQLite and PostgreSQL.

Each is a tiny construct compiled differently per dialect, so the query builders
stay dialect-free and the statement cache still works (`inherit_cache`).
"""

import operator
from decimal import Context, Decimal
from fractions import Fraction
from math import ceil, floor
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import NullType

ASCII_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ASCII_LOWER_TABLE = str.maketrans(ASCII_UPPER, ASCII_UPPER.lower())


class binary_text(FunctionElement):  # noqa: N801 - reads like a SQL function
    """Text ordered by code point: SQLite's BINARY collation, `COLLATE "C"` on PostgreSQL.

    The database's default collation (en_US, ko_KR…) would otherwise order and
    compare strings differently from SQLite.
    """

    inherit_cache = True
    type = sa.String()


@compiles(binary_text)
def _binary_text_default(element: binary_text, compiler, **kw: Any) -> str:
    return compiler.process(element.clauses.clauses[0], **kw)


@compiles(binary_text, "postgresql")
def _binary_text_postgresql(element: binary_text, compiler, **kw: Any) -> str:
    return f'({compiler.process(element.clauses.clauses[0], **kw)}) COLLATE "C"'


class numeric_key(FunctionElement):  # noqa: N801
    """An exact decimal compared as a number: NUMERIC on PostgreSQL, CAST(text AS REAL) on SQLite.

    SQLite stores ExactDecimal as text, where '10' < '9'. REAL ordering is exact to
    about 15 significant digits; equality filters compare the exact canonical text.
    """

    inherit_cache = True
    type = NullType()


@compiles(numeric_key)
def _numeric_key_default(element: numeric_key, compiler, **kw: Any) -> str:
    return compiler.process(element.clauses.clauses[0], **kw)


@compiles(numeric_key, "sqlite")
def _numeric_key_sqlite(element: numeric_key, compiler, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses.clauses[0], **kw)} AS REAL)"


class ascii_ci_like(FunctionElement):  # noqa: N801
    """`column LIKE pattern ESCAPE '\\'`, case-insensitive for A-Z only, on both engines.

    SQLite's LIKE folds ASCII letters only; PostgreSQL's ILIKE/lower() fold every
    script by locale. Folding A-Z explicitly (translate) on PostgreSQL and passing a
    pattern already folded the same way gives identical results; Korean has no case
    and matches exactly.
    """

    inherit_cache = True
    type = sa.Boolean()


@compiles(ascii_ci_like)
def _like_default(element: ascii_ci_like, compiler, **kw: Any) -> str:
    column, pattern = (compiler.process(clause, **kw) for clause in element.clauses.clauses)
    return f"{column} LIKE {pattern} ESCAPE '\\'"


@compiles(ascii_ci_like, "postgresql")
def _like_postgresql(element: ascii_ci_like, compiler, **kw: Any) -> str:
    column, pattern = (compiler.process(clause, **kw) for clause in element.clauses.clauses)
    return f"translate({column}, '{ASCII_UPPER}', '{ASCII_UPPER.lower()}') LIKE {pattern} ESCAPE '\\'"


def like_pattern(value: str, prefix_only: bool) -> str:
    """A LIKE pattern matching `value` literally (%, _ and \\ escaped), A-Z folded to a-z."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    folded = escaped.translate(_ASCII_LOWER_TABLE)
    return f"{folded}%" if prefix_only else f"%{folded}%"


class exact_sum(FunctionElement):  # noqa: N801
    """SUM that never overflows or rounds: NUMERIC sum on PostgreSQL, a Python aggregate on SQLite.

    SQLite's SUM raises on 64-bit overflow and has no decimal type; the aggregate
    (registered per connection by `register_sqlite_functions`) returns exact text.
    """

    inherit_cache = True
    type = NullType()
    name = "exact_sum"


@compiles(exact_sum)
def _exact_sum_default(element: exact_sum, compiler, **kw: Any) -> str:
    return f"sum({compiler.process(element.clauses, **kw)})"


@compiles(exact_sum, "sqlite")
def _exact_sum_sqlite(element: exact_sum, compiler, **kw: Any) -> str:
    return f"exact_sum({compiler.process(element.clauses, **kw)})"


_WIDE = Context(prec=120)  # room for any sum of 30-digit, 12-decimal values


class _ExactSum:
    def __init__(self) -> None:
        self.total: Decimal | None = None

    def step(self, value: Any) -> None:
        if value is not None:
            self.total = _WIDE.add(self.total or Decimal(0), Decimal(value))

    def finalize(self) -> str | None:
        return None if self.total is None else format(self.total, "f")


def register_sqlite_functions(connection: sa.Connection) -> None:
    """Make `exact_sum` available on this SQLite connection (cheap; safe to repeat)."""
    if connection.dialect.name == "sqlite":
        connection.connection.driver_connection.create_aggregate("exact_sum", 1, _ExactSum)


BIGINT_MAX = 2**63 - 1
_BOUNDS = {"lt": (ceil, operator.lt), "lte": (floor, operator.le), "gt": (floor, operator.gt), "gte": (ceil, operator.ge)}


def _integer(value: int) -> sa.ColumnElement[Any]:
    """An inline integer literal: a bound parameter could be typed NUMERIC by the driver (no index then)."""
    return sa.literal_column(str(value), sa.BigInteger)


def scaled_integer_range(scale: int) -> Decimal:
    """The largest value a BIGINT holding value × 10^scale can represent."""
    return Decimal(BIGINT_MAX).scaleb(-scale)


def scaled_comparison(expression: sa.ColumnElement[Any], op: str, value: Decimal | tuple[Decimal, ...],
                      scale: int) -> sa.ColumnElement[bool]:
    """`expression <op> value` where `expression` holds value × 10^scale as an integer, exactly for any `value`.

    0.15 and 0.150000000 are the same bound; `lt=0.1500000001` (more places than stored)
    keeps 0.15, and `eq` of a value with more places matches nothing (`ne` every value).
    """
    if op == "in":
        exact = [_whole(item, scale) for item in value]
        wanted = sorted({number for number in exact if number is not None})
        return expression.in_([_integer(number) for number in wanted]) if wanted else sa.false()
    target = Fraction(value) * 10**scale
    if op in _BOUNDS:
        round_to_integer, compare = _BOUNDS[op]
        return compare(expression, _integer(round_to_integer(target)))
    whole = _whole(value, scale)
    if op == "eq":
        return expression == _integer(whole) if whole is not None else sa.false()
    if op == "ne":
        return expression != _integer(whole) if whole is not None else expression.is_not(None)
    raise ValueError(f"unsupported operator {op!r}")


def _whole(value: Decimal, scale: int) -> int | None:
    target = Fraction(value) * 10**scale
    return int(target) if target.denominator == 1 else None

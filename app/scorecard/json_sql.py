"""JSON built by the database, the same text on SQLite and PostgreSQL: rows as objects, groups as arrays.

Lets one statement return facts of several shapes (app.scorecard.one_read). Values keep their
JSON types: on both engines a date arrives as "YYYY-MM-DD"; booleans and exact decimals are
not given the same way (SQLite 0/1 and text), so callers read those columns through `as_text`
and convert them themselves.
"""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class json_row(FunctionElement):
    """A JSON object of (name, value) pairs, in the order given."""

    type = sa.Text()
    inherit_cache = True

    def __init__(self, columns: dict[str, sa.ColumnElement[Any]]) -> None:
        arguments = [part for name, column in columns.items() for part in (sa.literal_column(f"'{name}'"), column)]
        super().__init__(*arguments)


class json_rows(FunctionElement):
    """The JSON array of a group's objects, as text; `[]` for no rows."""

    type = sa.Text()
    inherit_cache = True


@compiles(json_row, "sqlite")
def _row_sqlite(element: json_row, compiler: Any, **kw: Any) -> str:
    return f"json_object({compiler.process(element.clauses, **kw)})"


@compiles(json_row, "postgresql")
def _row_postgresql(element: json_row, compiler: Any, **kw: Any) -> str:
    return f"json_build_object({compiler.process(element.clauses, **kw)})"


@compiles(json_rows, "sqlite")
def _rows_sqlite(element: json_rows, compiler: Any, **kw: Any) -> str:
    return f"json_group_array({compiler.process(element.clauses, **kw)})"


@compiles(json_rows, "postgresql")
def _rows_postgresql(element: json_rows, compiler: Any, **kw: Any) -> str:
    return f"CAST(COALESCE(json_agg({compiler.process(element.clauses, **kw)}), '[]') AS TEXT)"


def as_text(column: sa.ColumnElement[Any]) -> sa.ColumnElement[str]:
    """A column whose JSON form differs by engine (an exact decimal), read as its text."""
    return sa.cast(column, sa.Text)

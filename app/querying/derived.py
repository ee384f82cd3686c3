"""Stored columns a request may read as of a day instead, e.g. a project's `status` with `status_as_of=`.

A stored column such as `projects.status` is a derivation kept current as of today, indexed so
that lists filter, sort and facet on it at any size. A resource declares it (`AsOfColumn`) with
the SQL that derives it for any day, correlated to each row. Given the parameter, a list, its
filters (also `project.status` on the resources that filter through projects), sort, facets,
summaries and exports use that expression in place of the stored column, in the same statement;
without it nothing changes and the stored column is used as before.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from pydantic import TypeAdapter, ValidationError
from starlette.datastructures import QueryParams

from app.core.errors import InvalidParameter
from app.models.fields import Day

_DAY = TypeAdapter(Day)


@dataclass(frozen=True)
class AsOfColumn:
    """A stored column that `parameter=YYYY-MM-DD` reads as of that day: `derive(day, table)`, correlated to `table`."""

    parameter: str
    column: str
    derive: Callable[[date, sa.FromClause], sa.ColumnElement]
    description: str


@dataclass(frozen=True)
class Declared:
    """An AsOfColumn and the table it belongs to."""

    table: sa.Table
    declaration: AsOfColumn


@dataclass(frozen=True)
class ColumnsAsOf:
    """The columns one request reads as of a day (none: every column as stored)."""

    chosen: tuple[tuple[Declared, date], ...] = ()

    def column(self, table: sa.FromClause, name: str) -> sa.ColumnElement:
        """`table.c[name]`, or its derivation as of the day asked for (`table` may be an alias of the owner)."""
        owner = table.element if isinstance(table, sa.Alias) else table
        for declared, day in self.chosen:
            if declared.table is owner and declared.declaration.column == name:
                return declared.declaration.derive(day, table)
        return table.c[name]

    def derives(self, table: sa.FromClause, name: str) -> bool:
        return self.column(table, name) is not table.c[name]

    def selected(self, columns: list) -> list:
        """A list's selected columns, each derived one in place of its stored column, under the same name."""
        return [self.column(column.table, column.name).label(column.name)
                if isinstance(column, sa.Column) and self.derives(column.table, column.name) else column
                for column in columns]

    def day(self, parameter: str) -> date | None:
        return next((day for declared, day in self.chosen if declared.declaration.parameter == parameter), None)


STORED = ColumnsAsOf()


def parse_columns_as_of(declared: tuple[Declared, ...], params: QueryParams) -> ColumnsAsOf:
    """The days asked for; a malformed or impossible day is a 400 naming the parameter (as `/status?as_of=`)."""
    chosen = []
    for item in declared:
        name = item.declaration.parameter
        values = set(params.getlist(name))
        if not values:
            continue
        if len(values) > 1:
            raise InvalidParameter(name, f"given more than once with different values ({', '.join(sorted(values))})")
        (raw,) = values
        try:
            chosen.append((item, _DAY.validate_python(raw)))
        except ValidationError as error:
            raise InvalidParameter(name, f"{raw!r} is not a day: {error.errors()[0]['msg']} (YYYY-MM-DD)") from None
    return ColumnsAsOf(tuple(chosen))

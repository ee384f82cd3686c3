"""One record as CSV cells or as an NDJSON line.

CSV is for spreadsheets: each partial date becomes five columns (value, precision,
earliest, latest, the source's wording), money stays an exact integer, decimals
exact text, JSON fields compact JSON text. NDJSON lines are the list's items.

CSV is also opened by spreadsheets that run any cell starting with `=`, `+`, `-`, `@`, a tab
or a carriage return as a formula (OWASP "CSV injection"): such a text cell is written with a
leading apostrophe, which spreadsheets show as text and never run. Numbers (`-5`, `+1.5`) are
left as they are. JSON and NDJSON are never changed.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

from app.core.json import dumps
from app.domain.partial_dates import precision_of
from app.querying.fields import output_fields
from app.resources.base import Resource

PARTIAL_DATE_PARTS = ("", "_precision", "_earliest", "_latest", "_text")
FORMULA_STARTS = frozenset("=+-@\t\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
NEUTRALISING_PREFIX = "'"


def spreadsheet_safe(text: str) -> str:
    """`text`, with an apostrophe in front if a spreadsheet would run it as a formula."""
    if text[:1] in FORMULA_STARTS and not PLAIN_NUMBER.fullmatch(text):
        return NEUTRALISING_PREFIX + text
    return text


def csv_columns(resource: Resource, fields: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The header: public field names (id first), each partial date spread over five columns."""
    names = dict.fromkeys(("id", *fields) if fields is not None else output_fields(resource))
    return tuple(name + part for name in names
                 for part in (PARTIAL_DATE_PARTS if name in resource.partial_dates else ("",)))


def cell(value: Any) -> str:
    """A value as exact text; empty for a missing value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return dumps(value).decode()
    return str(value)


def _precision_cell(value: str) -> str:
    return precision_of(value).value


def safe_cell(value: Any) -> str:
    return spreadsheet_safe(cell(value))


def _converter(column: sa.Column | None) -> Callable[[Any], Any] | None:
    """How one column's non-null values become text; None where the csv module writes them as they are."""
    if column is None:
        return safe_cell
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, sa.Integer) and not isinstance(kind, sa.Enum):
        return None  # int is written with str, None as an empty cell
    if isinstance(kind, sa.String) and not isinstance(kind, sa.Enum):
        return spreadsheet_safe
    if isinstance(kind, sa.DateTime):
        return datetime.isoformat
    if isinstance(kind, sa.Date):
        return date.isoformat
    return safe_cell


def csv_cells(resource: Resource, columns: Sequence[str]) -> Callable[[sa.Row], list[Any]]:
    """A function turning one row into the CSV cells of `columns` (planned on the first row).

    Exports spend their time here: the cells are picked from the row in C (itemgetter),
    and only the columns that need it (dates, decimals, JSON…) are converted.
    """
    derived = {f"{name}_precision": name for name in resource.partial_dates}
    table = resource.sa_table
    conversions = [(position, _precision_cell if column in derived else _converter(table.c.get(column)))
                   for position, column in enumerate(columns)]
    conversions = [(position, convert) for position, convert in conversions if convert is not None]
    plan: dict[tuple[str, ...], Callable[[sa.Row], tuple]] = {}

    def cells(row: sa.Row) -> list[Any]:
        pick = plan.get(row._fields)
        if pick is None:
            positions = {key: index for index, key in enumerate(row._fields)}
            pick = plan.setdefault(row._fields, itemgetter(*(positions[derived.get(c, c)] for c in columns)))
        values = list(pick(row)) if len(columns) > 1 else [pick(row)]
        for position, convert in conversions:
            value = values[position]
            if value is not None:
                values[position] = convert(value)
        return values

    return cells


def csv_text(lines: Iterable[Sequence[str]]) -> str:
    """Rows as RFC 4180 CSV (CRLF line ends, quotes only where needed)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(lines)
    return buffer.getvalue()


def ndjson_lines(items: Iterable[dict[str, Any]]) -> bytes:
    return b"".join(dumps(item) + b"\n" for item in items)

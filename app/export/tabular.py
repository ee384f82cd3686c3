"""One record as CSV cells or as an NDJSON line.

CSV is for spreadsheets: each partial date becomes five columns (value, precision,
earliest, latest, the source's wording), money stays an exact integer, decimals
exact text, JSON fields compact JSON text. NDJSON lines are the list's items.
"""

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Any

from app.core.json import dumps
from app.domain.partial_dates import parse_partial_date
from app.querying.fields import output_fields
from app.resources.base import Resource

PARTIAL_DATE_PARTS = ("", "_precision", "_earliest", "_latest", "_text")


def csv_columns(resource: Resource, fields: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The header: public field names (id first), each partial date spread over five columns."""
    names = dict.fromkeys(("id", *fields) if fields is not None else output_fields(resource))
    return tuple(name + part for name in names
                 for part in (PARTIAL_DATE_PARTS if name in resource.partial_dates else ("",)))


@lru_cache(maxsize=4096)
def precision(value: str) -> str:
    return parse_partial_date(value).precision.value


def cell(value: Any) -> str:
    """A value as exact text; empty for a missing value."""
    if value is None:
        return ""
    fast = _FAST.get(type(value))  # most cells: one dict look-up instead of a chain of isinstance
    if fast is not None:
        return fast(value)
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


_FAST: dict[type, Any] = {str: str, int: str, date: date.isoformat, datetime: datetime.isoformat}


def csv_cells(resource: Resource, columns: Sequence[str]) -> Callable[[Mapping[str, Any]], list[str]]:
    """A function turning one row's mapping into the CSV cells of `columns` (planned once per export)."""
    derived = {f"{name}_precision": name for name in resource.partial_dates}
    plan = [(derived.get(column, column), column in derived) for column in columns]

    def cells(row: Mapping[str, Any]) -> list[str]:
        return [(precision(row[key]) if row[key] is not None else "") if is_precision else cell(row[key])
                for key, is_precision in plan]

    return cells


def csv_text(lines: Iterable[Sequence[str]]) -> str:
    """Rows as RFC 4180 CSV (CRLF line ends, quotes only where needed)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(lines)
    return buffer.getvalue()


def shaped(items: list[dict[str, Any]], fields: tuple[str, ...] | None, expand: tuple[str, ...]) -> list[dict[str, Any]]:
    """`fields=` applied as the list applies it: id, the fields asked for, the relations embedded."""
    if fields is None:
        return items
    keep = ("id", *fields, *expand)
    return [{name: item[name] for name in keep if name in item} for item in items]


def ndjson_lines(items: Iterable[dict[str, Any]]) -> bytes:
    return b"".join(dumps(item) + b"\n" for item in items)

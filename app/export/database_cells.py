"""CSV lines written by the database, so that an export spends no Python on each cell.

Turning every value into text in Python (timestamps parsed and written back, decimals,
enums, the spreadsheet guard, then csv.writer) was most of an export's time. Here the
SELECT itself gives each row as the CSV line app.export.tabular would write, with SQLite's
and PostgreSQL's own string functions and the csv module's quoting (a cell holding a comma,
a double quote, CR or LF is quoted, quotes doubled). What the database cannot write exactly
the same way is flagged: a text a spreadsheet could run (the guard's number test is Python's),
a JSON value other than `{}`, a value not in the form our writes store. Flagged rows are
written again by tabular.csv_cells, so the bytes are those of the Python formatter in every
case. A column of a kind not known here leaves the export to the Python formatter (`None`).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel.sql.sqltypes import AutoString

from app.export.tabular import FORMULA_STARTS
from app.models.base import ExactDecimal, ScaledDecimal, UTCDateTime
from app.resources.base import Resource

FORMULA_CODE_POINTS = tuple(sorted(ord(character) for character in FORMULA_STARTS))
SQLITE_TIMESTAMP = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]"
# Stored decimal text that is not what ExactDecimal writes (format(normalize(), "f")): other characters,
# a sign inside, two points, trailing zeros or point, leading zeros, no digit before the point.
SQLITE_NOT_CANONICAL_DECIMAL = ("*[^0-9.-]*", "?*-*", "*.*.*", "*.*0", "*.", "0[0-9]*", "-0[0-9]*", ".*", "-.*", "", "-")
SCALE = 9  # ScaledDecimal places of the joined figures

FUNCTION_ARGUMENTS = 50  # cells per printf/format call: PostgreSQL takes at most 100 arguments, SQLite 127
QUOTED_CHARACTERS = ',"\r\n'  # what makes csv.writer (excel dialect, QUOTE_MINIMAL) quote a cell


@dataclass(frozen=True)
class Cell:
    text: sa.ColumnElement  # the cell's text, NULL for an empty cell
    flag: sa.ColumnElement[bool] | None = None  # when the database cannot write it as Python would
    quotable: bool = False  # whether the text may hold a character csv.writer quotes


def lines_statement(resource: Resource, columns: Sequence[str], statement: sa.Select, dialect: str) -> sa.Select | None:
    """`statement` (app.services.listing.ordered_statement) selecting each row's CSV line of `columns` (CRLF ended),
    and the row's id where Python must write the line instead (else NULL)."""
    derived = {f"{name}_precision": name for name in resource.partial_dates}
    sqlite = dialect == "sqlite"
    ordered = _sorted_first(statement, sqlite)
    selected = ordered.c
    cells = []
    for name in columns:
        if name in derived:
            cell: Cell | None = Cell(_precision(selected[derived[name]]))
        elif name in selected:
            cell = _cell(selected[name], own=name in resource.sa_table.c, sqlite=sqlite)
        else:
            cell = None
        if cell is None:
            return None
        cells.append(cell)
    texts = [_quoted(cell.text, sqlite) if cell.quotable else cell.text for cell in cells]
    flags = [cell.flag for cell in cells if cell.flag is not None]
    redo = sa.case((sa.or_(*flags), selected["id"])) if flags else sa.null()
    return sa.select(_line(texts, sqlite).label("line"), redo.label("redo")).select_from(ordered)


def _sorted_first(statement: sa.Select, sqlite: bool) -> sa.Subquery:
    """The rows in their order, as a subquery the lines are written from: one a sort must order is sorted on
    its stored values, and each line written when its batch is fetched, not every line before the first
    batch (within its time limit). OFFSET keeps either engine from merging it into the outer query, whose
    plain projection keeps its order."""
    return (statement.limit(-1) if sqlite else statement).offset(0).subquery("ordered")


def _line(texts: list[sa.ColumnElement], sqlite: bool) -> sa.ColumnElement:
    """The texts joined by commas, NULL as nothing, CRLF ended, by printf (SQLite) or format (PostgreSQL), at most
    FUNCTION_ARGUMENTS a call; a chain of `||` would copy the growing line once per cell."""
    if len(texts) > FUNCTION_ARGUMENTS:
        texts = [_formatted(texts[start:start + FUNCTION_ARGUMENTS], "", sqlite)
                 for start in range(0, len(texts), FUNCTION_ARGUMENTS)]
    return _formatted(texts, "\r\n", sqlite)


def _formatted(texts: list[sa.ColumnElement], ending: str, sqlite: bool) -> sa.ColumnElement:
    template = ",".join(["%s"] * len(texts)) + ending
    return _function("printf" if sqlite else "format", _text(template), *texts)


def _quoted(text: sa.ColumnElement, sqlite: bool) -> sa.ColumnElement:
    """The cell as csv.writer writes it: in double quotes, its quotes doubled, if it holds , " CR or LF."""
    if sqlite:
        needs_quotes = text.op("GLOB", is_comparison=True)(_text(f"*[{QUOTED_CHARACTERS}]*"))
    else:
        needs_quotes = text.op("~", is_comparison=True)(_text(f"[{QUOTED_CHARACTERS}]"))
    return sa.case((needs_quotes, _text('"', _function("replace", text, _text('"'), _text('""')), '"')), else_=text)


def _cell(column: sa.ColumnElement, own: bool, sqlite: bool) -> Cell | None:
    """One column's cell, as tabular._converter (own columns) or tabular.safe_cell (joined ones) writes it."""
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return _sqlite_timestamp(column) if sqlite else Cell(_postgresql_timestamp(column))
    if isinstance(kind, ExactDecimal):
        return _sqlite_decimal(column) if sqlite else Cell(sa.func.trim_scale(column).cast(sa.Text))
    if isinstance(kind, ScaledDecimal):
        return None if own else Cell(_scaled(column, sqlite))  # own ones are written with str(): 1E+1
    if isinstance(kind, AutoString):  # SQLModel's str columns: a String that reads back unchanged
        kind = kind.impl_instance
    if isinstance(kind, TypeDecorator):
        return None
    if isinstance(kind, sa.JSON):
        text = column.cast(sa.Text)
        return Cell(text, sa.and_(column.is_not(None), text != _text("{}")))  # only `{}` is left to the database
    if isinstance(kind, sa.Boolean):
        return Cell(sa.case((column, _text("true")), (sa.not_(column), _text("false"))))
    if isinstance(kind, sa.Integer):
        return Cell(column.cast(sa.Text))
    if isinstance(kind, sa.Enum) and not any(value[:1] in FORMULA_STARTS for value in kind.enums):
        # stored as the member's value, which no spreadsheet would run
        text = sa.type_coerce(column, sa.Text)
        return Cell(text, quotable=any(set(value) & set(QUOTED_CHARACTERS) for value in kind.enums))
    if isinstance(kind, sa.String):
        text = sa.type_coerce(column, sa.Text)
        first = sa.func.unicode(text) if sqlite else sa.func.ascii(text)
        return Cell(text, first.in_(FORMULA_CODE_POINTS), quotable=True)
    if isinstance(kind, sa.DateTime):
        return None
    if isinstance(kind, sa.Date):
        if sqlite:
            text = sa.type_coerce(column, sa.Text)
            return Cell(text, sa.func.length(text) != 10)  # SQLAlchemy writes YYYY-MM-DD
        return Cell(_function("to_char", column, _text("YYYY-MM-DD")))
    return None


def _text(*parts: sa.ColumnElement | str) -> sa.ColumnElement:
    """Text parts joined with `||`; constant parts written into the SQL, not bound."""
    expressions = [sa.literal_column("'" + part.replace("'", "''") + "'", sa.Text) if isinstance(part, str) else part
                   for part in parts]
    return reduce(lambda left, right: left.concat(right), expressions)


def _function(name: str, *arguments) -> sa.ColumnElement:
    return getattr(sa.func, name)(*arguments, type_=sa.Text)


def _precision(value: sa.ColumnElement) -> sa.ColumnElement:
    """app.domain.partial_dates.precision_of in SQL."""
    return sa.case((sa.func.length(value) == 4, _text("year")), (_function("substr", value, 6, 1) == "Q", _text("quarter")),
                   (sa.func.length(value) == 7, _text("month")), (value.is_not(None), _text("day")))


def _sqlite_timestamp(column: sa.ColumnElement) -> Cell:
    """SQLAlchemy's stored 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC) as datetime.isoformat writes it (no fraction if zero)."""
    stored = sa.type_coerce(column, sa.Text)
    iso = _function("replace", _function("replace", stored, _text(" "), _text("T")), _text(".000000"), _text(""))
    return Cell(_text(iso, "+00:00"), sa.not_(stored.op("GLOB", is_comparison=True)(_text(SQLITE_TIMESTAMP))))


def _postgresql_timestamp(column: sa.ColumnElement) -> sa.ColumnElement:
    """A timestamptz in the session's zone, as datetime.isoformat writes what psycopg returns."""
    fraction = _function("to_char", column, _text("US"))
    return _text(_function("to_char", column, _text('YYYY-MM-DD"T"HH24:MI:SS')),
                 sa.case((fraction == "000000", _text("")), else_=_text(".", fraction)),
                 _function("to_char", column, _text("TZH:TZM")))


def _sqlite_decimal(column: sa.ColumnElement) -> Cell:
    text = sa.type_coerce(column, sa.Text)
    return Cell(text, sa.or_(*(text.op("GLOB", is_comparison=True)(_text(pattern)) for pattern in SQLITE_NOT_CANONICAL_DECIMAL)))


def _scaled(column: sa.ColumnElement, sqlite: bool) -> sa.ColumnElement:
    """An integer × 10^-SCALE as format(Decimal(…).normalize(), "f") writes it: no exponent, no trailing zeros."""
    if not sqlite:
        return sa.func.trim_scale(column.cast(sa.Numeric) * sa.literal_column(f"1e-{SCALE}::numeric")).cast(sa.Text)
    magnitude = sa.func.abs(column, type_=sa.BigInteger)
    digits = _function("printf", _text(f"%d.%0{SCALE}d"), magnitude // 10**SCALE, magnitude % 10**SCALE)
    unsigned = _function("rtrim", _function("rtrim", digits, _text("0")), _text("."))
    return sa.case((column < 0, _text("-", unsigned)), (column >= 0, unsigned))  # NULL stays NULL


def written(rows: Sequence[Sequence], in_python: Callable[[list], dict]) -> str:
    """A batch of (line, redo) rows as CSV text; the lines of flagged rows from `in_python(ids)` ({id: line})."""
    flagged = [redo for _, redo in rows if redo is not None]
    if not flagged:
        return "".join([line for line, _ in rows])
    again = in_python(flagged)
    return "".join([line if redo is None else again[redo] for line, redo in rows])

"""What each queryable field is: its kind, its columns, the operators it accepts.

Built once per resource from its declarations and its table, so parsing, SQL
building and the OpenAPI description all read the same facts.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any

import sqlalchemy as sa

from app.core.errors import InvalidParameter
from app.domain.partial_dates import EXPECTED_FORMS, PartialDateError, parse_partial_date
from app.models.base import ExactDecimal, ScaledDecimal
from app.querying.sql import scaled_integer_range
from app.resources import resource_for
from app.resources.base import RECORD_FIELDS, Relation, Resource

INTEGER_BITS = 31  # PostgreSQL INTEGER is 4 bytes: a wider value would be a database error, not "no match"
BIGINT_BITS = 63
MAX_IN_VALUES = 100
_INTEGER = re.compile(r"-?[0-9]{1,19}", re.ASCII)
_DECIMAL = re.compile(r"-?[0-9]{1,30}(\.[0-9]{1,12})?", re.ASCII)
_UNENCODED_PLUS = re.compile(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$", re.ASCII)


class Kind(StrEnum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    TEXT = "text"
    ENUM = "enum"
    BOOLEAN = "boolean"
    DATETIME = "datetime"
    DATE = "date"
    PARTIAL_DATE = "partial date"


ORDERED = ("eq", "ne", "gt", "gte", "lt", "lte", "in")
OPERATORS: dict[Kind, tuple[str, ...]] = {
    Kind.INTEGER: ORDERED,
    Kind.DECIMAL: ORDERED,
    Kind.DATETIME: ORDERED,
    Kind.DATE: ORDERED,
    Kind.PARTIAL_DATE: ORDERED,
    Kind.TEXT: (*ORDERED, "contains", "startswith"),
    Kind.ENUM: ("eq", "ne", "in"),
    Kind.BOOLEAN: ("eq", "ne"),
}
ALL_OPERATORS = (*ORDERED, "contains", "startswith", "isnull")


@dataclass(frozen=True)
class FieldSpec:
    """One filterable field. `via` is set for `relation.field` filters on a related table, `joined` for a
    field of the resource's joined table (app.resources.base.Joined), which lists join in."""

    name: str
    kind: Kind
    table: sa.Table
    column: str
    nullable: bool
    choices: tuple[str, ...] = ()
    via: Relation | None = None
    joined: bool = False

    @property
    def scale(self) -> int | None:
        """For a decimal stored as an integer (ScaledDecimal): its number of places."""
        column_type = self.table.c[self.column].type
        return column_type.scale if isinstance(column_type, ScaledDecimal) else None

    @property
    def operators(self) -> tuple[str, ...]:
        return (*OPERATORS[self.kind], "isnull") if self.nullable else OPERATORS[self.kind]

    @property
    def max_integer(self) -> int:
        column_type = self.table.c[self.column].type
        return 2 ** (BIGINT_BITS if isinstance(column_type, sa.BigInteger) else INTEGER_BITS) - 1

    @property
    def sort_column(self) -> str:
        """Partial dates sort (and page) by their earliest possible day."""
        return f"{self.column}_earliest" if self.kind is Kind.PARTIAL_DATE else self.column


def _kind(resource: Resource, name: str, column: sa.Column) -> tuple[Kind, tuple[str, ...]]:
    if name in resource.partial_dates:
        return Kind.PARTIAL_DATE, ()
    enum_class = getattr(column.type, "enum_class", None)
    if isinstance(enum_class, type) and issubclass(enum_class, Enum):
        return Kind.ENUM, tuple(member.value for member in enum_class)
    if isinstance(column.type, ExactDecimal | ScaledDecimal):
        return Kind.DECIMAL, ()
    column_type = column.type.impl if isinstance(column.type, sa.types.TypeDecorator) else column.type
    python_type = column_type.python_type
    for candidate, kind in ((bool, Kind.BOOLEAN), (int, Kind.INTEGER), (datetime, Kind.DATETIME), (date, Kind.DATE)):
        if issubclass(python_type, candidate):
            return kind, ()
    return Kind.TEXT, ()


def local_field(resource: Resource, name: str, via: Relation | None = None, public_name: str | None = None) -> FieldSpec:
    """A field of the resource: one of its columns, or one of its joined fields."""
    column = resource.column(name)
    kind, choices = _kind(resource, name, column)
    joined = column.table is not resource.sa_table
    return FieldSpec(public_name or name, kind, column.table, name, column.nullable, choices, via, joined)


_CATALOG: dict[int, dict[str, FieldSpec]] = {}


def filterable_fields(resource: Resource) -> dict[str, FieldSpec]:
    """Every filter the resource accepts, by parameter name (`status`, `project.status`)."""
    cached = _CATALOG.get(id(resource))
    if cached is not None:
        return cached
    fields = {name: local_field(resource, name) for name in (*RECORD_FIELDS, *resource.filters)}
    for declared in resource.filters_through:
        relation = resource.relations_by_name[declared.relation]
        target = resource_for(relation.target)
        for name in declared.fields:
            fields[f"{relation.name}.{name}"] = local_field(target, name, relation, f"{relation.name}.{name}")
    _CATALOG[id(resource)] = fields
    return fields


def output_fields(resource: Resource) -> tuple[str, ...]:
    """The names `fields=` may ask for: every column, partial dates as one field."""
    parts = {f"{name}{suffix}" for name in resource.partial_dates for suffix in ("_earliest", "_latest", "_text")}
    parts.add("deleted_at")  # never shown: only live rows are listed
    own = tuple(column.name for column in resource.sa_table.c if column.name not in parts)
    return (*own, *(resource.joined.fields if resource.joined is not None else ()))


def _refuse(parameter: str, message: str, allowed: list[str] | None = None) -> InvalidParameter:
    return InvalidParameter(parameter, message, allowed)


def parse_value(spec: FieldSpec, raw: str, parameter: str) -> Any:
    """One filter value in the field's own type; a wrong type is a 400 naming the parameter."""
    if "\x00" in raw:
        raise _refuse(parameter, "must not contain NUL characters")
    if spec.kind is Kind.INTEGER:
        if not _INTEGER.fullmatch(raw):
            raise _refuse(parameter, f"{raw!r} is not an integer (digits only)")
        if abs(int(raw)) > spec.max_integer:
            raise _refuse(parameter, f"{raw} is out of range: {spec.name} values lie within ±{spec.max_integer}")
        return int(raw)
    if spec.kind is Kind.DECIMAL:
        if not _DECIMAL.fullmatch(raw):
            raise _refuse(parameter, f"{raw!r} is not a decimal number such as 2 or -0.25")
        if spec.scale is not None and abs(Decimal(raw)) > (largest := scaled_integer_range(spec.scale)):
            raise _refuse(parameter, f"{raw} is out of range: {spec.name} values lie within ±{largest}")
        return Decimal(raw)
    if spec.kind is Kind.ENUM:
        if raw not in spec.choices:
            raise _refuse(parameter, f"{raw!r} is not a valid value", list(spec.choices))
        return raw
    if spec.kind is Kind.BOOLEAN:
        return parse_boolean(raw, parameter)
    if spec.kind is Kind.DATETIME:
        return _parse_datetime(raw, parameter)
    if spec.kind is Kind.DATE:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise _refuse(parameter, f"{raw!r} is not a date (YYYY-MM-DD)") from None
    if spec.kind is Kind.PARTIAL_DATE:
        try:
            return parse_partial_date(raw)
        except PartialDateError:
            raise _refuse(parameter, f"{raw!r} is not a partial date: expected {EXPECTED_FORMS}") from None
    return raw


def parse_boolean(raw: str, parameter: str) -> bool:
    if raw not in ("true", "false"):
        raise _refuse(parameter, f"{raw!r} is not a boolean", ["true", "false"])
    return raw == "true"


def _parse_datetime(raw: str, parameter: str) -> datetime:
    """ISO 8601 date or date-time; without an offset it is taken as UTC.

    A `+` left unencoded in a URL arrives as a space: `09:00:00 09:00` is read as `09:00:00+09:00`.
    """
    try:
        value = datetime.fromisoformat(_UNENCODED_PLUS.sub(r"\1+\2", raw))
    except ValueError:
        raise _refuse(parameter, f"{raw!r} is not an ISO 8601 date-time such as 2024-12-31T09:00:00+09:00") from None
    try:  # in UTC, as stored: 9999-12-31T23:59:59-01:00 is past the last moment a date-time can hold
        return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)
    except OverflowError:
        raise _refuse(parameter, f"{raw!r} is out of range: in UTC it falls outside years 1-9999") from None


def parse_in_values(spec: FieldSpec, raw: str, parameter: str) -> tuple[Any, ...]:
    values = tuple(dict.fromkeys(raw.split(",")))
    if len(values) > MAX_IN_VALUES:
        raise _refuse(parameter, f"at most {MAX_IN_VALUES} comma-separated values")
    return tuple(parse_value(spec, value, parameter) for value in values)

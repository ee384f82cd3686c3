"""Frictionless Table Schema for a resource's CSV, derived from its table and the glossary.

Types, required/unique constraints and foreign keys come from the SQLAlchemy
metadata, descriptions from the API shapes and app/schemas/glossary.py, so a new
column or resource is described without editing this module.
"""

from enum import Enum
from typing import Any

import annotated_types
import sqlalchemy as sa

from app.domain.partial_dates import DatePrecision
from app.export.tabular import csv_columns
from app.models.base import ExactDecimal, ScaledDecimal
from app.resources.base import Resource
from app.schemas.glossary import describe

PARTIAL_DATE_PATTERN = r"\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?"
PART_NOTES = {
    "_precision": ("string", "Precision of `{name}`: year, quarter, month or day."),
    "_earliest": ("date", "First calendar day `{name}` may denote."),
    "_latest": ("date", "Last calendar day `{name}` may denote."),
    "_text": ("string", "The source's own wording of `{name}`."),
}
_TYPES: tuple[tuple[type, str], ...] = ((bool, "boolean"), (int, "integer"), (dict, "object"), (list, "array"))


def table_schema(resource: Resource, package_tables: set[str]) -> dict[str, Any]:
    """Fields in CSV column order, the primary key, and foreign keys to tables in the package."""
    return {
        "fields": [field(resource, name) for name in csv_columns(resource)],
        "missingValues": [""],
        "primaryKey": [column.name for column in resource.sa_table.primary_key.columns],
        "foreignKeys": foreign_keys(resource.sa_table, package_tables),
    }


def field(resource: Resource, name: str) -> dict[str, Any]:
    base, part = _partial_date_part(resource, name)
    if base is not None:
        return _partial_date_field(resource, name, base, part)
    column = resource.column(name)
    descriptor: dict[str, Any] = {"name": name, "type": field_type(column)}
    if description := _description(resource, name):
        descriptor["description"] = description
    constraints = {**_constraints(column), **_bounds(resource, name)}
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def field_type(column: sa.Column) -> str:
    """Table Schema type of a column: exact decimals are `number`, JSON columns `object`."""
    column_type = column.type
    if isinstance(column_type, ExactDecimal | ScaledDecimal):
        return "number"
    if isinstance(column_type, sa.types.TypeDecorator):
        column_type = column_type.impl
    if isinstance(column_type, sa.DateTime):
        return "datetime"
    if isinstance(column_type, sa.Date):
        return "date"
    if isinstance(column_type, sa.JSON):
        return "object"
    python_type = column_type.python_type
    return next((kind for candidate, kind in _TYPES if issubclass(python_type, candidate)), "string")


def foreign_keys(table: sa.Table, package_tables: set[str]) -> list[dict[str, Any]]:
    keys = []
    for key in sorted(table.foreign_keys, key=lambda key: key.parent.name):
        target = key.column.table.name
        if target not in package_tables:
            continue
        reference: dict[str, Any] = {"fields": [key.column.name]}
        if target != table.name:  # omitted: a reference to the table itself
            reference = {"resource": target, **reference}
        keys.append({"fields": [key.parent.name], "reference": reference})
    return keys


def _constraints(column: sa.Column) -> dict[str, Any]:
    constraints: dict[str, Any] = {}
    if not column.nullable:
        constraints["required"] = True
    if column.unique or column.primary_key:
        constraints["unique"] = True
    enum_class = getattr(column.type, "enum_class", None)
    if isinstance(enum_class, type) and issubclass(enum_class, Enum):
        constraints["enum"] = [member.value for member in enum_class]
    column_type = column.type.impl if isinstance(column.type, sa.types.TypeDecorator) else column.type
    length = getattr(column_type, "length", None)
    if isinstance(column_type, sa.String) and length and "enum" not in constraints:
        constraints["maxLength"] = length
    return constraints


def _bounds(resource: Resource, name: str) -> dict[str, Any]:
    """The writers' numeric bounds (e.g. money within ±(2^53−1)), as the create schema declares them."""
    declared = resource.create_schema.model_fields.get(name)
    bounds: dict[str, Any] = {}
    for rule in declared.metadata if declared is not None else ():
        if isinstance(rule, annotated_types.Ge):
            bounds["minimum"] = rule.ge
        elif isinstance(rule, annotated_types.Le):
            bounds["maximum"] = rule.le
    return bounds


def _partial_date_part(resource: Resource, name: str) -> tuple[str | None, str]:
    if name in resource.partial_dates:
        return name, ""
    for base in resource.partial_dates:
        part = name.removeprefix(base)
        if part != name and part in PART_NOTES:
            return base, part
    return None, ""


def _partial_date_field(resource: Resource, name: str, base: str, part: str) -> dict[str, Any]:
    if part == "":
        return {"name": name, "type": "string", "description": _description(resource, base) or "A partial date.",
                "constraints": {"pattern": PARTIAL_DATE_PATTERN}}
    kind, note = PART_NOTES[part]
    descriptor: dict[str, Any] = {"name": name, "type": kind, "description": note.format(name=base)}
    if part == "_precision":
        descriptor["constraints"] = {"enum": [precision.value for precision in DatePrecision]}
    return descriptor


def _description(resource: Resource, name: str) -> str | None:
    """The API shape's own description wins, then the glossary (as in the OpenAPI document)."""
    shape_field = resource.public_schema.model_fields.get(name)
    return (shape_field.description if shape_field is not None else None) or describe(resource.singular, name)

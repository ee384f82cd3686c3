"""OpenAPI entries for the query language, generated from the same declarations the parser reads.

Filters are read from the raw query string (their names are not Python
identifiers), so they are declared to OpenAPI here rather than as function
parameters; a new declaration shows up in the docs automatically.
"""

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from app.querying.fields import MAX_IN_VALUES, FieldSpec, Kind, filterable_fields, output_fields
from app.querying.filters import PARTIAL_DATE_RULES
from app.querying.params import as_of_columns, sortable
from app.resources import ALL_RESOURCES
from app.resources.base import Resource
from app.schemas.common import Page as BasePage

T = TypeVar("T")


class FacetValue(BaseModel):
    value: Any = Field(description="A value of the field (null for records without one)", examples=["terminated"])
    count: int = Field(examples=[3])


class Page(BasePage[T], Generic[T]):
    """A page of records, with `total` (count=true) and `facets` (facet=…) only when asked for.

    Named Page so that the published component names stay `Page_<X>Public_`.
    """

    total: int | None = Field(None, description="With `count=true`: how many records match the filters.")
    facets: dict[str, list[FacetValue]] | None = Field(None, description="With `facet=`: counts per value, same filters.")

QUERY_LANGUAGE = f"""

**Filters**: `field=value` or `field__op=value`, op one of eq, ne, gt, gte, lt, lte, in (comma-separated, at most
{MAX_IN_VALUES}), contains, startswith (case-insensitive for A–Z, exact for Korean; `%` and `_` match literally),
isnull (`true`/`false`). Values are parsed in the field's type (integers, exact decimals, enums, ISO 8601
date-times, partial dates). `ne` never matches a missing value. Filters combine with AND. An unknown field or
operator, a value of the wrong type, or one filter given twice with different values is a 400. Decimals compare
exactly, whatever the number of places given: a project's `execution_ratio__lt=0.15` and `…__lt=0.150000000`
are the same filter.

**Partial dates**: {PARTIAL_DATE_RULES} Sorting by a partial date sorts by its earliest possible day.

**Order and pages**: `sort=-amount,name` (prefix `-` for descending); ties are broken by id in the direction of
the last key. Missing values (null) sort last in both directions. Pages are keyset pages: follow `next` /
`next_url` / the `Link: rel="next"` header; a cursor is signed and bound to its sort. `count=true` adds an exact
`total`; `fields=` keeps only some fields (id always included); `facet=` adds counts per value of the matching
records (at most 100 values per facet, most frequent first).
"""

_DEFAULT_EXAMPLES = {
    Kind.INTEGER: "1", Kind.DECIMAL: "2.5", Kind.TEXT: "서울", Kind.BOOLEAN: "true",
    Kind.DATETIME: "2024-01-01T00:00:00+09:00", Kind.DATE: "2024-01-01", Kind.PARTIAL_DATE: "2023",
}
_SCHEMAS = {
    Kind.INTEGER: {"type": "integer", "format": "int64"},
    Kind.DECIMAL: {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"},
    Kind.TEXT: {"type": "string"},
    Kind.BOOLEAN: {"type": "boolean"},
    Kind.DATETIME: {"type": "string", "format": "date-time"},
    Kind.DATE: {"type": "string", "format": "date"},
    Kind.PARTIAL_DATE: {"type": "string", "pattern": r"^\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?$"},
}
_OPERATOR_HELP = {
    "eq": "equals", "ne": "is not equal to", "gt": "is greater than", "gte": "is at least",
    "lt": "is less than", "lte": "is at most", "in": "is one of (comma-separated)",
    "contains": "contains (A–Z case-insensitive)", "startswith": "starts with (A–Z case-insensitive)",
    "isnull": "is missing (true) or present (false)",
}


def list_parameters(resource: Resource) -> list[dict[str, Any]]:
    """Every filter parameter of the resource plus sort, fields, count, facet, q and the as-of days."""
    return [*filter_parameters(resource), *_shaping_parameters(resource), *search_parameters(resource),
            *as_of_day_parameters(resource)]


def as_of_day_parameters(resource: Resource) -> list[dict[str, Any]]:
    """`status_as_of` and the like (app.querying.derived), where the resource reads such a column."""
    return [{"name": item.declaration.parameter, "in": "query", "required": False, "example": "2024-07-03",
             "schema": {"type": "string", "format": "date"}, "description": item.declaration.description}
            for item in as_of_columns(resource)]


def filter_parameters(resource: Resource) -> list[dict[str, Any]]:
    parameters = []
    for name, spec in filterable_fields(resource).items():
        for op in spec.operators:
            parameter = name if op == "eq" else f"{name}__{op}"
            help_text = f"Only {resource.path} whose {name} {_OPERATOR_HELP[op]} this value"
            if op == "eq":
                help_text += f" (also `{name}__eq`)"
            if spec.kind is Kind.PARTIAL_DATE and op != "isnull":
                help_text += "; a partial date, compared by the rules in the description"
            parameters.append({"name": parameter, "in": "query", "required": False, "description": help_text + ".",
                               "schema": _schema(spec, op), "example": _example(spec, op)})
    return parameters


def _schema(spec: FieldSpec, op: str) -> dict[str, Any]:
    if op == "isnull":
        return {"type": "boolean"}
    if op == "in":
        return {"type": "string"}
    if spec.kind is Kind.ENUM:
        return {"type": "string", "enum": list(spec.choices)}
    return dict(_SCHEMAS[spec.kind])


def _example(spec: FieldSpec, op: str) -> Any:
    if op == "isnull":
        return True
    if spec.kind is Kind.ENUM:
        return ",".join(spec.choices[:2]) if op == "in" else spec.choices[0]
    example = _declared_example(spec) or _DEFAULT_EXAMPLES[spec.kind]
    if op == "in":
        return {Kind.INTEGER: "1,2", Kind.PARTIAL_DATE: "2023,2024"}.get(spec.kind, example)
    if spec.kind is Kind.INTEGER:
        return int(example)
    return example


def _declared_example(spec: FieldSpec) -> str | None:
    """The example the resource's public schema gives for this field, if a plain scalar."""
    schema = next((resource.public_schema for resource in ALL_RESOURCES
                   if spec.table in (resource.sa_table, *(column.table for column in resource.joined_columns))), None)
    field = schema.model_fields.get(spec.column) if schema is not None else None
    examples = field.examples if field is not None else None
    if examples and isinstance(examples[0], str | int) and not isinstance(examples[0], bool):
        return str(examples[0])
    return None


def _shaping_parameters(resource: Resource) -> list[dict[str, Any]]:
    keys = sortable(resource)
    facets = ", ".join(resource.facets) or "none"
    return [
        {"name": "sort", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "Comma-separated sort keys, `-` for descending: " + ", ".join(keys) + ". Default: id.",
         "example": f"-{resource.sorts[0]},id" if resource.sorts else "-id"},
        {"name": "fields", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "Comma-separated fields to return (id is always returned): " + ", ".join(output_fields(resource)),
         "example": ",".join(output_fields(resource)[4:6])},
        {"name": "count", "in": "query", "required": False, "schema": {"type": "boolean", "default": False},
         "description": "Add `total`, the exact number of matching records (costs one more query).", "example": True},
        {"name": "facet", "in": "query", "required": False, "schema": {"type": "string"},
         "description": f"Add counts per value of these fields (repeatable or comma-separated): {facets}.",
         **({"example": resource.facets[0]} if resource.facets else {})},
    ]


def search_parameters(resource: Resource) -> list[dict[str, Any]]:
    if not resource.searchable:
        return []
    return [{"name": "q", "in": "query", "required": False, "schema": {"type": "string", "minLength": 1},
             "description": "Full-text search in " + ", ".join(resource.searchable) + ".", "example": "메타버스"}]

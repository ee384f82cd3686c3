"""Parse a list request's query string against what its resource declares.

Anything not declared is refused with a 400 that names the parameter and lists
what is allowed: a typo never silently returns the unfiltered table, and a
filter given twice with different values is refused rather than guessed at.
"""

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams

from app.core.config import get_settings
from app.core.errors import InvalidParameter
from app.querying.derived import STORED, ColumnsAsOf, Declared, parse_columns_as_of
from app.querying.fields import FieldSpec, filterable_fields, local_field, output_fields, parse_boolean, parse_in_values, parse_value
from app.querying.filters import Filter
from app.querying.keyset import SortKey
from app.resources import ALL_RESOURCES, resource_for
from app.resources.base import Resource

LIST_CONTROLS = ("limit", "cursor", "sort", "fields", "expand", "count", "facet")
SORTABLE_RECORD_FIELDS = ("id", "created_at", "updated_at")


@dataclass(frozen=True)
class ListQuery:
    filters: tuple[Filter, ...] = ()
    sort: tuple[SortKey, ...] = ()
    limit: int = 50
    cursor: str | None = None
    expand: tuple[str, ...] = ()
    fields: tuple[str, ...] | None = None
    count: bool = False
    facets: tuple[str, ...] = ()
    q: str | None = None
    columns_as_of: ColumnsAsOf = STORED


def controls(resource: Resource, base: tuple[str, ...]) -> tuple[str, ...]:
    """The non-filter parameters an endpoint takes; `q` only where the resource declares searchable fields,
    and the as-of parameters of the derived columns it reads (`status_as_of`)."""
    as_of = tuple(item.declaration.parameter for item in as_of_columns(resource))
    return (*base, *as_of, "q") if resource.searchable else (*base, *as_of)


_AS_OF_COLUMNS: dict[int, tuple[Declared, ...]] = {}


def as_of_columns(resource: Resource) -> tuple[Declared, ...]:
    """The derived columns (app.querying.derived) a list of the resource reads: its own, and those of the
    related fields it filters or groups by (`project.status` on budgets)."""
    cached = _AS_OF_COLUMNS.get(id(resource))
    if cached is not None:
        return cached
    used = {(spec.table, spec.column) for spec in filterable_fields(resource).values() if spec.via is not None}
    for dimension in resource.summary.dimensions if resource.summary is not None else ():
        if dimension.via is not None:
            target = resource_for(resource.relations_by_name[dimension.via].target).sa_table
            used.update((target, column) for column in dimension.columns)
    found = tuple(Declared(other.sa_table, declaration) for other in ALL_RESOURCES
                  for declaration in other.as_of_columns
                  if other is resource or (other.sa_table, declaration.column) in used)
    _AS_OF_COLUMNS[id(resource)] = found
    return found


def parse_list_query(resource: Resource, params: QueryParams) -> ListQuery:
    allowed = controls(resource, LIST_CONTROLS)
    return ListQuery(
        filters=parse_filters(resource, params, allowed),
        sort=parse_sort(resource, single(params, "sort")),
        limit=parse_limit(single(params, "limit")),
        cursor=single(params, "cursor"),
        expand=parse_expand(resource, single(params, "expand")),
        fields=parse_fields(resource, single(params, "fields")),
        count=parse_boolean(single(params, "count"), "count") if "count" in params else False,
        facets=parse_facets(resource, params.getlist("facet")),
        q=parse_q(params),
        columns_as_of=parse_columns_as_of(as_of_columns(resource), params),
    )


RECORD_CONTROLS = ("fields", "expand", "version", "as_of")


@dataclass(frozen=True)
class RecordQuery:
    expand: tuple[str, ...] = ()
    fields: tuple[str, ...] | None = None


def parse_record_query(resource: Resource, params: QueryParams) -> RecordQuery:
    """A single record's `fields=` and `expand=`, checked as a list checks them; anything undeclared is a 400."""
    for name in params:
        if name not in RECORD_CONTROLS:
            raise InvalidParameter(name, f"a single {resource.singular} takes no such parameter", list(RECORD_CONTROLS))
    return RecordQuery(expand=parse_expand(resource, single(params, "expand")),
                       fields=parse_fields(resource, single(params, "fields")))


def single(params: QueryParams, name: str) -> str | None:
    """A parameter that may be given once (or repeated with the same value)."""
    values = set(params.getlist(name))
    if len(values) > 1:
        raise InvalidParameter(name, f"given more than once with different values ({', '.join(sorted(values))})")
    return params.get(name)


def parse_filters(resource: Resource, params: QueryParams, allowed_controls: tuple[str, ...]) -> tuple[Filter, ...]:
    fields = filterable_fields(resource)
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    filters = []
    for name in dict.fromkeys(params.keys()):
        if name in allowed_controls:
            continue
        spec, op = _split(resource, fields, name, allowed_controls)
        raw = single(params, name)
        previous = seen.get((spec.name, op))
        if previous is not None and previous[1] != raw:
            raise InvalidParameter(name, f"contradicts {previous[0]}={previous[1]}; give each filter once")
        seen[(spec.name, op)] = (name, raw)
        filters.append(Filter(name, spec, op, _value(spec, op, raw, name)))
    return tuple(filters)


def _split(resource: Resource, fields: dict[str, FieldSpec], name: str, allowed_controls: tuple[str, ...]) -> tuple[FieldSpec, str]:
    if name in fields:
        return fields[name], "eq"
    field_name, _, op = name.rpartition("__")
    if field_name in fields:
        spec = fields[field_name]
        if op not in spec.operators:
            raise InvalidParameter(name, f"{field_name} has no operator {op!r}", list(spec.operators))
        return spec, op
    hint = f"unknown parameter for {resource.path} (filters are `field` or `field__op`)"
    raise InvalidParameter(name, hint, [*allowed_controls, *fields])


def _value(spec: FieldSpec, op: str, raw: str, parameter: str) -> Any:
    if op == "isnull":
        return parse_boolean(raw, parameter)
    if op == "in":
        return parse_in_values(spec, raw, parameter)
    if op in ("contains", "startswith") and raw == "":
        raise InvalidParameter(parameter, "must not be empty")
    return parse_value(spec, raw, parameter)


def parse_limit(raw: str | None) -> int:
    settings = get_settings()
    if raw is None:
        return settings.default_page_size
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= settings.max_page_size:
        raise InvalidParameter("limit", f"must be an integer from 1 to {settings.max_page_size}")
    return int(raw)


def parse_expand(resource: Resource, raw: str | None) -> tuple[str, ...]:
    if raw is None or raw == "":
        return ()
    names = tuple(dict.fromkeys(name.strip() for name in raw.split(",")))
    allowed = list(resource.relations_by_name)
    for name in names:
        if name not in resource.relations_by_name:
            raise InvalidParameter("expand", f"{resource.path} cannot expand {name!r}", allowed)
    return names


def sortable(resource: Resource) -> tuple[str, ...]:
    return (*SORTABLE_RECORD_FIELDS, *resource.sorts)


def parse_sort(resource: Resource, raw: str | None) -> tuple[SortKey, ...]:
    if raw is None:
        return ()
    allowed = sortable(resource)
    keys: list[SortKey] = []
    for part in raw.split(","):
        name = part.removeprefix("-")
        if name not in allowed:
            raise InvalidParameter("sort", f"cannot sort {resource.path} by {name!r} (prefix - for descending)", list(allowed))
        if any(key.field.name == name for key in keys):
            raise InvalidParameter("sort", f"{name!r} is given more than once")
        keys.append(SortKey(local_field(resource, name), desc=part.startswith("-")))
    return tuple(keys)


def parse_fields(resource: Resource, raw: str | None) -> tuple[str, ...] | None:
    if raw is None:
        return None
    allowed = output_fields(resource)
    names = tuple(dict.fromkeys(name.strip() for name in raw.split(",")))
    for name in names:
        if name not in allowed:
            raise InvalidParameter("fields", f"{resource.path} have no field {name!r}", list(allowed))
    return names


def parse_facets(resource: Resource, raw_values: list[str]) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(name.strip() for raw in raw_values for name in raw.split(",")))
    for name in names:
        if name not in resource.facets:
            raise InvalidParameter("facet", f"{resource.path} cannot be faceted by {name!r}", list(resource.facets) or ["(none)"])
    return names


def parse_q(params: QueryParams) -> str | None:
    raw = single(params, "q")
    if raw is not None and not raw.strip():
        raise InvalidParameter("q", "must not be empty")
    return raw


@dataclass(frozen=True)
class SummaryQuery:
    filters: tuple[Filter, ...] = ()
    group_by: tuple[str, ...] = ()
    q: str | None = None
    columns_as_of: ColumnsAsOf = STORED


def parse_summary_query(resource: Resource, params: QueryParams) -> SummaryQuery:
    """The list's filters plus `group_by`; the separating dimension (currency, unit) is always added."""
    summary = resource.summary
    assert summary is not None
    filters = parse_filters(resource, params, controls(resource, ("group_by",)))
    raw = single(params, "group_by")
    names = tuple(dict.fromkeys(name.strip() for name in raw.split(","))) if raw else ()
    for name in names:
        if name not in summary.dimensions_by_name:
            raise InvalidParameter("group_by", f"{resource.path} cannot be grouped by {name!r}", list(summary.dimensions_by_name))
    if summary.separate_by is not None and summary.separate_by not in names:
        names = (*names, summary.separate_by)
    return SummaryQuery(filters=filters, group_by=names, q=parse_q(params),
                        columns_as_of=parse_columns_as_of(as_of_columns(resource), params))

"""Parse a list request's query string against what its resource declares.

Anything not declared is refused with a 400 that names the parameter and lists
what is allowed: a typo never silently returns the unfiltered table.
"""

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import sqlalchemy as sa
from starlette.datastructures import QueryParams

from app.core.config import get_settings
from app.core.errors import InvalidParameter
from app.resources.base import Resource

RESERVED = ("limit", "cursor", "expand")


@dataclass(frozen=True)
class ListQuery:
    filters: dict[str, Any] = field(default_factory=dict)
    limit: int = 50
    cursor: str | None = None
    expand: tuple[str, ...] = ()


def parse_limit(raw: str | None) -> int:
    settings = get_settings()
    if raw is None:
        return settings.default_page_size
    if not raw.isdigit() or not 1 <= int(raw) <= settings.max_page_size:
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


def parse_filter_value(resource: Resource, name: str, raw: str) -> Any:
    column: sa.Column = resource.sa_table.c[name]
    python_type = _python_type(column)
    if isinstance(python_type, type) and issubclass(python_type, Enum):
        allowed = [member.value for member in python_type]
        if raw not in allowed:
            raise InvalidParameter(name, f"{raw!r} is not a valid value", allowed)
        return raw
    if python_type is int:
        try:
            return int(raw)
        except ValueError:
            raise InvalidParameter(name, f"{raw!r} is not an integer") from None
    return raw


def _python_type(column: sa.Column) -> Any:
    enum_class = getattr(column.type, "enum_class", None)
    if enum_class is not None:
        return enum_class
    try:
        return column.type.python_type
    except NotImplementedError:
        return str


def parse_list_query(resource: Resource, params: QueryParams) -> ListQuery:
    allowed = [*RESERVED, *resource.filters]
    filters: dict[str, Any] = {}
    for name in params:
        if name not in allowed:
            raise InvalidParameter(name, f"unknown parameter for {resource.path}", allowed)
        values = params.getlist(name)
        if len(set(values)) > 1:
            raise InvalidParameter(name, "given more than once with different values")
        if name in resource.filters:
            filters[name] = parse_filter_value(resource, name, values[0])
    return ListQuery(
        filters=filters,
        limit=parse_limit(params.get("limit")),
        cursor=params.get("cursor"),
        expand=parse_expand(resource, params.get("expand")),
    )

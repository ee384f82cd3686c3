"""Resource declarations: per resource, what may be filtered, sorted, searched and expanded.

The generic list/get/write mechanism (app.querying, app.services.records) reads
only these declarations; a resource's behaviour is found in its module here.
"""

from sqlmodel import SQLModel

from app.resources.base import Relation, Resource
from app.resources.catalog import (
    budgets,
    citations,
    metrics,
    organizations,
    people,
    project_events,
    projects,
    sources,
    statements,
)
from app.resources.source_checks import source_checks
from app.resources.statement_links import statement_links

ALL_RESOURCES: tuple[Resource, ...] = (
    projects, budgets, metrics, statements, sources, citations, organizations, people, statement_links, project_events,
)
# Reachable through relations only (no endpoints of their own).
EMBEDDED_RESOURCES: tuple[Resource, ...] = (source_checks,)
_BY_TABLE = {resource.table: resource for resource in (*ALL_RESOURCES, *EMBEDDED_RESOURCES)}


def resource_for(table: type[SQLModel]) -> Resource:
    return _BY_TABLE[table]


__all__ = ["ALL_RESOURCES", "Relation", "Resource", "resource_for"]

"""What a resource declares, and the kinds of relation it can expand."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import sqlalchemy as sa
from pydantic import BaseModel
from sqlmodel import SQLModel

from app.models.fields import partial_date_columns, partial_date_output

# A custom relation gives a query returning (parent_id, related_id) pairs for some parent ids.
PairsQuery = Callable[[list[int]], sa.Select]


@dataclass(frozen=True)
class Relation:
    """An expandable relation, loaded with one query per relation for a whole page of parents."""

    name: str
    target: type[SQLModel]
    kind: Literal["has_many", "belongs_to", "pairs"]
    key: str = ""
    pairs: PairsQuery | None = None
    description: str = ""

    @property
    def many(self) -> bool:
        return self.kind != "belongs_to"


def has_many(name: str, target: type[SQLModel], foreign_key: str, description: str = "") -> Relation:
    return Relation(name, target, "has_many", key=foreign_key, description=description)


def belongs_to(name: str, target: type[SQLModel], local_key: str, description: str = "") -> Relation:
    return Relation(name, target, "belongs_to", key=local_key, description=description)


def linked_through(name: str, target: type[SQLModel], pairs: PairsQuery, description: str = "") -> Relation:
    return Relation(name, target, "pairs", pairs=pairs, description=description)


@dataclass(frozen=True)
class Resource:
    path: str
    singular: str
    table: type[SQLModel]
    create_schema: type[BaseModel]
    update_schema: type[BaseModel]
    public_schema: type[BaseModel]
    description: str
    partial_dates: tuple[str, ...] = ()
    filters: tuple[str, ...] = ()
    searchable: tuple[str, ...] = ()
    relations: tuple[Relation, ...] = ()
    cited_as: str | None = None
    slug_field: str | None = None
    natural_key: tuple[str, ...] = field(default=())

    @property
    def sa_table(self) -> sa.Table:
        return self.table.__table__

    @property
    def relations_by_name(self) -> dict[str, Relation]:
        return {relation.name: relation for relation in self.relations}

    def to_public(self, row: Any) -> dict[str, Any]:
        """A database row as the API shows it: partial dates nested, nothing else changed."""
        public = dict(row._mapping) if hasattr(row, "_mapping") else dict(row)
        for name in self.partial_dates:
            public[name] = partial_date_output(name, public)
        return public

    def to_columns(self, values: dict[str, Any]) -> dict[str, Any]:
        """Validated input as stored columns: each partial date becomes four columns."""
        columns = dict(values)
        for name in self.partial_dates:
            if name in columns:
                columns.update(partial_date_columns(name, columns.pop(name)))
        return columns

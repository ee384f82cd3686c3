"""What a resource declares, and the kinds of relation it can expand."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import sqlalchemy as sa
from pydantic import BaseModel
from sqlmodel import SQLModel

from app.models.fields import nested_partial_date, partial_date_columns, partial_date_output
from app.querying.derived import AsOfColumn

# A custom relation gives a query returning (parent_id, related_id) pairs for some parent ids.
PairsQuery = Callable[[list[int]], sa.Select]
# Run after every create, update, delete and restore, in the writer's transaction: (session, row before, row after).
WriteHook = Callable[[Any, Any, Any], None]


@dataclass(frozen=True)
class Relation:
    """An expandable relation, loaded with one query per relation for a whole page of parents."""

    name: str
    target: type[SQLModel]
    kind: Literal["has_many", "belongs_to", "pairs"]
    key: str = ""
    pairs: PairsQuery | None = None
    description: str = ""
    one: bool = False  # a `pairs` relation giving at most one record per parent, embedded as an object

    @property
    def many(self) -> bool:
        return self.kind != "belongs_to" and not self.one


def has_many(name: str, target: type[SQLModel], foreign_key: str, description: str = "") -> Relation:
    return Relation(name, target, "has_many", key=foreign_key, description=description)


def belongs_to(name: str, target: type[SQLModel], local_key: str, description: str = "") -> Relation:
    return Relation(name, target, "belongs_to", key=local_key, description=description)


def linked_through(name: str, target: type[SQLModel], pairs: PairsQuery, description: str = "",
                   one: bool = False) -> Relation:
    return Relation(name, target, "pairs", pairs=pairs, description=description, one=one)


@dataclass(frozen=True)
class Through:
    """Filters on a related resource's fields, named `relation.field` (e.g. `project.status`)."""

    relation: str
    fields: tuple[str, ...]


def through(relation: str, *fields: str) -> Through:
    return Through(relation, fields)


@dataclass(frozen=True)
class Dimension:
    """A summary grouping: the first non-null of `columns` (optionally its year), on this table or via a relation."""

    name: str
    columns: tuple[str, ...]
    via: str | None = None
    year: bool = False
    description: str = ""


def dimension(name: str, column: str | None = None, via: str | None = None, description: str = "") -> Dimension:
    return Dimension(name, (column or name,), via=via, description=description)


def year_of(*columns: str, description: str = "") -> Dimension:
    return Dimension("year", columns, year=True, description=description)


@dataclass(frozen=True)
class Rollup:
    """Totals kept current by after-write hooks, for every grouping: one row per combination of the values of
    some of `dimensions` (named as the summary's dimensions and as the table's columns), always including
    `always`, the others null; `grouping` names them, comma-separated in declared order. Each row has
    `count` and the sum as `sum_high` × 2^32 + `sum_low`.

    A summary grouped only by those dimensions and filtered only by the fields of `filters`
    (filter name, column) reads the rows of the grouping made of both. `related_live` is the
    column saying the related record is not soft-deleted, which filters across a relation
    require (as on the records); every grouping includes it.
    """

    table: type[SQLModel]
    dimensions: tuple[str, ...]
    always: tuple[str, ...]
    filters: tuple[tuple[str, str], ...]
    related_live: str

    @property
    def sa_table(self) -> sa.Table:
        return self.table.__table__

    def grouping_for(self, names: set[str]) -> str:
        return ",".join(name for name in self.dimensions if name in names or name in self.always)


@dataclass(frozen=True)
class Summary:
    """What GET /v1/<resource>/summary groups by and adds up.

    `total` is the summed column; `separate_by` is a dimension always added to the
    grouping so that sums never mix currencies or units; `rollup` answers the
    groupings and filters it covers without reading the records.
    """

    dimensions: tuple[Dimension, ...]
    total: str | None = None
    total_kind: Literal["money", "decimal"] = "money"
    separate_by: str | None = None
    rollup: Rollup | None = None

    @property
    def dimensions_by_name(self) -> dict[str, Dimension]:
        return {dimension.name: dimension for dimension in self.dimensions}


@dataclass(frozen=True)
class Joined:
    """Read-only fields kept in a table with one row per record (`key` holds the record's id), e.g. derived figures.

    They are shown in lists and exports, and filter and sort like the record's own columns
    when named in `filters` / `sorts`; whoever writes the table keeps it current (an
    after-write hook), one row for every record. Lists left-join it to show its fields, and
    inner-join it when they filter or sort by one, so that its indexes drive the page.
    """

    table: type[SQLModel]
    key: str
    fields: tuple[str, ...]

    @property
    def sa_table(self) -> sa.Table:
        return self.table.__table__


# Every record has these; they are filterable (and id/created_at/updated_at sortable) everywhere.
RECORD_FIELDS = ("id", "created_at", "updated_at", "version")


@dataclass(frozen=True, eq=False)  # one object per resource: compared and hashed by identity
class Resource:
    """One resource and how it may be queried.

    `filters`, `sorts` and `facets` name fields of this table (a partial date by its
    group name, e.g. `started`) or, for filters and sorts, of its `joined` table;
    RECORD_FIELDS are filterable everywhere without being listed. `filters_through`
    adds `relation.field` filters. `after_write` hooks run in every write's transaction
    (app.services.history.record_change) to keep derived data current. `cleared_when_changed`
    names fields that describe another field's value and so stop being true when it changes
    (a source's check verdict, of its URL): an update changing the one sets the others to null.
    `as_of_columns` are stored derivations a list may read as of another day (app.querying.derived).
    """

    path: str
    singular: str
    table: type[SQLModel]
    create_schema: type[BaseModel]
    update_schema: type[BaseModel]
    public_schema: type[BaseModel]
    description: str
    partial_dates: tuple[str, ...] = ()
    filters: tuple[str, ...] = ()
    filters_through: tuple[Through, ...] = ()
    sorts: tuple[str, ...] = ()
    facets: tuple[str, ...] = ()
    summary: Summary | None = None
    searchable: tuple[str, ...] = ()
    relations: tuple[Relation, ...] = ()
    cited_as: str | None = None
    slug_field: str | None = None
    natural_key: tuple[str, ...] = field(default=())
    joined: Joined | None = None
    after_write: tuple[WriteHook, ...] = ()
    cleared_when_changed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    as_of_columns: tuple[AsOfColumn, ...] = ()

    def __post_init__(self) -> None:
        if self.joined is not None and (clash := set(self.joined.fields) & set(self.sa_table.c.keys())):
            raise ValueError(f"{self.path}: joined fields {sorted(clash)} clash with its own columns")

    @property
    def sa_table(self) -> sa.Table:
        return self.table.__table__

    @property
    def joined_columns(self) -> list[sa.Column]:
        return [self.joined.sa_table.c[name] for name in self.joined.fields] if self.joined is not None else []

    def column(self, name: str) -> sa.Column:
        """One of the record's columns, or one of its joined fields."""
        if name in self.sa_table.c:
            return self.sa_table.c[name]
        if self.joined is not None and name in self.joined.fields:
            return self.joined.sa_table.c[name]
        raise KeyError(name)

    def source(self, inner: bool = False) -> sa.FromClause:
        """What lists select from: the table, joined to its joined fields' table if it has one."""
        if self.joined is None:
            return self.sa_table
        other = self.joined.sa_table
        return self.sa_table.join(other, other.c[self.joined.key] == self.sa_table.c.id, isouter=not inner)

    @property
    def relations_by_name(self) -> dict[str, Relation]:
        return {relation.name: relation for relation in self.relations}

    def to_public(self, row: Any) -> dict[str, Any]:
        """A database row as the API shows it: partial dates nested, `deleted_at` left out, nothing else changed."""
        public = dict(row._mapping) if hasattr(row, "_mapping") else dict(row)
        public.pop("deleted_at", None)  # only live rows are shown (app.querying.visibility)
        for name in self.partial_dates:
            if name in public:  # absent when a list selects only some fields
                public[name] = partial_date_output(name, public)
        return public

    def public_reader(self, names: Sequence[str]) -> Callable[[Sequence[Sequence[Any]]], list[dict[str, Any]]]:
        """`to_public` for many rows of the same columns `names`, with the names and nesting worked out once.

        The records equal `to_public`'s, keys in the same order: the columns as selected, then
        the partial dates (which `to_public` pops and adds back).
        """
        position = {name: index for index, name in enumerate(names)}
        dates = [(name, *(position[name + part] for part in ("", "_earliest", "_latest", "_text")))
                 for name in self.partial_dates if name in position]
        nested = {index for _, *indexes in dates for index in indexes}
        plain = [(name, index) for name, index in position.items() if index not in nested and name != "deleted_at"]

        def read(rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
            records = []
            for row in rows:
                record = {name: row[index] for name, index in plain}
                for name, value, earliest, latest, text in dates:
                    record[name] = nested_partial_date(row[value], row[earliest], row[latest], row[text])
                records.append(record)
            return records

        return read

    def to_columns(self, values: dict[str, Any]) -> dict[str, Any]:
        """Validated input as stored columns: each partial date becomes four columns."""
        columns = dict(values)
        for name in self.partial_dates:
            if name in columns:
                columns.update(partial_date_columns(name, columns.pop(name)))
        return columns

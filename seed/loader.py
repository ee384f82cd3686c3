"""Load a case file through the same validation and services as the API, idempotently.

The fact rules (app.domain.fact_rules: figures against their wording, excerpts against
the captured source) are the services' own, so a case is held to what the API holds
every writer to; a record that breaks one raises the API's UnprocessableEntity.

Records are matched on their resource's natural key: a record already present
and equal is left alone (same version, same timestamps), one that differs is
updated, a missing one is created. Loading twice therefore changes nothing.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from sqlalchemy import Engine
from sqlmodel import Session

from app.core import request_context
from app.resources import Resource
from app.resources.catalog import (budgets, citations, metrics, organizations, people, project_events, projects, sources,
                                   statements)
from app.resources.statement_links import statement_links
from app.services import records

CASES_DIR = Path(__file__).parent / "cases"
CAPTURES_DIR = Path(__file__).parent / "sources"
# Order matters: a record may only refer to records loaded before it.
LOAD_ORDER: tuple[tuple[str, Resource], ...] = (
    ("organizations", organizations), ("people", people), ("sources", sources), ("projects", projects),
    ("project_events", project_events), ("budgets", budgets), ("metrics", metrics), ("statements", statements),
    ("statement_links", statement_links),
    ("citations", citations),  # top-level citations name their fact by ref; most cases nest them under the fact
)


class SeedError(ValueError):
    """The case file is inconsistent; nothing of it is committed. `field` names the offending field, if one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Parent:
    """A nested citation's reference to the fact it is nested under (that entry's path)."""

    path: str


@dataclass(frozen=True)
class Entry:
    """One record of a case: where it sits (`budgets[1]`, `budgets[1].citations[0]`), its kind, values and local ref."""

    path: str
    resource: Resource
    values: dict[str, Any]
    ref: str | None = None


def entries(case: dict[str, Any]) -> Iterator[Entry]:
    """Every record of a case in load order, each fact's nested citations right after it.

    Used by the loader and by the bulk import (app.services.bulk_import), which checks
    every entry before writing any.
    """
    for section, resource in LOAD_ORDER:
        for index, raw in enumerate(case.get(section) or []):
            path, values = f"{section}[{index}]", dict(raw)
            ref = values.pop("ref", None)
            cited_by = (values.pop("citations", None) or []) if resource.cited_as else []
            yield Entry(path, resource, values, ref)
            for position, citation in enumerate(cited_by):
                yield Entry(f"{path}.citations[{position}]", citations, {**citation, f"{resource.cited_as}_id": Parent(path)})


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: str, resource: Resource) -> None:
        tally = getattr(self, outcome)
        tally[resource.path] = tally.get(resource.path, 0) + 1

    def __str__(self) -> str:
        return "; ".join(f"{outcome}: {dict(sorted(getattr(self, outcome).items()))}" for outcome in ("created", "updated", "unchanged"))


class CaseLoader:
    def __init__(self, session: Session):
        self.session = session
        self.refs: dict[str, tuple[str, int]] = {}  # ref → (table, id)
        self.ids: dict[str, int] = {}  # entry path → id
        self.report = LoadReport()

    def resolve(self, resource: Resource, values: dict[str, Any]) -> dict[str, Any]:
        """Replace "@ref" strings (and nested citations' parents) with ids, refusing a ref to the wrong kind of record."""
        resolved = {}
        for name, value in values.items():
            if isinstance(value, Parent):
                value = self.ids[value.path]
            elif name.endswith("_id") and isinstance(value, str) and value.startswith("@"):
                if value[1:] not in self.refs:
                    raise SeedError(f"{name}: unknown reference {value!r} (define it earlier in the file)", name)
                table, value = self.refs[value[1:]]
                targets = {key.column.table.name for key in resource.sa_table.c[name].foreign_keys} if name in resource.sa_table.c else set()
                if targets and table not in targets:
                    raise SeedError(f"{name}: {values[name]!r} is a record of {table}, not of {', '.join(sorted(targets))}", name)
            resolved[name] = value
        return resolved

    def add(self, entry: Entry) -> int:
        """Check, create or update one entry and remember its id under its path and ref."""
        record_id = self.upsert(entry.resource, entry.values)
        self.ids[entry.path] = record_id
        if entry.ref is not None:
            self.refs[entry.ref] = (entry.resource.sa_table.name, record_id)
        return record_id

    def upsert(self, resource: Resource, raw: dict[str, Any]) -> int:
        values = self.resolve(resource, raw)
        payload = records.validate_record(resource, values)  # a 422 naming the field, as the API answers
        existing = self.find(resource, payload.model_dump())
        if existing is None:
            self.report.count("created", resource)
            return records.create_record(self.session, resource, payload)["id"]
        current = resource.create_schema.model_validate(records.as_input(resource, existing))
        # Only the fields the case gives: one it leaves out (a project's derived status) is not a change.
        changes = {name: value for name, value in values.items() if getattr(current, name) != getattr(payload, name)}
        if not changes:
            self.report.count("unchanged", resource)
            return existing.id
        self.report.count("updated", resource)
        records.update_record(self.session, resource, str(existing.id), resource.update_schema.model_validate(changes))
        return existing.id

    def find(self, resource: Resource, values: dict[str, Any]) -> sa.Row | None:
        table = resource.sa_table
        columns = resource.to_columns({name: values.get(name) for name in resource.natural_key})
        conditions = [table.c[name] == value if value is not None else table.c[name].is_(None)
                      for name, value in columns.items() if name in resource.natural_key]
        return self.session.execute(sa.select(table).where(*conditions)).first()

    def load(self, case: dict[str, Any]) -> LoadReport:
        for entry in entries(case):
            self.add(entry)
        return self.report


def with_captured_texts(case: dict[str, Any], captures_dir: Path = CAPTURES_DIR) -> dict[str, Any]:
    """Each source's `captured_text_file` (a file name in seed/sources/) read into its `captured_text`.

    Only case files name files; the bulk import takes texts inline, never a path on the server.
    """
    loaded = []
    for source in case.get("sources") or []:
        source = dict(source)
        if (name := source.pop("captured_text_file", None)) is not None:
            if Path(name).name != name:
                raise SeedError(f"source {source.get('ref', '')}: captured_text_file must be a file name in "
                                f"{captures_dir.name}/, not a path", "captured_text_file")
            source["captured_text"] = (captures_dir / name).read_text(encoding="utf-8")
        loaded.append(source)
    return {**case, "sources": loaded} if loaded else case


def read_case(path: Path) -> dict[str, Any]:
    """A case file as records, its sources' captured texts read in."""
    return with_captured_texts(yaml.safe_load(path.read_text(encoding="utf-8")))


def load_case_file(session: Session, path: Path) -> LoadReport:
    return CaseLoader(session).load(read_case(path))


def load_all_cases(session: Session, cases_dir: Path = CASES_DIR) -> dict[str, LoadReport]:
    with request_context.acting_as("seed"):  # the history names the seed loader as the author
        return {path.stem: load_case_file(session, path) for path in sorted(cases_dir.glob("*.yaml"))}


def load_all_cases_atomically(engine: Engine, cases_dir: Path = CASES_DIR) -> dict[str, LoadReport]:
    """One transaction for the whole load: the services' commits become savepoints,
    so a case that fails half-way leaves the database as it was."""
    with engine.connect() as connection, connection.begin():
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        return load_all_cases(session, cases_dir)

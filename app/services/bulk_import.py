"""Bulk import: one JSON document with records of several kinds, written all or nothing.

The document has the shape of a seed case (seed/cases/*.yaml): one list per kind,
records naming each other with "@ref" strings, citations nested under the fact
they cite. It is loaded by the seed's CaseLoader (same matching by natural key:
present and equal is left alone, different is updated, missing is created).

First every record is checked without writing anything (shape, refs, schema,
the fact rules of app.services.fact_checks, referenced ids), and every problem is reported
with its path (`budgets[1].amount`). Only a clean document is written, in one
transaction: an error there too (rare: e.g. a record deleted meanwhile) rolls
back everything and is reported with its path.
"""

from itertools import count
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.core.config import get_settings
from app.core.errors import ApiError, BadRequest, FieldError, NotFound, UnprocessableEntity, field_errors
from app.querying.visibility import live
from app.services import fact_checks
from app.services.atomic import one_transaction
from app.services.records import MAX_ID
from seed.loader import LOAD_ORDER, CaseLoader, Entry, SeedError, entries

SECTIONS = tuple(section for section, _ in LOAD_ORDER)
Records = list[dict[str, Any]]
RECORDS_HELP = "Records of this kind, each as its create body, plus an optional `ref` (a name other records use as \"@ref\")"


class ImportDocument(BaseModel):
    """A case: lists of records by kind. Facts may nest their `citations` (without the fact's id)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "organizations": [{"ref": "city", "name": "합성시", "classification": "government"}],
        "sources": [{"ref": "article", "url": "https://example.org/synthetic-article", "title": "합성 기사", "language": "ko"}],
        "projects": [{"ref": "park", "slug": "synthetic-park", "name": "합성 공원", "status": "planned", "organization_id": "@city",
                      "citations": [{"source_id": "@article", "excerpt": "합성 공원을 짓는다"}]}],
        "budgets": [{"project_id": "@park", "kind": "planned", "amount": 6000000000, "currency": "KRW"}],
    }]})

    organizations: Records = Field(default_factory=list, description=RECORDS_HELP)
    people: Records = Field(default_factory=list, description=RECORDS_HELP)
    sources: Records = Field(default_factory=list, description=RECORDS_HELP)
    projects: Records = Field(default_factory=list, description=RECORDS_HELP)
    project_events: Records = Field(default_factory=list, description=RECORDS_HELP + "; a project's status events")
    budgets: Records = Field(default_factory=list, description=RECORDS_HELP)
    metrics: Records = Field(default_factory=list, description=RECORDS_HELP)
    statements: Records = Field(default_factory=list, description=RECORDS_HELP)
    statement_links: Records = Field(default_factory=list, description=RECORDS_HELP)
    citations: Records = Field(default_factory=list, description="Citations naming their fact by id or \"@ref\"")


class ImportSummary(BaseModel):
    created: dict[str, int] = Field(description="Records created, by resource")
    updated: dict[str, int] = Field(description="Records changed, by resource")
    unchanged: dict[str, int] = Field(description="Records already present and equal, by resource")
    ids: dict[str, int] = Field(description="The id of every record that had a `ref`, by ref")
    dry_run: bool = Field(description="True when nothing was kept (`?dry_run=true`)")


class ImportRefused(UnprocessableEntity):
    title = "Import refused: nothing was written"

    def __init__(self, errors: list[FieldError]):
        super().__init__(errors[0].field, errors[0].message, errors[0].type, errors[1:])
        self.detail = f"{len(errors)} problem(s), nothing was written: " + self.detail


class _DryRun(Exception):
    """Raised to roll back a dry run once its summary is known."""


def count_records(document: dict[str, Any]) -> int:
    return sum(1 + len(record.get("citations") or []) if isinstance(record, dict) else 1
               for section in SECTIONS for record in document.get(section) or [])


def import_document(session: Session, document: dict[str, Any], dry_run: bool = False) -> dict[str, Any]:
    """Check everything, then write everything in one transaction (or nothing); return the summary."""
    limit = get_settings().max_import_records
    if (total := count_records(document)) > limit:
        raise BadRequest(f"the import holds {total} records; at most {limit} per import",
                         [FieldError(field="body", location="body", message=f"at most {limit} records", type="too_many_records")])
    if errors := check(session, document):
        raise ImportRefused(errors)
    try:
        with one_transaction(session) as unit:
            loader = CaseLoader(unit)
            for entry in entries(document):
                _write(loader, entry)
            summary = _summary(loader, dry_run)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def _write(loader: CaseLoader, entry: Entry) -> None:
    try:
        loader.add(entry)
    except NotFound:  # the loader matched it to a deleted record (natural key) and tried to change that
        message = "matches a deleted record (same natural key): restore that record first, or leave it out"
        raise ImportRefused([_error(entry.path, message, "deleted")]) from None
    except ApiError as error:
        errors = [_at(entry.path, item) for item in error.errors] or [_error(entry.path, error.detail, "invalid")]
        raise ImportRefused(errors) from None
    except SeedError as error:
        raise ImportRefused([_error(_field(entry.path, error.field), str(error), "invalid")]) from None
    except IntegrityError:
        message = "conflicts with existing data (a duplicate or a missing record)"
        raise ImportRefused([_error(entry.path, message, "conflict")]) from None


def _summary(loader: CaseLoader, dry_run: bool) -> dict[str, Any]:
    report = loader.report
    return {"created": report.created, "updated": report.updated, "unchanged": report.unchanged,
            "ids": {ref: record_id for ref, (_, record_id) in loader.refs.items()}, "dry_run": dry_run}


def check(session: Session, document: dict[str, Any]) -> list[FieldError]:
    """Every problem of the document, found without writing: refs resolve to placeholders (negative ids)."""
    if errors := _check_shape(document):
        return errors
    errors, placeholders = [], count(1)
    loader = CaseLoader(session)
    for entry in entries(document):
        errors += _check_entry(session, loader, entry)
        if entry.ref is not None and entry.ref in loader.refs:
            errors.append(_error(f"{entry.path}.ref", f"ref {entry.ref!r} is already used by an earlier record", "duplicate_ref"))
        placeholder = -next(placeholders)
        loader.ids[entry.path] = placeholder
        if entry.ref is not None:
            loader.refs.setdefault(entry.ref, (entry.resource.sa_table.name, placeholder))
    return errors


def _check_shape(document: dict[str, Any]) -> list[FieldError]:
    """What the walk over the document relies on: objects, string refs, lists of nested citations."""
    errors = []
    for section in SECTIONS:
        for index, record in enumerate(document.get(section) or []):
            path = f"{section}[{index}]"
            ref = record.get("ref")
            if ref is not None and not (isinstance(ref, str) and 0 < len(ref) <= 100):
                errors.append(_error(f"{path}.ref", "a ref is a string of 1-100 characters", "invalid_ref"))
            nested = record.get("citations")
            if nested is not None and not (isinstance(nested, list) and all(isinstance(item, dict) for item in nested)):
                errors.append(_error(f"{path}.citations", "citations is a list of citation objects", "invalid_citations"))
    return errors


def _check_entry(session: Session, loader: CaseLoader, entry: Entry) -> list[FieldError]:
    errors, resolved = [], {}
    resource, table = entry.resource, entry.resource.sa_table
    for name, value in entry.values.items():
        try:
            resolved.update(loader.resolve(resource, {name: value}))
        except SeedError as error:
            errors.append(_error(f"{entry.path}.{name}", str(error), "invalid_reference"))
            resolved[name] = -1  # keep validating the rest
            continue
        if name in table.c and isinstance(value, int) and not isinstance(value, bool):
            for key in table.c[name].foreign_keys:
                target = key.column
                found = 1 <= value <= MAX_ID and session.execute(
                    sa.select(target).where(target == value, live(target.table))).first() is not None
                if not found:  # missing, or deleted
                    message = f"no {target.table.name} record with id {value}"
                    errors.append(_error(f"{entry.path}.{name}", message, "reference_missing"))
    try:
        payload = resource.create_schema.model_validate(resolved)
    except ValidationError as error:
        return errors + [_at(entry.path, item) for item in field_errors(error.errors(), "body")]
    # The fact rules every write path applies (app.services.fact_checks); an excerpt of a source
    # created by this same document is judged when it is written, which rolls everything back.
    return errors + [_at(entry.path, error) for error in fact_checks.problems(session, resource, payload.model_dump())]


def _field(path: str, field: str | None) -> str:
    return f"{path}.{field}" if field else path


def _at(path: str, error: FieldError) -> FieldError:
    return FieldError(field=path if error.field in ("body", "") else f"{path}.{error.field}", location="body",
                      message=error.message, type=error.type)


def _error(field: str, message: str, kind: str) -> FieldError:
    return FieldError(field=field, location="body", message=message, type=kind)

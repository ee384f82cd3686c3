"""The generic record service: list, read, create, update and delete any declared resource.

Reads go through SQLAlchemy Core and come back as plain dicts (no ORM objects on
the hot path). Writes validate references and invariants before touching the
database and commit explicitly, so a failed write leaves nothing half-written.
"""

from functools import cache
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from app.core.errors import Conflict, FieldError, NotFound, UnprocessableEntity, field_errors
from app.core.etag import IfMatch, PreconditionFailed
from app.models.base import MAX_ID, utcnow
from app.querying.params import ListQuery
from app.querying.visibility import live
from app.resources import Resource
from app.search import index as search_index
from app.services import fact_checks, history
from app.services.expansion import expand_records
from app.services.listing import Page, list_page

BOOKKEEPING = ("id", "created_at", "updated_at", "version")
KEY_ERROR = FieldError(field="key", location="path", message="no such record", type="not_found")


def list_records(session: Session, resource: Resource, query: ListQuery) -> Page:
    """One page of filtered, sorted records with the cursor of the next (see app.services.listing)."""
    return list_page(session, resource, query)


def _key_value(resource: Resource, key: str) -> tuple[str, int | str]:
    """The column `key` names a record by (its id, or its slug) and the value to look up."""
    if key.isascii() and key.isdigit():
        if int(key) > MAX_ID:
            raise NotFound(f"No {resource.singular} with id {key}", [KEY_ERROR])
        return "id", int(key)
    if resource.slug_field is not None:
        return resource.slug_field, key
    raise NotFound(f"No {resource.singular} with id {key!r}", [KEY_ERROR])


@cache
def _row_by(table: sa.Table, column: str) -> sa.Select:
    """Built once per table and key column: building the statement cost more than running it."""
    return sa.select(table).where(table.c[column] == sa.bindparam("key"), live(table))


def get_row(session: Session, resource: Resource, key: str) -> sa.Row:
    column, value = _key_value(resource, key)
    row = session.connection().execute(_row_by(resource.sa_table, column), {"key": value}).first()
    if row is None:
        raise NotFound(f"No {resource.singular} with id or key {key!r}", [KEY_ERROR])
    return row


def get_record(session: Session, resource: Resource, key: str, expand: tuple[str, ...] = ()) -> dict[str, Any]:
    record = resource.to_public(get_row(session, resource, key))
    expand_records(session, resource, [record], expand)
    return record


def create_record(session: Session, resource: Resource, payload: BaseModel) -> dict[str, Any]:
    values = {name: getattr(payload, name) for name in type(payload).model_fields}
    record = payload.model_dump()
    fact_checks.enforce(session, resource, record)
    _check_references_and_uniques(session, resource, values)
    now = utcnow()
    verified = fact_checks.verification(session, resource, record, set(values))
    columns = {**resource.to_columns(values), **verified, "created_at": now, "updated_at": now, "version": 1}
    row = session.execute(sa.insert(resource.sa_table).values(**columns).returning(resource.sa_table)).one()
    search_index.reindex_record(session, resource, row.id, row)  # same transaction as the write
    history.record_change(session, resource, "create", None, row)  # its revision, same transaction
    fact_checks.after_write(session, resource, None, row)
    session.commit()
    return resource.to_public(row)


def update_record(session: Session, resource: Resource, key: str, patch: BaseModel, if_match: IfMatch | None = None) -> dict[str, Any]:
    """Apply a partial update, re-validating the whole merged record as if it were created anew
    (the fact rules too: patching `amount` alone is judged against the stored `amount_text`).

    `if_match` (the API always gives it) must name the current version (app.core.etag); the
    UPDATE is conditional on the version read, so a concurrent change makes this a 412.
    """
    if not patch.model_fields_set:
        raise UnprocessableEntity("body", "send at least one field to change", "missing")
    current = get_row(session, resource, key)
    if if_match is not None:
        if_match.check(resource, current)
    merged = validate_record(resource, {**as_input(resource, current), **patch.model_dump(include=patch.model_fields_set)})
    changed = {name: getattr(merged, name) for name in patch.model_fields_set}
    record = merged.model_dump()
    fact_checks.enforce(session, resource, record, changed=set(changed))
    _check_references_and_uniques(session, resource, changed, exclude_id=current.id)
    for name, cleared in resource.cleared_when_changed.items():
        if name in changed and changed[name] != getattr(current, name):
            changed.update(dict.fromkeys(cleared))
    verified = fact_checks.verification(session, resource, record, set(changed))
    table = resource.sa_table
    row = session.execute(
        sa.update(table)
        .where(table.c.id == current.id, table.c.version == current.version)
        .values(**resource.to_columns(changed), **verified, updated_at=utcnow(), version=table.c.version + 1)
        .returning(table)
    ).first()
    if row is None:
        raise PreconditionFailed(f"the {resource.singular} was changed by someone else meanwhile: GET it again")
    search_index.reindex_record(session, resource, row.id, row)  # same transaction as the write
    history.record_change(session, resource, "update", current, row)  # its revision, same transaction
    fact_checks.after_write(session, resource, current, row)
    session.commit()
    return resource.to_public(row)


def delete_record(session: Session, resource: Resource, key: str, if_match: IfMatch | None = None) -> None:
    row = get_row(session, resource, key)
    if if_match is not None:
        if_match.check(resource, row)
    if history.soft_delete(session, resource, row) is None:  # deleted_at, version + 1, its revision
        raise PreconditionFailed(f"the {resource.singular} was changed by someone else meanwhile: GET it again")
    search_index.remove_record(session, resource, row.id)  # same transaction as the write
    session.commit()


def as_input(resource: Resource, row: sa.Row) -> dict[str, Any]:
    """A stored row in the shape writers send, so a patch can be merged into it."""
    values = dict(row._mapping)
    for name in resource.partial_dates:
        value, text = values[name], values[f"{name}_text"]
        for suffix in ("", "_earliest", "_latest", "_text"):
            values.pop(name + suffix)
        values[name] = None if value is None else {"value": value, "text": text}
    fields = resource.create_schema.model_fields
    return {name: value for name, value in values.items() if name in fields and name not in BOOKKEEPING}


def validate_record(resource: Resource, values: dict[str, Any]) -> BaseModel:
    """The whole record as its create body, or a 422 naming each offending field (as the API's own validation)."""
    try:
        return resource.create_schema.model_validate(values)
    except ValidationError as error:
        errors = field_errors(error.errors(), "body")
        raise UnprocessableEntity(errors[0].field, errors[0].message, errors[0].type, errors[1:]) from None


def _check_references_and_uniques(session: Session, resource: Resource, values: dict[str, Any], exclude_id: int | None = None) -> None:
    """Refuse a dangling reference (422) or a duplicate unique value (409), naming the field."""
    table = resource.sa_table
    for name, value in values.items():
        if value is None or name not in table.c:
            continue
        column = table.c[name]
        for foreign_key in column.foreign_keys:
            target = foreign_key.column
            found = 1 <= value <= MAX_ID and session.execute(sa.select(target).where(target == value, live(target.table))).first()
            if not found:  # a deleted record cannot be referred to
                raise UnprocessableEntity(name, f"no {target.table.name} record with id {value}", "reference_missing")
        if column.unique:
            clash = sa.select(table.c.id).where(column == value)
            if exclude_id is not None:
                clash = clash.where(table.c.id != exclude_id)
            if session.execute(clash).first() is not None:
                raise Conflict(f"{name}: a {resource.singular} with {name} {value!r} already exists",
                               [FieldError(field=name, location="body", message="already exists", type="duplicate")])

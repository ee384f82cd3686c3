"""The generic record service: list, read, create, update and delete any declared resource.

Reads go through SQLAlchemy Core and come back as plain dicts (no ORM objects on
the hot path). Writes validate references and invariants before touching the
database and commit explicitly, so a failed write leaves nothing half-written.
"""

from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from app.core.errors import Conflict, FieldError, NotFound, UnprocessableEntity
from app.models.base import utcnow
from app.querying.cursor import decode_cursor, encode_cursor
from app.querying.params import ListQuery
from app.resources import Resource
from app.services.expansion import expand_records

BOOKKEEPING = ("id", "created_at", "updated_at", "version")


def list_records(session: Session, resource: Resource, query: ListQuery) -> tuple[list[dict[str, Any]], str | None]:
    """One page in id order, and the cursor of the next page (None on the last)."""
    table = resource.sa_table
    statement = sa.select(table)
    for name, value in query.filters.items():
        statement = statement.where(table.c[name] == value)
    if query.cursor is not None:
        (last_id,) = decode_cursor(query.cursor, "id")
        statement = statement.where(table.c.id > last_id)
    rows = session.execute(statement.order_by(table.c.id).limit(query.limit + 1)).all()
    records = [resource.to_public(row) for row in rows[: query.limit]]
    next_cursor = encode_cursor("id", [records[-1]["id"]]) if len(rows) > query.limit else None
    expand_records(session, resource, records, query.expand)
    return records, next_cursor


def _where_key(resource: Resource, key: str) -> sa.ColumnElement[bool]:
    table = resource.sa_table
    if key.isdigit():
        return table.c.id == int(key)
    if resource.slug_field is not None:
        return table.c[resource.slug_field] == key
    raise NotFound(f"No {resource.singular} with id {key!r}")


def get_row(session: Session, resource: Resource, key: str) -> sa.Row:
    row = session.execute(sa.select(resource.sa_table).where(_where_key(resource, key))).first()
    if row is None:
        raise NotFound(f"No {resource.singular} with id or key {key!r}")
    return row


def get_record(session: Session, resource: Resource, key: str, expand: tuple[str, ...] = ()) -> dict[str, Any]:
    record = resource.to_public(get_row(session, resource, key))
    expand_records(session, resource, [record], expand)
    return record


def create_record(session: Session, resource: Resource, payload: BaseModel) -> dict[str, Any]:
    values = {name: getattr(payload, name) for name in type(payload).model_fields}
    _check_references_and_uniques(session, resource, values)
    now = utcnow()
    columns = {**resource.to_columns(values), "created_at": now, "updated_at": now, "version": 1}
    row = session.execute(sa.insert(resource.sa_table).values(**columns).returning(resource.sa_table)).one()
    session.commit()
    return resource.to_public(row)


def update_record(session: Session, resource: Resource, key: str, patch: BaseModel) -> dict[str, Any]:
    """Apply a partial update, re-validating the whole merged record as if it were created anew."""
    if not patch.model_fields_set:
        raise UnprocessableEntity("body", "send at least one field to change", "missing")
    current = get_row(session, resource, key)
    merged = _validate_merged(resource, {**as_input(resource, current), **patch.model_dump(include=patch.model_fields_set)})
    changed = {name: getattr(merged, name) for name in patch.model_fields_set}
    _check_references_and_uniques(session, resource, changed, exclude_id=current.id)
    table = resource.sa_table
    row = session.execute(
        sa.update(table)
        .where(table.c.id == current.id)
        .values(**resource.to_columns(changed), updated_at=utcnow(), version=table.c.version + 1)
        .returning(table)
    ).one()
    session.commit()
    return resource.to_public(row)


def delete_record(session: Session, resource: Resource, key: str) -> None:
    row = get_row(session, resource, key)
    session.execute(sa.delete(resource.sa_table).where(resource.sa_table.c.id == row.id))
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


def _validate_merged(resource: Resource, values: dict[str, Any]) -> BaseModel:
    try:
        return resource.create_schema.model_validate(values)
    except ValidationError as error:
        errors = [
            FieldError(field=".".join(str(part) for part in e["loc"]) or "body", location="body", message=e["msg"], type=e["type"])
            for e in error.errors()
        ]
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
            if session.execute(sa.select(target).where(target == value)).first() is None:
                raise UnprocessableEntity(name, f"no {target.table.name} record with id {value}", "reference_missing")
        if column.unique:
            clash = sa.select(table.c.id).where(column == value)
            if exclude_id is not None:
                clash = clash.where(table.c.id != exclude_id)
            if session.execute(clash).first() is not None:
                raise Conflict(f"{name}: a {resource.singular} with {name} {value!r} already exists",
                               [FieldError(field=name, location="body", message="already exists", type="duplicate")])

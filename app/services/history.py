"""Every change leaves an immutable revision; delete is soft and an admin can undo it.

app.services.records calls `record_change` (and `soft_delete`) before it commits,
so a change and its revision commit or roll back together: a refused or failed
write leaves no revision. Who and why come from app.core.request_context.
Revisions store every column of the row as JSON (dates ISO, date-times UTC with
microseconds, decimals as exact text) so app.services.as_of can rebuild any
version exactly.
"""

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from app.core import request_context
from app.core.errors import Conflict, FieldError, NotFound
from app.models.base import MAX_ID, ExactDecimal, utcnow
from app.models.revision import Revision, RevisionAction
from app.querying.visibility import live
from app.resources import Resource
from app.search import index as search_index

REVISIONS = Revision.__table__
PROJECT_TABLE = "projects"


def stored_json(row: Any) -> dict[str, Any]:
    """A row's stored columns as JSON values that convert back without loss."""
    return {name: _json_value(value) for name, value in row._mapping.items()}


def _json_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return format(value.normalize(ExactDecimal.exact), "f")
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def record_change(session: Session, resource: Resource, action: str, before: Any, after: Any) -> None:
    """Write the revision of one change, then run the resource's after-write hooks (in the caller's
    transaction; the caller commits). Every create, update, delete and restore comes through here,
    so data derived from a record (a project's stored figures) is kept current by every write."""
    record_revision(session, resource, action, before, after)
    for hook in resource.after_write:
        hook(session, before, after)


def record_revision(session: Session, resource: Resource, action: str, before: Any, after: Any) -> None:
    """Only the revision: for a change the server derives inside another write (a project's status
    refreshed from its events), whose own hooks must not run again."""
    session.execute(sa.insert(REVISIONS).values(
        entity=resource.path, record_id=after.id, version=after.version, action=RevisionAction(action),
        actor=request_context.actor(), at=after.updated_at, reason=request_context.reason(),
        project_id=project_of(session, resource, after),
        before=None if before is None else stored_json(before), after=stored_json(after),
    ))


def project_of(session: Session, resource: Resource, row: Any) -> int | None:
    """The project a record belongs to: itself, its project_id, or that of the fact it cites or links."""
    table, values = resource.sa_table, row._mapping
    if table.name == PROJECT_TABLE:
        return row.id
    if values.get("project_id") is not None:
        return values["project_id"]
    for column in table.c:
        for foreign_key in column.foreign_keys:
            owner = foreign_key.column.table
            if values.get(column.name) is not None and "project_id" in owner.c:
                return session.execute(sa.select(owner.c.project_id).where(owner.c.id == values[column.name])).scalar()
    return None


def soft_delete(session: Session, resource: Resource, row: Any) -> Any | None:
    """Hide the record (deleted_at, version + 1) and write its revision; None if its version moved meanwhile.

    Refused (409) while live records still refer to it by a restricting key: delete those first.
    Records that cascade from it (its citations) are left untouched and hidden with it.
    """
    _refuse_if_referenced(session, resource, row)
    table, now = resource.sa_table, utcnow()
    after = session.execute(
        sa.update(table).where(table.c.id == row.id, table.c.version == row.version, table.c.deleted_at.is_(None))
        .values(deleted_at=now, updated_at=now, version=table.c.version + 1).returning(table)
    ).first()
    if after is not None:
        record_change(session, resource, RevisionAction.DELETE, row, after)
    return after


def _refuse_if_referenced(session: Session, resource: Resource, row: Any) -> None:
    for table in SQLModel.metadata.sorted_tables:
        for foreign_key in table.foreign_keys:
            if foreign_key.column.table is not resource.sa_table or foreign_key.ondelete in ("CASCADE", "SET NULL"):
                continue
            if "deleted_at" not in table.c:
                continue
            count = session.execute(
                sa.select(sa.func.count()).select_from(table).where(foreign_key.parent == row.id, live(table))
            ).scalar_one()
            if count:
                message = (f"still referred to by {count} {table.name} (through {foreign_key.parent.name}); "
                           f"delete those first")
                raise Conflict(f"{resource.singular} {row.id} is {message}",
                               [FieldError(field="key", location="path", message=message, type="still_referenced")])


def restore_record(session: Session, resource: Resource, key: str) -> dict[str, Any]:
    """Undo a soft delete (version + 1, a `restore` revision); its references must be live again first."""
    table = resource.sa_table
    row = session.execute(sa.select(table).where(table.c.id == record_id_for(session, resource, key))).first()
    if row is None:
        raise NotFound(f"No {resource.singular} with id or key {key!r}", [_key_error("no such record", "not_found")])
    if row.deleted_at is None:
        raise Conflict(f"{resource.singular} {row.id} is not deleted", [_key_error("not deleted", "not_deleted")])
    _refuse_dangling_references(session, resource, row)
    after = session.execute(
        sa.update(table).where(table.c.id == row.id, table.c.version == row.version)
        .values(deleted_at=None, updated_at=utcnow(), version=table.c.version + 1).returning(table)
    ).first()
    if after is None:
        raise Conflict(f"{resource.singular} {row.id} changed meanwhile; try again", [_key_error("changed meanwhile", "stale")])
    record_change(session, resource, RevisionAction.RESTORE, row, after)
    search_index.reindex_record(session, resource, after.id, after)  # same transaction as the write
    session.commit()
    return resource.to_public(after)


def _refuse_dangling_references(session: Session, resource: Resource, row: Any) -> None:
    for column in resource.sa_table.c:
        value = getattr(row, column.name)
        for foreign_key in column.foreign_keys:
            target = foreign_key.column.table
            if value is None or "deleted_at" not in target.c:
                continue
            if session.execute(sa.select(target.c.id).where(target.c.id == value, live(target))).first() is None:
                message = f"its {column.name} refers to {target.name} {value}, which is deleted; restore that first"
                raise Conflict(f"{resource.singular} {row.id}: {message}", [_key_error(message, "reference_deleted")])


def record_id_for(session: Session, resource: Resource, key: str) -> int:
    """The id a key names, deleted or not (an id needs no row: its history may outlive it)."""
    if key.isascii() and key.isdigit() and int(key) <= MAX_ID:
        return int(key)
    if resource.slug_field is not None:
        table = resource.sa_table
        found = session.execute(sa.select(table.c.id).where(table.c[resource.slug_field] == key)).scalar()
        if found is not None:
            return found
    raise NotFound(f"No {resource.singular} with id or key {key!r}", [_key_error("no such record", "not_found")])


def _key_error(message: str, kind: str) -> FieldError:
    return FieldError(field="key", location="path", message=message, type=kind)


def set_field(session: Session, resource: Resource, ids: list[int], name: str, value: Any) -> None:
    """Set one server-owned field of some records where it differs, each with version + 1 and its revision
    (a source check's verdict, a citation's excerpt_found)."""
    table, now = resource.sa_table, utcnow()
    column = table.c[name]
    differs = column.is_not(None) if value is None else sa.or_(column.is_(None), column != value)
    for before in session.execute(sa.select(table).where(table.c.id.in_(ids), differs, live(table))).all():
        after = session.execute(
            sa.update(table).where(table.c.id == before.id, table.c.version == before.version)
            .values({name: value, "updated_at": now, "version": before.version + 1}).returning(table)
        ).first()
        if after is not None:  # else an editor changed it meanwhile, and their write stands
            record_change(session, resource, "update", before, after)

"""Reading the history: one record's revisions, and the public corrections feed of them all.

Both are newest first with signed keyset cursors (app.querying.cursor): a record's
history pages by version, the feed by revision id (the order changes were written).
The feed filters are `project` (id or slug: the project and everything belonging to
it, an indexed read on revisions.project_id), `entity` and `since`; anything else
is refused with a 400 rather than ignored.
"""

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session
from starlette.datastructures import QueryParams

from app.core.errors import InvalidParameter, NotFound
from app.models.base import MAX_ID
from app.models.revision import Revision, RevisionAction
from app.querying.cursor import decode_cursor, encode_cursor
from app.querying.params import parse_limit, single
from app.resources import ALL_RESOURCES, Resource
from app.resources.catalog import projects
from app.resources.statement_links import statement_links
from app.services.as_of import parse_moment
from app.services.history import record_id_for

REVISIONS = Revision.__table__
RESOURCES = tuple(dict.fromkeys((*ALL_RESOURCES, statement_links)))  # every resource with a history
ENTITIES = tuple(resource.path for resource in RESOURCES)
CHANGES_PARAMETERS = ("project", "entity", "since", "limit", "cursor")
NOT_CHANGES = ("created_at", "updated_at", "version")


@dataclass(frozen=True)
class RevisionPage:
    items: list[dict[str, Any]]
    next_cursor: str | None


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    """Stored columns a change set (create) or changed, bookkeeping left out."""
    if before is None:
        return [name for name, value in after.items() if value is not None and name not in ("id", *NOT_CHANGES)]
    return [name for name, value in after.items() if name not in NOT_CHANGES and before.get(name) != value]


def revision_item(row: Any) -> dict[str, Any]:
    item = dict(row._mapping)
    item["action"] = RevisionAction(item["action"]).value
    item["changed"] = changed_fields(item["before"], item["after"])
    record = f"/v1/{item['entity']}/{item['record_id']}"
    item["url"] = None if item["action"] == RevisionAction.DELETE else f"{record}?version={item['version']}"
    item["history_url"] = f"{record}/history"
    return item


def _page(session: Session, statement: sa.Select, limit: int, signature: str, key: str) -> RevisionPage:
    rows = session.execute(statement.limit(limit + 1)).all()
    cursor = encode_cursor(signature, [getattr(rows[limit - 1], key)]) if len(rows) > limit else None
    return RevisionPage([revision_item(row) for row in rows[:limit]], cursor)


def _after(cursor: str | None, signature: str) -> int | None:
    if cursor is None:
        return None
    values = decode_cursor(cursor, signature)
    if not (isinstance(values, list) and len(values) == 1 and type(values[0]) is int):
        raise InvalidParameter("cursor", "this cursor does not belong to this list; start again from the first page")
    return values[0]


def history_page(session: Session, resource: Resource, key: str, params: QueryParams) -> RevisionPage:
    """A record's revisions, newest first; kept (and public) after the record is deleted."""
    _refuse_unknown(params, ("limit", "cursor"))
    record_id = record_id_for(session, resource, key)
    signature = f"history:{resource.path}:{record_id}"
    statement = (sa.select(REVISIONS).where(REVISIONS.c.entity == resource.path, REVISIONS.c.record_id == record_id)
                 .order_by(REVISIONS.c.version.desc()))
    if (version := _after(single(params, "cursor"), signature)) is not None:
        statement = statement.where(REVISIONS.c.version < version)
    page = _page(session, statement, parse_limit(single(params, "limit")), signature, "version")
    table = resource.sa_table
    if not page.items and session.execute(sa.select(table.c.id).where(table.c.id == record_id)).first() is None:
        raise NotFound(f"No {resource.singular} with id or key {key!r}")
    return page


def changes_statement(session: Session, params: QueryParams) -> sa.Select:
    """Every revision the feed's filters select, newest first (not yet paged)."""
    _refuse_unknown(params, CHANGES_PARAMETERS)
    statement = sa.select(REVISIONS).order_by(REVISIONS.c.id.desc())
    if (project := single(params, "project")) is not None:
        statement = statement.where(REVISIONS.c.project_id == _project_id(session, project))
    if (entity := single(params, "entity")) is not None:
        wanted = [name.strip() for name in entity.split(",")]
        for name in wanted:
            if name not in ENTITIES:
                raise InvalidParameter("entity", f"{name!r} is not a resource", list(ENTITIES))
        statement = statement.where(REVISIONS.c.entity.in_(wanted))
    if (since := single(params, "since")) is not None:
        statement = statement.where(REVISIONS.c.at >= parse_moment(since, "since", need_time=False))
    return statement


def changes_page(session: Session, params: QueryParams) -> RevisionPage:
    statement = changes_statement(session, params)
    if (last := _after(single(params, "cursor"), "changes")) is not None:
        statement = statement.where(REVISIONS.c.id < last)
    return _page(session, statement, parse_limit(single(params, "limit")), "changes", "id")


def _project_id(session: Session, key: str) -> int:
    """A project id or slug; a slug must name a project (deleted ones included: their history is public)."""
    if key.isascii() and key.isdigit():
        return int(key) if int(key) <= MAX_ID else -1
    try:
        return record_id_for(session, projects, key)
    except NotFound:
        raise InvalidParameter("project", f"no project with slug {key!r}") from None


def _refuse_unknown(params: QueryParams, allowed: tuple[str, ...]) -> None:
    for name in params:
        if name not in allowed:
            raise InvalidParameter(name, "unknown parameter", list(allowed))


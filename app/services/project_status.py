"""A project's status, derived from its status events as of a date (default: today).

The last `happened` event on or before the date gives the status and since when; an
event without a date counts from the day it was recorded. Scheduled and announced events
known by the date and not yet fulfilled by a happened event of their status are shown
beside it, never as done. Abandoned plans are listed apart. No happened event: no status.

`projects.status` is the as-of-today derivation, stored so that lists filter, facet and
sort on an index: server-owned, refreshed in the writer's transaction by the after-write
hooks declared in app.resources.catalog (`refresh_status_after_write` on events). A
status sent with a project write is recorded as a happened event (`record_status_writes`),
dated by the project's matching date when it has one (active: started; planned:
announced; terminated, completed, cancelled: ended), else undated.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session

from app.domain.partial_dates import parse_partial_date
from app.models import Project, ProjectEvent
from app.models.base import utcnow
from app.models.vocabulary import EventKind, ProjectStatus
from app.scorecard.facts import date_of

EVENTS = ProjectEvent.__table__
PROJECTS = Project.__table__
DATE_OF_STATUS = {ProjectStatus.ACTIVE: "started", ProjectStatus.PLANNED: "announced", ProjectStatus.TERMINATED: "ended",
                  ProjectStatus.COMPLETED: "ended", ProjectStatus.CANCELLED: "ended"}
Row = dict[str, Any]


class utc_day(FunctionElement):  # noqa: N801 - reads like a SQL function
    """The UTC calendar day of a stored timestamp, comparable with a stored date on both engines."""

    inherit_cache = True
    type = sa.Date()


@compiles(utc_day)
def _utc_day_postgresql(element: utc_day, compiler, **kw: Any) -> str:
    return f"CAST(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC' AS DATE)"


@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element: utc_day, compiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


def today() -> date:
    return datetime.now(UTC).date()


def in_effect_from(events: sa.FromClause = EVENTS) -> sa.ColumnElement:
    """The day a happened event counts from: its earliest day, else the day it was recorded."""
    return sa.func.coalesce(events.c.occurs_earliest, utc_day(events.c.created_at))


def _happened_by(as_of: date | sa.ColumnElement) -> list[sa.ColumnElement[bool]]:
    return [EVENTS.c.kind == EventKind.HAPPENED.value, EVENTS.c.deleted_at.is_(None), in_effect_from() <= as_of]


def status_as_of_column(as_of: date | sa.ColumnElement, projects: sa.FromClause = PROJECTS) -> sa.ScalarSelect:
    """The status each row of `projects` has as of a date, as a correlated scalar (one indexed lookup per row)."""
    return (sa.select(EVENTS.c.status).where(EVENTS.c.project_id == projects.c.id, *_happened_by(as_of))
            .order_by(in_effect_from().desc(), EVENTS.c.id.desc()).limit(1).scalar_subquery())


STATUS_AS_OF_HELP = (
    "The status as of this day (YYYY-MM-DD, UTC), derived from the status events as `/v1/projects/{key}/status?as_of=` "
    "derives it: the `status` shown, the `status=` filter (`project.status=` on related records), sorting, facets and "
    "summaries all use it. Without it: the status as of today.")


def refresh_project_status(session: Session, project_ids: Iterable[int | None]) -> None:
    """Store the as-of-today status of these projects (null without a happened event), in the caller's transaction.

    A project whose status changes gets a new version and its revision, so its ETag and its
    history (`as_of`) follow, and its budgets' totals move; its own after-write hooks do not run again.
    """
    from app.resources.catalog import projects  # the catalog declares this module's hooks
    from app.services import history
    from app.services.budget_totals import after_project_write

    ids = sorted({project_id for project_id in project_ids if project_id is not None})
    if not ids:
        return
    derived = status_as_of_column(today())
    changed = session.execute(sa.select(PROJECTS).where(PROJECTS.c.id.in_(ids), PROJECTS.c.status.is_distinct_from(derived))
                              .order_by(PROJECTS.c.id).with_for_update(key_share=True, of=PROJECTS)).all()  # `before` as updated
    for before in changed:
        after = session.execute(sa.update(PROJECTS).where(PROJECTS.c.id == before.id).values(
            status=derived, version=PROJECTS.c.version + 1, updated_at=utcnow()).returning(PROJECTS)).one()
        history.record_revision(session, projects, "update", before, after)
        after_project_write(session, before, after)  # its budgets' totals follow the status


def refresh_status_after_write(session: Session, before: Any, after: Any) -> None:
    """After-write hook of status events: refresh the status of the project(s) the event belongs (belonged) to."""
    refresh_project_status(session, [row._mapping["project_id"] for row in (before, after) if row is not None])


def _dated_by_project(project: Any, status: ProjectStatus) -> dict[str, Any]:
    """The project's own date matching the status, as event columns, when it is not in the future."""
    name = DATE_OF_STATUS.get(status)
    values = project._mapping
    if name is None or values[name] is None or parse_partial_date(values[name]).earliest > today():
        return {}
    return {"occurs": values[name], "occurs_earliest": values[f"{name}_earliest"],
            "occurs_latest": values[f"{name}_latest"], "occurs_text": values[f"{name}_text"]}


def record_status_writes(session: Session, before: Any, after: Any) -> None:
    """After-write hook of projects: a status the writer sent becomes a happened event (see the module doc)."""
    from app.resources.catalog import project_events  # the catalog declares this hook
    from app.search import index as search_index
    from app.services import history

    if after is None or after.status is None or (before is not None and before.status == after.status):
        return
    status = ProjectStatus(after.status)
    now = utcnow()
    row = session.execute(sa.insert(EVENTS).values(
        project_id=after.id, status=status, kind=EventKind.HAPPENED, description="Recorded with the project's status",
        created_at=now, updated_at=now, version=1, **_dated_by_project(after, status),
    ).returning(EVENTS)).one()
    search_index.reindex_record(session, project_events, row.id, row)
    history.record_change(session, project_events, "create", None, row)


def derived_status(session: Session, project_id: int, as_of: date) -> Row:
    """The status of one project as of a date: status, since, the event it comes from, what is scheduled, what was abandoned."""
    return derived_statuses(session, [project_id], as_of)[project_id]


def derived_statuses(session: Session, project_ids: list[int], as_of: date) -> dict[int, Row]:
    """`derived_status` of a page of projects, from one query of their events."""
    events: dict[int, list[Row]] = {project_id: [] for project_id in project_ids}
    for row in session.execute(sa.select(EVENTS).where(
            EVENTS.c.project_id.in_(project_ids), EVENTS.c.deleted_at.is_(None)).order_by(EVENTS.c.id)).mappings():
        events[row["project_id"]].append(dict(row))
    return {project_id: status_from_events(rows, as_of) for project_id, rows in events.items()}


def _in_effect(event: Row) -> date:
    """As `in_effect_from()` in SQL: the event's earliest day, else the UTC day it was recorded."""
    return event["occurs_earliest"] or event["created_at"].astimezone(UTC).date()


def status_from_events(events: list[Row], as_of: date) -> Row:
    """The derivation over one project's loaded events; the stored status (`status_as_of_column`) is the same in SQL."""
    happened = [event for event in events if event["kind"] == EventKind.HAPPENED and _in_effect(event) <= as_of]
    current = max(happened, key=lambda event: (_in_effect(event), event["id"]), default=None)
    known = [event for event in events if event["kind"] != EventKind.HAPPENED
             and event["announced_earliest"] is not None and event["announced_earliest"] <= as_of]
    fulfilled = {plan["id"] for plan in known for event in happened
                 if event["status"] == plan["status"] and _in_effect(event) >= plan["announced_earliest"]}
    return {
        "as_of": as_of,
        "status": current["status"] if current else None,
        "since": date_of(current, "occurs") if current else None,
        "event_id": current["id"] if current else None,
        "scheduled": [_plan(event) for event in known
                      if event["kind"] in (EventKind.SCHEDULED, EventKind.ANNOUNCED) and event["id"] not in fulfilled],
        "abandoned": [_plan(event) for event in known if event["kind"] == EventKind.ABANDONED],
    }


def _plan(event: Row) -> Row:
    return {"event_id": event["id"], "status": event["status"], "kind": event["kind"],
            "on": date_of(event, "occurs"), "announced": date_of(event, "announced")}

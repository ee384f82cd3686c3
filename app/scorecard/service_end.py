"""When a project's service ends, for the figures that need an end: what happened, else what is scheduled.

One definition, in SQL, read by the scorecard (app.scorecard.facts) and by the stored rankable
figures (app.scorecard.sql), so both use the same end. In order of preference:
- `happened`: the latest dated happened event ending the project (terminated, completed,
  cancelled), while the project's status is still one of those;
- `recorded`: the project's own `ended` date;
- `scheduled`: the latest announced schedule of such an event, with its announcement date.
A figure computed from a scheduled end is itself scheduled, and says so.
"""

from typing import Any

import sqlalchemy as sa

from app.models import Project, ProjectEvent
from app.models.vocabulary import EventKind, ProjectStatus

ENDING = (ProjectStatus.TERMINATED.value, ProjectStatus.COMPLETED.value, ProjectStatus.CANCELLED.value)
EVENTS = ProjectEvent.__table__
PARTS = ("", "_earliest", "_latest", "_text")


def ending_events(project_ids: list[int] | sa.BindParameter | None = None) -> sa.Subquery:
    """One row per project with an ending event: the happened one if any, else the latest scheduled."""
    happened_first = sa.case((EVENTS.c.kind == EventKind.HAPPENED.value, 0), else_=1)
    rank = sa.func.row_number().over(partition_by=EVENTS.c.project_id, order_by=(
        happened_first, EVENTS.c.occurs_latest.desc(), EVENTS.c.announced_latest.desc(), EVENTS.c.id.desc()))
    ranked = sa.select(EVENTS.c.project_id, EVENTS.c.id, EVENTS.c.kind, EVENTS.c.status,
                       *(EVENTS.c[f"occurs{part}"] for part in PARTS),
                       *(EVENTS.c[f"announced{part}"] for part in PARTS), rank.label("rank")).where(
        EVENTS.c.kind.in_((EventKind.HAPPENED.value, EventKind.SCHEDULED.value)), EVENTS.c.status.in_(ENDING),
        EVENTS.c.occurs.is_not(None), EVENTS.c.deleted_at.is_(None))
    if project_ids is not None:
        ranked = ranked.where(EVENTS.c.project_id.in_(project_ids))
    ranked = ranked.subquery("ranked_endings")
    return sa.select(ranked).where(ranked.c.rank == 1).subquery("ending_events")


def end_columns(project: sa.FromClause, ending: sa.FromClause) -> dict[str, sa.ColumnElement[Any]]:
    """The end each project's figures use (`end`, `end_earliest`, `end_latest`, `end_text`), how it is known
    (`end_basis`: happened, recorded or scheduled) and, when scheduled, when it was announced."""
    happened = sa.and_(ending.c.kind == EventKind.HAPPENED.value, project.c.status.in_(ENDING))
    recorded = project.c.ended.is_not(None)
    scheduled = ending.c.kind == EventKind.SCHEDULED.value

    def pick(part: str) -> sa.ColumnElement[Any]:
        return sa.case((happened, ending.c[f"occurs{part}"]), (recorded, project.c[f"ended{part}"]),
                       (scheduled, ending.c[f"occurs{part}"]))

    columns = {f"end{part}": pick(part) for part in PARTS}
    columns["end_basis"] = sa.case((happened, "happened"), (recorded, "recorded"), (scheduled, "scheduled"))
    columns["end_event_id"] = sa.case((happened, ending.c.id), (recorded, sa.null()), (scheduled, ending.c.id))
    columns["end_announced"] = sa.case((sa.and_(scheduled, sa.not_(happened), sa.not_(recorded)), ending.c.announced))
    return columns


def with_service_end(project_ids: list[int]) -> sa.Select:
    """Every column of these projects and the end columns, in one query."""
    project, ending = Project.__table__, ending_events(project_ids)
    columns = end_columns(project, ending)
    return (sa.select(project, *(column.label(name) for name, column in columns.items()))
            .select_from(project.outerjoin(ending, ending.c.project_id == project.c.id))
            .where(project.c.id.in_(project_ids)))

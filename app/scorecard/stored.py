"""The rankable figures stored per project (project_figures), kept current in the writer's transaction.

Computed on the fly (app.scorecard.sql) a ranking page costs seconds over a million
projects; stored and indexed, it is an index range. Projects and budgets declare
`refresh_after_write` as their after-write hook (app.resources.catalog), which
app.services.history runs for every create, update, delete and restore, so each
write recomputes, in SQL and in its own transaction, the figures of the projects it
touched (both projects when a budget moves). Data written around the services (the
bench generator, a bulk load) calls `rebuild_project_figures` afterwards.

Measured on PostgreSQL with 10^6 projects and 3 × 10^6 budgets: a ranking page such as
`execution_ratio__lt=0.2&sort=-cost_per_day` 5-15 ms through the API at any depth, a
refresh 3 ms per write, a rebuild 19 s. Each figure's qualifier, range and end basis, computed in the
same statement, doubled the rebuild (SQLite, 2 × 10^4 projects on a loaded 2-core machine: 2.0 s to
4.3 s); a refresh stayed under a millisecond there once its constants were inlined (`_inline_constants`).
"""

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.visitors import replacement_traverse
from sqlmodel import Session

from app.models import Project, ProjectFigures
from app.models.base import ScaledDecimal, UTCDateTime, utcnow
from app.scorecard.sql import RANKABLE, ranking_source

FIGURES = ProjectFigures.__table__
# The stored figure columns, as ranking_source() names them: each figure, its qualifier, currency, range, end basis.
STORED_FIGURES: tuple[str, ...] = tuple(name for figure in RANKABLE.values() for name in figure.column_names())
_COLUMNS = ("project_id", *STORED_FIGURES, "computed_at")

for _figure in RANKABLE.values():  # the table must hold what the SQL computes, at the same scale
    for _name in (_figure.name, *((f"{_figure.name}_low", f"{_figure.name}_high") if _figure.ranged else ())):
        _type = FIGURES.c[_name].type
        if (_type.scale if isinstance(_type, ScaledDecimal) else 0) != _figure.scale:
            raise TypeError(f"project_figures.{_name} does not store {_figure.scale} decimal places")


def figures_select(project_ids: list[int] | sa.BindParameter | None = None, table: sa.Table = Project.__table__,
                   events: bool = True) -> sa.Select:
    """(project_id, every stored figure, computed_at) for these projects, or for all; deleted ones included."""
    source, columns = ranking_source(table, project_ids, events)
    computed_at = sa.bindparam("computed_at", type_=UTCDateTime(), callable_=utcnow)  # the time of each execution
    statement = sa.select(table.c.id.label("project_id"), *(columns[name].label(name) for name in STORED_FIGURES),
                          computed_at.label("computed_at")).select_from(source)
    return statement if project_ids is None else statement.where(table.c.id.in_(project_ids))


_IDS = sa.bindparam("project_ids", expanding=True)
_LOCK = sa.select(Project.id).where(Project.id.in_(_IDS)).order_by(Project.id).with_for_update(key_share=True)


def _sql_constant(value: Any) -> str | None:
    """An int (a 64-bit one, as the parameter was: PostgreSQL would read a bare 1 as a 32-bit integer) or a str
    as SQL text; None for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"CAST({value} AS BIGINT)"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return None


def _inline_constants(statement: sa.Select) -> sa.Select:
    """The statement with its constants (qualifier words, statuses, small integers) written into its text.

    Sent as parameters there are some 1,800 of them, and SQLAlchemy lays out every positional
    parameter again on each execution of a statement with an IN list: 13 of a refresh's 20 ms
    (measured on SQLite). Only `project_ids` and `computed_at` stay parameters.
    """
    def replace(element: Any) -> Any:
        if not isinstance(element, BindParameter) or element.callable is not None or element.key == "project_ids":
            return None
        values = element.value if element.expanding else [element.value]
        texts = [_sql_constant(value) for value in values]
        if not texts or None in texts:
            return None
        text = f"({', '.join(texts)})" if element.expanding else texts[0]
        return sa.literal_column(text, element.type)

    return replacement_traverse(statement, {}, replace)


@cache
def _upsert(dialect: str) -> sa.Insert:
    """Built once per engine kind: building the figures' expressions costs more than running them."""
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(FIGURES)
    upsert = insert.from_select(_COLUMNS, _inline_constants(figures_select(_IDS)))
    return upsert.on_conflict_do_update(index_elements=[FIGURES.c.project_id],
                                        set_={name: upsert.excluded[name] for name in _COLUMNS[1:]})


def refresh_project_figures(connection: sa.Connection, project_ids: Iterable[int | None]) -> None:
    """Recompute these projects' rows (an upsert), in the caller's transaction.

    The projects' rows are locked first (FOR NO KEY UPDATE; no-op on SQLite, whose writers
    are serialised anyway), so two writers changing inputs of one project recompute one
    after the other, the second seeing the first's change.
    """
    ids = sorted({project_id for project_id in project_ids if project_id is not None})
    if not ids:
        return
    connection.execute(_LOCK, {"project_ids": ids})
    connection.execute(_upsert(connection.dialect.name), {"project_ids": ids})


def rebuild_project_figures(connection: sa.Connection) -> int:
    """Recompute every project's row in one INSERT … SELECT; returns how many. Does not commit."""
    connection.execute(sa.delete(FIGURES))
    insert = sa.insert(FIGURES).from_select(_COLUMNS, figures_select()).execution_options(preserve_rowcount=True)
    return connection.execute(insert).rowcount


def refresh_after_write(project_column: str) -> Callable[[Session, Any, Any], None]:
    """An after-write hook: refresh the figures of the projects named by `project_column` of the row
    before and after the write (`id` for projects, `project_id` for budgets)."""
    def refresh(session: Session, before: Any, after: Any) -> None:
        ids = [row._mapping[project_column] for row in (before, after) if row is not None]
        refresh_project_figures(session.connection(), ids)

    return refresh

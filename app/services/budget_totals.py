"""Budget totals (app.models.budget_total) kept current in the writer's transaction.

Summed from the records, `GET /v1/budgets/summary?group_by=organization,kind` reads
every budget (seconds at 10^6 projects); from these totals it reads the rows of one
grouping, one per organization, kind and currency (600 in the benchmark's data, at
any scale). Every change is added to the rows of all 16 groupings (each subset of
organization, status, kind and qualifier, with currency and project_live). Budgets and projects declare the hooks
below (app.resources.catalog), which app.services.history runs for every create,
update, delete and restore; a project's status derived from its events moves its
budgets too (app.services.project_status). Each write applies the difference it makes,
as upserts that add to a row, so concurrent writers never overwrite each other: a
budget's writer first locks its project's row, and a project's writer holds it by
updating it, so a budget's key is read after any change of its project has committed.
Data written around the services (the bench generator, test helpers) calls
`rebuild_budget_totals`.
"""

from collections.abc import Mapping
from itertools import chain, combinations
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from app.models import Budget, BudgetTotal, Project

BUDGETS, PROJECTS, TOTALS = Budget.__table__, Project.__table__, BudgetTotal.__table__
KEY_COLUMNS = ("organization", "status", "project_live", "kind", "currency", "qualifier")
DIMENSIONS = ("organization", "status", "kind", "currency", "qualifier")  # a grouping's name lists them in this order
ALWAYS_GROUPED = ("currency", "project_live")  # sums never mix currencies; filters across projects need project_live
GROUPINGS = tuple(tuple(name for name in DIMENSIONS if name in chosen or name in ALWAYS_GROUPED)
                  for chosen in chain.from_iterable(combinations(("organization", "status", "kind", "qualifier"), n)
                                                    for n in range(5)))
LOW_BITS = 2**32  # a sum is stored as sum_high × 2^32 + sum_low, 0 ≤ sum_low < 2^32
_LOW = sa.literal_column(str(LOW_BITS), sa.BigInteger)
_MASK = sa.literal_column(str(LOW_BITS - 1), sa.BigInteger)
_SHIFT = sa.literal_column("32", sa.Integer)  # PostgreSQL shifts a BIGINT by an INTEGER

Key = tuple[Any, ...]  # a value for each of KEY_COLUMNS
Changes = dict[Key, list[int]]  # key → [count, sum] to add


def _project_part(project: Mapping[str, Any]) -> Key:
    return project["organization_id"], project["status"], project["deleted_at"] is None


def _text(value: Any) -> str:
    return "" if value is None else str(getattr(value, "value", value))


def grouped_rows(changes: Changes) -> list[dict[str, Any]]:
    """The rows of every grouping that these per-combination changes add to, nonzero ones only, in key order.

    A row's columns outside its grouping are null; `group_key` names the grouping and its values
    (nulls as empty), unique where a unique index over nullable columns is not.
    """
    merged: dict[str, dict[str, Any]] = {}
    for key, (count, total) in changes.items():
        values = dict(zip(KEY_COLUMNS, key, strict=True))
        for grouping in GROUPINGS:
            kept = {name: values[name] if name in grouping or name in ALWAYS_GROUPED else None for name in KEY_COLUMNS}
            name = ",".join(grouping)
            group_key = name + "|" + "|".join(_text(kept[column]) for column in KEY_COLUMNS)
            row = merged.setdefault(group_key, {"group_key": group_key, "grouping": name, **kept, "count": 0, "sum": 0})
            row["count"] += count
            row["sum"] += total
    rows = []
    for group_key in sorted(merged):
        row = merged[group_key]
        if row["count"] or row["sum"]:
            row["sum_high"], row["sum_low"] = divmod(row.pop("sum"), LOW_BITS)
            rows.append(row)
    return rows


def _upsert(dialect: str) -> sa.Insert:
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(TOTALS)
    low = TOTALS.c.sum_low + insert.excluded.sum_low  # both in [0, 2^32): the carry is 0 or 1
    return insert.on_conflict_do_update(index_elements=[TOTALS.c.group_key], set_={
        "count": TOTALS.c.count + insert.excluded.count,
        "sum_high": TOTALS.c.sum_high + insert.excluded.sum_high + low // _LOW,
        "sum_low": low % _LOW,
    })


_UPSERTS = {name: _upsert(name) for name in ("postgresql", "sqlite")}


def _apply(session: Session, changes: Changes) -> None:
    """Add the changes to their rows, in key order (two writers lock rows in the same order: no deadlock)."""
    rows = grouped_rows(changes)
    if rows:
        connection = session.connection()
        connection.execute(_UPSERTS[connection.dialect.name], rows)


def _add(changes: Changes, key: Key, count: int, total: int) -> None:
    change = changes.setdefault(key, [0, 0])
    change[0] += count
    change[1] += total


def after_budget_write(session: Session, before: Any, after: Any) -> None:
    """After-write hook of budgets: take the budget out of its old combination and add it to its new one."""
    rows = [row._mapping for row in (before, after) if row is not None]
    project_ids = sorted({row["project_id"] for row in rows})
    projects = {project.id: project._mapping for project in session.execute(
        sa.select(PROJECTS.c.id, PROJECTS.c.organization_id, PROJECTS.c.status, PROJECTS.c.deleted_at)
        .where(PROJECTS.c.id.in_(project_ids)).order_by(PROJECTS.c.id).with_for_update(key_share=True))}
    changes: dict[Key, list[int]] = {}
    for sign, row in ((-1, before), (1, after)):
        if row is not None and row.deleted_at is None:
            key = (*_project_part(projects[row.project_id]), row.kind, row.currency, row.qualifier)
            _add(changes, key, sign, sign * row.amount)
    _apply(session, changes)


def after_project_write(session: Session, before: Any, after: Any) -> None:
    """After-write hook of projects (and of a status derived from events): move the project's live budgets
    when its organization, status or deletion changes. Runs before any other hook that writes the project."""
    if before is None:
        return  # a new project has no budgets yet
    old, new = _project_part(before._mapping), _project_part(after._mapping)
    if old == new:
        return
    changes: dict[Key, list[int]] = {}
    for budget in session.execute(sa.select(BUDGETS.c.kind, BUDGETS.c.currency, BUDGETS.c.qualifier, BUDGETS.c.amount)
                                  .where(BUDGETS.c.project_id == after.id, BUDGETS.c.deleted_at.is_(None))):
        _add(changes, (*old, budget.kind, budget.currency, budget.qualifier), -1, -budget.amount)
        _add(changes, (*new, budget.kind, budget.currency, budget.qualifier), 1, budget.amount)
    _apply(session, changes)


def totals_select() -> sa.Select:
    """Every combination's count and its sum's two parts, from the records (the sum of low parts stays below
    2^63 up to 2^31 budgets per combination; an arithmetic shift splits negative amounts exactly)."""
    return (
        sa.select(PROJECTS.c.organization_id, PROJECTS.c.status, PROJECTS.c.deleted_at.is_(None).label("project_live"),
                  BUDGETS.c.kind, BUDGETS.c.currency, BUDGETS.c.qualifier, sa.func.count().label("count"),
                  sa.func.sum(BUDGETS.c.amount.op(">>")(_SHIFT)).label("high"), sa.func.sum(BUDGETS.c.amount.op("&")(_MASK)).label("low"))
        .select_from(BUDGETS.join(PROJECTS, PROJECTS.c.id == BUDGETS.c.project_id))
        .where(BUDGETS.c.deleted_at.is_(None))
        .group_by(PROJECTS.c.organization_id, PROJECTS.c.status, PROJECTS.c.deleted_at.is_(None),
                  BUDGETS.c.kind, BUDGETS.c.currency, BUDGETS.c.qualifier)
    )


def rebuild_budget_totals(connection: sa.Connection) -> int:
    """Recompute every row from the records; returns how many. Does not commit."""
    connection.execute(sa.delete(TOTALS))
    changes = {(row.organization_id, row.status, bool(row.project_live), row.kind, row.currency, row.qualifier):
               [row.count, int(row.high) * LOW_BITS + int(row.low)] for row in connection.execute(totals_select())}
    rows = grouped_rows(changes)
    if rows:
        connection.execute(sa.insert(TOTALS), rows)
    return len(rows)


def summed(high: Any, low: Any) -> int:
    """A total from its two stored parts (PostgreSQL sums BIGINTs as NUMERIC)."""
    return int(high) * LOW_BITS + int(low)


__all__ = ["DIMENSIONS", "TOTALS", "after_budget_write", "after_project_write", "grouped_rows", "rebuild_budget_totals",
           "summed", "totals_select"]

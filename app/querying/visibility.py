"""Which rows the public sees: not soft-deleted, and not belonging to a deleted fact.

Delete is soft (app.services.history): a deleted row stays, with `deleted_at` set.
A row also disappears with the record it belongs to through a cascading key (a
citation with its budget, a statement link with its statement); it is never
written to, so restoring the budget brings its citations back unchanged.
Every read path (lists, counts, facets, summaries, exports, expansion, filters
across relations, single reads, reference checks) adds `live(table)`.
"""

from functools import lru_cache

import sqlalchemy as sa


def live(table: sa.FromClause) -> sa.ColumnElement[bool]:
    """The condition for `table`'s visible rows; built once per table, since building it costs more than the query."""
    if isinstance(table, sa.Table):
        return _live_table(table)
    return _live_condition(table)


@lru_cache(maxsize=None)
def _live_table(table: sa.Table) -> sa.ColumnElement[bool]:
    return _live_condition(table)


def _live_condition(table: sa.FromClause) -> sa.ColumnElement[bool]:
    if "deleted_at" not in table.c:
        return sa.true()
    conditions = [table.c.deleted_at.is_(None)]
    for foreign_key in sorted(getattr(table, "foreign_keys", ()), key=lambda key: key.parent.name):
        parent = foreign_key.column.table
        if foreign_key.ondelete == "CASCADE" and "deleted_at" in parent.c:
            owner = parent.alias(f"{table.name}_{foreign_key.parent.name}_owner")
            conditions.append(~sa.exists().where(owner.c.id == foreign_key.parent, owner.c.deleted_at.is_not(None)))
    return sa.and_(*conditions)

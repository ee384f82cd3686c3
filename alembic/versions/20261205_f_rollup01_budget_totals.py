"""Budget totals for every grouping of organization, project status, kind and qualifier, per currency (budget_totals)

A new table beside the others (no table is recreated), filled from the budgets already
present with one grouped SELECT; afterwards every write keeps it current
(app.services.budget_totals), and GET /v1/budgets/summary reads it when it can. The
rows are built here from this revision's columns, not by the app's code, so that a
later change of the table does not change this step: for each of the 16 groupings
(each subset of organization, status, kind and qualifier, with currency and
project_live) one row per combination of values, the other columns null, and
group_key spelling grouping and values as the app does. A sum is sum_high × 2^32 + sum_low.

Revision ID: f_rollup01
Revises: e1b0provenance
"""

from collections.abc import Sequence
from itertools import combinations

import sqlalchemy as sa
from alembic import op

revision: str = "f_rollup01"
down_revision: str | None = "e1b0provenance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOW_BITS = 2**32
KEY_COLUMNS = ("organization", "status", "project_live", "kind", "currency", "qualifier")
DIMENSIONS = ("organization", "status", "kind", "currency", "qualifier")
GROUPINGS = [tuple(name for name in DIMENSIONS if name in chosen or name == "currency")
             for n in range(5) for chosen in combinations(("organization", "status", "kind", "qualifier"), n)]
INDEXED = ("grouping", "organization", "kind", "currency", "status", "qualifier", "project_live", "count", "sum_high",
           "sum_low")
GROUPED = sa.text(
    "SELECT p.organization_id, p.status, p.deleted_at IS NULL AS project_live, b.kind, b.currency, b.qualifier, "
    "count(*) AS count, sum(b.amount >> 32) AS high, sum(b.amount & 4294967295) AS low "
    "FROM budgets AS b JOIN projects AS p ON p.id = b.project_id WHERE b.deleted_at IS NULL "
    "GROUP BY p.organization_id, p.status, p.deleted_at IS NULL, b.kind, b.currency, b.qualifier"
)


def _enum(name: str, *values: str, nullable: bool) -> sa.Column:
    return sa.Column(name, sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32),
                     nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "budget_totals",
        sa.Column("group_key", sa.String(length=160), nullable=False),
        sa.Column("grouping", sa.String(length=60), nullable=False),
        sa.Column("organization", sa.Integer(), nullable=True),
        _enum("status", "planned", "active", "suspended", "terminated", "completed", "cancelled", nullable=True),
        sa.Column("project_live", sa.Boolean(), nullable=False),
        _enum("kind", "planned", "allocated", "revised", "committed", "spent", nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        _enum("qualifier", "exact", "approximate", "at_least", "up_to", nullable=True),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("sum_high", sa.BigInteger(), nullable=False),
        sa.Column("sum_low", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("group_key", name=op.f("pk_budget_totals")),
    )
    op.create_index("ix_budget_totals_grouping", "budget_totals", list(INDEXED))
    merged: dict[str, dict] = {}
    for row in op.get_bind().execute(GROUPED):
        values = dict(zip(KEY_COLUMNS, (row.organization_id, row.status, bool(row.project_live), row.kind, row.currency,
                                        row.qualifier), strict=True))
        total = int(row.high) * LOW_BITS + int(row.low)
        for grouping in GROUPINGS:
            kept = {name: values[name] if name in grouping or name == "project_live" else None for name in KEY_COLUMNS}
            name = ",".join(grouping)
            key = name + "|" + "|".join("" if kept[column] is None else str(kept[column]) for column in KEY_COLUMNS)
            merged.setdefault(key, {"group_key": key, "grouping": name, **kept, "count": 0, "sum": 0})
            merged[key]["count"] += row.count
            merged[key]["sum"] += total
    for row in merged.values():
        row["sum_high"], row["sum_low"] = divmod(row.pop("sum"), LOW_BITS)
    if merged:
        table = sa.table("budget_totals", *(sa.column(name) for name in ("group_key", "grouping", *KEY_COLUMNS,
                                                                          "count", "sum_high", "sum_low")))
        op.get_bind().execute(sa.insert(table), list(merged.values()))


def downgrade() -> None:
    op.drop_index("ix_budget_totals_grouping", table_name="budget_totals")
    op.drop_table("budget_totals")

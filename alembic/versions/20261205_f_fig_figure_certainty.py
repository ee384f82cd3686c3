"""Stored figures say how certain they are: qualifier, range where partial dates give one, end basis

Revision ID: f_fig_certainty
Revises: f_search_key_order
"""

from collections.abc import Sequence

import sqlalchemy as sa

import app.models.base
from alembic import op
from app.scorecard.stored import figures_select

revision: str = "f_fig_certainty"
down_revision: str | None = "f_search_key_order"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUALIFIERS = ("exact", "approximate", "at_least", "up_to")
END_BASES = ("happened", "recorded", "scheduled")
# (column, type, allowed values): the columns this revision adds, as app.models.project_figures declares them.
ADDED = (
    ("execution_ratio_qualifier", sa.String(length=32), QUALIFIERS),
    ("cost_per_day_qualifier", sa.String(length=32), QUALIFIERS),
    ("cost_per_day_low", sa.BigInteger(), None),
    ("cost_per_day_high", sa.BigInteger(), None),
    ("cost_per_day_end_basis", sa.String(length=32), END_BASES),
    ("lifetime_vs_plan_qualifier", sa.String(length=32), QUALIFIERS),
    ("lifetime_vs_plan_low", app.models.base.ScaledDecimal(9), None),
    ("lifetime_vs_plan_high", app.models.base.ScaledDecimal(9), None),
    ("lifetime_vs_plan_end_basis", sa.String(length=32), END_BASES),
)
COLUMNS_AT_REVISION = ("project_id", "execution_ratio", "cost_per_day", "cost_per_day_currency", "lifetime_vs_plan",
                       *(name for name, _, _ in ADDED), "computed_at")


def upgrade() -> None:
    # Column-level CHECKs only: SQLite adds the columns in place, without rebuilding the table.
    with op.batch_alter_table("project_figures", recreate="never") as batch:
        for name, column_type, allowed in ADDED:
            checks = (sa.CheckConstraint(f"{name} IN {allowed}", name=op.f(f"ck_project_figures_{name}")),) if allowed else ()
            batch.add_column(sa.Column(name, column_type, *checks, nullable=True))
    # The new columns of every existing row filled in one UPDATE … FROM; the figures and computed_at stay as they
    # were, so a downgrade and upgrade leave the rows as they found them.
    added = [name for name, _, _ in ADDED]
    table = sa.table("project_figures", *(sa.column(name) for name in COLUMNS_AT_REVISION))
    computed = figures_select()
    certainty = computed.with_only_columns(*(computed.selected_columns[name] for name in ("project_id", *added))).subquery()
    op.get_bind().execute(sa.update(table).where(table.c.project_id == certainty.c.project_id)
                          .values({name: certainty.c[name] for name in added}))


def downgrade() -> None:
    with op.batch_alter_table("project_figures", recreate="never") as batch:
        for name, _, _ in reversed(ADDED):
            batch.drop_column(name)

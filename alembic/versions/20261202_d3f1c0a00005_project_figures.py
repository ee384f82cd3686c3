"""Stored rankable figures per project (project_figures), indexed for filtering and sorting

Fills the table for the projects already present with one INSERT … SELECT of the
figures as app.scorecard.sql computes them; afterwards every write keeps it current
(app.scorecard.stored). The columns are those of this revision, listed below.

Revision ID: d3f1c0a00005
Revises: c7a5e1d00004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base
from app.scorecard.stored import figures_select

revision: str = "d3f1c0a00005"
down_revision: str | None = "c7a5e1d00004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIGURES_AT_REVISION = ("execution_ratio", "cost_per_day", "lifetime_vs_plan", "cost_per_day_currency")
INDEXED = ("execution_ratio", "cost_per_day", "lifetime_vs_plan")


def upgrade() -> None:
    op.create_table(
        "project_figures",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("execution_ratio", sa.BigInteger(), nullable=True),
        sa.Column("cost_per_day", sa.BigInteger(), nullable=True),
        sa.Column("cost_per_day_currency", sa.String(length=3), nullable=True),
        sa.Column("lifetime_vs_plan", sa.BigInteger(), nullable=True),
        sa.Column("computed_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"],
                                name=op.f("fk_project_figures_project_id_projects"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_project_figures")),
    )
    for name in INDEXED:
        op.create_index(op.f(f"ix_project_figures_{name}_project_id"), "project_figures", [name, "project_id"], unique=False)
    columns = ("project_id", *FIGURES_AT_REVISION, "computed_at")
    table = sa.table("project_figures", *(sa.column(name) for name in columns))
    computed = figures_select(events=False)  # project_events came later
    op.get_bind().execute(sa.insert(table).from_select(columns, computed.with_only_columns(
        *(computed.selected_columns[name] for name in columns))))


def downgrade() -> None:
    for name in INDEXED:
        op.drop_index(op.f(f"ix_project_figures_{name}_project_id"), table_name="project_figures")
    op.drop_table("project_figures")

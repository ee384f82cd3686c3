"""statement links: statements held against the facts that support or contradict them

One nullable foreign key per kind of linked fact with a CHECK that exactly one is
set (as for citations), so both engines enforce that the linked fact exists.

Revision ID: eeec61ba3be5
Revises: fa525ced8715
Create Date: 2026-11-27 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import app.models.base

revision: str = "eeec61ba3be5"
down_revision: str | None = "fa525ced8715"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FACTS = ("project", "budget", "metric", "linked_statement")
INDEXED = ("statement_id", "project_id", "budget_id", "metric_id", "linked_statement_id", "source_id")


def upgrade() -> None:
    rating = sa.Enum("supports", "partly_supports", "misleading", "contradicts", "unverifiable",
                     name="rating", native_enum=False, create_constraint=True, length=32)
    op.create_table(
        "statement_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("budget_id", sa.Integer(), nullable=True),
        sa.Column("metric_id", sa.Integer(), nullable=True),
        sa.Column("linked_statement_id", sa.Integer(), nullable=True),
        sa.Column("rating", rating, nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("excerpt", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("excerpt_en", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.CheckConstraint(
            " + ".join(f"(CASE WHEN {fact}_id IS NULL THEN 0 ELSE 1 END)" for fact in FACTS) + " = 1",
            name=op.f("ck_statement_links_exactly_one_fact"),
        ),
        sa.CheckConstraint(
            "linked_statement_id IS NULL OR linked_statement_id <> statement_id",
            name=op.f("ck_statement_links_not_itself"),
        ),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"],
                                name=op.f("fk_statement_links_statement_id_statements"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"],
                                name=op.f("fk_statement_links_project_id_projects"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["budget_id"], ["budgets.id"],
                                name=op.f("fk_statement_links_budget_id_budgets"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["metric_id"], ["metrics.id"],
                                name=op.f("fk_statement_links_metric_id_metrics"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["linked_statement_id"], ["statements.id"],
                                name=op.f("fk_statement_links_linked_statement_id_statements"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"],
                                name=op.f("fk_statement_links_source_id_sources"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_links")),
    )
    with op.batch_alter_table("statement_links", schema=None) as batch_op:
        for column in INDEXED:
            batch_op.create_index(batch_op.f(f"ix_statement_links_{column}"), [column], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("statement_links", schema=None) as batch_op:
        for column in reversed(INDEXED):
            batch_op.drop_index(batch_op.f(f"ix_statement_links_{column}"))
    op.drop_table("statement_links")

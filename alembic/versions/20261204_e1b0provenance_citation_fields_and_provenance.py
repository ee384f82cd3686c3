"""Citations of one field of a record, and the provenance of every fact

Revision ID: e1b0provenance
Revises: e1a0events0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# Every fact table says how each record is known (app.models.provenance); statement links are ratings.
FACT_TABLES = {"organizations": "quoted", "people": "quoted", "sources": "quoted", "projects": "quoted",
               "budgets": "quoted", "metrics": "quoted", "statements": "quoted", "statement_links": "editorial",
               "project_events": "quoted"}
PROVENANCES = ("quoted", "inferred", "editorial")

revision: str = "e1b0provenance"
down_revision: str | None = "e1a0events0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing citations keep citing their whole record (field null).
    with op.batch_alter_table("citations", recreate="never") as batch:
        batch.add_column(sa.Column("field", sa.String(length=64), nullable=True))
    # Existing records are taken as their default (quoted; a link's rating editorial) with nothing inferred:
    # editors mark what was inferred. A column-level CHECK, so SQLite needs no table rebuild.
    for table, default in FACT_TABLES.items():
        with op.batch_alter_table(table, recreate="never") as batch:
            batch.add_column(sa.Column(
                "provenance", sa.String(length=32),
                sa.CheckConstraint(f"provenance IN {PROVENANCES}", name=op.f(f"ck_{table}_provenance")),
                nullable=False, server_default=default))
            batch.add_column(sa.Column("inferred", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    for table in reversed(FACT_TABLES):
        with op.batch_alter_table(table, recreate="never") as batch:
            batch.drop_column("inferred")
            batch.drop_column("provenance")
    # recreate="never": rebuilding the referenced citations table on SQLite would fail with foreign keys on.
    with op.batch_alter_table("citations", recreate="never") as batch:
        batch.drop_column("field")

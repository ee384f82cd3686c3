"""A source's captured text, against which citation excerpts are checked

Revision ID: e0a0capture01
Revises: d3f1c0a00005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "e0a0capture01"
down_revision: str | None = "d3f1c0a00005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("captured_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("captured_at", app.models.base.UTCDateTime(), nullable=True))


def downgrade() -> None:
    # recreate="never": rebuilding the referenced sources table on SQLite would fail with foreign keys on.
    with op.batch_alter_table("sources", recreate="never") as batch:
        batch.drop_column("captured_at")
        batch.drop_column("captured_text")

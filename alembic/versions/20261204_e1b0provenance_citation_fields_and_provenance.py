"""Citations of one field of a record, and the provenance of every fact

Revision ID: e1b0provenance
Revises: e1a0events0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e1b0provenance"
down_revision: str | None = "e1a0events0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing citations keep citing their whole record (field null).
    with op.batch_alter_table("citations", recreate="never") as batch:
        batch.add_column(sa.Column("field", sa.String(length=64), nullable=True))


def downgrade() -> None:
    # recreate="never": rebuilding the referenced citations table on SQLite would fail with foreign keys on.
    with op.batch_alter_table("citations", recreate="never") as batch:
        batch.drop_column("field")

"""Citations of one field of a record, and the provenance of every fact

Revision ID: e1b0provenance
Revises: e1a0events0001
"""

from collections.abc import Sequence

revision: str = "e1b0provenance"
down_revision: str | None = "e1a0events0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""A project's status as dated, cited events (announced, scheduled, happened)

Revision ID: e1a0events0001
Revises: e0a0capture01
"""

from collections.abc import Sequence

revision: str = "e1a0events0001"
down_revision: str | None = "e0a0capture01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

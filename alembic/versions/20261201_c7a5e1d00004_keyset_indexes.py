"""Indexes for keyset pages on the declared sorts, and for the common filtered project list

Revision ID: c7a5e1d00004
Revises: b6c4ec500003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c7a5e1d00004"
down_revision: str | None = "b6c4ec500003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_INDEXES = {
    "projects": {
        "ix_projects_organization_id_status_started_earliest_id": ["organization_id", "status", "started_earliest", "id"],
        "ix_projects_started_earliest_id": ["started_earliest", "id"],
        "ix_projects_status_id": ["status", "id"],
    },
    "budgets": {"ix_budgets_amount_id": ["amount", "id"]},
    "statements": {"ix_statements_stated_earliest_id": ["stated_earliest", "id"]},
}
# Single-column indexes that the composite ones above make redundant.
SUPERSEDED = {"projects": {"ix_projects_started_earliest": ["started_earliest"], "ix_projects_status": ["status"]}}


def upgrade() -> None:
    for table, indexes in NEW_INDEXES.items():
        with op.batch_alter_table(table) as batch:
            for name, columns in indexes.items():
                batch.create_index(name, columns)
            for name in SUPERSEDED.get(table, {}):
                batch.drop_index(name)


def downgrade() -> None:
    for table, indexes in NEW_INDEXES.items():
        with op.batch_alter_table(table) as batch:
            for name, columns in SUPERSEDED.get(table, {}).items():
                batch.create_index(name, columns)
            for name in indexes:
                batch.drop_index(name)

"""search: index every text a reader sees, and amounts however they are written

Brings the search index in line with the rows present: budgets, citations and
statement links join it, projects add status_details, metrics value_text,
statements the speaker's role, and every amount written with Korean units or
separators (약 60억 원, 6,000,000,000) gains its value in digits as a token
(app.search.amounts). The searchable fields of this revision are listed below.
Only documents that differ are written, so running it on an index that is
already current changes nothing.

The downgrade leaves the index alone: the previous revision's code ignores the
resources and field positions it does not declare, and its rebuild_index
recomputes everything it does.

Revision ID: e3a0search0001
Revises: e0a0capture01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.search.sync import sync_documents

revision: str = "e3a0search0001"
down_revision: str | None = "e0a0capture01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (resource path, table, searchable fields in declaration order) at this revision.
SEARCHABLE_AT_REVISION = (
    ("projects", "projects", ("name", "name_en", "summary", "summary_en", "status_details")),
    ("budgets", "budgets", ("amount_text", "description")),
    ("metrics", "metrics", ("indicator", "indicator_en", "value_text")),
    ("statements", "statements", ("quote", "translation_en", "speaker_role", "speaker_role_en")),
    ("sources", "sources", ("title",)),
    ("citations", "citations", ("excerpt", "excerpt_en", "note")),
    ("organizations", "organizations", ("name", "name_en")),
    ("people", "people", ("name", "name_en")),
    ("statement-links", "statement_links", ("label", "note", "excerpt", "excerpt_en")),
)

def upgrade() -> None:
    connection = op.get_bind()
    for path, table, fields in SEARCHABLE_AT_REVISION:
        sync_documents(connection, path, table, fields)


def downgrade() -> None:
    """Nothing to undo: see the module docstring."""

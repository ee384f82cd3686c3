"""Source checks and per-citation quote checks

Two append-only history tables, plus the latest result on the records it is
about (sources.verdict, citations.excerpt_found) so lists can filter on it.

Revision ID: b6c4ec500003
Revises: b5a2a07c0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import app.models.base

revision: str = "b6c4ec500003"
down_revision: str | None = "b5a2a07c0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERDICTS = ("ok", "moved", "changed", "quote_drift", "gone", "unreachable", "refused")


def _verdict(checked: bool = True) -> sa.Enum:
    return sa.Enum(*VERDICTS, name="verdict", native_enum=False, create_constraint=checked, length=32)


def _timestamp() -> app.models.base.UTCDateTime:
    return app.models.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "source_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", _timestamp(), nullable=False),
        sa.Column("url", text(length=2000), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("final_url", text(), nullable=True),
        sa.Column("redirects", sa.JSON(), nullable=False),
        sa.Column("content_type", text(length=200), nullable=True),
        sa.Column("charset", text(length=50), nullable=True),
        sa.Column("content_hash", text(length=100), nullable=True),
        sa.Column("byte_count", sa.Integer(), nullable=False),
        sa.Column("truncated", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", text(length=50), nullable=True),
        sa.Column("error_detail", text(), nullable=True),
        sa.Column("verdict", _verdict(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("previous_hash", text(length=100), nullable=True),
        sa.Column("excerpts_found", sa.Integer(), nullable=False),
        sa.Column("excerpts_not_found", sa.Integer(), nullable=False),
        sa.Column("excerpts_not_checkable", sa.Integer(), nullable=False),
        sa.Column("archive_lookup_url", text(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"],
                                name=op.f("fk_source_checks_source_id_sources"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_checks")),
    )
    op.create_index(op.f("ix_source_checks_source_id_id"), "source_checks", ["source_id", "id"], unique=False)

    op.create_table(
        "citation_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("citation_id", sa.Integer(), nullable=False),
        sa.Column("excerpt", text(), nullable=False),
        sa.Column("status", sa.Enum("found", "not_found", "not_checkable", name="status", native_enum=False,
                                    create_constraint=True, length=32), nullable=False),
        sa.Column("reason", text(), nullable=True),
        sa.ForeignKeyConstraint(["check_id"], ["source_checks.id"],
                                name=op.f("fk_citation_checks_check_id_source_checks"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["citation_id"], ["citations.id"],
                                name=op.f("fk_citation_checks_citation_id_citations"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citation_checks")),
        sa.UniqueConstraint("check_id", "citation_id", name=op.f("uq_citation_checks_check_id_citation_id")),
    )
    op.create_index(op.f("ix_citation_checks_citation_id_check_id"), "citation_checks",
                    ["citation_id", "check_id"], unique=False)

    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verdict", _verdict(checked=False), nullable=True))  # a copy
        batch_op.create_index(batch_op.f("ix_sources_verdict"), ["verdict"], unique=False)
    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("excerpt_found", sa.Boolean(), nullable=True))


def downgrade() -> None:
    # recreate="never": rebuilding a referenced table on SQLite with foreign keys on
    # would fail or cascade-delete rows; a plain DROP COLUMN (SQLite >= 3.35) keeps them.
    with op.batch_alter_table("citations", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("excerpt_found")
    with op.batch_alter_table("sources", schema=None, recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f("ix_sources_verdict"))
        batch_op.drop_column("verdict")
    op.drop_index(op.f("ix_citation_checks_citation_id_check_id"), table_name="citation_checks")
    op.drop_table("citation_checks")
    op.drop_index(op.f("ix_source_checks_source_id_id"), table_name="source_checks")
    op.drop_table("source_checks")

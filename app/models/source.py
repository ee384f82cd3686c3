from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from app.models.base import TableBase, UTCDateTime
from app.models.provenance import Provenance, inferred_column, provenance_column
from app.source_checking.verdicts import Verdict


class Source(TableBase, table=True):
    """A document facts are taken from. `platform` is where it was read (e.g. Naver News)."""

    __tablename__ = "sources"

    url: str = Field(max_length=2000, unique=True)
    title: str = Field(max_length=500)
    publisher_id: int | None = Field(default=None, foreign_key="organizations.id", index=True, ondelete="RESTRICT")
    platform: str | None = Field(default=None, max_length=200)
    language: str = Field(max_length=35)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    retrieved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    archive_url: str | None = Field(default=None, max_length=2000)
    content_hash: str | None = Field(default=None, max_length=100)
    notes: str | None = None
    # The source's text as captured (a newsroom's saved copy, or the seed's capture): citation
    # excerpts are checked against it and pages highlight them in it.
    captured_text: str | None = Field(default=None, sa_type=sa.Text)
    captured_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The latest source check's verdict, set (with a revision) when it changes: app.services.source_checks.
    verdict: Verdict | None = Field(default=None, sa_column=sa.Column(
        sa.Enum(Verdict, name="verdict", native_enum=False, create_constraint=False, length=32,
                values_callable=lambda members: [member.value for member in members]),
        nullable=True, index=True))  # no CHECK: a copy of source_checks.verdict, which has one
    provenance: Provenance = Field(default=Provenance.QUOTED, sa_column=provenance_column())
    inferred: dict[str, str] = Field(default_factory=dict, sa_column=inferred_column())

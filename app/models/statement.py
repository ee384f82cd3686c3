from datetime import date

import sqlalchemy as sa
from sqlmodel import Field

from app.models.base import TableBase, enum_column
from app.models.provenance import Provenance, inferred_column, provenance_column
from app.models.vocabulary import QuoteForm, StatementKind


class Statement(TableBase, table=True):
    """Something a person or organization said about a project (Popolo Speech, schema.org Claim)."""

    __tablename__ = "statements"
    __table_args__ = (
        sa.CheckConstraint(
            "speaker_person_id IS NOT NULL OR speaker_organization_id IS NOT NULL", name="has_speaker"
        ),
        sa.Index("ix_statements_stated_earliest_id", "stated_earliest", "id"),
    )

    project_id: int = Field(foreign_key="projects.id", index=True, ondelete="RESTRICT")
    speaker_person_id: int | None = Field(default=None, foreign_key="people.id", index=True, ondelete="RESTRICT")
    speaker_organization_id: int | None = Field(
        default=None, foreign_key="organizations.id", index=True, ondelete="RESTRICT"
    )
    speaker_role: str | None = Field(default=None, max_length=300)
    speaker_role_en: str | None = Field(default=None, max_length=300)
    kind: StatementKind = Field(sa_column=enum_column(StatementKind, "kind", nullable=False))
    quote: str
    language: str = Field(max_length=35)
    quote_form: QuoteForm = Field(sa_column=enum_column(QuoteForm, "quote_form", nullable=False))
    translation_en: str | None = None
    stated: str | None = Field(default=None, max_length=10)
    stated_earliest: date | None = None
    stated_latest: date | None = None
    stated_text: str | None = Field(default=None, max_length=200)
    provenance: Provenance = Field(default=Provenance.QUOTED, sa_column=provenance_column())
    inferred: dict[str, str] = Field(default_factory=dict, sa_column=inferred_column())

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field

from app.models.base import TableBase, enum_column
from app.models.provenance import Provenance, inferred_column, provenance_column
from app.models.vocabulary import ProjectStatus


class Project(TableBase, table=True):
    """A public project. Each date keeps its precision: value, calendar bounds, original wording."""

    __tablename__ = "projects"
    # Keyset pages sort on (column, id); the first index also serves "one organization's
    # projects with a status, by start date", the list journalists ask for most.
    __table_args__ = (
        sa.Index("ix_projects_organization_id_status_started_earliest_id", "organization_id", "status", "started_earliest", "id"),
        sa.Index("ix_projects_started_earliest_id", "started_earliest", "id"),
        sa.Index("ix_projects_status_id", "status", "id"),
    )

    slug: str = Field(max_length=100, unique=True)
    name: str = Field(max_length=300)
    name_en: str | None = Field(default=None, max_length=300)
    summary: str | None = None
    summary_en: str | None = None
    organization_id: int | None = Field(default=None, foreign_key="organizations.id", index=True, ondelete="RESTRICT")
    jurisdiction: str | None = Field(default=None, max_length=100)
    # Derived from project_events as of today (app.services.project_status); null: no happened event.
    status: ProjectStatus | None = Field(default=None, sa_column=enum_column(ProjectStatus, "status", nullable=True))
    status_details: str | None = None
    announced: str | None = Field(default=None, max_length=10)
    announced_earliest: date | None = None
    announced_latest: date | None = None
    announced_text: str | None = Field(default=None, max_length=200)
    started: str | None = Field(default=None, max_length=10)
    started_earliest: date | None = None
    started_latest: date | None = None
    started_text: str | None = Field(default=None, max_length=200)
    planned_end: str | None = Field(default=None, max_length=10)
    planned_end_earliest: date | None = None
    planned_end_latest: date | None = None
    planned_end_text: str | None = Field(default=None, max_length=200)
    ended: str | None = Field(default=None, max_length=10)
    ended_earliest: date | None = None
    ended_latest: date | None = None
    ended_text: str | None = Field(default=None, max_length=200)
    provenance: Provenance = Field(default=Provenance.QUOTED, sa_column=provenance_column())
    inferred: dict[str, str] = Field(default_factory=dict, sa_column=inferred_column())

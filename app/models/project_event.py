from datetime import date

import sqlalchemy as sa
from sqlmodel import Field

from app.models.base import TableBase, enum_column
from app.models.provenance import Provenance, inferred_column, provenance_column
from app.models.vocabulary import EventKind, ProjectStatus


class ProjectEvent(TableBase, table=True):
    """A dated, cited change of a project's status: what happened, or what was said would happen.

    A project's status is derived from these (app.services.project_status): only `happened`
    events set it; scheduled and announced ones are shown beside it, never as done.
    `occurs` is when it happens or happened (empty: not said); `announced` is when it was
    made known (for `abandoned`: when the plan was reported given up).
    """

    __tablename__ = "project_events"
    # The derivation reads one project's events by kind, latest first.
    __table_args__ = (sa.Index("ix_project_events_project_id_kind_occurs_earliest_id",
                               "project_id", "kind", "occurs_earliest", "id"),)

    project_id: int = Field(foreign_key="projects.id", index=True, ondelete="CASCADE")  # its own history: hidden with it
    status: ProjectStatus = Field(sa_column=enum_column(ProjectStatus, "status", nullable=False))
    kind: EventKind = Field(sa_column=enum_column(EventKind, "kind", nullable=False))
    occurs: str | None = Field(default=None, max_length=10)
    occurs_earliest: date | None = None
    occurs_latest: date | None = None
    occurs_text: str | None = Field(default=None, max_length=200)
    announced: str | None = Field(default=None, max_length=10)
    announced_earliest: date | None = None
    announced_latest: date | None = None
    announced_text: str | None = Field(default=None, max_length=200)
    description: str | None = None
    provenance: Provenance = Field(default=Provenance.QUOTED, sa_column=provenance_column())
    inferred: dict[str, str] = Field(default_factory=dict, sa_column=inferred_column())

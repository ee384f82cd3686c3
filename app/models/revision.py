from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, enum_column


class RevisionAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    RESTORE = "restore"


class Revision(SQLModel, table=True):
    """One committed change of one record, written in the change's own transaction and never altered.

    `before` / `after` hold every stored column of the row (dates as ISO text, decimals as
    text), so any version can be rebuilt exactly (app.services.as_of). `project_id` is the
    project the record belongs to, so a project's corrections are one indexed read. The
    database itself refuses UPDATE and DELETE on this table (triggers, see the migration).
    """

    __tablename__ = "revisions"
    __table_args__ = (
        sa.UniqueConstraint("entity", "record_id", "version"),
        sa.Index("ix_revisions_project_id_id", "project_id", "id"),
        sa.Index("ix_revisions_entity_at", "entity", "at"),
        sa.Index("ix_revisions_at", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=32, description="The resource path: budgets, projects, …")
    record_id: int
    version: int = Field(description="The record's version after this change")
    action: RevisionAction = Field(sa_column=enum_column(RevisionAction, "action", nullable=False))
    actor: str | None = Field(default=None, max_length=200)
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    reason: str | None = None
    project_id: int | None = None
    before: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)

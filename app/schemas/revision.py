"""API shapes of the history: one revision, and a page of them."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from app.models.revision import RevisionAction


class RevisionPublic(BaseModel):
    """One committed change of one record. Revisions are never changed or removed."""

    id: int = Field(description="Order of the change in the whole dataset", examples=[412])
    entity: str = Field(description="The resource changed", examples=["budgets"])
    record_id: int = Field(examples=[7])
    version: int = Field(description="The record's version after this change", examples=[3])
    action: RevisionAction
    actor: str | None = Field(description="Name of the token that made the change; `seed` for the seed loader; "
                                          "null when unknown", examples=["editor-kim"])
    at: datetime = Field(description="When the change was committed (UTC)")
    reason: str | None = Field(description="The X-Change-Reason sent with the change", examples=["시 보도자료 기준 정정"])
    project_id: int | None = Field(description="The project the record belongs to", examples=[1])
    changed: list[str] = Field(description="Stored columns whose values this change set or changed", examples=[["amount"]])
    before: dict[str, Any] | None = Field(description="Every stored column before the change (null for a create)")
    after: dict[str, Any] = Field(description="Every stored column after the change")
    url: str | None = Field(description="This version of the record (null for a delete)", examples=["/v1/budgets/7?version=3"])
    history_url: str = Field(examples=["/v1/budgets/7/history"])


class RevisionPage(BaseModel):
    items: list[RevisionPublic]
    next: str | None = Field(description="Cursor of the next (older) page")
    next_url: str | None = None

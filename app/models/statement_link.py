from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from app.models.base import TableBase, enum_column
from app.models.provenance import Provenance, inferred_column, provenance_column

LINKED_FACTS = ("project", "budget", "metric", "linked_statement")


class LinkRating(StrEnum):
    """How the linked fact bears on the statement (a fact-check rating), best to worst."""

    SUPPORTS = "supports"
    PARTLY_SUPPORTS = "partly_supports"
    MISLEADING = "misleading"
    CONTRADICTS = "contradicts"
    UNVERIFIABLE = "unverifiable"


class StatementLink(TableBase, table=True):
    """A statement held against one fact that supports or contradicts it, with a rating and its evidence.

    Like citations, one nullable foreign key per kind of fact (and a CHECK that
    exactly one is set) so both engines enforce that the linked fact exists. The
    evidence is a source and the exact excerpt that shows the link.
    """

    __tablename__ = "statement_links"
    __table_args__ = (
        sa.CheckConstraint(
            " + ".join(f"(CASE WHEN {fact}_id IS NULL THEN 0 ELSE 1 END)" for fact in LINKED_FACTS) + " = 1",
            name="exactly_one_fact",
        ),
        sa.CheckConstraint("linked_statement_id IS NULL OR linked_statement_id <> statement_id", name="not_itself"),
    )

    statement_id: int = Field(foreign_key="statements.id", index=True, ondelete="CASCADE")
    project_id: int | None = Field(default=None, foreign_key="projects.id", index=True, ondelete="CASCADE")
    budget_id: int | None = Field(default=None, foreign_key="budgets.id", index=True, ondelete="CASCADE")
    metric_id: int | None = Field(default=None, foreign_key="metrics.id", index=True, ondelete="CASCADE")
    linked_statement_id: int | None = Field(default=None, foreign_key="statements.id", index=True, ondelete="CASCADE")
    rating: LinkRating = Field(sa_column=enum_column(LinkRating, "rating", nullable=False))
    label: str = Field(max_length=100)
    note: str | None = None
    source_id: int = Field(foreign_key="sources.id", index=True, ondelete="RESTRICT")
    excerpt: str
    excerpt_en: str | None = None
    provenance: Provenance = Field(default=Provenance.EDITORIAL, sa_column=provenance_column(Provenance.EDITORIAL))
    inferred: dict[str, str] = Field(default_factory=dict, sa_column=inferred_column())

import sqlalchemy as sa
from sqlmodel import Field

from app.models.base import TableBase

CITED_FACTS = ("project", "budget", "metric", "statement")


class Citation(TableBase, table=True):
    """Ties exactly one fact to a source through the exact excerpt that supports it.

    One nullable foreign key per kind of fact (rather than a type/id pair) so that
    both engines enforce that the cited fact exists.
    """

    __tablename__ = "citations"
    __table_args__ = (
        sa.CheckConstraint(
            " + ".join(f"(CASE WHEN {fact}_id IS NULL THEN 0 ELSE 1 END)" for fact in CITED_FACTS) + " = 1",
            name="exactly_one_fact",
        ),
    )

    source_id: int = Field(foreign_key="sources.id", index=True, ondelete="RESTRICT")
    project_id: int | None = Field(default=None, foreign_key="projects.id", index=True, ondelete="CASCADE")
    budget_id: int | None = Field(default=None, foreign_key="budgets.id", index=True, ondelete="CASCADE")
    metric_id: int | None = Field(default=None, foreign_key="metrics.id", index=True, ondelete="CASCADE")
    statement_id: int | None = Field(default=None, foreign_key="statements.id", index=True, ondelete="CASCADE")
    excerpt: str
    excerpt_en: str | None = None
    note: str | None = None
    # From the latest check of the source, set (with a revision) when it changes; null: unknown.
    excerpt_found: bool | None = None

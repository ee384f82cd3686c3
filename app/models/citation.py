import sqlalchemy as sa
from sqlmodel import Field

from app.models.base import TableBase

CITED_FACTS = ("project", "budget", "metric", "statement", "project_event")
# The fields of each kind of fact that a citation may support on its own (`citations.field`;
# null cites the whole record). Declared once: the write schema validates against it and
# the seed test requires a field citation for every dated or numeric field listed here.
CITABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "project": ("name", "summary", "organization_id", "jurisdiction", "status", "status_details",
                "announced", "started", "planned_end", "ended"),
    "budget": ("kind", "amount", "qualifier", "amount_text", "description", "period_start", "period_end", "as_of"),
    "metric": ("indicator", "value", "unit", "observation", "qualifier", "value_text", "dimensions",
               "compared_with_id", "period_start", "period_end", "as_of"),
    "statement": ("speaker_person_id", "speaker_organization_id", "speaker_role", "kind", "quote", "language",
                  "quote_form", "stated"),
    "project_event": ("status", "kind", "occurs", "announced", "description"),
}


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
    project_event_id: int | None = Field(default=None, foreign_key="project_events.id", index=True, ondelete="CASCADE")
    # One field of the cited record that the excerpt supports (CITABLE_FIELDS); null: the whole record.
    field: str | None = Field(default=None, max_length=64)
    excerpt: str
    excerpt_en: str | None = None
    note: str | None = None
    # From the latest check of the source, set (with a revision) when it changes; null: unknown.
    excerpt_found: bool | None = None

"""Statement links as a generic resource: CRUD, filters and expansion come from the shared mechanism.

To be added to ALL_RESOURCES (app/resources/__init__.py). Until then
app/api/v1/claimreview.py mounts its router itself.
"""

import sqlalchemy as sa

from app.models import Budget, Metric, Project, Source, Statement, StatementLink
from app.resources.base import Resource, belongs_to, through
from app.schemas.statement_link import StatementLinkCreate, StatementLinkPublic, StatementLinkUpdate


def links_of_projects(project_ids: list[int]) -> sa.Select:
    """(project id, link id) for every link whose statement belongs to one of the projects.

    For the dossier: `linked_through("statement_links", StatementLink, links_of_projects, …)`.
    """
    return (
        sa.select(Statement.project_id.label("parent_id"), StatementLink.id.label("related_id"))
        .join(Statement, Statement.id == StatementLink.statement_id)
        .where(Statement.project_id.in_(project_ids))
    )


statement_links = Resource(
    path="statement-links", singular="statement_link", table=StatementLink,
    create_schema=StatementLinkCreate, update_schema=StatementLinkUpdate, public_schema=StatementLinkPublic,
    description="Statements held against the facts that support or contradict them, each with a rating, "
                "a short label and the source excerpt that shows it.",
    filters=("statement_id", "project_id", "budget_id", "metric_id", "linked_statement_id", "rating", "label", "note",
             "source_id", "excerpt", "excerpt_en", "provenance"),
    filters_through=(through("statement", "project_id", "kind", "speaker_person_id", "speaker_organization_id"),
                     through("source", "url", "title")),
    facets=("rating", "provenance"),
    searchable=("label", "note", "excerpt", "excerpt_en"),
    relations=(
        belongs_to("statement", Statement, "statement_id", "The statement held against the fact"),
        belongs_to("project", Project, "project_id", "The linked project"),
        belongs_to("budget", Budget, "budget_id", "The linked budget"),
        belongs_to("metric", Metric, "metric_id", "The linked metric"),
        belongs_to("linked_statement", Statement, "linked_statement_id", "The linked statement"),
        belongs_to("source", Source, "source_id", "The source that shows the link"),
    ),
    natural_key=("statement_id", "project_id", "budget_id", "metric_id", "linked_statement_id"),
)

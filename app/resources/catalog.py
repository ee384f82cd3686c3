"""The eight resources of the dataset and how each may be queried."""

import sqlalchemy as sa

from app.models import Budget, Citation, Metric, Organization, Person, Project, Source, Statement
from app.resources.base import Resource, belongs_to, has_many, linked_through
from app.schemas.budget import BudgetCreate, BudgetPublic, BudgetUpdate
from app.schemas.citation import CitationCreate, CitationPublic, CitationUpdate
from app.schemas.metric import MetricCreate, MetricPublic, MetricUpdate
from app.schemas.organization import OrganizationCreate, OrganizationPublic, OrganizationUpdate
from app.schemas.person import PersonCreate, PersonPublic, PersonUpdate
from app.schemas.project import ProjectCreate, ProjectPublic, ProjectUpdate
from app.schemas.source import SourceCreate, SourcePublic, SourceUpdate
from app.schemas.statement import StatementCreate, StatementPublic, StatementUpdate

DATED = ("period_start", "period_end", "as_of")


def _sources_cited_by_projects(project_ids: list[int]) -> sa.Select:
    """(project id, source id) for every source cited by a project or any of its facts."""
    owner = sa.func.coalesce(Citation.project_id, Budget.project_id, Metric.project_id, Statement.project_id)
    return (
        sa.select(owner.label("parent_id"), Citation.source_id.label("related_id"))
        .select_from(Citation)
        .outerjoin(Budget, Budget.id == Citation.budget_id)
        .outerjoin(Metric, Metric.id == Citation.metric_id)
        .outerjoin(Statement, Statement.id == Citation.statement_id)
        .where(owner.in_(project_ids))
        .distinct()
    )


projects = Resource(
    path="projects", singular="project", table=Project,
    create_schema=ProjectCreate, update_schema=ProjectUpdate, public_schema=ProjectPublic,
    description="Public projects: what was promised, when, by whom, and what became of it.",
    partial_dates=("announced", "started", "planned_end", "ended"),
    filters=("organization_id", "status", "jurisdiction", "slug"),
    searchable=("name", "name_en", "summary", "summary_en"),
    relations=(
        has_many("budgets", Budget, "project_id", "Planned, allocated and spent amounts"),
        has_many("metrics", Metric, "project_id", "Indicator observations"),
        has_many("statements", Statement, "project_id", "What was said about the project"),
        linked_through("sources", Source, _sources_cited_by_projects, "Every source cited by the project or its facts"),
        has_many("citations", Citation, "project_id", "Citations of the project record itself"),
        belongs_to("organization", Organization, "organization_id", "The responsible organization"),
    ),
    cited_as="project", slug_field="slug", natural_key=("slug",),
)

budgets = Resource(
    path="budgets", singular="budget", table=Budget,
    create_schema=BudgetCreate, update_schema=BudgetUpdate, public_schema=BudgetPublic,
    description="Amounts of money, exact integers in the currency's minor unit.",
    partial_dates=DATED,
    filters=("project_id", "kind", "currency", "qualifier"),
    relations=(has_many("citations", Citation, "budget_id"), belongs_to("project", Project, "project_id")),
    cited_as="budget", natural_key=("project_id", "kind", "amount", "currency"),
)

metrics = Resource(
    path="metrics", singular="metric", table=Metric,
    create_schema=MetricCreate, update_schema=MetricUpdate, public_schema=MetricPublic,
    description="Indicator observations with exact decimal values and a controlled unit.",
    partial_dates=DATED,
    filters=("project_id", "unit", "observation", "qualifier", "compared_with_id"),
    searchable=("indicator", "indicator_en"),
    relations=(
        has_many("citations", Citation, "metric_id"),
        belongs_to("project", Project, "project_id"),
        belongs_to("compared_with", Metric, "compared_with_id", "The metric this one is compared with"),
    ),
    cited_as="metric", natural_key=("project_id", "indicator"),
)

statements = Resource(
    path="statements", singular="statement", table=Statement,
    create_schema=StatementCreate, update_schema=StatementUpdate, public_schema=StatementPublic,
    description="Quotes in their original language, with translations marked as such.",
    partial_dates=("stated",),
    filters=("project_id", "speaker_person_id", "speaker_organization_id", "kind", "language", "quote_form"),
    searchable=("quote", "translation_en"),
    relations=(
        has_many("citations", Citation, "statement_id"),
        belongs_to("project", Project, "project_id"),
        belongs_to("speaker_person", Person, "speaker_person_id"),
        belongs_to("speaker_organization", Organization, "speaker_organization_id"),
    ),
    cited_as="statement", natural_key=("project_id", "quote"),
)

sources = Resource(
    path="sources", singular="source", table=Source,
    create_schema=SourceCreate, update_schema=SourceUpdate, public_schema=SourcePublic,
    description="Documents that facts are taken from.",
    filters=("publisher_id", "language", "platform", "url"),
    searchable=("title",),
    relations=(has_many("citations", Citation, "source_id"), belongs_to("publisher", Organization, "publisher_id")),
    natural_key=("url",),
)

citations = Resource(
    path="citations", singular="citation", table=Citation,
    create_schema=CitationCreate, update_schema=CitationUpdate, public_schema=CitationPublic,
    description="Links from one fact to a source, with the exact excerpt that supports it.",
    filters=("source_id", "project_id", "budget_id", "metric_id", "statement_id"),
    relations=(belongs_to("source", Source, "source_id"),),
    natural_key=("source_id", "project_id", "budget_id", "metric_id", "statement_id", "excerpt"),
)

organizations = Resource(
    path="organizations", singular="organization", table=Organization,
    create_schema=OrganizationCreate, update_schema=OrganizationUpdate, public_schema=OrganizationPublic,
    description="Governments, agencies, publishers and companies.",
    filters=("classification", "parent_id", "name"),
    searchable=("name", "name_en"),
    relations=(
        belongs_to("parent", Organization, "parent_id"),
        has_many("projects", Project, "organization_id", "Projects the organization is responsible for"),
    ),
    natural_key=("name",),
)

people = Resource(
    path="people", singular="person", table=Person,
    create_schema=PersonCreate, update_schema=PersonUpdate, public_schema=PersonPublic,
    description="People whose statements are recorded.",
    filters=("name",),
    searchable=("name", "name_en"),
    relations=(has_many("statements", Statement, "speaker_person_id", "Everything this person said"),),
    natural_key=("name",),
)

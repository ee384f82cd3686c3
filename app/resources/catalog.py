"""The eight resources of the dataset and how each may be queried."""

import sqlalchemy as sa

from app.models import (Budget, BudgetTotal, Citation, Metric, Organization, Person, Project, ProjectEvent, ProjectFigures, Source,
                        SourceCheck, Statement, StatementLink)
from app.querying.derived import AsOfColumn
from app.resources.statement_links import links_of_projects
from app.resources.base import Joined, Resource, Rollup, Summary, belongs_to, dimension, has_many, linked_through, through, year_of
from app.resources.source_checks import latest_checks
from app.schemas.budget import BudgetCreate, BudgetPublic, BudgetUpdate
from app.schemas.citation import CitationCreate, CitationPublic, CitationUpdate
from app.schemas.metric import MetricCreate, MetricPublic, MetricUpdate
from app.schemas.organization import OrganizationCreate, OrganizationPublic, OrganizationUpdate
from app.schemas.person import PersonCreate, PersonPublic, PersonUpdate
from app.schemas.project import ProjectCreate, ProjectPublic, ProjectUpdate
from app.schemas.project_event import ProjectEventCreate, ProjectEventPublic, ProjectEventUpdate
from app.schemas.source import SourceCreate, SourcePublic, SourceUpdate
from app.schemas.statement import StatementCreate, StatementPublic, StatementUpdate
from app.scorecard.sql import RANKABLE
from app.scorecard.stored import STORED_FIGURES, refresh_after_write
from app.services.budget_totals import DIMENSIONS as BUDGET_TOTALS_DIMENSIONS
from app.services.budget_totals import after_budget_write, after_project_write
from app.services.project_status import STATUS_AS_OF_HELP, record_status_writes, refresh_status_after_write, status_as_of_column

DATED = ("period_start", "period_end", "as_of")
FACT_YEAR = year_of("period_start_earliest", "as_of_earliest",
                    description="Calendar year of the period's start, or else of `as_of`; null when neither is known")


def _sources_cited_by_projects(project_ids: list[int]) -> sa.Select:
    """(project id, source id) for every source cited by a project or any of its facts.

    One indexed lookup per kind of fact, joined by UNION: a single query over a
    COALESCE of the four owners could use no index and scanned every citation.
    Soft-deleted citations and facts do not count (app.querying.visibility).
    """
    direct = sa.select(Citation.project_id.label("parent_id"), Citation.source_id.label("related_id")).where(
        Citation.project_id.in_(project_ids), Citation.deleted_at.is_(None)
    )
    through_facts = [
        sa.select(fact.project_id, Citation.source_id)
        .join(Citation, getattr(Citation, key) == fact.id)
        .where(fact.project_id.in_(project_ids), Citation.deleted_at.is_(None), fact.deleted_at.is_(None))
        for fact, key in ((Budget, "budget_id"), (Metric, "metric_id"), (Statement, "statement_id"))
    ]
    pairs = sa.union(direct, *through_facts).subquery()
    return sa.select(pairs.c.parent_id, pairs.c.related_id)


projects = Resource(
    path="projects", singular="project", table=Project,
    create_schema=ProjectCreate, update_schema=ProjectUpdate, public_schema=ProjectPublic,
    description="Public projects: what was promised, when, by whom, and what became of it, with the figures "
                "of their scorecards that rank them (execution_ratio, cost_per_day, lifetime_vs_plan).",
    partial_dates=("announced", "started", "planned_end", "ended"),
    filters=("slug", "name", "name_en", "summary", "summary_en", "organization_id", "jurisdiction", "status",
             "status_details", "announced", "started", "planned_end", "ended", "provenance", *STORED_FIGURES),
    filters_through=(through("organization", "name", "name_en", "classification"),),
    sorts=("name", "status", "announced", "started", "planned_end", "ended", *RANKABLE),
    facets=("status", "organization_id", "jurisdiction", "provenance"),
    summary=Summary(dimensions=(
        dimension("organization", "organization_id"), dimension("status"), dimension("jurisdiction"),
        year_of("started_earliest", description="Calendar year the project started (its earliest possible day)"),
    )),
    searchable=("name", "name_en", "summary", "summary_en", "status_details"),
    relations=(
        has_many("budgets", Budget, "project_id", "Planned, allocated and spent amounts"),
        has_many("metrics", Metric, "project_id", "Indicator observations"),
        has_many("statements", Statement, "project_id", "What was said about the project"),
        linked_through("sources", Source, _sources_cited_by_projects, "Every source cited by the project or its facts"),
        has_many("citations", Citation, "project_id", "Citations of the project record itself"),
        has_many("events", ProjectEvent, "project_id", "Status events: what happened, what was scheduled or announced"),
        linked_through("statement_links", StatementLink, links_of_projects,
                       "Statements of the project held against the facts that support or contradict them"),
        belongs_to("organization", Organization, "organization_id", "The responsible organization"),
    ),
    cited_as="project", slug_field="slug", natural_key=("slug",),
    joined=Joined(ProjectFigures, "project_id", STORED_FIGURES),  # the scorecard's rankable figures, stored
    # Its budgets' totals move first, while the row is as written; then a status sent with the project
    # becomes a happened event, and `status` is derived from the events (moving the totals again).
    after_write=(after_project_write, record_status_writes, refresh_after_write("id")),
    # The stored `status` is as of today; `status_as_of=` reads the same derivation as of another day.
    as_of_columns=(AsOfColumn("status_as_of", "status", status_as_of_column, STATUS_AS_OF_HELP),),
)

project_events = Resource(
    path="project-events", singular="project event", table=ProjectEvent,
    create_schema=ProjectEventCreate, update_schema=ProjectEventUpdate, public_schema=ProjectEventPublic,
    description="A project's status over time: what happened, what was scheduled or announced (and when), and "
                "plans abandoned. The project's `status` is derived from these.",
    partial_dates=("occurs", "announced"),
    filters=("project_id", "status", "kind", "occurs", "announced", "description", "provenance"),
    filters_through=(through("project", "organization_id", "status", "slug", "jurisdiction"),),
    sorts=("occurs", "announced", "status", "kind"),
    facets=("status", "kind", "project_id", "provenance"),
    searchable=("description",),
    relations=(has_many("citations", Citation, "project_event_id"), belongs_to("project", Project, "project_id")),
    cited_as="project_event", natural_key=("project_id", "kind", "status", "description"),
    after_write=(refresh_status_after_write, refresh_after_write("project_id")),  # its project's status, then figures
)

budgets = Resource(
    path="budgets", singular="budget", table=Budget,
    create_schema=BudgetCreate, update_schema=BudgetUpdate, public_schema=BudgetPublic,
    description="Amounts of money, exact integers in the currency's minor unit.",
    partial_dates=DATED,
    filters=("project_id", "kind", "amount", "currency", "qualifier", "amount_text", "description", "provenance",
             *DATED),
    filters_through=(through("project", "organization_id", "status", "slug", "jurisdiction"),),
    sorts=("amount", "kind", "currency", *DATED),
    facets=("kind", "currency", "qualifier", "project_id", "provenance"),
    summary=Summary(
        dimensions=(
            dimension("kind"), dimension("currency"), dimension("qualifier"), dimension("project", "project_id"),
            dimension("organization", "organization_id", via="project"), dimension("status", via="project"), FACT_YEAR,
        ),
        total="amount", total_kind="money", separate_by="currency",
        rollup=Rollup(BudgetTotal, dimensions=BUDGET_TOTALS_DIMENSIONS, always=("currency",),
                      filters=(("kind", "kind"), ("currency", "currency"), ("qualifier", "qualifier"),
                               ("project.organization_id", "organization"), ("project.status", "status")),
                      related_live="project_live"),
    ),
    searchable=("amount_text", "description"),
    relations=(has_many("citations", Citation, "budget_id"), belongs_to("project", Project, "project_id")),
    cited_as="budget", natural_key=("project_id", "kind", "amount", "currency"),
    # its project's figures and its totals (both projects' when it moves)
    after_write=(refresh_after_write("project_id"), after_budget_write),
)

metrics = Resource(
    path="metrics", singular="metric", table=Metric,
    create_schema=MetricCreate, update_schema=MetricUpdate, public_schema=MetricPublic,
    description="Indicator observations with exact decimal values and a controlled unit.",
    partial_dates=DATED,
    filters=("project_id", "indicator", "indicator_en", "value", "unit", "observation", "qualifier", "value_text",
             "compared_with_id", "provenance", *DATED),
    filters_through=(through("project", "organization_id", "status", "slug", "jurisdiction"),),
    sorts=("value", "indicator", "unit", *DATED),
    facets=("unit", "observation", "qualifier", "project_id", "provenance"),
    summary=Summary(
        dimensions=(
            dimension("unit"), dimension("indicator"), dimension("observation"), dimension("qualifier"),
            dimension("project", "project_id"), dimension("organization", "organization_id", via="project"),
            dimension("status", via="project"), FACT_YEAR,
        ),
        total="value", total_kind="decimal", separate_by="unit",
    ),
    searchable=("indicator", "indicator_en", "value_text"),
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
    filters=("project_id", "speaker_person_id", "speaker_organization_id", "speaker_role", "speaker_role_en", "kind",
             "quote", "language", "quote_form", "translation_en", "stated", "provenance"),
    filters_through=(
        through("speaker_person", "name", "name_en"),
        through("speaker_organization", "name", "name_en"),
        through("project", "organization_id", "status", "slug"),
    ),
    sorts=("stated", "kind", "language"),
    facets=("kind", "language", "quote_form", "speaker_person_id", "speaker_organization_id", "project_id",
            "provenance"),
    searchable=("quote", "translation_en", "speaker_role", "speaker_role_en"),
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
    filters=("url", "title", "publisher_id", "platform", "language", "published_at", "retrieved_at", "archive_url",
             "content_hash", "notes", "verdict", "captured_text", "captured_at", "provenance"),
    filters_through=(through("publisher", "name", "name_en"),),
    sorts=("title", "published_at", "retrieved_at"),
    facets=("language", "platform", "publisher_id", "verdict", "provenance"),
    searchable=("title",),
    relations=(has_many("citations", Citation, "source_id"), belongs_to("publisher", Organization, "publisher_id"),
               linked_through("latest_check", SourceCheck, latest_checks, "The latest source check: verdict, "
                              "HTTP status, final URL, excerpts found", one=True)),
    natural_key=("url",),
    cleared_when_changed={"url": ("verdict",)},  # the verdict was of the old URL, until the next check
)

citations = Resource(
    path="citations", singular="citation", table=Citation,
    create_schema=CitationCreate, update_schema=CitationUpdate, public_schema=CitationPublic,
    description="Links from one fact to a source, with the exact excerpt that supports it.",
    filters=("source_id", "project_id", "budget_id", "metric_id", "statement_id", "project_event_id", "field", "excerpt", "excerpt_en",
             "note", "excerpt_found"),
    filters_through=(through("source", "url", "title", "language", "publisher_id"),),
    facets=("source_id", "field"),
    searchable=("excerpt", "excerpt_en", "note"),
    relations=(belongs_to("source", Source, "source_id"),),
    natural_key=("source_id", "project_id", "budget_id", "metric_id", "statement_id", "project_event_id", "field",
                 "excerpt"),
)

organizations = Resource(
    path="organizations", singular="organization", table=Organization,
    create_schema=OrganizationCreate, update_schema=OrganizationUpdate, public_schema=OrganizationPublic,
    description="Governments, agencies, publishers and companies.",
    filters=("name", "name_en", "classification", "parent_id", "provenance"),
    filters_through=(through("parent", "name", "classification"),),
    sorts=("name", "classification"),
    facets=("classification", "parent_id", "provenance"),
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
    filters=("name", "name_en", "provenance"),
    sorts=("name",),
    facets=("provenance",),
    searchable=("name", "name_en"),
    relations=(has_many("statements", Statement, "speaker_person_id", "Everything this person said"),),
    natural_key=("name",),
)

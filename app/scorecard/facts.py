"""Everything a scorecard or timeline reads, for many projects at once, in a fixed number of queries.

One query per table (projects, budgets, metrics with the metrics they are compared
with, statements with their speakers, citations with their sources, statement
links with their sources), plus at most one per kind of linked fact that belongs
to another project: never one query per fact.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from app.core.errors import FieldError, NotFound
from app.domain.partial_dates import parse_partial_date
from app.models import (Budget, Citation, Metric, Organization, Person, Project, ProjectEvent, Source, Statement,
                        StatementLink)
from app.models.base import MAX_ID
from app.scorecard.service_end import with_service_end

PATHS = {"project": "projects", "budget": "budgets", "metric": "metrics", "statement": "statements",
         "project_event": "project-events", "source": "sources", "statement_link": "statement-links"}
TABLES = {"project": Project, "budget": Budget, "metric": Metric, "statement": Statement, "project_event": ProjectEvent}
LINK_COLUMNS = (("project", "project_id"), ("budget", "budget_id"), ("metric", "metric_id"),
                ("statement", "linked_statement_id"))
Row = dict[str, Any]


def live(*tables: Any) -> list[sa.ColumnElement[bool]]:
    """Conditions leaving out soft-deleted rows, for tables that have a `deleted_at` column."""
    return [table.c.deleted_at.is_(None) for table in (getattr(t, "__table__", t) for t in tables)
            if "deleted_at" in table.c]


def live_links() -> list[sa.ColumnElement[bool]]:
    """Statement links that are not soft-deleted and whose linked fact is not either.

    Each linked fact is looked up by its id: an IN over every live fact's id made SQLite list all
    of them on every read (32 ms for a timeline at 100k projects)."""
    links = StatementLink.__table__
    conditions = live(links)
    for kind, column in LINK_COLUMNS:
        table = TABLES[kind].__table__
        if alive := live(table):
            linked = sa.exists().where(table.c.id == links.c[column], *alive).correlate(links)
            conditions.append(sa.or_(links.c[column].is_(None), linked))
    return conditions


def fact_url(base_url: str, kind: str, fact_id: int) -> str:
    return f"{base_url}/v1/{PATHS[kind]}/{fact_id}"


def date_of(row: Row, name: str) -> Row | None:
    """A stored partial date (four columns) as the API shows it, leaving the row intact."""
    value = row.get(name)
    if value is None:
        return None
    return {"value": value, "precision": precision_of(value),
            "earliest": row[f"{name}_earliest"], "latest": row[f"{name}_latest"], "text": row[f"{name}_text"]}


@lru_cache(maxsize=4096)
def precision_of(value: str) -> str:
    """A partial date's precision; read on every scorecard, and the dates repeat, so each is parsed once."""
    return parse_partial_date(value).precision.value


def citations_of_field(citations: list[Row], name: str | None) -> list[Row]:
    """Only the citations that support this one field: a citation of the whole record states no date."""
    return [citation for citation in citations if citation.get("field") == name]


def supporting_citations(citations: list[Row], name: str) -> list[Row]:
    """The citations of one figure (an amount, a value): those of its field, else those of the whole record."""
    return citations_of_field(citations, name) or citations_of_field(citations, None)


@dataclass
class SharedFacts:
    """Facts several projects may point at: compared metrics, linked facts, citations."""

    metrics: dict[int, Row] = field(default_factory=dict)
    facts: dict[tuple[str, int], Row] = field(default_factory=dict)
    citations: dict[tuple[str, int], list[Row]] = field(default_factory=dict)


@dataclass
class ProjectFacts:
    """One project's row and facts; `shared` holds what several projects may point at."""

    project: Row
    shared: SharedFacts
    budgets: list[Row] = field(default_factory=list)
    metrics: list[Row] = field(default_factory=list)
    statements: list[Row] = field(default_factory=list)
    project_events: list[Row] = field(default_factory=list)
    links: list[Row] = field(default_factory=list)

    def citations(self, kind: str, fact_id: int) -> list[Row]:
        return self.shared.citations.get((kind, fact_id), [])

    def field_citations(self, kind: str, fact_id: int, name: str) -> list[Row]:
        return citations_of_field(self.citations(kind, fact_id), name)

    def supporting(self, kind: str, fact_id: int, name: str) -> list[Row]:
        return supporting_citations(self.citations(kind, fact_id), name)

    def metric(self, metric_id: int | None) -> Row | None:
        return self.shared.metrics.get(metric_id)

    def fact(self, kind: str, fact_id: int) -> Row | None:
        return self.shared.facts.get((kind, fact_id))


def resolve_projects(session: Session, keys: list[str], parameter: str = "key") -> list[int]:
    """Project ids for ids or slugs, in the order given; an unknown key is a 404 naming it."""
    numeric = {key for key in keys if is_numeric_key(key)}
    ids = [int(key) for key in numeric if int(key) <= MAX_ID]  # a larger number names no row (and overflows INTEGER)
    slugs = [key for key in keys if key not in numeric]
    rows = session.execute(
        sa.select(Project.id, Project.slug).where(sa.or_(Project.id.in_(ids), Project.slug.in_(slugs)), *live(Project))
    ).all()
    by_key = {str(row.id): row.id for row in rows} | {row.slug: row.id for row in rows}
    missing = [key for key in keys if key not in by_key]
    if missing:
        raise no_such_project(missing, parameter)
    return [by_key[key] for key in keys]


def is_numeric_key(key: str) -> bool:
    """A key that names a project by id: ASCII digits only (not "²", which isdigit() alone lets through)."""
    return key.isascii() and key.isdigit()


def no_such_project(keys: list[str], parameter: str = "key") -> NotFound:
    """The 404 naming every key that names no project."""
    return NotFound(f"No project with id or slug {', '.join(map(repr, keys))}",
                    [FieldError(field=parameter, location="path" if parameter == "key" else "query",
                                message=f"no project {key!r}", type="not_found") for key in keys])


def _rows(session: Session, statement: sa.Select) -> list[Row]:
    return [dict(row) for row in session.execute(statement).mappings()]


def load_facts(session: Session, project_ids: list[int]) -> dict[int, ProjectFacts]:
    # Each project with the end of service its figures use (app.scorecard.service_end), in the same query.
    projects = _rows(session, with_service_end(project_ids).where(*live(Project)))
    shared = SharedFacts(facts={("project", row["id"]): row for row in projects})
    facts = {row["id"]: ProjectFacts(project=row, shared=shared) for row in projects}
    ids = list(facts)
    # The project's metrics and those they compare with, as one UNION of two indexed lookups: an OR of
    # the two conditions could use no index on PostgreSQL and scanned every metric (0.9 s at 5M metrics).
    wanted_metrics = sa.union(sa.select(Metric.id).where(Metric.project_id.in_(ids)),
                              sa.select(Metric.compared_with_id).where(Metric.project_id.in_(ids)))
    tables: dict[str, list[Row]] = {
        "budget": _rows(session, sa.select(Budget.__table__).where(Budget.project_id.in_(ids), *live(Budget))
                        .order_by(Budget.id)),
        "metric": _rows(session, sa.select(Metric.__table__)
                        .where(Metric.id.in_(wanted_metrics), *live(Metric)).order_by(Metric.id)),
        "statement": _rows(session, _statements_with_speakers().where(Statement.project_id.in_(ids), *live(Statement))),
        "project_event": _rows(session, sa.select(ProjectEvent.__table__).where(
            ProjectEvent.project_id.in_(ids), *live(ProjectEvent)).order_by(ProjectEvent.id)),
    }
    for kind, rows in tables.items():
        for row in rows:
            shared.facts[(kind, row["id"])] = row
            if row["project_id"] in facts:
                getattr(facts[row["project_id"]], kind + "s").append(row)
    shared.metrics = {row["id"]: row for row in tables["metric"]}
    links = _rows(session, sa.select(StatementLink.__table__, Source.url.label("source_url"),
                                     Source.title.label("source_title"))
                  .join(Source, Source.id == StatementLink.source_id)
                  .where(StatementLink.statement_id.in_([row["id"] for row in tables["statement"]]), *live_links())
                  .order_by(StatementLink.id))
    statement_project = {row["id"]: row["project_id"] for row in tables["statement"]}
    for link in links:
        facts[statement_project[link["statement_id"]]].links.append(link)
    _load_linked_facts(session, shared, links)
    shared.citations = _citations(session, shared)
    return facts


def _statements_with_speakers() -> sa.Select:
    return (
        sa.select(Statement.__table__, Person.name.label("speaker_person_name"),
                  Person.name_en.label("speaker_person_name_en"),
                  Organization.name.label("speaker_organization_name"),
                  Organization.name_en.label("speaker_organization_name_en"))
        .outerjoin(Person, Person.id == Statement.speaker_person_id)
        .outerjoin(Organization, Organization.id == Statement.speaker_organization_id)
        .order_by(Statement.id)
    )


def _load_linked_facts(session: Session, shared: SharedFacts, links: list[Row]) -> None:
    """Linked facts of other projects: at most one query per kind of fact."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for link in links:
        kind, fact_id = link_target(link)
        if (kind, fact_id) not in shared.facts:
            wanted[kind].add(fact_id)
    for kind, fact_ids in wanted.items():
        query = (_statements_with_speakers() if kind == "statement" else sa.select(TABLES[kind].__table__))
        for row in _rows(session, query.where(TABLES[kind].id.in_(fact_ids), *live(TABLES[kind]))):
            shared.facts[(kind, row["id"])] = row


def link_target(link: Row) -> tuple[str, int]:
    """(kind, id) of the fact a statement link holds against its statement."""
    for kind, column in LINK_COLUMNS:
        if link[column] is not None:
            return kind, link[column]
    raise ValueError(f"statement link {link['id']} links no fact")


def _citations(session: Session, shared: SharedFacts) -> dict[tuple[str, int], list[Row]]:
    ids = defaultdict(list)
    for kind, fact_id in shared.facts:
        ids[kind].append(fact_id)
    rows = session.execute(
        sa.select(Citation.id, Citation.source_id, Citation.field, Citation.excerpt, Citation.excerpt_en, Citation.note,
                  *(getattr(Citation, f"{kind}_id") for kind in TABLES),
                  Source.url.label("source_url"), Source.title.label("source_title"),
                  Citation.excerpt_found, Source.verdict.label("source_verdict"))  # latest source check
        .join(Source, Source.id == Citation.source_id)
        .where(sa.or_(*(getattr(Citation, f"{kind}_id").in_(ids[kind]) for kind in TABLES)), *live(Citation, Source))
        .order_by(Citation.id)
    ).mappings()
    cited: dict[tuple[str, int], list[Row]] = defaultdict(list)
    for row in rows:
        citation = dict(row)
        kind = next(kind for kind in TABLES if citation[f"{kind}_id"] is not None)
        owner = citation[f"{kind}_id"]
        for name in TABLES:
            citation.pop(f"{name}_id")
        cited[(kind, owner)].append(citation)
    return dict(cited)

"""One project's scorecard facts in one statement, compiled once per engine.

`load_facts` (app.scorecard.facts) reads many projects in a query per table, built for each
call; a single scorecard is read far more often, so here the same facts (the columns a
scorecard reads) come back as one row of JSON columns from one statement whose SQL is
compiled once and run as driver SQL. The conditions are those of `load_facts`: live rows,
live links, the end of service of app.scorecard.service_end, linked facts of other projects;
of the project's events only the one ending its service is read (with its citations).
tests/scorecard/test_one_read.py holds the two readers to the same scorecards.
"""

from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import orjson
import sqlalchemy as sa
from sqlmodel import Session

from app.models import Budget, Citation, Metric, Organization, Person, Project, Source, Statement, StatementLink
from app.models.base import MAX_ID, ExactDecimal
from app.scorecard.facts import (LINK_COLUMNS, ProjectFacts, Row, SharedFacts, is_numeric_key, live, live_links,
                                 no_such_project)
from app.scorecard.json_sql import as_text, json_row, json_rows
from app.scorecard.service_end import PARTS, end_columns, ending_events

PROJECT, BUDGET, METRIC, STATEMENT = Project.__table__, Budget.__table__, Metric.__table__, Statement.__table__
LINK, CITATION, SOURCE = StatementLink.__table__, Citation.__table__, Source.__table__
EXACT = ExactDecimal.exact
CITED_KINDS = ("project", "budget", "metric", "statement", "project_event")


def _dates(table: sa.Table, *names: str) -> dict[str, sa.ColumnElement[Any]]:
    return {f"{name}{part}": table.c[f"{name}{part}"] for name in names for part in PARTS}


def _columns(table: sa.Table, *names: str) -> dict[str, sa.ColumnElement[Any]]:
    return {name: table.c[name] for name in names}


def _array(columns: dict[str, sa.ColumnElement[Any]], *where: sa.ColumnElement[bool], joined: Any = None,
           correlate: tuple[Any, ...] = (PROJECT,)) -> Any:
    select = sa.select(json_rows(json_row(columns))).correlate(*correlate)
    return (select.select_from(joined) if joined is not None else select).where(*where).scalar_subquery()


def _ids(column: sa.ColumnElement[int], *where: sa.ColumnElement[bool]) -> sa.Select:
    """Ids for an IN; only the project of the outer row is correlated (a table of an enclosing
    subquery is read anew, as in load_facts)."""
    return sa.select(column).where(*where).correlate(PROJECT)


def _statement(by_slug: bool) -> sa.Select:
    """The project found by id or slug, with its end of service, and every fact a scorecard reads as JSON."""
    key = PROJECT.c.slug == sa.bindparam("slug", "") if by_slug else PROJECT.c.id == sa.bindparam("id", 0)
    project_id = PROJECT.c.id
    ending = ending_events(sa.select(PROJECT.c.id).where(key))
    ends = end_columns(PROJECT, ending)
    project = {"id": PROJECT.c.id, **_columns(PROJECT, "slug", "name", "name_en", "status", "status_details"),
               **_dates(PROJECT, "started", "ended", "planned_end"),
               **{name: ends[name] for name in ("end", "end_earliest", "end_latest", "end_text")},
               **{name: ends[name] for name in ("end_basis", "end_event_id", "end_announced")}}
    own_statements = _ids(STATEMENT.c.id, STATEMENT.c.project_id == project_id, *live(Statement))
    own_budgets = _ids(BUDGET.c.id, BUDGET.c.project_id == project_id, *live(Budget))
    # The project's metrics and those they compare with, as in load_facts.
    wanted_metrics = sa.union(_ids(METRIC.c.id, METRIC.c.project_id == project_id),
                              _ids(METRIC.c.compared_with_id, METRIC.c.project_id == project_id))
    links_of_project = (LINK.c.statement_id.in_(own_statements), *live_links())

    def linked(column: str) -> sa.Select:
        return _ids(LINK.c[column], *links_of_project, LINK.c[column].is_not(None))

    budget = {"id": BUDGET.c.id, **_columns(BUDGET, "project_id", "kind", "amount", "currency", "qualifier",
                                              "amount_text"), **_dates(BUDGET, "as_of", "period_end")}
    metric = {"id": METRIC.c.id, **_columns(METRIC, "project_id", "indicator", "indicator_en"),
              "value": as_text(METRIC.c.value),
              **_columns(METRIC, "unit", "observation", "qualifier", "value_text", "compared_with_id"),
              **_dates(METRIC, "as_of", "period_start", "period_end")}
    statement = {"id": STATEMENT.c.id, **_columns(STATEMENT, "project_id", "kind", "quote", "quote_form", "language",
                                                    "translation_en", "speaker_role", "speaker_role_en"),
                 **_dates(STATEMENT, "stated"),
                 "speaker_person_name": Person.__table__.c.name, "speaker_person_name_en": Person.__table__.c.name_en,
                 "speaker_organization_name": Organization.__table__.c.name,
                 "speaker_organization_name_en": Organization.__table__.c.name_en}
    with_speakers = (STATEMENT.outerjoin(Person.__table__, Person.__table__.c.id == STATEMENT.c.speaker_person_id)
                     .outerjoin(Organization.__table__, Organization.__table__.c.id == STATEMENT.c.speaker_organization_id))
    link = {"id": LINK.c.id, **_columns(LINK, "statement_id", "rating", "label", "note", "source_id", "excerpt",
                                          "excerpt_en"),
            "source_url": Source.__table__.c.url, "source_title": Source.__table__.c.title,
            **{column: LINK.c[column] for _, column in LINK_COLUMNS}}
    other_project = {"id": PROJECT.c.id, **_columns(PROJECT, "name", "name_en", "status", "status_details"),
                     **_dates(PROJECT, "ended", "planned_end")}
    other = PROJECT.alias("linked_projects")
    cited = {
        "budget": sa.union(own_budgets, linked("budget_id")),
        "metric": sa.union(_ids(METRIC.c.id, METRIC.c.id.in_(wanted_metrics), *live(Metric)), linked("metric_id")),
        "statement": sa.union(own_statements, linked("linked_statement_id")),
    }
    # Each citation's source looked up by its id, as scalar subqueries: PostgreSQL estimated the cited ids at half
    # the citations and made a join (or an EXISTS) into a hash of every source (0.5 s a request).
    source = {name: sa.select(SOURCE.c[name]).where(SOURCE.c.id == CITATION.c.source_id).correlate(CITATION)
              .scalar_subquery() for name in ("url", "title", "verdict", "deleted_at")}
    source_live = source["deleted_at"].is_(None)  # the source exists: citations.source_id is a foreign key
    citation = {"id": CITATION.c.id, **_columns(CITATION, "source_id", "field", "excerpt", "excerpt_en", "note"),
                "source_url": source["url"], "source_title": source["title"],
                "excerpt_found": CITATION.c.excerpt_found, "source_verdict": source["verdict"],
                **{f"{kind}_id": CITATION.c[f"{kind}_id"] for kind in CITED_KINDS}}
    columns = {
        "project": sa.cast(json_row(project), sa.Text),
        "budgets": _array(budget, BUDGET.c.project_id == project_id, *live(Budget)),
        "metrics": _array(metric, METRIC.c.id.in_(wanted_metrics), *live(Metric)),
        "statements": _array(statement, STATEMENT.c.project_id == project_id, *live(Statement), joined=with_speakers),
        "links": _array(link, *links_of_project, joined=LINK.join(Source.__table__, Source.__table__.c.id == LINK.c.source_id)),
        "linked_projects": _array({name: other.c[column.key] for name, column in other_project.items()},
                                  other.c.id.in_(linked("project_id")), *live(other)),
        "linked_budgets": _array(budget, BUDGET.c.id.in_(linked("budget_id")), *live(Budget)),
        "linked_metrics": _array(metric, METRIC.c.id.in_(linked("metric_id")), *live(Metric)),
        "linked_statements": _array(statement, STATEMENT.c.id.in_(linked("linked_statement_id")), *live(Statement),
                                    joined=with_speakers),
        # One array per kind of fact cited: a single IN over the union of all their ids was estimated at every
        # citation on PostgreSQL and made the statement costly enough to be JIT-compiled (2 s).
        # Of the project's events a scorecard cites only the one that ends its service (inputs._date_citations).
        "citations_of_end_event": _array(citation, CITATION.c.project_event_id == ends["end_event_id"],
                                         *live(Citation), source_live, correlate=(PROJECT, ending)),
        "citations_of_project": _array(citation, CITATION.c.project_id == project_id, *live(Citation), source_live),
        "citations_of_linked_projects": _array(citation, CITATION.c.project_id.in_(linked("project_id")),
                                               *live(Citation), source_live),
        **{f"citations_of_{kind}": _array(citation, CITATION.c[f"{kind}_id"].in_(ids), *live(Citation), source_live)
           for kind, ids in cited.items()},
    }
    return (sa.select(*(column.label(name) for name, column in columns.items()))
            .select_from(PROJECT.outerjoin(ending, ending.c.project_id == PROJECT.c.id))
            .where(key, *live(Project)))


@cache
def _compiled(dialect: sa.Dialect, by_slug: bool) -> tuple[str, tuple[str, ...] | None, dict[str, Any]]:
    """The statement's SQL for this engine, the order of its parameters (None when they are named), its constants."""
    compiled = _statement(by_slug).compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    return compiled.string, tuple(compiled.positiontup) if compiled.positional else None, dict(compiled.params)


def _dated(row: Row, *names: str) -> Row:
    for name in names:
        for part in ("_earliest", "_latest"):
            if (value := row[name + part]) is not None:
                row[name + part] = date.fromisoformat(value)
    return row


def _metric(row: Row) -> Row:
    row["value"] = Decimal(row["value"]).normalize(EXACT)  # as ExactDecimal reads it
    return _dated(row, "as_of", "period_start", "period_end")


def _citation(row: Row) -> tuple[tuple[str, int], Row]:
    kind = next(kind for kind in CITED_KINDS if row[f"{kind}_id"] is not None)
    owner = row[f"{kind}_id"]
    for name in CITED_KINDS:
        del row[f"{name}_id"]
    if row["excerpt_found"] is not None:
        row["excerpt_found"] = bool(row["excerpt_found"])  # SQLite gives 0/1
    return (kind, owner), row


def _by_id(text: str) -> list[Row]:
    return sorted(orjson.loads(text), key=lambda row: row["id"])


def read_facts(session: Session, key: str) -> ProjectFacts:
    """The facts of the project with this id or slug (a 404 naming `key` when there is none)."""
    by_slug = not is_numeric_key(key)
    if not by_slug and (str(int(key)) != key or int(key) > MAX_ID):  # "007" names none, as in resolve_projects
        raise no_such_project([key])
    connection = session.connection()
    sql, order, constants = _compiled(connection.dialect, by_slug)
    parameters = constants | ({"slug": key} if by_slug else {"id": int(key)})
    found = connection.exec_driver_sql(sql, tuple(parameters[name] for name in order) if order else parameters).first()
    if found is None:
        raise no_such_project([key])
    project = _dated(orjson.loads(found.project), "started", "ended", "planned_end", "end")
    shared = SharedFacts(facts={("project", project["id"]): project})
    facts = ProjectFacts(project=project, shared=shared)
    facts.budgets = [_dated(row, "as_of", "period_end") for row in _by_id(found.budgets)]
    metrics = [_metric(row) for row in _by_id(found.metrics)]
    facts.metrics = [row for row in metrics if row["project_id"] == project["id"]]
    facts.statements = [_dated(row, "stated") for row in _by_id(found.statements)]
    facts.links = _by_id(found.links)
    shared.metrics = {row["id"]: row for row in metrics}
    for kind, rows in (("budget", facts.budgets), ("metric", metrics), ("statement", facts.statements)):
        shared.facts |= {(kind, row["id"]): row for row in rows}
    linked = {"project": (found.linked_projects, lambda row: _dated(row, "ended", "planned_end")),
              "budget": (found.linked_budgets, lambda row: _dated(row, "as_of", "period_end")),
              "metric": (found.linked_metrics, _metric), "statement": (found.linked_statements,
                                                                    lambda row: _dated(row, "stated"))}
    for kind, (text, convert) in linked.items():
        for row in orjson.loads(text):
            shared.facts.setdefault((kind, row["id"]), convert(row))
    cited = {row["id"]: row for name, text in found._mapping.items() if name.startswith("citations_of_")
             for row in orjson.loads(text)}  # a project linked to its own statement is cited twice
    for owner, citation in map(_citation, sorted(cited.values(), key=lambda row: row["id"])):
        shared.citations.setdefault(owner, []).append(citation)
    return facts

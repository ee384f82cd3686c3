"""A project's scorecard read in one statement says exactly what the batch read (compare, the dossier) says."""

from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from app.core.errors import NotFound
from app.models import Budget, Citation, Metric, Source
from app.resources.catalog import citations
from app.resources.statement_links import statement_links
from app.scorecard.engine import scorecard, scorecards
from tests.factories import (create, make_budget, make_citation, make_metric, make_person, make_project,
                             make_project_event, make_source, make_statement)
from tests.sql_statements import executed_statements


def soft_delete(session: Session, table: Any, row_id: int) -> None:
    session.execute(sa.update(table).where(table.id == row_id).values(deleted_at=sa.func.now()))


def link(session: Session, statement: dict[str, Any], source: dict[str, Any], **fact: int) -> None:
    create(session, statement_links, {"statement_id": statement["id"], "rating": "contradicts", "label": "Contradicted",
                                      "source_id": source["id"], "excerpt": "합성 인용문", **fact})


@pytest.fixture
def project(session: Session) -> dict[str, Any]:
    """A project with every kind of fact a scorecard reads, facts of other projects linked, and rows deleted."""
    project = make_project(session, started="2023-03", planned_end="2025")
    make_project_event(session, project_id=project["id"], occurs="2024-11")
    event = make_project_event(session, project_id=project["id"], occurs="2024-10-15")
    other = make_project(session, ended="2022-05-01")
    source, gone = make_source(session), make_source(session)
    session.execute(sa.update(Source).where(Source.id == gone["id"]).values(verdict="gone"))
    spent = make_budget(session, project_id=project["id"], kind="spent", amount=600_000_000, as_of="2024-06")
    make_budget(session, project_id=project["id"], kind="planned", amount=4_000_000_000, qualifier="approximate",
                amount_text="약 40억 원")
    deleted = make_budget(session, project_id=project["id"], kind="spent", amount=9, as_of="2024-12")
    benchmark = make_metric(session, project_id=other["id"], value="5000.50", unit="count/day", observation="actual")
    usage = make_metric(session, project_id=project["id"], value="12.5", unit="count/day", observation="actual",
                        compared_with_id=benchmark["id"], qualifier="at_least")
    statement = make_statement(session, project_id=project["id"], stated="2023",
                               speaker_person_id=make_person(session)["id"])
    other_statement = make_statement(session, project_id=other["id"])
    other_budget = make_budget(session, project_id=other["id"], kind="spent", amount=7_000)
    removed = make_budget(session, project_id=other["id"])
    for fact in ({"budget_id": spent["id"]}, {"budget_id": other_budget["id"]}, {"project_id": other["id"]},
                 {"project_id": project["id"]}, {"metric_id": benchmark["id"]},
                 {"linked_statement_id": other_statement["id"]}, {"budget_id": removed["id"]}):
        link(session, statement, source, **fact)
    for fact in ({"project_id": project["id"], "field": "started"}, {"project_id": other["id"]},
                 {"budget_id": spent["id"], "field": "amount"}, {"budget_id": other_budget["id"]},
                 {"metric_id": usage["id"], "source_id": gone["id"]}, {"metric_id": benchmark["id"]},
                 {"statement_id": statement["id"]}, {"statement_id": other_statement["id"]},
                 {"budget_id": deleted["id"]}):
        make_citation(session, **{"source_id": source["id"], **fact})
    create(session, citations, {"project_event_id": event["id"], "field": "occurs", "source_id": source["id"],
                                "excerpt": "합성 인용문"})
    soft_delete(session, Budget, deleted["id"])
    soft_delete(session, Budget, removed["id"])
    found = make_citation(session, metric_id=usage["id"], source_id=source["id"])
    session.execute(sa.update(Citation).where(Citation.id == found["id"]).values(excerpt_found=False))
    soft_delete(session, Metric, make_metric(session, project_id=project["id"], unit="count/day")["id"])
    return project


def test_one_statement_gives_the_batch_reads_scorecard(session: Session, project: dict[str, Any]) -> None:
    batch = scorecards(session, [project["id"]], "http://testserver")[project["id"]]
    with executed_statements(session.get_bind()) as statements:
        single = scorecard(session, project["slug"], "http://testserver")
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    assert single == batch
    assert scorecard(session, str(project["id"]), "http://testserver") == batch
    assert len(single["statements_against_outcomes"]) == 6  # the link to a deleted budget is left out
    assert {figure["name"] for figure in single["figures"]} >= {"budget_execution_ratio", "cost_per_day_of_service"}


@pytest.mark.parametrize("key", ["no-such-project", "0", "007", "99999999999", "²"])
def test_a_key_naming_no_project_is_a_404_naming_it(session: Session, project: dict[str, Any], key: str) -> None:
    with pytest.raises(NotFound) as refusal:
        scorecard(session, key)
    assert refusal.value.errors[0].message == f"no project {key!r}"

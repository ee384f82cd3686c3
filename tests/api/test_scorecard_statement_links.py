"""Statement links: CRUD over HTTP, refusals that name the field and change nothing, integrity on both engines."""

from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.models import Statement, StatementLink
from app.resources.statement_links import links_of_projects
from tests.api import assert_problem, if_match
from tests.factories import count_rows, make_budget, make_metric, make_source, make_statement


@pytest.fixture
def facts(session: Session) -> dict[str, Any]:
    statement = make_statement(session)
    return {"statement": statement, "source": make_source(session),
            "budget": make_budget(session, project_id=statement["project_id"]),
            "metric": make_metric(session, project_id=statement["project_id"]),
            "other": make_statement(session, project_id=statement["project_id"])}


def body(facts: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {"statement_id": facts["statement"]["id"], "project_id": facts["statement"]["project_id"],
            "rating": "contradicts", "label": "Contradicted", "note": "합성 메모", "source_id": facts["source"]["id"],
            "excerpt": "합성 인용문", **changes}


def test_create_read_list_update_delete(session: Session, client: TestClient, facts: dict[str, Any]) -> None:
    created = client.post("/v1/statement-links", json=body(facts))
    assert created.status_code == 201, created.text
    link = created.json()
    assert created.headers["location"].endswith(f"/v1/statement-links/{link['id']}")
    assert (link["rating"], link["project_id"], link["budget_id"], link["version"]) == ("contradicts", facts["statement"]["project_id"], None, 1)
    assert client.get(f"/v1/statement-links/{link['id']}").json() == link
    listed = client.get("/v1/statement-links", params={"statement_id": facts["statement"]["id"]}).json()["items"]
    assert [item["id"] for item in listed] == [link["id"]]
    by_project = client.get("/v1/statement-links", params={"statement.project_id": facts["statement"]["project_id"],
                                                          "rating": "contradicts"}).json()["items"]
    assert [item["id"] for item in by_project] == [link["id"]]
    patched = client.patch(f"/v1/statement-links/{link['id']}", json={"rating": "misleading", "label": "Misleading"}, headers=if_match(client, f"/v1/statement-links/{link['id']}"))
    assert patched.status_code == 200 and (patched.json()["rating"], patched.json()["version"]) == ("misleading", 2)
    assert client.delete(f"/v1/statement-links/{link['id']}", headers=if_match(client, f"/v1/statement-links/{link['id']}")).status_code == 204
    assert_problem(client.get(f"/v1/statement-links/{link['id']}"), 404)


@pytest.mark.parametrize("fact", ["budget", "metric", "other"])
def test_any_kind_of_fact_can_be_linked(client: TestClient, facts: dict[str, Any], fact: str) -> None:
    column = {"other": "linked_statement_id"}.get(fact, f"{fact}_id")
    response = client.post("/v1/statement-links", json=body(facts, project_id=None, **{column: facts[fact]["id"]}, rating="supports"))
    assert response.status_code == 201, response.text
    assert response.json()[column] == facts[fact]["id"]


def test_a_link_expands_to_its_statement_and_source(client: TestClient, facts: dict[str, Any]) -> None:
    link = client.post("/v1/statement-links", json=body(facts)).json()
    expanded = client.get(f"/v1/statement-links/{link['id']}", params={"expand": "statement,source,project"}).json()
    assert (expanded["statement"]["id"], expanded["source"]["id"], expanded["project"]["id"]) == (
        facts["statement"]["id"], facts["source"]["id"], facts["statement"]["project_id"])


@pytest.mark.parametrize(("changes", "status", "field"), [
    ({"rating": "false"}, 422, "rating"),
    ({"rating": None}, 422, "rating"),
    ({"label": ""}, 422, "label"),
    ({"label": "x" * 101}, 422, "label"),
    ({"excerpt": None}, 422, "excerpt"),
    ({"statement_id": "1"}, 422, "statement_id"),
    ({"statement_id": 10**9}, 422, "statement_id"),
    ({"source_id": 10**9}, 422, "source_id"),
    ({"project_id": 10**9}, 422, "project_id"),
    ({"verdict": "false"}, 422, "verdict"),
])
def test_bad_input_names_the_field_and_writes_nothing(session: Session, client: TestClient, facts: dict[str, Any],
                                                      changes: dict[str, Any], status: int, field: str) -> None:
    before = count_rows(session, StatementLink)
    assert_problem(client.post("/v1/statement-links", json=body(facts, **changes)), status, field)
    assert count_rows(session, StatementLink) == before


@pytest.mark.parametrize("changes", [
    {"project_id": None},  # no fact
    {"budget_id": "budget"},  # two facts
    {"project_id": None, "linked_statement_id": "statement"},  # the statement against itself
])
def test_exactly_one_other_fact_is_required(session: Session, client: TestClient, facts: dict[str, Any], changes) -> None:
    resolved = {name: facts[value]["id"] if isinstance(value, str) else value for name, value in changes.items()}
    problem = assert_problem(client.post("/v1/statement-links", json=body(facts, **resolved)), 422)
    assert "linked_statement_id" in problem["detail"]
    assert count_rows(session, StatementLink) == 0


def test_the_statement_and_fact_of_a_link_are_fixed(client: TestClient, facts: dict[str, Any]) -> None:
    link = client.post("/v1/statement-links", json=body(facts)).json()
    assert_problem(client.patch(f"/v1/statement-links/{link['id']}", json={"budget_id": facts["budget"]["id"]}, headers=if_match(client, f"/v1/statement-links/{link['id']}")), 422, "budget_id")
    assert client.get(f"/v1/statement-links/{link['id']}").json()["version"] == 1


def test_a_cited_source_cannot_be_deleted(session: Session, client: TestClient, facts: dict[str, Any]) -> None:
    client.post("/v1/statement-links", json=body(facts))
    assert_problem(client.delete(f"/v1/sources/{facts['source']['id']}", headers=if_match(client, f"/v1/sources/{facts['source']['id']}")), 409)
    session.rollback()  # the refused delete aborted the request's savepoint (PostgreSQL)
    assert count_rows(session, StatementLink) == 1


def test_a_link_to_a_deleted_fact_is_no_longer_shown(session: Session, client: TestClient, facts: dict[str, Any]) -> None:
    client.post("/v1/statement-links", json=body(facts, project_id=None, linked_statement_id=facts["other"]["id"]))
    scorecard_url = f"/v1/projects/{facts['statement']['project_id']}/scorecard"
    assert len(client.get(scorecard_url).json()["statements_against_outcomes"]) == 1
    assert client.get(f"/v1/statements/{facts['statement']['id']}/claimreview").status_code == 200
    other = f"/v1/statements/{facts['other']['id']}"
    assert client.delete(other, headers=if_match(client, other)).status_code == 204  # a soft delete
    assert client.get(scorecard_url).json()["statements_against_outcomes"] == []
    assert_problem(client.get(f"/v1/statements/{facts['statement']['id']}/claimreview"), 404)


def test_removing_the_statement_for_good_removes_its_links(session: Session, client: TestClient,
                                                          facts: dict[str, Any]) -> None:
    client.post("/v1/statement-links", json=body(facts))
    session.execute(sa.delete(Statement.__table__).where(Statement.id == facts["statement"]["id"]))
    assert count_rows(session, StatementLink) == 0  # ON DELETE CASCADE, on both engines


def row(facts: dict[str, Any], **changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    values = body(facts, **changes) | {"created_at": now, "updated_at": now, "version": 1}
    return values


@pytest.mark.parametrize("changes", [
    {"project_id": None},
    {"budget_id": "budget"},
    {"metric_id": "metric", "linked_statement_id": "other"},
    {"project_id": None, "linked_statement_id": "statement"},
    {"statement_id": 10**9},
    {"project_id": 10**9},
    {"source_id": 10**9},
    {"rating": "true"},
])
def test_the_database_enforces_integrity_on_its_own(session: Session, facts: dict[str, Any], changes: dict[str, Any]) -> None:
    resolved = {name: facts[value]["id"] if isinstance(value, str) and value in facts else value for name, value in changes.items()}
    table = StatementLink.__table__
    with pytest.raises(IntegrityError), session.begin_nested():
        # bypass the Enum's Python-side check to reach the database's CHECK constraint
        session.connection().execute(sa.text(
            "INSERT INTO statement_links (created_at, updated_at, version, statement_id, project_id, budget_id, metric_id, "
            "linked_statement_id, rating, label, note, source_id, excerpt) VALUES (:created_at, :updated_at, :version, "
            ":statement_id, :project_id, :budget_id, :metric_id, :linked_statement_id, :rating, :label, :note, :source_id, "
            ":excerpt)"), {"budget_id": None, "metric_id": None, "linked_statement_id": None, **row(facts, **resolved)})
    assert session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one() == 0


def test_links_of_projects_pairs_each_link_with_its_statements_project(session: Session, client: TestClient,
                                                                      facts: dict[str, Any]) -> None:
    link = client.post("/v1/statement-links", json=body(facts)).json()
    pairs = session.execute(links_of_projects([facts["statement"]["project_id"]])).all()
    assert [(pair.parent_id, pair.related_id) for pair in pairs] == [(facts["statement"]["project_id"], link["id"])]


def test_the_scorecard_lists_a_link_to_another_projects_fact(session: Session, client: TestClient, facts: dict[str, Any]) -> None:
    elsewhere = make_budget(session, kind="spent", amount=6_000_000_000, currency="KRW", qualifier="approximate")
    client.post("/v1/statement-links", json=body(facts, project_id=None, budget_id=elsewhere["id"], rating="misleading"))
    card = client.get(f"/v1/projects/{facts['statement']['project_id']}/scorecard").json()
    (item,) = card["statements_against_outcomes"]
    assert (item["rating"], item["statement"]["id"]) == ("misleading", facts["statement"]["id"])
    assert (item["fact"]["type"], item["fact"]["id"], item["fact"]["rendered"]["ko"]) == ("budget", elsewhere["id"], "약 60억 원")
    assert item["evidence"]["excerpt"] == "합성 인용문"

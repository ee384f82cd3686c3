"""Related records: expanding a project with its cited facts, what a (soft) delete hides, and refused deletes."""

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api import as_json, assert_problem, if_match
from tests.factories import (
    count_rows,
    make_budget,
    make_citation,
    make_metric,
    make_organization,
    make_project,
    make_source,
    make_statement,
)

TABLES = ("projects", "budgets", "metrics", "statements", "sources", "citations")


def row_counts(session: Session) -> dict[str, int]:
    """Row counts as the next request will see them: a refused write's open transaction is rolled back
    first, exactly as the per-request session is closed after the response in production."""
    session.rollback()
    return {table: count_rows(session, table) for table in TABLES}


def cited_project(session: Session) -> dict[str, Any]:
    """A project with one budget, metric and statement, each cited; two sources in all."""
    project = make_project(session, organization_id=make_organization(session)["id"])
    first, second = make_source(session), make_source(session)
    facts = {
        "budget": make_budget(session, project_id=project["id"]),
        "metric": make_metric(session, project_id=project["id"]),
        "statement": make_statement(session, project_id=project["id"]),
    }
    citations = {kind: make_citation(session, source_id=first["id"], **{f"{kind}_id": fact["id"]}) for kind, fact in facts.items()}
    citations["second_on_budget"] = make_citation(session, source_id=second["id"], budget_id=facts["budget"]["id"])
    return {"project": project, "sources": [first, second], "facts": facts, "citations": citations}


def test_project_by_slug_expands_each_fact_with_its_citations(client: TestClient, session: Session) -> None:
    world = cited_project(session)
    make_budget(session)  # another project's fact, not to be embedded
    project, facts, citations = world["project"], world["facts"], world["citations"]

    response = client.get(f"/v1/projects/{project['slug']}", params={"expand": "budgets,metrics,statements,sources"})

    assert response.status_code == 200, response.text
    body = response.json()
    assert [budget["id"] for budget in body["budgets"]] == [facts["budget"]["id"]]
    assert [metric["id"] for metric in body["metrics"]] == [facts["metric"]["id"]]
    assert [statement["id"] for statement in body["statements"]] == [facts["statement"]["id"]]
    budget_citations = body["budgets"][0]["citations"]
    assert [c["id"] for c in budget_citations] == [citations["budget"]["id"], citations["second_on_budget"]["id"]]
    assert budget_citations[0] == {"id": citations["budget"]["id"], "source_id": world["sources"][0]["id"], "field": None,
                                   "excerpt": citations["budget"]["excerpt"], "excerpt_en": None, "note": None,
                                   "excerpt_found": None}
    assert [c["id"] for c in body["metrics"][0]["citations"]] == [citations["metric"]["id"]]
    assert [c["id"] for c in body["statements"][0]["citations"]] == [citations["statement"]["id"]]
    # every source cited by the project's facts, each once
    assert [source["id"] for source in body["sources"]] == [source["id"] for source in world["sources"]]
    assert body["sources"][0]["url"] == world["sources"][0]["url"]


def test_expanded_facts_carry_their_own_fields(client: TestClient, session: Session) -> None:
    world = cited_project(session)

    body = client.get(f"/v1/projects/{world['project']['slug']}", params={"expand": "budgets,metrics"}).json()

    assert body["budgets"][0]["amount"] == world["facts"]["budget"]["amount"]
    assert body["metrics"][0] == {**as_json(world["facts"]["metric"]), "citations": body["metrics"][0]["citations"]}
    assert "statements" not in body or body["statements"] is None


def test_expand_organization_and_project_citations(client: TestClient, session: Session) -> None:
    world = cited_project(session)
    own = make_citation(session, project_id=world["project"]["id"])

    body = client.get(f"/v1/projects/{world['project']['id']}", params={"expand": "organization,citations,sources"}).json()

    assert body["organization"]["id"] == world["project"]["organization_id"]
    assert [c["id"] for c in body["citations"]] == [own["id"]]
    assert own["source_id"] in [source["id"] for source in body["sources"]]


def test_a_project_without_facts_expands_to_empty_lists(client: TestClient, session: Session) -> None:
    project = make_project(session)

    body = client.get(f"/v1/projects/{project['slug']}", params={"expand": "budgets,metrics,statements,sources"}).json()

    assert (body["budgets"], body["metrics"], body["statements"], body["sources"]) == ([], [], [], [])


def test_deleting_a_budget_hides_its_citations_and_keeps_them(client: TestClient, session: Session) -> None:
    """Delete is soft (tests/history): the budget and its citations stay stored, untouched, and are hidden."""
    world = cited_project(session)
    budget, citations = world["facts"]["budget"], world["citations"]
    before = row_counts(session)

    assert client.delete(f"/v1/budgets/{budget['id']}", headers=if_match(client, f"/v1/budgets/{budget['id']}")).status_code == 204

    after = row_counts(session)
    assert after["budgets"] == before["budgets"]
    assert after["citations"] == before["citations"]
    assert_problem(client.get(f"/v1/budgets/{budget['id']}"), 404)
    assert_problem(client.get(f"/v1/citations/{citations['budget']['id']}"), 404)
    assert_problem(client.get(f"/v1/citations/{citations['second_on_budget']['id']}"), 404)
    assert client.get(f"/v1/citations/{citations['metric']['id']}").status_code == 200
    assert after["sources"] == before["sources"]


def test_deleting_a_project_that_has_budgets_is_refused_and_changes_nothing(client: TestClient, session: Session) -> None:
    world = cited_project(session)
    project = world["project"]
    before = row_counts(session)

    response = client.delete(f"/v1/projects/{project['id']}", headers=if_match(client, f"/v1/projects/{project['id']}"))

    assert_problem(response, 409)
    assert row_counts(session) == before
    assert client.get(f"/v1/projects/{project['id']}").json()["version"] == project["version"]
    assert client.get(f"/v1/budgets/{world['facts']['budget']['id']}").status_code == 200


def test_deleting_a_cited_source_is_refused_and_changes_nothing(client: TestClient, session: Session) -> None:
    world = cited_project(session)
    source = world["sources"][0]
    before = row_counts(session)

    response = client.delete(f"/v1/sources/{source['id']}", headers=if_match(client, f"/v1/sources/{source['id']}"))

    assert_problem(response, 409)
    assert row_counts(session) == before
    assert client.get(f"/v1/sources/{source['id']}").status_code == 200


def test_deleting_an_organization_still_responsible_for_a_project_is_refused(client: TestClient, session: Session) -> None:
    organization = make_organization(session)
    make_project(session, organization_id=organization["id"])
    before = row_counts(session)

    assert_problem(client.delete(f"/v1/organizations/{organization['id']}", headers=if_match(client, f"/v1/organizations/{organization['id']}")), 409)
    assert row_counts(session) == before


def test_a_source_can_be_deleted_once_its_citations_are(client: TestClient, session: Session) -> None:
    source = make_source(session)
    citation = make_citation(session, source_id=source["id"])

    assert client.delete(f"/v1/citations/{citation['id']}", headers=if_match(client, f"/v1/citations/{citation['id']}")).status_code == 204
    assert client.delete(f"/v1/sources/{source['id']}", headers=if_match(client, f"/v1/sources/{source['id']}")).status_code == 204
    assert_problem(client.get(f"/v1/sources/{source['id']}"), 404)

"""Delete is soft: the record is hidden everywhere, its history and citations stay, an admin can restore it."""

from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session
from starlette.datastructures import QueryParams

from app.models import Citation, Organization
from app.querying.params import parse_list_query
from app.resources.catalog import budgets
from app.services.listing import ordered_statement
from tests.api import assert_problem, if_match
from tests.factories import make_budget, make_citation, make_organization, make_project, make_source
from tests.history import admin, revisions_of


def delete(client: TestClient, url: str) -> None:
    response = client.delete(url, headers=if_match(client, url))
    assert response.status_code == 204, response.text


def budget_ids(client: TestClient, **params: Any) -> list[int]:
    response = client.get("/v1/budgets", params=params)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_a_deleted_budget_is_hidden_from_every_read(client: TestClient, session: Session) -> None:
    project = make_project(session)
    kept, gone = make_budget(session, project_id=project["id"], amount=10), make_budget(session, project_id=project["id"], amount=20)
    make_citation(session, budget_id=gone["id"])

    delete(client, f"/v1/budgets/{gone['id']}")

    assert_problem(client.get(f"/v1/budgets/{gone['id']}"), 404)
    assert_problem(client.patch(f"/v1/budgets/{gone['id']}", json={"amount": 1}, headers={"If-Match": '"budgets-1-v1"'}), 404)
    assert budget_ids(client, project_id=project["id"]) == [kept["id"]]
    listed = client.get("/v1/budgets", params={"project_id": project["id"], "count": "true", "facet": "kind"}).json()
    assert listed["total"] == 1 and listed["facets"]["kind"] == [{"value": "planned", "count": 1}]
    summary = client.get("/v1/budgets/summary", params={"project_id": project["id"]}).json()
    assert [(group["count"], group["sum"]) for group in summary["groups"]] == [(1, 10)]
    dossier = client.get(f"/v1/projects/{project['id']}", params={"expand": "budgets,sources"}).json()
    assert [budget["id"] for budget in dossier["budgets"]] == [kept["id"]]
    assert dossier["sources"] == []  # the only source was cited by the deleted budget
    query = parse_list_query(budgets, QueryParams({"project_id": str(project["id"])}))
    assert [row.id for row in session.execute(ordered_statement(budgets, query))] == [kept["id"]]  # exports


def test_a_deleted_record_is_not_found_by_search_or_through_a_relation(client: TestClient, session: Session) -> None:
    organization = make_organization(session, name="합성 삭제기관")
    project = make_project(session, name="합성 삭제될 사업", organization_id=organization["id"])
    assert [hit["id"] for hit in client.get("/v1/search", params={"q": "삭제될"}).json()["items"]] == [project["id"]]

    delete(client, f"/v1/projects/{project['id']}")

    assert client.get("/v1/search", params={"q": "삭제될"}).json()["items"] == []
    assert client.get("/v1/projects", params={"q": "삭제될"}).json()["items"] == []
    assert client.get("/v1/projects", params={"organization.name": "합성 삭제기관"}).json()["items"] == []
    expanded = client.get(f"/v1/organizations/{organization['id']}", params={"expand": "projects"}).json()
    assert expanded["projects"] == []


def test_filters_across_a_relation_ignore_a_deleted_related_record(client: TestClient, session: Session) -> None:
    organization = make_organization(session, name="합성 숨은 기관")
    project = make_project(session, organization_id=organization["id"])
    assert [p["id"] for p in client.get("/v1/projects", params={"organization.name": "합성 숨은 기관"}).json()["items"]] == [project["id"]]
    # the API refuses to delete an organization still responsible for a project; hide it underneath to check the filter
    session.execute(sa.update(Organization.__table__).where(Organization.id == organization["id"]).values(deleted_at=sa.func.now()))

    assert client.get("/v1/projects", params={"organization.name": "합성 숨은 기관"}).json()["items"] == []
    assert client.get(f"/v1/projects/{project['id']}", params={"expand": "organization"}).json()["organization"] is None


def test_history_and_citations_stay_and_restore_brings_both_back(client: TestClient, session: Session, admin_token: str) -> None:
    budget = make_budget(session)
    citation = make_citation(session, budget_id=budget["id"])
    stored = session.execute(sa.select(Citation.__table__).where(Citation.id == citation["id"])).one()
    url = f"/v1/budgets/{budget['id']}"

    delete(client, url)
    assert_problem(client.get(f"/v1/citations/{citation['id']}"), 404)  # hidden with the fact it cites
    assert [item["action"] for item in client.get(f"{url}/history").json()["items"]] == ["delete", "create"]
    assert_problem(client.post(f"{url}/restore"), 403)  # an editor may not

    restored = client.post(f"{url}/restore", headers={**admin(admin_token), "X-Change-Reason": "deleted by mistake"})

    assert restored.status_code == 200, restored.text
    assert restored.json()["version"] == 3 and restored.json()["amount"] == budget["amount"]
    assert restored.headers["etag"] == f'"budgets-{budget["id"]}-v3"'
    assert client.get(url).json() == restored.json()
    assert session.execute(sa.select(Citation.__table__).where(Citation.id == citation["id"])).one() == stored
    assert client.get(f"/v1/citations/{citation['id']}").status_code == 200
    last = revisions_of(session, "budgets", budget["id"])[-1]
    assert (last["action"], last["version"], last["reason"]) == ("restore", 3, "deleted by mistake")
    assert last["actor"].startswith("test-admin-")


def test_restore_is_refused_when_it_cannot_apply(client: TestClient, session: Session, admin_token: str) -> None:
    project = make_project(session)
    budget = make_budget(session, project_id=project["id"])
    delete(client, f"/v1/budgets/{budget['id']}")
    delete(client, f"/v1/projects/{project['id']}")

    assert_problem(client.post(f"/v1/budgets/{budget['id']}/restore", headers=admin(admin_token)), 409, "key")  # its project is deleted
    assert_problem(client.post(f"/v1/projects/{make_project(session)['id']}/restore", headers=admin(admin_token)), 409)  # not deleted
    assert_problem(client.post("/v1/projects/2147483647/restore", headers=admin(admin_token)), 404)
    assert client.post(f"/v1/projects/{project['slug']}/restore", headers=admin(admin_token)).status_code == 200
    assert client.post(f"/v1/budgets/{budget['id']}/restore", headers=admin(admin_token)).status_code == 200


def test_what_live_records_still_refer_to_cannot_be_deleted(client: TestClient, session: Session) -> None:
    organization = make_organization(session)
    project = make_project(session, organization_id=organization["id"])
    source = make_source(session)
    make_citation(session, source_id=source["id"], project_id=project["id"])
    make_budget(session, project_id=project["id"])

    assert_problem(client.delete(f"/v1/projects/{project['id']}", headers=if_match(client, f"/v1/projects/{project['id']}")), 409, "key")
    assert_problem(client.delete(f"/v1/sources/{source['id']}", headers=if_match(client, f"/v1/sources/{source['id']}")), 409, "key")
    assert_problem(client.delete(f"/v1/organizations/{organization['id']}",
                                 headers=if_match(client, f"/v1/organizations/{organization['id']}")), 409, "key")


def test_a_deleted_record_can_no_longer_be_referred_to_and_keeps_its_slug(client: TestClient, session: Session) -> None:
    project = make_project(session)
    delete(client, f"/v1/projects/{project['id']}")

    refused = client.post("/v1/budgets", json={"project_id": project["id"], "kind": "planned", "amount": 1, "currency": "KRW"})
    assert_problem(refused, 422, "project_id")
    assert_problem(client.post("/v1/projects", json={"slug": project["slug"], "name": "합성", "status": "active"}), 409, "slug")

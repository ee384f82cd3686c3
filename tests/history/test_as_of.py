"""as_of= reads what the dataset said at a moment: a published story can be reproduced after corrections."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.domain.korean_amounts import format_korean_amount
from app.models.base import utcnow
from seed.loader import load_all_cases
from tests.api import assert_problem, if_match
from tests.factories import make_budget, make_citation, make_organization, make_project

DOSSIER = "budgets,metrics,statements,citations,organization"


@pytest.fixture
def seeded(session: Session) -> Session:
    load_all_cases(session)
    return session


def moment(value=None) -> str:
    return (value or utcnow()).isoformat()


def correct(client: TestClient, url: str, body: dict, reason: str = "correction (synthetic)") -> dict:
    response = client.patch(url, json=body, headers={**if_match(client, url), "X-Change-Reason": reason})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_published_story_is_reproduced_after_a_later_correction(client: TestClient, seeded: Session) -> None:
    published_dossier = client.get("/v1/projects/metaverse-seoul", params={"expand": DOSSIER}).json()
    published_list = client.get("/v1/budgets", params={"project.slug": "metaverse-seoul", "sort": "-amount"}).json()
    published = moment()
    budget = published_dossier["budgets"][0]

    corrected = budget["amount"] + 1_000_000_000
    correct(client, f"/v1/budgets/{budget['id']}",
            {"amount": corrected, "qualifier": "exact", "amount_text": format_korean_amount(corrected)})
    assert client.get(f"/v1/budgets/{budget['id']}").json()["amount"] == budget["amount"] + 1_000_000_000

    then = client.get(f"/v1/budgets/{budget['id']}", params={"as_of": published})
    assert then.status_code == 200, then.text
    assert then.json() == {key: value for key, value in budget.items() if key != "citations"}
    listed = client.get("/v1/budgets", params={"project.slug": "metaverse-seoul", "sort": "-amount", "as_of": published})
    assert listed.status_code == 200, listed.text
    assert listed.json()["items"] == published_list["items"]
    dossier = client.get("/v1/projects/metaverse-seoul", params={"expand": DOSSIER, "as_of": published})
    assert dossier.status_code == 200, dossier.text
    assert dossier.json() == published_dossier


def test_as_of_lists_filter_sort_page_count_and_facet_the_past(client: TestClient, session: Session) -> None:
    project = make_project(session)
    budgets = [make_budget(session, project_id=project["id"], amount=amount, kind=kind)
               for amount, kind in ((100, "planned"), (200, "spent"), (300, "planned"))]
    before = moment()
    correct(client, f"/v1/budgets/{budgets[0]['id']}", {"amount": 900})
    make_budget(session, project_id=project["id"], amount=400)
    url = f"/v1/budgets/{budgets[1]['id']}"
    assert client.delete(url, headers=if_match(client, url)).status_code == 204

    params = {"project_id": project["id"], "as_of": before, "sort": "-amount", "limit": 2, "count": "true", "facet": "kind"}
    first = client.get("/v1/budgets", params=params)
    assert first.status_code == 200, first.text
    assert [item["amount"] for item in first.json()["items"]] == [300, 200]
    assert first.json()["total"] == 3
    assert first.json()["facets"]["kind"] == [{"value": "planned", "count": 2}, {"value": "spent", "count": 1}]
    second = client.get(first.json()["next_url"]).json()
    assert [item["amount"] for item in second["items"]] == [100] and second["next"] is None
    filtered = client.get("/v1/budgets", params={"project_id": project["id"], "as_of": before, "amount__lt": 250,
                                                 "fields": "amount", "project.status": "active"}).json()
    assert filtered["items"] == [{"id": budgets[0]["id"], "amount": 100}, {"id": budgets[1]["id"], "amount": 200}]
    now = client.get("/v1/budgets", params={"project_id": project["id"], "sort": "-amount"}).json()["items"]
    assert [item["amount"] for item in now] == [900, 400, 300]


def test_a_record_did_not_exist_before_its_creation_nor_after_its_deletion(client: TestClient, session: Session) -> None:
    earlier = moment(utcnow() - timedelta(seconds=1))
    organization = make_organization(session)
    created = moment()
    url = f"/v1/organizations/{organization['id']}"
    assert client.delete(url, headers=if_match(client, url)).status_code == 204

    assert_problem(client.get(url, params={"as_of": earlier}), 404)
    assert client.get(url, params={"as_of": created}).json()["name"] == organization["name"]
    assert_problem(client.get(url, params={"as_of": moment()}), 404)
    listed = client.get("/v1/organizations", params={"as_of": created, "id": organization["id"]}).json()["items"]
    assert [item["id"] for item in listed] == [organization["id"]]
    assert client.get("/v1/organizations", params={"as_of": moment(), "id": organization["id"]}).json()["items"] == []


def test_citations_of_a_deleted_fact_are_gone_as_of_after_the_delete(client: TestClient, session: Session) -> None:
    budget = make_budget(session)
    citation = make_citation(session, budget_id=budget["id"])
    cited = moment()
    url = f"/v1/budgets/{budget['id']}"
    assert client.delete(url, headers=if_match(client, url)).status_code == 204

    def listed(at: str) -> list[int]:
        return [item["id"] for item in client.get("/v1/citations", params={"as_of": at, "budget_id": budget["id"]}).json()["items"]]

    assert listed(cited) == [citation["id"]]
    assert listed(moment()) == []


def test_as_of_on_budgets_is_the_field_unless_it_has_a_time(client: TestClient, session: Session) -> None:
    project = make_project(session)
    reported = make_budget(session, project_id=project["id"], as_of="2024-03")
    make_budget(session, project_id=project["id"], as_of="2023")
    later = moment()
    make_budget(session, project_id=project["id"], as_of="2024-05")

    def ids(**params) -> list[int]:
        response = client.get("/v1/budgets", params={"project_id": project["id"], **params})
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert ids(as_of="2024-03") == [reported["id"]]  # the budget's own field, a partial date
    assert len(ids(as_of=later)) == 2  # a moment: the list as it was
    assert ids(as_of__eq="2024", as_of=later) == [reported["id"]]  # both


def test_what_cannot_be_read_as_of_a_moment_is_refused(client: TestClient, session: Session) -> None:
    project = make_project(session)
    at = moment()

    assert_problem(client.get("/v1/projects", params={"as_of": at, "q": "합성"}), 400, "q")
    assert_problem(client.get(f"/v1/projects/{project['id']}", params={"as_of": at, "expand": "sources"}), 400, "expand")
    assert_problem(client.get("/v1/projects", params={"as_of": at, "expand": "sources"}), 400, "expand")
    assert_problem(client.get("/v1/projects", params={"as_of": "2024-01-01"}), 400, "as_of")  # a moment needs a time
    assert_problem(client.get(f"/v1/projects/{project['id']}", params={"as_of": "yesterday"}), 400, "as_of")
    assert_problem(client.get("/v1/projects", params={"as_of": at, "format": "csv"}), 400)
    assert_problem(client.get("/v1/projects/summary", params={"as_of": at}), 400, "as_of")
    assert_problem(client.get("/v1/projects", params={"as_of": at, "status": "nonsense"}), 400, "status")


def test_an_offset_free_moment_is_utc(client: TestClient, session: Session) -> None:
    project = make_project(session)
    at = utcnow()
    naive = at.replace(tzinfo=None).isoformat()
    in_seoul = (at + timedelta(hours=9)).replace(tzinfo=None).isoformat() + "+09:00"

    assert client.get(f"/v1/projects/{project['id']}", params={"as_of": naive}).status_code == 200
    assert client.get(f"/v1/projects/{project['id']}", params={"as_of": in_seoul}).status_code == 200
    just_before = (at - timedelta(seconds=1) + timedelta(hours=9)).replace(tzinfo=None).isoformat() + "+09:00"
    assert client.get(f"/v1/projects/{project['id']}", params={"as_of": just_before}).status_code == 404

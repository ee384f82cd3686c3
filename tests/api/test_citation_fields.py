"""A citation may support one field of its record: validated on every write, filterable, shown where it is embedded."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api import assert_problem, if_match
from tests.factories import make_budget, make_project, make_source


def test_a_field_citation_is_stored_filtered_and_shown_with_its_record(client: TestClient, session: Session) -> None:
    project = make_project(session)
    budget = make_budget(session, project_id=project["id"])
    source = make_source(session)
    amount = client.post("/v1/citations", json={"source_id": source["id"], "budget_id": budget["id"], "field": "amount",
                                                "excerpt": "약 60억 원의 예산을 들였지만"})
    whole = client.post("/v1/citations", json={"source_id": source["id"], "budget_id": budget["id"], "excerpt": "예산"})
    assert amount.status_code == 201, amount.text
    assert (amount.json()["field"], whole.json()["field"]) == ("amount", None)

    listed = client.get("/v1/citations", params={"budget_id": budget["id"], "field": "amount"}).json()["items"]
    assert [item["id"] for item in listed] == [amount.json()["id"]]
    whole_record = client.get("/v1/citations", params={"budget_id": budget["id"], "field__isnull": "true"}).json()["items"]
    assert [item["id"] for item in whole_record] == [whole.json()["id"]]

    dossier = client.get(f"/v1/projects/{project['slug']}", params={"expand": "budgets"}).json()
    assert [(c["id"], c["field"]) for c in dossier["budgets"][0]["citations"]] == [
        (amount.json()["id"], "amount"), (whole.json()["id"], None)]


def test_a_field_the_cited_record_does_not_have_is_refused(client: TestClient, session: Session) -> None:
    budget = make_budget(session)
    source = make_source(session)
    body = {"source_id": source["id"], "budget_id": budget["id"], "excerpt": "지난해 1월"}
    for field in ("started", "amount_en", "id", ""):
        assert_problem(client.post("/v1/citations", json={**body, "field": field}), 422, "field")
    assert client.get("/v1/citations", params={"budget_id": budget["id"]}).json()["items"] == []


def test_changing_a_citation_to_a_field_of_another_kind_of_record_is_refused(client: TestClient, session: Session) -> None:
    project = make_project(session)
    created = client.post("/v1/citations", json={"source_id": make_source(session)["id"], "project_id": project["id"],
                                                 "field": "started", "excerpt": "지난해 1월 서비스를 시작한"}).json()
    url = f"/v1/citations/{created['id']}"
    assert_problem(client.patch(url, json={"field": "amount"}, headers=if_match(client, url)), 422, "field")
    moved = client.patch(url, json={"field": "ended"}, headers=if_match(client, url))
    assert moved.status_code == 200, moved.text
    assert moved.json()["field"] == "ended"

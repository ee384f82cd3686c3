"""A single record takes `fields=` and `expand=` as a list does, and refuses any other parameter."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api import assert_problem, if_match
from tests.factories import make_budget, make_citation


def test_fields_narrows_a_single_record_to_id_and_the_fields_named(client: TestClient, session: Session) -> None:
    budget = make_budget(session)

    body = client.get(f"/v1/budgets/{budget['id']}", params={"fields": "amount,currency"}).json()

    assert body == {"id": budget["id"], "amount": budget["amount"], "currency": budget["currency"]}


def test_fields_and_expand_together_keep_the_relation(client: TestClient, session: Session) -> None:
    budget = make_budget(session)
    citation = make_citation(session, budget_id=budget["id"])

    body = client.get(f"/v1/projects/{budget['project_id']}", params={"fields": "slug", "expand": "budgets"}).json()

    assert set(body) == {"id", "slug", "budgets"}
    assert [item["id"] for item in body["budgets"]] == [budget["id"]]
    assert body["budgets"][0]["citations"][0]["excerpt"] == citation["excerpt"]


def test_fields_applies_to_an_earlier_version_too(client: TestClient, session: Session) -> None:
    budget = make_budget(session)
    url = f"/v1/budgets/{budget['id']}"
    client.patch(url, json={"amount": budget["amount"] + 1}, headers=if_match(client, url))

    body = client.get(url, params={"version": 1, "fields": "amount"}).json()

    assert body == {"id": budget["id"], "amount": budget["amount"]}


def test_an_unknown_parameter_on_a_single_record_is_a_400_naming_it(client: TestClient, session: Session) -> None:
    budget = make_budget(session)

    response = client.get(f"/v1/budgets/{budget['id']}", params={"fields": "amount", "foo": "bar"})

    problem = assert_problem(response, 400, "foo")
    assert "fields, expand, version, as_of" in problem["detail"]


def test_an_unknown_field_or_relation_on_a_single_record_is_a_400(client: TestClient, session: Session) -> None:
    budget = make_budget(session)
    url = f"/v1/budgets/{budget['id']}"

    assert_problem(client.get(url, params={"fields": "amount,colour"}), 400, "fields")
    assert_problem(client.get(url, params={"expand": "metrics"}), 400, "expand")

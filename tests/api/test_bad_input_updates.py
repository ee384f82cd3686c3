"""Bad PATCH bodies and unknown ids in the path: problem+json naming the field, nothing changed."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api import as_json, assert_problem, if_match
from tests.factories import MAKERS, count_rows, make_budget, make_project, make_statement

RESOURCES = list(MAKERS)


def snapshot(client: TestClient, session: Session, path: str, key: Any) -> tuple[int, dict[str, Any]]:
    """Row count and the record as the next request sees them (a refused write's transaction is
    rolled back first, as closing the per-request session does in production)."""
    session.rollback()
    return count_rows(session, path), client.get(f"/v1/{path}/{key}").json()


@pytest.mark.parametrize("path", RESOURCES)
def test_patch_with_an_empty_body_is_refused(client: TestClient, session: Session, path: str) -> None:
    record = MAKERS[path](session)
    before = snapshot(client, session, path, record["id"])

    response = client.patch(f"/v1/{path}/{record['id']}", json={}, headers=if_match(client, f"/v1/{path}/{record['id']}"))

    assert_problem(response, 422, "body")
    assert snapshot(client, session, path, record["id"]) == before


REQUIRED_FIELD = {
    "projects": "name", "budgets": "amount", "metrics": "value", "statements": "quote",
    "sources": "url", "citations": "excerpt", "organizations": "classification", "people": "name",
}


@pytest.mark.parametrize("path", RESOURCES)
def test_patch_setting_a_required_field_to_null_is_refused(client: TestClient, session: Session, path: str) -> None:
    record = MAKERS[path](session)
    field = REQUIRED_FIELD[path]
    before = snapshot(client, session, path, record["id"])

    response = client.patch(f"/v1/{path}/{record['id']}", json={field: None}, headers=if_match(client, f"/v1/{path}/{record['id']}"))

    assert_problem(response, 422, field, location="body")
    assert snapshot(client, session, path, record["id"]) == before


PATCH_CASES: list[tuple[str, dict[str, Any], int, str]] = [
    ("budgets", {"amount": 1.5}, 422, "amount"),
    ("budgets", {"amount": True}, 422, "amount"),
    ("budgets", {"amount": 2**63}, 422, "amount"),
    ("budgets", {"currency": "KWR"}, 422, "currency"),
    ("budgets", {"project_id": 999999}, 422, "project_id"),
    ("budgets", {"project_id": False}, 422, "project_id"),
    ("budgets", {"period_start": "2023-02-30"}, 422, "period_start"),
    ("budgets", {"colour": "blue"}, 422, "colour"),
    ("budgets", {"version": 99}, 422, "version"),
    ("budgets", {"amount_text": "가" * 201}, 422, "amount_text"),
    ("projects", {"name": "   "}, 422, "name"),
    ("projects", {"name": "가" * 301}, 422, "name"),
    ("projects", {"status": "finished"}, 422, "status"),
    ("projects", {"slug": "12345"}, 422, "slug"),
    ("projects", {"slug": "summary"}, 422, "slug"),  # would be shadowed by /v1/projects/summary
    ("projects", {"announced": "January 2023"}, 422, "announced"),
    ("metrics", {"value": "abc"}, 422, "value"),
    ("metrics", {"unit": "kg"}, 422, "unit"),
    ("citations", {"budget_id": 1}, 422, "budget_id"),  # the cited fact is fixed once created
    ("citations", {"source_id": 999999}, 422, "source_id"),
    ("people", {"name": ""}, 422, "name"),
]


@pytest.mark.parametrize(("path", "patch", "status", "field"), PATCH_CASES,
                         ids=[f"{path}-{status}-{field}-{i}" for i, (path, _, status, field) in enumerate(PATCH_CASES)])
def test_bad_patch_is_refused_and_changes_nothing(client: TestClient, session: Session,
                                                  path: str, patch: dict[str, Any], status: int, field: str) -> None:
    record = MAKERS[path](session)
    before = snapshot(client, session, path, record["id"])

    response = client.patch(f"/v1/{path}/{record['id']}", json=patch, headers=if_match(client, f"/v1/{path}/{record['id']}"))

    assert_problem(response, status, field, location="body")
    assert snapshot(client, session, path, record["id"]) == before


def test_patch_to_a_duplicate_slug_is_refused_naming_slug(client: TestClient, session: Session) -> None:
    taken, project = make_project(session), make_project(session)
    before = snapshot(client, session, "projects", project["id"])

    response = client.patch(f"/v1/projects/{project['id']}", json={"slug": taken["slug"]}, headers=if_match(client, f"/v1/projects/{project['id']}"))

    assert_problem(response, 409, "slug", location="body")
    assert snapshot(client, session, "projects", project["id"]) == before
    assert client.get(f"/v1/projects/{taken['slug']}").json()["id"] == taken["id"]


def test_patch_removing_the_only_speaker_is_refused_naming_it(client: TestClient, session: Session) -> None:
    statement = make_statement(session)
    before = snapshot(client, session, "statements", statement["id"])

    response = client.patch(f"/v1/statements/{statement['id']}", json={"speaker_person_id": None}, headers=if_match(client, f"/v1/statements/{statement['id']}"))

    problem = assert_problem(response, 422)
    assert {error["field"] for error in problem["errors"]} & {"speaker_person_id", "speaker_organization_id"}, problem["errors"]
    assert snapshot(client, session, "statements", statement["id"]) == before


def test_malformed_json_in_a_patch_is_refused(client: TestClient, session: Session) -> None:
    budget = make_budget(session)
    before = snapshot(client, session, "budgets", budget["id"])

    response = client.patch(f"/v1/budgets/{budget['id']}", content=b'{"amount": ', headers={"content-type": "application/json"})

    assert_problem(response, 400, "body")
    assert snapshot(client, session, "budgets", budget["id"]) == before


UNKNOWN_KEYS = ["999999", "3000000000", "99999999999999999999", "²", "nope"]


@pytest.mark.parametrize("key", UNKNOWN_KEYS, ids=["missing", "beyond-int32", "beyond-int64", "superscript-two", "word"])
@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_unknown_id_in_the_path_is_404(client: TestClient, session: Session, method: str, key: str) -> None:
    kept = as_json(make_budget(session))
    before = count_rows(session, "budgets")

    response = client.request(method, f"/v1/budgets/{key}", json={"amount": 1} if method == "PATCH" else None)

    assert_problem(response, 404)
    session.rollback()
    assert count_rows(session, "budgets") == before
    assert client.get(f"/v1/budgets/{kept['id']}").json() == kept


@pytest.mark.parametrize("url", ["/v1/budgets/999999", "/v1/projects/synthetic-no-such-slug"])
def test_a_404_names_the_path_parameter(client: TestClient, url: str) -> None:
    assert_problem(client.get(url), 404, "key", location="path")


def test_unknown_path_and_method_are_problems_too(client: TestClient) -> None:
    assert_problem(client.get("/v1/no-such-resource"), 404)
    assert_problem(client.put("/v1/people/1", json={"name": "합성"}), 405)

"""The list contract as published: every query parameter documented with an example, and the `q=` hook."""

import sys
import types
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.main import app
from app.querying.fields import filterable_fields
from app.querying.params import as_of_columns
from app.resources import ALL_RESOURCES
from tests.api import assert_problem
from tests.querying.helpers import get_ok, organization, person


@pytest.fixture(scope="module")
def paths() -> dict[str, Any]:
    with TestClient(app) as client:
        return client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize("resource", ALL_RESOURCES, ids=[resource.path for resource in ALL_RESOURCES])
def test_every_list_parameter_is_documented_with_an_example(paths: dict[str, Any], resource) -> None:
    operation = paths[f"/v1/{resource.path}"]["get"]
    documented = {parameter["name"]: parameter for parameter in operation["parameters"]}
    expected = {"limit", "cursor", "expand", "sort", "fields", "count", "facet", "format", "as_of"} | ({"q"} if resource.searchable else set())
    expected |= {item.declaration.parameter for item in as_of_columns(resource)}  # status_as_of
    for name, spec in filterable_fields(resource).items():
        expected |= {name if op == "eq" else f"{name}__{op}" for op in spec.operators}
    assert set(documented) == expected
    for name, parameter in documented.items():
        assert parameter.get("description"), name
        if name != "facet" or resource.facets:
            assert "example" in parameter or parameter.get("examples"), name
    assert "NULL" in operation["description"] or "null" in operation["description"]
    assert "every day it may denote" in operation["description"]


def test_examples_come_from_the_schemas_and_the_vocabularies(paths: dict[str, Any]) -> None:
    budgets = {p["name"]: p for p in paths["/v1/budgets"]["get"]["parameters"]}
    assert budgets["amount__gte"]["example"] == 6000000000
    assert budgets["kind__in"]["example"] == "planned,allocated"
    assert budgets["project.status"]["schema"]["enum"][0] == "planned"
    projects = {p["name"]: p for p in paths["/v1/projects"]["get"]["parameters"]}
    assert projects["started__gte"]["example"] == "2023"
    assert projects["name__contains"]["example"] == "메타버스 서울"


@pytest.mark.parametrize("path", ["budgets", "metrics", "projects"])
def test_summaries_are_documented_with_the_lists_filters(paths: dict[str, Any], path: str) -> None:
    summary = {parameter["name"]: parameter for parameter in paths[f"/v1/{path}/summary"]["get"]["parameters"]}
    listing = {parameter["name"] for parameter in paths[f"/v1/{path}"]["get"]["parameters"]}
    as_of_field = {"as_of"} if path != "projects" else set()  # budgets' and metrics' own field; the past is lists only
    assert set(summary) == listing - {"limit", "cursor", "expand", "sort", "fields", "count", "facet", "format", "as_of"} | {"group_by"} | as_of_field
    assert all("example" in parameter or parameter.get("examples") for parameter in summary.values())
    description = paths[f"/v1/{path}/summary"]["get"]["description"]
    assert "never mix" in description or path == "projects"


def test_q_calls_the_search_hook_with_the_resource_and_the_text(client: TestClient, session: Session,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    wanted, other = person(session, name="합성 검색 대상"), person(session, name="합성 다른 사람")
    calls = []

    def search_condition(resource, q):
        calls.append((resource.path, q))
        return resource.sa_table.c.id == wanted

    monkeypatch.setitem(sys.modules, "app.search", types.SimpleNamespace(search_condition=search_condition))
    body = get_ok(client, "/v1/people", q="대상", id__in=f"{wanted},{other}", count="true")
    assert [item["id"] for item in body["items"]] == [wanted] and body["total"] == 1
    assert calls == [("people", "대상")]


def test_q_is_400_while_search_is_not_available(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "app.search", None)  # as before app/search existed
    problem = assert_problem(client.get("/v1/people", params={"q": "합성"}), 400, "q", location="query")
    assert "search not available" in problem["detail"]


def test_every_list_takes_q(client: TestClient) -> None:
    for resource in ALL_RESOURCES:
        response = client.get(f"/v1/{resource.path}", params={"q": "합성"})
        assert response.status_code == 200, (resource.path, response.text)


def test_a_list_answer_has_the_documented_shape(client: TestClient, session: Session) -> None:
    org = organization(session)
    body = get_ok(client, "/v1/organizations", id=org, count="true", facet="classification")
    assert set(body) == {"items", "next", "next_url", "total", "facets"}
    assert set(get_ok(client, "/v1/organizations", id=org)) == {"items", "next", "next_url"}

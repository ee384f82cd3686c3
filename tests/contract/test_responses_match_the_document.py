"""Every read operation's real responses validate against the schema the document declares for their status.

Reads return orjson bytes built from Core rows, never passed through the response models; this test is
what holds them to the document. Each GET is called on seeded records with every relation expanded, with
`fields=`, and with counts and facets, and each answer must have a declared status and match its schema.
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator
from sqlalchemy import Engine

from app.api.v1.source_checks import checker
from app.main import app
from app.resources import ALL_RESOURCES
from tests.contract.offline_server import offline_checker
from tests.reliability.conftest import new_token

DOCUMENT = app.openapi()
PATH_VALUES = {"key": "1", "statement_id": "1", "check_id": "1"}
BY_PATH = {f"/v1/{resource.path}": resource for resource in ALL_RESOURCES}


def get_operations() -> list[tuple[str, dict[str, Any]]]:
    return [(path, item["get"]) for path, item in DOCUMENT["paths"].items()
            if "get" in item and "application/json" in item["get"]["responses"].get("200", {}).get("content", {})]


def variants(path: str) -> list[dict[str, str]]:
    """The query strings to try: plain, every relation expanded, a sparse fieldset, counts and facets."""
    resource = BY_PATH.get(path.removesuffix("/{key}"))
    if path == "/v1/compare":
        return [{"projects": "1,2"}]
    if path == "/v1/search":
        return [{"q": "서울"}, {"q": "metav*"}]
    if resource is None or path.endswith("/summary") or path.count("/") > 3:
        return [{}]
    found = [{}, {"fields": "version"}]
    if resource.relations:
        found += [{"expand": ",".join(resource.relations_by_name)},
                  {"expand": ",".join(resource.relations_by_name), "fields": "created_at"}]
    if not path.endswith("{key}"):
        found.append({"count": "true", **({"facet": ",".join(resource.facets)} if resource.facets else {})})
    return found


def validator(operation: dict[str, Any], status: int, media_type: str) -> Draft202012Validator:
    responses = operation["responses"]
    assert str(status) in responses, f"status {status} is not declared"
    schema = responses[str(status)]["content"][media_type]["schema"]
    return Draft202012Validator({**schema, "components": DOCUMENT["components"]})


@pytest.fixture
def admin_client(served: Engine) -> TestClient:
    """An admin's client (tokens are listed to admins), after one offline check of source 1 (so it has checks)."""
    client = TestClient(app, headers={"Authorization": f"Bearer {new_token(served)}"})
    app.dependency_overrides[checker] = offline_checker
    if not client.get("/v1/sources/1/checks").json()["items"]:
        assert client.post("/v1/sources/1/check").status_code == 201
    return client


@pytest.mark.parametrize(("path", "operation"), get_operations(), ids=[path for path, _ in get_operations()])
def test_every_read_answer_matches_its_declared_schema(path: str, operation: dict[str, Any], admin_client: TestClient) -> None:
    client = admin_client
    url = path.format(**PATH_VALUES)
    statuses = []
    for query in variants(path):
        response = client.get(url, params=query)
        media_type = response.headers["content-type"].split(";")[0]
        errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
                  for error in validator(operation, response.status_code, media_type).iter_errors(response.json())]
        assert errors == [], f"{url}?{query} answered {response.status_code} outside its schema"
        statuses.append(response.status_code)
    assert 200 in statuses, f"{url} never answered 200: {statuses}"

"""The published contract: /openapi.json and /docs, operation ids, schemas and error responses.

These tests need no database: they read the document the app generates.
"""

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import app
from app.resources import ALL_RESOURCES

# (path, singular, schema prefix): the public names that generated clients depend on.
NAMES = [
    ("projects", "project", "Project"),
    ("budgets", "budget", "Budget"),
    ("metrics", "metric", "Metric"),
    ("statements", "statement", "Statement"),
    ("sources", "source", "Source"),
    ("citations", "citation", "Citation"),
    ("organizations", "organization", "Organization"),
    ("people", "person", "Person"),
]
PROBLEM_STATUSES = ("400", "404", "409", "422", "503")
PROBLEM_MEDIA_TYPE = "application/problem+json"


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    with TestClient(app) as client:
        response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def v1_operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, operation) for path, item in document["paths"].items() if path.startswith("/v1/")
            for method, operation in item.items()]


def test_openapi_json_is_served(openapi: dict[str, Any]) -> None:
    assert openapi["openapi"].startswith("3.")
    assert openapi["info"]["title"]
    assert {f"/v1/{path}" for path, _, _ in NAMES} | {f"/v1/{path}/{{key}}" for path, _, _ in NAMES} <= set(openapi["paths"])


def test_docs_page_is_served() -> None:
    with TestClient(app) as client:
        response = client.get("/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "/openapi.json" in response.text


def test_operation_ids_are_unique_and_stable(openapi: dict[str, Any]) -> None:
    expected = {
        operation_id
        for path, singular, _ in NAMES
        for operation_id in (f"list_{path}", f"get_{singular}", f"create_{singular}", f"update_{singular}", f"delete_{singular}")
    }
    crud_routes = {f"/v1/{path}" for path, _, _ in NAMES} | {f"/v1/{path}/{{key}}" for path, _, _ in NAMES}
    all_ids = [operation["operationId"] for item in openapi["paths"].values() for operation in item.values()]
    crud_ids = {operation["operationId"] for path, _, operation in v1_operations(openapi) if path in crud_routes}

    assert len(all_ids) == len(set(all_ids))
    assert crud_ids == expected
    assert len(expected) == 40


@pytest.mark.parametrize(("method", "route", "operation_id"), [
    ("get", "/v1/projects", "list_projects"), ("post", "/v1/projects", "create_project"),
    ("get", "/v1/projects/{key}", "get_project"), ("patch", "/v1/projects/{key}", "update_project"),
    ("delete", "/v1/projects/{key}", "delete_project"), ("get", "/v1/people/{key}", "get_person"),
])
def test_operation_ids_sit_on_the_right_routes(openapi: dict[str, Any], method: str, route: str, operation_id: str) -> None:
    assert openapi["paths"][route][method]["operationId"] == operation_id


def test_every_v1_operation_declares_problem_responses(openapi: dict[str, Any]) -> None:
    missing = []
    for path, method, operation in v1_operations(openapi):
        for status in PROBLEM_STATUSES:
            content = operation["responses"].get(status, {}).get("content", {})
            if PROBLEM_MEDIA_TYPE not in content:
                missing.append(f"{method.upper()} {path} {status}")
    assert missing == []


def test_problem_responses_are_described_by_the_problem_schema(openapi: dict[str, Any]) -> None:
    """A generated client must know the shape of an application/problem+json body."""
    assert {"type", "title", "status", "detail", "errors"} <= set(openapi["components"]["schemas"]["Problem"]["properties"])
    undescribed = []
    for path, method, operation in v1_operations(openapi):
        for status in PROBLEM_STATUSES:
            media = operation["responses"].get(status, {}).get("content", {}).get(PROBLEM_MEDIA_TYPE, {})
            if media.get("schema", {}).get("$ref") != "#/components/schemas/Problem":
                undescribed.append(f"{method.upper()} {path} {status}")
    assert undescribed == []


@pytest.mark.parametrize(("path", "singular", "prefix"), NAMES)
def test_schema_components_exist(openapi: dict[str, Any], path: str, singular: str, prefix: str) -> None:
    schemas = openapi["components"]["schemas"]
    for suffix in ("Create", "Update", "Public"):
        assert f"{prefix}{suffix}" in schemas
    assert schemas[f"{prefix}Create"].get("additionalProperties") is False  # unknown fields are refused


@pytest.mark.parametrize(("path", "singular", "prefix"), NAMES)
def test_request_bodies_use_the_create_and_update_schemas(openapi: dict[str, Any], path: str, singular: str, prefix: str) -> None:
    def body_ref(route: str, method: str) -> str:
        return openapi["paths"][route][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]

    assert body_ref(f"/v1/{path}", "post") == f"#/components/schemas/{prefix}Create"
    assert body_ref(f"/v1/{path}/{{key}}", "patch") == f"#/components/schemas/{prefix}Update"


@pytest.mark.parametrize(("path", "singular", "prefix"), NAMES)
def test_success_responses_use_the_public_schemas(openapi: dict[str, Any], path: str, singular: str, prefix: str) -> None:
    """Clients generated from the document must get records, not strings: writes answer the whole record,
    reads the record as `fields=` and `expand=` shape it."""
    def response_ref(route: str, method: str, status: str) -> str | None:
        schema = openapi["paths"][route][method]["responses"][status]["content"]["application/json"]["schema"]
        return schema.get("$ref")

    public, read = f"#/components/schemas/{prefix}Public", f"#/components/schemas/{prefix}Read"
    assert response_ref(f"/v1/{path}", "get", "200") == f"#/components/schemas/Page_{prefix}Read_"
    assert response_ref(f"/v1/{path}", "post", "201") == public
    assert response_ref(f"/v1/{path}/{{key}}", "get", "200") == read
    assert response_ref(f"/v1/{path}/{{key}}", "patch", "200") == public
    assert "204" in openapi["paths"][f"/v1/{path}/{{key}}"]["delete"]["responses"]


@pytest.mark.parametrize("resource", ALL_RESOURCES, ids=[resource.path for resource in ALL_RESOURCES])
def test_reads_type_every_relation_as_the_related_public_schema(openapi: dict[str, Any], resource) -> None:
    """An expanded budget is a BudgetPublic in a generated client, not an untyped object; with `fields=`
    only `id` is sure to be present."""
    schemas = openapi["components"]["schemas"]
    read = schemas[resource.public_schema.__name__.removesuffix("Public") + "Read"]
    assert read["required"] == ["id"]
    for relation in resource.relations:
        refs = re.findall(r"'\$ref': '#/components/schemas/(\w+)'", str(read["properties"][relation.name]))
        assert refs and all(ref.endswith("Public") or ref == "CitationSummary" for ref in refs), relation.name


def test_no_response_body_is_an_untyped_object(openapi: dict[str, Any]) -> None:
    """Every JSON response schema names its properties: no `additionalProperties: true`, no bare `object`."""
    untyped = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if node.get("additionalProperties") is True or (node.get("type") == "object" and "properties" not in node
                                                             and "additionalProperties" not in node):
                untyped.append(where)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    for path, method, operation in v1_operations(openapi):
        for status, response in operation["responses"].items():
            walk(response.get("content", {}), f"{method.upper()} {path} {status}")
    for name, schema in openapi["components"]["schemas"].items():
        if not (name.endswith(("Create", "Update")) or name == "ImportDocument"):  # request bodies
            walk(schema, name)
    assert untyped == []


@pytest.mark.parametrize("resource", ALL_RESOURCES, ids=[resource.path for resource in ALL_RESOURCES])
def test_create_schemas_carry_every_declared_description_and_example(openapi: dict[str, Any], resource) -> None:
    properties = openapi["components"]["schemas"][resource.create_schema.__name__]["properties"]
    assert set(properties) == set(resource.create_schema.model_fields)
    for name, field in resource.create_schema.model_fields.items():
        if field.description:
            assert properties[name].get("description") == field.description, name
        if field.examples:
            assert properties[name].get("examples") == field.examples, name


def test_the_main_create_fields_are_documented(openapi: dict[str, Any]) -> None:
    """The fields a writer most needs explained have a description in the document."""
    schemas = openapi["components"]["schemas"]
    for schema, field in [("BudgetCreate", "amount"), ("BudgetCreate", "currency"), ("MetricCreate", "value"),
                          ("ProjectCreate", "slug"), ("CitationCreate", "excerpt"), ("StatementCreate", "quote"),
                          ("CitationCreate", "budget_id"), ("StatementCreate", "speaker_organization_id")]:
        assert schemas[schema]["properties"][field].get("description"), f"{schema}.{field}"


@pytest.mark.parametrize(("path", "singular", "prefix"), NAMES)
def test_list_operations_declare_their_filters_and_paging(openapi: dict[str, Any], path: str, singular: str, prefix: str) -> None:
    resource = next(resource for resource in ALL_RESOURCES if resource.path == path)
    parameters = {parameter["name"] for parameter in openapi["paths"][f"/v1/{path}"]["get"]["parameters"]}

    assert {"limit", "cursor", "expand"} <= parameters
    assert set(resource.filters) <= parameters


def test_every_operation_documents_the_503_and_its_retry_after(openapi: dict[str, Any]) -> None:
    """Any operation may meet a database that is down or a query over the time limit."""
    undocumented = [f"{method.upper()} {path}" for path, operations in openapi["paths"].items()
                    for method, operation in operations.items()
                    if "Retry-After" not in operation["responses"].get("503", {}).get("headers", {})]
    assert undocumented == []


@pytest.mark.parametrize(("methods", "statuses"), [
    (("patch", "delete"), {"412", "428"}),  # If-Match stale or missing
    (("post", "patch"), {"413", "422"}),  # a body over the limit; one that fails validation
    (("get",), {"400"}),  # an undeclared or malformed query parameter
])
def test_statuses_the_server_sends_are_declared(openapi: dict[str, Any], methods: tuple[str, ...], statuses: set[str]) -> None:
    undeclared = [f"{method.upper()} {path} {status}" for path, method, operation in v1_operations(openapi)
                  if method in methods and not (method == "delete" and path.startswith("/v1/tokens"))
                  and not (method == "post" and "requestBody" not in operation)
                  for status in statuses - set(operation["responses"])]
    assert undeclared == []

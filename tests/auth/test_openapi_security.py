"""The published contract declares the bearer scheme, on writes only, with their 401/403/412/428 problems."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import app

WRITE_METHODS = ("post", "patch", "put", "delete")


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    with TestClient(app) as client:
        return client.get("/openapi.json").json()


def operations(document: dict[str, Any]):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if path.startswith("/v1/"):
                yield path, method, operation


def test_the_bearer_scheme_is_declared(openapi: dict[str, Any]) -> None:
    scheme = openapi["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert "python -m app tokens create" in scheme["description"]


def test_writes_require_the_token_and_document_401_and_403(openapi: dict[str, Any]) -> None:
    writes = [(path, method, operation) for path, method, operation in operations(openapi) if method in WRITE_METHODS]
    assert len(writes) >= 28
    for path, method, operation in writes:
        assert operation.get("security") == [{"bearerAuth": []}], f"{method} {path}"
        for status in ("401", "403"):
            content = operation["responses"][status]["content"]
            assert content["application/problem+json"]["schema"]["$ref"] == "#/components/schemas/Problem", f"{method} {path}"


def test_reads_need_no_token(openapi: dict[str, Any]) -> None:
    guarded = [f"get {path}" for path, method, operation in operations(openapi) if method == "get" and "security" in operation]
    assert guarded == ["get /v1/tokens"]


def test_preconditions_are_documented(openapi: dict[str, Any]) -> None:
    for path, method, operation in operations(openapi):
        if path.endswith("/{key}") and method in ("patch", "delete") and "/tokens/" not in path:
            assert {"412", "428"} <= set(operation["responses"]), f"{method} {path}"
            assert any(parameter["name"] == "If-Match" and parameter["in"] == "header" for parameter in operation["parameters"])
        if path.endswith("/{key}") and method == "get" and path.count("/") == 3:
            assert "304" in operation["responses"], path
    create = openapi["paths"]["/v1/budgets"]["post"]
    assert any(parameter["name"] == "Idempotency-Key" for parameter in create["parameters"])
    assert {"409", "422"} <= set(create["responses"])

"""OpenAPI tweaks: error responses are documented as application/problem+json only."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.core.errors import PROBLEM_MEDIA_TYPE, Problem
from app.core.rate_limit import document_rate_limits


UNAVAILABLE = {
    "description": "The database is unreachable or busy, or a query ran over the time limit "
                   "(`query-timeout`): retry after Retry-After seconds, or narrow the request",
    "headers": {"Retry-After": {"description": "Seconds to wait before retrying",
                                "schema": {"type": "integer", "minimum": 1}}},
}


def document_unavailable(paths: dict[str, dict[str, Any]]) -> None:
    """Every operation reads the database, so any may answer 503 (app.core.errors)."""
    for operations in paths.values():
        for operation in operations.values():
            operation.setdefault("responses", {}).setdefault("503", dict(UNAVAILABLE))


TOO_LARGE = {"description": "The body is over the size limit (MAX_BODY_BYTES; bulk imports: MAX_IMPORT_BODY_BYTES)"}


def document_body_limits(paths: dict[str, dict[str, Any]]) -> None:
    """Every operation that takes a body may answer 413 before reading it (app.core.http)."""
    for operations in paths.values():
        for operation in operations.values():
            if "requestBody" in operation:
                operation["responses"].setdefault("413", dict(TOO_LARGE))


def document_if_match_as_required(paths: dict[str, dict[str, Any]]) -> None:
    """PATCH and DELETE need If-Match (app.core.etag): the header is optional to FastAPI only so that
    its absence is our 428 naming it, not a generic 422."""
    for operations in paths.values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "header" and parameter["name"] == "If-Match":
                    parameter["required"] = True
                    parameter["schema"] = {"type": "string", "minLength": 1}


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(problem.pop("$defs", {}))
            components["Problem"] = problem
            document_rate_limits(schema["paths"])
            document_unavailable(schema["paths"])
            document_if_match_as_required(schema["paths"])
            document_body_limits(schema["paths"])
            for path in schema["paths"].values():
                for operation in path.values():
                    for status, response in operation.get("responses", {}).items():
                        if status.startswith(("4", "5")):
                            response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi

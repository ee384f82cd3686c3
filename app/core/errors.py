"""One error shape for every failure: RFC 9457 problem details.

Handlers turn typed domain errors, validation errors and database constraint
violations into `application/problem+json`, naming the offending field. Nothing
else (no stack trace, no SQL) ever reaches a client.
"""

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.allowed_methods import allowed_methods
from app.core.json import dumps
from app.core.statement_timeout import is_statement_timeout

logger = logging.getLogger(__name__)
PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://accountability-api.example/problems/"


class FieldError(BaseModel):
    field: str = Field(description="Dotted path of the offending input, e.g. `amount` or `limit`.")
    location: str = Field(description="Where the input was: body, query, path or header.")
    message: str
    type: str = Field(description="Machine-readable error code.")


class Problem(BaseModel):
    """RFC 9457 problem details, with `errors` listing each offending field."""

    type: str = Field(examples=[PROBLEM_TYPE_BASE + "validation-error"])
    title: str = Field(examples=["Request body is invalid"])
    status: int = Field(examples=[422])
    detail: str = Field(examples=["amount: Input should be a valid integer"])
    instance: str | None = Field(None, examples=["/v1/budgets"])
    errors: list[FieldError] = Field(default_factory=list)


class ApiError(Exception):
    """A failure the client can act on; subclasses fix status and problem type."""

    status = 400
    code = "bad-request"
    title = "Bad request"

    def __init__(self, detail: str, errors: list[FieldError] | None = None, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}


class BadRequest(ApiError):
    status, code, title = 400, "bad-request", "Bad request"


class InvalidParameter(ApiError):
    status, code, title = 400, "invalid-parameter", "Invalid query parameter"

    def __init__(self, parameter: str, message: str, allowed: list[str] | None = None):
        if allowed:
            message = f"{message}. Allowed: {', '.join(allowed)}"
        super().__init__(f"{parameter}: {message}", [FieldError(field=parameter, location="query", message=message, type="invalid_parameter")])


class NotFound(ApiError):
    status, code, title = 404, "not-found", "Not found"


class Conflict(ApiError):
    status, code, title = 409, "conflict", "Conflict"


class UnprocessableEntity(ApiError):
    status, code, title = 422, "validation-error", "Request body is invalid"

    def __init__(self, field: str, message: str, kind: str = "value_error", more: list[FieldError] | None = None):
        first = FieldError(field=field, location="body", message=message, type=kind)
        errors = [first, *(more or [])]
        super().__init__("; ".join(f"{error.field}: {error.message}" for error in errors), errors)


class SumOutOfRange(ApiError):
    """A summary group whose exact sum lies outside the range every JSON client reads exactly."""

    status, code, title = 422, "sum-out-of-range", "A sum is outside the safe range"

    def __init__(self, message: str):
        super().__init__(f"group_by: {message}", [FieldError(field="group_by", location="query", message=message,
                                                             type="sum_out_of_range")])


class ServiceUnavailable(ApiError):
    status, code, title = 503, "service-unavailable", "Service unavailable"


def problem_response(request: Request, status: int, code: str, title: str, detail: str,
                     errors: list[FieldError] | None = None, headers: dict[str, str] | None = None) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "errors": [error.model_dump() for error in errors or []],
    }
    return Response(dumps(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


# Set by the server only (bookkeeping, soft delete, history): named as such when a writer sends one (OWASP API3).
SERVER_OWNED_FIELDS = frozenset({"id", "version", "created_at", "updated_at", "deleted_at", "deleted_by", "created_by",
                                 "updated_by", "changed_at", "changed_by", "revision", "revisions", "history",
                                 "verdict", "excerpt_found"})  # set by source checks


def field_errors(errors: Sequence[Any], location: str | None = None) -> list[FieldError]:
    """Pydantic errors as FieldErrors. A model-level check names its field in ctx["field"]."""
    result = []
    for error in errors:
        loc = tuple(error.get("loc") or ())
        if location is None:
            where, path = (str(loc[0]), loc[1:]) if loc else ("body", ())
        else:
            where, path = location, loc
        field = ".".join(str(part) for part in path) or (error.get("ctx") or {}).get("field") or where
        if error.get("type") == "json_invalid":
            field = "body"
        message, kind = error.get("msg", "invalid"), error.get("type", "value_error")
        if kind == "extra_forbidden" and path and str(path[-1]) in SERVER_OWNED_FIELDS:
            message, kind = f"{path[-1]} is server-owned: the server sets it and writers cannot send it", "server_owned"
        result.append(FieldError(field=field, location=where, message=message, type=kind))
    return result


async def _handle_validation(request: Request, exc: RequestValidationError) -> Response:
    errors = field_errors(exc.errors())
    if any(error.type == "json_invalid" for error in errors):
        return problem_response(request, 400, "malformed-json", "Malformed JSON", "The request body is not valid JSON.", errors)
    in_body = all(error.location == "body" for error in errors)
    status, title = (422, "Request body is invalid") if in_body else (400, "Invalid request parameter")
    detail = "; ".join(f"{error.field}: {error.message}" for error in errors)
    return problem_response(request, status, "validation-error" if in_body else "invalid-parameter", title, detail, errors)


async def _handle_api_error(request: Request, exc: ApiError) -> Response:
    return problem_response(request, exc.status, exc.code, exc.title, exc.detail, exc.errors, exc.headers)


async def _handle_http_exception(request: Request, exc: StarletteHTTPException) -> Response:
    title = {404: "Not found", 405: "Method not allowed", 413: "Request body too large"}.get(exc.status_code, "HTTP error")
    detail = exc.detail if isinstance(exc.detail, str) else title
    headers = getattr(exc, "headers", None)
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": allowed_methods(request)}
    return problem_response(request, exc.status_code, title.lower().replace(" ", "-"), title, detail, headers=headers)


async def _handle_integrity_error(request: Request, exc: IntegrityError) -> Response:
    logger.info("integrity error on %s: %s", request.url.path, exc.orig)
    return problem_response(request, 409, "conflict", "Conflict", "The change conflicts with existing data (a duplicate or a missing or still-referenced record).")


async def _handle_database_unavailable(request: Request, exc: Exception) -> Response:
    if isinstance(exc, OperationalError) and is_statement_timeout(exc):
        # 503, not 504 (a gateway's status): the server itself gave up, and a retry or a narrower request may pass.
        logger.warning("statement time limit on %s %s", request.method, request.url.path)
        return problem_response(request, 503, "query-timeout", "Query took too long",
                                "The database stopped this request's query at the statement time limit. Narrow it "
                                "(filters, a smaller page, fewer expansions) or retry shortly.", headers={"Retry-After": "5"})
    logger.warning("database unavailable on %s: %s", request.url.path, exc)
    return problem_response(request, 503, "service-unavailable", "Service unavailable", "The database is unavailable or busy; retry shortly.", headers={"Retry-After": "5"})


async def _handle_unexpected(request: Request, exc: Exception) -> Response:
    logger.exception("unhandled error on %s", request.url.path)
    return problem_response(request, 500, "internal-error", "Internal server error", "An unexpected error occurred; it has been logged.")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _handle_validation)
    app.add_exception_handler(ApiError, _handle_api_error)
    app.add_exception_handler(StarletteHTTPException, _handle_http_exception)
    app.add_exception_handler(IntegrityError, _handle_integrity_error)
    app.add_exception_handler(OperationalError, _handle_database_unavailable)
    app.add_exception_handler(PoolTimeoutError, _handle_database_unavailable)
    app.add_exception_handler(Exception, _handle_unexpected)


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"description": description}
    for status, description in {
        400: "Malformed JSON or an invalid query parameter",
        404: "No such record",
        409: "Duplicate or still-referenced record",
        422: "The request body failed validation",
    }.items()
}

"""The 429 in OpenAPI, on exactly the operations the cost model (policy.py) may count."""

from typing import Any

from app.core.rate_limit.policy import always_expensive, route_limit

COUNTED_HEADERS = {
    "RateLimit-Limit": "Requests of this kind a client may send at once (the bucket's size)",
    "RateLimit-Remaining": "How many of them are left now",
    "RateLimit-Reset": "Seconds until the bucket is full again",
}


def _header(description: str, minimum: int) -> dict[str, Any]:
    return {"description": description, "schema": {"type": "integer", "minimum": minimum}}


def rate_limited_response(limit: str, sometimes: bool) -> dict[str, Any]:
    when = " (counted only with q=, expand= or an export format)" if sometimes else ""
    headers = {"Retry-After": _header("Seconds to wait before the next request will pass", 1)}
    headers |= {name: _header(description, 0) for name, description in COUNTED_HEADERS.items()}
    return {"description": f"Too many {limit} requests from this client{when}; wait Retry-After seconds",
            "headers": headers}


def document_rate_limits(paths: dict[str, dict[str, Any]]) -> None:
    """Add the 429 to every operation of the OpenAPI `paths` that a limit may apply to."""
    for operations in paths.values():
        for method, operation in operations.items():
            operation_id = operation.get("operationId", "")
            limit = route_limit(method.upper(), operation_id)
            if limit is not None:
                sometimes = method == "get" and not always_expensive(operation_id)
                operation.setdefault("responses", {})["429"] = rate_limited_response(limit, sometimes)

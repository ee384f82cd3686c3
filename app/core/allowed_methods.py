"""The `Allow` header of a 405: every method the path has, where Starlette names only its first route's."""

import re

from starlette.requests import Request
from starlette.routing import Match

HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")


def allowed_methods(request: Request) -> str:
    """The methods of the path the request names, as the OpenAPI document lists them.

    Starlette's 405 names only the first route's methods. The document's first template matching
    the path wins, as routing does (`/v1/budgets/summary` is not `/v1/budgets/{key}`); a path the
    document leaves out (/docs) gets every method some route serves there.
    """
    for path, operations in request.app.openapi()["paths"].items():
        if _template(path).fullmatch(request.url.path):
            return ", ".join(method for method in HTTP_METHODS if method.lower() in operations)
    routes = request.app.router.routes
    return ", ".join(method for method in HTTP_METHODS
                     if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes))


def _template(path: str) -> re.Pattern[str]:
    """`/v1/projects/{key}` as a pattern: each parameter is one path segment."""
    parts = re.split(r"(\{[^/}]+\})", path)
    return re.compile("".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts))

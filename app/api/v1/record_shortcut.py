"""`GET /v1/<resource>/<key>` (with at most `expand=` and `fields=`) answered without FastAPI's routing and dependencies.

A single record is the most frequent read. Routing through every router and solving the
endpoint's dependencies cost more CPU than the record's query (profiled for bench/RESULTS.md), so
this pure ASGI layer, the innermost one (the HTTP policies and error pages wrap it as
before), answers such a request with the same function as the endpoint: the same bytes
and headers. Anything else goes on to the app unchanged: another method or path, any
other parameter (`version=`, `as_of=`), a path the document gives to another operation
(`/v1/projects/summary`), a read the rate limit would count (app.core.rate_limit.policy: none
now), a URL holding NUL (refused by the /v1 router's check). Refusals and database errors get
the app's own handlers, so the same problem+json (404, 400, 503).
"""

import re
from collections.abc import AsyncGenerator, Generator
from typing import Any

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.v1.records import record_read
from app.core.db import get_session
from app.core.rate_limit.policy import route_limit
from app.querying.params import parse_record_query
from app.resources import ALL_RESOURCES, Resource

PATH = re.compile(r"/v1/(?P<resource>[a-z][a-z-]*)/(?P<key>[^/]+)")
SHORTCUT_PARAMETERS = frozenset({"expand", "fields"})


class RecordReadShortcut:
    def __init__(self, app: ASGIApp, fastapi_app: FastAPI) -> None:
        self.app, self.fastapi_app = app, fastapi_app
        self._targets: dict[str, tuple[Resource, frozenset[str]]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        target = self._target(scope) if scope["type"] == "http" and scope["method"] == "GET" else None
        if target is None:
            await self.app(scope, receive, send)
            return
        resource, key = target
        request = Request(scope, receive)
        if not SHORTCUT_PARAMETERS.issuperset(request.query_params.keys()) or _holds_nul(key, request):
            await self.app(scope, receive, send)
            return
        response = await self._answer(request, resource, key)
        await response(scope, receive, send)

    def _target(self, scope: Scope) -> tuple[Resource, str] | None:
        match = PATH.fullmatch(scope["path"])
        if match is None:
            return None
        found = self.targets().get(match["resource"])
        if found is None or match["key"] in found[1]:
            return None
        return found[0], match["key"]

    def targets(self) -> dict[str, tuple[Resource, frozenset[str]]]:
        """Each resource whose `/v1/<path>/{key}` GET is the generic read, with the literal paths beside it
        (`summary`): read from the OpenAPI document once, so routes added later are respected."""
        if self._targets is None:
            paths = self.fastapi_app.openapi()["paths"]
            targets = {}
            for resource in ALL_RESOURCES:
                operation = paths.get(f"/v1/{resource.path}/{{key}}", {}).get("get", {})
                operation_id = f"get_{resource.singular}"
                if operation.get("operationId") != operation_id or route_limit("GET", operation_id) is not None:
                    continue
                literals = frozenset(path.rsplit("/", 1)[1] for path in paths
                                     if path.startswith(f"/v1/{resource.path}/") and path.count("/") == 3)
                targets[resource.path] = (resource, literals)
            self._targets = targets
        return self._targets

    async def _answer(self, request: Request, resource: Resource, key: str) -> Response:
        provider = self.fastapi_app.dependency_overrides.get(get_session, get_session)
        sessions = provider()
        try:
            session = await _first(sessions)
            try:
                return record_read(request, session, resource, key, parse_record_query(resource, request.query_params))
            except Exception as error:
                handler = self._handler(error)
                if handler is None:
                    raise
                return await handler(request, error)
        finally:
            await _close(sessions)

    def _handler(self, error: Exception) -> Any:
        """The app's handler of `error` (a 404 or 400 problem, the 503 of a database outage), as the endpoint's; `Exception`'s
        handler is the 500 page that the server-error layer outside renders, so the error is raised to it."""
        handlers = self.fastapi_app.exception_handlers
        return next((handlers[kind] for kind in type(error).__mro__ if kind in handlers and kind is not Exception), None)


def _holds_nul(key: str, request: Request) -> bool:
    """NUL in the key or a parameter: the /v1 router's own check refuses it (app.api.v1.url_text)."""
    return "\x00" in key or any("\x00" in name or "\x00" in value for name, value in request.query_params.multi_items())


async def _first(sessions: AsyncGenerator | Generator) -> Any:
    return await sessions.__anext__() if isinstance(sessions, AsyncGenerator) else next(sessions)


async def _close(sessions: AsyncGenerator | Generator) -> None:
    if isinstance(sessions, AsyncGenerator):
        await sessions.aclose()
    else:
        sessions.close()

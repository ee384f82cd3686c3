"""HTTP hygiene for every response: security headers, cache rules, CORS, body and URL limits, rate limits.

Public reads may be cached but must be revalidated (their ETags make that cheap);
anything sent with credentials is `private`, so a shared cache never keeps it.
"""

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.config import get_settings
from app.core.duplicate_keys import DuplicateKeyMiddleware
from app.core.errors import FieldError, problem_response
from app.core.rate_limit import install_rate_limits

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
# A response that declares its own policy (pages, the interactive docs) keeps it; the rest is data only.
DATA_ONLY_CSP = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")


class ResponseHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        authenticated = any(name == b"authorization" and value.strip() for name, value in scope["headers"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                framable = any(name.lower() == b"content-security-policy" and b"frame-ancestors *" in value
                               for name, value in headers)  # embeddable charts (app.web) only
                headers += [header for header in SECURITY_HEADERS
                            if header[0] not in present and not (framable and header[0] == b"x-frame-options")]
                if DATA_ONLY_CSP[0] not in present:
                    headers.append(DATA_ONLY_CSP)
                if b"cache-control" not in present:
                    cache = b"private, no-store" if authenticated or scope["method"] not in ("GET", "HEAD") else b"public, no-cache"
                    headers.append((b"cache-control", cache))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimitMiddleware:
    """Refuse a body whose declared length is over the limit with a 413 problem, before reading it.

    Bodies sent without a Content-Length are still cut off by FastAPI's own `max_body_size`
    (set to the larger limit), whose 413 is plain text.
    """

    def __init__(self, app: ASGIApp, default_limit: int, limits_by_path: dict[str, int]) -> None:
        self.app, self.default_limit, self.limits_by_path = app, default_limit, limits_by_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            limit = self.limits_by_path.get(scope["path"].rstrip("/"), self.default_limit)
            declared = dict(scope["headers"]).get(b"content-length", b"0")
            if declared.isdigit() and int(declared) > limit:
                error = FieldError(field="body", location="body", message=f"at most {limit} bytes", type="too_large")
                response = problem_response(Request(scope), 413, "request-too-large", "Request body too large",
                                            f"The body has {int(declared)} bytes; at most {limit} are accepted.", [error])
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class UrlLimitMiddleware:
    """Refuse a request whose path and query are longer than `limit` bytes with a 414 problem.

    The server reads request lines up to its own, larger limit (`--h11-max-incomplete-event-size`
    in the Makefile and Dockerfile), so a long URL gets this answer rather than a reset connection.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
            if length > self.limit:
                message = f"at most {self.limit} bytes of path and query"
                response = problem_response(Request(scope), 414, "uri-too-long", "URI too long",
                                            f"The URL has {length} bytes; {message} are accepted. Send fewer "
                                            "parameters or values.", [FieldError(field="url", location="path",
                                                                                 message=message, type="too_long")])
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install_http_policies(app: FastAPI) -> None:
    """Called before the routers are included (the rate limit is a dependency every route takes then)."""
    settings = get_settings()
    install_rate_limits(app)
    app.add_middleware(DuplicateKeyMiddleware, max_bytes=settings.max_import_body_bytes)
    app.add_middleware(
        BodyLimitMiddleware, default_limit=settings.max_body_bytes,
        limits_by_path={"/v1/imports": settings.max_import_body_bytes},
    )
    app.add_middleware(UrlLimitMiddleware, limit=settings.max_url_bytes)
    app.add_middleware(ResponseHeadersMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key", "X-Change-Reason"],
            expose_headers=["ETag", "Link", "Location", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining",
                            "RateLimit-Reset"],
        )

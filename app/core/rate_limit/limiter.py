"""Counting requests per client, refusing those over the limit with 429, and telling clients where they stand.

`check_rate_limit` is a dependency of every route (added before any router is included, so it
runs before authentication and the endpoint): a refused request does no work at all. It keeps
its decision in the request's scope; `RateLimitHeadersMiddleware` copies it onto the response
as RateLimit-* fields, so every counted response, not only the 429, shows the budget left.
"""

import hashlib
import time
from collections.abc import Callable
from typing import Protocol

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.config import Settings
from app.core.errors import ApiError
from app.core.rate_limit.buckets import Decision, Limit, MemoryStore
from app.core.rate_limit.policy import EXPENSIVE, WRITES, describe, request_limit
from app.core.rate_limit.redis_store import RedisStore

DECISION_KEY = "rate_limit_decision"  # in the ASGI scope, set by the dependency, read by the middleware


class Store(Protocol):
    def take(self, key: str, limit: Limit, now: float) -> Decision | None: ...


class RateLimiter:
    def __init__(self, limits: dict[str, Limit], store: Store, clock: Callable[[], float] = time.time) -> None:
        self.limits, self.store, self.clock = limits, store, clock

    @classmethod
    def from_settings(cls, settings: Settings) -> "RateLimiter | None":
        if not settings.rate_limit_enabled:
            return None
        limits = {
            WRITES: Limit(WRITES, settings.rate_limit_writes_per_minute, settings.rate_limit_writes_burst, describe(WRITES)),
            EXPENSIVE: Limit(EXPENSIVE, settings.rate_limit_expensive_per_minute, settings.rate_limit_expensive_burst,
                             describe(EXPENSIVE)),
        }
        if settings.rate_limit_redis_url:
            store: Store = RedisStore(settings.rate_limit_redis_url, settings.rate_limit_redis_prefix,
                                      settings.rate_limit_redis_timeout_seconds)
        else:
            store = MemoryStore(settings.rate_limit_max_clients)
        return cls(limits, store)

    def take(self, limit_name: str, client: str) -> Decision | None:
        return self.store.take(f"{limit_name}:{client}", self.limits[limit_name], self.clock())


class TooManyRequests(ApiError):
    status, code, title = 429, "rate-limited", "Too many requests"

    def __init__(self, decision: Decision) -> None:
        limit = decision.limit
        super().__init__(f"Over the {limit.name} limit: {limit.burst} at once, then {limit.per_minute:g} a minute, for "
                         f"{limit.covers}. Retry in {decision.retry_after} s.",
                         headers={"Cache-Control": "no-store", **decision.headers()})


def client_of(request: Request, limit_name: str) -> str:
    """Writes count per bearer token, everything else per IP address.

    The token is known by a digest of it, not its name: the name needs the database lookup that
    authentication does after this check, and a made-up token gets its own budget but can write
    nothing (401). Behind a proxy, run uvicorn with --proxy-headers and --forwarded-allow-ips so that
    the address is the client's, not the proxy's."""
    if limit_name == WRITES:
        scheme, _, credentials = request.headers.get("authorization", "").strip().partition(" ")
        if scheme.lower() == "bearer" and credentials.strip():
            return "token:" + hashlib.sha256(b"rate-limit:" + credentials.strip().encode()).hexdigest()[:32]
    return "ip:" + (request.client.host if request.client else "unknown")


async def check_rate_limit(request: Request) -> None:
    """Count the request against its limit (app.core.rate_limit.policy); over it, 429 before any work."""
    limiter: RateLimiter | None = getattr(request.app.state, "rate_limiter", None)
    limit_name = request_limit(request) if limiter is not None else None
    if limit_name is None:
        return
    decision = limiter.take(limit_name, client_of(request, limit_name))
    if decision is None:  # the store is unavailable: unlimited rather than failing
        return
    request.scope[DECISION_KEY] = decision
    if not decision.allowed:
        raise TooManyRequests(decision)


class RateLimitHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            decision: Decision | None = scope.get(DECISION_KEY)
            if message["type"] == "http.response.start" and decision is not None and decision.allowed:
                fields = [(name.lower().encode(), value.encode()) for name, value in decision.headers().items()]
                message = {**message, "headers": [*message.get("headers", []), *fields]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

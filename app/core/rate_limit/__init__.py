"""Per-client rate limits for writes and expensive reads (429 with Retry-After); see policy.py for what counts."""

from fastapi import Depends, FastAPI

from app.core.config import get_settings
from app.core.rate_limit.buckets import Decision, Limit, MemoryStore
from app.core.rate_limit.docs import document_rate_limits
from app.core.rate_limit.limiter import RateLimiter, RateLimitHeadersMiddleware, TooManyRequests, check_rate_limit
from app.core.rate_limit.redis_store import RedisStore


def install_rate_limits(app: FastAPI) -> None:
    """Before any router is included: a router's routes take the app's dependencies when included.
    Tests and operators may replace `app.state.rate_limiter` (None: no limits)."""
    app.state.rate_limiter = RateLimiter.from_settings(get_settings())
    app.router.dependencies.append(Depends(check_rate_limit))
    app.add_middleware(RateLimitHeadersMiddleware)


__all__ = ["Decision", "Limit", "MemoryStore", "RateLimiter", "RedisStore", "TooManyRequests", "document_rate_limits",
           "install_rate_limits"]

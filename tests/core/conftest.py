"""Rate limiters on a clock the test moves, on the app the `client` fixture drives (which runs unlimited otherwise)."""

import os
import uuid
from collections.abc import Iterator

import pytest
import redis

from app.core.config import Settings
from app.core.rate_limit import RateLimiter
from app.main import app

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
BURST, PER_MINUTE = 2, 6  # two at once, then one every ten seconds
STORES = ["memory", pytest.param("redis", marks=pytest.mark.redis)]


class Clock:
    """Seconds, as time.time would give them, moved by the test instead of by sleeping."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


def small_limits(**overrides) -> Settings:
    values = {"rate_limit_enabled": True, "rate_limit_writes_burst": BURST, "rate_limit_writes_per_minute": PER_MINUTE,
              "rate_limit_expensive_burst": BURST, "rate_limit_expensive_per_minute": PER_MINUTE,
              "rate_limit_redis_url": None}
    return Settings(**{**values, **overrides})


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own on the TEST_REDIS_URL server, its keys deleted afterwards."""
    if not TEST_REDIS_URL:
        pytest.skip("Redis variant: set TEST_REDIS_URL=redis://… to run it")
    prefix = f"test-rate-limit:{uuid.uuid4().hex}:"
    yield prefix
    with redis.Redis.from_url(TEST_REDIS_URL) as server:
        keys = list(server.scan_iter(match=prefix + "*"))
        if keys:
            server.delete(*keys)


def make_limiter(store: str, clock: Clock, request: pytest.FixtureRequest) -> RateLimiter:
    """Small limits (BURST, PER_MINUTE) kept in memory or, for "redis", under a prefix of the test's own."""
    if store == "memory":
        limiter = RateLimiter.from_settings(small_limits())
    else:
        prefix = request.getfixturevalue("redis_prefix")
        limiter = RateLimiter.from_settings(small_limits(rate_limit_redis_url=TEST_REDIS_URL, rate_limit_redis_prefix=prefix))
        request.addfinalizer(limiter.store.close)
    assert limiter is not None
    limiter.clock = clock
    return limiter


@pytest.fixture(params=STORES)
def limiter(request: pytest.FixtureRequest, clock: Clock) -> Iterator[RateLimiter]:
    """The app's limiter for this test, in memory or in Redis."""
    app.state.rate_limiter = make_limiter(request.param, clock, request)
    yield app.state.rate_limiter
    app.state.rate_limiter = None

"""Where buckets live: memory stays bounded, Redis is shared by app instances, and a Redis outage limits nothing."""

import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.core.db import get_session
from app.core.rate_limit import Limit, MemoryStore, RateLimiter
from app.main import create_app
from tests.core.conftest import BURST, Clock, make_limiter, small_limits


def search_app(limiter: RateLimiter, session: Session) -> FastAPI:
    """Another instance of the app (as another worker would run it) on the test's transaction."""
    async def session_override():
        yield session

    instance = create_app()
    instance.state.rate_limiter = limiter
    instance.dependency_overrides[get_session] = session_override
    return instance


def test_memory_forgets_idle_clients_and_keeps_at_most_max_clients() -> None:
    store, limit = MemoryStore(max_clients=100), Limit("expensive", per_minute=60, burst=5, covers="test")
    for client in range(1000):
        store.take(f"ip:{client}", limit, now=0.0)
    assert len(store) == 100
    store.take("ip:late", limit, now=5.0)  # five seconds on, every earlier bucket is full again: forgotten
    assert len(store) == 1


@pytest.mark.redis
def test_two_app_instances_share_one_budget_through_redis(session: Session, clock: Clock,
                                                          request: pytest.FixtureRequest) -> None:
    first = search_app(make_limiter("redis", clock, request), session)
    second = search_app(make_limiter("redis", clock, request), session)
    with TestClient(first) as one, TestClient(second) as other:
        assert [one.get("/v1/search", params={"q": "서울"}).status_code for _ in range(BURST)] == [200] * BURST
        assert other.get("/v1/search", params={"q": "서울"}).status_code == 429
        clock.advance(10)
        assert other.get("/v1/search", params={"q": "서울"}).status_code == 200
        assert one.get("/v1/search", params={"q": "서울"}).status_code == 429


def test_when_redis_is_unreachable_requests_are_served_unlimited(session: Session, clock: Clock,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    limiter = RateLimiter.from_settings(small_limits(rate_limit_redis_url="redis://127.0.0.1:1/0"))
    assert limiter is not None
    limiter.clock = clock
    with TestClient(search_app(limiter, session)) as client, caplog.at_level(logging.WARNING):
        responses = [client.get("/v1/search", params={"q": "서울"}) for _ in range(BURST + 3)]
    assert [response.status_code for response in responses] == [200] * (BURST + 3)
    assert "ratelimit-remaining" not in responses[0].headers
    assert any("Redis is unavailable" in record.getMessage() for record in caplog.records)

"""Per-client rate limits as a client meets them: 429 with Retry-After, nothing done, budgets apart.

Each test runs with the limiter in memory and (with TEST_REDIS_URL) in Redis: BURST requests pass
at once, then one every 60 / PER_MINUTE seconds of the test's clock.
"""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.auth.tokens import create_token
from app.core.rate_limit import RateLimiter
from app.main import app
from app.models import Person
from app.models.api_token import TokenScope
from tests.api import assert_problem
from tests.core.conftest import BURST, PER_MINUTE, Clock
from tests.factories import count_rows


def new_person(client: TestClient, headers: dict[str, str] | None = None) -> int:
    return client.post("/v1/people", json={"name": "합성 인물"}, headers=headers).status_code


def test_writes_over_the_limit_get_429_with_retry_after_and_write_nothing(client: TestClient, session: Session,
                                                                           limiter: RateLimiter) -> None:
    created = [client.post("/v1/people", json={"name": "합성 인물"}) for _ in range(BURST)]
    assert [response.status_code for response in created] == [201] * BURST
    assert [response.headers["ratelimit-remaining"] for response in created] == [str(n) for n in range(BURST - 1, -1, -1)]
    before = count_rows(session, Person)

    refused = client.post("/v1/people", json={"name": "합성 인물"})

    body = assert_problem(refused, 429)
    assert body["type"].endswith("/rate-limited") and "writes" in body["detail"]
    assert int(refused.headers["retry-after"]) == 60 // PER_MINUTE
    assert refused.headers["ratelimit-limit"] == str(BURST) and refused.headers["ratelimit-remaining"] == "0"
    assert refused.headers["cache-control"] == "no-store"  # no cache may keep a refusal
    assert count_rows(session, Person) == before


def test_after_retry_after_the_client_may_write_again(client: TestClient, limiter: RateLimiter, clock: Clock) -> None:
    for _ in range(BURST):
        new_person(client)
    refused = client.post("/v1/people", json={"name": "합성 인물"})
    assert refused.status_code == 429

    clock.advance(int(refused.headers["retry-after"]) - 1)
    assert new_person(client) == 429
    clock.advance(1)
    assert new_person(client) == 201
    assert new_person(client) == 429  # one token came back, not the whole burst


def test_each_token_and_each_address_has_its_own_budget(client: TestClient, session: Session, limiter: RateLimiter) -> None:
    other = {"Authorization": f"Bearer {create_token(session, 'rate-limit-other', TokenScope.EDITOR)[1]}"}
    for _ in range(BURST):
        new_person(client)
    assert new_person(client) == 429
    assert new_person(client, other) == 201

    for _ in range(BURST):
        assert client.get("/v1/search", params={"q": "서울"}).status_code == 200
    assert client.get("/v1/search", params={"q": "서울"}).status_code == 429
    with TestClient(app, client=("203.0.113.7", 50000)) as elsewhere:
        assert elsewhere.get("/v1/search", params={"q": "서울"}).status_code == 200


@pytest.mark.parametrize("expensive", ["/v1/search?q=서울", "/v1/projects?q=서울", "/v1/budgets/summary",
                                       "/v1/projects?expand=budgets", "/v1/compare?projects=1,2"])
def test_expensive_reads_are_limited_and_plain_reads_never(client: TestClient, limiter: RateLimiter, expensive: str) -> None:
    for _ in range(BURST):
        counted = client.get(expensive)
        assert counted.status_code != 429 and "ratelimit-remaining" in counted.headers
    assert_problem(client.get(expensive), 429)
    for plain in ("/v1/projects", "/v1/projects?limit=1000", "/v1/people/1", "/healthz"):
        for _ in range(BURST + 2):
            response = client.get(plain)
            assert response.status_code != 429 and "ratelimit-remaining" not in response.headers


@pytest.mark.parametrize("export", [{"format": "csv"}, {"format": "ndjson"}])
def test_exports_count_against_the_expensive_limit_whether_asked_by_format_or_accept(
        client: TestClient, limiter: RateLimiter, export: dict[str, str]) -> None:
    for _ in range(BURST):
        assert client.get("/v1/search", params={"q": "서울"}).status_code == 200
    assert_problem(client.get("/v1/people", params=export), 429)
    accept = "text/csv" if export["format"] == "csv" else "application/x-ndjson"
    assert_problem(client.get("/v1/people", headers={"Accept": accept}), 429)
    assert_problem(client.get("/v1/export/datapackage"), 429)


def test_the_429_is_documented_on_the_limited_operations_only() -> None:
    with TestClient(app) as client:
        paths = client.get("/openapi.json").json()["paths"]
    documented = {(path, method) for path, operations in paths.items() for method, operation in operations.items()
                  if "429" in operation["responses"]}
    assert {("/v1/search", "get"), ("/v1/people", "post"), ("/v1/people/{key}", "patch"), ("/v1/people", "get"),
            ("/v1/budgets/summary", "get"), ("/v1/compare", "get"), ("/v1/export/datapackage", "get")} <= documented
    assert not {("/v1/people/{key}", "get"), ("/healthz", "get"), ("/v1/changes.atom", "get")} & documented
    too_many = paths["/v1/search"]["get"]["responses"]["429"]
    assert too_many["headers"]["Retry-After"]["schema"] == {"type": "integer", "minimum": 1}
    assert "application/problem+json" in too_many["content"]

"""Inputs that once reached the database and came back as 500s: each is now a 4xx problem on both engines.

Found by the schemathesis run and its hostile values (test_openapi_fuzz.py); kept here as plain,
deterministic requests so that each fix stays fixed whatever the fuzzer draws.
"""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.main import app
from tests.reliability.conftest import new_token

BEYOND_INTEGER = "99999999999"  # past PostgreSQL INTEGER (ids, versions)
BEYOND_BIGINT = "99999999999999999999"  # past SQLite's 64-bit integers
PAST_9999_IN_UTC = "9999-12-31T23:59:59-23:59"
BEFORE_YEAR_1_IN_UTC = "0001-01-01T00:00:00%2B23:59"
URLS = {
    400: [
        f"/v1/sources/1/checks?before={BEYOND_BIGINT}", f"/v1/sources/1/checks/{BEYOND_INTEGER}",
        f"/v1/statements/{BEYOND_INTEGER}/claimreview", f"/v1/projects/1?version={BEYOND_INTEGER}",
        f"/v1/budgets/1?version={BEYOND_BIGINT}",
        f"/v1/projects?created_at__gt={PAST_9999_IN_UTC}", f"/v1/projects?as_of={PAST_9999_IN_UTC}",
        f"/v1/projects/1?as_of={PAST_9999_IN_UTC}", f"/v1/changes?since={BEFORE_YEAR_1_IN_UTC}",
        "/v1/projects/a%00", "/v1/projects/a%00/history", "/v1/projects/a%00/scorecard", "/v1/compare?projects=1,a%00",
        "/v1/changes?project=a%00", "/v1/search?q=a%00b",
    ],
    404: [
        "/v1/projects/%C2%B2/scorecard", "/v1/projects/%C2%B2/timeline", "/v1/compare?projects=1,%C2%B2",
        f"/v1/projects/{BEYOND_INTEGER}/scorecard", f"/v1/compare?projects=1,{BEYOND_INTEGER}",
    ],
}
NUL_BODIES = [("/v1/people", {"name": "합성\u0000인물"}), ("/v1/sources", {"url": "https://example.org/\u0000", "title": "t"}),
              ("/v1/imports", {"people": [{"name": "합성\u0000인물"}]})]


@pytest.fixture
def admin_client(served: Engine) -> TestClient:
    return TestClient(app, raise_server_exceptions=False, headers={"Authorization": f"Bearer {new_token(served)}"})


@pytest.mark.parametrize(("status", "url"), [(status, url) for status, urls in URLS.items() for url in urls])
def test_a_hostile_url_is_refused_as_a_problem(admin_client: TestClient, status: int, url: str) -> None:
    response = admin_client.get(url)

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(("path", "body"), NUL_BODIES, ids=[path for path, _ in NUL_BODIES])
def test_text_with_nul_is_refused_naming_the_field_on_both_engines(admin_client: TestClient, path: str, body: dict) -> None:
    response = admin_client.post(path, json=body)

    assert response.status_code == 422, response.text
    assert any("NUL" in error["message"] for error in response.json()["errors"])


@pytest.mark.parametrize("reason", ["UTF-8''a%00b", "UTF-8''a%01b", "UTF-8''line%0Abreak", "a\x7fb"])
def test_a_change_reason_with_a_control_character_is_refused_and_nothing_is_written(
        admin_client: TestClient, served: Engine, reason: str) -> None:
    name = f"합성 사유 기관 {reason.encode().hex()}"

    response = admin_client.post("/v1/organizations", json={"name": name, "classification": "agency"},
                                 headers={"X-Change-Reason": reason})

    assert response.status_code == 400, response.text
    assert [error["field"] for error in response.json()["errors"]] == ["X-Change-Reason"]
    assert admin_client.get("/v1/organizations", params={"limit": 1000}).text.count(name) == 0


@pytest.mark.parametrize(("body", "key"), [
    ('{"name": "합성 중복 기관 1", "classification": "agency", "name": "합성 중복 기관 2"}', "name"),
    ('{"people": [{"name": "합성 중복 인물", "name_en": "A", "name_en": "B"}]}', "name_en"),
])
def test_a_json_body_naming_a_key_twice_is_refused_and_nothing_is_written(
        admin_client: TestClient, body: str, key: str) -> None:
    path = "/v1/imports" if body.startswith('{"people"') else "/v1/organizations"
    before = admin_client.get("/v1/changes", params={"limit": 1}).json()["items"]

    response = admin_client.post(path, content=body.encode(), headers={"Content-Type": "application/json"})

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [(error["field"], error["type"]) for error in response.json()["errors"]] == [(key, "duplicate_key")]
    assert admin_client.get("/v1/changes", params={"limit": 1}).json()["items"] == before


def test_the_same_key_in_different_objects_is_fine(admin_client: TestClient) -> None:
    body = '{"people": [{"name": "합성 각각 인물 1"}, {"name": "합성 각각 인물 2"}]}'
    response = admin_client.post("/v1/imports", content=body.encode(), headers={"Content-Type": "application/json"})
    assert response.status_code in (200, 201), response.text


def test_an_overlong_url_is_a_414_problem(admin_client: TestClient) -> None:
    response = admin_client.get("/v1/projects", params={"q": "a" * 20_000})

    assert response.status_code == 414, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "url"

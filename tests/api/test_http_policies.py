"""Every response carries security headers and cache rules; oversized bodies are refused unread."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.core.config import Settings, get_settings
from app.main import create_app
from app.models import Person
from tests.api import assert_problem
from tests.factories import count_rows


def test_a_body_over_the_limit_is_refused_with_a_problem_and_writes_nothing(client: TestClient, session: Session) -> None:
    before = count_rows(session, Person)
    oversized = b'{"name": "' + "가".encode() * (get_settings().max_body_bytes // 3 + 1) + b'"}'
    response = client.post("/v1/people", content=oversized, headers={"Content-Type": "application/json"})
    assert_problem(response, 413, field="body")
    assert count_rows(session, Person) == before


def test_a_bulk_import_may_be_larger_than_an_ordinary_write(client: TestClient, admin_token: str) -> None:
    body = b'{"people": [' + b",".join(b'{"name": "%d"}' % n for n in range(150_000)) + b"]}"
    assert get_settings().max_body_bytes < len(body) < get_settings().max_import_body_bytes
    response = client.post("/v1/imports", content=body, headers={"Authorization": f"Bearer {admin_token}",
                                                                  "Content-Type": "application/json"})
    assert response.status_code == 400  # too many records: read and judged, not refused for its size


def test_public_reads_are_revalidated_and_credentialed_requests_stay_private(client: TestClient) -> None:
    anonymous = client.get("/v1/projects", headers={"Authorization": ""})
    assert anonymous.headers["cache-control"] == "public, no-cache"
    assert client.get("/v1/projects").headers["cache-control"] == "private, no-store"
    assert client.get("/v1/projects/no-such-project", headers={"Authorization": ""}).headers["x-content-type-options"] == "nosniff"


def test_data_responses_forbid_framing_and_scripts_but_the_docs_still_load(client: TestClient) -> None:
    data = client.get("/v1/people")
    assert data.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert data.headers["x-frame-options"] == "DENY"
    for page in ("/docs", "/redoc"):
        docs = client.get(page)
        policy = docs.headers["content-security-policy"]
        assert docs.status_code == 200 and "script-src 'self';" in policy and "frame-ancestors 'none'" in policy


def test_cors_allows_only_the_configured_origins(monkeypatch) -> None:
    monkeypatch.setattr("app.core.http.get_settings", lambda: Settings(cors_origins=["https://newsroom.example"]))
    with TestClient(create_app()) as frontend:
        preflight = {"Access-Control-Request-Method": "PATCH", "Access-Control-Request-Headers": "If-Match"}
        allowed = frontend.options("/v1/projects", headers={"Origin": "https://newsroom.example", **preflight})
        refused = frontend.options("/v1/projects", headers={"Origin": "https://elsewhere.example", **preflight})
    assert allowed.headers["access-control-allow-origin"] == "https://newsroom.example"
    assert "access-control-allow-origin" not in refused.headers

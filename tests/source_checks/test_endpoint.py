"""POST /v1/sources/{id}/check (admin) and the history endpoints; the endpoint never reaches private addresses."""

import pytest
from fastapi.testclient import TestClient
from pytest_httpx import HTTPXMock
from sqlmodel import Session

from app.core.config import Settings
from app.services.source_checks import checker_config
from tests.factories import make_citation, make_source


def admin(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_redirect_to_a_private_address_is_refused_not_followed(
    httpx_mock: HTTPXMock, session: Session, client: TestClient, admin_token: str, checker
) -> None:
    source = make_source(session, url="https://news.example.com/moved")
    citation = make_citation(session, source_id=source["id"])
    httpx_mock.add_response(url=source["url"], status_code=302, headers={"Location": "http://10.0.0.7/admin"})

    response = client.post(f"/v1/sources/{source['id']}/check", headers=admin(admin_token))

    assert response.status_code == 201, response.text
    check = response.json()
    assert (check["verdict"], check["error"], check["status"]) == ("refused", "refused", 302)
    assert check["final_url"] == "http://10.0.0.7/admin" and "private" in check["error_detail"]
    assert check["redirects"] == [{"status": 302, "url": "http://10.0.0.7/admin"}]
    assert check["citations"] == [{"citation_id": citation["id"], "excerpt": citation["excerpt"],
                                   "status": "not_checkable", "reason": check["citations"][0]["reason"]}]
    assert [str(request.url) for request in httpx_mock.get_requests()] == [source["url"]]  # never the private one
    assert client.get(response.headers["location"]).json() == check
    assert client.get(f"/v1/sources/{source['id']}").json()["verdict"] == "refused"


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/v1/tokens", "http://intranet.example.com/",
                                 "http://169.254.169.254/latest/meta-data/"])
def test_private_targets_are_refused_before_any_request(
    httpx_mock: HTTPXMock, session: Session, client: TestClient, admin_token: str, checker, url: str
) -> None:
    source = make_source(session, url=url)

    check = client.post(f"/v1/sources/{source['id']}/check", headers=admin(admin_token)).json()

    assert check["verdict"] == "refused" and check["attempts"] == 0
    assert httpx_mock.get_requests() == []


def test_the_allow_list_comes_from_settings_and_is_empty_by_default() -> None:
    default = checker_config(Settings(_env_file=None))
    assert default.allowed_hosts == frozenset() and default.allowed_networks == ()
    local = checker_config(Settings(_env_file=None, source_check_allowed_networks=["127.0.0.0/8"],
                                    source_check_allowed_hosts=["mirror.internal"], source_check_max_bytes=1024))
    assert [str(net) for net in local.allowed_networks] == ["127.0.0.0/8"]
    assert local.allowed_hosts == frozenset({"mirror.internal"}) and local.max_bytes == 1024


def test_checking_needs_an_admin_token(session: Session, client: TestClient, checker) -> None:
    source = make_source(session)

    assert client.post(f"/v1/sources/{source['id']}/check", headers={"Authorization": ""}).status_code == 401
    assert client.post(f"/v1/sources/{source['id']}/check").status_code == 403  # the client's editor token
    assert client.get(f"/v1/sources/{source['id']}/checks").json()["items"] == []


def test_unknown_sources_and_checks_are_404(session: Session, client: TestClient, admin_token: str, checker) -> None:
    source = make_source(session)

    assert client.post("/v1/sources/999999/check", headers=admin(admin_token)).status_code == 404
    assert client.get("/v1/sources/999999/checks").status_code == 404
    assert client.get(f"/v1/sources/{source['id']}/checks/999999").status_code == 404


def test_history_pages_newest_first(
    httpx_mock: HTTPXMock, session: Session, client: TestClient, admin_token: str, checker
) -> None:
    source = make_source(session, url="https://news.example.com/paged")
    httpx_mock.add_response(url=source["url"], html="<p>page</p>", is_reusable=True)
    ids = [client.post(f"/v1/sources/{source['id']}/check", headers=admin(admin_token)).json()["id"] for _ in range(3)]

    first = client.get(f"/v1/sources/{source['id']}/checks", params={"limit": 2}).json()
    second = client.get(first["next_url"]).json()

    assert [c["id"] for c in first["items"]] == ids[:0:-1] and first["next"] == ids[1]
    assert [c["id"] for c in second["items"]] == ids[:1] and second["next"] is None


def test_writers_cannot_set_check_results(session: Session, client: TestClient) -> None:
    response = client.post("/v1/sources", json={"url": "https://example.org/w", "title": "t", "language": "ko",
                                                "verdict": "ok"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["type"] == "server_owned"

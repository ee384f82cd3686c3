"""A verdict or an excerpt result that changes is a change of the record: new version, new ETag, a revision."""

from fastapi.testclient import TestClient
from pytest_httpx import HTTPXMock
from sqlmodel import Session

from tests.api import if_match
from tests.factories import make_citation, make_source


def test_only_changed_results_make_revisions_named_after_who_checked(
    httpx_mock: HTTPXMock, session: Session, client: TestClient, admin_token: str, checker
) -> None:
    source = make_source(session, url="https://news.example.com/revised")
    citation = make_citation(session, source_id=source["id"], excerpt="still here")
    for _ in range(2):
        httpx_mock.add_response(url=source["url"], html="<p>still here</p>")
    httpx_mock.add_response(url=source["url"], status_code=404)
    admin = {"Authorization": f"Bearer {admin_token}"}

    checks = [client.post(f"/v1/sources/{source['id']}/check", headers=admin).json() for _ in range(3)]

    assert [check["verdict"] for check in checks] == ["ok", "ok", "gone"]
    current = client.get(f"/v1/sources/{source['id']}")
    assert current.json()["version"] == 4 and current.headers["etag"] == f'"sources-{source["id"]}-v4"'
    history = client.get(f"/v1/sources/{source['id']}/history").json()["items"]
    assert [(item["version"], item["changed"]) for item in history[:3]] == [
        (4, ["verdict"]), (3, ["verdict"]), (2, ["captured_text", "captured_at"])]  # the first page's text kept
    assert current.json()["captured_text"] == "still here"
    assert history[0]["after"]["verdict"] == "gone" and history[0]["reason"] == f"source check {checks[2]['id']}: gone"
    assert history[0]["actor"].startswith("test-admin-")
    cited = client.get(f"/v1/citations/{citation['id']}/history").json()["items"]
    assert [(item["version"], item["after"]["excerpt_found"]) for item in cited] == [(3, None), (2, True), (1, None)]


def test_the_command_line_checker_is_named_in_the_history(httpx_mock: HTTPXMock, session: Session, client: TestClient,
                                                           check) -> None:
    source = make_source(session, url="https://news.example.com/by-cli")
    httpx_mock.add_response(url=source["url"], status_code=410)

    check(source["id"])

    latest = client.get(f"/v1/sources/{source['id']}/history").json()["items"][0]
    assert (latest["actor"], latest["after"]["verdict"]) == ("source-checker", "gone")
    feed = client.get("/v1/changes", params={"entity": "sources"}).json()["items"]
    assert feed[0]["record_id"] == source["id"] and feed[0]["changed"] == ["verdict"]


def test_editing_the_url_clears_the_verdict_until_the_next_check(
    httpx_mock: HTTPXMock, session: Session, client: TestClient, admin_token: str, checker
) -> None:
    source = make_source(session, url="https://news.example.com/moved-away")
    httpx_mock.add_response(url=source["url"], status_code=404)
    httpx_mock.add_response(url="https://news.example.com/new-home", html="<p>here</p>")
    admin = {"Authorization": f"Bearer {admin_token}"}
    path = f"/v1/sources/{source['id']}"
    assert client.post(f"{path}/check", headers=admin).json()["verdict"] == "gone"

    retitled = client.patch(path, json={"title": "합성 새 제목"}, headers={**admin, **if_match(client, path)})
    moved = client.patch(path, json={"url": "https://news.example.com/new-home"}, headers={**admin, **if_match(client, path)})

    assert retitled.status_code == 200 and retitled.json()["verdict"] == "gone"  # the URL did not change
    assert moved.status_code == 200 and moved.json()["verdict"] is None
    assert client.get(f"{path}/history").json()["items"][0]["changed"] == ["url", "verdict"]
    assert client.get("/v1/sources", params={"verdict": "gone", "id": source["id"]}).json()["items"] == []
    assert client.post(f"{path}/check", headers=admin).json()["verdict"] == "ok"
    assert client.get(path).json()["verdict"] == "ok"

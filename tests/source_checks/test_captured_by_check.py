"""A check turns "unverified" into found or not found, and keeps the page's text when none is on record."""

from fastapi.testclient import TestClient
from pytest_httpx import HTTPXMock
from sqlmodel import Session

from tests.api import assert_problem
from tests.factories import make_budget, make_citation, make_source


def test_a_check_verifies_citations_and_keeps_the_page_as_the_captured_text(
    httpx_mock: HTTPXMock, session: Session, client: TestClient, admin_token: str, checker
) -> None:
    source = make_source(session, url="https://news.example.com/first-check")
    quoted = make_citation(session, source_id=source["id"], excerpt="예산을 들였습니다")
    misquoted = make_citation(session, source_id=source["id"], excerpt="전혀 다른 문장")
    httpx_mock.add_response(url=source["url"], html="<p>지금까지 약 10억 원의 예산을 들였습니다.</p>")
    assert {quoted["excerpt_found"], misquoted["excerpt_found"]} == {None}  # unverified until a check runs

    client.post(f"/v1/sources/{source['id']}/check", headers={"Authorization": f"Bearer {admin_token}"})

    shown = {c["id"]: c["excerpt_found"] for c in client.get("/v1/citations", params={"source_id": source["id"]}).json()["items"]}
    assert shown == {quoted["id"]: True, misquoted["id"]: False}
    assert client.get(f"/v1/sources/{source['id']}").json()["captured_text"] == "지금까지 약 10억 원의 예산을 들였습니다."
    refused = client.post("/v1/citations", json={"source_id": source["id"], "budget_id": make_budget(session)["id"],
                                                 "excerpt": "60억 원"})
    assert_problem(refused, 422, "excerpt")


def test_a_check_does_not_replace_a_text_on_record(
    httpx_mock: HTTPXMock, session: Session, client: TestClient, admin_token: str, checker
) -> None:
    source = make_source(session, url="https://news.example.com/captured", captured_text="기사 원문입니다.")
    cited = make_citation(session, source_id=source["id"], excerpt="기사 원문")
    httpx_mock.add_response(url=source["url"], status_code=404)

    client.post(f"/v1/sources/{source['id']}/check", headers={"Authorization": f"Bearer {admin_token}"})

    assert client.get(f"/v1/sources/{source['id']}").json()["captured_text"] == "기사 원문입니다."
    assert client.get(f"/v1/citations/{cited['id']}").json()["excerpt_found"] is None  # the page could not be read

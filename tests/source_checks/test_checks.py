"""Checking the seeded source and keeping the history: found, drift after an edit, gone, nothing overwritten."""

import hashlib

import sqlalchemy as sa
from fastapi.testclient import TestClient
from pytest_httpx import HTTPXMock
from sqlmodel import Session

from app.models import Citation, CitationCheck, Source, SourceCheck
from app.source_checking import wayback_lookup_url
from tests.factories import make_citation, make_source
from tests.source_checks.conftest import ARTICLE_URL, EDITED_FROM, EDITED_TO, NOW, article_page

HTML = {"Content-Type": "text/html; charset=UTF-8"}


def excerpt_found(session: Session, source_id: int) -> dict[int, bool | None]:
    rows = session.execute(sa.select(Citation.id, Citation.excerpt_found).where(Citation.source_id == source_id))
    return dict(rows.all())


def test_every_seeded_excerpt_is_found_in_the_article_page(httpx_mock: HTTPXMock, session: Session, article, check) -> None:
    httpx_mock.add_response(url=ARTICLE_URL, headers=HTML, content=article_page())
    assert len(article["citations"]) >= 9

    stored = check(article["id"])

    assert (stored["verdict"], stored["findings"], stored["status"]) == ("ok", ["ok"], 200)
    assert {c["citation_id"]: c["status"] for c in stored["citations"]} == dict.fromkeys(article["citations"], "found")
    assert stored["excerpts_found"] == len(article["citations"]) and stored["excerpts_not_found"] == 0
    assert stored["archive_lookup_url"] == wayback_lookup_url(ARTICLE_URL)  # the seed has no archive_url
    assert stored["checked_at"] == NOW and stored["charset"] == "utf-8" and stored["previous_hash"] is None
    assert session.get(Source, article["id"]).verdict == "ok"
    assert set(excerpt_found(session, article["id"]).values()) == {True}
    request = httpx_mock.get_request()
    assert "https://example.org/contact" in request.headers["User-Agent"]


def test_history_drift_then_gone_each_kept_and_filterable(
    httpx_mock: HTTPXMock, session: Session, client: TestClient, article, check
) -> None:
    edited = [cid for cid, text in article["citations"].items() if EDITED_FROM in text]  # the amount's and the date's
    httpx_mock.add_response(url=ARTICLE_URL, headers=HTML, content=article_page())
    httpx_mock.add_response(url=ARTICLE_URL, headers=HTML, content=article_page(edit=(EDITED_FROM, EDITED_TO)))
    httpx_mock.add_response(url=ARTICLE_URL, status_code=404, html="<h1>페이지를 찾을 수 없습니다</h1>")

    first = check(article["id"])
    first_row = session.execute(sa.select(SourceCheck.__table__).where(SourceCheck.id == first["id"])).one()
    drift = check(article["id"])

    assert drift["verdict"] == "quote_drift" and drift["findings"] == ["quote_drift", "changed"]
    assert drift["previous_hash"] == first["content_hash"] != drift["content_hash"]
    assert edited and [c["citation_id"] for c in drift["citations"] if c["status"] == "not_found"] == edited
    found = excerpt_found(session, article["id"])
    assert [found.pop(cid) for cid in edited] == [False] * len(edited) and set(found.values()) == {True}

    gone = check(article["id"])

    assert (gone["verdict"], gone["status"]) == ("gone", 404)
    assert gone["previous_hash"] == drift["content_hash"]  # the last page read, not an error page
    assert set(excerpt_found(session, article["id"]).values()) == {None}  # nothing to look in
    listed = client.get("/v1/sources", params={"verdict": "gone"}).json()["items"]
    assert [source["id"] for source in listed] == [article["id"]]
    assert client.get("/v1/sources", params={"verdict": "ok"}).json()["items"] == []

    latest = client.get(f"/v1/sources/{article['id']}", params={"expand": "latest_check"}).json()["latest_check"]
    assert (latest["id"], latest["verdict"], latest["status"]) == (gone["id"], "gone", 404)
    history = client.get(f"/v1/sources/{article['id']}/checks").json()
    assert [c["verdict"] for c in history["items"]] == ["gone", "quote_drift", "ok"]
    assert session.execute(sa.select(SourceCheck.__table__).where(SourceCheck.id == first["id"])).one() == first_row
    counts = session.execute(sa.select(CitationCheck.check_id, sa.func.count()).group_by(CitationCheck.check_id))
    assert dict(counts.all()) == dict.fromkeys([first["id"], drift["id"], gone["id"]], len(article["citations"]))


def test_a_page_edited_outside_the_quotes_is_changed(httpx_mock: HTTPXMock, session: Session, article, check) -> None:
    httpx_mock.add_response(url=ARTICLE_URL, headers=HTML, content=article_page())
    httpx_mock.add_response(url=ARTICLE_URL, headers=HTML, content=article_page(edit=("[소셜픽]", "[소셜픽·수정]")))

    check(article["id"])
    second = check(article["id"])

    assert (second["verdict"], second["findings"], second["excerpts_not_found"]) == ("changed", ["changed"], 0)


def test_the_first_check_compares_with_the_sources_recorded_hash(httpx_mock: HTTPXMock, session: Session, check) -> None:
    page = b"<html><body><p>synthetic page</p></body></html>"
    same = make_source(session, url="https://news.example.com/same",
                       content_hash="sha256:" + hashlib.sha256(page).hexdigest())
    other = make_source(session, url="https://news.example.com/other", content_hash="sha256:" + "0" * 64)
    for source in (same, other):
        httpx_mock.add_response(url=source["url"], headers=HTML, content=page)

    assert check(same["id"])["verdict"] == "ok"
    assert check(other["id"])["verdict"] == "changed"


def test_a_source_with_an_archive_url_gets_no_lookup(httpx_mock: HTTPXMock, session: Session, check) -> None:
    source = make_source(session, url="https://news.example.com/archived", archive_url="https://archive.example/x")
    citation = make_citation(session, source_id=source["id"], excerpt="synthetic words")
    httpx_mock.add_response(url=source["url"], headers=HTML, html="<p>other words</p>")

    stored = check(source["id"])

    assert stored["archive_lookup_url"] is None and stored["verdict"] == "quote_drift"
    assert stored["citations"] == [{"citation_id": citation["id"], "excerpt": "synthetic words",
                                    "status": "not_found", "reason": None}]

"""Where checks show: each source's latest check, each citation's excerpt_found, the scorecard's flag."""

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from fastapi.testclient import TestClient
from pytest_httpx import HTTPXMock
from sqlalchemy import Engine, event
from sqlmodel import Session

from app.models import Budget, Metric
from app.services import source_check_reads as reads
from app.services import source_checks as service
from tests.factories import make_citation, make_source
from tests.source_checks.conftest import ARTICLE_URL, EDITED_FROM, EDITED_TO, article_page


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def checked_sources(session: Session, httpx_mock: HTTPXMock, checker, n: int) -> list[int]:
    ids = []
    for i in range(n):
        source = make_source(session, url=f"https://news.example.com/page-{i}")
        make_citation(session, source_id=source["id"], excerpt=f"words {i}")
        httpx_mock.add_response(url=source["url"], html=f"<p>words {i}</p>" if i % 2 else "<p>other</p>")
        ids.append(source["id"])
    asyncio.run(service.check_sources(session, ids, checker))
    return ids


def test_latest_check_for_a_page_of_sources_in_a_constant_number_of_statements(
    httpx_mock: HTTPXMock, session: Session, client: TestClient, engine: Engine, checker
) -> None:
    ids = checked_sources(session, httpx_mock, checker, 6)
    params = {"expand": "latest_check,citations", "sort": "id"}

    with statements(engine) as small:
        two = client.get("/v1/sources", params={**params, "limit": 2}).json()["items"]
    with statements(engine) as large:
        six = client.get("/v1/sources", params={**params, "limit": 6}).json()["items"]

    assert len(two) == 2 and len(six) == 6 and len(small) == len(large) == 3, small
    for source in six:
        check, expected = source["latest_check"], "ok" if ids.index(source["id"]) % 2 else "quote_drift"
        assert (source["verdict"], check["verdict"], check["source_id"]) == (expected, expected, source["id"])
        assert check["status"] == 200 and check["final_url"] == source["url"]
        assert [c["excerpt_found"] for c in source["citations"]] == [expected == "ok"]


def test_citations_show_whether_their_excerpt_was_found(
    httpx_mock: HTTPXMock, session: Session, client: TestClient, article, check
) -> None:
    httpx_mock.add_response(url=ARTICLE_URL, content=article_page(edit=(EDITED_FROM, EDITED_TO)),
                            headers={"Content-Type": "text/html"})
    before = client.get("/v1/citations", params={"source_id": article["id"]}).json()["items"]
    check(article["id"])

    missing = client.get("/v1/citations", params={"excerpt_found": "false"}).json()["items"]
    budgets = client.get("/v1/projects/metaverse-seoul", params={"expand": "budgets"}).json()["budgets"]

    assert {c["excerpt_found"] for c in before} == {True}  # verbatim in the seed's capture of the article
    assert [c["excerpt"] for c in missing] == [t for t in article["citations"].values() if EDITED_FROM in t]
    spent = next(b for b in budgets if b["kind"] == "spent")
    assert spent["citations"] and {c["excerpt_found"] for c in spent["citations"]} == {False}
    assert client.get("/v1/sources", params={"verdict": "lost"}).status_code == 400


def test_the_scorecard_flags_figures_whose_sources_are_gone(
    httpx_mock: HTTPXMock, session: Session, client: TestClient, article, check
) -> None:
    httpx_mock.add_response(url=ARTICLE_URL, content=article_page(edit=(EDITED_FROM, EDITED_TO)),
                            headers={"Content-Type": "text/html"})
    httpx_mock.add_response(url=ARTICLE_URL, status_code=410)
    spent = session.execute(sa.select(Budget.id).where(Budget.kind == "spent")).scalar_one()
    metric = session.execute(sa.select(Metric.id).limit(1)).scalar_one()

    def flags() -> dict[str, bool]:
        card = client.get("/v1/projects/metaverse-seoul/scorecard").json()
        return {figure["name"]: figure["sources_in_doubt"] for figure in card["figures"]}

    assert set(flags().values()) == {False}
    check(article["id"])  # drift: only the spent amount's excerpt is gone from the page
    drifted = flags()
    assert drifted["budget_execution_ratio"] is True and drifted["lifetime_vs_plan"] is False
    assert reads.sources_in_doubt(session, [("budget", spent), ("metric", metric)]) == {("budget", spent)}

    check(article["id"])  # 410: every figure's sources are gone
    assert set(flags().values()) == {True}
    ratio = next(f for f in client.get("/v1/projects/metaverse-seoul/scorecard").json()["figures"]
                 if f["name"] == "budget_execution_ratio")
    assert any(caveat.startswith("Sources in doubt") for caveat in ratio["caveats"])

"""`python -m app sources check`: over a project, skipping recent checks, one source, errors."""

import pytest
import sqlalchemy as sa
from pytest_httpx import HTTPXMock
from sqlmodel import Session

from app.__main__ import main
from app.models import SourceCheck
from tests.factories import make_citation, make_source
from tests.source_checks.conftest import ARTICLE_URL, article_page


def checked_ids(session: Session) -> list[int]:
    return list(session.execute(sa.select(SourceCheck.source_id).order_by(SourceCheck.id)).scalars())


def test_checks_the_sources_a_project_cites_then_skips_fresh_ones(
    httpx_mock: HTTPXMock, session: Session, article, checker, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = make_citation(session, source_id=make_source(session, url="https://news.example.com/other")["id"])
    httpx_mock.add_response(url=ARTICLE_URL, content=article_page(), headers={"Content-Type": "text/html"})

    assert main(["sources", "check", "--project", "metaverse-seoul"], session=session) == 0

    out = capsys.readouterr().out
    n = len(article["citations"])
    assert f"source {article['id']}\tok\t200\t{n}/{n} excerpts found\t{ARTICLE_URL}" in out
    assert out.strip().endswith("checked 1 source(s): ok 1")
    assert checked_ids(session) == [article["id"]]  # not the source only another project cites

    assert main(["sources", "check", "--project", "metaverse-seoul", "--stale-after", "7d"], session=session) == 0
    assert capsys.readouterr().out == "nothing to check\n"
    assert checked_ids(session) == [article["id"]]
    assert elsewhere["source_id"] not in checked_ids(session)


def test_checks_every_stale_source_or_the_ones_named(
    httpx_mock: HTTPXMock, session: Session, checker, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = [make_source(session, url=f"https://news.example.com/cli-{n}") for n in range(3)]
    for source in sources:
        httpx_mock.add_response(url=source["url"], html="<p>page</p>")

    assert main(["sources", "check", "--source", str(sources[1]["id"])], session=session) == 0
    assert main(["sources", "check", "--stale-after", "1d"], session=session) == 0

    ids = [source["id"] for source in sources]
    assert checked_ids(session) == [ids[1], ids[0], ids[2]]  # the one named, then every one not checked within a day
    assert "checked" in capsys.readouterr().out


def test_an_unknown_project_is_an_error(session: Session, checker, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "check", "--project", "no-such-project"], session=session) == 1
    assert "no-such-project" in capsys.readouterr().err


def test_a_bad_duration_is_a_usage_error(session: Session, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["sources", "check", "--stale-after", "soon"], session=session)
    assert exit_.value.code == 2

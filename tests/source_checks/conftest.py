"""Fixtures for checks stored in the database: the seeded case, its article as a web page, fake DNS.

No test touches the network: HTTP goes through pytest-httpx (`httpx_mock`), names
resolve through FakeResolver, waits are recorded instead of slept, and any real
DNS lookup fails the test.
"""

import asyncio
import html
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from app.core.config import Settings
from app.models import Citation, Source
from app.services import source_checks as service
from seed.loader import CASES_DIR, load_all_cases
from tests.source_checking.conftest import PUBLIC_IP, FakeResolver, FakeSleeper, no_real_dns  # noqa: F401 (autouse)

ARTICLE_URL = "https://n.news.naver.com/article/437/0000399767?ntype=RANKING"
ARTICLE_TEXT = CASES_DIR.parent / "sources" / "metaverse-seoul-article.txt"
EDITED_FROM, EDITED_TO = "지금까지 약 60억 원의 예산을", "지금까지 약 65억 원의 예산을"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
NOISE_HEAD = """<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">
<title>{title} : 네이버 뉴스</title><style>.end_head {{ font-size: 22px }}</style>
<script>window.__STATE__ = {{"ad": "하루 2건에 불과했습니다 광고"}};</script></head><body>
<header id="gnb">NAVER 뉴스 엔터 스포츠</header><nav class="lnb"><ul><li>언론사별</li><li>정치</li></ul></nav>
<article id="dic_area">
"""
NOISE_TAIL = """<script>document.write('<div class="ad">광고</div>');</script></article>
<aside>많이 본 뉴스</aside><footer>Copyright ⓒ JTBC. All rights reserved.</footer></body></html>"""


def article_page(edit: tuple[str, str] | None = None) -> bytes:
    """The captured article as a Naver-like page: paragraphs in markup, with script, nav and ads around."""
    lines = [line.strip() for line in ARTICLE_TEXT.read_text(encoding="utf-8").splitlines() if line.strip()]
    if edit is not None:
        lines = [line.replace(*edit) for line in lines]
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return (NOISE_HEAD.format(title=html.escape(lines[1])) + body + NOISE_TAIL).encode("utf-8")


@pytest.fixture
def resolver() -> FakeResolver:
    return FakeResolver({"n.news.naver.com": [PUBLIC_IP], "news.example.com": [PUBLIC_IP],
                         "example.org": [PUBLIC_IP], "intranet.example.com": ["10.1.2.3"]})


@pytest.fixture
def checker(resolver: FakeResolver, monkeypatch: pytest.MonkeyPatch) -> service.Checker:
    """The checker the app builds from (default) settings, with fake DNS, sleep and clock plugged in.

    Installed as what `get_checker` returns, so the CLI and the endpoint use it too.
    """
    config = service.checker_config(Settings(_env_file=None, source_check_contact_url="https://example.org/contact"))
    fake = replace(service.Checker(config), resolver=resolver, sleep=FakeSleeper(), now=lambda: NOW,
                   monotonic=lambda: 0.0)
    monkeypatch.setattr(service, "get_checker", lambda: fake)
    monkeypatch.setattr("app.source_checking.cli.get_checker", lambda: fake)
    return fake


@pytest.fixture
def article(session: Session) -> dict[str, Any]:
    """The seeded case; returns the article source's id and its citations (id -> excerpt)."""
    load_all_cases(session)
    source_id = session.execute(sa.select(Source.id).where(Source.url == ARTICLE_URL)).scalar_one()
    rows = session.execute(sa.select(Citation.id, Citation.excerpt).where(Citation.source_id == source_id))
    return {"id": source_id, "citations": dict(rows.all())}


@pytest.fixture
def check(session: Session, checker: service.Checker) -> Callable[[int], dict[str, Any]]:
    """Check one source through the service, as the endpoint does."""
    return lambda source_id: asyncio.run(service.check_one(session, source_id, checker))

"""The first real case: the 'Metaverse Seoul' article, served as a Naver-like page.

Excerpts are exact strings from the article text; the mocked page spreads
them over markup, non-breaking spaces and line breaks as news sites do.
"""

from __future__ import annotations

from pytest_httpx import HTTPXMock

from app.source_checking import QuoteStatus, Verdict

ARTICLE_URL = "https://n.news.naver.com/article/437/0000399767?ntype=RANKING"
BUDGET = "지금까지 약 60억 원의 예산을 들였지만 결국 사라지게 됐습니다."
USAGE = "하지만 콜센터 민원 상담이 하루 평균 1만 건인 것과 비교해 메타버스 서울을 통한 민원은 하루 2건에 불과했습니다."
TITLE = "60억 예산 쓴 '메타버스 서울'…초라한 이용률에 결국 종료 [소셜픽]"

NAVER_LIKE_PAGE = """<!DOCTYPE html>
<html lang="ko">
<head>
  <meta charset="utf-8">
  <title>60억 예산 쓴 &#39;메타버스 서울&#39;…초라한 이용률에 결국 종료 [소셜픽] : 네이버 뉴스</title>
  <style>.media_end_head_title { font-size: 22px; }</style>
  <script>window.__NAVER_STATE__ = {"text": "하루 2건에 불과했습니다 광고"};</script>
</head>
<body>
  <header id="gnb"><a href="#">메뉴 건너뛰기</a> NAVER 뉴스 엔터 스포츠 날씨</header>
  <nav class="Nlnb"><ul><li>언론사별</li><li>정치</li><li>경제</li><li>사회</li></ul></nav>
  <div class="media_end_head">
    <h2 class="media_end_head_headline">60억 예산 쓴 &#x27;메타버스 서울&#x27;…초라한 이용률에 결국 종료 [소셜픽]</h2>
    <span class="media_end_head_info_datestamp_time">2024.07.03. 오후 4:15</span>
  </div>
  <article id="dic_area" class="go_trans _article_content">
    지난해 1월 서비스를 시작한 &#39;메타버스 서울&#39;이 올해 말 서비스를 종료합니다.<br><br>
    지금까지&nbsp;약 60억&nbsp;원의
        예산을 들였지만 결국 사라지게&nbsp;됐습니다.<br><br>
    [오세훈/서울시장 (2023년 1월) : 아마 갑자기 서비스가 종료된다던가 이런 일들이 있을 수 있고…]<br><br>
    하지만 콜센터 민원 상담이 하루 평균 <strong>1만 건</strong>인 것과 비교해
    메타버스&nbsp;서울을 통한 민원은 하루 2건에&nbsp;&nbsp;불과했습니다.<br><br>
    <script>document.write('<div class="ad">광고</div>');</script>
    당초 계획은 2026년까지 400억을 투입할 예정이었지만 초라한 이용자 수에 &#39;갑작스러운 종료&#39;를 피할 수 없게 됐습니다.
  </article>
  <aside class="related">많이 본 뉴스 1위 다른 기사</aside>
  <footer>Copyright ⓒ JTBC. All rights reserved. 무단 전재 및 재배포 금지.</footer>
</body>
</html>
"""


def test_article_excerpts_are_found_despite_markup_and_nbsp(httpx_mock: HTTPXMock, check) -> None:
    httpx_mock.add_response(
        url=ARTICLE_URL,
        headers={"Content-Type": "text/html;charset=UTF-8"},
        content=NAVER_LIKE_PAGE.encode("utf-8"),
    )
    assert BUDGET not in NAVER_LIKE_PAGE and USAGE not in NAVER_LIKE_PAGE  # spacing really differs

    result = check(ARTICLE_URL, [(101, BUDGET), (102, USAGE), (103, TITLE)])

    assert result.verdict is Verdict.OK
    assert [(q.citation_id, q.status) for q in result.quotes] == [
        (101, QuoteStatus.FOUND),
        (102, QuoteStatus.FOUND),
        (103, QuoteStatus.FOUND),
    ]
    assert BUDGET in result.page_text and USAGE in result.page_text
    for noise in ("메뉴 건너뛰기", "언론사별", "광고", "많이 본 뉴스", "Copyright", "font-size"):
        assert noise not in result.page_text


def test_article_served_as_cp949_without_declaration(httpx_mock: HTTPXMock, check) -> None:
    page = NAVER_LIKE_PAGE.replace('<meta charset="utf-8">', "").replace("ⓒ", "(c)")
    httpx_mock.add_response(
        url=ARTICLE_URL, headers={"Content-Type": "text/html"}, content=page.encode("cp949")
    )

    result = check(ARTICLE_URL, [(101, BUDGET), (102, USAGE)])

    assert result.fetch.charset == "cp949"
    assert [q.status for q in result.quotes] == [QuoteStatus.FOUND, QuoteStatus.FOUND]


def test_article_edited_to_a_different_figure_is_drift(httpx_mock: HTTPXMock, check) -> None:
    edited = NAVER_LIKE_PAGE.replace("하루 2건에", "하루 20건에")
    httpx_mock.add_response(url=ARTICLE_URL, html=edited)

    result = check(ARTICLE_URL, [(101, BUDGET), (102, USAGE)])

    assert result.verdict is Verdict.QUOTE_DRIFT
    assert [q.status for q in result.quotes] == [QuoteStatus.FOUND, QuoteStatus.NOT_FOUND]

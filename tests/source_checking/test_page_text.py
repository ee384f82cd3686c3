"""Decoding (Korean encodings included), HTML-to-text and normalisation."""

from __future__ import annotations

import pytest
from pytest_httpx import HTTPXMock

from app.source_checking import QuoteStatus, Verdict, html_to_text, normalize_text
from app.source_checking.page_text import decode_body, meta_charset

URL = "https://news.example.com/korean"
SENTENCE = "지금까지 약 60억 원의 예산을 들였지만 결국 사라지게 됐습니다."
KOREAN_PAGE = f"<html><head><title>메타버스 서울</title></head><body><p>{SENTENCE}</p></body></html>"
META = '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
META_PAGE = KOREAN_PAGE.replace("<head>", "<head>" + META)


@pytest.mark.parametrize(
    ("content_type", "page"),
    [
        ("text/html; charset=EUC-KR", KOREAN_PAGE),  # declared in the header
        ("text/html", KOREAN_PAGE),  # not declared anywhere: detected
        ("text/html", META_PAGE),  # declared in <meta http-equiv>
        ("text/html; charset=iso-8859-1", KOREAN_PAGE),  # wrongly declared Western
        ("text/html; charset=utf-8", KOREAN_PAGE),  # wrongly declared UTF-8
        ("text/html; charset=x-unknown-thing", KOREAN_PAGE),  # unknown label
    ],
)
def test_euc_kr_page_excerpt_is_found(httpx_mock: HTTPXMock, check, content_type: str, page: str) -> None:
    httpx_mock.add_response(url=URL, headers={"Content-Type": content_type}, content=page.encode("euc-kr"))

    result = check(URL, [(1, SENTENCE)])

    assert result.verdict is Verdict.OK
    assert result.quotes[0].status is QuoteStatus.FOUND
    assert result.fetch.charset == "cp949"
    assert "\ufffd" not in result.fetch.text


def test_cp949_only_syllables_decode() -> None:
    text = "똠방각하 햏"  # 똠 and 햏 exist in CP949 but not in plain EUC-KR
    assert decode_body(text.encode("cp949"), "text/plain; charset=euc-kr") == (text, "cp949")


def test_utf8_page_without_declaration() -> None:
    assert decode_body(SENTENCE.encode(), None) == (SENTENCE, "utf-8")


def test_truncated_body_cut_mid_character_still_decodes_strictly() -> None:
    body = SENTENCE.encode("utf-8")[:-1]
    text, codec = decode_body(body, "text/html; charset=utf-8", truncated=True)
    assert codec == "utf-8" and SENTENCE.startswith(text)


def test_meta_charset_forms() -> None:
    assert meta_charset(b'<meta charset="euc-kr">') == "euc-kr"
    http_equiv = b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html;charset=ks_c_5601-1987'>"
    assert meta_charset(http_equiv) == "ks_c_5601-1987"
    assert meta_charset(b"<p>charset=utf-8</p>") is None


def test_html_to_text_drops_chrome_and_scripts() -> None:
    html = """<html><head><style>p { color: red }</style><script>var s = "hidden";</script></head>
    <body><header>Site header</header><nav><a href="/">Home</a></nav>
    <aside>Related</aside><noscript>Enable JS</noscript><template><p>tpl</p></template>
    <main><h1>Title</h1><p>First&nbsp;para<br>graph line</p><p>Second <b>bold</b>word</p></main>
    <footer>Copyright</footer></body></html>"""

    assert html_to_text(html) == "Title First para graph line Second boldword"


def test_normalize_text_nfkc_whitespace_and_quotes() -> None:
    raw = "\u3000６０억\u00a0원,\n\t‘메타버스 서울’\u200b “종료”…  "
    assert normalize_text(raw) == "60억 원, '메타버스 서울' \"종료\"..."


def test_excerpt_matching_ignores_case_and_spacing(httpx_mock: HTTPXMock, check) -> None:
    httpx_mock.add_response(url=URL, html="<p>Metaverse   Seoul\nwill CLOSE</p>")

    result = check(URL, [(1, "metaverse seoul will close"), (2, "   ")])

    assert [q.status for q in result.quotes] == [QuoteStatus.FOUND, QuoteStatus.NOT_CHECKABLE]
    assert result.quotes[1].reason == "empty excerpt"


def test_plain_text_and_unknown_binary(httpx_mock: HTTPXMock, check) -> None:
    httpx_mock.add_response(url=URL, text="line one\n  line two")
    httpx_mock.add_response(url=URL + "/img", headers={"Content-Type": "image/png"}, content=b"\x89PNG")

    text = check(URL, [(1, "one line two")])
    image = check(URL + "/img", [(1, "anything")])

    assert text.quotes[0].status is QuoteStatus.FOUND
    assert image.quotes[0].status is QuoteStatus.NOT_CHECKABLE
    assert image.quotes[0].reason == "image/png: text not extracted"

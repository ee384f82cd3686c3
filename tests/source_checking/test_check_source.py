"""check_source over mocked HTTP: verdicts, redirects, retries, size cap, PDFs."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator

import httpx
import pytest
from pytest_httpx import HTTPXMock, IteratorStream

from app.source_checking import CheckerConfig, FetchError, Hop, QuoteStatus, Verdict

URL = "https://news.example.com/article/1"
PAGE = "<html><body><p>The city spent 6 billion won on the platform.</p></body></html>"


def test_ok_when_excerpt_is_found(httpx_mock: HTTPXMock, check) -> None:
    httpx_mock.add_response(url=URL, html=PAGE)

    result = check(URL, [(1, "spent 6 billion won")])

    assert result.verdict is Verdict.OK
    assert result.findings == (Verdict.OK,)
    assert [q.status for q in result.quotes] == [QuoteStatus.FOUND]
    fetched = result.fetch
    assert (fetched.status, fetched.final_url, fetched.redirects) == (200, URL, ())
    assert fetched.content_type == "text/html"
    assert fetched.charset == "utf-8"
    assert fetched.content_hash == hashlib.sha256(PAGE.encode()).hexdigest()
    assert fetched.byte_count == len(PAGE.encode()) and not fetched.truncated
    assert fetched.error is None and fetched.text == PAGE
    user_agent = httpx_mock.get_request().headers["user-agent"]
    assert user_agent == "accountability-api-source-checker/0.1 (+https://accountability.example.org/contact)"


def test_quote_drift_when_excerpt_is_missing(httpx_mock: HTTPXMock, check) -> None:
    httpx_mock.add_response(url=URL, html=PAGE)

    result = check(URL, [(1, "spent 6 billion won"), (2, "spent 40 billion won")])

    assert result.verdict is Verdict.QUOTE_DRIFT
    assert [(q.citation_id, q.status) for q in result.quotes] == [
        (1, QuoteStatus.FOUND),
        (2, QuoteStatus.NOT_FOUND),
    ]


def test_redirect_chain_is_recorded_and_reported_as_moved(httpx_mock: HTTPXMock, check) -> None:
    httpx_mock.add_response(url=URL, status_code=301, headers={"Location": "https://www.example.com/a"})
    httpx_mock.add_response(url="https://www.example.com/a", status_code=302, headers={"Location": "/b?x=1"})
    httpx_mock.add_response(url="https://www.example.com/b?x=1", html=PAGE)

    result = check(URL, [(1, "6 billion won")])

    assert result.verdict is Verdict.MOVED
    assert result.fetch.redirects == (
        Hop(301, "https://www.example.com/a"),
        Hop(302, "https://www.example.com/b?x=1"),
    )
    assert result.fetch.final_url == "https://www.example.com/b?x=1"
    assert result.fetch.attempts == 3
    assert result.quotes[0].status is QuoteStatus.FOUND


def test_too_many_redirects_is_unreachable(httpx_mock: HTTPXMock, check) -> None:
    limited = CheckerConfig(max_redirects=1)
    httpx_mock.add_response(url=URL, status_code=302, headers={"Location": "https://news.example.com/2"})
    httpx_mock.add_response(url="https://news.example.com/2", status_code=302, headers={"Location": URL})

    result = check(URL, config=limited)

    assert result.verdict is Verdict.UNREACHABLE
    assert result.fetch.error is FetchError.TOO_MANY_REDIRECTS
    assert len(httpx_mock.get_requests()) == 2


@pytest.mark.parametrize("status", [404, 410])
def test_gone(httpx_mock: HTTPXMock, check, status: int) -> None:
    httpx_mock.add_response(url=URL, status_code=status, text="not here")

    result = check(URL, [(1, "6 billion won")])

    assert result.verdict is Verdict.GONE
    assert result.findings == (Verdict.GONE,)
    assert result.quotes[0].status is QuoteStatus.NOT_CHECKABLE
    assert result.quotes[0].reason == f"no page: HTTP {status}"


@pytest.mark.parametrize(
    ("exception", "error"),
    [
        (httpx.ReadTimeout("timed out"), FetchError.TIMEOUT),
        (httpx.ConnectTimeout("timed out"), FetchError.TIMEOUT),
        (httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"), FetchError.TLS),
        (httpx.ConnectError("[Errno 111] Connection refused"), FetchError.CONNECTION),
        (httpx.RemoteProtocolError("Server disconnected without sending a response."), FetchError.PROTOCOL),
    ],
)
def test_transport_errors_are_unreachable(
    httpx_mock: HTTPXMock, check, sleeper, exception: Exception, error: FetchError
) -> None:
    httpx_mock.add_exception(exception, url=URL)

    result = check(URL, [(1, "6 billion won")])

    assert result.verdict is Verdict.UNREACHABLE
    assert result.fetch.error is error
    assert result.fetch.status is None
    assert result.quotes[0].status is QuoteStatus.NOT_CHECKABLE
    assert sleeper.waits == []  # transport errors are not retried


def test_slow_response_hits_the_overall_deadline(httpx_mock: HTTPXMock, check) -> None:
    async def dawdle(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200, html=PAGE)

    httpx_mock.add_callback(dawdle, url=URL)

    result = check(URL, config=CheckerConfig(total_timeout=0.05))

    assert result.verdict is Verdict.UNREACHABLE
    assert result.fetch.error is FetchError.TIMEOUT


def test_dns_failure_is_unreachable_without_any_request(httpx_mock: HTTPXMock, check) -> None:
    result = check("https://no-such-host.example.com/")

    assert result.verdict is Verdict.UNREACHABLE
    assert result.fetch.error is FetchError.DNS
    assert httpx_mock.get_requests() == []


def test_429_waits_for_retry_after_then_succeeds(httpx_mock: HTTPXMock, check, sleeper) -> None:
    httpx_mock.add_response(url=URL, status_code=429, headers={"Retry-After": "7"})
    httpx_mock.add_response(url=URL, html=PAGE)

    result = check(URL, [(1, "6 billion won")])

    assert result.verdict is Verdict.OK
    assert sleeper.waits == [7.0]
    assert result.fetch.retry_waits == (7.0,)
    assert result.fetch.attempts == 2


def test_retry_after_http_date_is_honoured_and_capped(httpx_mock: HTTPXMock, check, sleeper) -> None:
    capped = CheckerConfig(max_retry_wait=60.0)
    # The injected clock says 2024-07-03 07:15:00 UTC.
    http_date = "Wed, 03 Jul 2024 07:15:30 GMT"
    httpx_mock.add_response(url=URL, status_code=503, headers={"Retry-After": http_date})
    httpx_mock.add_response(url=URL, status_code=429, headers={"Retry-After": "3600"})
    httpx_mock.add_response(url=URL, html=PAGE)

    result = check(URL, config=capped)

    assert result.verdict is Verdict.OK
    assert sleeper.waits == [30.0, 60.0]


def test_5xx_is_retried_with_backoff_then_given_up(httpx_mock: HTTPXMock, check, sleeper) -> None:
    retrying = CheckerConfig(max_retries=2, backoff_base=1.5)
    httpx_mock.add_response(url=URL, status_code=503, is_reusable=True)

    result = check(URL, [(1, "6 billion won")], config=retrying)

    assert result.verdict is Verdict.UNREACHABLE
    assert result.fetch.status == 503 and result.fetch.error is None
    assert sleeper.waits == [1.5, 3.0]
    assert len(httpx_mock.get_requests()) == 3
    assert result.quotes[0].status is QuoteStatus.NOT_CHECKABLE


def test_oversized_body_is_cut_off_at_the_cap(httpx_mock: HTTPXMock, check) -> None:
    cap, chunk_size, chunks = 10_000, 1_000, 1_000  # a 1 MB body
    produced: list[int] = []

    def body() -> Iterator[bytes]:
        yield b"<html><body><p>start of page</p>"
        for _ in range(chunks):
            produced.append(chunk_size)
            yield b"x" * (chunk_size - 1) + b" "
        yield b"<p>the far end</p></body></html>"

    httpx_mock.add_response(url=URL, headers={"Content-Type": "text/html"}, stream=IteratorStream(body()))

    result = check(URL, [(1, "start of page"), (2, "the far end")], config=CheckerConfig(max_bytes=cap))

    assert result.fetch.truncated
    assert result.fetch.byte_count == cap
    assert sum(produced) <= cap + chunk_size  # stopped reading, not loaded whole
    assert [q.status for q in result.quotes] == [QuoteStatus.FOUND, QuoteStatus.NOT_CHECKABLE]
    assert result.verdict is Verdict.OK  # an unread excerpt is not drift


def test_pdf_is_hashed_but_excerpts_are_not_checkable(httpx_mock: HTTPXMock, check) -> None:
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n"
    httpx_mock.add_response(url=URL, headers={"Content-Type": "application/pdf"}, content=pdf)

    result = check(URL, [(1, "6 billion won")])

    assert result.verdict is Verdict.OK
    assert Verdict.QUOTE_DRIFT not in result.findings
    assert result.quotes[0].status is QuoteStatus.NOT_CHECKABLE
    assert result.quotes[0].reason == "application/pdf: text not extracted"
    assert result.fetch.content_type == "application/pdf"
    assert result.fetch.content_hash == hashlib.sha256(pdf).hexdigest()
    assert result.fetch.text is None and result.page_text is None


def test_pdf_without_content_type_is_sniffed(httpx_mock: HTTPXMock, check) -> None:
    httpx_mock.add_response(url=URL, content=b"%PDF-1.4 ...")

    result = check(URL, [(1, "anything")])

    assert result.fetch.content_type == "application/pdf"
    assert result.quotes[0].status is QuoteStatus.NOT_CHECKABLE


def test_changed_when_hash_differs_from_previous_check(httpx_mock: HTTPXMock, check) -> None:
    httpx_mock.add_response(url=URL, html=PAGE, is_reusable=True)
    same = hashlib.sha256(PAGE.encode()).hexdigest()

    changed = check(URL, [(1, "6 billion won")], previous_hash="0" * 64)
    unchanged = check(URL, [(1, "6 billion won")], previous_hash=same)

    assert changed.verdict is Verdict.CHANGED
    assert changed.previous_hash == "0" * 64
    assert unchanged.verdict is Verdict.OK


def test_all_findings_are_reported_most_serious_first(httpx_mock: HTTPXMock, check) -> None:
    httpx_mock.add_response(url=URL, status_code=308, headers={"Location": "https://www.example.com/new"})
    httpx_mock.add_response(url="https://www.example.com/new", html=PAGE)

    result = check(URL, [(1, "40 billion won")], previous_hash="0" * 64)

    assert result.findings == (Verdict.QUOTE_DRIFT, Verdict.MOVED, Verdict.CHANGED)
    assert result.verdict is Verdict.QUOTE_DRIFT


def test_forbidden_is_unreachable_not_gone(httpx_mock: HTTPXMock, check) -> None:
    httpx_mock.add_response(url=URL, status_code=403)

    assert check(URL).verdict is Verdict.UNREACHABLE

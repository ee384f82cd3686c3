"""check_many (concurrency and per-host pacing), shared clients, archive links."""

from __future__ import annotations

import asyncio

import httpx
from pytest_httpx import HTTPXMock

from app.source_checking import (
    CheckerConfig,
    HostRateLimiter,
    SourceToCheck,
    Verdict,
    check_many,
    check_source,
    normalize_url,
    wayback_lookup_url,
)

PAGE = "<html><body><p>budget 6 billion won</p></body></html>"


def test_check_many_limits_concurrency_paces_hosts_and_keeps_order(
    httpx_mock: HTTPXMock, resolver, sleeper
) -> None:
    config = CheckerConfig(max_concurrency=2, per_host_interval=2.0)
    in_flight = peak = 0

    async def slow_page(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        for _ in range(5):
            await asyncio.sleep(0)
        in_flight -= 1
        return httpx.Response(200, html=PAGE)

    urls = [f"https://news.example.com/{n}" for n in range(3)]
    urls += ["https://cdn.example.net/doc", "http://127.0.0.1/"]
    for url in urls[:4]:
        httpx_mock.add_callback(slow_page, url=url)
    sources = [SourceToCheck(url, [(n, "6 billion won")]) for n, url in enumerate(urls)]

    def frozen_clock() -> float:  # time never advances, so the waits add up
        return 100.0

    results = asyncio.run(
        check_many(sources, config, resolver=resolver, sleep=sleeper, monotonic=frozen_clock)
    )

    assert [r.url for r in results] == urls
    assert [r.verdict for r in results] == [Verdict.OK] * 4 + [Verdict.REFUSED]
    assert peak == 2  # two at a time, never more
    assert sorted(sleeper.waits) == [2.0, 4.0]  # 2nd and 3rd request to news.example.com


def test_rate_limiter_waits_only_what_is_left_of_the_interval() -> None:
    ticks = iter([0.0, 0.5, 10.0])
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    async def scenario() -> None:
        limiter = HostRateLimiter(1.0, sleep=record, clock=lambda: next(ticks))
        await limiter.wait("a.example")  # t=0: free
        await limiter.wait("a.example")  # t=0.5: 0.5 s left
        await limiter.wait("a.example")  # t=10: long past

    asyncio.run(scenario())
    assert waits == [0.5]


def test_check_source_with_a_shared_client_sets_its_own_user_agent(
    httpx_mock: HTTPXMock, resolver, sleeper
) -> None:
    config = CheckerConfig(contact_url="mailto:data@example.org")
    httpx_mock.add_response(url="https://news.example.com/", html=PAGE)

    async def scenario() -> Verdict:
        headers = {"User-Agent": "something-else"}
        async with httpx.AsyncClient(headers=headers, follow_redirects=True) as client:
            result = await check_source(
                "https://news.example.com/", [], None, config, client, resolver=resolver, sleep=sleeper
            )
            assert not client.is_closed  # a client passed in is left open for the caller
            return result.verdict

    assert asyncio.run(scenario()) is Verdict.OK
    sent = httpx_mock.get_request()
    assert sent.headers["user-agent"] == "accountability-api-source-checker/0.1 (+mailto:data@example.org)"


def test_wayback_lookup_url_is_built_not_requested(httpx_mock: HTTPXMock) -> None:
    url = "https://n.news.naver.com/article/437/0000399767?ntype=RANKING#comments"

    assert wayback_lookup_url(url) == (
        "https://web.archive.org/web/*/https://n.news.naver.com/article/437/0000399767?ntype=RANKING"
    )
    assert wayback_lookup_url("https://example.com/뉴스") == (
        "https://web.archive.org/web/*/https://example.com/%EB%89%B4%EC%8A%A4"
    )
    assert httpx_mock.get_requests() == []


def test_normalize_url() -> None:
    assert normalize_url("HTTPS://News.Example.com:443#top") == "https://news.example.com/"
    assert normalize_url("http://example.com:8080/a/") == "http://example.com:8080/a/"
    assert normalize_url("http://example.com/a") != normalize_url("https://example.com/a")
    assert normalize_url("http://example.com/a") != normalize_url("http://example.com/a/")

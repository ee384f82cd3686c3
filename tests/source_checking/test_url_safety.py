"""Unsafe targets are refused before any request, including redirect targets."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from pytest_httpx import HTTPXMock

from app.source_checking import CheckerConfig, Hop, QuoteStatus, Verdict, check_url_safety
from app.source_checking.url_safety import literal_ip, unsafe_reason

URL = "https://news.example.com/article/1"
PAGE = "<html><body><p>still here</p></body></html>"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://2130706433/", "loopback"),  # 127.0.0.1 as one number
        ("http://127.1/", "loopback"),
        ("http://0x7f.0.0.1/", "loopback"),
        ("http://10.0.0.1/", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
        ("http://[fd00:ec2::254]/", "cloud metadata"),
        ("http://169.254.10.10/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://224.0.0.1/", "multicast"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://240.0.0.1/", "reserved"),
        ("http://100.64.0.1/", "non-global"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("file:///etc/passwd", "scheme not allowed"),
        ("ftp://news.example.com/file", "scheme not allowed"),
        ("gopher://news.example.com/", "scheme not allowed"),
    ],
)
def test_unsafe_literal_urls_are_refused_without_any_request(
    httpx_mock: HTTPXMock, check, resolver, url: str, reason: str
) -> None:
    result = check(url, [(1, "anything")])

    assert httpx_mock.get_requests() == []
    assert result.verdict is Verdict.REFUSED
    assert result.findings == (Verdict.REFUSED,)
    assert reason in result.fetch.refused_reason
    assert result.quotes[0].status is QuoteStatus.NOT_CHECKABLE
    assert resolver.calls == []  # literals are judged without DNS


@pytest.mark.parametrize("host", ["intranet.example.com", "sneaky.example.com", "localhost"])
def test_host_resolving_to_a_non_public_address_is_refused(httpx_mock: HTTPXMock, check, host: str) -> None:
    result = check(f"https://{host}/report")

    assert result.verdict is Verdict.REFUSED
    assert f"({host} resolves to it)" in result.fetch.refused_reason
    assert httpx_mock.get_requests() == []


@pytest.mark.parametrize(
    "location",
    [
        "http://10.0.0.5/admin",
        "http://169.254.169.254/latest/meta-data/",
        "https://intranet.example.com/secret",
        "file:///etc/passwd",
    ],
)
def test_redirect_to_unsafe_target_is_refused_and_never_requested(
    httpx_mock: HTTPXMock, check, location: str
) -> None:
    httpx_mock.add_response(url=URL, status_code=302, headers={"Location": location})

    result = check(URL, [(1, "anything")])

    assert result.verdict is Verdict.REFUSED
    target = str(httpx.URL(URL).join(location))  # as resolved against the page URL
    assert result.fetch.redirects == (Hop(302, target),)
    assert result.fetch.final_url == target
    assert result.fetch.status == 302
    assert [str(r.url) for r in httpx_mock.get_requests()] == [URL]


def test_allowed_network_lets_loopback_through(httpx_mock: HTTPXMock, check) -> None:
    local = CheckerConfig(allowed_networks=["127.0.0.0/8"])
    httpx_mock.add_response(url="http://127.0.0.1:8000/health", html=PAGE)

    result = check("http://127.0.0.1:8000/health", [(1, "still here")], config=local)

    assert result.verdict is Verdict.OK
    assert result.quotes[0].status is QuoteStatus.FOUND


def test_allowed_host_lets_its_resolved_address_through(httpx_mock: HTTPXMock, check) -> None:
    local = CheckerConfig(allowed_hosts=["LOCALHOST"])
    httpx_mock.add_response(url="http://localhost:8000/", html=PAGE)

    assert check("http://localhost:8000/", config=local).verdict is Verdict.OK


def test_allow_list_applies_to_redirect_targets_too(httpx_mock: HTTPXMock, check) -> None:
    local = CheckerConfig(allowed_networks=["10.0.0.0/8"])
    httpx_mock.add_response(url=URL, status_code=302, headers={"Location": "http://10.0.0.5/"})
    httpx_mock.add_response(url="http://10.0.0.5/", html=PAGE)

    result = check(URL, config=local)

    assert result.verdict is Verdict.MOVED


def test_cloud_metadata_stays_refused_even_when_allow_listed(httpx_mock: HTTPXMock, check) -> None:
    generous = CheckerConfig(
        allowed_networks=["169.254.0.0/16", "fd00::/8"], allowed_hosts=["169.254.169.254"]
    )

    assert check("http://169.254.169.254/", config=generous).verdict is Verdict.REFUSED
    assert check("http://[fd00:ec2::254]/", config=generous).verdict is Verdict.REFUSED
    assert httpx_mock.get_requests() == []


def test_literal_ip_reads_short_ipv4_forms() -> None:
    assert str(literal_ip("2130706433")) == "127.0.0.1"
    assert str(literal_ip("0x7f.1")) == "127.0.0.1"
    assert literal_ip("deadbeef.cafe") is None
    assert literal_ip("news.example.com") is None


def test_public_address_is_safe() -> None:
    assert unsafe_reason(literal_ip("93.184.215.14")) is None
    assert unsafe_reason(literal_ip("2606:2800:21f:cb07:6820:80da:af6b:8b2c")) is None


def test_check_url_safety_reports_addresses(resolver) -> None:
    decision = asyncio.run(check_url_safety("https://news.example.com/x", resolver=resolver))

    assert decision.allowed and decision.addresses == ("93.184.215.14",)

"""Shared fakes for the source-checker tests: DNS, sleeping and clocks.

No test may touch the network: HTTP goes through pytest-httpx and DNS
through :class:`FakeResolver`, which fails loudly for unknown hosts.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import pytest

from app.source_checking import CheckerConfig, SourceCheckResult, check_source
from app.source_checking.url_safety import DNSResolutionError

PUBLIC_IP = "93.184.215.14"
FIXED_NOW = datetime(2024, 7, 3, 7, 15, tzinfo=UTC)


class FakeResolver:
    """Maps host names to addresses; any other name fails to resolve."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.calls: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        if host not in self.table:
            raise DNSResolutionError(f"{host}: Name or service not known")
        return self.table[host]


class FakeSleeper:
    """Records requested waits instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture(autouse=True)
def no_real_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Safety net: any real name lookup fails the test instead of leaving the machine."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"real DNS lookup attempted in a test: {args[:1]}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def resolver() -> FakeResolver:
    public = [PUBLIC_IP]
    return FakeResolver(
        {
            "news.example.com": public,
            "www.example.com": public,
            "cdn.example.net": public,
            "n.news.naver.com": public,
            "intranet.example.com": ["10.1.2.3"],
            "sneaky.example.com": [PUBLIC_IP, "fd00:ec2::254"],
            "localhost": ["127.0.0.1"],
        }
    )


@pytest.fixture
def sleeper() -> FakeSleeper:
    return FakeSleeper()


@pytest.fixture
def config() -> CheckerConfig:
    return CheckerConfig(contact_url="https://accountability.example.org/contact", max_bytes=64 * 1024)


@pytest.fixture
def check(
    resolver: FakeResolver, sleeper: FakeSleeper, config: CheckerConfig
) -> Callable[..., SourceCheckResult]:
    """Synchronous wrapper around check_source with the fakes plugged in."""

    def _check(
        url: str,
        excerpts: Sequence[tuple[int, str]] = (),
        previous_hash: str | None = None,
        config: CheckerConfig = config,
    ) -> SourceCheckResult:
        return asyncio.run(
            check_source(
                url, excerpts, previous_hash, config, resolver=resolver, sleep=sleeper, now=lambda: FIXED_NOW
            )
        )

    return _check

"""Polite, bounded HTTP fetching of one source URL.

Redirects are followed by hand so that every hop is recorded and its target
passes the URL safety check before it is requested.  Bodies are streamed and
cut off at ``max_bytes``; 429 and 5xx answers are retried with back-off that
honours ``Retry-After``.  Network failures become a recorded ``error`` rather
than an exception, so one bad source never aborts a batch.  Sleeping, DNS
and the clock are injectable so tests neither wait nor touch the network.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import socket
import ssl
import time
from collections.abc import Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Any, NamedTuple

import httpx

from app.source_checking.page_text import decode_body, is_text_type, media_type, sniff_media_type
from app.source_checking.pinned import pin, pinned_transport, register
from app.source_checking.url_safety import (
    DNSResolutionError,
    IPNetwork,
    Resolver,
    check_url_safety,
    parse_networks,
    system_resolver,
)

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], datetime]

PRODUCT = "accountability-api-source-checker/0.1"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class CheckerConfig:
    """Limits and policy for the checker; build it from application settings."""

    contact_url: str | None = None  # shown in the User-Agent so site owners can reach us
    timeout: float = 10.0  # seconds per connect / read / write operation
    total_timeout: float = 30.0  # seconds for one request attempt, body included
    max_redirects: int = 5
    max_bytes: int = 5 * 1024 * 1024  # body cap; the rest is not read
    max_retries: int = 2  # extra attempts after a 429 or 5xx
    backoff_base: float = 1.0  # seconds; doubled per retry when there is no Retry-After
    max_retry_wait: float = 60.0  # cap on any single retry wait
    max_concurrency: int = 8  # check_many: sources checked at once
    per_host_interval: float = 1.0  # minimum seconds between requests to one host
    # Allow-list (any iterable accepted; stored as frozenset / tuple of networks):
    allowed_hosts: frozenset[str] = frozenset()  # host names exempt from the address checks
    allowed_networks: tuple[IPNetwork, ...] = ()  # e.g. ("127.0.0.0/8",) for a local server

    def __post_init__(self) -> None:
        hosts = frozenset(h.strip().strip("[]").lower() for h in self.allowed_hosts)
        object.__setattr__(self, "allowed_hosts", hosts)
        object.__setattr__(self, "allowed_networks", parse_networks(self.allowed_networks))

    @property
    def user_agent(self) -> str:
        return f"{PRODUCT} (+{self.contact_url})" if self.contact_url else PRODUCT


class FetchError(StrEnum):
    """Why no usable response was obtained (all map to the 'unreachable' verdict)."""

    TIMEOUT = "timeout"
    DNS = "dns"
    TLS = "tls"
    CONNECTION = "connection"
    PROTOCOL = "protocol"  # malformed HTTP or content encoding
    TOO_MANY_REDIRECTS = "too_many_redirects"
    INVALID_REDIRECT = "invalid_redirect"  # 3xx without a usable Location


class Hop(NamedTuple):
    """One redirect: the 3xx status and the absolute URL it pointed to."""

    status: int
    url: str


@dataclass(frozen=True)
class FetchResult:
    """Everything observed while fetching one URL (no verdict yet)."""

    url: str
    checked_at: datetime
    final_url: str  # last URL reached (or refused / not followed); url itself if no redirect
    status: int | None = None  # status of the last response received
    redirects: tuple[Hop, ...] = ()
    content_type: str | None = None  # media type without parameters (sniffed if absent)
    charset: str | None = None  # codec actually used to decode the text
    content_hash: str | None = None  # sha256 hex of the body bytes kept (after content-encoding)
    byte_count: int = 0  # body bytes kept, never more than max_bytes
    truncated: bool = False  # body was longer than max_bytes and cut off
    error: FetchError | None = None
    error_detail: str | None = None
    refused_reason: str | None = None  # set when the URL or a redirect target was unsafe
    text: str | None = None  # decoded body for HTML/text responses
    attempts: int = 0  # HTTP requests sent, retries and redirect hops included
    retry_waits: tuple[float, ...] = ()  # seconds slept before each retry


class HostRateLimiter:
    """Spaces requests to the same host at least ``interval`` seconds apart."""

    def __init__(
        self, interval: float, *, sleep: Sleep = asyncio.sleep, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.interval = interval
        self._sleep = sleep
        self._clock = clock
        self._next_slot: dict[str, float] = {}

    async def wait(self, host: str) -> None:
        now = self._clock()
        slot = max(now, self._next_slot.get(host, now))
        self._next_slot[host] = slot + self.interval  # reserved before awaiting: no race
        if slot > now:
            await self._sleep(slot - now)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Parse ``Retry-After`` given as seconds or as an HTTP-date; None if absent or invalid."""
    if not value:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        try:
            when = parsedate_to_datetime(value.strip())
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - now).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None


def retry_delay(headers: httpx.Headers, retry_number: int, config: CheckerConfig, now: datetime) -> float:
    """Retry-After if given, else exponential back-off; never more than ``max_retry_wait``."""
    after = retry_after_seconds(headers.get("retry-after"), now)
    wanted = after if after is not None else config.backoff_base * 2**retry_number
    return min(wanted, config.max_retry_wait)


def classify_error(exc: BaseException) -> FetchError:
    """Map an httpx / asyncio exception to a :class:`FetchError`."""
    if isinstance(exc, (httpx.TimeoutException, TimeoutError)):
        return FetchError.TIMEOUT
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    message = " ".join(str(e) for e in chain).lower()
    if any(isinstance(e, ssl.SSLError) for e in chain) or any(
        word in message for word in ("ssl", "certificate", "tls")
    ):
        return FetchError.TLS
    if any(isinstance(e, socket.gaierror) for e in chain) or any(
        phrase in message
        for phrase in ("name or service not known", "nodename nor servname", "getaddrinfo", "name resolution")
    ):
        return FetchError.DNS
    if isinstance(exc, (httpx.ProtocolError, httpx.DecodingError)):
        return FetchError.PROTOCOL
    return FetchError.CONNECTION


def new_client(config: CheckerConfig) -> httpx.AsyncClient:
    """A client configured for checking: no automatic redirects, our User-Agent, and connections
    only to the addresses the safety check approved (app.source_checking.pinned)."""
    transport, backend = pinned_transport({})
    return register(httpx.AsyncClient(
        timeout=httpx.Timeout(config.timeout),
        follow_redirects=False,
        headers={"User-Agent": config.user_agent},
        transport=transport,
    ), backend)


@dataclass
class _Answer:
    status: int
    headers: httpx.Headers
    body: bytes = b""
    truncated: bool = False


@dataclass
class _Failure:
    error: FetchError
    detail: str


@dataclass
class _Progress:
    attempts: int = 0
    waits: list[float] = field(default_factory=list)


def _is_retryable(status: int) -> bool:
    return status == 429 or 500 <= status <= 599


async def _read_capped(response: httpx.Response, cap: int) -> tuple[bytes, bool]:
    """Read at most ``cap`` body bytes; stop pulling from the network past the cap."""
    chunks: list[bytes] = []
    size = 0
    async with aclosing(response.aiter_bytes()) as stream:
        async for chunk in stream:
            room = cap - size
            if len(chunk) > room:
                chunks.append(chunk[:room])
                return b"".join(chunks), True
            chunks.append(chunk)
            size += len(chunk)
    return b"".join(chunks), False


async def _attempt(client: httpx.AsyncClient, url: str, config: CheckerConfig) -> _Answer:
    request = client.build_request(
        "GET",
        url,
        headers={
            "User-Agent": config.user_agent,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,application/pdf;q=0.8,*/*;q=0.5",
            "Accept-Language": "ko,en;q=0.8",
        },
        timeout=httpx.Timeout(config.timeout),
    )
    response = await client.send(request, stream=True, follow_redirects=False)
    try:
        answer = _Answer(response.status_code, response.headers)
        if response.status_code not in REDIRECT_STATUSES and not _is_retryable(response.status_code):
            answer.body, answer.truncated = await _read_capped(response, config.max_bytes)
        return answer
    finally:
        await response.aclose()


async def _get_with_retries(
    client: httpx.AsyncClient,
    url: str,
    config: CheckerConfig,
    progress: _Progress,
    *,
    sleep: Sleep,
    now: Clock,
    rate_limiter: HostRateLimiter | None,
) -> _Answer | _Failure:
    host = httpx.URL(url).host
    for retry_number in range(config.max_retries + 1):
        if rate_limiter is not None:
            await rate_limiter.wait(host)
        progress.attempts += 1
        try:
            async with asyncio.timeout(config.total_timeout):
                answer = await _attempt(client, url, config)
        except (httpx.HTTPError, TimeoutError, OSError) as exc:
            return _Failure(classify_error(exc), f"{type(exc).__name__}: {exc}")
        if not _is_retryable(answer.status) or retry_number == config.max_retries:
            return answer
        wait = retry_delay(answer.headers, retry_number, config, now())
        progress.waits.append(wait)
        await sleep(wait)
    raise AssertionError("unreachable")  # the loop always returns


async def fetch(
    url: str,
    config: CheckerConfig,
    *,
    client: httpx.AsyncClient | None = None,
    resolver: Resolver = system_resolver,
    sleep: Sleep = asyncio.sleep,
    now: Clock = utc_now,
    rate_limiter: HostRateLimiter | None = None,
) -> FetchResult:
    """Fetch ``url`` safely; never raises for network problems or unsafe URLs."""
    if client is None:
        async with new_client(config) as own_client:
            return await fetch(
                url, config, client=own_client, resolver=resolver, sleep=sleep, now=now,
                rate_limiter=rate_limiter,
            )

    checked_at = now()
    progress = _Progress()
    hops: list[Hop] = []
    current = url
    status: int | None = None

    def done(**fields: Any) -> FetchResult:
        return FetchResult(
            url=url,
            checked_at=checked_at,
            final_url=current,
            status=status,
            redirects=tuple(hops),
            attempts=progress.attempts,
            retry_waits=tuple(progress.waits),
            **fields,
        )

    while True:
        try:
            decision = await check_url_safety(
                current,
                allowed_hosts=config.allowed_hosts,
                allowed_networks=config.allowed_networks,
                resolver=resolver,
            )
        except DNSResolutionError as exc:
            return done(error=FetchError.DNS, error_detail=str(exc))
        if not decision.allowed:
            return done(refused_reason=decision.reason)
        pin(client, current, next((a for a in decision.addresses if ":" not in a), decision.addresses[0]))  # IPv4 first

        answer = await _get_with_retries(
            client, current, config, progress, sleep=sleep, now=now, rate_limiter=rate_limiter
        )
        if isinstance(answer, _Failure):
            return done(error=answer.error, error_detail=answer.detail)
        status = answer.status
        if status not in REDIRECT_STATUSES:
            return done(**_describe_body(answer))

        location = answer.headers.get("location", "").strip()
        try:
            target = str(httpx.URL(current).join(location)) if location else None
        except httpx.InvalidURL:
            target = None
        if target is None:
            detail = f"{status} without a usable Location"
            return done(error=FetchError.INVALID_REDIRECT, error_detail=detail)
        hops.append(Hop(status, target))
        current = target
        if len(hops) > config.max_redirects:
            return done(error=FetchError.TOO_MANY_REDIRECTS, error_detail=f"more than {config.max_redirects}")


def _describe_body(answer: _Answer) -> dict[str, Any]:
    header = answer.headers.get("content-type")
    mime = media_type(header) or sniff_media_type(answer.body)
    text = charset = None
    if is_text_type(mime):
        text, charset = decode_body(answer.body, header, truncated=answer.truncated)
    return {
        "content_type": mime,
        "charset": charset,
        "content_hash": hashlib.sha256(answer.body).hexdigest(),
        "byte_count": len(answer.body),
        "truncated": answer.truncated,
        "text": text,
    }

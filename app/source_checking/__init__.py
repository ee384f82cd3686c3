"""Source checker: is a cited page still there, still saying what we quote?

Network and analysis only (no database code).  Entry points:
:func:`check_source` for one URL and :func:`check_many` for a batch with a
concurrency limit and a per-host rate limit.  Verdict precedence is
documented in :mod:`app.source_checking.verdicts`.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import zip_longest

import httpx

from app.source_checking.fetch import (
    CheckerConfig,
    Clock,
    FetchError,
    FetchResult,
    Hop,
    HostRateLimiter,
    Sleep,
    fetch,
    new_client,
    utc_now,
)
from app.source_checking.page_text import HTML_TYPES, html_to_text, normalize_text
from app.source_checking.url_safety import Resolver, SafetyDecision, check_url_safety, system_resolver
from app.source_checking.verdicts import (
    PRECEDENCE,
    QuoteCheck,
    QuoteStatus,
    Verdict,
    check_quotes,
    findings_for,
    is_success,
    normalize_url,
    wayback_lookup_url,
)

__all__ = [
    "PRECEDENCE",
    "CheckerConfig",
    "FetchError",
    "FetchResult",
    "Hop",
    "HostRateLimiter",
    "QuoteCheck",
    "QuoteStatus",
    "SafetyDecision",
    "SourceCheckResult",
    "SourceToCheck",
    "Verdict",
    "check_many",
    "check_quotes",
    "check_source",
    "check_url_safety",
    "fetch",
    "html_to_text",
    "normalize_text",
    "normalize_url",
    "page_text_of",
    "wayback_lookup_url",
]


@dataclass(frozen=True)
class SourceCheckResult:
    """Outcome of checking one source: headline verdict, all findings, evidence."""

    url: str
    verdict: Verdict  # the first of `findings` in PRECEDENCE order
    findings: tuple[Verdict, ...]  # every verdict that applies, most serious first
    quotes: tuple[QuoteCheck, ...]  # one per excerpt, in the order given
    fetch: FetchResult  # status, final URL, redirect chain, hash, error...
    page_text: str | None  # normalised readable text, None when there is none
    previous_hash: str | None  # the hash it was compared against


@dataclass(frozen=True)
class SourceToCheck:
    """One item for :func:`check_many`."""

    url: str
    excerpts: Sequence[tuple[int, str]] = ()
    previous_hash: str | None = None


def page_text_of(result: FetchResult) -> tuple[str | None, str]:
    """Normalised page text, or None plus the reason excerpts cannot be checked."""
    if result.refused_reason is not None:
        return None, f"not fetched: refused ({result.refused_reason})"
    if result.error is not None:
        return None, f"not fetched: {result.error}"
    if not is_success(result.status):
        return None, f"no page: HTTP {result.status}"
    if result.text is None:
        return None, f"{result.content_type or 'unknown content type'}: text not extracted"
    if result.content_type in HTML_TYPES:
        return html_to_text(result.text), ""
    return normalize_text(result.text), ""


async def check_source(
    url: str,
    excerpts: Sequence[tuple[int, str]],
    previous_hash: str | None,
    config: CheckerConfig,
    client: httpx.AsyncClient | None = None,
    *,
    resolver: Resolver = system_resolver,
    sleep: Sleep = asyncio.sleep,
    now: Clock = utc_now,
    rate_limiter: HostRateLimiter | None = None,
) -> SourceCheckResult:
    """Fetch ``url``, look up each ``(citation_id, excerpt)`` and decide a verdict.

    Never raises for network failures or unsafe URLs: they become the
    'unreachable' and 'refused' verdicts.
    """
    fetched = await fetch(
        url, config, client=client, resolver=resolver, sleep=sleep, now=now, rate_limiter=rate_limiter
    )
    text, reason = page_text_of(fetched)
    quotes = check_quotes(text, excerpts, unavailable_reason=reason, truncated=fetched.truncated)
    findings = findings_for(fetched, quotes, previous_hash)
    return SourceCheckResult(
        url=url,
        verdict=findings[0],
        findings=findings,
        quotes=tuple(quotes),
        fetch=fetched,
        page_text=text,
        previous_hash=previous_hash,
    )


def _interleave_by_host(sources: Sequence[SourceToCheck]) -> list[int]:
    """Indices in round-robin order over hosts, so concurrent slots are not all
    spent waiting on one rate-limited host."""
    by_host: dict[str, list[int]] = defaultdict(list)
    for index, source in enumerate(sources):
        try:
            host = httpx.URL(source.url).host
        except httpx.InvalidURL:
            host = ""
        by_host[host].append(index)
    rounds = zip_longest(*by_host.values())
    return [index for round_ in rounds for index in round_ if index is not None]


async def check_many(
    sources: Iterable[SourceToCheck],
    config: CheckerConfig,
    client: httpx.AsyncClient | None = None,
    *,
    resolver: Resolver = system_resolver,
    sleep: Sleep = asyncio.sleep,
    now: Clock = utc_now,
    monotonic: Callable[[], float] = time.monotonic,
) -> list[SourceCheckResult]:
    """Check many sources, at most ``config.max_concurrency`` at a time and no
    faster than one request per ``config.per_host_interval`` seconds per host
    (retries and redirect hops included).  Results keep the input order."""
    items = list(sources)
    if client is None:
        async with new_client(config) as own_client:
            return await check_many(
                items, config, own_client, resolver=resolver, sleep=sleep, now=now, monotonic=monotonic
            )

    limiter = HostRateLimiter(config.per_host_interval, sleep=sleep, clock=monotonic)
    slots = asyncio.Semaphore(config.max_concurrency)
    results: list[SourceCheckResult | None] = [None] * len(items)

    async def run(index: int) -> None:
        source = items[index]
        async with slots:
            results[index] = await check_source(
                source.url,
                source.excerpts,
                source.previous_hash,
                config,
                client,
                resolver=resolver,
                sleep=sleep,
                now=now,
                rate_limiter=limiter,
            )

    async with asyncio.TaskGroup() as group:
        for index in _interleave_by_host(items):
            group.create_task(run(index))
    return [result for result in results if result is not None]

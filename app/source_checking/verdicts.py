"""Turn a fetch into findings and one headline verdict (pure logic, no I/O).

Several findings can hold at once (a page can have moved *and* changed), so
all of them are reported; the headline is the most serious one according to
:data:`PRECEDENCE`:

    refused > unreachable > gone > quote_drift > moved > changed > ok

- refused: the URL or a redirect target was unsafe, so nothing (more) was requested.
- unreachable: timeout, DNS, TLS, connection or protocol error, too many or
  broken redirects, or a final status that is neither 2xx nor 404/410
  (5xx and 429 after retries, 401/403 and other refusals to serve).
- gone: 404 or 410.
- quote_drift: the page has text and at least one excerpt is not in it.
  Excerpts that cannot be checked (PDF, no text, cut-off page) are reported
  as not checkable and never count as drift.
- moved: redirects ended on a different URL (compared after normalisation).
- changed: 2xx body hash differs from the hash of the previous check.
- ok: none of the above.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import httpx

from app.source_checking.fetch import FetchResult
from app.source_checking.page_text import normalize_text

WAYBACK_PREFIX = "https://web.archive.org/web/*/"
_DEFAULT_PORTS = {"http": 80, "https": 443}


class Verdict(StrEnum):
    OK = "ok"
    MOVED = "moved"
    CHANGED = "changed"
    QUOTE_DRIFT = "quote_drift"
    GONE = "gone"
    UNREACHABLE = "unreachable"
    REFUSED = "refused"


#: Most serious first; the headline verdict is the first finding in this order.
PRECEDENCE: tuple[Verdict, ...] = (
    Verdict.REFUSED,
    Verdict.UNREACHABLE,
    Verdict.GONE,
    Verdict.QUOTE_DRIFT,
    Verdict.MOVED,
    Verdict.CHANGED,
    Verdict.OK,
)


class QuoteStatus(StrEnum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    NOT_CHECKABLE = "not_checkable"


@dataclass(frozen=True)
class QuoteCheck:
    """Result for one citation excerpt; ``reason`` explains 'not checkable'."""

    citation_id: int
    status: QuoteStatus
    reason: str | None = None


def check_quotes(
    page_text: str | None,
    excerpts: Sequence[tuple[int, str]],
    *,
    unavailable_reason: str = "no page text",
    truncated: bool = False,
) -> list[QuoteCheck]:
    """Look each excerpt up in ``page_text`` (already normalised), ignoring case.

    A missing excerpt on a page that was cut off at the size cap is 'not
    checkable': it may sit in the part that was not read.
    """
    haystack = page_text.casefold() if page_text is not None else None
    results = []
    for citation_id, excerpt in excerpts:
        needle = normalize_text(excerpt).casefold()
        if haystack is None:
            results.append(QuoteCheck(citation_id, QuoteStatus.NOT_CHECKABLE, unavailable_reason))
        elif not needle:
            results.append(QuoteCheck(citation_id, QuoteStatus.NOT_CHECKABLE, "empty excerpt"))
        elif needle in haystack:
            results.append(QuoteCheck(citation_id, QuoteStatus.FOUND))
        elif truncated:
            reason = "page cut off at the size cap; the excerpt may be in the unread part"
            results.append(QuoteCheck(citation_id, QuoteStatus.NOT_CHECKABLE, reason))
        else:
            results.append(QuoteCheck(citation_id, QuoteStatus.NOT_FOUND))
    return results


def normalize_url(url: str) -> str:
    """Comparison form: lower-case scheme and host, no default port, '/' for an
    empty path, no fragment.  Path, query and trailing slashes stay significant."""
    try:
        parsed = httpx.URL(url.strip())
    except httpx.InvalidURL:
        return url.strip()
    port = None if parsed.port == _DEFAULT_PORTS.get(parsed.scheme) else parsed.port
    return str(parsed.copy_with(port=port, path=parsed.path or "/", fragment=None))


def wayback_lookup_url(url: str) -> str:
    """Wayback Machine calendar page listing all captures of ``url``.

    Form: ``https://web.archive.org/web/*/<url>`` (human-facing; the
    availability API is not used).  Built only, never requested.
    """
    try:
        target = str(httpx.URL(url.strip()).copy_with(fragment=None))
    except httpx.InvalidURL:
        target = url.strip()
    return WAYBACK_PREFIX + target


def is_success(status: int | None) -> bool:
    return status is not None and 200 <= status <= 299


def findings_for(
    fetch: FetchResult, quotes: Iterable[QuoteCheck], previous_hash: str | None
) -> tuple[Verdict, ...]:
    """Every verdict that applies, in precedence order; ``(OK,)`` if none."""
    found: set[Verdict] = set()
    if fetch.refused_reason is not None:
        found.add(Verdict.REFUSED)
    elif fetch.error is not None or fetch.status is None:
        found.add(Verdict.UNREACHABLE)
    elif fetch.status in (404, 410):
        found.add(Verdict.GONE)
    elif not is_success(fetch.status):
        found.add(Verdict.UNREACHABLE)
    if fetch.redirects and normalize_url(fetch.final_url) != normalize_url(fetch.url):
        found.add(Verdict.MOVED)
    if is_success(fetch.status) and previous_hash and fetch.content_hash != previous_hash:
        found.add(Verdict.CHANGED)
    if any(q.status is QuoteStatus.NOT_FOUND for q in quotes):
        found.add(Verdict.QUOTE_DRIFT)
    return tuple(v for v in PRECEDENCE if v in found) or (Verdict.OK,)


def headline(findings: Iterable[Verdict]) -> Verdict:
    """The most serious of ``findings`` (``OK`` when empty)."""
    present = set(findings)
    return next((v for v in PRECEDENCE if v in present), Verdict.OK)

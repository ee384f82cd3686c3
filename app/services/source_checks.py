"""Check sources and keep every result: the database half of the source checker.

The library (app.source_checking) fetches and judges; this module chooses the
sources, gives the library their citations' excerpts and the hash to compare
with, and stores each outcome in one transaction: the check, one row per
citation, and the latest result on the source and its citations (so
`GET /v1/sources?verdict=gone` is a plain filter). Checks are only inserted.
"""

import asyncio
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from anyio import to_thread
from sqlmodel import Session

from app.core import request_context
from app.core.config import Settings, get_settings
from app.models import Citation, CitationCheck, Source, SourceCheck
from app.models.base import utcnow
from app.querying.visibility import live
from app.resources.catalog import citations, projects, sources
from app.services import history, records
from app.services.source_check_reads import check_public, results_public
from app.source_checking import CheckerConfig, SourceCheckResult, SourceToCheck, check_many, check_source
from app.source_checking.fetch import Clock, Sleep, new_client, utc_now
from app.source_checking.url_safety import Resolver, system_resolver
from app.source_checking.verdicts import QuoteStatus, is_success, wayback_lookup_url

BATCH_SIZE = 50  # sources per check_many call: results are stored (and memory freed) after each batch
SHA256_PREFIX = "sha256:"
CHECKER_ACTOR = "source-checker"  # who the revisions name when no token holder asked (the CLI)


@dataclass(frozen=True)
class Checker:
    """Limits plus the injectable edges (DNS, sleeping, clocks): tests swap these, never the network code."""

    config: CheckerConfig
    resolver: Resolver = system_resolver
    sleep: Sleep = asyncio.sleep
    now: Clock = utc_now
    monotonic: Callable[[], float] = time.monotonic


def checker_config(settings: Settings | None = None) -> CheckerConfig:
    settings = settings or get_settings()
    return CheckerConfig(
        contact_url=settings.source_check_contact_url or settings.publisher_url,
        timeout=settings.source_check_timeout_seconds,
        total_timeout=settings.source_check_total_timeout_seconds,
        max_retries=settings.source_check_max_retries,
        max_bytes=settings.source_check_max_bytes,
        max_concurrency=settings.source_check_max_concurrency,
        per_host_interval=settings.source_check_per_host_interval_seconds,
        allowed_hosts=frozenset(settings.source_check_allowed_hosts),
        allowed_networks=tuple(settings.source_check_allowed_networks),
    )


def get_checker() -> Checker:
    """The checker built from settings (a FastAPI dependency, overridden in tests)."""
    return Checker(checker_config())


@dataclass(frozen=True)
class Target:
    """One source as the checker needs it."""

    source_id: int
    url: str
    archive_url: str | None
    excerpts: tuple[tuple[int, str], ...]
    previous_hash: str | None


def load_targets(session: Session, source_ids: list[int]) -> list[Target]:
    """Sources with their excerpts and comparison hashes: three queries, whatever the count."""
    sources = session.execute(
        sa.select(Source.id, Source.url, Source.archive_url, Source.content_hash)
        .where(Source.id.in_(source_ids)).order_by(Source.id)
    ).all()
    excerpts: dict[int, list[tuple[int, str]]] = {source.id: [] for source in sources}
    for row in session.execute(sa.select(Citation.source_id, Citation.id, Citation.excerpt)
                               .where(Citation.source_id.in_(source_ids), live(Citation.__table__))
                               .order_by(Citation.id)):
        excerpts[row.source_id].append((row.id, row.excerpt))
    hashes = _last_page_hashes(session, source_ids)
    return [Target(source.id, source.url, source.archive_url, tuple(excerpts[source.id]),
                   hashes.get(source.id) or _recorded_hash(source.content_hash)) for source in sources]


def _last_page_hashes(session: Session, source_ids: list[int]) -> dict[int, str]:
    """Hash of each source's latest check that got a 2xx page.

    Error pages (404 bodies, 503 notices) are skipped so that a page coming back
    is compared with the page as it was, not with the error in between.
    """
    latest = (
        sa.select(sa.func.max(SourceCheck.id))
        .where(SourceCheck.source_id.in_(source_ids), SourceCheck.status.between(200, 299),
               SourceCheck.content_hash.is_not(None))
        .group_by(SourceCheck.source_id)
    )
    rows = session.execute(sa.select(SourceCheck.source_id, SourceCheck.content_hash).where(SourceCheck.id.in_(latest)))
    return {row.source_id: row.content_hash for row in rows}


def _recorded_hash(value: str | None) -> str | None:
    """The source's own content_hash, if it is a SHA-256 the checker can compare with (bare or `sha256:` hex)."""
    if not value:
        return None
    digest = value.removeprefix(SHA256_PREFIX).strip().lower()
    return digest if len(digest) == 64 and all(c in "0123456789abcdef" for c in digest) else None


def _check_row(target: Target, result: SourceCheckResult) -> dict[str, Any]:
    fetched = result.fetch
    counts = {status: sum(q.status is status for q in result.quotes) for status in QuoteStatus}
    return {
        "source_id": target.source_id, "checked_at": fetched.checked_at, "url": result.url,
        "status": fetched.status, "final_url": fetched.final_url,
        "redirects": [{"status": hop.status, "url": hop.url} for hop in fetched.redirects],
        "content_type": fetched.content_type, "charset": fetched.charset, "content_hash": fetched.content_hash,
        "byte_count": fetched.byte_count, "truncated": fetched.truncated, "attempts": fetched.attempts,
        "error": "refused" if fetched.refused_reason else (fetched.error.value if fetched.error else None),
        "error_detail": fetched.refused_reason or fetched.error_detail,
        "verdict": result.verdict, "findings": [finding.value for finding in result.findings],
        "previous_hash": result.previous_hash,
        "excerpts_found": counts[QuoteStatus.FOUND], "excerpts_not_found": counts[QuoteStatus.NOT_FOUND],
        "excerpts_not_checkable": counts[QuoteStatus.NOT_CHECKABLE],
        "archive_lookup_url": None if target.archive_url else wayback_lookup_url(target.url),
    }


def store_result(session: Session, target: Target, result: SourceCheckResult) -> dict[str, Any]:
    """Insert the check and its citation results, update the latest verdict and excerpts found, commit.

    A source with no captured text on record keeps the text of a complete 2xx page as
    its captured text, so citations written later are held to it (app.services.fact_checks).
    `sources.verdict` and `citations.excerpt_found` are part of those records, so
    they change like any field: only when different, version + 1, with a revision
    (in the corrections feed: a source gone, a quote no longer found). A check
    that finished after a later one of the same source changes nothing there.
    """
    check = session.execute(sa.insert(SourceCheck.__table__).values(**_check_row(target, result))
                            .returning(SourceCheck.__table__)).one()
    excerpts = dict(target.excerpts)
    results = [{"check_id": check.id, "citation_id": q.citation_id, "excerpt": excerpts[q.citation_id],
                "status": q.status, "reason": q.reason} for q in result.quotes]
    if results:
        session.execute(sa.insert(CitationCheck.__table__), results)
    later = sa.select(SourceCheck.id).where(SourceCheck.source_id == target.source_id, SourceCheck.id > check.id)
    if session.execute(later.limit(1)).first() is None:
        with request_context.acting_as(request_context.actor() or CHECKER_ACTOR,
                                       f"source check {check.id}: {result.verdict.value}"):
            _capture_text(session, target.source_id, result)
            history.set_field(session, sources, [target.source_id], "verdict", check.verdict)
            for found, ids in _excerpt_results(result).items():
                history.set_field(session, citations, ids, "excerpt_found", found)
    session.commit()
    return {**check_public(check), "citations": results_public(results)}


def _capture_text(session: Session, source_id: int, result: SourceCheckResult) -> None:
    """Keep a complete page's text as the source's captured text when none is on record, with its revision."""
    fetched = result.fetch
    if not result.page_text or fetched.truncated or not is_success(fetched.status):
        return
    table = sources.sa_table
    before = session.execute(sa.select(table).where(table.c.id == source_id, table.c.captured_text.is_(None),
                                                    live(table))).first()
    if before is None:
        return
    after = session.execute(
        sa.update(table).where(table.c.id == source_id, table.c.version == before.version)
        .values(captured_text=result.page_text, captured_at=fetched.checked_at, updated_at=utcnow(),
                version=before.version + 1).returning(table)
    ).first()
    if after is not None:
        history.record_change(session, sources, "update", before, after)


def _excerpt_results(result: SourceCheckResult) -> dict[bool | None, list[int]]:
    """Citation ids by what `excerpt_found` becomes: True, False, or None when it could not be checked."""
    grouped: dict[bool | None, list[int]] = {}
    for quote in result.quotes:
        found = None if quote.status is QuoteStatus.NOT_CHECKABLE else quote.status is QuoteStatus.FOUND
        grouped.setdefault(found, []).append(quote.citation_id)
    return grouped


def prepare(session: Session, key: str) -> Target:
    """Load one source (by id, 404 otherwise) and end the read, so no connection waits on the network."""
    (target,) = load_targets(session, [records.get_row(session, sources, key).id])
    session.commit()
    return target


async def check_one(session: Session, key: str | int, checker: Checker) -> dict[str, Any]:
    """Check one source now and return the stored check (the admin endpoint).

    Database work runs in a worker thread: on SQLite a write may wait for the lock.
    """
    target = await to_thread.run_sync(prepare, session, str(key))
    result = await check_source(target.url, target.excerpts, target.previous_hash, checker.config,
                                resolver=checker.resolver, sleep=checker.sleep, now=checker.now)
    return await to_thread.run_sync(store_result, session, target, result)


async def check_sources(session: Session, source_ids: list[int], checker: Checker,
                        on_stored: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """Check many sources with the library's concurrency and per-host limits, storing each batch.

    The per-host interval is kept within a batch; a new batch starts a new pacing window.
    """
    stored = []
    async with new_client(checker.config) as client:
        for start in range(0, len(source_ids), BATCH_SIZE):
            targets = load_targets(session, source_ids[start:start + BATCH_SIZE])
            session.commit()
            results = await check_many(
                [SourceToCheck(t.url, t.excerpts, t.previous_hash) for t in targets], checker.config, client,
                resolver=checker.resolver, sleep=checker.sleep, now=checker.now, monotonic=checker.monotonic,
            )
            for target, result in zip(targets, results, strict=True):
                stored.append(store_result(session, target, result))
                if on_stored is not None:
                    on_stored(stored[-1])
    return stored


def sources_to_check(session: Session, *, project_id: int | None = None, source_ids: Iterable[int] = (),
                     stale_after: timedelta | None = None, now: datetime | None = None) -> list[int]:
    """Ids of the sources to check: all, a project's (as its `sources` relation: those it and its
    facts cite) or the ones named, less those checked within `stale_after`. Every option narrows."""
    query = sa.select(Source.id).where(live(Source.__table__)).order_by(Source.id)
    if project_id is not None:
        cited = projects.relations_by_name["sources"].pairs([project_id]).subquery()
        query = query.where(Source.id.in_(sa.select(cited.c.related_id)))
    if ids := list(source_ids):
        query = query.where(Source.id.in_(ids))
    if stale_after is not None:
        recent = SourceCheck.checked_at >= (now or utc_now()) - stale_after
        query = query.where(~sa.exists().where(SourceCheck.source_id == Source.id, recent))
    return list(session.execute(query).scalars())

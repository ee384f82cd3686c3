"""Reading stored source checks: a source's history, one check, and whether a fact's support is in doubt."""

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from app.core.errors import NotFound
from app.models import Citation, CitationCheck, Source, SourceCheck
from app.querying.visibility import live
from app.source_checking.verdicts import QuoteStatus, Verdict


def check_public(row: Any) -> dict[str, Any]:
    check = dict(row._mapping) if hasattr(row, "_mapping") else dict(row)
    check["verdict"] = Verdict(check["verdict"]).value
    return check


def results_public(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"citation_id": row["citation_id"], "excerpt": row["excerpt"], "status": QuoteStatus(row["status"]).value,
             "reason": row["reason"]} for row in rows]


def check_history(session: Session, source_id: int, limit: int, before: int | None = None) -> tuple[list[dict], int | None]:
    """A source's checks, newest first, each with its citation results (two queries per page)."""
    query = sa.select(SourceCheck.__table__).where(SourceCheck.source_id == source_id)
    if before is not None:
        query = query.where(SourceCheck.id < before)
    rows = session.execute(query.order_by(SourceCheck.id.desc()).limit(limit + 1)).all()
    checks = [check_public(row) | {"citations": []} for row in rows[:limit]]
    by_id = {check["id"]: check for check in checks}
    results = session.execute(sa.select(CitationCheck.__table__).where(CitationCheck.check_id.in_(by_id))
                              .order_by(CitationCheck.citation_id)).mappings()
    for row in results:
        by_id[row["check_id"]]["citations"] += results_public([row])
    return checks, (checks[-1]["id"] if len(rows) > limit else None)


def get_check(session: Session, source_id: int, check_id: int) -> dict[str, Any]:
    row = session.execute(sa.select(SourceCheck.__table__)
                          .where(SourceCheck.id == check_id, SourceCheck.source_id == source_id)).first()
    if row is None:
        raise NotFound(f"Source {source_id} has no check {check_id}")
    results = session.execute(sa.select(CitationCheck.__table__).where(CitationCheck.check_id == check_id)
                              .order_by(CitationCheck.citation_id)).mappings()
    return {**check_public(row), "citations": results_public(results)}


# --- For the scorecard: is a fact still supported by what its sources say? ---

def citation_in_doubt(citation: Mapping[str, Any]) -> bool:
    """A citation whose source is gone, or whose excerpt the latest check did not find.

    Reads `source_verdict` (the source's `verdict`) and `excerpt_found`; unknown
    (never checked, not checkable, unreachable) is not doubt.
    """
    return citation.get("source_verdict") == Verdict.GONE or citation.get("excerpt_found") is False


def support_in_doubt(citations: Iterable[Mapping[str, Any]]) -> bool:
    """True when there are citations and every one of them is in doubt."""
    citations = list(citations)
    return bool(citations) and all(citation_in_doubt(citation) for citation in citations)


def sources_in_doubt(session: Session, fact_refs: Iterable[tuple[str, int]]) -> set[tuple[str, int]]:
    """The facts, as (kind, id) with kind project/budget/metric/statement, whose only sources
    are gone or no longer carry the cited excerpt. One query for any number of facts."""
    refs = set(fact_refs)
    if not refs:
        return set()
    keys = {kind: getattr(Citation, f"{kind}_id") for kind in {kind for kind, _ in refs}}
    rows = session.execute(
        sa.select(*keys.values(), Citation.excerpt_found, Source.verdict.label("source_verdict"))
        .join(Source, Source.id == Citation.source_id)
        .where(sa.or_(*(key.in_([i for k, i in refs if k == kind]) for kind, key in keys.items())),
               live(Citation.__table__))
    ).mappings()
    cited: dict[tuple[str, int], list[Mapping[str, Any]]] = {}
    for row in rows:
        kind = next(kind for kind, key in keys.items() if row[key.name] is not None)
        cited.setdefault((kind, row[keys[kind].name]), []).append(row)
    return {ref for ref, citations in cited.items() if support_in_doubt(citations)}

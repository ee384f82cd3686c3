"""`/sources/{id}`: the captured text with every cited excerpt marked, and the checker's verdicts."""

from typing import Any

from sqlmodel import Session

from app.core.errors import InvalidParameter
from app.domain.highlight import highlight
from app.resources.catalog import sources
from app.services import records
from app.services.source_check_reads import check_history

CHECKS_SHOWN = 10
CITED_KINDS = ("project", "budget", "metric", "statement")


def cited_fact(citation: dict[str, Any]) -> dict[str, Any] | None:
    """What a citation supports: its kind, id and where to read it (a project's page, else the API record)."""
    for kind in CITED_KINDS:
        fact_id = citation.get(f"{kind}_id")
        if fact_id is not None:
            href = f"/projects/{fact_id}" if kind == "project" else f"/v1/{kind}s/{fact_id}"
            return {"kind": kind, "id": fact_id, "href": href, "field": citation.get("field")}
    return None


def source_view(session: Session, key: str, citation: str | None) -> dict[str, Any]:
    if citation is not None and not (citation.isascii() and citation.isdigit()):
        raise InvalidParameter("citation", "a citation id (digits)")
    source = records.get_record(session, sources, key, ("citations", "latest_check"))
    citations = source["citations"]
    pieces, missing = highlight(source.get("captured_text") or "",
                                [(item["id"], item["excerpt"]) for item in citations])
    checks, _ = check_history(session, source["id"], CHECKS_SHOWN)
    for item in citations:
        item["fact"] = cited_fact(item)
    return {"source": source, "citations": citations, "pieces": pieces, "missing": set(missing), "checks": checks,
            "current": int(citation) if citation is not None else None}

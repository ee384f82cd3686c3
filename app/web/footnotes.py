"""Every figure on a page carries a numbered footnote that opens its citation.

Numbers follow the order in which the page first cites each citation; the list at the foot
shows the excerpt, the source (its page here, where the sentence is highlighted, and its
link) and when the source was last checked, read in one query for all the page's sources.
"""

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from app.querying.visibility import live
from app.resources.catalog import sources
from app.services.expansion import expand_records


class Footnotes:
    def __init__(self, sources_by_id: dict[int, dict[str, Any]]) -> None:
        self.sources_by_id = sources_by_id
        self.numbers: dict[int, int] = {}
        self.citations: list[dict[str, Any]] = []

    def refs(self, citations: list[dict[str, Any]] | None) -> list[int]:
        """The footnote numbers of these citations (each once), numbering the ones not cited before."""
        numbers = []
        for citation in citations or []:
            if citation["id"] not in self.numbers:
                self.citations.append(citation)
                self.numbers[citation["id"]] = len(self.citations)
            if self.numbers[citation["id"]] not in numbers:
                numbers.append(self.numbers[citation["id"]])
        return numbers

    def source(self, citation: dict[str, Any]) -> dict[str, Any]:
        return self.sources_by_id.get(citation["source_id"], {})


def citation_link(citation: dict[str, Any]) -> str:
    """The source's page scrolled to this citation's highlighted excerpt."""
    return f"/sources/{citation['source_id']}?citation={citation['id']}#citation-{citation['id']}"


def load_sources(session: Session, source_ids: set[int]) -> dict[int, dict[str, Any]]:
    """The cited sources with their latest check: one query, plus one for the checks."""
    if not source_ids:
        return {}
    table = sources.sa_table
    columns = [column for column in table.c if column.name != "captured_text"]  # pages link to the text instead
    rows = session.execute(sa.select(*columns).where(table.c.id.in_(source_ids), live(table)).order_by(table.c.id))
    items = [sources.to_public({**row._mapping, "captured_text": None}) for row in rows]
    expand_records(session, sources, items, ("latest_check",))
    return {item["id"]: item for item in items}


def footnotes_for(session: Session, citation_lists: list[list[dict[str, Any]]]) -> Footnotes:
    source_ids = {citation["source_id"] for citations in citation_lists for citation in citations}
    return Footnotes(load_sources(session, source_ids))

"""Judge a record by the fact rules before any write stores it, and keep citations' verification current.

Every write path comes here: the API's POST and PATCH and the seed loader through
app.services.records, the bulk import through records and, before it writes
anything, through `problems`. The rules themselves are app.domain.fact_rules; this
module adds what needs the database: a citation's excerpt must stand in its
source's captured text when that text is on record (otherwise the citation is
kept unverified, `excerpt_found` null, until a check of the source runs).
"""

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from app.core.errors import FieldError, UnprocessableEntity
from app.domain.fact_rules import excerpt_stands_in, violations
from app.models import Citation, Source
from app.models.base import MAX_ID
from app.querying.visibility import live
from app.resources import Resource
from app.resources.catalog import citations, sources
from app.services import history

EXCERPT_FIELDS = frozenset({"excerpt", "source_id"})


def problems(session: Session, resource: Resource, values: dict[str, Any],
             changed: set[str] | None = None) -> list[FieldError]:
    """Every rule the record breaks, each naming its field; empty when it may be stored.

    `values` is the whole record as its create body (`model_dump()` of the create schema);
    `changed` names the fields an update changes (None: a new record). An excerpt is judged
    when it is new or moves, so a note can still be added to a citation flagged as not found.
    """
    found = [FieldError(field=v.field, location="body", message=v.message, type=v.type)
             for v in violations(resource.path, values, resource.partial_dates)]
    judge_excerpt = resource is citations and (changed is None or changed & EXCERPT_FIELDS)
    if judge_excerpt and excerpt_found(session, values) is False:
        found.append(FieldError(field="excerpt", location="body", type="excerpt_not_in_source",
                                message=f"the excerpt is not in the captured text of source {values['source_id']}: "
                                        "quote the source word for word"))
    return found


def enforce(session: Session, resource: Resource, values: dict[str, Any], changed: set[str] | None = None) -> None:
    """Refuse the write (422, every broken rule named) unless the record meets the fact rules."""
    if errors := problems(session, resource, values, changed):
        first = errors[0]
        raise UnprocessableEntity(first.field, first.message, first.type, errors[1:])


def excerpt_found(session: Session, values: dict[str, Any]) -> bool | None:
    """Whether a citation's excerpt stands in its source's captured text; None when no text is on record
    (or no such source: the reference check names `source_id` then)."""
    source_id = values.get("source_id")
    if not 1 <= source_id <= MAX_ID:
        return None
    text = session.execute(sa.select(Source.captured_text).where(Source.id == source_id)).scalar()
    return None if text is None else excerpt_stands_in(values["excerpt"], text)


def verification(session: Session, resource: Resource, values: dict[str, Any], changed: set[str]) -> dict[str, Any]:
    """Server-set columns of a write: a citation's `excerpt_found` when it is new or its excerpt or source changes."""
    if resource is not citations or not changed & EXCERPT_FIELDS:
        return {}
    return {"excerpt_found": excerpt_found(session, values)}


def after_write(session: Session, resource: Resource, before: Any, after: Any) -> None:
    """A source's captured text set or changed: judge its citations again against it, with revisions."""
    if resource is not sources or after.captured_text is None:
        return
    if before is not None and before.captured_text == after.captured_text:
        return
    reverify_citations(session, after.id, after.captured_text)


def reverify_citations(session: Session, source_id: int, text: str) -> None:
    """Set `excerpt_found` of every live citation of the source to whether its excerpt stands in `text`."""
    rows = session.execute(sa.select(Citation.id, Citation.excerpt)
                           .where(Citation.source_id == source_id, live(Citation.__table__))).all()
    verdicts: dict[bool, list[int]] = {True: [], False: []}
    for row in rows:
        verdicts[excerpt_stands_in(row.excerpt, text)].append(row.id)
    for found, ids in verdicts.items():
        if ids:
            history.set_field(session, citations, ids, "excerpt_found", found)

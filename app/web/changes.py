"""`/changes`: the corrections feed of GET /v1/changes as a page, with the same filters and the Atom link."""

from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.datastructures import QueryParams

from app.services import revisions

FEED_PARAMETERS = ("project", "entity", "since")


def feed(session: Session, params: QueryParams) -> dict[str, Any]:
    page = revisions.changes_page(session, params)
    filters = [(name, params[name]) for name in FEED_PARAMETERS if name in params]
    query = urlencode(filters)
    next_query = urlencode([*[(n, v) for n, v in params.multi_items() if n != "cursor"], ("cursor", page.next_cursor)]) \
        if page.next_cursor else None
    return {"items": page.items, "next_query": next_query, "filters": dict(filters),
            "atom_url": "/v1/changes.atom" + (f"?{query}" if query else ""),
            "json_url": "/v1/changes" + (f"?{urlencode(params.multi_items())}" if params else "")}

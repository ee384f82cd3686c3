"""`/search?q=`: the hits of GET /v1/search, grouped by kind, matches marked, each linked to its page."""

import re
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from app.resources.catalog import metrics, statements
from app.search import parse_query
from app.search.service import search

KINDS = {"project": ("사업", "projects"), "statement": ("발언", "statements"), "metric": ("지표", "metrics"),
         "source": ("출처", "sources"), "organization": ("기관", "organizations"), "person": ("인물", "people")}
PAGE_SIZE = 50
_MARKED = re.compile("«([^»]*)»")


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """The snippet as (text, matched) pieces; the template wraps matched ones in <mark>."""
    parts, position = [], 0
    for match in _MARKED.finditer(snippet):
        parts.append((snippet[position:match.start()], False))
        parts.append((match.group(1), True))
        position = match.end()
    parts.append((snippet[position:], False))
    return [part for part in parts if part[0]]


def _projects_of(session: Session, hits: list[dict[str, Any]]) -> dict[tuple[str, int], int]:
    """The project of each metric and statement hit: one query per kind."""
    found = {}
    for kind, resource in (("metric", metrics), ("statement", statements)):
        ids = [hit["id"] for hit in hits if hit["type"] == kind]
        if ids:
            table = resource.sa_table
            for row in session.execute(sa.select(table.c.id, table.c.project_id).where(table.c.id.in_(ids))):
                found[(kind, row.id)] = row.project_id
    return found


def page_link(hit: dict[str, Any], projects_of: dict[tuple[str, int], int]) -> str:
    kind, record_id = hit["type"], hit["id"]
    if kind == "project":
        return f"/projects/{record_id}"
    if (kind, record_id) in projects_of:
        return f"/projects/{projects_of[(kind, record_id)]}#{kind}-{record_id}"
    if kind == "source":
        return f"/sources/{record_id}"
    if kind == "organization":
        return f"/?organization_id={record_id}"
    return hit["url"]


def results(session: Session, q: str, cursor: str | None) -> dict[str, Any]:
    if not q.strip():
        return {"q": q, "groups": [], "next_cursor": None, "searched": False}
    body = search(session, parse_query(q), limit=PAGE_SIZE, cursor=cursor)
    projects_of = _projects_of(session, body["items"])
    groups: dict[str, list[dict[str, Any]]] = {}
    for hit in body["items"]:
        groups.setdefault(hit["type"], []).append(
            {**hit, "parts": snippet_parts(hit["snippet"]), "href": page_link(hit, projects_of)})
    ordered = [{"kind": kind, "title": KINDS.get(kind, (kind, kind)), "hits": groups[kind]}
               for kind in KINDS if kind in groups]
    return {"q": q, "groups": ordered, "next_cursor": body["next"], "searched": True,
            "all_matches_ranked": body["all_matches_ranked"], "count": len(body["items"])}

"""History endpoints: each record's revisions and restore, and the public corrections feed (JSON and Atom).

Revisions are read-only through the API: there is no route that changes or removes one.
`VersionParam` and `AsOfParam` are the GET parameters records.py adds to its reads.
"""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request, Response

from app.auth import ADMIN, AUTH_RESPONSES
from app.core.db import SessionDep
from app.core.errors import PROBLEM_RESPONSES
from app.core.etag import record_etag
from app.core.json import JSONResponse
from app.core.request_context import CHANGE_REASON
from app.models.base import utcnow
from app.resources import Resource
from app.schemas.revision import change_page_schema, revision_page_schema
from app.services import atom, history, revisions

AS_OF_HELP = ("What the dataset said at this moment: an ISO 8601 date-time with a time of day (without an offset "
              "it is UTC). Rebuilt from the history, so a published story's figures can be reproduced after later "
              "corrections. 404 if the record did not exist then or was deleted by then.")
VersionParam = Annotated[int | None, Query(ge=1, le=history.MAX_ID,
                                           description="Read this earlier version of the record (see its history)",
                                           openapi_examples={"first": {"value": 1}})]
AsOfParam = Annotated[str | None, Query(description=AS_OF_HELP, openapi_examples={
    "moment": {"value": "2024-03-01T09:00:00+09:00"}})]
Limit = Annotated[int | None, Query(ge=1, description="Page size (default 50, at most 1000)")]
Cursor = Annotated[str | None, Query(description="The `next` value of the previous page, unchanged")]
Project = Annotated[str | None, Query(description="Only changes to this project (id or slug) and everything that "
                                                  "belongs to it: budgets, metrics, statements, citations, links",
                                      openapi_examples={"slug": {"value": "metaverse-seoul"}})]
Entity = Annotated[str | None, Query(description="Only changes to these resources (comma-separated): "
                                                 + ", ".join(revisions.ENTITIES), openapi_examples={
    "money": {"value": "budgets"}})]
Since = Annotated[str | None, Query(description="Only changes made at or after this moment (ISO 8601 date or "
                                                "date-time; UTC without an offset)", openapi_examples={"day": {"value": "2024-03-01T00:00:00Z"}})]
FEED_HELP = ("Every change to the dataset, newest first: creates, corrections, deletes and restores, each with who "
             "made it, when, why (X-Change-Reason) and the values before and after.")

router = APIRouter(tags=["changes"], responses=PROBLEM_RESPONSES)


def _page_body(request: Request, page: revisions.RevisionPage) -> JSONResponse:
    next_url = str(request.url.include_query_params(cursor=page.next_cursor)) if page.next_cursor else None
    headers = {"Link": f'<{next_url}>; rel="next"'} if next_url else None
    return JSONResponse({"items": page.items, "next": page.next_cursor, "next_url": next_url}, headers=headers)


@router.get("/changes", response_model=change_page_schema(revisions.RESOURCES), operation_id="list_changes",
            summary="The public corrections feed", description=FEED_HELP + " Also as Atom: /v1/changes.atom.")
async def list_changes(request: Request, session: SessionDep, project: Project = None, entity: Entity = None,
                       since: Since = None, limit: Limit = None, cursor: Cursor = None) -> Response:
    return _page_body(request, revisions.changes_page(session, request.query_params))


@router.get("/changes.atom", operation_id="changes_atom", summary="The corrections feed as Atom 1.0",
            description=FEED_HELP + " Subscribe with `?project=<slug>` to follow one project.", response_class=Response,
            responses={200: {"content": {"application/atom+xml": {"schema": {"type": "string"}}},
                             "description": "An Atom 1.0 feed of the latest changes"}})
async def changes_atom(request: Request, session: SessionDep, project: Project = None, entity: Entity = None,
                       since: Since = None, limit: Limit = None) -> Response:
    page = revisions.changes_page(session, request.query_params)
    filters = "&".join(f"{name}={quote(request.query_params[name], safe=':,+-')}" for name in ("project", "entity", "since")
                       if name in request.query_params)
    body = atom.render_feed(page.items, self_url=str(request.url), base_url=str(request.base_url),
                            feed_key="changes" + (f"?{filters}" if filters else ""), now=utcnow())
    return Response(body, media_type=atom.MEDIA_TYPE)


def build_history_router(resource: Resource) -> APIRouter:
    """GET /{key}/history and POST /{key}/restore for one resource."""
    router = APIRouter(prefix=f"/{resource.path}", tags=[resource.path], responses=PROBLEM_RESPONSES)
    Key = Annotated[str, Path(description="Numeric id" + (f" or {resource.slug_field}" if resource.slug_field else ""),
                              examples=["1"])]

    @router.get("/{key}/history", response_model=revision_page_schema(resource), operation_id=f"history_of_{resource.singular}",
                summary=f"Every change of a {resource.singular}, newest first",
                description="Kept, and public, after the record is deleted. Read any version with `?version=N`.")
    async def history_of(key: Key, request: Request, session: SessionDep, limit: Limit = None,
                         cursor: Cursor = None) -> Response:
        return _page_body(request, revisions.history_page(session, resource, key, request.query_params))

    @router.post("/{key}/restore", response_model=resource.public_schema, operation_id=f"restore_{resource.singular}",
                 summary=f"Restore a deleted {resource.singular} (admin)", dependencies=[ADMIN, CHANGE_REASON],
                 responses=AUTH_RESPONSES,
                 description="Undoes a delete: the record (and what cascades from it, such as its citations) is "
                             "shown again, with a new version and a `restore` revision. 409 if it is not deleted or "
                             "refers to a record that still is.")
    def restore(key: Key, session: SessionDep) -> Response:
        record = history.restore_record(session, resource, key)
        return JSONResponse(record, headers={"ETag": record_etag(resource, record["id"], record["version"])})

    return router

"""List, get, create, update and delete, built once for every declared resource."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request, Response
from fastapi.responses import Response as PlainResponse
from sqlmodel import Session

from app.api.v1.changes import AsOfParam, VersionParam
from app.auth import AUTH_RESPONSES, EDITOR
from app.core import etag
from app.core.db import SessionDep
from app.core.errors import PROBLEM_RESPONSES
from app.core.etag import NOT_MODIFIED_RESPONSE, PRECONDITION_RESPONSES, IfMatchDep
from app.core.json import JSONResponse
from app.core.request_context import CHANGE_REASON
from app.export.connections import ConnectionsDep
from app.export.docs import EXPORT_DOCS, EXPORT_RESPONSES, FormatParam
from app.export.lists import export_list
from app.export.negotiation import negotiate
from app.querying.docs import QUERY_LANGUAGE, list_parameters
from app.querying.docs import Page as PageSchema
from app.querying.fields import output_fields
from app.querying.params import RecordQuery, parse_list_query, parse_record_query
from app.resources import Resource
from app.schemas.reads import read_schema
from app.services import as_of as past
from app.services import records
from app.services.idempotency import IDEMPOTENCY_RESPONSES, IdempotencyDep, run_once
from app.services.listing import Page, shaped


def page_response(request: Request, page: Page) -> Response:
    """The page as JSON, with `next_url` and an RFC 8288 Link header when there is a next page."""
    next_url = str(request.url.include_query_params(cursor=page.next_cursor)) if page.next_cursor else None
    body: dict[str, Any] = {"items": page.items, "next": page.next_cursor, "next_url": next_url}
    if page.total is not None:
        body["total"] = page.total
    if page.facets:
        body["facets"] = page.facets
    headers = {"Link": f'<{next_url}>; rel="next"'} if next_url else None
    return JSONResponse(body, headers=headers)


def record_read(request: Request, session: Session, resource: Resource, key: str, query: RecordQuery) -> Response:
    """A record as it is now, shaped by `fields=`/`expand=`, tagged, or 304 (also app.api.v1.record_shortcut)."""
    record = records.get_record(session, resource, key, query.expand)
    [record] = shaped([record], query.fields, query.expand)
    return etag.record_response(request, resource, record, JSONResponse(record))


def build_record_router(resource: Resource) -> APIRouter:
    router = APIRouter(prefix=f"/{resource.path}", tags=[resource.path], responses=PROBLEM_RESPONSES)
    create_schema, update_schema, public_schema = resource.create_schema, resource.update_schema, resource.public_schema
    key_help = "Numeric id" + (f" or {resource.slug_field}" if resource.slug_field else "")
    Key = Annotated[str, Path(description=key_help, examples=["metaverse-seoul" if resource.slug_field else "1"])]
    expand_help = "Comma-separated relations to embed: " + ", ".join(resource.relations_by_name)
    Expand = Annotated[str | None, Query(description=expand_help)]
    Fields = Annotated[str | None, Query(description="Comma-separated fields to return (id is always returned): "
                                                     + ", ".join(output_fields(resource)))]

    @router.get("", response_model=PageSchema[read_schema(resource)], operation_id=f"list_{resource.path}",
                summary=f"List {resource.path}",
                description=resource.description + QUERY_LANGUAGE + EXPORT_DOCS + past.AS_OF_DOCS,
                responses=EXPORT_RESPONSES,
                openapi_extra={"parameters": [*list_parameters(resource), *past.as_of_parameters(resource)]})
    async def list_records(
        request: Request, session: SessionDep, connections: ConnectionsDep,
        limit: Annotated[int | None, Query(ge=1, description="Page size (default 50, at most 1000; more is a 400)",
                                           openapi_examples={"ten": {"value": 10}})] = None,
        cursor: Annotated[str | None, Query(description="The `next` value of the previous page, unchanged",
                                            openapi_examples={"next page": {"value": "<next of the previous page>"}})] = None,
        expand: Annotated[str | None, Query(description=expand_help, openapi_examples={
            "relations": {"value": ",".join(list(resource.relations_by_name)[:2])}})] = None,
        format_: FormatParam = None,
    ) -> Response:
        fmt, params = negotiate(request)  # format= or Accept; `format` is not a filter
        if fmt != "json":
            return export_list(resource, fmt, params, connections)
        if past.wants_as_of(resource, params):  # the list as it was at that moment, rebuilt from the history
            page = past.list_page(session, resource, params)
        else:
            page = records.list_records(session, resource, parse_list_query(resource, params))
        response = page_response(request, page)
        response.headers["Vary"] = "Accept"
        return etag.list_response(request, response)

    @router.get("/{key}", response_model=read_schema(resource), operation_id=f"get_{resource.singular}", name=f"get_{resource.singular}",
                summary=f"Get one {resource.singular}", responses=NOT_MODIFIED_RESPONSE)
    async def get_record(key: Key, request: Request, session: SessionDep, expand: Expand = None,
                         fields: Fields = None, version: VersionParam = None, as_of: AsOfParam = None) -> Response:
        query = parse_record_query(resource, request.query_params)
        if version is None and as_of is None:
            return record_read(request, session, resource, key, query)
        record = past.get_record(session, resource, key, query.expand, version, as_of)  # an earlier state, from the history
        [record] = shaped([record], query.fields, query.expand)
        return etag.record_response(request, resource, record, JSONResponse(record))

    @router.post("", response_model=public_schema, status_code=201, operation_id=f"create_{resource.singular}",
                 summary=f"Create a {resource.singular}", dependencies=[EDITOR, CHANGE_REASON], responses={**AUTH_RESPONSES, **IDEMPOTENCY_RESPONSES})
    def create_record(payload: Annotated[create_schema, Body()], request: Request, session: SessionDep,
                      idempotency: IdempotencyDep) -> Response:
        def create(unit: Session) -> Response:
            record = records.create_record(unit, resource, payload)
            location = str(request.url_for(f"get_{resource.singular}", key=str(record["id"])))
            tag = etag.record_etag(resource, record["id"], record["version"])
            return JSONResponse(record, status_code=201, headers={"Location": location, "ETag": tag})

        return run_once(session, idempotency, create)

    @router.patch("/{key}", response_model=public_schema, operation_id=f"update_{resource.singular}",
                  summary=f"Change some fields of a {resource.singular}", dependencies=[EDITOR, CHANGE_REASON],
                  responses={**AUTH_RESPONSES, **PRECONDITION_RESPONSES})
    def update_record(key: Key, patch: Annotated[update_schema, Body()], session: SessionDep, if_match: IfMatchDep) -> Response:
        record = records.update_record(session, resource, key, patch, if_match=if_match)
        return JSONResponse(record, headers={"ETag": etag.record_etag(resource, record["id"], record["version"])})

    @router.delete("/{key}", status_code=204, operation_id=f"delete_{resource.singular}",
                   summary=f"Delete a {resource.singular}", dependencies=[EDITOR, CHANGE_REASON],
                   responses={**AUTH_RESPONSES, **PRECONDITION_RESPONSES})
    def delete_record(key: Key, session: SessionDep, if_match: IfMatchDep) -> Response:
        records.delete_record(session, resource, key, if_match=if_match)
        return PlainResponse(status_code=204)

    return router

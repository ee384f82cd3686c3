"""List, get, create, update and delete, built once for every declared resource."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request, Response
from fastapi.responses import Response as PlainResponse

from app.core.db import SessionDep
from app.core.errors import PROBLEM_RESPONSES
from app.core.json import JSONResponse
from app.querying.params import parse_expand, parse_list_query
from app.resources import Resource
from app.schemas.common import Page
from app.services import records


def _list_parameters(resource: Resource) -> list[dict[str, Any]]:
    """Filter parameters are read from the raw query string; declare them for the docs."""
    return [
        {"name": name, "in": "query", "required": False, "schema": {"type": "string"},
         "description": f"Only {resource.path} whose {name} equals this value"}
        for name in resource.filters
    ]


def _page_body(request: Request, items: list[dict[str, Any]], next_cursor: str | None) -> dict[str, Any]:
    next_url = str(request.url.include_query_params(cursor=next_cursor)) if next_cursor else None
    return {"items": items, "next": next_cursor, "next_url": next_url}


def build_record_router(resource: Resource) -> APIRouter:
    router = APIRouter(prefix=f"/{resource.path}", tags=[resource.path], responses=PROBLEM_RESPONSES)
    create_schema, update_schema, public_schema = resource.create_schema, resource.update_schema, resource.public_schema
    key_help = "Numeric id" + (f" or {resource.slug_field}" if resource.slug_field else "")
    Key = Annotated[str, Path(description=key_help, examples=["metaverse-seoul" if resource.slug_field else "1"])]
    expand_help = "Comma-separated relations to embed: " + ", ".join(resource.relations_by_name)
    Expand = Annotated[str | None, Query(description=expand_help)]

    @router.get("", response_model=Page[public_schema], operation_id=f"list_{resource.path}",
                summary=f"List {resource.path}", description=resource.description,
                openapi_extra={"parameters": _list_parameters(resource)})
    async def list_records(
        request: Request, session: SessionDep,
        limit: Annotated[int | None, Query(ge=1, description="Page size (default 50, at most 1000)")] = None,
        cursor: Annotated[str | None, Query(description="The `next` value of the previous page")] = None,
        expand: Expand = None,
    ) -> Response:
        query = parse_list_query(resource, request.query_params)
        items, next_cursor = records.list_records(session, resource, query)
        headers = {"Link": f'<{_page_body(request, [], next_cursor)["next_url"]}>; rel="next"'} if next_cursor else None
        return JSONResponse(_page_body(request, items, next_cursor), headers=headers)

    @router.get("/{key}", response_model=public_schema, operation_id=f"get_{resource.singular}", name=f"get_{resource.singular}",
                summary=f"Get one {resource.singular}")
    async def get_record(key: Key, session: SessionDep, expand: Expand = None) -> Response:
        return JSONResponse(records.get_record(session, resource, key, parse_expand(resource, expand)))

    @router.post("", response_model=public_schema, status_code=201, operation_id=f"create_{resource.singular}",
                 summary=f"Create a {resource.singular}")
    def create_record(payload: Annotated[create_schema, Body()], request: Request, session: SessionDep) -> Response:
        record = records.create_record(session, resource, payload)
        location = str(request.url_for(f"get_{resource.singular}", key=str(record["id"])))
        return JSONResponse(record, status_code=201, headers={"Location": location})

    @router.patch("/{key}", response_model=public_schema, operation_id=f"update_{resource.singular}",
                  summary=f"Change some fields of a {resource.singular}")
    def update_record(key: Key, patch: Annotated[update_schema, Body()], session: SessionDep) -> Response:
        return JSONResponse(records.update_record(session, resource, key, patch))

    @router.delete("/{key}", status_code=204, operation_id=f"delete_{resource.singular}",
                   summary=f"Delete a {resource.singular}")
    def delete_record(key: Key, session: SessionDep) -> Response:
        records.delete_record(session, resource, key)
        return PlainResponse(status_code=204)

    return router

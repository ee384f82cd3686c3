"""Source checks: run one now (admin) and read a source's check history (anyone)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from app.auth import ADMIN, AUTH_RESPONSES
from app.core.db import SessionDep
from app.core.errors import PROBLEM_RESPONSES
from app.core.json import JSONResponse
from app.resources.catalog import sources
from app.schemas.source_check import CheckHistory, SourceCheckDetail
from app.services import records
from app.services import source_check_reads as reads
from app.services import source_checks as service

router = APIRouter(prefix="/sources", tags=["sources"], responses=PROBLEM_RESPONSES)
Key = Annotated[str, Path(description="Numeric id of the source", examples=["1"])]


async def checker() -> service.Checker:
    """Limits and the URL allow-list come from settings (empty allow-list: private targets refused)."""
    return service.get_checker()


@router.post("/{key}/check", response_model=SourceCheckDetail, status_code=201, dependencies=[ADMIN],
             responses=AUTH_RESPONSES, operation_id="check_source", summary="Check a source now (admin)")
async def check_now(key: Key, request: Request, session: SessionDep,
                    checker: Annotated[service.Checker, Depends(checker)]) -> Response:
    """Fetch the source's URL, look for each citation's excerpt, store and return the check.

    Only public http(s) addresses are requested (redirects included): a private or
    loopback target gives the verdict `refused`, never a request.
    """
    check = await service.check_one(session, key, checker)
    location = str(request.url_for("get_source_check", key=str(check["source_id"]), check_id=str(check["id"])))
    return JSONResponse(check, status_code=201, headers={"Location": location})


@router.get("/{key}/checks", response_model=CheckHistory, operation_id="list_source_checks",
            summary="A source's check history, newest first")
async def history(key: Key, request: Request, session: SessionDep,
                  limit: Annotated[int, Query(ge=1, le=1000, description="Checks per page")] = 50,
                  before: Annotated[int | None, Query(ge=1, le=records.MAX_ID,
                                                      description="`next` of the previous page")] = None,
                  ) -> Response:
    source = records.get_row(session, sources, key)
    items, next_id = reads.check_history(session, source.id, limit, before)
    next_url = str(request.url.include_query_params(before=next_id)) if next_id else None
    return JSONResponse({"items": items, "next": next_id, "next_url": next_url})


@router.get("/{key}/checks/{check_id}", response_model=SourceCheckDetail, operation_id="get_source_check",
            name="get_source_check", summary="One check of a source")
async def one(key: Key, check_id: Annotated[int, Path(ge=1, le=records.MAX_ID)], session: SessionDep) -> Response:
    source = records.get_row(session, sources, key)
    return JSONResponse(reads.get_check(session, source.id, check_id))

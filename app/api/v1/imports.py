"""POST /v1/imports: a whole case (records of several kinds) in one all-or-nothing request. Admin only."""

from typing import Annotated

from fastapi import APIRouter, Body, Query, Response
from sqlmodel import Session

from app.auth import ADMIN, AUTH_RESPONSES
from app.core.db import SessionDep
from app.core.errors import PROBLEM_RESPONSES
from app.core.json import JSONResponse
from app.services import bulk_import
from app.services.bulk_import import ImportDocument, ImportSummary
from app.services.idempotency import IDEMPOTENCY_RESPONSES, IdempotencyDep, run_once

router = APIRouter(prefix="/imports", tags=["imports"], responses=PROBLEM_RESPONSES)
DESCRIPTION = """
Records of several kinds in one JSON document, in the shape of a seed case: one
list per kind, records naming each other with `"@ref"` strings in `*_id` fields
(`"project_id": "@park"` for the project with `"ref": "park"`), citations nested
under the fact they cite. Records are matched on their natural key: an equal one
is left alone, a different one updated, a missing one created.

All or nothing: every problem of every record is reported in one 422 (each error's
`field` is its path, e.g. `budgets[1].amount`), and nothing is written. At most
`MAX_IMPORT_RECORDS` records (default 1000, nested citations included) per import:
more is a 400. `dry_run=true` checks and runs the import, then rolls it back.
Send an `Idempotency-Key` to make a retried import safe.
"""


@router.post("", response_model=ImportSummary, operation_id="import_records", summary="Import many records at once (admin)",
             description=DESCRIPTION, dependencies=[ADMIN],
             responses={**AUTH_RESPONSES, **IDEMPOTENCY_RESPONSES, 400: {"description": "Too many records, or malformed JSON"}})
def import_records(document: Annotated[ImportDocument, Body()], session: SessionDep, idempotency: IdempotencyDep,
                   dry_run: Annotated[bool, Query(description="Check and run, then roll everything back")] = False) -> Response:
    def run(unit: Session) -> Response:
        return JSONResponse(bulk_import.import_document(unit, document.model_dump(), dry_run))

    return run_once(session, idempotency, run)

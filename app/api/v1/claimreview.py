"""ClaimReview JSON-LD for rated statements."""

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from app.core.db import SessionDep
from app.core.errors import PROBLEM_RESPONSES
from app.core.json import JSONResponse
from app.schemas.claim_review import ClaimReview
from app.services.records import MAX_ID
from app.services.statement_links import claim_review

JSON_LD = "application/ld+json"
router = APIRouter(tags=["statements"], responses=PROBLEM_RESPONSES)


class JSONLDResponse(JSONResponse):
    """JSON (so the document shows the response model) with the JSON-LD media type."""

    media_type = JSON_LD


@router.get("/statements/{statement_id}/claimreview", operation_id="get_statement_claimreview",
            response_class=JSONLDResponse, summary="A rated statement as schema.org ClaimReview (JSON-LD)",
            description="For fact-checking tools and search engines. 404 when the statement has no rating "
                        "(no statement link).",
            response_model=ClaimReview, responses={200: {"description": "ClaimReview JSON-LD"}})
async def get_claimreview(statement_id: Annotated[int, Path(ge=1, le=MAX_ID, description="Numeric id of the statement")],
                          request: Request, session: SessionDep) -> Response:
    return JSONLDResponse(claim_review(session, statement_id, str(request.base_url).rstrip("/")))


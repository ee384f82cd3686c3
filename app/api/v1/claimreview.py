"""ClaimReview JSON-LD for rated statements."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response

from app.core.db import SessionDep
from app.core.errors import PROBLEM_RESPONSES
from app.core.json import dumps
from app.services.records import MAX_ID
from app.services.statement_links import claim_review

JSON_LD = "application/ld+json"
router = APIRouter(tags=["statements"], responses=PROBLEM_RESPONSES)


class JSONLDResponse(Response):
    media_type = JSON_LD

    def render(self, content: Any) -> bytes:
        return dumps(content)


@router.get("/statements/{statement_id}/claimreview", operation_id="get_statement_claimreview",
            response_class=JSONLDResponse, summary="A rated statement as schema.org ClaimReview (JSON-LD)",
            description="For fact-checking tools and search engines. 404 when the statement has no rating "
                        "(no statement link).",
            responses={200: {"content": {JSON_LD: {"schema": {"type": "object"}}}, "description": "ClaimReview JSON-LD"}})
async def get_claimreview(statement_id: Annotated[int, Path(ge=1, le=MAX_ID, description="Numeric id of the statement")],
                          request: Request, session: SessionDep) -> Response:
    return JSONLDResponse(claim_review(session, statement_id, str(request.base_url).rstrip("/")))


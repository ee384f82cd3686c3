"""GET /v1/search: one ranked, highlighted search across every searchable resource."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.openapi.models import Example

from app.core.db import SessionDep
from app.core.errors import PROBLEM_RESPONSES, InvalidParameter
from app.core.json import JSONResponse
from app.search import parse_query
from app.search.public import SearchResults
from app.search.service import BY_TYPE, DEFAULT_LIMIT, MAX_LIMIT, parse_types, search

router = APIRouter(tags=["search"], responses=PROBLEM_RESPONSES)
PARAMETERS = ("q", "type", "limit", "cursor")

DESCRIPTION = f"""
Search every text a reader sees, in every resource at once ({", ".join(BY_TYPE)}):
names, titles, summaries, quotes, indicators, amount and value wordings, descriptions,
citation excerpts and their translations. Korean is matched by syllable pairs, so particles
never hide a word: **민원** finds "민원은 하루 2건에 불과했습니다", **서울** finds "서울시는".
A query word with a particle also finds its stem (**서울시는** finds 서울시가 and 서울시장,
the form typed ranked first), and an amount finds the amount however it is written
(**60억**, **60억 원** and **6000000000** all find "약 60억 원" and "6,000,000,000원"). English
and other languages match whole words, case-insensitively; a word followed by `*`
matches as a prefix (`metav*` finds "Metaverse"). Every word of the query must appear
in the same field. A one-character
Korean query (**민**) is allowed and matches that syllable anywhere.

Each hit says which record (`type`, `id`, `url`) and which `field` matched, with a
`snippet` in which matches are wrapped in « and » (and exact `highlights` offsets).
Hits are ranked by a `score` computed the same way on every database; ranking covers
the matches of the newest records (at most 500 matching fields: see `ranked_within`
and `all_matches_ranked`), so a very common word is as fast as a rare one.
"""

Q_EXAMPLES = {
    "complaints": Example(summary="민원 (civil complaints): finds 민원은, 민원 상담", value="민원"),
    "metaverse": Example(summary="메타버스 서울", value="메타버스"),
    "call-center": Example(summary="콜센터 (call center)", value="콜센터"),
    "seoul": Example(summary="서울: finds 서울시는, 서울특별시", value="서울"),
    "one-syllable": Example(summary="One syllable: slower, matches it anywhere", value="민"),
    "particle": Example(summary="서울시는: also finds 서울시가, 서울시장", value="서울시는"),
    "amount": Example(summary="An amount, however written: 60억 원 = 6,000,000,000", value="60억 원"),
    "english": Example(summary="English, case-insensitive", value="Seoul"),
    "prefix": Example(summary="English prefix, with *", value="metav*"),
}


@router.get(
    "/search", response_model=SearchResults, operation_id="search", summary="Search every resource",
    description=DESCRIPTION,
)
async def search_everything(
    request: Request,
    session: SessionDep,
    q: Annotated[str, Query(description="What to look for: Korean, English or both; at most 200 characters.",
                            openapi_examples=Q_EXAMPLES)],
    types: Annotated[str | None, Query(alias="type", description="Only these types, comma-separated: "
                                       + ", ".join(BY_TYPE), examples=["statement,metric"])] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Hits per page (default {DEFAULT_LIMIT}, at most {MAX_LIMIT})")]
    = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(description="The `next` value of the previous page")] = None,
) -> JSONResponse:
    for name in request.query_params:
        if name not in PARAMETERS:
            raise InvalidParameter(name, "unknown parameter for /v1/search", list(PARAMETERS))
        if len(set(request.query_params.getlist(name))) > 1:
            raise InvalidParameter(name, "given more than once with different values")
    body = search(session, parse_query(q), parse_types(types), limit, cursor)
    body["next_url"] = str(request.url.include_query_params(cursor=body["next"])) if body["next"] else None
    return JSONResponse(body)

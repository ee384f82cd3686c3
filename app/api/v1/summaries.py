"""GET /v1/<resource>/summary: sums and counts grouped by declared dimensions, with the list's filters.

Registered before the record routers so that `summary` is not taken for a record key.
"""

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from app.core.db import SessionDep
from app.core.errors import PROBLEM_RESPONSES
from app.core.json import JSONResponse
from app.querying.docs import filter_parameters, search_parameters
from app.querying.filters import PARTIAL_DATE_RULES
from app.querying.params import parse_summary_query
from app.resources import ALL_RESOURCES, Resource
from app.services.aggregates import MAX_GROUPS, summarise


class SummaryGroup(BaseModel):
    model_config = {"extra": "allow"}

    count: int = Field(description="How many records are in the group", examples=[3])
    sum: int | Decimal | str | None = Field(
        None, description="Exact sum of the summed field within the group (money: an integer in minor units)", examples=[6000000000])


class SummaryResponse(BaseModel):
    group_by: list[str] = Field(examples=[["organization", "currency"]])
    summed: str | None = Field(None, description="The field added up in `sum`, if any", examples=["amount"])
    groups: list[SummaryGroup] = Field(description="One entry per combination of the grouping values (null last)")


def _description(resource: Resource) -> str:
    summary = resource.summary
    assert summary is not None
    lines = [f"Counts{' and exact sums of `' + summary.total + '`' if summary.total else ''} of {resource.path}, "
             "grouped by `group_by`, filtered exactly like the list (same filter parameters, and `q`)."]
    if summary.separate_by:
        lines.append(f"`{summary.separate_by}` is always part of the grouping: sums never mix "
                     f"{'currencies' if summary.separate_by == 'currency' else 'units'}.")
    if summary.total_kind == "money":
        lines.append("Money sums are exact integers in minor units (a sum beyond ±2^63 is given as a string of digits).")
    else:
        lines.append("Decimal sums are exact and written as strings.")
    lines.append("Dimensions: " + "; ".join(
        f"`{d.name}`" + (f" ({d.description})" if d.description else f" (the {'related ' + d.via + chr(39) + 's ' if d.via else ''}{d.columns[0]})")
        for d in summary.dimensions) + ".")
    lines.append(f"At most {MAX_GROUPS} groups. Partial-date filters: {PARTIAL_DATE_RULES}")
    return "\n\n".join(lines)


def build_summary_router(resource: Resource) -> APIRouter:
    summary = resource.summary
    assert summary is not None
    router = APIRouter(prefix=f"/{resource.path}", tags=[resource.path], responses=PROBLEM_RESPONSES)
    names = list(summary.dimensions_by_name)
    example = ",".join(n for n in ("organization", "kind", "status") if n in names) or names[0]
    GroupBy = Annotated[str | None, Query(description="Comma-separated dimensions: " + ", ".join(names),
                                          openapi_examples={"dimensions": {"value": example}})]

    @router.get("/summary", response_model=SummaryResponse, operation_id=f"summarise_{resource.path}",
                summary=f"Sums and counts of {resource.path}", description=_description(resource),
                openapi_extra={"parameters": [*filter_parameters(resource), *search_parameters(resource)]})
    async def summarise_records(request: Request, session: SessionDep, group_by: GroupBy = None) -> Response:
        query = parse_summary_query(resource, request.query_params)
        return JSONResponse(summarise(session, resource, query))

    return router


def summary_routers() -> list[APIRouter]:
    return [build_summary_router(resource) for resource in ALL_RESOURCES if resource.summary is not None]


__all__ = ["summary_routers"]

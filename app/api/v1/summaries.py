"""GET /v1/<resource>/summary: sums and counts grouped by declared dimensions, with the list's filters.

Registered before the record routers so that `summary` is not taken for a record key.
"""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field, create_model

from app.core.db import SessionDep
from app.core.errors import PROBLEM_RESPONSES
from app.core.json import JSONResponse
from app.querying.docs import as_of_day_parameters, filter_parameters, search_parameters
from app.querying.filters import PARTIAL_DATE_RULES
from app.querying.params import parse_summary_query
from app.resources import ALL_RESOURCES, Resource
from app.services.aggregates import MAX_GROUPS, summarise


COMPUTED_FROM_HELP = ("Where the answer came from: `rollup`, totals kept current by every write (a few thousand rows "
                      "read, whatever the number of records); `records`, every matching record read at request time "
                      "(its cost grows with them: at 10^6 projects, seconds)")
SAFE_MONEY_HELP = ("Exact sum in minor units of the group's currency, an integer within ±(2^53−1) like every amount "
                   "(a group whose sum lies beyond is a 422: narrow the filters or group by more)")


def summary_schema(resource: Resource) -> type[BaseModel]:
    """`<Name>Summary`: its groups carry one property per dimension the resource declares, then count and sum."""
    summary = resource.summary
    assert summary is not None
    base = resource.public_schema.__name__.removesuffix("Public")
    dimensions = {d.name: (int | str | None, Field(None, description=(d.description or f"The group's {d.name}") +
                                                   f"; present when grouped by `{d.name}`"))
                  for d in summary.dimensions}
    measures: dict[str, Any] = {"count": (int, Field(description="How many records are in the group", examples=[3]))}
    if summary.total is not None:
        measures["sum"] = (int | None, Field(description=SAFE_MONEY_HELP, examples=[6000000000])) \
            if summary.total_kind == "money" else \
            (str | None, Field(description="Exact decimal sum, as a string; null when no value is known",
                               pattern=r"^-?[0-9]+(\.[0-9]+)?$", examples=["1234.5"]))
    group = create_model(f"{base}SummaryGroup", **dimensions, **measures)
    return create_model(
        f"{base}Summary",
        group_by=(list[str], Field(examples=[["organization", "currency"]])),
        summed=(str | None, Field(None, description="The field added up in `sum`, if any", examples=[summary.total])),
        groups=(list[group], Field(description="One entry per combination of the grouping values (null last)")),
        computed_from=(Literal["rollup", "records"], Field(description=COMPUTED_FROM_HELP, examples=["rollup"])),
    )


def _description(resource: Resource) -> str:
    summary = resource.summary
    assert summary is not None
    lines = [f"Counts{' and exact sums of `' + summary.total + '`' if summary.total else ''} of {resource.path}, "
             "grouped by `group_by`, filtered exactly like the list (same filter parameters, and `q`)."]
    if summary.separate_by:
        lines.append(f"`{summary.separate_by}` is always part of the grouping: sums never mix "
                     f"{'currencies' if summary.separate_by == 'currency' else 'units'}.")
    if summary.total_kind == "money":
        lines.append(SAFE_MONEY_HELP + ".")
    else:
        lines.append("Decimal sums are exact and written as strings.")
    lines.append("Dimensions: " + "; ".join(
        f"`{d.name}`" + (f" ({d.description})" if d.description else f" (the {'related ' + d.via + chr(39) + 's ' if d.via else ''}{d.columns[0]})")
        for d in summary.dimensions) + ".")
    if summary.rollup is not None:
        rollup = summary.rollup
        lines.append("Answered from totals kept current by every write (`computed_from: rollup`, milliseconds at any "
                     "size) when grouped only by " + ", ".join(f"`{name}`" for name in rollup.dimensions) +
                     " and filtered only by " + ", ".join(f"`{name}`" for name, _ in rollup.filters) +
                     " (any operator), without `q`; otherwise from every matching record (`computed_from: records`, "
                     "a cost that grows with them).")
    else:
        lines.append("Computed from every matching record (`computed_from: records`): its cost grows with them.")
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

    @router.get("/summary", response_model=summary_schema(resource), operation_id=f"summarise_{resource.path}",
                summary=f"Sums and counts of {resource.path}", description=_description(resource),
                openapi_extra={"parameters": [*filter_parameters(resource), *search_parameters(resource),
                                              *as_of_day_parameters(resource)]})
    async def summarise_records(request: Request, session: SessionDep, group_by: GroupBy = None) -> Response:
        query = parse_summary_query(resource, request.query_params)
        return JSONResponse(summarise(session, resource, query))

    return router


def summary_routers() -> list[APIRouter]:
    return [build_summary_router(resource) for resource in ALL_RESOURCES if resource.summary is not None]


__all__ = ["summary_routers"]

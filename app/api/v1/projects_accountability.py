"""Scorecard, timeline and comparison of projects: read-only views computed from the stored facts."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from app.core.db import SessionDep
from app.core.errors import PROBLEM_RESPONSES
from app.core.json import JSONResponse
from app.models.fields import Day
from app.scorecard import compare as comparing
from app.scorecard import engine
from app.schemas.scorecard import Comparison, DerivedStatus, Scorecard, Timeline
from app.scorecard.facts import resolve_projects
from app.services import project_status
from app.services import timeline as timelines

router = APIRouter(tags=["accountability"], responses=PROBLEM_RESPONSES)
Key = Annotated[str, Path(description="Numeric id or slug", examples=["metaverse-seoul"])]


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/projects/{key}/scorecard", response_model=Scorecard, operation_id="get_project_scorecard",
            summary="A project's derived figures, with their working",
            description="Each figure with its value, unit, formula, inputs (with citations) and caveats; figures "
                        "that cannot be computed are listed with the reason. Also the statements held against outcomes.")
async def get_scorecard(key: Key, request: Request, session: SessionDep) -> Response:
    return JSONResponse(engine.scorecard(session, key, base_url(request)))


@router.get("/projects/{key}/timeline", response_model=Timeline, operation_id="get_project_timeline",
            summary="A project's dated events, in order",
            description="Events from the project's dates, statements, budgets and metrics, each with its citations. "
                        "Partial dates sort by their range (see `ordering`); undated facts are listed apart.")
async def get_timeline(key: Key, request: Request, session: SessionDep) -> Response:
    return JSONResponse(timelines.timeline(session, key, base_url(request)))


@router.get("/projects/{key}/status", response_model=DerivedStatus, operation_id="get_project_status",
            summary="A project's status as of a date, derived from its status events",
            description="The last `happened` event on or before `as_of` gives the status and since when; events "
                        "scheduled or announced by then and not yet happened are listed beside it, never as done; "
                        "plans reported abandoned are listed apart. Lists show the same derivation as of today, "
                        "or as of the day given as `status_as_of`.")
async def get_status(
    key: Key, session: SessionDep,
    as_of: Annotated[Day | None, Query(description="A day (YYYY-MM-DD); default today (UTC)",
                                        examples=["2024-07-03"])] = None,
) -> Response:
    (project_id,) = resolve_projects(session, [key])
    return JSONResponse(project_status.derived_status(session, project_id, as_of or project_status.today()))


@router.get("/compare", response_model=Comparison, operation_id="compare_projects",
            summary="Scorecards of 2 to 10 projects side by side",
            description="One row per figure in one unit; a missing or non-comparable value says why.")
async def compare_projects(
    request: Request, session: SessionDep,
    projects: Annotated[str | None, Query(description="2 to 10 ids or slugs, comma-separated",
                                          examples=["metaverse-seoul,another-project"])] = None,
) -> Response:
    return JSONResponse(comparing.compare(session, comparing.parse_project_keys(projects), base_url(request)))

"""The explorer's pages: thin handlers over app.web's views, which call the API's own services.

Every page is HTML under the page policy (app.web.templating); a failure the API would answer
with a problem (unknown project, bad filter) is the same status here, as a readable page.
"""

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.routing import APIRoute
from sqlalchemy.exc import OperationalError
from starlette.responses import Response

from app.core.db import SessionDep
from app.core.errors import ApiError, NotFound, ServiceUnavailable
from app.core.json import JSONResponse
from app.core.statement_timeout import is_statement_timeout
from app.web import changes, dossier, home, search, source_page, templating
from app.web.charts import CHART_NAMES


class PageRoute(APIRoute):
    """A route whose refusals (ApiError, the statement time limit) are HTML pages with the API's status."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def render_refusals(request: Request) -> Response:
            try:
                return await handler(request)
            except ApiError as error:
                return templating.page("error.html", status_code=error.status, error=error, request=request)
            except OperationalError as error:
                if not is_statement_timeout(error):
                    raise
                refusal = ServiceUnavailable("The database stopped this page's query at the statement time limit. "
                                             "Narrow the list with a filter, or retry shortly.")
                return templating.page("error.html", status_code=503, error=refusal, request=request,
                                       headers={"Retry-After": "5"})

        return render_refusals


router = APIRouter(route_class=PageRoute, include_in_schema=False)
Slug = Annotated[str, Path(description="Project id or slug")]


def wants_html(request: Request) -> bool:
    """A browser asks for text/html first; curl's */* and API clients get the JSON index."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept.split(",")[0] or "application/xhtml+xml" in accept.split(",")[0]


@router.get("/")
async def index(request: Request, session: SessionDep) -> Response:
    if not wants_html(request):
        return JSONResponse({"title": request.app.title, "projects": "/v1/projects", "search": "/v1/search",
                             "changes": "/v1/changes", "openapi": "/openapi.json", "docs": "/docs",
                             "explorer": "/ (Accept: text/html)"}, headers={"vary": "Accept"})
    return templating.page("home.html", request=request, **home.project_list(session, request.query_params))


@router.get("/projects/{key}")
async def project_page(key: Slug, request: Request, session: SessionDep) -> Response:
    return templating.page("project.html", request=request, **dossier.dossier(session, key))


@router.get("/projects/{key}/charts/{name}.svg")
async def project_chart(key: Slug, name: Annotated[str, Path(description=", ".join(CHART_NAMES))], request: Request,
                        session: SessionDep) -> Response:
    if name not in CHART_NAMES:
        raise NotFound(f"No chart {name!r}; charts: {', '.join(CHART_NAMES)}")
    drawn = dossier.chart(session, key, name)
    if drawn is None:
        raise NotFound(f"The project has no data for the {name} chart")
    return templating.chart(f"charts/{name}.svg", **drawn)


@router.get("/search")
async def search_page(request: Request, session: SessionDep,
                      q: str = "", cursor: str | None = None) -> Response:
    return templating.page("search.html", request=request, **search.results(session, q, cursor))


@router.get("/sources/{key}")
async def source(key: Annotated[str, Path()], request: Request, session: SessionDep,
                 citation: Annotated[str | None, Query()] = None) -> Response:
    return templating.page("source.html", request=request, **source_page.source_view(session, key, citation))


@router.get("/changes")
async def changes_page(request: Request, session: SessionDep) -> Response:
    return templating.page("changes.html", request=request, **changes.feed(session, request.query_params))

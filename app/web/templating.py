"""Jinja2 for pages and charts: always autoescaped, with Korean number filters and the headers pages carry.

A page allows only the app's own scripts and styles (no inline code), so templates use classes
and files under app/static; a chart SVG may be framed by anyone (newsrooms embed it), a page by no one.
"""

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from starlette.responses import HTMLResponse, Response

from app.web import formatting

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'")
CHART_CSP = "default-src 'none'; frame-ancestors *"
SVG_MEDIA_TYPE = "image/svg+xml"

environment = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True, trim_blocks=True,
                          lstrip_blocks=True, auto_reload=False)
environment.filters.update(formatting.FILTERS)
environment.globals.update(formatting.GLOBALS)


def render(template: str, **context: Any) -> str:
    return environment.get_template(template).render(**context)


def page(template: str, status_code: int = 200, headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    """An HTML page with the page policy; `Vary: Accept` because `/` also answers JSON."""
    return HTMLResponse(render(template, **context), status_code=status_code,
                        headers={"content-security-policy": PAGE_CSP, "vary": "Accept", **(headers or {})})


def chart(template: str, **context: Any) -> Response:
    """A standalone SVG chart that other sites may frame or embed."""
    return Response(render(template, standalone=True, **context), media_type=SVG_MEDIA_TYPE,
                    headers={"content-security-policy": CHART_CSP})

"""/docs (Swagger UI) and /redoc (ReDoc) from files installed with the app, so they work offline.

FastAPI's own pages load their scripts from a CDN and start Swagger UI with an inline script;
these load app/static/docs/ (see its README for versions and licences) and start it from a file.
"""

from html import escape
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_DIR = Path(__file__).resolve().parent.parent / "static" / "docs"
ASSETS_URL = "/static/docs"
# Scripts only from the app; both UIs inject <style> elements, and ReDoc's search runs in a blob: worker.
DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; worker-src blob:; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'none'")

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="{assets}/swagger-ui/favicon-32x32.png">
{head}</head>
<body>
{body}
</body>
</html>
"""


def docs_page(title: str, head: str, body: str) -> HTMLResponse:
    html = PAGE.format(title=escape(title), assets=ASSETS_URL, head=head, body=body)
    return HTMLResponse(html, headers={"content-security-policy": DOCS_CSP})


def install_docs(app: FastAPI) -> None:
    """Serve the docs pages and their assets; the app is built with docs_url=None and redoc_url=None."""
    openapi_url = escape(app.openapi_url or "/openapi.json")
    router = APIRouter(include_in_schema=False)

    @router.get("/docs")
    async def swagger_ui() -> HTMLResponse:
        return docs_page(
            f"{app.title} - Swagger UI",
            f'<link rel="stylesheet" href="{ASSETS_URL}/swagger-ui/swagger-ui.css">\n'
            f'<link rel="stylesheet" href="{ASSETS_URL}/docs.css">\n',
            f'<div id="swagger-ui" data-openapi-url="{openapi_url}"></div>\n'
            f'<script src="{ASSETS_URL}/swagger-ui/swagger-ui-bundle.js"></script>\n'
            f'<script src="{ASSETS_URL}/swagger-init.js"></script>',
        )

    @router.get("/redoc")
    async def redoc() -> HTMLResponse:
        return docs_page(
            f"{app.title} - ReDoc", f'<link rel="stylesheet" href="{ASSETS_URL}/docs.css">\n',
            f'<redoc spec-url="{openapi_url}"></redoc>\n<script src="{ASSETS_URL}/redoc/redoc.standalone.js"></script>',
        )

    app.include_router(router)
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="docs-assets")

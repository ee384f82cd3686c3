"""Build the ASGI application. Behaviour lives in app.api, app.services and app.resources."""

from fastapi import FastAPI

from app.api import health, v1
from app.api.docs import install_docs
from app.api.v1.record_shortcut import RecordReadShortcut
from app.core.config import get_settings
from app.core.errors import install_error_handlers
from app.core.http import install_http_policies
from app.core.openapi import install_openapi
from app.core.json import JSONResponse
from app.web import install_pages

DESCRIPTION = """
A structured, sourced dataset about public projects: what was promised, what was
budgeted and spent, how it was used, who said what, and where each fact comes from.
Every fact carries citations with the exact excerpt of its source.

Money is an exact integer in the currency's minor unit plus an ISO 4217 code.
Errors are `application/problem+json` (RFC 9457).
"""


def create_app() -> FastAPI:
    app = FastAPI(
        title="Public-project accountability API",
        version="1.0.0",
        description=DESCRIPTION,
        default_response_class=JSONResponse,
        docs_url=None,  # served offline by app.api.docs
        redoc_url=None,
        max_body_size=get_settings().max_import_body_bytes,  # backstop; see app.core.http
    )
    install_error_handlers(app)
    app.add_middleware(RecordReadShortcut, fastapi_app=app)  # innermost: the HTTP policies below wrap it
    install_openapi(app)
    install_http_policies(app)
    app.include_router(health.router)
    app.include_router(v1.router)
    install_docs(app)
    install_pages(app)  # the explorer: /, /projects/{slug}, /search, /sources/{id}, /changes
    return app


app = create_app()

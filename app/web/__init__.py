"""The explorer: HTML pages and SVG charts for readers, served by the API's own app and services."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.web.routes import router

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def install_pages(app: FastAPI) -> None:
    """The pages, and their stylesheet, script and icon (installed with the app: nothing is loaded from elsewhere)."""
    app.include_router(router)
    app.mount("/static/css", StaticFiles(directory=STATIC_DIR / "css"), name="page-styles")
    app.mount("/static/js", StaticFiles(directory=STATIC_DIR / "js"), name="page-scripts")
    app.mount("/static/img", StaticFiles(directory=STATIC_DIR / "img"), name="page-images")

from fastapi import APIRouter, Depends

from app.api.v1 import claimreview, imports, projects_accountability, source_checks, tokens
from app.api.v1.changes import build_history_router
from app.api.v1.changes import router as changes_router
from app.api.v1.export import router as export_router
from app.api.v1.records import build_record_router
from app.api.v1.search import router as search_router
from app.api.v1.summaries import summary_routers
from app.api.v1.url_text import refuse_nul_in_url
from app.resources import ALL_RESOURCES

router = APIRouter(prefix="/v1", dependencies=[Depends(refuse_nul_in_url)])  # before any route reads the URL
router.include_router(search_router)  # GET /v1/search
router.include_router(export_router)  # GET /v1/export/datapackage
router.include_router(imports.router)  # POST /v1/imports (admin)
router.include_router(tokens.router)  # /v1/tokens (admin)
router.include_router(changes_router)  # GET /v1/changes, /v1/changes.atom: the corrections feed
for summary_router in summary_routers():  # before /{key}, which would otherwise take "summary"
    router.include_router(summary_router)
for resource in ALL_RESOURCES:
    router.include_router(build_record_router(resource))
    router.include_router(build_history_router(resource))  # …/{key}/history, POST …/{key}/restore
router.include_router(projects_accountability.router)  # scorecard, timeline, compare
router.include_router(source_checks.router)  # POST /v1/sources/{key}/check (admin), GET …/checks
router.include_router(claimreview.router)  # GET /v1/statements/{id}/claimreview

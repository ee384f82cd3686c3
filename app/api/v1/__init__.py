from fastapi import APIRouter

from app.api.v1.records import build_record_router
from app.resources import ALL_RESOURCES

router = APIRouter(prefix="/v1")
for resource in ALL_RESOURCES:
    router.include_router(build_record_router(resource))

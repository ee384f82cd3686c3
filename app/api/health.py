from fastapi import APIRouter, Response
from sqlalchemy import text

from app.core.db import SessionDep
from app.core.json import JSONResponse
from app.schemas.health import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, operation_id="health", summary="Liveness and database check")
async def health(session: SessionDep) -> Response:
    """200 when the database answers; a database outage becomes the 503 problem of the error handler."""
    session.execute(text("SELECT 1"))
    return JSONResponse({"status": "ok", "database": "ok"})

"""GET /v1/export/datapackage: the whole dataset, streamed as a Frictionless Data Package zip."""

from fastapi import APIRouter, Request

from app.core.errors import PROBLEM_RESPONSES
from app.export.connections import ConnectionsDep
from app.export.datapackage import datapackage_body, filename
from app.export.responses import ExportResponse

router = APIRouter(prefix="/export", tags=["export"], responses=PROBLEM_RESPONSES)

DESCRIPTION = """A zip of one CSV per table (`data/<table>.csv`, UTF-8, the same columns as the lists'
`format=csv`) plus `claimreviews.json` and `datapackage.json`: each table's Table Schema (types, descriptions,
primary and foreign keys), byte counts and sha256 hashes, the licence and the sources. Validate it with
`frictionless validate datapackage.json`. Streamed: large tables never sit in server memory."""


@router.get("/datapackage", operation_id="export_datapackage", summary="The whole dataset as a Frictionless Data Package",
            description=DESCRIPTION, response_class=ExportResponse,
            responses={200: {"description": "A zip archive", "content": {
                "application/zip": {"schema": {"type": "string", "format": "binary"}}}}})
async def export_datapackage(request: Request, connections: ConnectionsDep) -> ExportResponse:
    body = datapackage_body(connections, str(request.base_url).rstrip("/"))
    return ExportResponse(body, media_type="application/zip", headers={"Content-Disposition": filename()})

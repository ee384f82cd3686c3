"""Token management over HTTP, for admins: list, create (the token is shown once) and revoke.

The first admin token can only come from the command line (`python -m app tokens create`).
"""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Body, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from app.auth import ADMIN, AUTH_RESPONSES
from app.auth.tokens import create_token, list_tokens, parse_duration, revoke_token, token_status
from app.core.db import SessionDep
from app.core.errors import PROBLEM_RESPONSES, UnprocessableEntity
from app.core.json import JSONResponse
from app.models.api_token import ApiToken, TokenScope

router = APIRouter(prefix="/tokens", tags=["tokens"], dependencies=[ADMIN], responses={**PROBLEM_RESPONSES, **AUTH_RESPONSES})


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, description="Unique; recorded in the history of every change made with it",
                      examples=["desk-editor-kim"])
    scope: TokenScope = Field(examples=["editor"])
    expires_in: str | None = Field(None, description="e.g. 30d, 12h, 90m, 2w; none: never expires", examples=["30d"])


class TokenPublic(BaseModel):
    name: str
    scope: TokenScope
    status: str = Field(description="active, expired or revoked")
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


class TokenCreated(TokenPublic):
    token: str = Field(description="The bearer token. Shown this once: only its hash is stored.")


def _public(row: ApiToken) -> dict:
    return {"name": row.name, "scope": row.scope, "status": token_status(row), "created_at": row.created_at,
            "expires_at": row.expires_at, "revoked_at": row.revoked_at, "last_used_at": row.last_used_at}


@router.get("", response_model=list[TokenPublic], operation_id="list_tokens", summary="List tokens (admin; never the tokens)")
def get_tokens(session: SessionDep) -> Response:
    response = JSONResponse([_public(row) for row in list_tokens(session)])
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("", response_model=TokenCreated, status_code=201, operation_id="create_token", summary="Create a token (admin)")
def post_token(body: Annotated[TokenCreate, Body()], session: SessionDep) -> Response:
    try:
        expires_in = parse_duration(body.expires_in) if body.expires_in is not None else None
    except ValueError as error:
        raise UnprocessableEntity("expires_in", str(error)) from None
    row, token = create_token(session, body.name, body.scope, expires_in)
    return JSONResponse({**_public(row), "token": token}, status_code=201, headers={"Cache-Control": "no-store"})


@router.delete("/{name}", status_code=204, operation_id="revoke_token", summary="Revoke a token at once (admin)")
def delete_token(name: Annotated[str, Path(description="The token's name")], session: SessionDep) -> Response:
    revoke_token(session, name)
    return Response(status_code=204)

"""Who may write: the bearer-token check that runs before any write does any work.

`require_editor` guards every POST/PATCH/DELETE, `require_admin` the hard actions
(restoring deleted records, managing tokens, bulk import). Both are `async` so
that what they set in context variables (the actor, for history) is seen by the
`def` endpoints, which run in the threadpool with a copy of this context. The
token lookup is one indexed read; its transaction is ended before the endpoint's
write transaction begins (BEGIN IMMEDIATE on SQLite, see app.core.db).
"""

from datetime import timedelta
from typing import Annotated, Any

from anyio import to_thread
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.auth.tokens import TOKEN_PATTERN, Caller, find_token, token_status, touch
from app.core.db import SessionDep, use_for_writes
from app.core.errors import ApiError, FieldError
from app.core.request_context import set_actor
from app.models.api_token import TokenScope
from app.models.base import utcnow

REALM = 'Bearer realm="accountability-api"'
TOUCH_EVERY = timedelta(minutes=1)
bearer_scheme = HTTPBearer(
    auto_error=False, scheme_name="bearerAuth", bearerFormat="aapi_<43 url-safe characters>",
    description="A token made with `python -m app tokens create NAME --scope editor|admin`. "
                "Reads need none; every write needs an editor token, hard actions an admin token.",
)


class Unauthorized(ApiError):
    status, code, title = 401, "unauthorized", "Authentication required"

    def __init__(self, detail: str, error: str | None = None):
        challenge = REALM if error is None else f'{REALM}, error="{error}", error_description="{detail}"'
        super().__init__(detail, [FieldError(field="Authorization", location="header", message=detail,
                                             type=error or "missing_token")], {"WWW-Authenticate": challenge})


class Forbidden(ApiError):
    status, code, title = 403, "forbidden", "Not allowed with this token"

    def __init__(self, scope: TokenScope):
        detail = f"this action needs a token with the {scope.value} scope"
        error = FieldError(field="Authorization", location="header", message=detail, type="insufficient_scope")
        super().__init__(detail, [error], {"WWW-Authenticate": f'{REALM}, error="insufficient_scope", scope="{scope.value}"'})


AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "No token, or a malformed, unknown, expired or revoked one (see WWW-Authenticate)"},
    403: {"description": "The token's scope does not allow this action"},
}


async def authenticate(request: Request, session: SessionDep,
                       _scheme: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]) -> Caller:
    """The caller named by `Authorization: Bearer <token>`, or 401."""
    header = request.headers.get("authorization")
    if header is None:
        raise Unauthorized("send Authorization: Bearer <token>")
    scheme, _, credentials = header.strip().partition(" ")
    credentials = credentials.strip()
    if scheme.lower() != "bearer" or not credentials:
        raise Unauthorized("the Authorization header must be 'Bearer <token>'", "invalid_request")
    if not TOKEN_PATTERN.fullmatch(credentials):
        raise Unauthorized("the token is malformed", "invalid_token")
    row = find_token(session, credentials)
    session.commit()  # end the lookup's read transaction; the write begins its own
    if row is None:
        raise Unauthorized("the token is unknown", "invalid_token")
    status = token_status(row)
    if status != "active":
        raise Unauthorized(f"the token is {status}", "invalid_token")
    return Caller(token_id=row.id, name=row.name, scope=TokenScope(row.scope), last_used_at=row.last_used_at)


def require(scope: TokenScope):
    async def dependency(session: SessionDep, caller: Annotated[Caller, Depends(authenticate)]) -> Caller:
        if not caller.allows(scope):
            raise Forbidden(scope)
        use_for_writes(session)
        if caller.last_used_at is None or utcnow() - caller.last_used_at > TOUCH_EVERY:
            await to_thread.run_sync(touch, session, caller.token_id)  # may wait for SQLite's write lock
        set_actor(caller.name)  # history names the token (app.core.request_context)
        return caller

    dependency.__name__ = f"require_{scope.value}"
    return dependency


require_editor = require(TokenScope.EDITOR)
require_admin = require(TokenScope.ADMIN)
EditorDep = Annotated[Caller, Depends(require_editor)]
AdminDep = Annotated[Caller, Depends(require_admin)]
EDITOR = Depends(require_editor)
ADMIN = Depends(require_admin)

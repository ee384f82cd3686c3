"""Idempotency-Key on POST: a retried create returns the first response and creates nothing new.

Keys belong to the token that sent them and live 24 hours. Each stores a hash of
the request (method, path and query, and the JSON body with its keys sorted) and,
once done, the response (status, body, Location, ETag). A retry with the same key:
- and the same request, done: the stored response again (`Idempotent-Replayed: true`);
- and a different request: 422, nothing done;
- while the first is still in flight: 409 with Retry-After.

Claiming a key is its own short transaction, so a concurrent duplicate sees it.
The response is stored in the same transaction as the create (app.services.atomic),
so a crash can never leave a record without its key or a done key without its
record. A claim whose request died (its lease ran out with no response) is taken
over by the next retry; a request that failed (4xx) releases its key. A token's expired
keys are deleted whenever it claims a new one.
"""

import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

import orjson
import sqlalchemy as sa
from fastapi import Depends, Header, Request, Response
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.auth.dependencies import authenticate
from app.auth.tokens import Caller
from app.core.errors import ApiError, FieldError
from app.models.base import utcnow
from app.models.idempotency_key import IdempotencyKey
from app.services.atomic import one_transaction

KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")  # visible ASCII, as the IETF draft's examples
TIME_TO_LIVE = timedelta(hours=24)
LEASE = timedelta(seconds=60)
STORED_HEADERS = ("location", "etag")
keys = IdempotencyKey.__table__


class IdempotencyError(ApiError):
    def __init__(self, status: int, code: str, title: str, detail: str, headers: dict[str, str] | None = None):
        self.status, self.code, self.title = status, code, title
        super().__init__(detail, [FieldError(field="Idempotency-Key", location="header", message=detail,
                                             type=code.replace("-", "_"))], headers)


IDEMPOTENCY_RESPONSES: dict[int | str, dict[str, Any]] = {
    409: {"description": "A duplicate record, or a request with the same Idempotency-Key is still in flight"},
    422: {"description": "The body failed validation, or the Idempotency-Key was first used with another request"},
}


@dataclass(frozen=True)
class KeyedRequest:
    token_id: int
    key: str
    request_hash: str
    method: str
    path: str


def fingerprint(method: str, path: str, body: bytes) -> str:
    try:
        canonical = orjson.dumps(orjson.loads(body), option=orjson.OPT_SORT_KEYS) if body else b""
    except orjson.JSONDecodeError:
        canonical = body
    return hashlib.sha256(b"\n".join([method.encode(), path.encode(), canonical])).hexdigest()


async def idempotency_key(
    request: Request, caller: Annotated[Caller, Depends(authenticate)],
    key: Annotated[str | None, Header(alias="Idempotency-Key", description=(
        "Optional. A unique value per intended create (e.g. a UUID): a retry with the same key returns the "
        "first response instead of creating again. Kept 24 hours per token."),
        examples=["3f1c2a9e-7d4b-4a1e-9c55-0d6e2b8f1a77"])] = None,
) -> KeyedRequest | None:
    if key is None:
        return None
    if not KEY_PATTERN.fullmatch(key):
        raise IdempotencyError(400, "invalid-parameter", "Invalid request header",
                               "Idempotency-Key must be 1-255 visible ASCII characters")
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    request_hash = fingerprint(request.method, path, await request.body())
    return KeyedRequest(caller.token_id, key, request_hash, request.method, path[:2000])


IdempotencyDep = Annotated[KeyedRequest | None, Depends(idempotency_key)]


def run_once(session: Session, keyed: KeyedRequest | None, handle: Callable[[Session], Response]) -> Response:
    """Run `handle` (which writes through the session it is given and returns the response) at most once per key."""
    if keyed is None:
        return handle(session)
    replay = _claim(session, keyed)
    if replay is not None:
        return replay
    try:
        with one_transaction(session) as unit:
            response = handle(unit)
            headers = {name: response.headers[name] for name in (*STORED_HEADERS, "content-type") if name in response.headers}
            stored = unit.execute(_this(sa.update(keys), keyed).where(keys.c.request_hash == keyed.request_hash).values(
                response_status=response.status_code, response_body=bytes(response.body), response_headers=headers,
                locked_until=None)).rowcount
            if stored != 1:  # our lease ran out and a retry took the key over: roll back and let that one win
                raise _in_flight("1")
    except IdempotencyError:
        raise
    except BaseException as error:
        if not (isinstance(error, DBAPIError) and error.connection_invalidated):
            _release(session, keyed)  # else the database is gone (its COMMIT may even land later): the lease frees the key
        raise
    return response


def _this(statement, keyed: KeyedRequest):
    return statement.where(keys.c.token_id == keyed.token_id, keys.c.key == keyed.key)


def _claim(session: Session, keyed: KeyedRequest) -> Response | None:
    """Take the key (None) or answer from it: the stored response, 409 in flight, 422 another request.

    The key is looked up first in a plain read, which on SQLite never waits for the
    write lock that a request in flight holds: a duplicate is answered at once.
    """
    found = _lookup(session, keyed)
    if found is None:
        now = utcnow()
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        session.execute(sa.delete(keys).where(keys.c.token_id == keyed.token_id, keys.c.expires_at <= now))  # housekeeping
        claimed = session.execute(dialect.insert(keys).values(
            token_id=keyed.token_id, key=keyed.key, request_hash=keyed.request_hash, method=keyed.method, path=keyed.path,
            created_at=now, expires_at=now + TIME_TO_LIVE, locked_until=now + LEASE,
        ).on_conflict_do_nothing(index_elements=["token_id", "key"]).returning(keys.c.id)).first()
        session.commit()
        if claimed is not None:
            return None
        found = _lookup(session, keyed)  # a concurrent duplicate claimed it first
        if found is None:  # … and has released it again (it failed): try once more
            return _claim(session, keyed)
    return _answer(session, keyed, found)


def _lookup(session: Session, keyed: KeyedRequest) -> sa.Row | None:
    if not session.in_transaction():
        session.connection(execution_options={"sqlite_begin": "DEFERRED"})  # a read, even in a write session
    found = session.execute(_this(sa.select(keys), keyed)).first()
    session.commit()
    return found


def _answer(session: Session, keyed: KeyedRequest, found: sa.Row) -> Response | None:
    now = utcnow()
    if found.expires_at <= now:  # an old key: start afresh
        return _take_over(session, keyed, found, keys.c.expires_at == found.expires_at)
    if found.request_hash != keyed.request_hash:
        raise IdempotencyError(422, "idempotency-key-reused", "Idempotency-Key reused",
                               "this Idempotency-Key was first used with a different request; use a new key for a new request")
    if found.response_status is not None:
        headers = {**(found.response_headers or {}), "Idempotent-Replayed": "true"}
        return Response(content=found.response_body, status_code=found.response_status, headers=headers)
    if found.locked_until is not None and found.locked_until > now:
        raise _in_flight(str(max(1, math.ceil((found.locked_until - now).total_seconds()))))
    # The first request died before finishing (its lease ran out with no response): retry it.
    return _take_over(session, keyed, found, keys.c.locked_until == found.locked_until, keys.c.response_status.is_(None))


def _take_over(session: Session, keyed: KeyedRequest, found: sa.Row, *unchanged: sa.ColumnElement[bool]) -> None:
    now = utcnow()
    taken = session.execute(_this(sa.update(keys), keyed).where(keys.c.id == found.id, *unchanged).values(
        request_hash=keyed.request_hash, method=keyed.method, path=keyed.path, created_at=now,
        expires_at=now + TIME_TO_LIVE, locked_until=now + LEASE, response_status=None, response_body=None, response_headers=None,
    )).rowcount
    session.commit()
    if taken != 1:
        raise _in_flight("1")


def _in_flight(retry_after: str) -> IdempotencyError:
    return IdempotencyError(409, "idempotency-key-in-flight", "Request in flight",
                            "a request with this Idempotency-Key is still being processed; retry later",
                            {"Retry-After": retry_after})


def _release(session: Session, keyed: KeyedRequest) -> None:
    """The request failed: free the key so that a corrected retry is not refused (only our own unfinished claim)."""
    session.rollback()
    session.execute(_this(sa.delete(keys), keyed).where(keys.c.response_status.is_(None),
                                                        keys.c.request_hash == keyed.request_hash))
    session.commit()

"""Credentials of every kind, and a client that sends none unless told to."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.auth.tokens import create_token, generate_token, revoke_token
from app.models.api_token import ApiToken, TokenScope
from app.models.base import utcnow
from tests.factories import next_number

DENIED = {  # credential kind → (status, WWW-Authenticate error, or None for none)
    "none": (401, None), "basic scheme": (401, "invalid_request"), "empty bearer": (401, "invalid_request"),
    "malformed token": (401, "invalid_token"), "unknown token": (401, "invalid_token"),
    "expired token": (401, "invalid_token"), "revoked token": (401, "invalid_token"),
}


@pytest.fixture
def anonymous(client: TestClient) -> Iterator[TestClient]:
    """The test client without its default editor token."""
    token = client.headers.pop("Authorization")
    yield client
    client.headers["Authorization"] = token


def new_token(session: Session, scope: TokenScope = TokenScope.EDITOR, *, expired: bool = False, revoked: bool = False) -> str:
    name = f"synthetic-{scope.value}-{next_number()}"
    token = create_token(session, name, scope, timedelta(days=1))[1]
    if expired:
        session.execute(sa.update(ApiToken).where(ApiToken.name == name).values(expires_at=utcnow() - timedelta(seconds=1)))
        session.commit()
    if revoked:
        revoke_token(session, name)
    return token


@pytest.fixture
def authorization(session: Session) -> dict[str, str | None]:
    """The Authorization header for each kind of caller (None: no header)."""
    return {
        "none": None,
        "basic scheme": "Basic c3ludGhldGljOnN5bnRoZXRpYw==",
        "empty bearer": "Bearer ",
        "malformed token": "Bearer not-a-token",
        "unknown token": f"Bearer {generate_token()}",
        "expired token": f"Bearer {new_token(session, TokenScope.ADMIN, expired=True)}",
        "revoked token": f"Bearer {new_token(session, TokenScope.ADMIN, revoked=True)}",
        "editor": f"Bearer {new_token(session, TokenScope.EDITOR)}",
        "admin": f"Bearer {new_token(session, TokenScope.ADMIN)}",
    }

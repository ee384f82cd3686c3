"""Bearer tokens: made, found, listed and revoked. No HTTP here (see app.auth.dependencies).

A token is `aapi_` + 43 url-safe characters (secrets.token_urlsafe(32): 256 random
bits). The prefix lets people and secret scanners recognise a leaked token. Only
SHA-256 of the token is stored. A slow password hash (bcrypt, argon2) exists to
make guessing *low-entropy* secrets expensive; guessing 256 random bits is
hopeless at any hash speed, and a fast, unsalted, deterministic hash lets the
lookup use a unique index. After the indexed lookup the digests are compared
again with hmac.compare_digest, so no step of the check depends on timing of
secret bytes.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from app.core.errors import Conflict, FieldError, NotFound, UnprocessableEntity
from app.models.api_token import ApiToken, TokenScope
from app.models.base import utcnow

TOKEN_PREFIX = "aapi_"
TOKEN_PATTERN = re.compile(r"aapi_[A-Za-z0-9_-]{43}")
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")
DURATION_PATTERN = re.compile(r"([1-9][0-9]{0,5})([mhdw])")
DURATION_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
RANK = {TokenScope.EDITOR: 1, TokenScope.ADMIN: 2}


@dataclass(frozen=True)
class Caller:
    """Who is making an authenticated request: the token's id, name and scope."""

    token_id: int
    name: str
    scope: TokenScope
    last_used_at: datetime | None = None

    def allows(self, scope: TokenScope) -> bool:
        """admin implies editor."""
        return RANK[self.scope] >= RANK[scope]


def generate_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def parse_duration(text: str) -> timedelta:
    """`30d`, `12h`, `90m` or `2w`."""
    match = DURATION_PATTERN.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a duration such as 30d, 12h, 90m or 2w")
    return timedelta(**{DURATION_UNITS[match[2]]: int(match[1])})


def token_status(token: ApiToken | sa.Row, now: datetime | None = None) -> str:
    now = now or utcnow()
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    return "active"


def create_token(session: Session, name: str, scope: TokenScope | str,
                 expires_in: timedelta | None = None) -> tuple[ApiToken, str]:
    """Store a new token's hash and return the row and the token itself, which is shown once and never again."""
    if not NAME_PATTERN.fullmatch(name):
        raise UnprocessableEntity("name", "1-100 letters, digits, '.', '_', '@' or '-', starting with a letter or digit")
    if session.execute(sa.select(ApiToken.id).where(ApiToken.name == name)).first() is not None:
        raise Conflict(f"name: a token named {name!r} already exists (names stay taken after revocation)",
                       [FieldError(field="name", location="body", message="already exists", type="duplicate")])
    token, now = generate_token(), utcnow()
    row = ApiToken(name=name, token_hash=hash_token(token), scope=TokenScope(scope), created_at=now,
                   expires_at=now + expires_in if expires_in else None)
    session.add(row)
    session.commit()
    return row, token


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.execute(sa.select(ApiToken).order_by(ApiToken.name)).scalars())


def revoke_token(session: Session, name: str) -> ApiToken:
    """Revoke at once; revoking twice keeps the first time. The row stays so that history can name it."""
    token = session.execute(sa.select(ApiToken).where(ApiToken.name == name)).scalar_one_or_none()
    if token is None:
        raise NotFound(f"No token named {name!r}",
                       [FieldError(field="name", location="path", message="no such token", type="not_found")])
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.commit()
    return token


def find_token(session: Session, token: str) -> sa.Row | None:
    """The stored row of a well-formed token, or None."""
    digest = hash_token(token)
    row = session.execute(sa.select(ApiToken.__table__).where(ApiToken.token_hash == digest)).first()
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        return None
    return row


def touch(session: Session, token_id: int) -> None:
    """Record that the token was just used (called at most about once a minute per token)."""
    session.execute(sa.update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=utcnow()))
    session.commit()

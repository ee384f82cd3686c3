from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, enum_column, utcnow


class TokenScope(StrEnum):
    """What a token may do. `admin` implies `editor`."""

    EDITOR = "editor"
    ADMIN = "admin"


class ApiToken(SQLModel, table=True):
    """A writer's bearer token. Only the SHA-256 of the token is stored (see app.auth.tokens).

    Not a dataset resource: no version, never exposed through the record endpoints.
    A revoked token keeps its row (and its name) so that history can still name it.
    """

    __tablename__ = "api_tokens"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    token_hash: str = Field(max_length=64, unique=True)
    scope: TokenScope = Field(sa_column=enum_column(TokenScope, "scope", nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

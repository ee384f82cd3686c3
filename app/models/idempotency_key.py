from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime


class IdempotencyKey(SQLModel, table=True):
    """One Idempotency-Key of one token: the request it was first used with and, once done, its response.

    `locked_until` is the lease of a request still in flight (no response yet); a
    key whose lease ran out without a response belongs to a request that died and
    may be taken over by a retry (see app.services.idempotency).
    """

    __tablename__ = "idempotency_keys"
    __table_args__ = (sa.UniqueConstraint("token_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    token_id: int = Field(foreign_key="api_tokens.id", ondelete="CASCADE")
    key: str = Field(max_length=255)
    request_hash: str = Field(max_length=64)
    method: str = Field(max_length=10)
    path: str = Field(max_length=2000)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    response_status: int | None = None
    response_headers: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    response_body: bytes | None = Field(default=None, sa_type=sa.LargeBinary)

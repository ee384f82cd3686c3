from datetime import datetime

from sqlmodel import Field

from app.models.base import TableBase, UTCDateTime


class Source(TableBase, table=True):
    """A document facts are taken from. `platform` is where it was read (e.g. Naver News)."""

    __tablename__ = "sources"

    url: str = Field(max_length=2000, unique=True)
    title: str = Field(max_length=500)
    publisher_id: int | None = Field(default=None, foreign_key="organizations.id", index=True, ondelete="RESTRICT")
    platform: str | None = Field(default=None, max_length=200)
    language: str = Field(max_length=35)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    retrieved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    archive_url: str | None = Field(default=None, max_length=2000)
    content_hash: str | None = Field(default=None, max_length=100)
    notes: str | None = None

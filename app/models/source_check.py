"""Source checks: what the checker saw at a source's URL, kept forever as history.

Rows are only ever inserted (by app.services.source_checks), never updated or
deleted, so they do not share TableBase's version/updated_at bookkeeping. The
latest verdict is copied onto the source (and each excerpt's result onto its
citation) so lists can filter on it without a join.
"""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, enum_column
from app.source_checking.verdicts import QuoteStatus, Verdict


class SourceCheck(SQLModel, table=True):
    """One check of one source: HTTP evidence, every finding and the headline verdict."""

    __tablename__ = "source_checks"
    __table_args__ = (sa.Index(None, "source_id", "id"),)  # a source's history, newest first

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="sources.id", ondelete="RESTRICT")
    checked_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    url: str = Field(max_length=2000)  # the URL checked: the source's may be edited later
    status: int | None = None  # HTTP status of the last response received
    final_url: str | None = None  # after redirects; unbounded, a remote server chooses it
    redirects: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)  # [{status, url}]
    content_type: str | None = Field(default=None, max_length=200)
    charset: str | None = Field(default=None, max_length=50)
    content_hash: str | None = Field(default=None, max_length=100)  # sha256 hex of the body read
    byte_count: int = 0
    truncated: bool = False
    attempts: int = 0
    error: str | None = Field(default=None, max_length=50)  # timeout, dns, tls, ..., refused
    error_detail: str | None = None
    verdict: Verdict = Field(sa_column=enum_column(Verdict, "verdict", nullable=False))
    findings: list[str] = Field(default_factory=list, sa_type=sa.JSON)  # every verdict that applies
    previous_hash: str | None = Field(default=None, max_length=100)  # what `changed` compared with
    excerpts_found: int = 0
    excerpts_not_found: int = 0
    excerpts_not_checkable: int = 0
    archive_lookup_url: str | None = None  # Wayback lookup for an editor to confirm; never requested


class CitationCheck(SQLModel, table=True):
    """Whether one citation's excerpt was found in the page of one check."""

    __tablename__ = "citation_checks"
    __table_args__ = (sa.UniqueConstraint("check_id", "citation_id"), sa.Index(None, "citation_id", "check_id"))

    id: int | None = Field(default=None, primary_key=True)
    check_id: int = Field(foreign_key="source_checks.id", ondelete="CASCADE")
    citation_id: int = Field(foreign_key="citations.id", ondelete="CASCADE")
    excerpt: str  # what was looked for, as it read then
    status: QuoteStatus = Field(sa_column=enum_column(QuoteStatus, "status", nullable=False))
    reason: str | None = None  # why it could not be checked

"""API shapes of source checks: the latest one embedded in a source, and the history."""

from datetime import datetime

from pydantic import BaseModel, Field

VERDICT_HELP = ("Headline verdict, most serious first: refused > unreachable > gone > quote_drift > moved > changed "
                "> ok. refused: an unsafe (private or loopback) target was not requested.")


class CitationCheckPublic(BaseModel):
    citation_id: int
    excerpt: str = Field(description="The excerpt looked for, as it read at the time of the check")
    status: str = Field(description="found, not_found, or not_checkable (no page text, a PDF, a page cut off)",
                        examples=["found"])
    reason: str | None = Field(None, description="Why the excerpt could not be checked")


class RedirectHop(BaseModel):
    status: int = Field(examples=[301])
    url: str = Field(description="Where the redirect pointed")


class SourceCheckPublic(BaseModel):
    id: int
    source_id: int
    checked_at: datetime
    url: str = Field(description="The URL checked (the source's URL at the time)")
    status: int | None = Field(None, description="HTTP status of the last response", examples=[200])
    final_url: str | None = Field(None, description="Where redirects ended")
    redirects: list[RedirectHop] = Field(description="Each redirect hop")
    content_type: str | None = None
    charset: str | None = Field(None, description="The encoding the page was read in", examples=["cp949"])
    content_hash: str | None = Field(None, description="SHA-256 (hex) of the body read")
    byte_count: int
    truncated: bool = Field(description="The body was longer than the size cap and cut off")
    attempts: int = Field(description="HTTP requests sent, retries and redirects included")
    error: str | None = Field(None, description="timeout, dns, tls, connection, protocol, too_many_redirects, "
                                                "invalid_redirect or refused")
    error_detail: str | None = None
    verdict: str = Field(description=VERDICT_HELP, examples=["ok"])
    findings: list[str] = Field(description="Every verdict that applies, most serious first")
    previous_hash: str | None = Field(None, description="The hash `changed` compared with: the last 2xx page's, "
                                                        "else the source's content_hash")
    excerpts_found: int
    excerpts_not_found: int
    excerpts_not_checkable: int
    archive_lookup_url: str | None = Field(
        None, description="For a source without archive_url: a Wayback Machine lookup for an editor to confirm")


class SourceCheckDetail(SourceCheckPublic):
    citations: list[CitationCheckPublic] = Field(description="Per citation of the source: was its excerpt found")


class CheckHistory(BaseModel):
    items: list[SourceCheckDetail] = Field(description="Newest first; checks are never changed or deleted")
    next: int | None = Field(None, description="Pass as `before` for older checks; null on the last page")
    next_url: str | None = None

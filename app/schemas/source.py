from datetime import datetime

from pydantic import Field

from app.models.fields import CapturedText, TimestampText, LanguageCode, LongText, ShortText, StrictInt, Text100, Text200, Url
from app.schemas.common import RecordPublic, UpdateModel, WriteModel
from app.schemas.source_check import SourceCheckPublic
from app.schemas.provenance import ProvenancePublic, ProvenanceUpdate, ProvenanceWrite


class SourceCreate(ProvenanceWrite, WriteModel):
    glossary_resource = "source"
    url: Url = Field(examples=["https://n.news.naver.com/article/437/0000399767"])
    title: ShortText = Field(examples=["60억 예산 쓴 '메타버스 서울'…초라한 이용률에 결국 종료 [소셜픽]"])
    publisher_id: StrictInt | None = Field(None, description="The organization that published it")
    platform: Text200 | None = Field(None, description="Where it was read", examples=["Naver News"])
    language: LanguageCode = Field(examples=["ko"])
    published_at: TimestampText | None = None
    retrieved_at: TimestampText | None = None
    archive_url: Url | None = None
    content_hash: Text100 | None = Field(None, examples=["sha256:…"])
    notes: LongText | None = None
    captured_text: CapturedText | None = Field(
        None, description="The source's text as captured (e.g. the article's body as saved by the newsroom); "
                          "citation excerpts are checked against it")
    captured_at: TimestampText | None = Field(None, description="When the text was captured")


class SourceUpdate(ProvenanceUpdate, UpdateModel):
    glossary_resource = "source"
    url: Url | None = None
    title: ShortText | None = None
    publisher_id: StrictInt | None = None
    platform: Text200 | None = None
    language: LanguageCode | None = None
    published_at: TimestampText | None = None
    retrieved_at: TimestampText | None = None
    archive_url: Url | None = None
    content_hash: Text100 | None = None
    notes: LongText | None = None
    captured_text: CapturedText | None = None
    captured_at: TimestampText | None = None


class SourcePublic(ProvenancePublic, RecordPublic):
    glossary_resource = "source"
    url: str
    title: str
    publisher_id: int | None = None
    platform: str | None = None
    language: str
    published_at: datetime | None = None
    retrieved_at: datetime | None = None
    archive_url: str | None = None
    content_hash: str | None = None
    notes: str | None = None
    captured_text: str | None = Field(None, description="The source's text as captured; null if none is on record")
    captured_at: datetime | None = None
    verdict: str | None = Field(None, description="Verdict of the latest check (embed it with "
                                                  "`expand=latest_check`); null if never checked. Filter: `verdict=gone`.",
                                examples=["ok"])
    latest_check: SourceCheckPublic | None = Field(
        None, description="Present with `expand=latest_check`: checked_at, verdict, HTTP status, final URL, …")

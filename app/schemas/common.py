"""Building blocks shared by every resource's API shapes."""

from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from app.schemas.glossary import describe

T = TypeVar("T")


class Documented(BaseModel):
    """Fills each undocumented field's description from the glossary.

    Subclasses name their resource with `glossary_resource` so that fields such
    as `kind` get the description that fits (a budget's kind is not a statement's).
    """

    glossary_resource: ClassVar[str] = ""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        changed = False
        for name, field in cls.model_fields.items():
            if field.description is None and (text := describe(cls.glossary_resource, name)):
                field.description = text
                changed = True
        if changed:
            cls.model_rebuild(force=True)


class WriteModel(Documented):
    """Writers' input: unknown fields are refused, never silently dropped; so is text holding NUL (U+0000),
    which PostgreSQL cannot store and SQLite would, so that both engines give the same 422."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _refuse_nul(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for name, value in data.items():
                if _holds_nul(value):
                    raise PydanticCustomError("nul_character", "text must not contain NUL (U+0000) characters",
                                              {"field": str(name)})
        return data


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_nul(item) for item in value)
    return False


class UpdateModel(WriteModel):
    """A PATCH body: only the fields sent are changed; at least one must be sent."""


class RecordPublic(Documented):
    id: int = Field(examples=[1])
    created_at: datetime
    updated_at: datetime
    version: int = Field(description="Counts committed changes; starts at 1.", examples=[1])


EXCERPT_FOUND_HELP = ("Whether the excerpt stands word for word in its source: true when found in the source's "
                      "captured text or by the latest check of the page, false when a check or a newly captured "
                      "text did not find it, null while unverified (no text on record and no check since, or "
                      "the page could not be read). Filter with excerpt_found=false or excerpt_found__isnull=true")


class CitationSummary(Documented):
    id: int
    source_id: int
    field: str | None = Field(None, description="The one field of the record this citation supports (e.g. `amount`, "
                                                "`started`); null: the record as a whole.")
    excerpt: str = Field(examples=["지금까지 약 60억 원의 예산을 들였지만 결국 사라지게 됐습니다."])
    excerpt_en: str | None = None
    note: str | None = None
    excerpt_found: bool | None = Field(None, description=EXCERPT_FOUND_HELP)


class CitedRecordPublic(RecordPublic):
    citations: list[CitationSummary] | None = Field(
        None, description="Present when the record is embedded with `expand=`, or requested with `expand=citations`."
    )


class Page(BaseModel, Generic[T]):
    items: list[T]
    next: str | None = Field(None, description="Opaque cursor for the next page, or null on the last page.")
    next_url: str | None = Field(None, description="The next page as a full URL.")

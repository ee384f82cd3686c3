from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from app.models.fields import LanguageCode, LongText, Name, PartialDateField, PartialDateOutput, StrictInt
from app.models.vocabulary import QuoteForm, StatementKind
from app.schemas.common import CitedRecordPublic, UpdateModel, WriteModel
from app.schemas.provenance import ProvenancePublic, ProvenanceUpdate, ProvenanceWrite


class StatementCreate(ProvenanceWrite, WriteModel):
    glossary_resource = "statement"
    project_id: StrictInt
    speaker_person_id: StrictInt | None = Field(None, description="Who spoke (a person) …")
    speaker_organization_id: StrictInt | None = Field(None, description="… or which organization; at least one")
    speaker_role: Name | None = Field(None, description="The speaker's role at the time", examples=["서울시장"])
    speaker_role_en: Name | None = Field(None, examples=["Mayor of Seoul"])
    kind: StatementKind = Field(examples=["justification"])
    quote: LongText = Field(description="In its original language, as published")
    language: LanguageCode = Field(description="BCP 47 code of the quote", examples=["ko"])
    quote_form: QuoteForm = Field(QuoteForm.VERBATIM, description="`truncated` when the source cuts the quote off (…)")
    translation_en: LongText | None = Field(None, description="Editorial: the newsroom's English translation, not the speaker's own words")
    stated: PartialDateField | None = Field(None, examples=[{"value": "2023-01", "text": "2023년 1월"}])

    @model_validator(mode="after")
    def _has_speaker(self):
        if self.speaker_person_id is None and self.speaker_organization_id is None:
            raise PydanticCustomError("missing_speaker", "give speaker_person_id or speaker_organization_id",
                                      {"field": "speaker_person_id"})
        return self


class StatementUpdate(ProvenanceUpdate, UpdateModel):
    glossary_resource = "statement"
    project_id: StrictInt | None = None
    speaker_person_id: StrictInt | None = None
    speaker_organization_id: StrictInt | None = None
    speaker_role: Name | None = None
    speaker_role_en: Name | None = None
    kind: StatementKind | None = None
    quote: LongText | None = None
    language: LanguageCode | None = None
    quote_form: QuoteForm | None = None
    translation_en: LongText | None = None
    stated: PartialDateField | None = None


class StatementPublic(ProvenancePublic, CitedRecordPublic):
    glossary_resource = "statement"
    project_id: int
    speaker_person_id: int | None = None
    speaker_organization_id: int | None = None
    speaker_role: str | None = None
    speaker_role_en: str | None = None
    kind: StatementKind
    quote: str
    language: str
    quote_form: QuoteForm
    translation_en: str | None = None
    stated: PartialDateOutput | None = None

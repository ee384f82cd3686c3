from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from app.models import CITED_FACTS
from app.models.fields import LongText, StrictInt
from app.schemas.common import EXCERPT_FOUND_HELP, RecordPublic, UpdateModel, WriteModel

FACT_HELP = "Set exactly one of project_id, budget_id, metric_id, statement_id"


class CitationCreate(WriteModel):
    glossary_resource = "citation"
    source_id: StrictInt
    project_id: StrictInt | None = Field(None, description=FACT_HELP)
    budget_id: StrictInt | None = Field(None, description=FACT_HELP)
    metric_id: StrictInt | None = Field(None, description=FACT_HELP)
    statement_id: StrictInt | None = Field(None, description=FACT_HELP)
    excerpt: LongText = Field(description="The exact words of the source that support the fact")
    excerpt_en: LongText | None = Field(None, description="An English translation of the excerpt")
    note: LongText | None = None

    @model_validator(mode="after")
    def _exactly_one_fact(self):
        if sum(getattr(self, f"{fact}_id") is not None for fact in CITED_FACTS) != 1:
            raise PydanticCustomError("exactly_one_fact", FACT_HELP.lower(), {"field": "project_id"})
        return self


class CitationUpdate(UpdateModel):
    """The cited fact is fixed once created; cite another fact with a new citation."""

    glossary_resource = "citation"
    source_id: StrictInt | None = None
    excerpt: LongText | None = None
    excerpt_en: LongText | None = None
    note: LongText | None = None


class CitationPublic(RecordPublic):
    glossary_resource = "citation"
    source_id: int
    project_id: int | None = None
    budget_id: int | None = None
    metric_id: int | None = None
    statement_id: int | None = None
    excerpt: str
    excerpt_en: str | None = None
    note: str | None = None
    excerpt_found: bool | None = Field(None, description=EXCERPT_FOUND_HELP)

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from app.models import CITABLE_FIELDS, CITED_FACTS
from app.models.fields import LongText, StrictInt
from app.schemas.common import EXCERPT_FOUND_HELP, RecordPublic, UpdateModel, WriteModel

FACT_HELP = "Set exactly one of project_id, budget_id, metric_id, statement_id, project_event_id"
FIELD_HELP = ("The one field of the cited record that the excerpt supports (e.g. `started`, `amount`, `quote`); "
              "null: the whole record. Allowed: " + "; ".join(f"{fact}: {', '.join(fields)}"
                                                               for fact, fields in CITABLE_FIELDS.items()))
EXCERPT_EN_HELP = "Editorial: the newsroom's English translation of the excerpt, not the source's words"


class CitationCreate(WriteModel):
    glossary_resource = "citation"
    source_id: StrictInt
    project_id: StrictInt | None = Field(None, description=FACT_HELP)
    budget_id: StrictInt | None = Field(None, description=FACT_HELP)
    metric_id: StrictInt | None = Field(None, description=FACT_HELP)
    statement_id: StrictInt | None = Field(None, description=FACT_HELP)
    project_event_id: StrictInt | None = Field(None, description=FACT_HELP)
    field: str | None = Field(None, max_length=64, description=FIELD_HELP)
    excerpt: LongText = Field(description="The exact words of the source that support the fact")
    excerpt_en: LongText | None = Field(None, description=EXCERPT_EN_HELP)
    note: LongText | None = None

    @model_validator(mode="after")
    def _exactly_one_fact(self):
        cited = [fact for fact in CITED_FACTS if getattr(self, f"{fact}_id") is not None]
        if len(cited) != 1:
            raise PydanticCustomError("exactly_one_fact", FACT_HELP.lower(), {"field": "project_id"})
        allowed = CITABLE_FIELDS.get(cited[0], ())
        if self.field is not None and self.field not in allowed:
            raise PydanticCustomError(
                "field_not_citable", "a {fact} citation may support one of its fields: {allowed}; or null for the whole record",
                {"field": "field", "fact": cited[0], "allowed": ", ".join(allowed)},
            )
        return self


class CitationUpdate(UpdateModel):
    """The cited fact is fixed once created; cite another fact with a new citation."""

    glossary_resource = "citation"
    source_id: StrictInt | None = None
    field: str | None = Field(None, max_length=64, description=FIELD_HELP)
    excerpt: LongText | None = None
    excerpt_en: LongText | None = Field(None, description=EXCERPT_EN_HELP)
    note: LongText | None = None


class CitationPublic(RecordPublic):
    glossary_resource = "citation"
    source_id: int
    project_id: int | None = None
    budget_id: int | None = None
    metric_id: int | None = None
    statement_id: int | None = None
    project_event_id: int | None = None
    field: str | None = Field(None, description=FIELD_HELP)
    excerpt: str
    excerpt_en: str | None = Field(None, description=EXCERPT_EN_HELP)
    note: str | None = None
    excerpt_found: bool | None = Field(None, description=EXCERPT_FOUND_HELP)

from datetime import UTC, datetime

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from app.domain.project_events import event_problems
from app.models.fields import LongText, PartialDateField, PartialDateOutput, StrictInt
from app.models.vocabulary import EventKind, ProjectStatus
from app.schemas.common import CitedRecordPublic, UpdateModel, WriteModel
from app.schemas.provenance import ProvenancePublic, ProvenanceUpdate, ProvenanceWrite

KIND_HELP = ("happened: it took place (sets the project's status); scheduled: announced for a date; announced: "
             "announced without a date; abandoned: a plan given up (`occurs`: the date it had; `announced`: when it "
             "was reported given up). Only happened events set the status.")
OCCURS_HELP = "When it happens or happened, a partial date; empty when the source does not say"
ANNOUNCED_HELP = "When it was made known, a partial date; required unless it happened"


class ProjectEventCreate(ProvenanceWrite, WriteModel):
    glossary_resource = "project_event"
    project_id: StrictInt
    status: ProjectStatus = Field(description="The status it leads to", examples=["terminated"])
    kind: EventKind = Field(description=KIND_HELP, examples=["scheduled"])
    occurs: PartialDateField | None = Field(None, description=OCCURS_HELP, examples=[{"value": "2024-12", "text": "올해 말"}])
    announced: PartialDateField | None = Field(None, description=ANNOUNCED_HELP, examples=["2024-07-03"])
    description: LongText | None = None

    @model_validator(mode="after")
    def _keeps_the_event_rules(self):
        problems = event_problems(self.kind, self.occurs and self.occurs.value, self.announced and self.announced.value,
                                  datetime.now(UTC).date())
        if problems:
            field, message = problems[0]
            raise PydanticCustomError("event_rule", message, {"field": field})
        return self


class ProjectEventUpdate(ProvenanceUpdate, UpdateModel):
    glossary_resource = "project_event"
    project_id: StrictInt | None = None
    status: ProjectStatus | None = None
    kind: EventKind | None = None
    occurs: PartialDateField | None = None
    announced: PartialDateField | None = None
    description: LongText | None = None


class ProjectEventPublic(ProvenancePublic, CitedRecordPublic):
    glossary_resource = "project_event"
    project_id: int
    status: ProjectStatus
    kind: EventKind = Field(description=KIND_HELP)
    occurs: PartialDateOutput | None = Field(None, description=OCCURS_HELP)
    announced: PartialDateOutput | None = Field(None, description=ANNOUNCED_HELP)
    description: str | None = None

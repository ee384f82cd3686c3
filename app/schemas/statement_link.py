from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from app.models.fields import LongText, StrictInt
from app.models.provenance import Provenance
from app.models.statement_link import LINKED_FACTS, LinkRating
from app.schemas.common import RecordPublic, UpdateModel, WriteModel
from app.schemas.provenance import PROVENANCE_HELP, ProvenancePublic, ProvenanceUpdate, ProvenanceWrite

FACT_HELP = "Set exactly one of project_id, budget_id, metric_id, linked_statement_id: the fact held against the statement"
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100, strict=True)]
RATING_HELP = ("How the fact bears on the statement: supports, partly_supports, misleading, contradicts "
               "(the fact shows the statement wrong) or unverifiable")
DESCRIPTIONS = {
    "statement_id": "The statement held against the fact",
    "project_id": "The project (its status and dates) held against the statement. " + FACT_HELP,
    "budget_id": "The budget held against the statement. " + FACT_HELP,
    "metric_id": "The metric held against the statement. " + FACT_HELP,
    "linked_statement_id": "Another statement held against this one (not the statement itself). " + FACT_HELP,
    "rating": RATING_HELP,
    "label": "A short verdict in words, as a fact-check would print it",
    "note": "Why the fact bears on the statement",
    "source_id": "The source that shows the link",
    "excerpt": "The exact words of the source that show the link",
    "excerpt_en": "Editorial: the newsroom's English translation of the excerpt, not the source's words",
}


def _described(name: str, **kwargs):
    return Field(description=DESCRIPTIONS[name], **kwargs)


class StatementLinkCreate(ProvenanceWrite, WriteModel):
    glossary_resource = "statement_link"
    statement_id: StrictInt = _described("statement_id")
    project_id: StrictInt | None = _described("project_id", default=None)
    budget_id: StrictInt | None = _described("budget_id", default=None)
    metric_id: StrictInt | None = _described("metric_id", default=None)
    linked_statement_id: StrictInt | None = _described("linked_statement_id", default=None)
    rating: LinkRating = _described("rating", examples=["contradicts"])
    label: Label = _described("label", examples=["Its own platform was terminated"])
    note: LongText | None = _described("note", default=None)
    source_id: StrictInt = _described("source_id")
    excerpt: LongText = _described("excerpt")
    excerpt_en: LongText | None = _described("excerpt_en", default=None)
    provenance: Provenance = Field(Provenance.EDITORIAL, description="A link's rating is the newsroom's judgement: "
                                   "`editorial` unless stated otherwise. " + PROVENANCE_HELP)

    @model_validator(mode="after")
    def _one_other_fact(self):
        if sum(getattr(self, f"{fact}_id") is not None for fact in LINKED_FACTS) != 1:
            raise ValueError(FACT_HELP.lower())
        if self.linked_statement_id is not None and self.linked_statement_id == self.statement_id:
            raise ValueError("linked_statement_id: a statement cannot be held against itself")
        return self


class StatementLinkUpdate(ProvenanceUpdate, UpdateModel):
    """The statement and the fact are fixed once linked; link another fact with a new link."""

    glossary_resource = "statement_link"
    rating: LinkRating | None = _described("rating", default=None)
    label: Label | None = _described("label", default=None)
    note: LongText | None = _described("note", default=None)
    source_id: StrictInt | None = _described("source_id", default=None)
    excerpt: LongText | None = _described("excerpt", default=None)
    excerpt_en: LongText | None = _described("excerpt_en", default=None)


class StatementLinkPublic(ProvenancePublic, RecordPublic):
    glossary_resource = "statement_link"
    statement_id: int = _described("statement_id")
    project_id: int | None = _described("project_id", default=None)
    budget_id: int | None = _described("budget_id", default=None)
    metric_id: int | None = _described("metric_id", default=None)
    linked_statement_id: int | None = _described("linked_statement_id", default=None)
    rating: LinkRating = _described("rating")
    label: str = _described("label")
    note: str | None = _described("note", default=None)
    source_id: int = _described("source_id")
    excerpt: str = _described("excerpt")
    excerpt_en: str | None = _described("excerpt_en", default=None)

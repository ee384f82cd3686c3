from pydantic import Field

from app.models.fields import Currency, LongText, MinorUnits, PublicMinorUnits, PartialDateField, PartialDateOutput, StrictInt, Text200
from app.models.vocabulary import BudgetKind, Qualifier
from app.schemas.common import CitedRecordPublic, UpdateModel, WriteModel
from app.schemas.provenance import ProvenancePublic, ProvenanceUpdate, ProvenanceWrite

AMOUNT_HELP = ("Exact integer in the currency's minor unit (KRW has none: 60억 원 = 6000000000); never negative, "
               "at most 2^53−1 so that every JSON client, JavaScript included, reads it exactly")


class BudgetCreate(ProvenanceWrite, WriteModel):
    glossary_resource = "budget"
    project_id: StrictInt
    kind: BudgetKind = Field(examples=["spent"])
    amount: MinorUnits = Field(description=AMOUNT_HELP, examples=[6000000000])
    currency: Currency = Field(description="ISO 4217 code", examples=["KRW"])
    qualifier: Qualifier = Field(Qualifier.EXACT, examples=["approximate"])
    amount_text: Text200 | None = Field(None, description="The source's wording: `amount`, `currency` and `qualifier` "
                                        "must be what it says (docs/writes.md, the fact rules)", examples=["약 60억 원"])
    description: LongText | None = None
    period_start: PartialDateField | None = Field(None, description="Omit for an open-started period (\"through 2026\")")
    period_end: PartialDateField | None = Field(None, examples=[{"value": "2026", "text": "2026년까지"}])
    as_of: PartialDateField | None = Field(None, description="When the amount was reported")


class BudgetUpdate(ProvenanceUpdate, UpdateModel):
    glossary_resource = "budget"
    project_id: StrictInt | None = None
    kind: BudgetKind | None = None
    amount: MinorUnits | None = None
    currency: Currency | None = None
    qualifier: Qualifier | None = None
    amount_text: Text200 | None = None
    description: LongText | None = None
    period_start: PartialDateField | None = None
    period_end: PartialDateField | None = None
    as_of: PartialDateField | None = None


class BudgetPublic(ProvenancePublic, CitedRecordPublic):
    glossary_resource = "budget"
    project_id: int
    kind: BudgetKind
    amount: PublicMinorUnits = Field(description=AMOUNT_HELP, examples=[6000000000])
    currency: str = Field(examples=["KRW"])
    qualifier: Qualifier
    amount_text: str | None = Field(None, examples=["약 60억 원"])
    description: str | None = None
    period_start: PartialDateOutput | None = None
    period_end: PartialDateOutput | None = None
    as_of: PartialDateOutput | None = None

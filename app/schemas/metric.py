from decimal import Decimal

from pydantic import Field

from app.models.fields import ExactNumber, Name, PartialDateField, PartialDateOutput, ShortText, StrictInt, Text200
from app.models.vocabulary import MetricUnit, ObservationType, Qualifier
from app.schemas.common import CitedRecordPublic, UpdateModel, WriteModel
from app.schemas.provenance import ProvenancePublic, ProvenanceUpdate, ProvenanceWrite

Dimensions = dict[ShortText, ShortText]


class MetricCreate(ProvenanceWrite, WriteModel):
    glossary_resource = "metric"
    project_id: StrictInt
    indicator: Name = Field(description="Indicator name in the source's language", examples=["메타버스 서울을 통한 민원"])
    indicator_en: Name | None = Field(None, examples=["Complaints filed through Metaverse Seoul"])
    value: ExactNumber = Field(description="Exact decimal (a JSON number or a decimal string)", examples=["2"])
    unit: MetricUnit = Field(examples=["count/day"])
    observation: ObservationType = Field(ObservationType.ACTUAL)
    qualifier: Qualifier = Field(Qualifier.EXACT)
    value_text: Text200 | None = Field(None, description="The source's wording: `value` and `qualifier` must be what "
                                       "it says (docs/writes.md, the fact rules)", examples=["하루 2건"])
    dimensions: Dimensions = Field(default_factory=dict, examples=[{"channel": "metaverse-seoul"}])
    compared_with_id: StrictInt | None = Field(None, description="The metric this one is compared with")
    period_start: PartialDateField | None = None
    period_end: PartialDateField | None = None
    as_of: PartialDateField | None = None


class MetricUpdate(ProvenanceUpdate, UpdateModel):
    glossary_resource = "metric"
    project_id: StrictInt | None = None
    indicator: Name | None = None
    indicator_en: Name | None = None
    value: ExactNumber | None = None
    unit: MetricUnit | None = None
    observation: ObservationType | None = None
    qualifier: Qualifier | None = None
    value_text: Text200 | None = None
    dimensions: Dimensions | None = None
    compared_with_id: StrictInt | None = None
    period_start: PartialDateField | None = None
    period_end: PartialDateField | None = None
    as_of: PartialDateField | None = None


class MetricPublic(ProvenancePublic, CitedRecordPublic):
    glossary_resource = "metric"
    project_id: int
    indicator: str
    indicator_en: str | None = None
    value: Decimal = Field(description="Exact decimal, serialised as a string", examples=["2"])
    unit: MetricUnit
    observation: ObservationType
    qualifier: Qualifier
    value_text: str | None = None
    dimensions: dict[str, str]
    compared_with_id: int | None = None
    period_start: PartialDateOutput | None = None
    period_end: PartialDateOutput | None = None
    as_of: PartialDateOutput | None = None

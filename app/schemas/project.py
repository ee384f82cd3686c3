from decimal import Decimal

from pydantic import Field

from app.models.fields import (
    LongText,
    Name,
    PartialDateField,
    PartialDateOutput,
    Slug,
    StrictInt,
    Text100,
)
from app.models.vocabulary import EndBasis, ProjectStatus, Qualifier
from app.schemas.common import CitedRecordPublic, UpdateModel, WriteModel
from app.schemas.provenance import ProvenancePublic, ProvenanceUpdate, ProvenanceWrite

FIGURE_HELP = "In lists and exports only (a project's own figures, with their working: /v1/projects/{key}/scorecard). "
QUALIFIER_HELP = ("As the scorecard qualifies it: `approximate` when an input is approximate or partial dates give a "
                  "range, `at_least` / `up_to` when the figure is a bound (the value is then the bound). "
                  "Filter by it: `{name}_qualifier=exact`.")
RANGE_HELP = "End of the range partial dates give (the scorecard's `range`); null when they give none. "
END_BASIS_HELP = ("How the end of service the figure uses is known: `happened` (an ending event), `recorded` (the "
                  "project's ended date) or `scheduled` (announced, not known to have happened: the figure is what it "
                  "will be if the service ends as scheduled).")
DATE_HELP = "A partial date: `\"2023-01\"` or `{\"value\": \"2023-01\", \"text\": \"지난해 1월\"}`"


STATUS_WRITE_HELP = ("Recorded as a `happened` status event (dated by the project's matching date: active: started; "
                     "planned: announced; terminated, completed, cancelled: ended; else undated, counting from today). "
                     "The project's status is derived from its events: to record what was scheduled or announced, "
                     "POST /v1/project-events.")
STATUS_HELP = ("Derived from the project's status events as of today: the last `happened` one; null when none. "
               "Scheduled and announced events are not counted: see /v1/projects/{key}/status.")


class ProjectCreate(ProvenanceWrite, WriteModel):
    glossary_resource = "project"
    slug: Slug = Field(description="Unique, URL-safe identifier", examples=["metaverse-seoul"])
    name: Name = Field(examples=["메타버스 서울"])
    name_en: Name | None = Field(None, examples=["Metaverse Seoul"])
    summary: LongText | None = None
    summary_en: LongText | None = None
    organization_id: StrictInt | None = Field(None, description="The responsible organization")
    jurisdiction: Text100 | None = Field(None, description="ISO 3166-2 code or a name", examples=["KR-11"])
    status: ProjectStatus | None = Field(None, description=STATUS_WRITE_HELP, examples=["active"])
    status_details: LongText | None = None
    announced: PartialDateField | None = Field(None, description=DATE_HELP)
    started: PartialDateField | None = Field(None, description=DATE_HELP, examples=[{"value": "2023-01", "text": "지난해 1월"}])
    planned_end: PartialDateField | None = Field(None, description=DATE_HELP, examples=["2026"])
    ended: PartialDateField | None = Field(None, description=DATE_HELP, examples=[{"value": "2024-12", "text": "올해 말"}])


class ProjectUpdate(ProvenanceUpdate, UpdateModel):
    glossary_resource = "project"
    slug: Slug | None = None
    name: Name | None = None
    name_en: Name | None = None
    summary: LongText | None = None
    summary_en: LongText | None = None
    organization_id: StrictInt | None = None
    jurisdiction: Text100 | None = None
    status: ProjectStatus | None = None
    status_details: LongText | None = None
    announced: PartialDateField | None = None
    started: PartialDateField | None = None
    planned_end: PartialDateField | None = None
    ended: PartialDateField | None = None


class ProjectPublic(ProvenancePublic, CitedRecordPublic):
    glossary_resource = "project"
    slug: str = Field(examples=["metaverse-seoul"])
    name: str = Field(examples=["메타버스 서울"])
    name_en: str | None = Field(None, examples=["Metaverse Seoul"])
    summary: str | None = None
    summary_en: str | None = None
    organization_id: int | None = None
    jurisdiction: str | None = None
    status: ProjectStatus | None = Field(None, description=STATUS_HELP)
    status_details: str | None = None
    announced: PartialDateOutput | None = None
    started: PartialDateOutput | None = None
    planned_end: PartialDateOutput | None = None
    ended: PartialDateOutput | None = None
    execution_ratio: Decimal | None = Field(None, examples=["0.15"], description=FIGURE_HELP + (
        "Latest spent ÷ latest planned budget, exact to 9 decimal places (a string); null when the scorecard "
        "gives none. Filter and sort by it: `execution_ratio__lt=0.2`, `sort=-execution_ratio`."))
    cost_per_day: int | None = Field(None, examples=[8207934], description=FIGURE_HELP + (
        "Latest spent budget ÷ days of service, in whole minor units of `cost_per_day_currency`. Sorting by it "
        "mixes currencies: add `cost_per_day_currency=KRW` to rank within one."))
    cost_per_day_currency: str | None = Field(None, examples=["KRW"],
                                              description=FIGURE_HELP + "ISO 4217 code of `cost_per_day`.")
    lifetime_vs_plan: Decimal | None = Field(None, examples=["0.5"], description=FIGURE_HELP + (
        "Calendar months in service ÷ months planned, exact to 9 decimal places (a string)."))
    execution_ratio_qualifier: Qualifier | None = Field(None, examples=["approximate"], description=FIGURE_HELP + (
        QUALIFIER_HELP.format(name="execution_ratio")))
    cost_per_day_qualifier: Qualifier | None = Field(None, examples=["approximate"], description=FIGURE_HELP + (
        QUALIFIER_HELP.format(name="cost_per_day")))
    cost_per_day_low: int | None = Field(None, examples=[8207934], description=FIGURE_HELP + RANGE_HELP + (
        "Latest spent ÷ the most days of service, rounded down."))
    cost_per_day_high: int | None = Field(None, examples=[8941878], description=FIGURE_HELP + RANGE_HELP + (
        "Latest spent ÷ the fewest days of service, rounded up."))
    cost_per_day_end_basis: EndBasis | None = Field(None, examples=["scheduled"], description=FIGURE_HELP + END_BASIS_HELP)
    lifetime_vs_plan_qualifier: Qualifier | None = Field(None, examples=["approximate"], description=FIGURE_HELP + (
        QUALIFIER_HELP.format(name="lifetime_vs_plan")))
    lifetime_vs_plan_low: Decimal | None = Field(None, examples=["0.5"], description=FIGURE_HELP + RANGE_HELP + (
        "The fewest months in service ÷ the most months planned, rounded down."))
    lifetime_vs_plan_high: Decimal | None = Field(None, examples=["0.648648649"], description=FIGURE_HELP + RANGE_HELP + (
        "The most months in service ÷ the fewest months planned, rounded up."))
    lifetime_vs_plan_end_basis: EndBasis | None = Field(None, examples=["scheduled"],
                                                        description=FIGURE_HELP + END_BASIS_HELP)

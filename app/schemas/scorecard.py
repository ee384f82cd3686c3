"""Response shapes of the scorecard, timeline and compare endpoints (for the API documentation)."""

from datetime import date

from pydantic import BaseModel, Field

from app.models.vocabulary import EventKind, ProjectStatus


class Rendered(BaseModel):
    ko: str = Field(examples=["약 15%"])
    en: str = Field(examples=["about 15 %"])


class FactCitation(BaseModel):
    """A citation of a fact, with its source's address and title and the latest check's findings."""

    id: int
    source_id: int
    excerpt: str = Field(description="The exact words of the source")
    excerpt_en: str | None = None
    note: str | None = None
    source_url: str
    source_title: str | None = None
    excerpt_found: bool | None = Field(None, description="Whether the latest check of the source found the excerpt")
    source_verdict: str | None = Field(None, description="Verdict of the source's latest check; null if never checked")


class FactRef(BaseModel):
    type: str = Field(description="project, budget, metric, statement or statement_link", examples=["budget"])
    id: int
    url: str


class ProjectRef(BaseModel):
    id: int
    slug: str
    name: str
    name_en: str | None = None
    status: str | None = Field(description="As of today, derived from the status events; null when none happened")
    url: str


class EventDate(BaseModel):
    value: str
    precision: str
    earliest: date
    latest: date
    text: str | None = None


class DateReading(BaseModel):
    """How a period between two partial dates was counted."""

    used: str = Field(examples=["widest"])
    text: str = Field(description="The reading in words")
    count: int | None = Field(None, description="Days counted")


class Range(BaseModel):
    """The figure's bounds when partial dates allow several readings: money as integers, others as decimal strings."""

    low: int | str
    high: int | str


class FigureInput(BaseModel):
    role: str = Field(examples=["amount spent"])
    type: str = Field(description="budget, metric or project (for a period between its dates)")
    id: int
    url: str
    field: str | None = Field(None, description="The fact's field the value is read from", examples=["amount"])
    fields: list[str] | None = Field(None, description="The project's date fields a period is read from")
    value: int | str | None = Field(None, description="The fact's exact value: an integer for money, a decimal string "
                                                      "for a metric")
    unit: str | None = Field(None, examples=["KRW"])
    qualifier: str | None = None
    text: str | None = Field(None, description="The source's wording")
    rendered: Rendered | None = None
    kind: str | None = Field(None, description="A budget's kind")
    indicator: str | None = None
    indicator_en: str | None = None
    as_of: EventDate | None = None
    period_end: EventDate | None = None
    started: EventDate | None = None
    ended: EventDate | None = None
    planned_end: EventDate | None = None
    date_reading: DateReading | None = None
    citations: list[FactCitation] = Field(description="The fact's citations, each with its source and excerpt")


class FigureOut(BaseModel):
    name: str = Field(examples=["budget_execution_ratio"])
    title: str
    formula: str = Field(description="The formula in words")
    unit: str = Field(examples=["ratio", "KRW/day"])
    value: int | str = Field(description="Money: an integer of minor units; otherwise a decimal string (6 significant digits)",
                       examples=["0.15", 8207934])
    qualifier: str = Field(description="exact, approximate, at_least (a lower bound) or up_to (an upper bound)")
    estimate: bool
    sources_in_doubt: bool = Field(False, description="An input's every source is gone or no longer carries its "
                                                      "excerpt (latest source check); a caveat names it")
    range: Range | None = Field(None, description="low/high when partial dates allow several readings")
    exact: str = Field(description="The unrounded value as a fraction", examples=["3/20"])
    rounding: str
    rendered: Rendered = Field(description="For people: Korean (ko) and English (en)")
    working: list[str] = Field(description="Each input's exact quantity, then the result")
    inputs: list[FigureInput]
    caveats: list[str]


class UnavailableFigure(BaseModel):
    name: str
    title: str
    formula: str
    unit: str
    reason: str = Field(description="Why the figure cannot be computed for this project")
    inputs: list[FigureInput] = Field(description="The inputs that were found")


class Speaker(BaseModel):
    person: str | None = None
    person_en: str | None = None
    organization: str | None = None
    organization_en: str | None = None
    role: str | None = None
    role_en: str | None = None


class StatementSummary(BaseModel):
    id: int
    url: str
    kind: str
    quote: str = Field(description="In its original language")
    quote_form: str
    language: str
    translation_en: str | None = None
    speaker: Speaker
    stated: EventDate | None = None
    citations: list[FactCitation]


class FactFields(BaseModel):
    """What a reader sees of a fact, present by its type: a project's status, a budget's amount, a metric's value, a quote."""

    status: str | None = None
    status_details: str | None = None
    amount: int | None = Field(None, description="A budget's amount in minor units of `currency`")
    currency: str | None = None
    indicator: str | None = None
    indicator_en: str | None = None
    value: str | None = Field(None, description="A metric's exact value (a decimal string)")
    unit: str | None = None
    qualifier: str | None = None
    text: str | None = Field(None, description="The source's wording")
    rendered: Rendered | None = None
    quote: str | None = None
    translation_en: str | None = None


class LinkedFact(FactRef, FactFields):
    """The fact a statement is held against: what a reader needs to see why it bears on it (fields by `type`)."""

    name: str | None = None
    name_en: str | None = None
    ended: EventDate | None = None
    planned_end: EventDate | None = None
    kind: str | None = None
    stated: EventDate | None = None
    citations: list[FactCitation]


class Evidence(BaseModel):
    source_id: int
    source_url: str
    source_title: str | None = None
    excerpt: str
    excerpt_en: str | None = None


class StatementAgainstOutcome(BaseModel):
    id: int = Field(description="The statement link")
    url: str
    rating: str = Field(examples=["contradicts"])
    label: str
    note: str | None = None
    statement: StatementSummary
    fact: LinkedFact
    evidence: Evidence


class RoundingMethod(BaseModel):
    money: str
    other: str
    bounds: str


class ScorecardMethod(BaseModel):
    rounding: RoundingMethod
    bounds: str
    approximate: str
    dates: str
    inputs: str


class Scorecard(BaseModel):
    project: ProjectRef
    figures: list[FigureOut]
    unavailable: list[UnavailableFigure]
    statements_against_outcomes: list[StatementAgainstOutcome] = Field(
        description="The project's statements held against facts, each with rating, label, note and evidence")
    method: ScorecardMethod = Field(description="How figures are rounded, bounded and read from partial dates")


class TimelineEvent(FactFields):
    """One dated fact; besides the common fields, each kind carries its fact's own (quote, amount, status, …)."""

    kind: str = Field(description="announced, launched, status, statement, figure_reported, figure_period, ended, "
                                  "planned_end, figure. A `status` event has `certainty` (happened, scheduled, "
                                  "announced, abandoned), `status` and `announced` (when it was made known)")
    date: EventDate | None
    fact: FactRef
    field: str | None = Field(None, description="The fact's date field the event is placed by", examples=["started"])
    order_certain: bool | None = Field(None, description="False when the date range overlaps another event's")
    citations: list[FactCitation] = Field(description="Only the citations of the field that gives the date "
                                                      "(`field`); undated: those of the whole record")
    certainty: EventKind | None = Field(None, description="Of a `status` event: happened, scheduled, announced, abandoned")
    announced: EventDate | None = Field(None, description="Of a `status` event: when it was made known")
    statement_kind: str | None = None
    quote_form: str | None = None
    speaker: Speaker | None = None
    budget_kind: str | None = None


class PlannedStatus(BaseModel):
    event_id: int
    status: ProjectStatus
    kind: EventKind = Field(description="scheduled or announced; abandoned in `abandoned`")
    on: EventDate | None = Field(description="When it is (was) to happen; null when not said")
    announced: EventDate | None = Field(description="When it was made known")


class DerivedStatus(BaseModel):
    """A project's status as of a date, from its status events (app.services.project_status)."""

    as_of: date
    status: ProjectStatus | None = Field(description="From the last happened event on or before `as_of`; null: none")
    since: EventDate | None = Field(description="The date of that event; null when it has none")
    event_id: int | None
    scheduled: list[PlannedStatus] = Field(description="Scheduled or announced by `as_of` and not yet happened: "
                                                       "never counted as done")
    abandoned: list[PlannedStatus] = Field(description="Plans reported given up by `as_of`")


class Timeline(BaseModel):
    project: ProjectRef
    ordering: str = Field(description="The total order used for partial dates")
    status: DerivedStatus = Field(description="The status as of today, with what is scheduled beside it")
    events: list[TimelineEvent]
    undated: list[TimelineEvent] = Field(description="Facts with no date, never placed at an invented one")


class ComparisonCell(BaseModel):
    """One project's value of a figure; `available` false with `reason`, or the value with its unit and working."""

    project: str = Field(description="The project's slug")
    available: bool
    value: int | str | None = None
    reason: str | None = None
    comparable: bool | None = Field(None, description="False when the value is in another unit than the row's")
    unit: str | None = None
    qualifier: str | None = None
    estimate: bool | None = None
    range: Range | None = None
    exact: str | None = None
    rendered: Rendered | None = None
    caveats: list[str] | None = None


class ComparisonRow(BaseModel):
    name: str
    title: str
    formula: str
    unit: str = Field(description="One unit per row; a cell in another unit is marked not comparable")
    estimate: bool
    values: list[ComparisonCell] = Field(description="One cell per project, in the order asked; a missing one says why")


class ComparedProject(ProjectRef):
    scorecard_url: str


class Comparison(BaseModel):
    projects: list[ComparedProject]
    figures: list[ComparisonRow]

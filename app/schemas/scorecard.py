"""Response shapes of the scorecard, timeline and compare endpoints (for the API documentation)."""

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.models.vocabulary import EventKind, ProjectStatus


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ProjectRef(Open):
    id: int
    slug: str
    name: str
    name_en: str | None = None
    status: str
    url: str


class FigureInput(Open):
    role: str = Field(examples=["amount spent"])
    type: str = Field(description="budget, metric or project (for a period between its dates)")
    id: int
    url: str
    value: Any = Field(None, description="The fact's exact value: an integer for money, a decimal string for a metric")
    qualifier: str | None = None
    citations: list[dict[str, Any]] = Field(description="The fact's citations, each with its source and excerpt")


class FigureOut(Open):
    name: str = Field(examples=["budget_execution_ratio"])
    title: str
    formula: str = Field(description="The formula in words")
    unit: str = Field(examples=["ratio", "KRW/day"])
    value: Any = Field(description="Money: an integer of minor units; otherwise a decimal string (6 significant digits)",
                       examples=["0.15", 8207934])
    qualifier: str = Field(description="exact, approximate, at_least (a lower bound) or up_to (an upper bound)")
    estimate: bool
    sources_in_doubt: bool = Field(False, description="An input's every source is gone or no longer carries its "
                                                      "excerpt (latest source check); a caveat names it")
    range: dict[str, Any] | None = Field(None, description="low/high when partial dates allow several readings")
    exact: str = Field(description="The unrounded value as a fraction", examples=["3/20"])
    rounding: str
    rendered: dict[str, str] = Field(description="For people: Korean (ko) and English (en)",
                                     examples=[{"ko": "약 15%", "en": "about 15 %"}])
    working: list[str] = Field(description="Each input's exact quantity, then the result")
    inputs: list[FigureInput]
    caveats: list[str]


class UnavailableFigure(Open):
    name: str
    title: str
    formula: str
    unit: str
    reason: str = Field(description="Why the figure cannot be computed for this project")
    inputs: list[dict[str, Any]]


class Scorecard(BaseModel):
    project: ProjectRef
    figures: list[FigureOut]
    unavailable: list[UnavailableFigure]
    statements_against_outcomes: list[dict[str, Any]] = Field(
        description="The project's statements held against facts, each with rating, label, note and evidence")
    method: dict[str, Any] = Field(description="How figures are rounded, bounded and read from partial dates")


class EventDate(Open):
    value: str
    precision: str
    earliest: date
    latest: date
    text: str | None = None


class TimelineEvent(Open):
    kind: str = Field(description="announced, launched, status, statement, figure_reported, figure_period, ended, "
                                  "planned_end. A `status` event has `certainty` (happened, scheduled, announced, "
                                  "abandoned), `status` and `announced` (when it was made known)")
    date: EventDate | None
    fact: dict[str, Any]
    order_certain: bool | None = Field(None, description="False when the date range overlaps another event's")
    citations: list[dict[str, Any]] = Field(description="Only the citations of the field that gives the date "
                                                        "(`field`); undated: those of the whole record")


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


class ComparisonRow(Open):
    name: str
    title: str
    formula: str
    unit: str = Field(description="One unit per row; a cell in another unit is marked not comparable")
    estimate: bool
    values: list[dict[str, Any]] = Field(description="One cell per project, in the order asked; a missing one says why")


class Comparison(BaseModel):
    projects: list[dict[str, Any]]
    figures: list[ComparisonRow]

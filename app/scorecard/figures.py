"""The figures a scorecard knows, declared in one place.

Adding a figure is adding a `Figure` here (and its test): the engine, the API,
compare and the docs read only these declarations. A declaration names the
inputs it needs (see inputs.INPUTS), its formula in words and as a function of
those inputs' quantities, and the unit its result must have ("¤" is the
budget's currency). Units, bounds and rounding are handled by the engine.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from app.scorecard.facts import ProjectFacts
from app.scorecard.inputs import Input
from app.scorecard.quantity import Quantity

Notes = Callable[[ProjectFacts, dict[str, Input]], list[str]]


@dataclass(frozen=True)
class Figure:
    name: str
    title: str
    formula: str
    unit: str
    needs: tuple[str, ...]
    compute: Callable[[SimpleNamespace], Quantity]
    estimate: bool = False
    caveats: tuple[str, ...] = ()  # always true of this figure
    notes: Notes | None = None  # caveats that depend on the data
    rendered_as: tuple[str, str] | None = None  # wording around a rendered amount: (Korean, English)
    one_in: bool = False  # also render a ratio as "one in N"


def _plan_outlives_service(facts: ProjectFacts, inputs: dict[str, Input]) -> list[str]:
    project = facts.project
    planned, ended = inputs["planned"].row, project["end_latest"]
    plan_end = planned["period_end_latest"] or project["planned_end_latest"]
    if ended is None or plan_end is None or plan_end <= ended:
        return []
    how = "is scheduled to end" if project["end_basis"] == "scheduled" else "ended"
    return [f"The plan ran until {planned['period_end'] or project['planned_end']} but the service {how} "
            f"{project['end']}: the ratio sets spending on a shortened project against the whole plan."]


def _periods_unstated(facts: ProjectFacts, inputs: dict[str, Input]) -> list[str]:
    rows = [inputs["usage_rate"].row, inputs["compared_rate"].row]
    if any(row["as_of"] or row["period_start"] or row["period_end"] for row in rows):
        return []
    return ["The source does not say which period either daily figure covers; they are compared as reported."]


FIGURES: tuple[Figure, ...] = (
    Figure(
        name="budget_execution_ratio", title="Share of the planned budget spent",
        formula="amount spent ÷ planned budget", unit="ratio", needs=("spent", "planned"),
        compute=lambda q: q.spent / q.planned, notes=_plan_outlives_service,
    ),
    Figure(
        name="usage_vs_compared_channel", title="Use against the channel it was compared with",
        formula="the project's use per day ÷ the compared channel's use per day", unit="ratio",
        needs=("usage_rate", "compared_rate"), compute=lambda q: q.usage_rate / q.compared_rate,
        notes=_periods_unstated, one_in=True,
    ),
    Figure(
        name="cost_per_day_of_service", title="Cost per day of service",
        formula="amount spent ÷ days of service (start to end, inclusive)", unit="¤/day",
        needs=("spent", "service_days"), compute=lambda q: q.spent / q.service_days,
        caveats=("The whole amount spent, building the service included, divided by the days it was in service.",),
        rendered_as=("하루 {}", "{} per day"),
    ),
    Figure(
        name="cost_per_complaint_handled", title="Cost per complaint handled (estimate)",
        formula="amount spent ÷ (complaints per day × days of service)", unit="¤/count",
        needs=("spent", "usage_rate", "service_days"),
        compute=lambda q: q.spent / (q.usage_rate * q.service_days), estimate=True,
        caveats=(
            "An estimate: the source gives a daily rate, not a total, so the rate is assumed to have held "
            "on every day of service.",
            "All the money spent is set against complaints alone, though the service offered more than complaints.",
        ),
        rendered_as=("민원 1건당 {}", "{} per complaint"),
    ),
    Figure(
        name="lifetime_vs_plan", title="Lifetime against the plan",
        formula="calendar months in service ÷ calendar months planned (start to planned end)", unit="ratio",
        needs=("service_months", "planned_months"), compute=lambda q: q.service_months / q.planned_months,
        caveats=("Counted in whole calendar months, from the start month to the end month inclusive.",),
    ),
)

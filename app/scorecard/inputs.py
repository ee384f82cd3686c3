"""The inputs figures are computed from: each picks one fact (or a project's dates) and says why.

A selector returns an `Input` (a quantity, links to the facts it came from with
their citations, caveats) or a string: the reason the input does not exist.
Nothing is ever filled in with a default.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.scorecard import render
from app.scorecard.facts import ProjectFacts, Row, date_of, fact_url
from app.scorecard.quantity import Quantity
from app.scorecard.units import METRIC_UNITS, Unit


@dataclass
class Input:
    quantity: Quantity
    links: list[dict[str, Any]]
    caveats: list[str] = field(default_factory=list)
    row: Row | None = None


@dataclass(frozen=True)
class InputSpec:
    name: str
    description: str
    select: Callable[[ProjectFacts, str], "Input | str"]


def _latest(rows: list[Row]) -> Row | None:
    """The most recent report: latest as_of (or period end), then the highest id."""
    def key(row: Row) -> tuple[date, int]:
        return (row["as_of_latest"] or row["period_end_latest"] or date.min, row["id"])
    return max(rows, key=key, default=None)


def _budget_link(facts: ProjectFacts, row: Row, role: str, base_url: str) -> dict[str, Any]:
    return {
        "role": role, "type": "budget", "id": row["id"], "url": fact_url(base_url, "budget", row["id"]),
        "field": "amount", "value": row["amount"], "unit": row["currency"], "qualifier": row["qualifier"],
        "text": row["amount_text"], "rendered": render.money(row["amount"], row["currency"], row["qualifier"]),
        "kind": row["kind"], "as_of": date_of(row, "as_of"), "period_end": date_of(row, "period_end"),
        "citations": facts.supporting("budget", row["id"], "amount"),
    }


def _budget(kind: str, role: str) -> Callable[[ProjectFacts, str], Input | str]:
    def select(facts: ProjectFacts, base_url: str) -> Input | str:
        row = _latest([b for b in facts.budgets if b["kind"] == kind])
        if row is None:
            return f"no {kind} budget is recorded for the project"
        quantity = Quantity.of(row["amount"], Unit.parse(row["currency"]), row["qualifier"])
        return Input(quantity, [_budget_link(facts, row, role, base_url)], _report_caveats(facts, row, role), row)
    return select


def _report_caveats(facts: ProjectFacts, row: Row, role: str) -> list[str]:
    """An amount spent that was reported before the end may not be the final cost."""
    if row["kind"] != "spent":
        return []
    project = facts.project
    ended = project["end_latest"]
    if row["as_of"] is None:
        return [f"The date of the {role} report is not recorded, so it may not be the final cost."]
    if ended is None or row["as_of_earliest"] < ended:
        until = ("has not ended" if ended is None else f"is scheduled to end {project['end']}"
                 if project["end_basis"] == "scheduled" else f"ran until {project['end']}")
        wording = f" (\"{row['as_of_text']}\")" if row["as_of_text"] else ""
        return [f"The {role} is reported as of {row['as_of']}{wording} while the service {until}: "
                "it may not be the final cost."]
    return []


def _metric_link(facts: ProjectFacts, row: Row, role: str, base_url: str) -> dict[str, Any]:
    return {
        "role": role, "type": "metric", "id": row["id"], "url": fact_url(base_url, "metric", row["id"]),
        "field": "value", "value": row["value"], "unit": row["unit"], "qualifier": row["qualifier"],
        "text": row["value_text"], "indicator": row["indicator"], "indicator_en": row["indicator_en"],
        "as_of": date_of(row, "as_of"), "citations": facts.supporting("metric", row["id"], "value"),
    }


def _metric_input(facts: ProjectFacts, row: Row, role: str, base_url: str) -> Input:
    unit, per = METRIC_UNITS[row["unit"]]
    quantity = Quantity.of(row["value"], unit, row["qualifier"])
    if per != 1:
        quantity = quantity / Quantity.of(per, Unit())
    return Input(quantity, [_metric_link(facts, row, role, base_url)], row=row)


def usage_metric(facts: ProjectFacts) -> Row | None:
    """The project's own use: an actual count/day metric that no other metric is compared with
    (those are benchmarks), preferring one that names a metric to compare with; lowest id first."""
    benchmarks = {m["compared_with_id"] for m in facts.metrics}
    rates = [m for m in facts.metrics if m["unit"] == "count/day" and m["observation"] == "actual"
             and m["id"] not in benchmarks]
    return min(rates, key=lambda m: (m["compared_with_id"] is None, m["id"]), default=None)


def _usage_rate(facts: ProjectFacts, base_url: str) -> Input | str:
    row = usage_metric(facts)
    if row is None:
        return "no actual count/day metric of the project's own use is recorded"
    return _metric_input(facts, row, "usage rate", base_url)


def _compared_rate(facts: ProjectFacts, base_url: str) -> Input | str:
    row = usage_metric(facts)
    if row is None:
        return "no actual count/day metric of the project's own use is recorded"
    compared = facts.metric(row["compared_with_id"])
    if compared is None:
        return f"the usage metric (metric {row['id']}) names no metric to compare with"
    return _metric_input(facts, compared, "compared channel", base_url)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _period(start: str, end: str, role: str, unit: str) -> Callable[[ProjectFacts, str], Input | str]:
    """A count of days or calendar months between two of the project's partial dates.

    The value uses the widest reading (earliest day of the start, latest day of
    the end, inclusive); the narrowest reading (latest start, earliest end) gives
    the other end of the range. Both are stated.
    """
    def select(facts: ProjectFacts, base_url: str) -> Input | str:
        project = facts.project
        if project[start] is None or project[end] is None:
            missing = start if project[start] is None else end
            return (f"the project has no {missing.replace('_', ' ')} date" if missing != "end" else
                    "the project has no end date (no happened or scheduled end event, no ended date)")
        first, last = project[f"{start}_earliest"], project[f"{end}_latest"]
        late_first, early_last = project[f"{start}_latest"], project[f"{end}_earliest"]
        if last < first:
            return f"the project's {end.replace('_', ' ')} ({project[end]}) is before its {start} ({project[start]})"
        if unit == "day":
            widest, narrowest = (last - first).days + 1, max(1, (early_last - late_first).days + 1)
        else:
            widest = _month_index(last) - _month_index(first) + 1
            narrowest = max(1, _month_index(early_last) - _month_index(late_first) + 1)
        words = "days" if unit == "day" else "calendar months"
        reading = {
            "used": "widest", "from": first, "from_end": "earliest", "to": last, "to_end": "latest", "count": widest,
            "narrowest": {"from": late_first, "to": early_last, "count": narrowest},
            "text": (f"from {first} (earliest day of {start} {project[start]}) to {last} (latest day of "
                     f"{_label(project, end)} {project[end]}), inclusive: {widest} {words}"
                     + ("" if narrowest == widest else
                        f"; the narrowest reading, {late_first} to {early_last}, gives {narrowest}")),
        }
        link = {"role": role, "type": "project", "id": project["id"], "url": fact_url(base_url, "project", project["id"]),
                "fields": [start, end], start: date_of(project, start), end: date_of(project, end),
                "date_reading": reading, "citations": _date_citations(facts, start) + _date_citations(facts, end)}
        if end == "end":
            link |= {"end_basis": project["end_basis"], "end_announced": project["end_announced"]}
        return Input(Quantity.reading(widest, narrowest, widest, unit), [link], _end_caveats(facts, end), row=project)
    return select


def _label(project: Row, name: str) -> str:
    """How a date is named in the working: the end of service says whether it happened or is scheduled."""
    if name != "end":
        return name.replace("_", " ")
    return "scheduled end" if project["end_basis"] == "scheduled" else "ended"


def _date_citations(facts: ProjectFacts, name: str) -> list[Row]:
    """The citations that state one of the project's dates; the end's are its event's when it comes from one."""
    project = facts.project
    if name == "end" and project["end_basis"] in ("happened", "scheduled"):
        return facts.field_citations("project_event", project["end_event_id"], "occurs")
    return facts.field_citations("project", project["id"], "ended" if name == "end" else name)


def _end_caveats(facts: ProjectFacts, end: str) -> list[str]:
    project = facts.project
    if end != "end" or project["end_basis"] != "scheduled":
        return []
    announced = f", announced {project['end_announced']}" if project["end_announced"] else ""
    return [f"The end of service ({project['end']}) is scheduled{announced}, not known to have happened: "
            "the figure is what it will be if the service ends as scheduled."]


INPUTS: dict[str, InputSpec] = {spec.name: spec for spec in (
    InputSpec("spent", "the project's spent budget (latest report)", _budget("spent", "amount spent")),
    InputSpec("planned", "the project's planned budget (latest report)", _budget("planned", "planned budget")),
    InputSpec("usage_rate", "the project's own use per day", _usage_rate),
    InputSpec("compared_rate", "the channel the usage metric is compared with", _compared_rate),
    InputSpec("service_days", "days from start to end of service (happened, else recorded, else scheduled)",
              _period("started", "end", "service period", "day")),
    InputSpec("service_months", "months from start to end of service (happened, else recorded, else scheduled)",
              _period("started", "end", "service period", "month")),
    InputSpec("planned_months", "months from start to the planned end",
              _period("started", "planned_end", "planned lifetime", "month")),
)}

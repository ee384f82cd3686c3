"""A project's life as dated events, ordered correctly although most dates are partial.

Events come from the project's status events (what happened, what was scheduled
or announced and when, plans abandoned: `certainty`), its own dates (announced,
started, ended, planned end; a start or end a status event already places is not
repeated), its statements (stated), and its budgets and metrics (as_of, else the
period's end or start). Facts without any date are listed apart, never placed
at an invented day. Each dated event carries only the citations of the field that
dates it (`citations`); a citation of a whole record supports no date. A figure's
own citations (of its amount or value) are in `figure_citations`.

Total order: the earliest day the date may mean, then the latest (so "2023-01"
comes before "2023"), then precision (finer first), then kind (ORDER_OF_KINDS),
then fact type and id. `order_certain` is false when an event's date range
overlaps another's: their true order is then unknown.
"""

from typing import Any

from sqlmodel import Session

from app.scorecard import render
from app.scorecard.engine import project_summary
from app.scorecard.facts import ProjectFacts, Row, date_of, fact_url, load_facts, resolve_projects
from app.scorecard.outcomes import speaker
from app.services.project_status import status_from_events, today

PROJECT_DATES = (("announced", "announced"), ("started", "launched"), ("ended", "ended"), ("planned_end", "planned_end"))
ORDER_OF_KINDS = ("announced", "launched", "status", "statement", "figure_reported", "figure_period", "ended",
                  "planned_end")
PRECISION_RANK = {"day": 0, "month": 1, "quarter": 2, "year": 3}
FACT_TYPE_RANK = {"project": 0, "project_event": 1, "statement": 2, "budget": 3, "metric": 4}
ORDERING = ("Ordered by the earliest day each date may mean, then its latest day, then precision (day, month, "
            "quarter, year), then kind (" + ", ".join(ORDER_OF_KINDS) + "), then fact type and id. "
            "order_certain is false when an event's date range overlaps another event's.")


def _event(kind: str, when: Row | None, fact_type: str, row: Row, facts: ProjectFacts, base_url: str,
           field: str | None, **detail: Any) -> Row:
    """One entry; dated, it carries the citations of the field that dates it, undated those of the whole record."""
    fact = {"type": fact_type, "id": row["id"], "url": fact_url(base_url, fact_type, row["id"])}
    cited = (facts.field_citations(fact_type, row["id"], field) if when is not None
             else facts.field_citations(fact_type, row["id"], None))
    return {"kind": kind, "date": when, "fact": fact, "field": field, **detail, "citations": cited}


def _status_events(facts: ProjectFacts, base_url: str) -> tuple[list[Row], list[Row]]:
    """Each status event at the date it happens (or was to happen), else at its announcement."""
    events, undated = [], []
    for row in facts.project_events:
        field = "occurs" if row["occurs"] is not None else "announced" if row["announced"] is not None else None
        detail = {"certainty": row["kind"], "status": row["status"], "description": row["description"],
                  "announced": date_of(row, "announced"),
                  "announced_citations": facts.field_citations("project_event", row["id"], "announced")}
        when = date_of(row, field) if field else None
        (events if when else undated).append(_event("status", when, "project_event", row, facts, base_url, field, **detail))
    return events, undated


def _placed_by_status_event(facts: ProjectFacts, field: str) -> bool:
    """A start or end date that a happened status event already shows."""
    value = facts.project[field]
    return any(row["kind"] == "happened" and row["occurs"] == value for row in facts.project_events)


def _figure_date(row: Row) -> tuple[str, str, Row] | None:
    """When a budget or metric belongs on the timeline: reported (as_of), else its period's end or start."""
    for name, kind in (("as_of", "figure_reported"), ("period_end", "figure_period"), ("period_start", "figure_period")):
        if (when := date_of(row, name)) is not None:
            return kind, name, when
    return None


def _figure_detail(facts: ProjectFacts, fact_type: str, row: Row) -> Row:
    """What the figure is (a planned budget stays planned, a target stays a target), with its own citations."""
    if fact_type == "budget":
        return {"budget_kind": row["kind"], "amount": row["amount"], "currency": row["currency"],
                "qualifier": row["qualifier"], "text": row["amount_text"],
                "rendered": render.money(row["amount"], row["currency"], row["qualifier"]),
                "figure_citations": facts.supporting("budget", row["id"], "amount")}
    return {"indicator": row["indicator"], "indicator_en": row["indicator_en"], "value": row["value"],
            "unit": row["unit"], "qualifier": row["qualifier"], "text": row["value_text"],
            "observation": row["observation"], "figure_citations": facts.supporting("metric", row["id"], "value")}


def _events(facts: ProjectFacts, base_url: str) -> tuple[list[Row], list[Row]]:
    project = facts.project
    events, undated = _status_events(facts, base_url)
    for field, kind in PROJECT_DATES:
        if field in ("started", "ended") and _placed_by_status_event(facts, field):
            continue
        if (when := date_of(project, field)) is not None:
            detail = {"status": project["status"], "status_details": project["status_details"]} if kind == "ended" else {}
            events.append(_event(kind, when, "project", project, facts, base_url, field, **detail))
    for row in facts.statements:
        detail = {"statement_kind": row["kind"], "quote": row["quote"], "quote_form": row["quote_form"],
                  "translation_en": row["translation_en"], "speaker": speaker(row)}
        when = date_of(row, "stated")
        target = events if when else undated
        target.append(_event("statement", when, "statement", row, facts, base_url, "stated", **detail))
    for fact_type, rows in (("budget", facts.budgets), ("metric", facts.metrics)):
        for row in rows:
            placed = _figure_date(row)
            kind, field, when = placed or ("figure", None, None)
            target = events if placed else undated
            target.append(_event(kind, when, fact_type, row, facts, base_url, field, **_figure_detail(facts, fact_type, row)))
    return events, undated


def sort_key(event: Row) -> tuple:
    when = event["date"]
    return (when["earliest"], when["latest"], PRECISION_RANK[when["precision"]], ORDER_OF_KINDS.index(event["kind"]),
            FACT_TYPE_RANK[event["fact"]["type"]], event["fact"]["id"])


def order_events(events: list[Row]) -> list[Row]:
    """Sort by `sort_key` and mark events whose range overlaps another's (their true order is unknown)."""
    ordered = sorted(events, key=sort_key)
    latest_so_far = None
    for index, event in enumerate(ordered):
        when = event["date"]
        after_previous = latest_so_far is None or latest_so_far < when["earliest"]
        before_next = index + 1 == len(ordered) or when["latest"] < ordered[index + 1]["date"]["earliest"]
        event["order_certain"] = after_previous and before_next
        latest_so_far = when["latest"] if latest_so_far is None else max(latest_so_far, when["latest"])
    return ordered


def build_timeline(facts: ProjectFacts, base_url: str = "") -> Row:
    events, undated = _events(facts, base_url)
    return {"project": project_summary(facts.project, base_url), "ordering": ORDERING,
            "status": status_from_events(facts.project_events, today()),
            "events": order_events(events), "undated": undated}


def timeline(session: Session, key: str, base_url: str = "") -> Row:
    (project_id,) = resolve_projects(session, [key])
    return build_timeline(load_facts(session, [project_id])[project_id], base_url)

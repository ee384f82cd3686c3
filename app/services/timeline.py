"""A project's life as dated events, ordered correctly although most dates are partial.

Events come from the project's own dates (announced, started, ended, planned
end), its statements (stated), and its budgets and metrics (as_of, else the
period's end or start). Facts without any date are listed apart, never placed
at an invented day.

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

PROJECT_DATES = (("announced", "announced"), ("started", "launched"), ("ended", "ended"), ("planned_end", "planned_end"))
ORDER_OF_KINDS = ("announced", "launched", "statement", "figure_reported", "figure_period", "ended", "planned_end")
PRECISION_RANK = {"day": 0, "month": 1, "quarter": 2, "year": 3}
FACT_TYPE_RANK = {"project": 0, "statement": 1, "budget": 2, "metric": 3}
ORDERING = ("Ordered by the earliest day each date may mean, then its latest day, then precision (day, month, "
            "quarter, year), then kind (" + ", ".join(ORDER_OF_KINDS) + "), then fact type and id. "
            "order_certain is false when an event's date range overlaps another event's.")


def _event(kind: str, when: Row, fact_type: str, row: Row, facts: ProjectFacts, base_url: str, **detail: Any) -> Row:
    fact = {"type": fact_type, "id": row["id"], "url": fact_url(base_url, fact_type, row["id"])}
    return {"kind": kind, "date": when, "fact": fact, **detail, "citations": facts.citations(fact_type, row["id"])}


def _figure_date(row: Row) -> tuple[str, str, Row] | None:
    """When a budget or metric belongs on the timeline: reported (as_of), else its period's end or start."""
    for name, kind in (("as_of", "figure_reported"), ("period_end", "figure_period"), ("period_start", "figure_period")):
        if (when := date_of(row, name)) is not None:
            return kind, name, when
    return None


def _figure_detail(fact_type: str, row: Row) -> Row:
    if fact_type == "budget":
        return {"budget_kind": row["kind"], "amount": row["amount"], "currency": row["currency"],
                "qualifier": row["qualifier"], "text": row["amount_text"],
                "rendered": render.money(row["amount"], row["currency"], row["qualifier"])}
    return {"indicator": row["indicator"], "indicator_en": row["indicator_en"], "value": row["value"],
            "unit": row["unit"], "qualifier": row["qualifier"], "text": row["value_text"]}


def _events(facts: ProjectFacts, base_url: str) -> tuple[list[Row], list[Row]]:
    project, events, undated = facts.project, [], []
    for field, kind in PROJECT_DATES:
        if (when := date_of(project, field)) is not None:
            detail = {"status": project["status"], "status_details": project["status_details"]} if kind == "ended" else {}
            events.append(_event(kind, when, "project", project, facts, base_url, field=field, **detail))
    for row in facts.statements:
        detail = {"statement_kind": row["kind"], "quote": row["quote"], "quote_form": row["quote_form"],
                  "translation_en": row["translation_en"], "speaker": speaker(row)}
        when = date_of(row, "stated")
        target = events if when else undated
        target.append(_event("statement", when, "statement", row, facts, base_url, field="stated", **detail))
    for fact_type, rows in (("budget", facts.budgets), ("metric", facts.metrics)):
        for row in rows:
            placed = _figure_date(row)
            kind, field, when = placed or ("figure", None, None)
            target = events if placed else undated
            target.append(_event(kind, when, fact_type, row, facts, base_url, field=field, **_figure_detail(fact_type, row)))
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
            "events": order_events(events), "undated": undated}


def timeline(session: Session, key: str, base_url: str = "") -> Row:
    (project_id,) = resolve_projects(session, [key])
    return build_timeline(load_facts(session, [project_id])[project_id], base_url)

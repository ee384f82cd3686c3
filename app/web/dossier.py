"""`/projects/{slug}`: a project's dossier, built from the scorecard's and timeline's own services.

The facts are read once (app.scorecard.facts.load_facts, a fixed number of queries) and
given to both builders, so the page shows exactly the figures the API serves, with the
citations those figures carry.
"""

from typing import Any

from sqlmodel import Session
from starlette.datastructures import QueryParams

from app.resources.catalog import budgets, metrics, projects, statements
from app.scorecard.engine import build_scorecard
from app.scorecard.facts import ProjectFacts, load_facts, resolve_projects
from app.scorecard.outcomes import speaker
from app.services import revisions
from app.services.expansion import expand_records
from app.services.timeline import build_timeline
from app.web import charts
from app.web.footnotes import footnotes_for
from app.web.formatting import figure_range
from app.web.home import latest

HISTORY_ITEMS = 20


def _with_citations(facts: ProjectFacts, kind: str, resource: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**resource.to_public(row), "citations": facts.citations(kind, row["id"])} for row in rows]


def load(session: Session, key: str) -> tuple[ProjectFacts, dict[str, Any]]:
    (project_id,) = resolve_projects(session, [key])
    facts = load_facts(session, [project_id])[project_id]
    return facts, build_scorecard(facts)


def dossier(session: Session, key: str) -> dict[str, Any]:
    facts, card = load(session, key)
    project = {**projects.to_public(facts.project), "citations": facts.citations("project", facts.project["id"])}
    expand_records(session, projects, [project], ("organization",))
    budget_items = _with_citations(facts, "budget", budgets, facts.budgets)
    metric_items = _with_citations(facts, "metric", metrics, facts.metrics)
    for metric in metric_items:
        compared = facts.metric(metric["compared_with_id"])
        metric["compared_with"] = None if compared is None else {
            **metrics.to_public(compared), "citations": facts.citations("metric", compared["id"])}
    statement_items = [{**statements.to_public(row), "speaker": speaker(row), "citations": facts.citations("statement", row["id"])}
                       for row in facts.statements]
    outcomes: dict[int, list[dict[str, Any]]] = {}
    for link in card["statements_against_outcomes"]:
        outcomes.setdefault(link["statement"]["id"], []).append(link)
    timeline = build_timeline(facts)
    figures = {figure["name"]: figure for figure in card["figures"]}
    history = revisions.changes_page(session, QueryParams({"project": str(project["id"]), "limit": str(HISTORY_ITEMS)}))
    compared_pair = next(((m, m["compared_with"]) for m in metric_items if m["compared_with"]), (None, None))
    ratio = figures.get("usage_vs_compared_channel")
    return {
        "project": project, "budgets": budget_items, "metrics": metric_items, "statements": statement_items,
        "outcomes": outcomes, "card": card, "figures": figures, "timeline": timeline, "history": history.items,
        "figure_notes": {figure["name"]: figure_notes(figure) for figure in card["figures"]},
        "history_more": history.next_cursor is not None,
        "spent": latest(budget_items, "spent"), "planned": latest(budget_items, "planned"),
        "charts": {"budget": charts.budget_chart(budget_items), "usage": charts.usage_chart(*compared_pair, ratio),
                   "timeline": charts.timeline_chart(timeline["events"])},
        "footnotes": footnotes_for(session, all_citations(facts)),
    }


def figure_notes(figure: dict[str, Any]) -> dict[str, Any]:
    """What the page says beside a figure besides its hedged value: the range partial dates give it, and the
    scheduled end of service it rests on (when the end has not happened)."""
    bounds = figure["range"]
    currency = figure["unit"].split("/")[0] if bounds and isinstance(bounds["low"], int) else None
    period = next((link for link in figure["inputs"] if link.get("end_basis")), None)
    scheduled = period is not None and period["end_basis"] == "scheduled"
    return {"range": figure_range(bounds and bounds["low"], bounds and bounds["high"], currency),
            "scheduled_end": period["end"] if scheduled else None}


def all_citations(facts: ProjectFacts) -> list[list[dict[str, Any]]]:
    return list(facts.shared.citations.values())


def chart(session: Session, key: str, name: str) -> dict[str, Any] | None:
    """One chart of a project, for the embeddable SVG; its caption names the sources of what it draws."""
    page = dossier(session, key)
    drawn = page["charts"].get(name)
    if drawn is None:
        return None
    facts = [bar.get("budget") or bar.get("metric") for bar in drawn.get("bars", [])] + \
        [row["event"] for row in drawn.get("rows", [])]
    sources = sorted({(c["source_title"], c["source_url"]) for fact in facts for c in fact["citations"]})
    return {"chart": {**drawn, "sources": [{"title": title, "url": url} for title, url in sources]},
            "project": page["project"]}


